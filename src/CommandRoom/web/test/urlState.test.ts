import { describe, expect, it } from 'vitest';
import { readState, toggleSort, writeState } from '../src/logic/urlState';

describe('search state in the address', () => {
  it('round-trips filters, sort and page, leaving defaults out', () => {
    const state = readState('?camera=CAM-1&bookmark=porte&sort=size&order=asc&page=3&unknown=x');
    expect(state).toEqual({ filters: { camera: 'CAM-1', bookmark: 'porte' }, sort: 'size', order: 'asc', page: 3 });
    expect(writeState(state)).toBe('?camera=CAM-1&bookmark=porte&sort=size&order=asc&page=3');
    expect(writeState(readState(''))).toBe('');
  });
  it('flips the order on the same column and starts another descending, back on page 1', () => {
    const s = readState('?page=4');
    expect(toggleSort(s, 'recordedAt')).toMatchObject({ sort: 'recordedAt', order: 'asc', page: 1 });
    expect(toggleSort(s, 'size')).toMatchObject({ sort: 'size', order: 'desc', page: 1 });
  });
});
