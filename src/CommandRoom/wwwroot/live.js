// One live tile: the low-latency WebSocket stream appended to Media Source Extensions (one SourceBuffer per pushed
// stream, its type as the relay read it from the init's sample entries: picture and sound), with a catch-up controller,
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

  // A tile appears as its feed starts, before the feed's first whole segment: the relay answers its playlists 404
  // (relay-feed-starting, Retry-After: 1) for that second or two. hls.js never retries a 4xx on its own (its playlist
  // would be given up for good), so these loads retry a 404 too, every second for half a minute at most.
  function startingPolicy() {
    const shouldRetry = (config, count, timeout, response, retry) => retry || (count < config.maxNumRetry && response?.code === 404);
    return {
      default: {
        maxTimeToFirstByteMs: 10000, maxLoadTimeMs: 20000,
        timeoutRetry: { maxNumRetry: 2, retryDelayMs: 0, maxRetryDelayMs: 0 },
        errorRetry: { maxNumRetry: 30, retryDelayMs: 1000, maxRetryDelayMs: 1000, shouldRetry },
      },
    };
  }

  class Tile {
    constructor(feed, token, reason, onDelay, onTracks) {
      this.feed = feed; this.token = token; this.reason = reason; this.onDelay = onDelay; this.onTracks = onTracks;
      this.video = document.createElement('video');
      Object.assign(this.video, { muted: true, autoplay: true, playsInline: true });
      this.reference = null; this.closed = false; this.hasAudio = false;
      const hls = new URLSearchParams(location.hash.slice(1)).get('mode') === 'hls';
      if (hls && window.Hls && Hls.isSupported()) this.playHls(); else this.playSocket();
      this.timer = setInterval(() => this.measure(), 250);
    }

    playHls() {
      const url = `/relay/${encodeURIComponent(this.feed)}/index.m3u8?access_token=${encodeURIComponent(this.token)}&reason=${encodeURIComponent(this.reason)}`;
      this.hls = new Hls({ liveSyncDurationCount: 1, liveMaxLatencyDurationCount: 3, lowLatencyMode: true,
        manifestLoadPolicy: startingPolicy(), playlistLoadPolicy: startingPolicy() });
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
      this.hls.on(Hls.Events.MANIFEST_PARSED, (_, data) => {
        const audio = data.audioTracks?.length > 0 || data.levels?.some((l) => /mp4a|opus/.test(l.audioCodec ?? l.attrs?.CODECS ?? ''));
        this.hasAudio = Boolean(audio);
        if (this.onTracks) this.onTracks({ audio: this.hasAudio, types: data.levels?.map((l) => l.attrs?.CODECS).join(' ') ?? '' });
      });
      // A muxed feed's playlist is a media playlist, which names no codecs: its init segment does, as hls.js reads it.
      this.hls.on(Hls.Events.BUFFER_CODECS, (_, tracks) => {
        const codecs = Object.values(tracks).map((t) => t.codec).join(',');
        if (this.hasAudio || !/mp4a|opus|flac|ac-3|ec-3/.test(codecs)) return;
        this.hasAudio = true;
        if (this.onTracks) this.onTracks({ audio: true, types: codecs });
      });
    }

    playSocket() {
      this.source = new MediaSource();
      this.video.src = URL.createObjectURL(this.source);
      this.streams = new Map();
      this.source.addEventListener('sourceopen', () => this.setup(), { once: true });
      const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
      this.socket = new WebSocket(`${scheme}//${location.host}/relay/${encodeURIComponent(this.feed)}/ws?access_token=${encodeURIComponent(this.token)}&reason=${encodeURIComponent(this.reason)}`);
      this.socket.binaryType = 'arraybuffer';
      this.socket.onmessage = (e) => this.receive(new Uint8Array(e.data));
    }

    // [kind: 0 init, 1 fragment][stream][relay time: 8 bytes][init only: type length (2 bytes), Media Source type][bytes].
    // Each stream (muxed picture and sound, or ffmpeg dash's picture and sound apart) gets its own SourceBuffer.
    receive(message) {
      const kind = message[0], index = message[1];
      let stream = this.streams.get(index);
      if (!stream) this.streams.set(index, stream = { queue: [], buffer: null, type: null, timescale: 90000 });
      if (kind === 0) {
        // A stream whose init comes after the SourceBuffers were made (a DASH push whose sound init was overtaken by the
        // picture's first fragment): a MediaSource takes no SourceBuffer then, so start over on a new one. The relay
        // gives a new subscriber every stream's init first, then the fragments from the newest keyframe.
        if (this.ready && !stream.type) { this.restart(); return; }
        const length = (message[10] << 8) | message[11];
        stream.type = new TextDecoder().decode(message.subarray(12, 12 + length));
        const data = message.subarray(12 + length);
        stream.timescale = timescaleOf(data);
        stream.queue.push(data);
      } else {
        if (!stream.type) return; // media of a stream whose init has not come: its decoder cannot take it
        const data = message.subarray(10);
        const p = prftOf(data);
        if (p) this.reference = { wallMs: p.wallMs, seconds: p.media / stream.timescale };
        stream.queue.push(data);
        this.media = true;
      }
      if (this.ready && !stream.buffer) stream.queue = []; // a stream the browser cannot play
      this.setup();
      this.pump();
    }

    restart() {
      this.socket.onmessage = null;
      this.socket.close();
      URL.revokeObjectURL(this.video.src);
      this.ready = false; this.media = false; this.reference = null;
      this.playSocket();
    }

    // SourceBuffers are made once media flows (every stream's init comes before it), all at once: a MediaSource takes
    // no new SourceBuffer after its first ones have their inits.
    setup() {
      if (this.ready || !this.media || this.source.readyState !== 'open') return;
      this.ready = true;
      for (const stream of this.streams.values()) {
        if (!stream.type) continue;
        if (!MediaSource.isTypeSupported(stream.type)) { console.warn('unsupported', stream.type); stream.queue = []; continue; }
        stream.buffer = this.source.addSourceBuffer(stream.type);
        stream.buffer.mode = 'segments';
        stream.buffer.addEventListener('updateend', () => this.pump());
      }
      const types = [...this.streams.values()].filter((s) => s.buffer).map((s) => s.type).join(' ');
      this.hasAudio = /mp4a|opus|flac|ac-3|ec-3/.test(types);
      if (this.onTracks) this.onTracks({ audio: this.hasAudio, types });
    }

    pump() {
      if (this.closed || !this.streams) return;
      for (const stream of this.streams.values()) {
        if (!stream.buffer || stream.buffer.updating || stream.queue.length === 0) continue;
        try { stream.buffer.appendBuffer(stream.queue.shift()); } catch (e) { console.warn('append', e); continue; }
      }
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
      if (v.currentTime - b.start(0) <= 30) return;
      for (const stream of this.streams.values())
        if (stream.buffer && !stream.buffer.updating) stream.buffer.remove(0, v.currentTime - 10);
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

// The tile as the operator sees it: the picture, camera · agent · position, the path the feed came by (ffmpeg,
// navigateur, RTMP, SRT), the measured delay, a sound toggle (tiles start muted: browsers autoplay only muted video),
// and, once enlarged, a volume control. Click enlarges; the controls do not; « Fiche » or a double-click opens the feed's page.
window.LiveTileView = (function () {
  const sources = { ffmpeg: 'ffmpeg', browser: 'navigateur', rtmp: 'RTMP', srt: 'SRT' };

  function span(className, text) {
    const element = document.createElement('span');
    element.className = className;
    element.textContent = text;
    return element;
  }

  return function view(feed, token, reason) {
    const id = feed.id ?? feed.feed;
    const element = document.createElement('div');
    element.className = 'tile';
    element.dataset.feed = id;
    const source = sources[feed.source] ? feed.source : 'ffmpeg';
    element.dataset.source = source;
    const meta = document.createElement('div');
    meta.className = 'meta';
    const label = span('label', `${feed.camera ?? id} · agent ${feed.officer ?? '—'}${feed.position ? ' · ' + feed.position : ''}`);
    const path = span(`source source-${source}`, sources[source]);
    path.title = `Arrivé par ${sources[source]}`;
    const delay = span('delay', '… s');
    const sound = document.createElement('button');
    sound.type = 'button';
    sound.className = 'sound';
    sound.disabled = true;
    sound.textContent = 'Pas de son';
    const volume = document.createElement('input');
    Object.assign(volume, { type: 'range', min: '0', max: '1', step: '0.05', value: '1', className: 'volume' });
    volume.setAttribute('aria-label', 'Volume');
    // The feed's page (who watches, since when, its hash chain): a link, so a keyboard reaches it; double-click too.
    const page = document.createElement('a');
    page.className = 'feed-page';
    page.href = '/app/feed.html?id=' + encodeURIComponent(id);
    page.textContent = 'Fiche';
    page.title = 'Fiche du flux';
    page.addEventListener('click', (e) => e.stopPropagation());
    meta.append(label, path, sound, volume, delay, page);

    const tile = new window.LiveTile(id, token, reason, (ms) => {
      delay.textContent = (ms / 1000).toFixed(2).replace('.', ',') + ' s';
      element.dataset.delayMs = String(Math.round(ms));
    }, (tracks) => {
      element.dataset.audio = tracks.audio ? 'yes' : 'no';
      element.dataset.types = tracks.types;
      sound.disabled = !tracks.audio;
      showSound();
    });
    const video = tile.video;
    function showSound() {
      if (sound.disabled) return;
      sound.textContent = video.muted ? 'Son coupé' : 'Son actif';
      sound.setAttribute('aria-pressed', String(!video.muted));
      element.dataset.muted = String(video.muted);
    }
    sound.addEventListener('click', (e) => {
      e.stopPropagation();
      video.muted = !video.muted;
      if (!video.muted && video.volume === 0) video.volume = volume.value = 1;
      showSound();
    });
    volume.addEventListener('click', (e) => e.stopPropagation());
    volume.addEventListener('input', () => {
      video.volume = Number(volume.value);
      if (video.volume > 0 && video.muted && !sound.disabled) { video.muted = false; showSound(); }
    });
    element.append(video, meta);
    element.addEventListener('click', () => element.classList.toggle('enlarged'));
    element.addEventListener('dblclick', () => location.assign(page.href));
    return { element, tile };
  };
})();
