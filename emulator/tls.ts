import { generate } from 'selfsigned'

export interface LocalTls {
  /** PEM of the CA that signed the server certificate: what clients trust. */
  caCert: string
  cert: string
  key: string
}

/**
 * A CA and a server certificate for 127.0.0.1 and localhost, made at start (EC P-256, quick),
 * so clients trust the emulator through NODE_EXTRA_CA_CERTS or an https.Agent({ ca }).
 */
export async function generateLocalTls(): Promise<LocalTls> {
  const notBeforeDate = new Date(Date.now() - 60_000)
  const notAfterDate = new Date(Date.now() + 30 * 86_400_000)
  const ca = await generate(
    [{ name: 'commonName', value: 'apim-version-action local emulator CA' }],
    {
      keyType: 'ec',
      algorithm: 'sha256',
      notBeforeDate,
      notAfterDate,
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        {
          name: 'keyUsage',
          keyCertSign: true,
          cRLSign: true,
          digitalSignature: true,
          critical: true
        }
      ]
    }
  )
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' }
        ]
      }
    ]
  })
  return { caCert: ca.cert, cert: server.cert, key: server.private }
}
