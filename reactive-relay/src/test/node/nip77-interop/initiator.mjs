// nostr-tools' NegentropySync as the initiator against a relay.
// Usage: node initiator.mjs <relay url> <records file: "created_at id" per line> <result file>
// Writes {"have": [...], "need": [...], "error": null|string, "millis": n} to the result file.
import { readFileSync, writeFileSync } from 'node:fs'
import WebSocket from 'ws'
import { Relay, useWebSocketImplementation } from 'nostr-tools/relay'
import { nip77 } from 'nostr-tools'
const { NegentropyStorageVector, NegentropySync } = nip77

useWebSocketImplementation(WebSocket)
const [url, recordsFile, resultFile] = process.argv.slice(2)
const storage = new NegentropyStorageVector()
for (const line of readFileSync(recordsFile, 'utf8').split('\n')) {
  if (line) {
    const [ts, id] = line.split(' ')
    storage.insert(Number(ts), id)
  }
}
storage.seal()
const have = []
const need = []
const started = Date.now()
const relay = await Relay.connect(url)
await new Promise((resolve) => {
  const sync = new NegentropySync(relay, storage, {}, {
    onhave: (id) => have.push(id),
    onneed: (id) => need.push(id),
    onclose: (error) => {
      writeFileSync(resultFile, JSON.stringify({ have, need, error: error ?? null, millis: Date.now() - started }))
      resolve()
    },
  })
  sync.start()
})
relay.close()
process.exit(0)
