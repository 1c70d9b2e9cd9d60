import crypto, { type KeyObject } from 'node:crypto'
import {
  bitString,
  boolean,
  explicit,
  implicitPrimitive,
  namedBits,
  objectIdentifier,
  octetString,
  pem,
  sequence,
  setOfOne,
  smallInteger,
  time,
  unsignedInteger,
  utf8String
} from './der.js'

export interface LocalTls {
  /** PEM of the CA that signed the server certificate: what clients trust. */
  caCert: string
  cert: string
  key: string
}

// X.509 v3 certificates (RFC 5280) written here: node:crypto makes the keys and the signatures,
// der.ts the encoding. A library for this (selfsigned with pkijs and asn1js) was ~350 KB of the
// bundle.

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1'
} as const

/** KeyUsage bit numbers (RFC 5280 4.2.1.3). */
const KEY_USAGE = {
  digitalSignature: 0,
  keyEncipherment: 2,
  keyCertSign: 5,
  cRLSign: 6
} as const

/** AlgorithmIdentifier for ecdsa-with-SHA256: no parameters (RFC 5758 3.2). */
const SIGNATURE_ALGORITHM = sequence(objectIdentifier(OID.ecdsaWithSha256))

/** Name: an RDNSequence with one commonName (RFC 5280 4.1.2.4). */
function commonNameOnly(commonName: string): Buffer {
  return sequence(setOfOne(sequence(objectIdentifier(OID.commonName), utf8String(commonName))))
}

/** Extension: extnID, critical (left out when false: DER omits a DEFAULT), extnValue (4.1). */
function extension(oid: string, value: Buffer, critical = false): Buffer {
  return sequence(objectIdentifier(oid), ...(critical ? [boolean(true)] : []), octetString(value))
}

/**
 * RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING's bytes, which for an
 * EC key is the uncompressed point 04 ‖ x ‖ y.
 */
function keyIdentifier(publicKey: KeyObject): Buffer {
  const { x, y } = publicKey.export({ format: 'jwk' })
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(x ?? '', 'base64url'),
    Buffer.from(y ?? '', 'base64url')
  ])
  return crypto.createHash('sha1').update(point).digest()
}

/** A positive serial of 16 random bytes: top bit cleared (RFC 5280 4.1.2.2). */
function randomSerial(): Buffer {
  const bytes = crypto.randomBytes(16)
  bytes[0] &= 0x7f
  return bytes
}

interface CertificateFields {
  issuer: string
  subject: string
  notBefore: Date
  notAfter: Date
  publicKey: KeyObject
  signingKey: KeyObject
  extensions: Buffer[]
}

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue } (4.1). */
function certificate(fields: CertificateFields): string {
  const tbsCertificate = sequence(
    explicit(0, smallInteger(2)), // version v3
    unsignedInteger(randomSerial()),
    SIGNATURE_ALGORITHM,
    commonNameOnly(fields.issuer),
    sequence(time(fields.notBefore), time(fields.notAfter)),
    commonNameOnly(fields.subject),
    fields.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...fields.extensions))
  )
  // ECDSA signatures come from node:crypto as DER Ecdsa-Sig-Value, as RFC 5758 3.2 wants them.
  const signature = crypto.sign('sha256', tbsCertificate, fields.signingKey)
  return pem('CERTIFICATE', sequence(tbsCertificate, SIGNATURE_ALGORITHM, bitString(signature)))
}

const CA_NAME = 'apim-version-action local emulator CA'

/**
 * A CA and a server certificate for 127.0.0.1 and localhost, made at start (EC P-256, quick),
 * so clients trust the emulator through NODE_EXTRA_CA_CERTS or an https.Agent({ ca }).
 */
export async function generateLocalTls(): Promise<LocalTls> {
  const notBefore = new Date(Date.now() - 60_000)
  const notAfter = new Date(Date.now() + 30 * 86_400_000)
  const ca = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  const server = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  const caKeyId = keyIdentifier(ca.publicKey)

  const caCert = certificate({
    issuer: CA_NAME,
    subject: CA_NAME,
    notBefore,
    notAfter,
    publicKey: ca.publicKey,
    signingKey: ca.privateKey,
    extensions: [
      extension(OID.basicConstraints, sequence(boolean(true)), true),
      extension(
        OID.keyUsage,
        namedBits([KEY_USAGE.digitalSignature, KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign]),
        true
      ),
      extension(OID.subjectKeyIdentifier, octetString(caKeyId))
    ]
  })

  const cert = certificate({
    issuer: CA_NAME,
    subject: 'localhost',
    notBefore,
    notAfter,
    publicKey: server.publicKey,
    signingKey: ca.privateKey,
    extensions: [
      // cA FALSE is the DEFAULT, so DER leaves it out: an empty SEQUENCE.
      extension(OID.basicConstraints, sequence()),
      extension(
        OID.keyUsage,
        namedBits([KEY_USAGE.digitalSignature, KEY_USAGE.keyEncipherment]),
        true
      ),
      extension(OID.extKeyUsage, sequence(objectIdentifier(OID.serverAuth))),
      extension(
        OID.subjectAltName,
        sequence(
          implicitPrimitive(2, Buffer.from('localhost', 'ascii')), // dNSName [2] IA5String
          implicitPrimitive(7, Buffer.from([127, 0, 0, 1])) // iPAddress [7] OCTET STRING
        )
      ),
      // keyIdentifier [0] IMPLICIT OCTET STRING
      extension(OID.authorityKeyIdentifier, sequence(implicitPrimitive(0, caKeyId))),
      extension(OID.subjectKeyIdentifier, octetString(keyIdentifier(server.publicKey)))
    ]
  })

  const key = server.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  return { caCert, cert, key }
}
