#!/usr/bin/env bash
# Evaluates nix/module.nix (with nixpkgs' real lib.evalModules and stub NixOS option
# declarations), nix/package.nix, nix/tests/vm.nix's machine and flake.nix's outputs, and checks
# the rendered policy.json and sudoers text: nix/tests/eval-module.nix holds the checks.
#
#   scripts/nix-eval-module.sh [NIXPKGS_LIB_DIR] [--json]
#
# NIXPKGS_LIB_DIR (or $NIXPKGS_LIB): a checkout of nixpkgs or of nix-community/nixpkgs.lib, i.e.
# a directory with lib/default.nix. Needs nix-instantiate (Debian's nix-bin is enough); no
# network, nothing written to the store (--readonly-mode).
# Exit: 0 all checks passed; 1 a check failed; 77 skipped (no nixpkgs lib or no nix-instantiate).
# --json prints the driver's result (checks passed, rendered policies, sudoers texts) on stdout.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${NIXPKGS_LIB:-}
json=false
for arg in "$@"; do
  case "$arg" in
    --json) json=true ;;
    -*) echo "nix-eval-module.sh: unknown option $arg" >&2; exit 64 ;;
    *) dir=$arg ;;
  esac
done
if [ -z "$dir" ]; then
  echo "nix-eval-module.sh: skipped: no nixpkgs lib given (pass a nixpkgs or nixpkgs.lib checkout, or set NIXPKGS_LIB)" >&2
  exit 77
fi
if ! command -v nix-instantiate >/dev/null; then
  echo "nix-eval-module.sh: skipped: nix-instantiate is not installed (Debian: apt-get install nix-bin)" >&2
  exit 77
fi
dir=$(cd "$dir" && pwd)
[ -f "$dir/lib/default.nix" ] || { echo "nix-eval-module.sh: $dir/lib/default.nix does not exist: not a nixpkgs(.lib) checkout" >&2; exit 64; }

out=$(nix-instantiate --eval --strict --json --readonly-mode \
  "$here/nix/tests/eval-module.nix" --arg lib "import $dir/lib") || exit 1
if $json; then
  printf '%s\n' "$out"
elif command -v node >/dev/null; then
  printf '%s' "$out" | node -e '
    const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
    for (const n of r.passed) console.log(`ok - ${n}`);
    for (const [n, why] of Object.entries(r.skipped)) console.log(`skipped - ${n}: ${why}`);'
  echo "nix-eval-module.sh: all checks passed (nixpkgs lib: $dir)"
else
  printf '%s\n' "$out"
  echo "nix-eval-module.sh: all checks passed (nixpkgs lib: $dir)"
fi
