#!/bin/sh
# Install the Debian packages a task needs, only those that are missing.
#   sh tools/deps.sh build   to build and run xieshang (C and the web front end)
#   sh tools/deps.sh test    to run the test suite (build + test tools)
# Uses apt-get as root and sudo otherwise; quiet, and does nothing when all
# packages are present.
set -eu

BUILD="gcc make pkg-config libc6-dev libmicrohttpd-dev libjansson-dev \
libsqlite3-dev libpq-dev libsodium-dev libopencc-dev libopencc-data libicu-dev \
libqrencode-dev libcsv-dev"
# chromium runs the browser tests (tests/e2e); the font gives its
# screenshots Chinese glyphs.
TEST="$BUILD libcmocka-dev postgresql postgresql-client clang \
libclang-rt-14-dev cppcheck perl curl procps chromium fonts-wqy-microhei sqlite3"

case "${1:-build}" in
  build) want=$BUILD ;;
  test) want=$TEST ;;
  *) echo "usage: sh tools/deps.sh build|test" >&2; exit 64 ;;
esac

missing=""
for p in $want; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing="$missing $p"
  fi
done
# Node.js and npm build the web front end and run the API and browser
# tests. They are checked as commands, not as Debian packages: a Node.js
# from another Debian repository (NodeSource) bundles npm and conflicts
# with Debian's npm package.
if ! command -v node >/dev/null 2>&1; then
  missing="$missing nodejs"
fi
if ! command -v npm >/dev/null 2>&1; then
  missing="$missing npm"
fi

if [ -n "$missing" ]; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  echo "installing Debian packages:$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
    --no-install-recommends $missing >/dev/null
fi

# Vite (web/package.json) needs Node.js 20.19 or later; Debian 12's own
# nodejs package is 18, so say so plainly rather than fail inside npm.
node -e 'const [a, b] = process.versions.node.split(".").map(Number);
process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' || {
  echo "the web front end needs Node.js 20.19 or later; found $(node --version)" >&2
  exit 69
}
