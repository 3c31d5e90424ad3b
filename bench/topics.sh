#!/bin/sh
# The topics benchmark (make bench-topics, part of make bench; issue 6 point
# 8). Usage: sh bench/topics.sh BUILD-DIR
#
# 1. Installs nginx-light and wrk from Debian when missing.
# 2. Generates two SQLite data sets with build/bench/gen_topics: a province
#    (14 cities, 180 counties, 2,160 townships, 100k topics, 1M supports)
#    and one county with 100 topics.
# 3. Public topic list (20 items, the first county's subtree, sorted by
#    supports): the API's answer is fetched once and written to nginx's root;
#    wrk (64 connections) then asks the API and nginx for the same bytes, in
#    the same run, at 100k topics and at 100 topics.
# 4. Durable supports per second, SQLite and PostgreSQL (fsync on): the load
#    client posts supports from 64 residents' connections for BENCH_SECONDS;
#    afterwards every acknowledged support is looked for in the database.
# 5. Peak RSS (VmHWM) of the server holding 1,000 open connections with a
#    trickle of requests, for each connection model (thread pool over epoll,
#    thread per connection), with the list's speed under each.
# Every figure is a measurement of this run; targets are printed beside them.
# The table is printed and written to BUILD-DIR/bench/topics.txt.
# Settings (environment): BENCH_SECONDS (default 8) per wrk or load run,
# BENCH_TOPICS (100000), BENCH_SUPPORTS (1000000), BENCH_COUNTIES (180),
# BENCH_SKIP_PG=1 to leave PostgreSQL out.
set -eu

build=${1:-build}
secs=${BENCH_SECONDS:-8}
topics=${BENCH_TOPICS:-100000}
supports=${BENCH_SUPPORTS:-1000000}
counties=${BENCH_COUNTIES:-180}
xs=$build/xieshang
gen=$build/bench/gen_topics
load=$build/bench/load_topics
out=$build/bench/topics.txt
mkdir -p "$build/bench"

# --- 1. tools -------------------------------------------------------------
if ! command -v wrk >/dev/null || ! [ -x /usr/sbin/nginx ]; then
  echo "bench: installing nginx-light and wrk"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    nginx-light wrk >/dev/null
fi
ulimit -n 8192 2>/dev/null || ulimit -n 4096 2>/dev/null || true

work=$(mktemp -d "${TMPDIR:-/tmp}/xieshang-bench.XXXXXX")
chmod 755 "$work"
server_pid=""; nginx_pid=""; pg_dir=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
  [ -n "$pg_dir" ] && sh tests/pg.sh stop "$pg_dir"
  rm -rf "$work"
  true
}
trap cleanup EXIT INT TERM

rows=""
row() { # name, measured, target, verdict
  rows="$rows$(printf '%-50s %14s %14s  %s' "$1" "$2" "$3" "$4")
"
  printf '  %-50s %14s %14s  %s\n' "$1" "$2" "$3" "$4"
}
verdict() { # value op target -> PASS/MISS
  awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN {
    ok = (op == ">=") ? (v + 0 >= t + 0) : (v + 0 <= t + 0);
    print (v == "" || v == "-") ? "MISS" : (ok ? "PASS" : "MISS") }'
}

# Start the server on a database with extra flags; sets server_pid, addr.
serve() { # db-url log [flags...]
  db=$1; log=$2; shift 2
  "$xs" serve --db "$db" --listen 127.0.0.1:0 "$@" >"$work/serve.out" 2>"$log" &
  server_pid=$!
  for _ in $(seq 1 200); do
    addr=$(sed -n 's|^xieshang listening on http://||p' "$work/serve.out")
    [ -n "$addr" ] && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "bench: the server did not start:"; tail -5 "$log"; exit 1
}
stop_server() {
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
}

# wrk at 64 connections: prints "requests/s p99-ms".
run_wrk() { # url
  wrk -t2 -c64 -d"${secs}s" --latency "$1" >"$work/wrk.out" 2>&1 || true
  awk '/Requests\/sec:/ { rps = $2 }
       $1 == "99%" { v = $2; ms = v + 0;
         if (v ~ /us$/) ms = ms / 1000; else if (v ~ /ms$/) ms = ms;
         else if (v ~ /s$/) ms = ms * 1000; p99 = ms }
       /Non-2xx/ { bad = $NF }
       END { if (bad != "") rps = 0; printf "%s %s\n", rps + 0, p99 + 0 }' \
    "$work/wrk.out"
}

free_port() {
  perl -MIO::Socket::INET -e \
    'print IO::Socket::INET->new(Listen=>1,LocalAddr=>"127.0.0.1",LocalPort=>0)->sockport'
}

start_nginx() {
  mkdir -p "$work/www"
  nginx_port=$(free_port)
  cat >"$work/nginx.conf" <<EOF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx.err warn;
daemon off;
events { worker_connections 4096; }
http {
  access_log $work/nginx.access;
  default_type application/json;
  sendfile on;
  tcp_nopush on;
  open_file_cache max=64 inactive=60s;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
    location / { try_files \$uri =404; }
  }
}
EOF
  /usr/sbin/nginx -c "$work/nginx.conf" -p "$work" 2>>"$work/nginx.err" &
  nginx_pid=$!
  echo ok >"$work/www/ping"
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$nginx_port/ping" >/dev/null && return 0
    kill -0 "$nginx_pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "bench: nginx did not start:"; cat "$work/nginx.err"; exit 1
}

echo "xieshang topics benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores; figures are from this run"

# --- 2. data sets -----------------------------------------------------------
echo "bench: generating $topics topics, $supports supports, $counties counties"
"$gen" "sqlite:$work/big.db" "$counties" "$topics" "$supports" 2048 \
  "$work/big" 2>/dev/null
. "$work/big.info"; big_county=$COUNTY_ID; big_secs=$GEN_SECONDS
"$gen" "sqlite:$work/small.db" 1 100 1000 2048 "$work/small" 2>/dev/null
. "$work/small.info"; small_county=$COUNTY_ID
cp "$work/small.db" "$work/supports.db"
echo "bench: generated in ${big_secs}s"

start_nginx
list_path() { echo "/api/v1/topics?unit=$1&limit=20"; }

# --- 3. public list, each connection model, each data set ------------------
list_figures() { # label db county model -> sets api_rps api_p99 ngx_rps
  lbl=$1
  serve "sqlite:$2" "$work/serve-$1.log" --connection-model "$4"
  path=$(list_path "$3")
  code=$(curl -s -o "$work/www/topics-$1.json" -w '%{http_code}' \
    "http://$addr$path")
  if [ "$code" != 200 ]; then
    echo "bench: GET $path answered $code: $(head -c 300 "$work/www/topics-$1.json")"
    api_rps=0; api_p99=-; ngx_rps=0; stop_server; return
  fi
  set -- $(run_wrk "http://$addr$path"); api_rps=$1; api_p99=$2
  set -- $(run_wrk "http://127.0.0.1:$nginx_port/topics-$lbl.json")
  ngx_rps=$1
  stop_server
}

echo "bench: public topic list (wrk, 64 connections, ${secs}s each)"
for model in pool thread; do
  label=big-$model; list_figures "$label" "$work/big.db" "$big_county" "$model"
  eval "big_${model}_rps=$api_rps big_${model}_p99=$api_p99 big_${model}_ngx=$ngx_rps"
done
label=small-pool; list_figures "$label" "$work/small.db" "$small_county" pool
small_rps=$api_rps; small_ngx=$ngx_rps
items=$(grep -o '"id":' "$work/www/topics-big-pool.json" 2>/dev/null | wc -l)
bytes=$(wc -c <"$work/www/topics-big-pool.json" 2>/dev/null || echo 0)

# --- 4. durable supports ----------------------------------------------------
support_run() { # label db-url tokens targets -> sets sup_rate sup_check
  serve "$2" "$work/serve-$1.log"
  "$load" warm "$addr" "$3" 16 >/dev/null || echo "bench: warm-up had failures"
  "$load" supports "$addr" "$3" "$4" "$secs" 64 "$work/acks-$1" \
    >"$work/load-$1.out"
  stop_server
  sup_rate=$(sed -n 's/.*rate=\([0-9]*\).*/\1/p' "$work/load-$1.out")
  sup_check=$("$load" verify "$2" "$3" "$work/acks-$1" 2>/dev/null || true)
  echo "  $1: $(cat "$work/load-$1.out"); check: $sup_check"
}
echo "bench: durable supports (64 clients, ${secs}s each)"
support_run sqlite "sqlite:$work/supports.db" "$work/small.tokens" \
  "$work/small.targets"
sqlite_rate=${sup_rate:-0}; sqlite_check=$sup_check
pg_rate=""; pg_check="skipped"
if [ "${BENCH_SKIP_PG:-0}" != 1 ]; then
  pg_dir="$work/pg"
  pg_url=$(XIESHANG_PG_DURABLE=1 sh tests/pg.sh start "$pg_dir")
  "$gen" "$pg_url" 1 100 1000 2048 "$work/pg" 2>/dev/null
  support_run postgres "$pg_url" "$work/pg.tokens" "$work/pg.targets"
  pg_rate=${sup_rate:-0}; pg_check=$sup_check
  sh tests/pg.sh stop "$pg_dir"; pg_dir=""
fi

# --- 5. memory with 1,000 open connections ---------------------------------
rss_run() { # model connection-memory -> sets rss_mb
  serve "sqlite:$work/big.db" "$work/serve-rss-$1.log" --connection-model "$1" \
    --connection-memory "$2"
  idle_out=$("$load" idle "$addr" 1000 "$secs" "$(list_path "$big_county")")
  rss_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$server_pid/status")
  stop_server
  rss_mb=$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')
  echo "  $1, $2 bytes a connection: $idle_out, VmHWM ${rss_mb} MB"
}
echo "bench: peak RSS with 1,000 open connections"
rss_run pool 32768; pool_rss=$rss_mb
rss_run pool 8192; pool8_rss=$rss_mb
rss_run thread 32768; thread_rss=$rss_mb

# --- the table --------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
big_ratio=$(ratio "$big_pool_rps" "$big_pool_ngx")
small_ratio=$(ratio "$small_rps" "$small_ngx")
scale=$(ratio "$big_ratio" "$small_ratio")
echo
echo "Figures ($topics topics in $counties counties; list = $items items, $bytes bytes; wrk 64 connections)"
printf '  %-50s %14s %14s  %s\n' "measure" "measured" "target" "verdict"
row "list 100k: API req/s (pool model)" "$big_pool_rps" "" ""
row "list 100k: nginx req/s, same bytes" "$big_pool_ngx" "" ""
row "list 100k: API / nginx" "$big_ratio" ">= 0.50" "$(verdict "$big_ratio" ">=" 0.5)"
row "list 100k: API p99 ms" "$big_pool_p99" "<= 10" "$(verdict "$big_pool_p99" "<=" 10)"
row "list 100: API / nginx" "$small_ratio" "" ""
row "list: (100k ratio) / (100 ratio)" "$scale" ">= 0.90" "$(verdict "$scale" ">=" 0.9)"
row "list 100k: API req/s, thread per connection" "$big_thread_rps" "" ""
row "list 100k: thread-per-connection / pool" "$(ratio "$big_thread_rps" "$big_pool_rps")" "" "(info)"
row "supports/s SQLite, durable" "$sqlite_rate" ">= 5000" "$(verdict "$sqlite_rate" ">=" 5000)"
row "  every acknowledged support stored" "$(echo "$sqlite_check" | grep -q 'missing=0 counts_off=0' && echo yes || echo NO)" "yes" "$(echo "$sqlite_check" | grep -q 'missing=0 counts_off=0' && echo PASS || echo MISS)"
if [ "$pg_check" != skipped ]; then
  row "supports/s PostgreSQL, durable" "$pg_rate" ">= 3000" "$(verdict "$pg_rate" ">=" 3000)"
  row "  every acknowledged support stored" "$(echo "$pg_check" | grep -q 'missing=0 counts_off=0' && echo yes || echo NO)" "yes" "$(echo "$pg_check" | grep -q 'missing=0 counts_off=0' && echo PASS || echo MISS)"
else
  row "supports/s PostgreSQL, durable" "skipped" ">= 3000" "MISS"
fi
row "peak RSS MB, 1,000 connections (default)" "$pool_rss" "<= 30" "$(verdict "$pool_rss" "<=" 30)"
row "  same, --connection-memory 8192" "$pool8_rss" "<= 30" "$(verdict "$pool8_rss" "<=" 30)"
row "  same, --connection-model thread" "$thread_rss" "" "(info)"
{
  echo "xieshang topics benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
  echo "data: $topics topics, $supports supports, $counties counties (generated in ${big_secs}s); list: $items items, $bytes bytes"
  printf '%-50s %14s %14s  %s\n' "measure" "measured" "target" "verdict"
  printf '%s' "$rows"
  echo "supports checks: sqlite: $sqlite_check; postgres: $pg_check"
} >"$out"
echo "written to $out"
