// Times QUERIES searches as the Enregistrements page asks them (each filter alone and combined, each sort, deep
// pages), then as many calls to the catalog's older search, in the same run; prints p50/p95 rows.
// usage: node search.mjs URL TOKEN QUERIES
const [url, token, count] = process.argv.slice(2);
const n = Number(count);
const sorts = ['recordedAt', 'receivedAt', 'duration', 'camera', 'size', 'status'];
function query(i) {
  const q = new URLSearchParams({ pageSize: '50', sort: sorts[i % sorts.length], order: i % 3 ? 'desc' : 'asc', page: String(1 + (i % 20)) });
  switch (i % 8) {
    case 0: break; // everything
    case 1: q.set('camera', `CAM-${i % 60}`); break;
    case 2: q.set('officer', `OFF-${i % 400}`); break;
    case 3: q.set('station', `ST-${i % 12}`); q.set('status', 'ready'); break;
    case 4: q.set('from', '2026-10-01T00:00:00Z'); q.set('to', '2026-10-08T00:00:00Z'); break;
    case 5: q.set('bookmark', 'porte'); break;
    case 6: q.set('case', `PV-${i % 200}`); break;
    case 7: q.set('camera', `CAM-${i % 60}`); q.set('from', '2026-09-15T00:00:00Z'); q.set('to', '2026-11-15T00:00:00Z'); q.set('status', 'ready'); break;
  }
  return `/api/recordings/search?${q}`;
}
async function time(path) {
  const t0 = performance.now();
  const r = await fetch(url + path, { headers: { Authorization: `Bearer ${token}` } });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  await r.arrayBuffer();
  return performance.now() - t0;
}
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
for (let i = 0; i < 20; i++) await time(query(i)); // warm-up: JIT, connection pool, PostgreSQL's cache
const search = []; const older = [];
for (let i = 0; i < n; i++) search.push(await time(query(i)));
for (let i = 0; i < n; i++) older.push(await time(`/api/recordings?camera=CAM-${i % 60}&limit=50`));
const row = (name, xs) => `| ${name} | ${xs.length} | ${pct(xs, 0.5).toFixed(1)} ms | ${pct(xs, 0.95).toFixed(1)} ms |`;
console.log('| query | calls | p50 | p95 |\n|---|---|---|---|');
console.log(row('GET /api/recordings/search (filters, sorts, pages 1–20, total)', search));
console.log(row('baseline: GET /api/recordings?camera=…&limit=50 (same run)', older));
for (let k = 0; k < 8; k++) console.log(row(`  kind ${k}`, search.filter((_, i) => i % 8 === k)));
