// Live benchmark load: N viewers per feed over the low-latency WebSocket, one HLS poller per feed, an optional
// stalled viewer (a WebSocket that never reads), and the baseline: an HTTP receiver taking one ffmpeg push directly.
// Delay of a fragment = arrival here − the producer's wall-clock time in its prft box (written by ffmpeg as it muxes
// the frame). Run with node --experimental-websocket.
// usage: node viewers.mjs MODE BASE TOKEN FEEDS VIEWERS SECONDS [PREFIX]   (MODE: ws | ws-stall | hls | baseline PORT SECONDS)
import http from 'node:http';
import net from 'node:net';

const NTP = 2208988800;
function prftMs(bytes) {
  for (let at = 0; at + 8 <= bytes.length;) {
    const view = new DataView(bytes.buffer, bytes.byteOffset + at);
    const size = view.getUint32(0);
    const type = String.fromCharCode(bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]);
    if (size < 8) return null;
    if (type === 'prft') return (view.getUint32(16) - NTP) * 1000 + view.getUint32(20) / 4294967.296;
    at += size;
  }
  return null;
}
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN; };
const summary = (xs) => ({ n: xs.length, p50: Math.round(pct(xs, 0.5)), p95: Math.round(pct(xs, 0.95)) });

const [mode, ...rest] = process.argv.slice(2);

if (mode === 'baseline') {
  const [port, seconds] = rest.map(Number);
  const delays = [];
  const server = http.createServer((req, res) => {
    let pending = Buffer.alloc(0);
    req.on('data', (chunk) => {
      const now = Date.now();
      pending = Buffer.concat([pending, chunk]);
      // cut complete boxes; a prft box announces the fragment that follows it
      while (pending.length >= 8) {
        const size = pending.readUInt32BE(0);
        if (size < 8 || pending.length < size) break;
        if (pending.toString('latin1', 4, 8) === 'prft') delays.push(now - ((pending.readUInt32BE(16) - NTP) * 1000 + pending.readUInt32BE(20) / 4294967.296));
        pending = pending.subarray(size);
      }
    });
    req.on('end', () => res.writeHead(204).end());
  });
  server.listen(port, '127.0.0.1');
  setTimeout(() => { console.log(JSON.stringify({ baseline: summary(delays) })); process.exit(0); }, seconds * 1000);
} else {
  const [base, token, feeds, viewers, seconds] = [rest[0], rest[1], Number(rest[2]), Number(rest[3]), Number(rest[4])];
  const prefix = rest[5] ?? 'bench-'; // feeds are PREFIX0, PREFIX1…
  const ws = base.replace(/^http/, 'ws');
  const results = {};
  const record = (key, value) => (results[key] ??= []).push(value);
  const sockets = [];
  const viewers_ = [];
  if (mode.startsWith('ws')) {
    for (let f = 0; f < feeds; f++) for (let v = 0; v < viewers; v++) {
      const socket = new WebSocket(`${ws}/relay/${prefix}${f}/ws?access_token=${token}&reason=benchmark`);
      socket.binaryType = 'arraybuffer';
      // [kind][stream][relay time 8][init: 2-byte length + Media Source type][bytes]: count, per viewer, the fragments
      // of the streams whose init says they carry sound.
      const soundStreams = new Set();
      const viewer = { feed: f, audio: 0 };
      viewers_.push(viewer);
      socket.onmessage = (e) => {
        const now = Date.now();
        const bytes = new Uint8Array(e.data);
        if (bytes[0] === 0) {
          const type = new TextDecoder().decode(bytes.subarray(12, 12 + ((bytes[10] << 8) | bytes[11])));
          if (/mp4a|opus/.test(type)) soundStreams.add(bytes[1]);
          return;
        }
        if (soundStreams.has(bytes[1])) viewer.audio++;
        const wall = prftMs(bytes.subarray(10));
        if (wall) record(`feed${f}`, now - wall);
      };
      sockets.push(socket);
    }
    if (mode === 'ws-stall') {
      // A viewer that completes the WebSocket handshake on feed 0 and then never reads a byte.
      const url = new URL(`${base}/relay/${prefix}0/ws?access_token=${token}&reason=benchmark`);
      const raw = net.connect(Number(url.port), url.hostname, () => {
        raw.write(`GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
        raw.once('data', () => raw.pause());
      });
    }
  } else {
    for (let f = 0; f < feeds; f++) {
      const seen = new Set();
      const poll = async () => {
        try {
          const q = `?access_token=${token}&reason=benchmark`;
          const text = await (await fetch(`${base}/relay/${prefix}${f}/index.m3u8${q}`)).text();
          const names = text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('?')[0]);
          const fresh = names.filter((n) => !seen.has(n));
          if (seen.size === 0) fresh.splice(0, fresh.length - 1);
          for (const n of names) seen.add(n);
          for (const n of fresh) {
            const bytes = new Uint8Array(await (await fetch(`${base}/relay/${prefix}${f}/${n}${q}`)).arrayBuffer());
            const wall = prftMs(bytes);
            if (wall) record(`feed${f}`, Date.now() - wall);
          }
        } catch { /* feed not there yet */ }
      };
      // hls.js reloads a live playlist about every target duration (1 s), sooner when it did not change; poll at 0.5 s.
      setInterval(poll, 500);
    }
  }
  setTimeout(() => {
    const all = Object.values(results).flat();
    const others = Object.entries(results).filter(([k]) => k === 'feed0').flatMap(([, v]) => v);
    const sound = { viewers: viewers_.length, withAudio: viewers_.filter((v) => v.audio > 0).length,
      audioFragments: viewers_.reduce((n, v) => n + v.audio, 0) };
    console.log(JSON.stringify({ mode, sound, all: summary(all), feed0: summary(others), perFeed: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, summary(v)])) }));
    process.exit(0);
  }, seconds * 1000);
}
