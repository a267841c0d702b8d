import { describe, expect, it } from 'vitest';
import { checkEvent, equal, leafHash, rootFromProof } from '../src/logic/merkle';

// A naive RFC 6962 tree (§ 2.1: MTH and PATH by their recursive definitions), to check the verifier against.
async function hashNode(l: Uint8Array, r: Uint8Array) {
  const all = new Uint8Array(65); all[0] = 1; all.set(l, 1); all.set(r, 33);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', all));
}
const split = (n: number) => { let k = 1; while (k * 2 < n) k *= 2; return k; };
async function root(leaves: Uint8Array[]): Promise<Uint8Array> {
  if (leaves.length === 1) return leaves[0];
  const k = split(leaves.length);
  return hashNode(await root(leaves.slice(0, k)), await root(leaves.slice(k)));
}
async function path(m: number, leaves: Uint8Array[]): Promise<Uint8Array[]> {
  if (leaves.length === 1) return [];
  const k = split(leaves.length);
  return m < k ? [...await path(m, leaves.slice(0, k)), await root(leaves.slice(k))]
    : [...await path(m - k, leaves.slice(k)), await root(leaves.slice(0, k))];
}
const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
const b64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));
const fromHex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (x) => parseInt(x, 16));

describe('RFC 6962 inclusion proofs', () => {
  it('match the published tree of the eight test leaves', async () => {
    const inputs = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
    const leaves = await Promise.all(inputs.map((s) => leafHash(fromHex(s))));
    expect(hex(await root(leaves))).toBe('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');
  });
  it('verify every leaf of trees of 1 to 17 leaves, and fail with a wrong sibling or index', async () => {
    for (let size = 1; size <= 17; size++) {
      const leaves = await Promise.all(Array.from({ length: size }, (_, i) => leafHash(new TextEncoder().encode(`event ${i}`))));
      const expected = await root(leaves);
      for (let i = 0; i < size; i++) {
        const proof = await path(i, leaves);
        expect(equal((await rootFromProof(i, size, leaves[i], proof))!, expected)).toBe(true);
        if (proof.length) {
          const bad = proof.map((p, j) => (j === 0 ? Uint8Array.from(p, (x, n) => (n === 0 ? x ^ 1 : x)) : p));
          const got = await rootFromProof(i, size, leaves[i], bad);
          expect(got != null && equal(got, expected)).toBe(false);
          const other = await rootFromProof((i + 1) % size, size, leaves[i], proof);
          expect(other != null && equal(other, expected)).toBe(false);
        }
      }
    }
  });
  it('checks an event from its canonical form: verified, failed when altered, pending without a checkpoint', async () => {
    const entries = ['{"a":1}', '{"b":2}', '{"c":3}'];
    const leaves = await Promise.all(entries.map((e) => leafHash(new TextEncoder().encode(e))));
    const r = b64(await root(leaves));
    const proof = (await path(1, leaves)).map(b64);
    expect(await checkEvent(entries[1], 1, b64(leaves[1]), proof, 3, r)).toBe('verified');
    expect(await checkEvent('{"b":3}', 1, null, proof, 3, r)).toBe('failed');
    expect(await checkEvent('{"b":3}', 1, b64(leaves[1]), proof, 3, r)).toBe('failed');
    expect(await checkEvent(entries[1], 1, b64(leaves[1]), null, null, null)).toBe('pending');
  });
});
