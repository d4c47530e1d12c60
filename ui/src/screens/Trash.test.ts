import { describe, expect, it } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import Trash from './Trash.svelte';
import { recorder } from '../test/fixtures';

const items = [
  { id: 4, kind: 'person' as const, name: 'Ben Carter', deleted_at: '2026-11-20T10:00:00Z' },
  { id: 6, kind: 'organization' as const, name: 'Corner Bakery', deleted_at: '2026-11-21T10:00:00Z' },
];

describe('Trash', () => {
  it('restores one contact', async () => {
    const r = recorder({ trash_list: () => items, contacts_restore: () => null });
    mockIPC(r.handle);
    render(Trash);
    const rows = await screen.findAllByTestId('trash-row');
    expect(rows.map((row) => row.getAttribute('data-id'))).toEqual(['4', '6']);
    await fireEvent.click(rows[1].querySelector('[data-testid="trash-restore"]')!);
    await waitFor(() => expect(r.of('contacts_restore')).toEqual([{ cmd: 'contacts_restore', args: { id: 6 } }]));
  });

  it('asks before emptying, and Cancel or Escape empties nothing', async () => {
    const r = recorder({ trash_list: () => items, trash_empty: () => 2 });
    mockIPC(r.handle);
    render(Trash);
    await screen.findAllByTestId('trash-row');
    await fireEvent.click(screen.getByTestId('trash-empty'));
    const dialog = screen.getByRole('alertdialog');
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(r.of('trash_empty')).toHaveLength(0);

    await fireEvent.click(screen.getByTestId('trash-empty'));
    await fireEvent.click(screen.getByTestId('confirm-ok'));
    await waitFor(() => expect(r.of('trash_empty')).toHaveLength(1));
  });

  it('says the Trash is empty when it is', async () => {
    mockIPC(recorder({ trash_list: () => [] }).handle);
    render(Trash);
    expect(await screen.findByText('The Trash is empty')).toBeTruthy();
    expect((screen.getByTestId('trash-empty') as HTMLButtonElement).disabled).toBe(true);
  });
});
