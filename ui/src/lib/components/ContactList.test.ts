import { describe, expect, it, vi } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import ContactList, { PAGE_SIZE, ROW_HEIGHT } from './ContactList.svelte';
import { defaultQuery, dropPrefetchedContacts, firstPageQuery, prefetchContacts } from '../api/contacts';
import type { ContactQuery } from '../bindings/ContactQuery';
import { contact } from '../../test/fixtures';

function bigBackend(total = 100_000) {
  const asked: [number, number | null][] = [];
  mockIPC((cmd, payload) => {
    if (cmd !== 'contacts_list') return null;
    const q = (payload as { query: ContactQuery }).query;
    asked.push([q.offset, q.limit]);
    const n = Math.max(0, Math.min(q.limit ?? total, total - q.offset));
    return { total, contacts: Array.from({ length: n }, (_, i) => contact(q.offset + i + 1, `Customer ${q.offset + i}`)) };
  });
  return asked;
}

function scrollTo(el: HTMLElement, top: number) {
  Object.defineProperty(el, 'scrollTop', { configurable: true, writable: true, value: top });
  el.dispatchEvent(new Event('scroll'));
}

describe('ContactList', () => {
  it('takes the first page asked for at start-up instead of asking again, once', async () => {
    const asked = bigBackend();
    prefetchContacts(firstPageQuery());
    expect(asked).toEqual([[0, PAGE_SIZE]]);
    const first = { ...defaultQuery(), sort: 'relevance' as const };
    const { rerender } = render(ContactList, { query: first, onopen: vi.fn() });
    await waitFor(() => expect(screen.getAllByTestId('contact-row').length).toBeGreaterThan(0));
    expect(screen.getAllByTestId('contact-row')[0].textContent).toContain('Customer 0');
    expect(asked).toEqual([[0, PAGE_SIZE]]);
    // Later requests, even for the same query (after an edit), go to the shell.
    await rerender({ query: first, version: 1, onopen: vi.fn() });
    await waitFor(() => expect(asked).toEqual([[0, PAGE_SIZE], [0, PAGE_SIZE]]));
  });

  it('asks the shell itself when the start-up page was for another query', async () => {
    const asked = bigBackend();
    prefetchContacts(firstPageQuery());
    render(ContactList, { query: { ...defaultQuery(), search: 'ada' }, onopen: vi.fn() });
    await waitFor(() => expect(asked).toHaveLength(2));
    expect(asked[1]).toEqual([0, PAGE_SIZE]);
  });

  it('asks the shell again when the start-up page failed (the store was not ready)', async () => {
    let fail = true;
    const tried: ContactQuery[] = [];
    mockIPC((cmd, payload) => {
      if (cmd !== 'contacts_list') return null;
      tried.push((payload as { query: ContactQuery }).query);
      if (fail) return Promise.reject({ code: 'not_ready', message: 'the data file is not open', field: null });
      return { total: 1, contacts: [contact(1, 'Ada')] };
    });
    prefetchContacts(firstPageQuery());
    fail = false;
    render(ContactList, { query: { ...defaultQuery(), sort: 'relevance' }, onopen: vi.fn() });
    await waitFor(() => expect(screen.getAllByTestId('contact-row')).toHaveLength(1));
    expect(tried).toEqual([firstPageQuery(), firstPageQuery()]);
  });

  it('does not use a start-up page that was dropped', async () => {
    const asked = bigBackend();
    prefetchContacts(firstPageQuery());
    dropPrefetchedContacts();
    render(ContactList, { query: { ...defaultQuery(), sort: 'relevance' }, onopen: vi.fn() });
    await waitFor(() => expect(asked).toHaveLength(2));
  });

  it('renders only the rows in view of 100,000 and sizes the scroll area for all of them', async () => {
    const asked = bigBackend();
    const { container } = render(ContactList, { query: defaultQuery(), onopen: vi.fn() });
    await waitFor(() => expect(screen.getAllByTestId('contact-row').length).toBeGreaterThan(0));
    const rows = screen.getAllByTestId('contact-row');
    expect(rows.length).toBeLessThan(300);
    expect(rows[0].textContent).toContain('Customer 0');
    expect(rows[0].getAttribute('data-id')).toBe('1');
    const spacer = container.querySelector<HTMLElement>('.spacer')!;
    expect(spacer.style.height).toBe(`${100_000 * ROW_HEIGHT}px`);
    expect(asked).toEqual([[0, PAGE_SIZE]]);
  });

  it('fetches the page that holds the rows scrolled to, and renders them', async () => {
    const asked = bigBackend();
    render(ContactList, { query: defaultQuery(), onopen: vi.fn() });
    await waitFor(() => expect(screen.getAllByTestId('contact-row').length).toBeGreaterThan(0));
    scrollTo(screen.getByTestId('contact-list'), 50_000 * ROW_HEIGHT);
    await waitFor(() => expect(screen.getAllByTestId('contact-row')[0].textContent).toContain('Customer 49990'));
    expect(asked).toContainEqual([49_900, PAGE_SIZE]);
    expect(asked).toContainEqual([50_000, PAGE_SIZE]);
    expect(asked).not.toContainEqual([100, PAGE_SIZE]);
    expect(screen.getAllByTestId('contact-row').length).toBeLessThan(300);
  });

  it('starts again from the first page when the query changes', async () => {
    const asked = bigBackend();
    const { rerender } = render(ContactList, { query: defaultQuery(), onopen: vi.fn() });
    await waitFor(() => expect(asked.length).toBe(1));
    await rerender({ query: { ...defaultQuery(), search: 'ada' }, onopen: vi.fn() });
    await waitFor(() => expect(asked.length).toBe(2));
    expect(asked[1]).toEqual([0, PAGE_SIZE]);
  });

  it('moves with the arrow keys and opens the active row with Enter', async () => {
    bigBackend(5);
    const onopen = vi.fn();
    render(ContactList, { query: defaultQuery(), onopen });
    await waitFor(() => expect(screen.getAllByTestId('contact-row')).toHaveLength(5));
    const list = screen.getByTestId('contact-list');
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    await fireEvent.keyDown(list, { key: 'ArrowUp' });
    expect(list.getAttribute('aria-activedescendant')).toBe('contact-row-1');
    await fireEvent.keyDown(list, { key: 'Enter' });
    expect(onopen).toHaveBeenCalledWith(2);
    await fireEvent.keyDown(list, { key: 'End' });
    await fireEvent.keyDown(list, { key: 'Enter' });
    expect(onopen).toHaveBeenLastCalledWith(5);
  });

  it('says how to add the first customer when there are none', async () => {
    bigBackend(0);
    render(ContactList, { query: defaultQuery(), onopen: vi.fn() });
    const empty = await screen.findByTestId('contacts-empty');
    expect(empty.textContent).toContain('No contacts yet');
    expect(empty.textContent).toContain('Ctrl');
  });

  it('renders a contact named with markup as text', async () => {
    mockIPC(() => ({ total: 1, contacts: [contact(3, '<img src=x onerror=alert(1)>')] }));
    const { container } = render(ContactList, { query: defaultQuery(), onopen: vi.fn() });
    const row = await screen.findByTestId('contact-row');
    expect(row.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(container.querySelector('img')).toBeNull();
  });
});
