// The terminal page: sign in, pick camera and microphone, one button to push and to stop, the push's state.
import { fr as t } from './i18n.js';
import * as session from './session.js';
import { LiveEncoder } from './encoder.js';
import { Uplink } from './uplink.js';

const $ = (id) => document.getElementById(id);
let stream = null, encoder = null, uplink = null, segmentNumber = 0, position = null;

function translate() {
  for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t[e.dataset.i18n];
}

function show(state, detail) {
  const s = $('state');
  s.textContent = t.states[state] || state;
  s.dataset.state = state;
  document.body.dataset.state = state;
  $('message').textContent = detail || '';
}

async function listDevices() {
  const devices = await navigator.mediaDevices.enumerateDevices();
  const fill = (select, kind, none) => {
    select.replaceChildren();
    if (none) select.append(new Option(t.noMicrophone, ''));
    for (const d of devices.filter((x) => x.kind === kind)) select.append(new Option(d.label || d.deviceId.slice(0, 8), d.deviceId));
  };
  fill($('video-device'), 'videoinput', false);
  fill($('audio-device'), 'audioinput', true);
  if ($('audio-device').options.length > 1) $('audio-device').selectedIndex = 1;
}

async function openDevices() {
  if (stream) stream.getTracks().forEach((track) => track.stop());
  const videoId = $('video-device').value, audioId = $('audio-device').value;
  stream = await navigator.mediaDevices.getUserMedia({
    video: { deviceId: videoId ? { exact: videoId } : undefined, width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 25 } },
    audio: audioId ? { deviceId: { exact: audioId }, echoCancellation: false } : false,
  });
  $('preview').srcObject = stream;
  $('preview').hidden = false;
}

function identity() {
  return { camera: $('camera').value.trim(), officer: $('officer').value.trim(), position };
}

async function start(jwt) {
  const feed = $('feed').value.trim();
  if (!$('setup').reportValidity()) return;
  session.remember({ camera: $('camera').value, officer: $('officer').value, video: $('video-device').value, audio: $('audio-device').value });
  show('preparing');
  await openDevices();
  const prefix = `s${Date.now().toString(36)}`; // segment names unique to this push
  uplink = new Uplink(session.pushUrl(feed, jwt, identity()), {
    state: (state, detail) => { show(state, state === 'refused' ? detail : ''); if (state === 'refused' || state === 'ended') finish(); },
    progress: () => { $('acked').textContent = t.segments(uplink.acked); },
  });
  encoder = new LiveEncoder(stream, {
    init: (bytes) => uplink.start(bytes),
    segment: () => uplink.segment(`${prefix}-${String(segmentNumber++).padStart(6, '0')}.m4s`),
    fragment: (bytes) => uplink.fragment(bytes),
    stats: ({ encodeMs }) => { encoder.encodeMs = encodeMs; },
  });
  encoder.onError = (e) => show('failed', String(e && e.message || e));
  await encoder.start();
  $('setup').querySelectorAll('input, select').forEach((e) => { e.disabled = true; });
  $('toggle').textContent = t.stop; $('toggle').classList.add('live');
}

async function stop() {
  $('toggle').disabled = true;
  await encoder.stop();
  await uplink.end();
  finish();
}

function finish() {
  if (stream) stream.getTracks().forEach((track) => track.stop());
  if (encoder) encoder.stop();
  stream = null;
  $('toggle').disabled = false; $('toggle').textContent = t.start; $('toggle').classList.remove('live');
  $('setup').querySelectorAll('input, select').forEach((e) => { e.disabled = false; });
  $('feed').value = session.newFeedId(session.subjectOf(session.token()));
}

// Débit: bytes the socket took over the last second; délai mesuré: capture → encoded, plus what waits in the socket,
// plus half the round trip to the server.
let lastBytes = 0;
setInterval(() => {
  if (!uplink || !encoder) return;
  const bytes = uplink.sentBytes, kbps = Math.round(((bytes - lastBytes) * 8) / 1000);
  lastBytes = bytes;
  $('bitrate').textContent = t.kbps(kbps);
  $('pending').textContent = t.segments(uplink.segments.length);
  if (uplink.rttMs !== null && encoder.encodeMs !== undefined && kbps > 0) {
    const queued = (uplink.backlog() * 8) / kbps; // ms
    $('delay').textContent = t.ms(Math.round(encoder.encodeMs + queued + uplink.rttMs / 2));
  }
  if (uplink.lost > 0) $('message').textContent = t.lostSegments(uplink.lost);
}, 1000);

function watchPosition() {
  if (!navigator.geolocation) return;
  navigator.geolocation.watchPosition((p) => {
    position = `${p.coords.latitude.toFixed(5)},${p.coords.longitude.toFixed(5)}`;
    if (uplink && uplink.open()) uplink.sendText({ position });
  }, () => {}, { enableHighAccuracy: true, maximumAge: 10000 });
}

async function main() {
  translate();
  const jwt = session.token();
  if (!jwt) { $('signin').hidden = false; return; }
  const subject = session.subjectOf(jwt);
  $('who').textContent = subject || '';
  if (!window.VideoEncoder || !window.MediaStreamTrackProcessor) { show('failed', t.unsupported); $('status').hidden = false; return; }
  const saved = session.remembered();
  $('camera').value = saved.camera || ''; $('officer').value = saved.officer || '';
  $('feed').value = session.newFeedId(subject);
  try {
    await openDevices(); // asks for permission, so that the lists below have labels
    await listDevices();
    if (saved.video) $('video-device').value = saved.video;
    if (saved.audio !== undefined && [...$('audio-device').options].some((o) => o.value === saved.audio)) $('audio-device').value = saved.audio;
  } catch (e) {
    show('failed', t.noCamera); $('status').hidden = false; return;
  }
  $('setup').hidden = false; $('toggle').hidden = false; $('status').hidden = false;
  show('idle');
  watchPosition();
  $('toggle').addEventListener('click', () => (stream && uplink && !['ended', 'refused'].includes(uplink.state) ? stop() : start(jwt)).catch((e) => show('failed', String(e.message || e))));
}

main();
