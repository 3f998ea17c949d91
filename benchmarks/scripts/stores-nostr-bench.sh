#!/usr/bin/env bash
# The example server on several stores, measured side by side in ONE ../shared/nostr-bench run (the benchmark
# alternates the relays between rounds and prints each figure's median and its ratio to the first relay), with
# --relay-pid of every relay. Stores: lmdb (the default, in a fresh data dir), memory, h2 (file, fresh data dir),
# postgresql (a fresh database on an embedded PostgreSQL started here, fsync off: its OKs are not durable).
#
# Usage (from the project root, after `mvn -B install -DskipTests`, with nostr-bench installed by `npm ci`):
#   NOSTR_BENCH=/tmp/nostr-bench benchmarks/scripts/stores-nostr-bench.sh lmdb memory [h2] [postgresql] [-- bench flags]
# Default bench flags: --events 20000 --conns 8 --rounds 3 (the issues' command); flags after -- replace them.
# Output: nostr-bench's tables and JSON; data dir sizes after the run; logs in $OUT (default /tmp/stores-nostr-bench).
set -euo pipefail
cd "$(dirname "$0")/../.."
BENCH=${NOSTR_BENCH:-/tmp/nostr-bench}
OUT=${OUT:-/tmp/stores-nostr-bench}
PORT0=${PORT0:-17940}
JAR=examples/target/reactive-store-relay.jar
STORES=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do STORES+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
FLAGS=("$@"); [ ${#FLAGS[@]} -eq 0 ] && FLAGS=(--events 20000 --conns 8 --rounds 3)
[ ${#STORES[@]} -gt 0 ] || { echo "name at least one store: lmdb memory h2 postgresql" >&2; exit 2; }
[ -f "$JAR" ] || { echo "no $JAR: run mvn -B install -DskipTests first" >&2; exit 2; }
[ -f "$BENCH/bench.mjs" ] && [ -d "$BENCH/node_modules" ] || { echo "no nostr-bench in $BENCH (cp -r ../shared/nostr-bench; npm ci)" >&2; exit 2; }
rm -rf "$OUT"; mkdir -p "$OUT"

source benchmarks/scripts/relay-bench-lib.sh

if [[ " ${STORES[*]} " == *" postgresql "* ]]; then
  start_postgres "$OUT" relay
fi

URLS=(); RELAY_PIDS=()
for i in "${!STORES[@]}"; do
  store=${STORES[$i]}; port=$((PORT0 + i))
  case "$store" in
    lmdb) args=(--data-dir "$OUT/data-lmdb") ;;
    memory) args=(--in-memory) ;;
    h2) args=(--data-dir "$OUT/data-h2" --store h2) ;;
    postgresql) args=(--postgres-url "${PG_URL[relay]}") ;;
    *) echo "unknown store $store" >&2; exit 2 ;;
  esac
  java -XX:InitialRAMPercentage=25 -jar "$JAR" --port "$port" "${args[@]}" "${RELAY_BENCH_LIMITS[@]}" >"$OUT/$store.log" 2>&1 &
  PIDS+=($!); RELAY_PIDS+=($!); URLS+=("ws://127.0.0.1:$port")
done
for store in "${STORES[@]}"; do
  await_relay "$OUT/$store.log" "the $store relay"
  grep -h "Warm-up" "$OUT/$store.log" | sed "s/^/# $store: /" || true
done
PIDLIST=$(IFS=,; echo "${RELAY_PIDS[*]}")
echo "# relays: ${STORES[*]} = ${URLS[*]} (pids $PIDLIST); nostr-bench ${FLAGS[*]}"
(cd "$BENCH" && node bench.mjs "${URLS[@]}" "${FLAGS[@]}" --relay-pid "$PIDLIST")
for store in lmdb h2; do
  [ -d "$OUT/data-$store" ] && echo "# $store data dir after the run: $(du -sb "$OUT/data-$store" | cut -f1) bytes"
done
true
