#!/usr/bin/env bash
# Builds docker-guard the way nix/package.nix does, in a source tree that has no node_modules:
# lays out node_modules/<name> by copying the given source trees (no package manager, no
# network), then runs scripts/build.sh with the remaining arguments.
#
#   scripts/nix-build.sh --dep NAME=DIR [--dep NAME=DIR …] -- <scripts/build.sh arguments>
#
# nix/package.nix runs exactly this command in its buildPhase, with DIR the fixed-output fetches
# of nix/deps.json; test/nix/package-build.test.ts runs it outside Nix on a copy of the tree, so
# a broken command line or a dependency missing from nix/deps.json fails the test suite too.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
deps=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dep) [ $# -ge 2 ] || { echo "nix-build.sh: --dep needs NAME=DIR" >&2; exit 64; }; deps+=("$2"); shift 2 ;;
    --) shift; break ;;
    *) echo "nix-build.sh: unknown argument: $1 (build.sh arguments go after --)" >&2; exit 64 ;;
  esac
done
if [ -e "$here/node_modules" ]; then
  # Never mix: a node_modules from a package manager would hide a dependency missing from deps.json.
  echo "nix-build.sh: $here/node_modules already exists; this script lays it out itself (run it on a clean copy)" >&2
  exit 1
fi
mkdir -p "$here/node_modules"
for dep in ${deps[@]+"${deps[@]}"}; do
  name=${dep%%=*}
  dir=${dep#*=}
  case "$name" in
    "" | *[!a-z0-9._-]* | .*) echo "nix-build.sh: bad package name in --dep $dep" >&2; exit 64 ;;
  esac
  [ -f "$dir/package.json" ] || { echo "nix-build.sh: $dir (for $name) has no package.json" >&2; exit 1; }
  cp -R "$dir" "$here/node_modules/$name"
  # Store paths are read-only; the copies need not be.
  chmod -R u+w "$here/node_modules/$name"
done
exec bash "$here/scripts/build.sh" "$@"
