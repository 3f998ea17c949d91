// Table of cluster-nostr-bench.sh: one row per node count and round, then round 1 beside the median of the rounds.
// Aggregate throughput = operations of all nodes / the longest node's phase (the clients start together, so this
// never overstates); relay CPU per operation = CPU of all nodes in their phases / operations of all nodes.
// Usage: node cluster-nostr-bench-table.mjs runs.jsonl postgres-cpu.jsonl
import { readFileSync } from 'node:fs';

const lines = (f) => readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const runs = lines(process.argv[2]);
const pgCpu = lines(process.argv[3]);
const label = (r) => Object.fromEntries(r.label.split(' ').map((kv) => kv.split('=')).map(([k, v]) => [k, Number(v)]));
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

const rows = new Map();
for (const run of runs) {
  const { nodes, round } = label(run);
  const key = `${nodes}/${round}`;
  if (!rows.has(key)) rows.set(key, { nodes, round, runs: [] });
  rows.get(key).runs.push(run);
}
const figures = [...rows.values()].map(({ nodes, round, runs: rs }) => {
  const accepted = sum(rs.map((r) => r.ingest.accepted));
  const reqs = sum(rs.map((r) => r.query.queries_done));
  const pg = pgCpu.find((p) => p.nodes === nodes && p.round === round)?.postgres_cpu_ms ?? null;
  return {
    nodes, round,
    sent: sum(rs.map((r) => r.ingest.sent)),
    accepted,
    eventsPerS: Math.round(accepted / Math.max(...rs.map((r) => r.ingest.elapsed_s))),
    cpuPerEvent: Math.round((1000 * sum(rs.map((r) => r.ingest.relay_cpu_ms))) / accepted),
    reqs,
    planned: sum(rs.map((r) => r.query.queries_planned)),
    reqsPerS: Math.round(reqs / Math.max(...rs.map((r) => r.query.elapsed_s))),
    reqP50: Math.max(...rs.map((r) => r.query.latency.p50_ms)),
    reqP99: Math.max(...rs.map((r) => r.query.latency.p99_ms)),
    cpuPerReq: Math.round((1000 * sum(rs.map((r) => r.query.relay_cpu_ms))) / reqs),
    pgCpuPerOp: pg == null ? null : Math.round((1000 * pg) / (accepted + reqs)),
  };
});
figures.sort((a, b) => a.nodes - b.nodes || a.round - b.round);

console.log('| nodes | round | accepted / sent | events/s | relay CPU/event | REQs | REQ/s | REQ p50 ms (worst node) | REQ p99 ms (worst node) | relay CPU/REQ | PostgreSQL CPU per event or REQ |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const f of figures) {
  console.log(`| ${f.nodes} | ${f.round} | ${f.accepted} / ${f.sent} | ${f.eventsPerS} | ${f.cpuPerEvent} µs | ${f.reqs} / ${f.planned} | ${f.reqsPerS} | ${f.reqP50} | ${f.reqP99} | ${f.cpuPerReq} µs | ${f.pgCpuPerOp ?? '-'} µs |`);
}
console.log('\nRound 1 beside the median of all rounds:\n');
console.log('| nodes | events/s | relay CPU/event | REQ/s | REQ p99 ms | relay CPU/REQ |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const nodes of [...new Set(figures.map((f) => f.nodes))]) {
  const fs = figures.filter((f) => f.nodes === nodes);
  const one = fs.find((f) => f.round === 1);
  const cell = (k, unit = '') => `${one[k]}${unit} / ${median(fs.map((f) => f[k]))}${unit}`;
  console.log(`| ${nodes} | ${cell('eventsPerS')} | ${cell('cpuPerEvent', ' µs')} | ${cell('reqsPerS')} | ${cell('reqP99')} | ${cell('cpuPerReq', ' µs')} |`);
}
