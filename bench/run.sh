#!/usr/bin/env bash
# `npm run bench`: docker-guard's overhead benchmark (see bench/bench.ts). Arguments are passed on:
#   npm run bench -- --rounds-trivial 200 --rounds-docker 80 --investigate
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bun="$here/node_modules/.bin/bun"
[ -x "$bun" ] || { echo "bench: $bun is missing: run npm ci first" >&2; exit 1; }
# bench/measure.c (fork + execve + wait4: wall time and ru_maxrss of each run) needs a C compiler.
if ! command -v cc >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1 && ! command -v clang >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bench: no C compiler; installing gcc with apt-get" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc libc6-dev >/dev/null ||
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc libc6-dev >/dev/null; }
  else
    echo "bench: needs a C compiler (cc, gcc or clang) for bench/measure.c" >&2
    exit 1
  fi
fi
cd "$here"
exec "$bun" bench/bench.ts "$@"
