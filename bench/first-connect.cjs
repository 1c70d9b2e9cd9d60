// Preloaded by bench/sync.mjs (`node --require`): prints, once, how long after Node started
// (performance.timeOrigin) the process opened its first TLS connection.
const tls = require('node:tls')
const connect = tls.connect
let reported = false
tls.connect = function (...args) {
  if (!reported) {
    reported = true
    process.stderr.write(`first-tls-connect-ms=${performance.now().toFixed(0)}\n`)
  }
  return connect.apply(this, args)
}
