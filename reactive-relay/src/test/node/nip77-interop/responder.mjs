// nostr-tools' Negentropy as the responder, behind a minimal WebSocket endpoint speaking NEG-OPEN/NEG-MSG/NEG-CLOSE.
// Usage: node responder.mjs <records file: "created_at id" per line>
// Prints "port <n>" once listening, then one line "result {...}" per NEG-CLOSE with the ids it learned.
// Exits when its standard input closes.
import { readFileSync } from 'node:fs'
import { WebSocketServer } from 'ws'
import { nip77 } from 'nostr-tools'
const { Negentropy, NegentropyStorageVector } = nip77

const [recordsFile] = process.argv.slice(2)
const storage = new NegentropyStorageVector()
for (const line of readFileSync(recordsFile, 'utf8').split('\n')) {
  if (line) {
    const [ts, id] = line.split(' ')
    storage.insert(Number(ts), id)
  }
}
storage.seal()
const server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 1 << 20 })
server.on('connection', (socket) => {
  const sessions = new Map()
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString('utf8'))
    const [verb, id] = message
    if (verb === 'NEG-OPEN' || verb === 'NEG-MSG') {
      let session = sessions.get(id)
      if (verb === 'NEG-OPEN') {
        session = { neg: new Negentropy(storage, 60000), have: [], need: [] }
        sessions.set(id, session)
      }
      if (!session) {
        socket.send(JSON.stringify(['NEG-ERR', id, 'closed: unknown session']))
        return
      }
      const hex = verb === 'NEG-OPEN' ? message[3] : message[2]
      try {
        const reply = session.neg.reconcile(hex, (h) => session.have.push(h), (n) => session.need.push(n))
        // nostr-tools returns null when its answer would be the version byte alone
        socket.send(JSON.stringify(['NEG-MSG', id, reply ?? '61']))
      } catch (e) {
        socket.send(JSON.stringify(['NEG-ERR', id, 'invalid: ' + e]))
      }
    } else if (verb === 'NEG-CLOSE') {
      const session = sessions.get(id)
      sessions.delete(id)
      if (session) {
        console.log('result ' + JSON.stringify({ have: session.have, need: session.need }))
      }
    }
  })
})
server.on('listening', () => console.log('port ' + server.address().port))
process.stdin.on('end', () => process.exit(0))
process.stdin.resume()
