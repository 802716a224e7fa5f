#!/usr/bin/env bash
# Measures the resident memory (RSS) of each packaged service idle and after light load, the figures the Kubernetes
# resource requests and limits (deploy/k8s/base) are sized from. Starts Ferry with bin/ferry-local under its own
# FERRY_HOME (ports 8081-8083 must be free), stops it afterwards, and prints a table; it asserts nothing.
#
#   deploy/bench/memory.sh [requests-per-service]   (default 2000)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export FERRY_HOME=${FERRY_HOME:-$(mktemp -d /tmp/ferry-memory.XXXXXX)}
export FERRY_POSTGRES_PORT=${FERRY_POSTGRES_PORT:-35432} FERRY_KAFKA_PORT=${FERRY_KAFKA_PORT:-39092}
REQUESTS=${1:-2000}
LOCAL="$ROOT/bin/ferry-local"

trap '"$LOCAL" down >/dev/null' EXIT
"$LOCAL" up >/dev/null

rss() { awk '/^VmRSS/ {printf "%d", $2 / 1024}' "/proc/$(cat "$FERRY_HOME/run/$1.pid")/status"; }
peak() { awk '/^VmHWM/ {printf "%d", $2 / 1024}' "/proc/$(cat "$FERRY_HOME/run/$1.pid")/status"; }

sleep 20 # a benchmark, not a test: let start-up garbage settle before the idle reading
declare -A idle
for service in inventory scheduler conversion; do idle[$service]=$(rss "$service"); done

ADMIN="Authorization: Bearer $(cat "$FERRY_HOME/tokens/admin.jwt")"
load() { # light load: REQUESTS authenticated reads in 8 parallel streams, and a few writes
  local url=$1
  seq "$REQUESTS" | xargs -P 8 -I{} curl -fs -o /dev/null -H "$ADMIN" "$url" || true
}
for i in $(seq 1 20); do
  curl -fs -o /dev/null -H "$ADMIN" -H 'Content-Type: application/json' http://127.0.0.1:8081/api/v1/sources \
    -d "{\"name\": \"bench-$i\", \"kind\": \"RVTOOLS\"}" || true
done
load "http://127.0.0.1:8081/api/v1/machines?size=100"
load "http://127.0.0.1:8081/api/v1/sources"
load "http://127.0.0.1:8082/api/v1/profiles"
load "http://127.0.0.1:8082/api/v1/profiles/hyperv-2022-gen2"
load "http://127.0.0.1:8083/api/v1/worker"
load "http://127.0.0.1:8083/q/metrics"

printf '%-11s %12s %16s %14s\n' service "idle RSS MiB" "after load MiB" "peak RSS MiB"
for service in inventory scheduler conversion; do
  printf '%-11s %12s %16s %14s\n' "$service" "${idle[$service]}" "$(rss "$service")" "$(peak "$service")"
done
echo "(JVM heap capped at 512 MiB by bin/ferry-local; $REQUESTS requests per endpoint)"
