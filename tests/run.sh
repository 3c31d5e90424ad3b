#!/bin/sh
# Run every unit and API test against the binaries in BUILD (default
# build), on SQLite and on PostgreSQL, then the web front end's own tests
# and the browser tests (tests/e2e: Chromium against BUILD's server with a
# fresh SQLite demo database and the built web/dist). Starts a throw-away
# PostgreSQL server on a free loopback port and stops it afterwards,
# whatever happens.
#   sh tests/run.sh [BUILD]
# The browser tests run under `make sanitize` too: driving the server
# under AddressSanitizer from a real browser costs well under a minute.
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

pgdir=$(mktemp -d /tmp/xieshang-pg.XXXXXX)
cleanup() { sh tests/pg.sh stop "$pgdir"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

XIESHANG_TEST_PG=$(sh tests/pg.sh start "$pgdir") || { echo "cannot start PostgreSQL" >&2; exit 1; }
export XIESHANG_TEST_PG
export XIESHANG_TEST_REQUIRE_PG=1
export XIESHANG_BIN="$root/$build/xieshang"
echo "PostgreSQL for tests: $XIESHANG_TEST_PG"

failed=""
for t in "$build"/tests/test_*; do
  [ -x "$t" ] || continue
  echo "== unit: $(basename "$t")"
  "$t" || failed="$failed $(basename "$t")"
done

for backend in sqlite postgres; do
  echo "== api tests on $backend"
  XIESHANG_TEST_BACKEND=$backend node --test --test-concurrency=2 tests/api/ \
    || failed="$failed api/$backend"
done

echo "== web front end: catalogues and API client"
(cd web && node --test tests/) || failed="$failed web"

# One backend is enough here: the API tests cover both, and the browser
# tests are about the pages.
# The screenshots folder is emptied first, so that it shows this run only.
echo "== browser tests (Chromium, sqlite)"
shots="$root/tests/out/screenshots"
if [ -f web/dist/index.html ]; then
  rm -rf "$shots"
  XIESHANG_TEST_BACKEND=sqlite node --test --test-concurrency=2 tests/e2e/ \
    || failed="$failed e2e"
  echo "screenshots of the key pages ($(ls "$shots" 2>/dev/null | wc -l) files): $shots/"
else
  echo "web/dist is not built: run make web/dist" >&2
  failed="$failed e2e(no-web/dist)"
fi

if [ -n "$failed" ]; then
  echo "FAILED:$failed"
  [ -d "$shots" ] && echo "screenshots: $shots/"
  exit 1
fi
echo "all tests passed on sqlite and postgres"
[ -d "$shots" ] && echo "screenshots: $shots/"
exit 0
