# Shared by cluster-nostr-bench.sh and stores-nostr-bench.sh: sourced from the project root, not run.

# Every process started goes into PIDS and is stopped when the script exits.
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# The example server's per-address budgets, lifted: every load client comes from 127.0.0.1.
RELAY_BENCH_LIMITS=(--events-per-second-per-ip 0 --requests-per-second-per-ip 0 --max-connections-per-ip 100000
    --max-subscriptions-per-ip 10000000)

# start_postgres OUT DATABASE...: starts an embedded PostgreSQL (ClusterPostgres) with one empty database per name;
# adds it to PIDS; sets POSTMASTER (its postmaster's pid) and PG_URL[name] (each database's URL).
declare -gA PG_URL
start_postgres() {
  local out=$1 word a b
  shift
  mvn -B -q -o -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$out/classpath.txt" >/dev/null
  coproc PG { exec java -cp "benchmarks/target/classes:$(cat "$out/classpath.txt")" \
      io.reactivestore.benchmarks.relay.ClusterPostgres "$@" 2>"$out/postgres.err"; }
  while read -r word a b <&"${PG[0]}"; do
    case "$word" in
      postmaster) POSTMASTER=$a ;;
      database) PG_URL[$a]=$b ;;
      ready) break ;;
    esac
  done
  PIDS+=("$PG_PID")
}

# await_relay LOG NAME: waits up to 180 s for the example server writing LOG to listen; exits with the log if not.
await_relay() {
  for _ in $(seq 1 180); do grep -q "Nostr relay listening on ws://" "$1" && return 0; sleep 1; done
  echo "$2 did not start" >&2; cat "$1" >&2; exit 1
}
