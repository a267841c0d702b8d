// Camera and microphone → WebCodecs (H.264 with a keyframe every second, Opus) → fMP4 init and one fragment per frame.
// MediaRecorder was measured first: Chromium's MP4 recorder emits a fragment only when a whole GOP is done (one per
// second whatever the timeslice), a second of delay before anything can leave; WebCodecs hands over each frame.
import * as mp4 from './mp4.js';

const KEYFRAME_MS = 1000;

function avcCodec(width, height) {
  // Constrained Baseline (no B-frames, what a live tile decodes at once), level by picture size.
  const pixels = width * height;
  const level = pixels <= 414720 ? '1E' : pixels <= 921600 ? '1F' : '28';
  return 'avc1.42E0' + level;
}

export class LiveEncoder {
  /** sink: { init(bytes), segment(), fragment(bytes), stats({ encodeMs }) } */
  constructor(stream, sink) {
    this.stream = stream; this.sink = sink;
    this.sequence = 1; this.base = null; this.initDone = false; this.pending = [];
    this.videoConfig = null; this.audioConfig = null; this.lastKey = -Infinity; this.captured = new Map();
    this.running = false;
  }

  async start() {
    const video = this.stream.getVideoTracks()[0];
    const audio = this.stream.getAudioTracks()[0];
    const settings = video.getSettings();
    this.width = (settings.width || 640) & ~1; this.height = (settings.height || 480) & ~1;
    this.fps = settings.frameRate || 25;
    this.frameUs = Math.round(1000000 / this.fps);
    this.hasAudio = !!audio;
    this.running = true;
    this.video = new VideoEncoder({ output: (c, m) => this.onVideo(c, m), error: (e) => this.fail(e) });
    this.video.configure({ codec: avcCodec(this.width, this.height), width: this.width, height: this.height, bitrate: 1500000,
      framerate: this.fps, latencyMode: 'realtime', avc: { format: 'avc' } });
    this.pumps = [this.pump(video, (frame) => this.encodeVideo(frame))];
    if (audio) {
      this.audio = new AudioEncoder({ output: (c, m) => this.onAudio(c, m), error: (e) => this.fail(e) });
      this.audioConfigured = false;
      this.pumps.push(this.pump(audio, (data) => this.encodeAudio(data)));
    }
  }

  async pump(track, encode) {
    const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
    this.readers = [...(this.readers || []), reader];
    while (this.running) {
      const { value, done } = await reader.read();
      if (done) break;
      if (!this.running) { value.close(); break; }
      encode(value);
    }
  }

  encodeVideo(frame) {
    // Behind (a slow device): drop the frame rather than let the delay grow.
    if (this.video.encodeQueueSize > 2) { frame.close(); return; }
    const now = performance.now();
    const key = now - this.lastKey >= KEYFRAME_MS;
    if (key) this.lastKey = now;
    this.captured.set(frame.timestamp, { wall: Date.now(), at: now });
    this.video.encode(frame, { keyFrame: key });
    frame.close();
  }

  encodeAudio(data) {
    if (!this.audioConfigured) {
      this.audio.configure({ codec: 'opus', sampleRate: data.sampleRate, numberOfChannels: Math.min(2, data.numberOfChannels), bitrate: 64000 });
      this.audioConfigured = true;
      this.channels = Math.min(2, data.numberOfChannels);
    }
    this.audio.encode(data);
    data.close();
  }

  onVideo(chunk, meta) {
    if (meta && meta.decoderConfig && meta.decoderConfig.description) this.videoConfig = new Uint8Array(meta.decoderConfig.description);
    const bytes = new Uint8Array(chunk.byteLength); chunk.copyTo(bytes);
    const when = this.captured.get(chunk.timestamp); this.captured.delete(chunk.timestamp);
    if (when) this.sink.stats({ encodeMs: performance.now() - when.at });
    this.queue({ track: mp4.VIDEO_TRACK, timestamp: chunk.timestamp, duration: chunk.duration || this.frameUs, key: chunk.type === 'key', bytes, wall: when ? when.wall : Date.now() });
  }

  onAudio(chunk, meta) {
    if (meta && meta.decoderConfig) this.audioConfig = { preSkip: preSkipOf(meta.decoderConfig.description) };
    const bytes = new Uint8Array(chunk.byteLength); chunk.copyTo(bytes);
    this.queue({ track: mp4.AUDIO_TRACK, timestamp: chunk.timestamp, duration: chunk.duration || 20000, key: true, bytes });
  }

  // The init segment needs both encoders' configurations; what comes before it waits, in order.
  queue(sample) {
    if (!this.initDone) {
      this.pending.push(sample);
      if (!this.videoConfig || (this.hasAudio && !this.audioConfig)) return;
      this.initDone = true;
      this.sink.init(mp4.initSegment({ width: this.width, height: this.height, avcC: this.videoConfig },
        this.hasAudio ? { channels: this.channels, preSkip: this.audioConfig.preSkip } : null));
      const waiting = this.pending; this.pending = [];
      waiting.forEach((s) => this.emit(s));
      return;
    }
    this.emit(sample);
  }

  emit(s) {
    if (this.base === null) {
      if (s.track !== mp4.VIDEO_TRACK || !s.key) return; // a feed starts with a video keyframe
      this.base = s.timestamp;
    }
    if (s.timestamp < this.base) return;
    const video = s.track === mp4.VIDEO_TRACK;
    if (video && s.key) this.sink.segment();
    const scale = video ? 1 : mp4.AUDIO_TIMESCALE / 1000000;
    this.sink.fragment(mp4.fragment({ sequence: this.sequence++, track: s.track, decodeTime: Math.round((s.timestamp - this.base) * scale),
      duration: Math.max(1, Math.round(s.duration * scale)), data: s.bytes, key: s.key, wallMs: video ? s.wall : undefined }));
  }

  /** Stops capture and sends what the encoders still hold. */
  async stop() {
    this.running = false;
    for (const r of this.readers || []) r.cancel().catch(() => {});
    try { if (this.video.state === 'configured') await this.video.flush(); } catch (e) { /* closed */ }
    try { if (this.audio && this.audio.state === 'configured') await this.audio.flush(); } catch (e) { /* closed */ }
    for (const e of [this.video, this.audio]) if (e && e.state !== 'closed') e.close();
  }

  fail(e) { this.running = false; if (this.onError) this.onError(e); }
}

// The OpusHead the encoder may give (RFC 7845: "OpusHead", version, channels, pre-skip little-endian, …); else 312.
function preSkipOf(description) {
  if (!description || description.byteLength < 12) return 312;
  const b = new Uint8Array(description.buffer ? description.buffer : description, description.byteOffset || 0);
  return b[10] | (b[11] << 8);
}
