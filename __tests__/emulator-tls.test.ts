import crypto, { X509Certificate } from 'node:crypto'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from '@jest/globals'
import { generateLocalTls, type LocalTls } from '../emulator/tls.js'
import { objectIdentifier, time, unsignedInteger } from '../emulator/der.js'

// The emulator's certificates are written by emulator/der.ts and emulator/tls.ts on node:crypto;
// Node's own X.509 parser (OpenSSL) is the judge of what they say.

const started = performance.now()
const tls: LocalTls = await generateLocalTls()
const generationMs = performance.now() - started
const ca = new X509Certificate(tls.caCert)
const server = new X509Certificate(tls.cert)

/**
 * An extension of a certificate, found by its OID's DER in the raw bytes: Extension ::= SEQUENCE
 * { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } (short lengths only).
 */
function extension(
  cert: X509Certificate,
  oid: string
): { critical: boolean; value: string } | undefined {
  const raw = cert.raw
  const at = raw.indexOf(objectIdentifier(oid))
  if (at < 0) return undefined
  let next = at + objectIdentifier(oid).length
  const critical = raw[next] === 0x01 && raw[next + 2] === 0xff
  if (raw[next] === 0x01) next += 3
  expect(raw[next]).toBe(0x04)
  return { critical, value: raw.subarray(next + 2, next + 2 + raw[next + 1]).toString('hex') }
}

/** SHA-1 of the uncompressed EC point 04 ‖ x ‖ y, hex. */
function pointSha1(cert: X509Certificate): string {
  const { x, y } = cert.publicKey.export({ format: 'jwk' })
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(x!, 'base64url'),
    Buffer.from(y!, 'base64url')
  ])
  return crypto.createHash('sha1').update(point).digest('hex')
}

describe('the emulator certificates', () => {
  it('are a CA and a server certificate it issued and signed', () => {
    expect(ca.subject).toBe('CN=apim-version-action local emulator CA')
    expect(ca.issuer).toBe(ca.subject)
    expect(ca.ca).toBe(true)
    expect(ca.checkIssued(ca)).toBe(true)
    expect(ca.verify(ca.publicKey)).toBe(true)

    expect(server.subject).toBe('CN=localhost')
    expect(server.issuer).toBe(ca.subject)
    expect(server.ca).toBe(false)
    expect(server.checkIssued(ca)).toBe(true)
    expect(server.verify(ca.publicKey)).toBe(true)
    expect(server.verify(server.publicKey)).toBe(false)
    expect(server.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' })
  })

  it('name localhost and 127.0.0.1, with a server key that matches', () => {
    expect(server.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1')
    expect(server.checkHost('localhost')).toBe('localhost')
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1')
    expect(server.checkHost('example.com')).toBeUndefined()
    expect(server.checkPrivateKey(crypto.createPrivateKey(tls.key))).toBe(true)
    expect(tls.key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/) // PKCS#8
  })

  it('are valid from a minute ago for 30 days', () => {
    const now = Date.now()
    for (const cert of [ca, server]) {
      const from = cert.validFromDate.getTime()
      const to = cert.validToDate.getTime()
      expect(now - from).toBeGreaterThanOrEqual(59_000)
      expect(now - from).toBeLessThan(70_000)
      // Whole seconds in the certificate: up to a second below the millisecond timestamps.
      expect(to - from).toBeGreaterThan(30 * 86_400_000 + 60_000 - 2_000)
      expect(to - from).toBeLessThanOrEqual(30 * 86_400_000 + 60_000 + 1_000)
      expect(to - now).toBeGreaterThan(30 * 86_400_000 - 70_000)
      expect(to - now).toBeLessThanOrEqual(30 * 86_400_000)
    }
  })

  it('carry the key usages and extensions of a CA and a TLS server', () => {
    // Node reports the extended key usages (the CA has none) and CA:TRUE/FALSE; the rest is read
    // from the DER: keyUsage bits, criticality, and the key identifiers.
    expect(ca.keyUsage ?? []).toEqual([])
    expect(server.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']) // serverAuth
    expect(server.toLegacyObject().ext_key_usage).toEqual(['1.3.6.1.5.5.7.3.1'])

    // basicConstraints: CA TRUE, critical; the server's is empty (cA FALSE is the default).
    expect(extension(ca, '2.5.29.19')).toEqual({ critical: true, value: '30030101ff' })
    expect(extension(server, '2.5.29.19')).toEqual({ critical: false, value: '3000' })
    // keyUsage: digitalSignature, keyCertSign, cRLSign (1 unused bit); digitalSignature,
    // keyEncipherment (5 unused bits). Both critical.
    expect(extension(ca, '2.5.29.15')).toEqual({ critical: true, value: '03020186' })
    expect(extension(server, '2.5.29.15')).toEqual({ critical: true, value: '030205a0' })
    expect(extension(server, '2.5.29.37')?.critical).toBe(false)
    expect(extension(server, '2.5.29.17')?.critical).toBe(false)
    expect(extension(ca, '2.5.29.17')).toBeUndefined()

    // Key identifiers: SHA-1 of the public point (RFC 5280 4.2.1.2), and the server's authority
    // key identifier is the CA's subject key identifier.
    const caKeyId = pointSha1(ca)
    expect(extension(ca, '2.5.29.14')?.value).toBe(`0414${caKeyId}`)
    expect(extension(server, '2.5.29.14')?.value).toBe(`0414${pointSha1(server)}`)
    expect(extension(server, '2.5.29.35')?.value).toBe(`30168014${caKeyId}`)
  })

  it('have fresh positive serials each run', async () => {
    const again = await generateLocalTls()
    const serials = [
      ca,
      server,
      new X509Certificate(again.caCert),
      new X509Certificate(again.cert)
    ].map((c) => c.serialNumber)
    expect(new Set(serials).size).toBe(4)
    for (const serial of serials) expect(serial).toMatch(/^[0-7]?[0-9A-F]+$/)
  })

  it('take a few milliseconds to make', () => {
    console.log(`generateLocalTls: ${generationMs.toFixed(1)} ms`)
    expect(generationMs).toBeLessThan(1_000)
  })

  it('let an https client that trusts only the CA complete a handshake', async () => {
    const listener = https.createServer({ key: tls.key, cert: tls.cert }, (_req, res) =>
      res.end('ok')
    )
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve))
    const { port } = listener.address() as AddressInfo
    try {
      for (const host of ['127.0.0.1', 'localhost']) {
        const body = await new Promise<string>((resolve, reject) => {
          const req = https.request(
            { host, port, path: '/', ca: tls.caCert, agent: false },
            (res) => {
              let text = ''
              res.on('data', (chunk) => (text += chunk))
              res.on('end', () => resolve(text))
            }
          )
          req.on('error', reject)
          req.end()
        })
        expect(body).toBe('ok')
      }
    } finally {
      await new Promise((resolve) => listener.close(resolve))
    }
  })
})

describe('the DER encoder', () => {
  it('writes lengths, INTEGERs, OIDs and times as X.690 and RFC 5280 say', () => {
    // Long-form length: 200 bytes of content → 0x81 0xC8.
    expect(unsignedInteger(Buffer.alloc(200, 1)).subarray(0, 3)).toEqual(
      Buffer.from([0x02, 0x81, 0xc8])
    )
    // Top bit set → a leading 0x00; leading zero bytes dropped.
    expect(unsignedInteger(Buffer.from([0x80]))).toEqual(Buffer.from([0x02, 0x02, 0x00, 0x80]))
    expect(unsignedInteger(Buffer.from([0, 0, 0x7f]))).toEqual(Buffer.from([0x02, 0x01, 0x7f]))
    // 1.2.840.10045.4.3.2 (ecdsa-with-SHA256): 840 and 10045 take two base-128 bytes each.
    expect(objectIdentifier('1.2.840.10045.4.3.2').toString('hex')).toBe('06082a8648ce3d040302')
    expect(time(new Date('2049-12-31T23:59:59Z')).toString('latin1')).toBe('\x17\x0d491231235959Z')
    expect(time(new Date('2050-01-01T00:00:00Z')).toString('latin1')).toBe(
      '\x18\x0f20500101000000Z'
    )
  })
})
