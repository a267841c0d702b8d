// A live tile's picture: the low-latency WebSocket stream (liveSocket.ts) by default, or the HLS relay through hls.js
// (liveHls.ts) with mode=hls in the page's hash. Either reports its tracks and reference points (prft) to the tile.
import type { Reference } from '../logic/liveTiming';
import { HlsPlayer } from './liveHls';
import { SocketPlayer } from './liveSocket';

export interface Tracks { audio: boolean; types: string }

export interface PlayerEvents {
  /** A producer reference time for a frame on the video's timeline: the tile's delay is measured from it. */
  onReference(reference: Reference): void;
  onTracks(tracks: Tracks): void;
}

export interface LivePlayer { readonly video: HTMLVideoElement; close(): void }

/** What a player needs to reach the relay: the feed, the logged reason, and the token as of now (asked at each request
 * or connection, so a token renewed by the session is the one sent). */
export interface RelayAccess { feed: string; reason: string; token: () => Promise<string | null> }

export type LiveMode = 'socket' | 'hls';

export function livePlayer(access: RelayAccess, mode: LiveMode, events: PlayerEvents): LivePlayer {
  const video = document.createElement('video');
  Object.assign(video, { muted: true, autoplay: true, playsInline: true });
  if (mode === 'hls' && HlsPlayer.supported()) return new HlsPlayer(video, access, events);
  return new SocketPlayer(video, access, events);
}
