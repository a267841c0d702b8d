// A shared time axis: wall-clock instants (ms since the epoch) to pixels and back, with readable ticks.

export interface TimeAxis {
  readonly from: number;
  readonly to: number;
  readonly width: number;
  x(time: number): number;
  time(x: number): number;
  ticks(): number[];
}

const steps = [1, 5, 15, 30, 60, 300, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map((s) => s * 1000);

export function timeAxis(from: number, to: number, width: number, minTickPx = 80): TimeAxis {
  if (!(to > from)) throw new RangeError('the axis needs to > from');
  if (!(width > 0)) throw new RangeError('the axis needs a positive width');
  const span = to - from;
  const scale = width / span;
  return {
    from, to, width,
    x: (time) => (time - from) * scale,
    time: (x) => from + x / scale,
    ticks() {
      const step = steps.find((s) => s * scale >= minTickPx) ?? steps[steps.length - 1];
      const first = Math.ceil(from / step) * step;
      const out: number[] = [];
      for (let t = first; t <= to; t += step) out.push(t);
      return out;
    },
  };
}

export interface Span { start: number; end: number }

/** Where a row has nothing recorded between from and to, so the timeline can show the gap. */
export function gaps(spans: Span[], from: number, to: number): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  let cursor = from;
  for (const s of sorted) {
    if (s.start > cursor) out.push({ start: cursor, end: Math.min(s.start, to) });
    cursor = Math.max(cursor, s.end);
    if (cursor >= to) break;
  }
  if (cursor < to) out.push({ start: cursor, end: to });
  return out.filter((g) => g.end > g.start);
}

/** Pairs of spans that overlap one another (two files covering the same minutes of one camera). */
export function overlaps(spans: Span[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < spans.length; i++)
    for (let j = i + 1; j < spans.length; j++)
      if (spans[i].start < spans[j].end && spans[j].start < spans[i].end) out.push([i, j]);
  return out;
}
