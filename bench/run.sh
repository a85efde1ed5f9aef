#!/usr/bin/env bash
# Runs every bench against freshly started API processes and prints their JSON results, with the
# peak resident memory (VmHWM) of each API process. Needs `npm run build` first.
#
#   bash bench/run.sh single     one process on the embedded PostgreSQL (what `npm start` runs)
#   bash bench/run.sh cluster    two processes on PostgreSQL + Redis (DATABASE_URL, REDIS_URL below);
#                                sockets connect to node B, posts go through node A
#
# BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/praxis_bench, recreated) and
# BENCH_REDIS_URL (default redis://127.0.0.1:6379) choose the servers of the cluster run.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-single}
admin_email=bench-admin@praxis.local
admin_password="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Benches make thousands of requests as one member: lift the per-user limits, keep everything else.
limits=(RATE_LIMIT_LOGIN_PER_IP=1000/1m RATE_LIMIT_THREADS_PER_USER=100000/1m RATE_LIMIT_POSTS_PER_USER=100000/1m)

start_node() { # name port extra-env...
  local name=$1 port=$2
  shift 2
  env "${limits[@]}" PORT="$port" HOST=127.0.0.1 ADMIN_EMAIL="$admin_email" ADMIN_PASSWORD="$admin_password" \
    SEED_DEMO=false LOG_LEVEL=warn JWT_SECRET="$jwt" "$@" node apps/api/dist/main.js >"$work/$name.log" 2>&1 &
  pids+=($!)
  echo "$!" >"$work/$name.pid"
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/api/ready" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "node $name did not become ready:" >&2
  cat "$work/$name.log" >&2
  exit 1
}

peak_memory() { # name
  local pid
  pid=$(cat "$work/$1.pid")
  awk -v name="$1" '/VmHWM|VmRSS/ { printf "%s %s %d MiB\n", name, $1, $2 / 1024 }' "/proc/$pid/status"
}

jwt=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')
export ADMIN_EMAIL=$admin_email ADMIN_PASSWORD=$admin_password
case "$mode" in
  single)
    start_node a 3310 DATA_DIR="$work/data"
    peak_memory a
    API_URL=http://127.0.0.1:3310 node bench/realtime-fanout.mjs
    peak_memory a
    API_URL=http://127.0.0.1:3310 node bench/http-read.mjs
    peak_memory a
    ;;
  cluster)
    db_url=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/praxis_bench}
    redis_url=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}
    db_name=${db_url##*/}
    psql "${db_url%/*}/postgres" -qc "DROP DATABASE IF EXISTS $db_name WITH (FORCE)" -c "CREATE DATABASE $db_name"
    prefix="praxis-bench-$$"
    start_node a 3311 DATA_DIR="$work/a" DATABASE_URL="$db_url" REDIS_URL="$redis_url" REDIS_PREFIX="$prefix"
    start_node b 3312 DATA_DIR="$work/b" DATABASE_URL="$db_url" REDIS_URL="$redis_url" REDIS_PREFIX="$prefix"
    API_URL=http://127.0.0.1:3311 SUBSCRIBE_URL=http://127.0.0.1:3312 node bench/realtime-fanout.mjs
    peak_memory a
    peak_memory b
    API_URL=http://127.0.0.1:3311 node bench/http-read.mjs
    peak_memory a
    psql "${db_url%/*}/postgres" -qc "DROP DATABASE IF EXISTS $db_name WITH (FORCE)"
    ;;
  *)
    echo "usage: bash bench/run.sh single|cluster" >&2
    exit 2
    ;;
esac
