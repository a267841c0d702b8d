// Verifies a signed offload receipt with nothing but Node's crypto, as anyone outside the code can:
// node verify-receipt.mjs RECEIPT.json KEYS.json   (KEYS.json is GET /dock/keys). Exit 0 when the signature verifies.
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'

// RFC 8785 for the values a receipt holds: keys sorted, no whitespace, JSON.stringify's strings and integers.
const canonical = (v) =>
  Array.isArray(v) ? `[${v.map(canonical).join(',')}]`
  : v !== null && typeof v === 'object'
    ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`
    : JSON.stringify(v)

const signed = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))
const keys = JSON.parse(fs.readFileSync(process.argv[3], 'utf8')).keys
const key = keys.find((k) => k.kid === signed.signature.kid)
if (!key) { console.error(`no key ${signed.signature.kid}`); process.exit(2) }
const ok = crypto.verify('sha256', Buffer.from(canonical(signed.receipt), 'utf8'), key.pem, Buffer.from(signed.signature.value, 'base64'))
console.log(ok ? 'receipt signature verifies' : 'receipt signature does NOT verify')
process.exit(ok ? 0 : 1)
