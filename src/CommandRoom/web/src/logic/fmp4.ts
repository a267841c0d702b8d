// Reading what the live relay sends, as plain functions over bytes (unit-tested): the relay's WebSocket framing, an
// init segment's timescale, and a fragment's producer reference time (prft box, ISO/IEC 14496-12 8.16.5), which is how
// a tile measures its delay: the producer's wall clock for a media time, against the frame on screen.

const NTP_EPOCH_OFFSET = 2208988800; // seconds from 1900 (NTP) to 1970 (Unix)

/** Visits the ISO BMFF boxes in bytes[from, to): type, body start, box end. Returning false stops the walk. */
export function boxes(bytes: Uint8Array, from: number, to: number,
  visit: (type: string, body: number, end: number, view: DataView) => boolean | void): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = from; at + 8 <= to;) {
    const size = view.getUint32(at);
    if (size < 8) return;
    const type = String.fromCharCode(bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]);
    if (visit(type, at + 8, at + size, view) === false) return;
    at += size;
  }
}

/** The media timescale of an init segment's first track (its mdhd box), 90 kHz when it has none. */
export function timescaleOf(init: Uint8Array): number {
  const text = new TextDecoder('latin1').decode(init);
  const at = text.indexOf('mdhd');
  if (at < 0 || at + 24 > init.length) return 90000;
  const view = new DataView(init.buffer, init.byteOffset, init.byteLength);
  // After the type: version (1 byte) and flags (3), then creation and modification times (8 bytes each in version 1).
  return view.getUint32(at + 4 + (init[at + 4] === 1 ? 20 : 12));
}

export interface ProducerTime { wallMs: number; media: number }

/** The producer reference time of a fragment: its wall clock (Unix ms) for a media time (in the track's timescale). */
export function prftOf(bytes: Uint8Array): ProducerTime | null {
  let found: ProducerTime | null = null;
  boxes(bytes, 0, bytes.length, (type, body, _end, view) => {
    if (type !== 'prft') return true;
    const seconds = view.getUint32(body + 8), fraction = view.getUint32(body + 12);
    const media = bytes[body] === 1 ? Number(view.getBigUint64(body + 16)) : view.getUint32(body + 16);
    found = { wallMs: (seconds - NTP_EPOCH_OFFSET) * 1000 + fraction / 4294967.296, media };
    return false;
  });
  return found;
}

export type RelayMessage =
  | { kind: 'init'; stream: number; type: string; data: Uint8Array }
  | { kind: 'fragment'; stream: number; data: Uint8Array };

/** One relay WebSocket message: [kind: 0 init, 1 fragment][stream][relay time: 8 bytes][init only: type length (2
 * bytes), Media Source type][bytes]. */
export function relayMessage(message: Uint8Array): RelayMessage {
  const stream = message[1];
  if (message[0] !== 0) return { kind: 'fragment', stream, data: message.subarray(10) };
  const length = (message[10] << 8) | message[11];
  return { kind: 'init', stream, type: new TextDecoder().decode(message.subarray(12, 12 + length)), data: message.subarray(12 + length) };
}

/** Whether Media Source types (or codec strings) name a sound codec. */
export const hasSound = (types: string): boolean => /mp4a|opus|flac|ac-3|ec-3/.test(types);
