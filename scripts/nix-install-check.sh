#!/usr/bin/env bash
# Proves a built docker-guard still carries its own program (and not just the bun runtime it was
# compiled into: strip turns a Bun-compiled binary back into the plain bun CLI) and that the paths
# fixed at build time are the expected ones.
#
#   scripts/nix-install-check.sh BIN_DIR VERSION REAL_DOCKER POLICY_PATH
#
# nix/package.nix runs it as its installCheckPhase on $out/bin; test/nix/package-build.test.ts
# runs it on the binary it builds outside Nix. It needs no docker daemon and no network.
set -euo pipefail
[ $# -eq 4 ] || { echo "usage: nix-install-check.sh BIN_DIR VERSION REAL_DOCKER POLICY_PATH" >&2; exit 64; }
bin=$1 version=$2 real_docker=$3 policy_path=$4
fail() { echo "nix-install-check: FAIL: $*" >&2; exit 1; }

[ -x "$bin/docker-guard" ] || fail "$bin/docker-guard is not an executable"
[ "$(readlink "$bin/docker")" = docker-guard ] || fail "$bin/docker is not a symlink to docker-guard"

# 1. Its own code answers (a stripped binary would print bun's version or help instead).
got=$("$bin/docker-guard" --version) || fail "docker-guard --version exited $?"
[ "$got" = "docker-guard $version" ] || fail "docker-guard --version printed '$got', expected 'docker-guard $version'"

# 2. The build-time constants.
usage=$("$bin/docker-guard" --help) || fail "docker-guard --help exited $?"
grep -qxF "Real docker: $real_docker" <<<"$usage" || fail "the real docker baked in is not $real_docker: $usage"
grep -qxF "Policy file: $policy_path" <<<"$usage" || fail "the policy path baked in is not $policy_path: $usage"

# 3. The policy validator (what the NixOS module runs on the rendered policy.json).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%s\n' '{ "users": ["ai-worker"], "groups": [] }' >"$tmp/good.json"
printf '%s\n' '{ "users": ["ai-worker"], "alow": ["ps"] }' >"$tmp/bad.json"
"$bin/docker-guard" validate "$tmp/good.json" >/dev/null || fail "docker-guard validate rejected a minimal valid policy"
rc=0
"$bin/docker-guard" validate "$tmp/bad.json" >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 78 ] || fail "docker-guard validate on a policy with an unknown key exited $rc, expected 78"

# 4. The shim itself, under its `docker` name: with no policy file the built-in default restricts
#    everyone and refuses `exec` before any docker is run. Skipped where a policy file exists
#    (a build without the sandbox on a host that has one): its users decide.
if [ ! -e "$policy_path" ]; then
  rc=0
  err=$("$bin/docker" exec some-container true 2>&1 >/dev/null) || rc=$?
  [ "$rc" -eq 77 ] || fail "docker exec (built-in policy) exited $rc, expected 77: $err"
  grep -qF 'docker-guard: refused' <<<"$err" || fail "docker exec was refused without docker-guard's message: $err"
else
  echo "nix-install-check: $policy_path exists here: skipping the built-in-policy refusal check" >&2
fi
echo "nix-install-check: ok: docker-guard $version, real docker $real_docker, policy $policy_path"
