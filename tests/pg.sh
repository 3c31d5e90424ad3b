#!/bin/sh
# A throw-away PostgreSQL server for the tests, on a free loopback port.
#   sh tests/pg.sh start DIR   create and start a cluster in DIR; prints its
#                              admin URL (postgres://...@127.0.0.1:PORT/postgres)
#   sh tests/pg.sh stop DIR    stop it and remove DIR
# XIESHANG_PG_DURABLE=1 keeps fsync on (benchmarks of durable writes).
# PostgreSQL refuses to run as root, so as root the server runs as the
# 'postgres' system user that Debian's package creates.
set -eu

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bindir" ] || { echo "PostgreSQL server is not installed" >&2; exit 69; }
cmd=${1:-}; dir=${2:-}
[ -n "$dir" ] || { echo "usage: sh tests/pg.sh start|stop DIR" >&2; exit 64; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  # Ask the kernel for a free port by binding port 0.
  perl -MIO::Socket::INET -e \
    'print IO::Socket::INET->new(Listen=>1,LocalAddr=>"127.0.0.1",LocalPort=>0)->sockport'
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U xieshang --auth=trust \
      --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    port=$(free_port)
    # Tests need no durability; the benchmark of durable writes
    # (XIESHANG_PG_DURABLE=1) keeps PostgreSQL's defaults: fsync at commit.
    fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ "${XIESHANG_PG_DURABLE:-0}" = 1 ] && fast=""
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $fast \
          -c max_connections=300" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgres://xieshang@127.0.0.1:$port/postgres"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: sh tests/pg.sh start|stop DIR" >&2; exit 64 ;;
esac
