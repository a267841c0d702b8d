// A small fragmented-MP4 (CMAF) writer for what the terminal encodes: an init segment (ftyp+moov) with an H.264 video
// track and an optional Opus audio track, then one fragment (moof+mdat) per encoded frame, each video fragment
// carrying a producer reference time (prft) so that viewers can measure their delay. Pure: bytes in, bytes out.
const NTP_EPOCH_OFFSET = 2208988800;
const ascii = new TextEncoder();

export const VIDEO_TRACK = 1;
export const AUDIO_TRACK = 2;
export const VIDEO_TIMESCALE = 1000000; // WebCodecs timestamps are microseconds
export const AUDIO_TIMESCALE = 48000; // Opus always decodes at 48 kHz

function concat(parts) {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

function u8(...values) { return Uint8Array.from(values); }
function u16(n) { return u8((n >> 8) & 255, n & 255); }
function u32(n) { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, n >>> 0); return b; }
function u64(n) { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, BigInt(n)); return b; }
function zeros(n) { return new Uint8Array(n); }

export function box(type, ...parts) {
  const body = concat(parts);
  return concat([u32(body.length + 8), ascii.encode(type), body]);
}

function fullBox(type, version, flags, ...parts) {
  return box(type, u8(version, (flags >> 16) & 255, (flags >> 8) & 255, flags & 255), ...parts);
}

const MATRIX = concat([u32(0x00010000), u32(0), u32(0), u32(0), u32(0x00010000), u32(0), u32(0), u32(0), u32(0x40000000)]);

function trak({ id, timescale, handler, name, header, entry, width = 0, height = 0, volume = 0 }) {
  const tkhd = fullBox('tkhd', 0, 3, u32(0), u32(0), u32(id), u32(0), u32(0), zeros(8), u16(0), u16(0), u16(volume), u16(0),
    MATRIX, u32(width << 16), u32(height << 16));
  const mdhd = fullBox('mdhd', 0, 0, u32(0), u32(0), u32(timescale), u32(0), u16(0x55c4), u16(0));
  const hdlr = fullBox('hdlr', 0, 0, u32(0), ascii.encode(handler), zeros(12), ascii.encode(name), u8(0));
  const dinf = box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1)));
  const stbl = box('stbl', fullBox('stsd', 0, 0, u32(1), entry), fullBox('stts', 0, 0, u32(0)), fullBox('stsc', 0, 0, u32(0)),
    fullBox('stsz', 0, 0, u32(0), u32(0)), fullBox('stco', 0, 0, u32(0)));
  return box('trak', tkhd, box('mdia', mdhd, hdlr, box('minf', header, dinf, stbl)));
}

function avc1(width, height, avcC) {
  const compressor = zeros(32);
  return box('avc1', zeros(6), u16(1), u16(0), u16(0), zeros(12), u16(width), u16(height), u32(0x00480000), u32(0x00480000),
    u32(0), u16(1), compressor, u16(0x0018), u16(0xffff), box('avcC', avcC));
}

function opus(channels, preSkip) {
  const dOps = box('dOps', u8(0, channels), u16(preSkip), u32(AUDIO_TIMESCALE), u16(0), u8(0));
  return box('Opus', zeros(6), u16(1), zeros(8), u16(channels), u16(16), u16(0), u16(0), u32(AUDIO_TIMESCALE << 16 >>> 0), dOps);
}

/**
 * The init segment. video: { width, height, avcC: Uint8Array (the encoder's decoderConfig.description) };
 * audio (optional): { channels, preSkip }.
 */
export function initSegment(video, audio) {
  const ftyp = box('ftyp', ascii.encode('isom'), u32(0x200), ascii.encode('isom'), ascii.encode('iso6'), ascii.encode('avc1'), ascii.encode('mp41'));
  const tracks = [trak({ id: VIDEO_TRACK, timescale: VIDEO_TIMESCALE, handler: 'vide', name: 'Camera', width: video.width, height: video.height,
    header: fullBox('vmhd', 0, 1, u16(0), u16(0), u16(0), u16(0)), entry: avc1(video.width, video.height, video.avcC) })];
  const trex = [fullBox('trex', 0, 0, u32(VIDEO_TRACK), u32(1), u32(0), u32(0), u32(0))];
  if (audio) {
    tracks.push(trak({ id: AUDIO_TRACK, timescale: AUDIO_TIMESCALE, handler: 'soun', name: 'Microphone', volume: 0x0100,
      header: fullBox('smhd', 0, 0, u16(0), u16(0)), entry: opus(audio.channels, audio.preSkip) }));
    trex.push(fullBox('trex', 0, 0, u32(AUDIO_TRACK), u32(1), u32(0), u32(0), u32(0)));
  }
  const mvhd = fullBox('mvhd', 0, 0, u32(0), u32(0), u32(1000), u32(0), u32(0x00010000), u16(0x0100), zeros(10), MATRIX, zeros(24),
    u32(audio ? 3 : 2));
  return concat([ftyp, box('moov', mvhd, ...tracks, box('mvex', ...trex))]);
}

const KEY_FLAGS = 0x02000000; // sample_depends_on = 2: needs no other sample
const DELTA_FLAGS = 0x01010000; // depends on others, not a sync sample

/** The producer reference time box: the wall-clock time (ms since 1970) at which the media time was captured. */
export function prft(track, wallMs, mediaTime) {
  const seconds = Math.floor(wallMs / 1000) + NTP_EPOCH_OFFSET;
  const fraction = Math.floor(((wallMs % 1000) / 1000) * 4294967296);
  return fullBox('prft', 1, 0, u32(track), u32(seconds), u32(fraction), u64(mediaTime));
}

/**
 * One fragment holding one sample: { sequence, track, decodeTime, duration, data, key, wallMs? } (times in the
 * track's timescale). A video fragment with wallMs starts with a prft box.
 */
export function fragment({ sequence, track, decodeTime, duration, data, key, wallMs }) {
  const trun = () => fullBox('trun', 0, 0x000701, u32(1), u32(0), u32(duration), u32(data.length), u32(key ? KEY_FLAGS : DELTA_FLAGS));
  const traf = box('traf', fullBox('tfhd', 0, 0x020000, u32(track)), fullBox('tfdt', 1, 0, u64(decodeTime)), trun());
  const moof = box('moof', fullBox('mfhd', 0, 0, u32(sequence)), traf);
  // trun's data offset counts from the start of moof to the first sample byte, inside mdat (its 8-byte header).
  const trunAt = moof.length - (8 + 4 + 4 + 4 + 12);
  new DataView(moof.buffer).setUint32(trunAt + 16, moof.length + 8);
  const parts = [moof, box('mdat', data)];
  if (wallMs !== undefined) parts.unshift(prft(track, wallMs, decodeTime));
  return concat(parts);
}
