// RFC 6962 inclusion proofs checked in the browser with WebCrypto: leaf = SHA-256(0x00 || entry),
// node = SHA-256(0x01 || left || right); verification as RFC 9162 § 2.1.3.2 writes it.

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const all = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) { all.set(p, offset); offset += p.length; }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', all));
}

export const leafHash = (entry: Uint8Array) => sha256(Uint8Array.of(0), entry);
const nodeHash = (left: Uint8Array, right: Uint8Array) => sha256(Uint8Array.of(1), left, right);

export function fromBase64(text: string): Uint8Array {
  const raw = atob(text);
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

export function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** The root a proof leads to from leaf `index` of a tree of `size` leaves, or null when the proof has the wrong shape. */
export async function rootFromProof(index: number, size: number, leaf: Uint8Array, proof: Uint8Array[]): Promise<Uint8Array | null> {
  if (index < 0 || index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

export type ProofVerdict = 'verified' | 'pending' | 'failed';

/**
 * Checks one custody event: its canonical form hashes to the leaf the server names, and the proof leads from that
 * leaf to the checkpoint's root. 'pending' when the event came after the latest checkpoint (its proof comes with the next).
 */
export async function checkEvent(canonical: string | null, seq: number | null, leafB64: string | null,
  proofB64: string[] | null, size: number | null, rootB64: string | null): Promise<ProofVerdict> {
  if (canonical == null || seq == null || proofB64 == null || size == null || rootB64 == null) return 'pending';
  const leaf = await leafHash(new TextEncoder().encode(canonical));
  if (leafB64 != null && !equal(leaf, fromBase64(leafB64))) return 'failed';
  const root = await rootFromProof(seq, size, leaf, proofB64.map(fromBase64));
  return root != null && equal(root, fromBase64(rootB64)) ? 'verified' : 'failed';
}
