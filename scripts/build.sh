#!/usr/bin/env bash
# Compiles docker-guard into one binary, `docker-guard`, with a `docker` symlink beside it.
# The real docker's absolute path and the policy path are fixed here, at build time: nothing at
# run time (no environment variable, no flag of the shim) can change them.
#
#   scripts/build.sh [--real-docker PATH] [--policy-path PATH] [--out DIR] [--bun PATH]
#                    [--force-ffi-exec]   (tests only: take the bun < 1.4 execve path)
#
# --real-docker defaults to `command -v docker` at build time, resolved to a real path; a
# docker-guard binary is refused (the shim would exec itself forever).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
real_docker=""
policy_path="/etc/docker-guard/policy.json"
out="$here/dist"
bun="$here/node_modules/.bin/bun"
force_ffi=0
while [ $# -gt 0 ]; do
  case "$1" in
    --real-docker) real_docker=$2; shift 2 ;;
    --policy-path) policy_path=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --bun) bun=$2; shift 2 ;;
    --force-ffi-exec) force_ffi=1; shift ;;
    *) echo "build.sh: unknown argument: $1" >&2; exit 64 ;;
  esac
done
if [ -z "$real_docker" ]; then
  real_docker=$(command -v docker || true)
  [ -n "$real_docker" ] || { echo "build.sh: no docker on PATH; pass --real-docker /abs/path" >&2; exit 1; }
  real_docker=$(readlink -f "$real_docker")
fi
case "$real_docker" in /*) ;; *) echo "build.sh: --real-docker must be an absolute path: $real_docker" >&2; exit 64 ;; esac
case "$policy_path" in /*) ;; *) echo "build.sh: --policy-path must be an absolute path: $policy_path" >&2; exit 64 ;; esac
[ -x "$real_docker" ] || { echo "build.sh: real docker is not an executable file: $real_docker" >&2; exit 1; }
if grep -q 'docker-guard: refusing to exec itself' "$real_docker" 2>/dev/null; then
  echo "build.sh: $real_docker is a docker-guard binary, not the real docker; pass --real-docker" >&2
  exit 1
fi
# bun itself evaluates the two small expressions, so the build needs nothing but bun (Nix too).
version=$("$bun" -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).version)' "$here/package.json")
json() { "$bun" -e 'console.log(JSON.stringify(process.argv[1]))' "$1"; }
mkdir -p "$out"
cd "$here"
# Data the binary would otherwise rebuild on every call (the command tree, the built-in policy in
# canonical form), computed here by the same code (src/precompute.ts).
{ read -r tree_root; read -r tree_subtrees; read -r default_policy; } < <("$bun" src/precompute.ts)
[ -n "$default_policy" ] || { echo "build.sh: src/precompute.ts printed nothing" >&2; exit 1; }
# The shim runs its code once and execs: JIT compilation is wasted work (about 2 ms and 4 MiB per
# call, see bench/). Older bun (nixpkgs' 1.3.x) has no such flag.
jit=()
if "$bun" build --help 2>/dev/null | grep -q -- '--compile-jit-policy'; then jit=(--compile-jit-policy 1000); fi
"$bun" build src/main.ts --compile --minify --bytecode "${jit[@]}" \
  --no-compile-autoload-dotenv --no-compile-autoload-bunfig \
  --define "DOCKER_GUARD_REAL_DOCKER=$(json "$real_docker")" \
  --define "DOCKER_GUARD_POLICY_PATH=$(json "$policy_path")" \
  --define "DOCKER_GUARD_VERSION=$(json "$version")" \
  --define "DOCKER_GUARD_FORCE_FFI_EXEC=$(json "$force_ffi")" \
  --define "DOCKER_GUARD_TREE_ROOT=$tree_root" \
  --define "DOCKER_GUARD_TREE_SUBTREES=$tree_subtrees" \
  --define "DOCKER_GUARD_DEFAULT_POLICY=$default_policy" \
  --outfile "$out/docker-guard" >&2
ln -sfn docker-guard "$out/docker"
echo "$out/docker-guard"
