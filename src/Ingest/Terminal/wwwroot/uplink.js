// The push to the ingest over one WebSocket, resumable: every segment is kept until the server acknowledges it
// (stored and chained); after a lost connection the page reconnects, sends the init segment again and every segment
// not yet acknowledged, then goes on live. States: connecting, live, reconnecting, ending, ended, refused.
const MAX_KEPT = 120; // segments (about two minutes) kept while the network is away
const RETRY_MS = [300, 600, 1000, 2000, 3000];

export class Uplink {
  constructor(url, events) {
    this.url = url; this.events = events;
    this.segments = []; this.current = null; this.init = null; this.state = 'idle';
    this.retries = 0; this.sentBytes = 0; this.acked = 0; this.lost = 0; this.rttMs = null;
  }

  start(init) { this.init = init; this.connect(); }

  setState(state, detail) { this.state = state; this.events.state(state, detail); }

  connect() {
    this.setState(this.retries === 0 ? 'connecting' : 'reconnecting');
    const ws = new WebSocket(this.url);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.onopen = () => {
      this.retries = 0;
      this.sendText({ init: true }); this.sendBytes(this.init);
      for (const s of this.segments) this.sendSegment(s);
      if (this.ending) this.sendText({ end: true });
      this.setState(this.ending ? 'ending' : 'live');
      this.pinger = setInterval(() => this.sendText({ ping: performance.now() }), 2000);
    };
    ws.onmessage = (e) => this.receive(JSON.parse(e.data));
    ws.onclose = () => {
      clearInterval(this.pinger);
      if (this.ws !== ws || ['ended', 'refused'].includes(this.state)) return;
      const wait = RETRY_MS[Math.min(this.retries++, RETRY_MS.length - 1)];
      this.setState('reconnecting');
      this.timer = setTimeout(() => this.connect(), wait);
    };
  }

  receive(m) {
    if (m.ack !== undefined) {
      const i = this.segments.findIndex((s) => s.name === m.ack);
      if (i >= 0) { this.segments.splice(i, 1); this.acked++; }
      this.events.progress();
    } else if (m.pong !== undefined) {
      this.rttMs = performance.now() - m.pong;
    } else if (m.ended) {
      this.setState('ended');
      this.ws.close();
    } else if (m.error !== undefined) {
      if (m.status >= 400 && m.status < 500) { this.setState('refused', m.detail); this.ws.close(); }
    }
  }

  /** A new media segment starts (at a video keyframe). */
  segment(name) {
    this.current = { name, parts: [] };
    this.segments.push(this.current);
    while (this.segments.length > MAX_KEPT) { this.segments.shift(); this.lost++; }
    if (this.open()) this.sendText({ segment: name });
  }

  fragment(bytes) {
    if (!this.current) return;
    this.current.parts.push(bytes);
    if (this.open()) this.sendBytes(bytes);
  }

  /** Ends the feed once everything kept has been acknowledged; resolves with the final state. */
  end() {
    this.ending = true;
    if (this.open()) { this.sendText({ end: true }); this.setState('ending'); }
    return new Promise((resolve) => {
      const check = setInterval(() => {
        if (['ended', 'refused'].includes(this.state)) { clearInterval(check); resolve(this.state); }
      }, 100);
    });
  }

  /** Leaves without ending the feed (the page closes): the server's silence timeout ends it. */
  close() { this.state = 'ended'; clearTimeout(this.timer); if (this.ws) this.ws.close(); }

  open() { return this.ws && this.ws.readyState === WebSocket.OPEN; }

  sendSegment(s) { this.sendText({ segment: s.name }); for (const p of s.parts) this.sendBytes(p); }

  sendText(message) { if (this.open()) this.ws.send(JSON.stringify(message)); }

  sendBytes(bytes) { if (this.open()) { this.ws.send(bytes); this.sentBytes += bytes.length; } }

  /** Bytes accepted by the socket but not yet on the network. */
  backlog() { return this.ws ? this.ws.bufferedAmount : 0; }
}
