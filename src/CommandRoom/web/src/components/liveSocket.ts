// The low-latency player: the relay's WebSocket appended to Media Source Extensions, one SourceBuffer per pushed
// stream (its type as the relay read it from the init's sample entries: picture and sound), with a catch-up controller.
// A connection lost otherwise than by the feed's end is made again, with the session's token of that moment (a token
// taken when the tile was made may have expired since; with a provider, the session has renewed it).
import { hasSound, prftOf, relayMessage, timescaleOf } from '../logic/fmp4';
import { catchUp, reconnectDelayMs } from '../logic/liveTiming';
import type { LivePlayer, PlayerEvents, RelayAccess } from './livePlayer';

interface Stream { queue: Uint8Array[]; buffer: SourceBuffer | null; type: string | null; timescale: number }

export class SocketPlayer implements LivePlayer {
  private source: MediaSource | null = null;
  private streams = new Map<number, Stream>();
  private socket: WebSocket | null = null;
  private ready = false; // SourceBuffers made
  private media = false; // a fragment came
  private closed = false;
  private attempts = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly video: HTMLVideoElement, private readonly access: RelayAccess, private readonly events: PlayerEvents) {
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.video.src) URL.revokeObjectURL(this.video.src);
    const source = this.source = new MediaSource();
    this.video.src = URL.createObjectURL(source);
    this.streams = new Map();
    this.ready = false; this.media = false;
    source.addEventListener('sourceopen', () => this.setup(), { once: true });
    const bearer = await this.access.token();
    if (this.closed) return;
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const query = new URLSearchParams({ reason: this.access.reason });
    if (bearer) query.set('access_token', bearer); // a browser's WebSocket sends no Authorization header
    const socket = this.socket = new WebSocket(`${scheme}//${location.host}/relay/${encodeURIComponent(this.access.feed)}/ws?${query}`);
    socket.binaryType = 'arraybuffer';
    socket.onmessage = (e) => { this.attempts = 0; this.receive(new Uint8Array(e.data as ArrayBuffer)); };
    socket.onclose = (e) => { if (socket === this.socket) this.lost(e); };
  }

  // The relay closes normally when the feed ends (the hub's feedEnded then takes the tile away); any other close is a
  // lost link (a node restarting, a network change): connect again, sooner first, then every 5 s.
  private lost(e: CloseEvent): void {
    this.socket = null;
    if (this.closed || e.code === 1000) return;
    this.retry = setTimeout(() => void this.connect(), reconnectDelayMs(++this.attempts));
  }

  private restart(): void {
    if (this.socket) { this.socket.onclose = null; this.socket.onmessage = null; this.socket.close(); this.socket = null; }
    void this.connect();
  }

  // Each stream (muxed picture and sound, or ffmpeg dash's picture and sound apart) gets its own SourceBuffer.
  private receive(bytes: Uint8Array): void {
    const message = relayMessage(bytes);
    let stream = this.streams.get(message.stream);
    if (!stream) this.streams.set(message.stream, stream = { queue: [], buffer: null, type: null, timescale: 90000 });
    if (message.kind === 'init') {
      // A stream whose init comes after the SourceBuffers were made (a DASH push whose sound init was overtaken by the
      // picture's first fragment): a MediaSource takes no SourceBuffer then, so start over on a new one. The relay
      // gives a new subscriber every stream's init first, then the fragments from the newest keyframe.
      if (this.ready && !stream.type) { this.restart(); return; }
      stream.type = message.type;
      stream.timescale = timescaleOf(message.data);
      stream.queue.push(message.data);
    } else {
      if (!stream.type) return; // media of a stream whose init has not come: its decoder cannot take it
      const p = prftOf(message.data);
      if (p) this.events.onReference({ wallMs: p.wallMs, seconds: p.media / stream.timescale });
      stream.queue.push(message.data);
      this.media = true;
    }
    if (this.ready && !stream.buffer) stream.queue = []; // a stream the browser cannot play
    this.setup();
    this.pump();
  }

  // SourceBuffers are made once media flows (every stream's init comes before it), all at once: a MediaSource takes
  // no new SourceBuffer after its first ones have their inits.
  private setup(): void {
    if (this.ready || !this.media || this.source?.readyState !== 'open') return;
    this.ready = true;
    for (const stream of this.streams.values()) {
      if (!stream.type) continue;
      if (!MediaSource.isTypeSupported(stream.type)) { console.warn('unsupported', stream.type); stream.queue = []; continue; }
      stream.buffer = this.source.addSourceBuffer(stream.type);
      stream.buffer.mode = 'segments';
      stream.buffer.addEventListener('updateend', () => this.pump());
    }
    const types = [...this.streams.values()].filter((s) => s.buffer).map((s) => s.type).join(' ');
    this.events.onTracks({ audio: hasSound(types), types });
  }

  private pump(): void {
    if (this.closed) return;
    for (const stream of this.streams.values()) {
      if (!stream.buffer || stream.buffer.updating || stream.queue.length === 0) continue;
      try { stream.buffer.appendBuffer(stream.queue.shift()! as BufferSource); } catch (e) { console.warn('append', e); }
    }
    this.keepUp();
  }

  private keepUp(): void {
    const v = this.video, b = v.buffered;
    if (b.length === 0) return;
    const action = catchUp(v.currentTime, b.start(b.length - 1), b.end(b.length - 1));
    if (action && 'seek' in action) v.currentTime = action.seek;
    else if (action) v.playbackRate = action.rate;
    if (v.paused) v.play().catch(() => {});
    if (v.currentTime - b.start(0) <= 30) return; // keep the last 10 s or so buffered, not the whole watch
    for (const stream of this.streams.values())
      if (stream.buffer && !stream.buffer.updating) stream.buffer.remove(0, v.currentTime - 10);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    this.socket?.close();
    this.socket = null;
  }
}
