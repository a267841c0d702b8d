// One live tile: the low-latency WebSocket stream appended to Media Source Extensions, with a catch-up controller,
// and the measured delay (producer wall-clock time from each fragment's prft box against the frame on screen).
// With mode=hls in the page's hash, tiles play the HLS relay through hls.js instead.
'use strict';
window.LiveTile = (function () {
  const NTP_EPOCH_OFFSET = 2208988800;

  function boxes(bytes, from, to, visit) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let at = from; at + 8 <= to;) {
      const size = view.getUint32(at);
      const type = String.fromCharCode(bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]);
      if (size < 8) return;
      if (visit(type, at + 8, at + size, view) === false) return;
      at += size;
    }
  }

  function codecOf(init) {
    const text = new TextDecoder('latin1').decode(init);
    const at = text.indexOf('avcC');
    if (at < 0) return 'avc1.42E01E';
    const hex = (b) => b.toString(16).padStart(2, '0');
    return 'avc1.' + hex(init[at + 5]) + hex(init[at + 6]) + hex(init[at + 7]);
  }

  function timescaleOf(init) {
    const text = new TextDecoder('latin1').decode(init);
    const at = text.indexOf('mdhd');
    if (at < 0) return 90000;
    const view = new DataView(init.buffer, init.byteOffset);
    return view.getUint32(at + 4 + (init[at + 4] === 1 ? 20 : 12));
  }

  // The producer reference time of a fragment: { wallMs, media } or null.
  function prftOf(bytes) {
    let found = null;
    boxes(bytes, 0, bytes.length, (type, body, end, view) => {
      if (type !== 'prft') return true;
      const seconds = view.getUint32(body + 8), fraction = view.getUint32(body + 12);
      const media = bytes[body] === 1 ? Number(view.getBigUint64(body + 16)) : view.getUint32(body + 16);
      found = { wallMs: (seconds - NTP_EPOCH_OFFSET) * 1000 + fraction / 4294967.296, media };
      return false;
    });
    return found;
  }

  class Tile {
    constructor(feed, token, reason, onDelay) {
      this.feed = feed; this.token = token; this.reason = reason; this.onDelay = onDelay;
      this.video = document.createElement('video');
      Object.assign(this.video, { muted: true, autoplay: true, playsInline: true });
      this.queue = []; this.timescale = 90000; this.reference = null; this.closed = false;
      const hls = new URLSearchParams(location.hash.slice(1)).get('mode') === 'hls';
      if (hls && window.Hls && Hls.isSupported()) this.playHls(); else this.playSocket();
      this.timer = setInterval(() => this.measure(), 250);
    }

    playHls() {
      const url = `/relay/${encodeURIComponent(this.feed)}/index.m3u8?access_token=${encodeURIComponent(this.token)}&reason=${encodeURIComponent(this.reason)}`;
      this.hls = new Hls({ liveSyncDurationCount: 1, liveMaxLatencyDurationCount: 3, lowLatencyMode: true });
      this.hls.loadSource(url);
      this.hls.attachMedia(this.video);
      // fMP4 passes through hls.js unchanged: the prft boxes are still in what it appends.
      this.hls.on(Hls.Events.BUFFER_APPENDING, (_, data) => {
        if (data.type !== 'video' && data.type !== 'audiovideo') return;
        // hls.js places segments on its own timeline: the segment's start there is its first frame.
        const p = prftOf(data.data);
        if (p && data.frag && Number.isFinite(data.frag.start) && data.frag.sn !== this.referenceSn) {
          this.referenceSn = data.frag.sn;
          this.reference = { wallMs: p.wallMs, seconds: data.frag.start };
        }
      });
      this.hls.on(Hls.Events.ERROR, (_, data) => { if (data.fatal) console.warn('hls.js', data.type, data.details); });
    }

    playSocket() {
      this.source = new MediaSource();
      this.video.src = URL.createObjectURL(this.source);
      const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
      this.socket = new WebSocket(`${scheme}//${location.host}/relay/${encodeURIComponent(this.feed)}/ws?access_token=${encodeURIComponent(this.token)}&reason=${encodeURIComponent(this.reason)}`);
      this.socket.binaryType = 'arraybuffer';
      this.socket.onmessage = (e) => this.receive(new Uint8Array(e.data));
    }

    receive(message) {
      const kind = message[0], data = message.subarray(9);
      if (kind === 0) {
        this.timescale = timescaleOf(data);
        if (!this.buffer) {
          const open = () => {
            this.buffer = this.source.addSourceBuffer(`video/mp4; codecs="${codecOf(data)}"`);
            this.buffer.mode = 'segments';
            this.buffer.addEventListener('updateend', () => this.pump());
            this.pump();
          };
          if (this.source.readyState === 'open') open(); else this.source.addEventListener('sourceopen', open, { once: true });
        }
      } else {
        const p = prftOf(data);
        if (p) this.reference = { wallMs: p.wallMs, seconds: p.media / this.timescale };
      }
      this.queue.push(data);
      this.pump();
    }

    pump() {
      if (!this.buffer || this.buffer.updating || this.queue.length === 0 || this.closed) return;
      try { this.buffer.appendBuffer(this.queue.shift()); } catch (e) { console.warn('append', e); return; }
      this.catchUp();
    }

    // Play a little faster when behind; jump to the newest data when far behind (a keyframe follows at most 1 s on).
    catchUp() {
      const v = this.video, b = v.buffered;
      if (b.length === 0) return;
      const end = b.end(b.length - 1), lag = end - v.currentTime;
      if (lag > 2) v.currentTime = Math.max(b.start(b.length - 1), end - 0.3);
      else if (lag > 0.8) v.playbackRate = 1.1;
      else if (lag < 0.3) v.playbackRate = 1.0;
      if (v.paused) v.play().catch(() => {});
      if (!this.buffer.updating && v.currentTime - b.start(0) > 30) this.buffer.remove(b.start(0), v.currentTime - 10);
    }

    measure() {
      const r = this.reference, v = this.video;
      if (!r || v.readyState < 2) return;
      const shownWall = r.wallMs + (v.currentTime - r.seconds) * 1000;
      this.delayMs = Date.now() - shownWall;
      this.onDelay(this.delayMs);
    }

    close() {
      this.closed = true;
      clearInterval(this.timer);
      if (this.socket) this.socket.close();
      if (this.hls) this.hls.destroy();
    }
  }
  return Tile;
})();
