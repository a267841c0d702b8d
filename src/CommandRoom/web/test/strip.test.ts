import { describe, expect, it } from 'vitest';
import { everyFromCommands, frameDuration, tileAt, tileCount, timeAtX } from '../src/logic/strip';

describe('thumbnail strip', () => {
  it('finds a time\'s tile: file, column and row', () => {
    expect(tileAt(0, 10)).toEqual({ file: 'strip_001.jpg', column: 0, row: 0, index: 0 });
    expect(tileAt(125, 10)).toEqual({ file: 'strip_001.jpg', column: 2, row: 1, index: 12 });
    expect(tileAt(1000, 10)).toEqual({ file: 'strip_002.jpg', column: 0, row: 0, index: 100 });
    expect(tileCount(43200, 10)).toBe(4320);
  });
  it('reads the interval from the recorded ffmpeg command', () => {
    expect(everyFromCommands([['-vf', 'fps=1/10:eof_action=pass,scale=160:-2,tile=10x10']])).toBe(10);
    expect(everyFromCommands([['-i', 'x']])).toBeNull();
  });
  it('maps a click to a time, clamped to the recording', () => {
    expect(timeAtX(300, 600, 120)).toBe(60);
    expect(timeAtX(-5, 600, 120)).toBe(0);
    expect(timeAtX(700, 600, 120)).toBe(120);
  });
  it('steps one frame at the probed rate', () => {
    expect(frameDuration('30000/1001')).toBeCloseTo(0.03337, 4);
    expect(frameDuration('25/1')).toBe(0.04);
    expect(frameDuration(undefined)).toBe(0.04);
  });
});
