import { describe, expect, it } from 'vitest';
import { formatCount, formatDateTime, formatInterval, formatInUnit, formatMs, formatRps, NOT_MEASURED } from './format';

describe('format', () => {
  it('writes counts with thousands separators like the reference tables', () => {
    expect(formatCount(312405)).toBe('312,405');
    expect(formatCount(null)).toBe(NOT_MEASURED);
  });

  it('writes a value and an interval in their unit, or nothing for an unknown end', () => {
    expect(formatInUnit(262.46, 'ms')).toBe('262');
    expect(formatInUnit(274.53, 'req/s')).toBe('274.5');
    expect(formatInUnit(null, 'ms')).toBe(NOT_MEASURED);
    expect(formatInterval(27.061, 35.87, 'ms')).toBe('[27.06 to 35.87]');
    expect(formatInterval(null, 35.87, 'ms')).toBe('');
  });

  it('keeps two decimals for small latencies and none for large ones', () => {
    expect(formatMs(262.46)).toBe('262');
    expect(formatMs(12.345)).toBe('12.35');
    expect(formatMs(1200)).toBe('1,200');
    expect(formatMs(undefined)).toBe(NOT_MEASURED);
  });

  it('writes RPS with one decimal', () => {
    expect(formatRps(1035.72)).toBe('1,035.7');
  });

  it('writes dates in UTC so a permalink reads the same everywhere', () => {
    expect(formatDateTime(new Date('2026-11-30T10:39:28Z'))).toBe('2026-11-30 10:39 UTC');
  });
});
