// The HLS relay through hls.js: each request carries the session's token of the moment in a header (a token fixed
// in the playlist's URL would be sent on, and refused, after it expired); the consultation's reason rides in the URL.
import Hls, { type LoadPolicy } from 'hls.js';
import { hasSound, prftOf } from '../logic/fmp4';
import type { LivePlayer, PlayerEvents, RelayAccess } from './livePlayer';

// A tile appears as its feed starts, before the feed's first whole segment: the relay answers its playlists 404
// (relay-feed-starting, Retry-After: 1) for that second or two. hls.js never retries a 4xx on its own (its playlist
// would be given up for good), so these loads retry a 404 too, every second for half a minute at most.
function startingPolicy(): LoadPolicy {
  return {
    default: {
      maxTimeToFirstByteMs: 10000, maxLoadTimeMs: 20000,
      timeoutRetry: { maxNumRetry: 2, retryDelayMs: 0, maxRetryDelayMs: 0 },
      errorRetry: { maxNumRetry: 30, retryDelayMs: 1000, maxRetryDelayMs: 1000,
        shouldRetry: (config, count, _timeout, response, retry) => retry || (count < (config?.maxNumRetry ?? 0) && response?.code === 404) },
    },
  };
}

export class HlsPlayer implements LivePlayer {
  private readonly hls: Hls;
  private referenceSn: number | 'initSegment' | null = null;
  private hasAudio = false;

  static supported(): boolean { return Hls.isSupported(); }

  constructor(readonly video: HTMLVideoElement, access: RelayAccess, private readonly events: PlayerEvents) {
    this.hls = new Hls({
      liveSyncDurationCount: 1, liveMaxLatencyDurationCount: 3, lowLatencyMode: true,
      manifestLoadPolicy: startingPolicy(), playlistLoadPolicy: startingPolicy(),
      xhrSetup: async (xhr, url) => {
        const bearer = await access.token();
        if (xhr.readyState === 0) xhr.open('GET', url, true);
        if (bearer) xhr.setRequestHeader('Authorization', `Bearer ${bearer}`);
      },
    });
    this.hls.loadSource(`/relay/${encodeURIComponent(access.feed)}/index.m3u8?reason=${encodeURIComponent(access.reason)}`);
    this.hls.attachMedia(video);
    this.listen();
  }

  private listen(): void {
    // fMP4 passes through hls.js unchanged: the prft boxes are still in what it appends. hls.js places segments on
    // its own timeline: the segment's start there is its first frame.
    this.hls.on(Hls.Events.BUFFER_APPENDING, (_, data) => {
      if (data.type !== 'video' && data.type !== 'audiovideo') return;
      const p = prftOf(data.data);
      if (p && data.frag && Number.isFinite(data.frag.start) && data.frag.sn !== this.referenceSn) {
        this.referenceSn = data.frag.sn;
        this.events.onReference({ wallMs: p.wallMs, seconds: data.frag.start });
      }
    });
    this.hls.on(Hls.Events.ERROR, (_, data) => { if (data.fatal) console.warn('hls.js', data.type, data.details); });
    this.hls.on(Hls.Events.MANIFEST_PARSED, (_, data) => {
      this.hasAudio = data.audioTracks?.length > 0 || data.levels.some((l) => hasSound(l.audioCodec ?? l.attrs?.CODECS ?? ''));
      this.events.onTracks({ audio: this.hasAudio, types: data.levels.map((l) => l.attrs?.CODECS ?? '').join(' ') });
    });
    // A muxed feed's playlist is a media playlist, which names no codecs: its init segment does, as hls.js reads it.
    this.hls.on(Hls.Events.BUFFER_CODECS, (_, tracks) => {
      const codecs = Object.values(tracks).map((t) => t?.codec ?? '').join(',');
      if (this.hasAudio || !hasSound(codecs)) return;
      this.hasAudio = true;
      this.events.onTracks({ audio: true, types: codecs });
    });
  }

  close(): void { this.hls.destroy(); }
}
