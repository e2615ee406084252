#!/usr/bin/env bash
# Recomputes the hashes in nix/deps.json from git snapshots of the dependencies' repositories and
# writes each tagged tree to OUT_DIR/<name> (the trees nix/package.nix gets from fetchFromGitHub).
#
#   DOCKER_GUARD_GIT_MIRRORS=DIR scripts/nix-dep-trees.sh OUT_DIR
#
# DIR holds a git clone (bare or not) of each repository as <owner>+<repo>/repo, <owner>/<repo>,
# <owner>/<repo>.git, <repo> or <repo>.git. For each dependency it:
#   1. refuses a tag whose tree has .gitattributes with export-ignore or export-subst: GitHub's
#      tarball (what fetchFromGitHub hashes) is `git archive` of the tag, and those attributes are
#      the only way the two differ;
#   2. extracts `git archive <tag>` into OUT_DIR/<name>;
#   3. hashes it as Nix does (NAR serialisation, sha256, SRI) and compares with nix/deps.json.
# Exit: 0 every hash matches; 1 a mismatch or error; 77 skipped (no snapshots, or no nix).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
[ $# -eq 1 ] || { echo "usage: DOCKER_GUARD_GIT_MIRRORS=DIR nix-dep-trees.sh OUT_DIR" >&2; exit 64; }
out=$1
mirrors=${DOCKER_GUARD_GIT_MIRRORS:-}
if [ -z "$mirrors" ] || [ ! -d "$mirrors" ]; then
  echo "nix-dep-trees.sh: skipped: DOCKER_GUARD_GIT_MIRRORS does not name a directory of git snapshots" >&2
  exit 77
fi
command -v nix >/dev/null || { echo "nix-dep-trees.sh: skipped: no nix command (Debian: apt-get install nix-bin)" >&2; exit 77; }
nixhash() { nix --extra-experimental-features nix-command hash path --type sha256 "$1"; }

# name owner repo tag hash, one dependency a line.
specs=$(node -e '
  const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const [n, s] of Object.entries(d)) console.log([n, s.owner, s.repo, s.tag, s.hash].join(" "));
' "$here/nix/deps.json")

mkdir -p "$out"
status=0
while read -r name owner repo tag hash; do
  gitdir=""
  for c in "$mirrors/$owner+$repo/repo" "$mirrors/$owner/$repo" "$mirrors/$owner/$repo.git" "$mirrors/$repo" "$mirrors/$repo.git"; do
    if [ -d "$c" ] && git -C "$c" rev-parse --git-dir >/dev/null 2>&1; then gitdir=$c; break; fi
  done
  if [ -z "$gitdir" ]; then
    echo "nix-dep-trees.sh: skipped: no git snapshot of $owner/$repo under $mirrors" >&2
    exit 77
  fi
  commit=$(git -C "$gitdir" rev-parse --verify --quiet "refs/tags/$tag^{commit}") \
    || { echo "nix-dep-trees.sh: $owner/$repo has no tag $tag" >&2; status=1; continue; }
  attrs=$(git -C "$gitdir" ls-tree -r --name-only "$commit" | grep -E '(^|/)\.gitattributes$' || true)
  for f in $attrs; do
    if git -C "$gitdir" show "$commit:$f" | grep -qE 'export-(ignore|subst)'; then
      echo "nix-dep-trees.sh: $owner/$repo $tag: $f uses export-ignore/export-subst, so GitHub's tarball differs from git archive; hash the tarball instead" >&2
      status=1
    fi
  done
  rm -rf "${out:?}/$name"
  mkdir -p "$out/$name"
  git -C "$gitdir" archive --format=tar "$commit" | tar -x -C "$out/$name"
  got=$(nixhash "$out/$name")
  if [ "$got" = "$hash" ]; then
    echo "$name $owner/$repo $tag ($commit): $got matches nix/deps.json"
  else
    echo "nix-dep-trees.sh: $name $owner/$repo $tag: tree hashes to $got, nix/deps.json says $hash" >&2
    status=1
  fi
done <<<"$specs"
exit "$status"
