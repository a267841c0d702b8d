// Raw 320x240 yuv420p frames at 25 fps on stdout, each with the wall clock of its making burnt in (clock.mjs): the
// camera of the ffmpeg and RTMP pushers. usage: node frames.mjs SECONDS | ffmpeg -f rawvideo -pix_fmt yuv420p -s 320x240 -r 25 -i pipe:0 …
import { paintLuma } from './clock.mjs';

const seconds = Number(process.argv[2] || 30);
process.stdout.on('error', () => process.exit(0)); // the encoder has gone: so has the camera
const width = 320, height = 240, fps = 25;
const frame = new Uint8Array(width * height * 3 / 2);
frame.fill(128);
const start = Date.now();
let n = 0;
function next() {
  if (Date.now() - start > seconds * 1000) { process.stdout.end(); return; }
  frame.fill(90, 0, width * height);
  // a moving bar, so that the encoder has motion to code as a camera would
  const x = (n * 4) % width;
  for (let r = 80; r < height; r++) frame.fill(200, r * width + x, r * width + Math.min(width, x + 20));
  paintLuma(frame, width, Date.now());
  n++;
  const ok = process.stdout.write(frame);
  const due = start + (n * 1000) / fps;
  const go = () => setTimeout(next, Math.max(0, due - Date.now()));
  if (ok) go(); else process.stdout.once('drain', go);
}
next();
