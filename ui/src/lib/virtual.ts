// The arithmetic of the virtual contact list, kept free of the DOM so it can be tested: which rows
// are visible for a scroll position, and which pages of `contacts_list` hold them.

export type RowWindow = {
  /** First row index to render (inclusive). */
  start: number;
  /** One past the last row index to render. */
  end: number;
};

/**
 * The rows to render for a viewport: the visible ones plus `overscan` on each side, clamped to
 * `[0, total)`.
 */
export function rowWindow(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  total: number,
  overscan = 10,
): RowWindow {
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(total - 1, first) - overscan);
  const end = Math.min(total, first + visible + overscan);
  return { start, end: Math.max(start, end) };
}

/** The page numbers (0-based) that hold rows `[start, end)`. */
export function pagesFor(win: RowWindow, pageSize: number): number[] {
  if (win.end <= win.start) return [];
  const first = Math.floor(win.start / pageSize);
  const last = Math.floor((win.end - 1) / pageSize);
  const pages: number[] = [];
  for (let p = first; p <= last; p++) pages.push(p);
  return pages;
}

/** The scrollTop that brings row `index` into view, or `null` when it already is. */
export function scrollToReveal(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
): number | null {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return bottom - viewportHeight;
  return null;
}

/**
 * Pages of rows fetched on demand and kept. A new `generation` (a new query) drops everything, and
 * answers that arrive for an older generation are ignored.
 */
export class PageCache<T> {
  private pages = new Map<number, T[]>();
  /** Pages from before a refresh, shown until their fresh copy arrives (no flicker after an edit). */
  private stale = new Map<number, T[]>();
  private pending = new Set<number>();
  private generation = 0;
  /** Total rows reported by the last page that arrived. */
  total: number | null = null;

  constructor(
    readonly pageSize: number,
    private fetchPage: (offset: number, limit: number) => Promise<{ total: number; rows: T[] }>,
    private onChange: () => void,
    /** How many pages to keep; the ones furthest from the last request go first. */
    private maxPages = 20,
  ) {}

  /**
   * Forgets every page. With `keepStale` (same query, data changed) the old rows stay visible until
   * their pages are fetched again; otherwise (a new query) they go at once.
   */
  reset(keepStale = false): void {
    this.generation++;
    this.stale = keepStale ? new Map([...this.stale, ...this.pages]) : new Map();
    this.pages.clear();
    this.pending.clear();
    if (!keepStale) this.total = null;
  }

  row(index: number): T | undefined {
    const page = Math.floor(index / this.pageSize);
    return (this.pages.get(page) ?? this.stale.get(page))?.[index % this.pageSize];
  }

  has(page: number): boolean {
    return this.pages.has(page);
  }

  /** Fetches the pages not yet cached or on their way. Resolves when all have arrived. */
  async ensure(pages: number[]): Promise<void> {
    const wanted = pages.filter((p) => !this.pages.has(p) && !this.pending.has(p));
    const gen = this.generation;
    await Promise.all(
      wanted.map(async (p) => {
        this.pending.add(p);
        try {
          const { total, rows } = await this.fetchPage(p * this.pageSize, this.pageSize);
          if (gen !== this.generation) return;
          this.pages.set(p, rows);
          this.stale.delete(p);
          this.total = total;
          this.evict(p);
          this.onChange();
        } finally {
          if (gen === this.generation) this.pending.delete(p);
        }
      }),
    );
  }

  private evict(near: number): void {
    if (this.pages.size <= this.maxPages) return;
    const byDistance = [...this.pages.keys()].sort(
      (a, b) => Math.abs(b - near) - Math.abs(a - near),
    );
    for (const p of byDistance.slice(0, this.pages.size - this.maxPages)) this.pages.delete(p);
  }
}
