// A search lives in the address: filters, sort and page as query parameters, so a link reproduces it.

export const filterNames = ['camera', 'officer', 'station', 'from', 'to', 'status', 'case', 'bookmark'] as const;
export type Filters = Partial<Record<(typeof filterNames)[number], string>>;
export interface SearchState { filters: Filters; sort: string; order: 'asc' | 'desc'; page: number }

export function readState(search: string): SearchState {
  const p = new URLSearchParams(search);
  const filters: Filters = {};
  for (const name of filterNames) { const v = p.get(name); if (v) filters[name] = v; }
  const page = Math.max(1, Math.floor(Number(p.get('page')) || 1));
  return { filters, sort: p.get('sort') || 'recordedAt', order: p.get('order') === 'asc' ? 'asc' : 'desc', page };
}

export function writeState(state: SearchState): string {
  const p = new URLSearchParams();
  for (const name of filterNames) { const v = state.filters[name]; if (v) p.set(name, v); }
  if (state.sort !== 'recordedAt') p.set('sort', state.sort);
  if (state.order !== 'desc') p.set('order', state.order);
  if (state.page > 1) p.set('page', String(state.page));
  const text = p.toString();
  return text ? `?${text}` : '';
}

/** Clicking a column: the same column flips its order, another starts descending. */
export function toggleSort(state: SearchState, column: string): SearchState {
  const order = state.sort === column && state.order === 'desc' ? 'asc' : 'desc';
  return { ...state, sort: column, order, page: 1 };
}

/** A datetime-local value (local time, no zone) as ISO 8601 with the browser's offset, for the API. */
export function localToIso(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
