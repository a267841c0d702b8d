// A thin wrapper over hls.js: the recording's proxy, requests carrying the token; the consultation rides in the URL.
import Hls from 'hls.js';
import { api, type Consultation } from '../api';

export function attachPlayback(video: HTMLVideoElement, recordingId: string, consultation: Consultation,
  onError: (message: string) => void): () => void {
  const url = api.playbackUrl(recordingId, consultation);
  const hls = new Hls({
    xhrSetup: (xhr) => { for (const [k, v] of Object.entries(api.authorization())) xhr.setRequestHeader(k, v); },
    maxBufferLength: 10,
  });
  hls.on(Hls.Events.ERROR, (_, data) => {
    if (!data.fatal) return;
    const status = data.response?.code;
    onError(status ? `HTTP ${status}` : data.details);
  });
  hls.loadSource(url);
  hls.attachMedia(video);
  return () => hls.destroy();
}
