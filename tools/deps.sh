#!/bin/sh
# Install the Debian packages a task needs, only those that are missing.
#   sh tools/deps.sh build   to build and run xieshang
#   sh tools/deps.sh test    to run the test suite (build + test tools)
# Uses apt-get as root and sudo otherwise; quiet, and does nothing when all
# packages are present.
set -eu

BUILD="gcc make pkg-config libc6-dev libmicrohttpd-dev libjansson-dev \
libsqlite3-dev libpq-dev libsodium-dev"
TEST="$BUILD libcmocka-dev postgresql postgresql-client clang \
libclang-rt-14-dev cppcheck perl curl procps sqlite3"

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
# Node.js runs the API tests; any installed node will do.
if [ "${1:-build}" = test ] && ! command -v node >/dev/null 2>&1; then
  missing="$missing nodejs"
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
echo "installing Debian packages:$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
  --no-install-recommends $missing >/dev/null
