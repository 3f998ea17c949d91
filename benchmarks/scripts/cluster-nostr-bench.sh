#!/usr/bin/env bash
# Ingest and REQ/s of 1, 2 and 3 relay nodes (the example server's runnable jar, --cluster) on one PostgreSQL,
# measured with ../shared/nostr-bench: one nostr-bench process per node, all started together, each with
# --relay-pid of its node, so every node's CPU per ingested event and per REQ is measured by the relay-neutral
# client. Each round is a fresh nostr-bench run per node (fresh keys and tags); the nodes and their database stay up
# across the rounds of one node count, so round 1 shows the cold JVMs. PostgreSQL's CPU over each round
# (postmaster, live and reaped backends) is printed beside it.
#
# Usage (from the project root, after `mvn -B install -DskipTests`, with nostr-bench installed by `npm ci`):
#   NOSTR_BENCH=/tmp/nostr-bench benchmarks/scripts/cluster-nostr-bench.sh [node counts, default "1 2 3"]
# Environment: ROUNDS (3), EVENTS (20000 per node), CONNS (8 per node), QUERIES (3000 per node), PORT0 (17920).
# Output: per round and node one line, then a table per node count; raw JSON lines in $OUT (default
# /tmp/cluster-nostr-bench). Everything it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
BENCH=${NOSTR_BENCH:-/tmp/nostr-bench}
ROUNDS=${ROUNDS:-3}
EVENTS=${EVENTS:-20000}
CONNS=${CONNS:-8}
QUERIES=${QUERIES:-3000}
PORT0=${PORT0:-17920}
OUT=${OUT:-/tmp/cluster-nostr-bench}
COUNTS=${*:-1 2 3}
JAR=examples/target/reactive-store-relay.jar
[ -f "$JAR" ] || { echo "no $JAR: run mvn -B install -DskipTests first" >&2; exit 2; }
[ -f "$BENCH/bench.mjs" ] && [ -d "$BENCH/node_modules" ] || { echo "no nostr-bench in $BENCH (cp -r ../shared/nostr-bench; npm ci)" >&2; exit 2; }
rm -rf "$OUT"; mkdir -p "$OUT"

source benchmarks/scripts/relay-bench-lib.sh

DBS=(); for n in $COUNTS; do DBS+=("nodes$n"); done
start_postgres "$OUT" "${DBS[@]}"
echo "# PostgreSQL postmaster $POSTMASTER"

# PostgreSQL CPU in ms: the postmaster with its reaped children, plus its live children (processes that end
# while /proc is read are skipped).
pg_cpu_ms() {
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v pm="$POSTMASTER" '
    { pid = $1; sub(/^.*\) /, ""); if (pid == pm) t += $12 + $13 + $14 + $15; else if ($2 == pm) t += $12 + $13 }
    END { print t * 10 }'
}

for n in $COUNTS; do
  NODES=()
  for k in $(seq 1 "$n"); do
    port=$((PORT0 + k))
    java -XX:InitialRAMPercentage=25 -jar "$JAR" --port "$port" --postgres-url "${PG_URL[nodes$n]}" --cluster \
        --node-name "node$k" "${RELAY_BENCH_LIMITS[@]}" >"$OUT/nodes$n-node$k.log" 2>&1 &
    NODES+=($!); PIDS+=($!)
  done
  for k in $(seq 1 "$n"); do
    await_relay "$OUT/nodes$n-node$k.log" "node $k of $n"
  done
  for r in $(seq 1 "$ROUNDS"); do
    cpu0=$(pg_cpu_ms)
    CLIENTS=()
    for k in $(seq 1 "$n"); do
      (cd "$BENCH" && node bench.mjs "ws://127.0.0.1:$((PORT0 + k))" --events "$EVENTS" --conns "$CONNS" \
          --queries "$QUERIES" --phases ingest,query --relay-pid "${NODES[$((k - 1))]}" \
          --label "nodes=$n node=$k round=$r") >"$OUT/nodes$n-node$k-round$r.out" 2>"$OUT/nodes$n-node$k-round$r.err" &
      CLIENTS+=($!)
    done
    for c in "${CLIENTS[@]}"; do wait "$c"; done
    echo "{\"nodes\":$n,\"round\":$r,\"postgres_cpu_ms\":$(( $(pg_cpu_ms) - cpu0 ))}" >>"$OUT/postgres-cpu.jsonl"
    for k in $(seq 1 "$n"); do tail -n 1 "$OUT/nodes$n-node$k-round$r.out" >>"$OUT/runs.jsonl"; done
  done
  for p in "${NODES[@]}"; do kill "$p"; wait "$p" 2>/dev/null || true; done
done
node benchmarks/scripts/cluster-nostr-bench-table.mjs "$OUT/runs.jsonl" "$OUT/postgres-cpu.jsonl"
