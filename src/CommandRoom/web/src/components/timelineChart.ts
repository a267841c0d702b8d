// One row per camera on a shared axis; recordings as bars (buttons, toggled to select), bookmarks as marks; the
// striped lane shows through wherever nothing was recorded, so gaps are visible.
import type { Timeline, TimelineRecording } from '../api';
import { h } from '../dom';
import { formatClockTime, formatDate, formatDuration } from '../logic/format';
import { timeAxis } from '../logic/timeAxis';

export function timelineChart(timeline: Timeline, width: number, selected: Set<string>, onToggle: (r: TimelineRecording, camera: string) => void): HTMLElement {
  const from = Date.parse(timeline.from);
  const to = Math.max(Date.parse(timeline.to), from + 1000);
  const axis = timeAxis(from, to, width);
  const pct = (time: number) => `${(axis.x(Math.min(to, Math.max(from, time))) / width) * 100}%`;
  const ticks = h('div', { class: 'tl-axis' });
  for (const tick of axis.ticks()) {
    const el = h('span', { class: 'tl-tick' }, formatClockTime(new Date(tick)).slice(0, 5));
    el.style.left = pct(tick);
    ticks.append(el);
  }
  const rows = timeline.cameras.map((row) => {
    const lane = h('div', { class: 'tl-lane' });
    for (const r of row.recordings) {
      const start = Date.parse(r.start);
      const end = Math.max(Date.parse(r.end), start + 1000);
      const bar = h('button', { type: 'button', class: 'tl-bar', 'data-recording': r.id, 'aria-pressed': selected.has(r.id) ? 'true' : 'false',
        title: `${row.camera} · ${formatDate(r.start)} · ${formatDuration(r.durationSeconds)}`, 'aria-label': `${row.camera} ${formatDate(r.start)}` });
      bar.style.left = pct(start);
      bar.style.width = `calc(${pct(end)} - ${pct(start)})`;
      bar.addEventListener('click', () => { onToggle(r, row.camera); bar.setAttribute('aria-pressed', selected.has(r.id) ? 'true' : 'false'); });
      lane.append(bar);
      for (const b of r.bookmarks) {
        const mark = h('span', { class: 'tl-mark', title: b.note });
        mark.style.left = pct(start + b.atSeconds * 1000);
        lane.append(mark);
      }
    }
    return h('div', { class: 'tl-row', 'data-camera': row.camera }, h('span', { class: 'tl-label' }, row.camera), lane);
  });
  return h('div', { class: 'timeline-chart', id: 'timeline-chart' }, ticks, ...rows);
}
