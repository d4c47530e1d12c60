import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, todayLocal } from './format';

describe('format', () => {
  it('shows a calendar date on its own day, whatever the time zone', () => {
    const expected = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(2024, 1, 29));
    expect(formatDate('2024-02-29')).toBe(expected);
  });

  it('shows a birthday without a year as month and day', () => {
    const expected = new Intl.DateTimeFormat(undefined, { month: 'long', day: 'numeric' }).format(new Date(2000, 11, 1));
    expect(formatDate('--12-01')).toBe(expected);
  });

  it('shows a UTC instant in local time', () => {
    const d = new Date('2026-03-01T09:30:00Z');
    const expected = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
    expect(formatDateTime('2026-03-01T09:30:00Z')).toBe(expected);
  });

  it('gives today as a local YYYY-MM-DD', () => {
    expect(todayLocal(new Date(2026, 0, 9, 23, 59))).toBe('2026-01-09');
  });
});
