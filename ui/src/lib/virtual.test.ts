import { describe, expect, it, vi } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { PageCache, pagesFor, rowWindow, scrollToReveal } from './virtual';
import { defaultQuery, listContacts } from './api/contacts';
import type { ContactQuery } from './bindings/ContactQuery';
import { contact } from '../test/fixtures';

describe('rowWindow', () => {
  it('covers the visible rows plus the overscan at the top of the list', () => {
    expect(rowWindow(0, 520, 52, 100_000, 10)).toEqual({ start: 0, end: 21 });
  });

  it('follows the scroll position deep into a 100,000-row list', () => {
    // Row 5,000 is at the top of the viewport.
    expect(rowWindow(5000 * 52, 520, 52, 100_000, 10)).toEqual({ start: 4990, end: 5021 });
  });

  it('stops at the last row', () => {
    expect(rowWindow(99_990 * 52, 520, 52, 100_000, 10)).toEqual({ start: 99_980, end: 100_000 });
  });

  it('is empty when there are no rows', () => {
    expect(rowWindow(0, 520, 52, 0)).toEqual({ start: 0, end: 0 });
  });

  it('never renders more than a few hundred rows, however tall the list', () => {
    const w = rowWindow(1_234_567, 1200, 52, 100_000, 10);
    expect(w.end - w.start).toBeLessThan(60);
  });
});

describe('pagesFor', () => {
  it('names every page that holds a row of the window', () => {
    expect(pagesFor({ start: 95, end: 205 }, 100)).toEqual([0, 1, 2]);
    expect(pagesFor({ start: 4990, end: 5021 }, 100)).toEqual([49, 50]);
    expect(pagesFor({ start: 0, end: 0 }, 100)).toEqual([]);
  });
});

describe('scrollToReveal', () => {
  it('scrolls up or down just enough to show a row, and not at all when it is visible', () => {
    expect(scrollToReveal(2, 520, 520, 52)).toBe(104);
    expect(scrollToReveal(20, 0, 520, 52)).toBe(21 * 52 - 520);
    expect(scrollToReveal(3, 0, 520, 52)).toBeNull();
  });
});

describe('PageCache over contacts_list', () => {
  function setup() {
    const offsets: [number, number | null][] = [];
    mockIPC((cmd, payload) => {
      if (cmd !== 'contacts_list') throw new Error(`unexpected ${cmd}`);
      const q = (payload as { query: ContactQuery }).query;
      offsets.push([q.offset, q.limit]);
      const rows = Array.from({ length: q.limit ?? 0 }, (_, i) => contact(q.offset + i + 1, `Row ${q.offset + i}`));
      return { total: 100_000, contacts: rows };
    });
    const changed = vi.fn();
    const cache = new PageCache(
      100,
      async (offset, limit) => {
        const p = await listContacts({ ...defaultQuery(), offset, limit });
        return { total: p.total, rows: p.contacts };
      },
      changed,
    );
    return { offsets, cache, changed };
  }

  it('asks for each missing page once, by offset and limit', async () => {
    const { offsets, cache, changed } = setup();
    await cache.ensure([49, 50]);
    await cache.ensure([50, 51]);
    expect(offsets).toEqual([
      [4900, 100],
      [5000, 100],
      [5100, 100],
    ]);
    expect(cache.total).toBe(100_000);
    expect(cache.row(5000)?.name).toBe('Row 5000');
    expect(changed).toHaveBeenCalledTimes(3);
  });

  it('does not ask twice for a page already on its way', async () => {
    const { offsets, cache } = setup();
    await Promise.all([cache.ensure([3]), cache.ensure([3])]);
    expect(offsets).toEqual([[300, 100]]);
  });

  it('forgets everything on reset and ignores answers for the old query', async () => {
    const { cache } = setup();
    const pending = cache.ensure([0]);
    cache.reset();
    await pending;
    expect(cache.has(0)).toBe(false);
    expect(cache.row(0)).toBeUndefined();
  });

  it('after a refresh keeps showing the old rows until the fresh page arrives', async () => {
    const { cache, offsets } = setup();
    await cache.ensure([0]);
    cache.reset(true);
    expect(cache.row(5)?.name).toBe('Row 5');
    expect(cache.has(0)).toBe(false);
    await cache.ensure([0]);
    expect(offsets).toEqual([
      [0, 100],
      [0, 100],
    ]);
    expect(cache.has(0)).toBe(true);
  });

  it('keeps a bounded number of pages', async () => {
    const { cache } = setup();
    for (let p = 0; p < 30; p++) await cache.ensure([p]);
    const kept = Array.from({ length: 30 }, (_, p) => cache.has(p)).filter(Boolean).length;
    expect(kept).toBe(20);
    expect(cache.has(29)).toBe(true);
    expect(cache.has(0)).toBe(false);
  });
});
