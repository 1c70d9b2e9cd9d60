/**
 * The few DER (ITU-T X.690) encodings an X.509 certificate (RFC 5280) needs. Each function
 * returns one complete TLV: tag byte, length, content. Only what tls.ts writes is here; nothing
 * is parsed.
 */

const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  objectIdentifier: 0x06,
  utf8String: 0x0c,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31
} as const

/**
 * X.690 8.1.3: below 128 the length is one byte (short form); otherwise the first byte is 0x80 +
 * the number of length bytes that follow, big-endian, with no leading zero byte (long form, DER
 * 10.1 requires the shortest).
 */
function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length])
  const bytes: number[] = []
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}

/** Tag, length and content, as one buffer. */
export function tlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content])
}

export function sequence(...items: Uint8Array[]): Buffer {
  return tlv(TAG.sequence, Buffer.concat(items))
}

/** A SET with one member (RFC 5280's RelativeDistinguishedName): no DER sorting needed. */
export function setOfOne(item: Uint8Array): Buffer {
  return tlv(TAG.set, item)
}

export function boolean(value: boolean): Buffer {
  // X.690 11.1: DER's TRUE is 0xFF.
  return tlv(TAG.boolean, Buffer.from([value ? 0xff : 0x00]))
}

/**
 * An INTEGER from unsigned big-endian bytes. X.690 8.3: the content is two's complement in the
 * fewest bytes, so leading zero bytes go, and a 0x00 is put back in front when the first byte has
 * its top bit set (else the number would read as negative).
 */
export function unsignedInteger(bytes: Uint8Array): Buffer {
  let start = 0
  while (start < bytes.length - 1 && bytes[start] === 0) start++
  const trimmed = Buffer.from(bytes.subarray(start))
  const content = trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed
  return tlv(TAG.integer, content.length ? content : Buffer.from([0]))
}

export function smallInteger(value: number): Buffer {
  const bytes: number[] = []
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256)
  return unsignedInteger(Buffer.from(bytes.length ? bytes : [0]))
}

/**
 * X.690 8.19: the first two arcs are one number (40 × first + second), then each number in
 * base 128, most significant group first, every byte but a number's last with its top bit set.
 */
export function objectIdentifier(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number)
  const bytes: number[] = []
  for (const arc of [40 * first + second, ...rest]) {
    const groups = [arc % 128]
    for (let high = Math.floor(arc / 128); high > 0; high = Math.floor(high / 128)) {
      groups.unshift(0x80 | (high % 128))
    }
    bytes.push(...groups)
  }
  return tlv(TAG.objectIdentifier, Buffer.from(bytes))
}

/**
 * X.690 8.6.2: the first content byte is the number of unused bits at the end of the last byte
 * (0 for keys and signatures, which are whole bytes).
 */
export function bitString(bytes: Uint8Array, unusedBits = 0): Buffer {
  return tlv(TAG.bitString, Buffer.concat([Buffer.from([unusedBits]), bytes]))
}

/**
 * A BIT STRING of named bits (RFC 5280's KeyUsage): bit 0 is the top bit of the first byte.
 * X.690 11.2.2: DER drops trailing zero bits, so the string ends at the highest bit set.
 */
export function namedBits(bits: readonly number[]): Buffer {
  const length = Math.max(...bits) + 1
  const bytes = Buffer.alloc(Math.ceil(length / 8))
  for (const bit of bits) bytes[bit >> 3] |= 0x80 >> (bit & 7)
  return bitString(bytes, bytes.length * 8 - length)
}

export function octetString(bytes: Uint8Array): Buffer {
  return tlv(TAG.octetString, bytes)
}

export function utf8String(text: string): Buffer {
  return tlv(TAG.utf8String, Buffer.from(text, 'utf8'))
}

/**
 * RFC 5280 4.1.2.5: UTCTime (YYMMDDHHMMSSZ) through 2049, GeneralizedTime (YYYYMMDDHHMMSSZ)
 * from 2050; both in UTC with seconds and no fraction.
 */
export function time(date: Date): Buffer {
  const iso = date.toISOString() // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.slice(0, 19).replace(/\D/g, '') + 'Z'
  return date.getUTCFullYear() < 2050
    ? tlv(TAG.utcTime, Buffer.from(digits.slice(2), 'ascii'))
    : tlv(TAG.generalizedTime, Buffer.from(digits, 'ascii'))
}

/** [n] EXPLICIT: a constructed context-specific tag around a whole TLV (X.690 8.14). */
export function explicit(tagNumber: number, inner: Uint8Array): Buffer {
  return tlv(0xa0 | tagNumber, inner)
}

/** [n] IMPLICIT on a primitive type: the context-specific tag replaces the type's own. */
export function implicitPrimitive(tagNumber: number, content: Uint8Array): Buffer {
  return tlv(0x80 | tagNumber, content)
}

/** PEM: base64 in lines of 64 between BEGIN and END lines (RFC 7468). */
export function pem(label: string, der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? []
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`
}
