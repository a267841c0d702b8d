import { describe, expect, it } from 'vitest';
import { hasSound, prftOf, relayMessage, timescaleOf } from '../src/logic/fmp4';

const box = (type: string, body: Uint8Array): Uint8Array => {
  const out = new Uint8Array(8 + body.length);
  new DataView(out.buffer).setUint32(0, out.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(body, 8);
  return out;
};
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
};

/** A prft box, version 1: reference track, NTP seconds and fraction, 64-bit media time. */
function prft(ntpSeconds: number, fraction: number, media: bigint): Uint8Array {
  const body = new Uint8Array(24);
  const view = new DataView(body.buffer);
  body[0] = 1;
  view.setUint32(4, 1);
  view.setUint32(8, ntpSeconds);
  view.setUint32(12, fraction);
  view.setBigUint64(16, media);
  return box('prft', body);
}

describe('a fragment\'s producer reference time', () => {
  it('reads the NTP wall clock as Unix milliseconds, with the media time it belongs to', () => {
    // 2026-12-02T06:00:00.5Z: Unix 1796191200 s, + 2208988800 to NTP, half a second in the fraction.
    const fragment = concat(box('styp', new Uint8Array(4)), prft(1796191200 + 2208988800, 2 ** 31, 900000n), box('moof', new Uint8Array(8)));
    expect(prftOf(fragment)).toEqual({ wallMs: Date.UTC(2026, 11, 2, 6, 0, 0, 500), media: 900000 });
  });
  it('is absent from a fragment without one, and a truncated box stops the walk', () => {
    expect(prftOf(concat(box('moof', new Uint8Array(8)), box('mdat', new Uint8Array(16))))).toBeNull();
    expect(prftOf(new Uint8Array([0, 0, 0, 4, 112, 114, 102, 116]))).toBeNull();
  });
});

describe('an init segment\'s timescale', () => {
  it('is read from its mdhd box, version 0 or 1, else 90 kHz', () => {
    const v0 = new Uint8Array(20); new DataView(v0.buffer).setUint32(12, 12800);
    const v1 = new Uint8Array(32); v1[0] = 1; new DataView(v1.buffer).setUint32(20, 48000);
    expect(timescaleOf(box('moov', box('mdhd', v0)))).toBe(12800);
    expect(timescaleOf(box('moov', box('mdhd', v1)))).toBe(48000);
    expect(timescaleOf(box('moov', new Uint8Array(8)))).toBe(90000);
  });
});

describe('the relay\'s WebSocket messages', () => {
  it('give an init\'s stream, Media Source type and bytes, and a fragment\'s stream and bytes', () => {
    const type = new TextEncoder().encode('video/mp4; codecs="avc1.64001e"');
    const init = concat(new Uint8Array([0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, type.length]), type, new Uint8Array([9, 9]));
    expect(relayMessage(init)).toEqual({ kind: 'init', stream: 2, type: 'video/mp4; codecs="avc1.64001e"', data: new Uint8Array([9, 9]) });
    expect(relayMessage(new Uint8Array([1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 7]))).toEqual({ kind: 'fragment', stream: 1, data: new Uint8Array([7]) });
  });
  it('name sound when a type lists a sound codec', () => {
    expect(hasSound('video/mp4; codecs="avc1.64001e,mp4a.40.2"')).toBe(true);
    expect(hasSound('audio/mp4; codecs="opus"')).toBe(true);
    expect(hasSound('video/mp4; codecs="avc1.64001e"')).toBe(false);
  });
});
