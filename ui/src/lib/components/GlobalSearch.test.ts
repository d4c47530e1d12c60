import { beforeEach, describe, expect, it } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import GlobalSearch from './GlobalSearch.svelte';
import { nav } from '../nav.svelte';
import { contact, recorder } from '../../test/fixtures';

beforeEach(() => {
  nav.screen = 'today';
  nav.contactId = null;
});

describe('GlobalSearch', () => {
  it('finds contacts as you type, and Enter opens the one picked with the arrow keys', async () => {
    const r = recorder({ contacts_search: () => [contact(1, 'Ada Lovelace'), contact(2, 'Ada Byron')] });
    mockIPC(r.handle);
    render(GlobalSearch);
    const input = screen.getByTestId('global-search');
    await fireEvent.input(input, { target: { value: 'ada' } });
    await waitFor(() => expect(screen.getAllByTestId('global-search-result')).toHaveLength(2));
    expect(r.of('contacts_search')).toEqual([{ cmd: 'contacts_search', args: { text: 'ada', limit: 8 } }]);
    await fireEvent.keyDown(input, { key: 'ArrowDown' });
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(nav.screen).toBe('contacts');
    expect(nav.contactId).toBe(2);
  });

  it('waits for a pause in typing before searching', async () => {
    const r = recorder({ contacts_search: () => [] });
    mockIPC(r.handle);
    render(GlobalSearch);
    const input = screen.getByTestId('global-search');
    for (const v of ['a', 'ad', 'ada']) await fireEvent.input(input, { target: { value: v } });
    await waitFor(() => expect(r.of('contacts_search')).toHaveLength(1));
    expect(r.of('contacts_search')[0].args.text).toBe('ada');
    expect(await screen.findByText(/No contact matches/)).toBeTruthy();
  });
});
