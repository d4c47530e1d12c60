import { describe, expect, it } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import Duplicates from './Duplicates.svelte';
import { contact, detail, recorder } from '../test/fixtures';
import { toasts, clearToasts } from '../lib/toast.svelte';

const ann = contact(3, 'Ann Lee', { emails: ['ann@example.com'], birthday: '1980-03-01', job_title: 'Owner' });
const ann2 = contact(9, 'Ann Lee-Smith', { emails: ['ann@example.com'], birthday: '1980-02-29', notes: 'met at the fair' });
const pair = {
  keep_id: 3,
  keep_name: 'Ann Lee',
  other_id: 9,
  other_name: 'Ann Lee-Smith',
  reasons: ['same_email' as const],
  evidence: ['ann@example.com'],
};

describe('Duplicates', () => {
  it('shows a pair side by side, merges with the fields chosen, and Undo undoes the merge', async () => {
    clearToasts();
    const r = recorder({
      duplicates_list: () => [pair],
      contacts_get: (args) => detail(args.id === 3 ? ann : ann2),
      contacts_merge: () => ({ kept_id: 3, merged_id: 9, interactions: 0, issues: 0, follow_ups: 0, filled: ['birthday'] }),
      contacts_merge_undo: () => 3,
    });
    mockIPC(r.handle);
    render(Duplicates);
    const row = await screen.findByTestId('duplicate-pair');
    expect(row.textContent).toContain('same email: ann@example.com');
    await fireEvent.click(row);
    const table = await screen.findByTestId('merge-compare');
    expect(table.textContent).toContain('met at the fair (fills the empty field)');
    const takes = screen.getAllByTestId('merge-take').map((e) => e.getAttribute('data-field'));
    expect(takes).toEqual(['name', 'birthday']);
    await fireEvent.click(screen.getAllByTestId('merge-take')[1]);
    await fireEvent.click(screen.getByTestId('merge-confirm'));
    await waitFor(() => expect(r.of('contacts_merge')).toHaveLength(1));
    expect(r.of('contacts_merge')[0].args).toEqual({ keep_id: 3, other_id: 9, take: ['birthday'] });
    const toast = toasts.find((t) => t.message.includes('was merged into'));
    expect(toast?.undo).toBeTruthy();
    await toast!.undo!();
    expect(r.of('contacts_merge_undo')[0].args).toEqual({ merged_id: 9 });
  });

  it('can keep the other contact instead', async () => {
    const r = recorder({
      duplicates_list: () => [pair],
      contacts_get: (args) => detail(args.id === 3 ? ann : ann2),
      contacts_merge: () => ({ kept_id: 9, merged_id: 3, interactions: 0, issues: 0, follow_ups: 0, filled: [] }),
    });
    mockIPC(r.handle);
    render(Duplicates);
    await fireEvent.click(await screen.findByTestId('duplicate-pair'));
    await screen.findByTestId('merge-compare');
    await fireEvent.click(screen.getByTestId('merge-swap'));
    await waitFor(() => expect(screen.getByTestId('merge-compare').textContent).toContain('Keeps: Ann Lee-Smith'));
    await fireEvent.click(screen.getByTestId('merge-confirm'));
    await waitFor(() => expect(r.of('contacts_merge')[0]?.args).toEqual({ keep_id: 9, other_id: 3, take: [] }));
  });

  it('says when there are no likely duplicates', async () => {
    mockIPC(recorder({ duplicates_list: () => [] }).handle);
    render(Duplicates);
    expect(await screen.findByTestId('duplicates-empty')).toBeTruthy();
  });
});
