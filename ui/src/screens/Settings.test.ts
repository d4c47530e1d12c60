import { describe, expect, it } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import Settings from './Settings.svelte';
import type { StoreInfo } from '../lib/bindings/StoreInfo';
import { recorder } from '../test/fixtures';

const info: StoreInfo = {
  data_dir: '/home/o/.local/share/rapport',
  database: '/home/o/.local/share/rapport/rapport.sqlite3',
  backup_dir: '/home/o/.local/share/rapport/backups',
  schema_version: 1,
  contacts: 12,
  backups: [{ path: '/b/auto-1.sqlite3', name: 'auto-1.sqlite3', modified: '2026-11-01T08:00:00Z', bytes: 8192 }],
};

function backend(extra: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  const r = recorder({
    team_list: () => [{ id: 1, name: 'Sam', email: null, active: true, created_at: '2026-01-01T00:00:00Z' }],
    store_info: () => info,
    ...extra,
  });
  mockIPC(r.handle);
  return r;
}

describe('Settings', () => {
  it('shows where the data lives and the automatic backups', async () => {
    backend();
    const { container } = render(Settings);
    await screen.findByText(info.database);
    expect(container.textContent).toContain(info.data_dir);
    expect(screen.getAllByTestId('backup-row')[0].textContent).toContain('auto-1.sqlite3');
    expect(screen.getAllByTestId('team-row')[0].textContent).toContain('Sam');
  });

  it('backs up to the file chosen in the save dialog', async () => {
    const r = backend({ 'plugin:dialog|save': () => '/home/o/b.sqlite3', store_backup: () => null });
    render(Settings);
    await fireEvent.click(await screen.findByRole('button', { name: /Back up now/ }));
    await waitFor(() => expect(r.of('store_backup')).toEqual([{ cmd: 'store_backup', args: { path: '/home/o/b.sqlite3' } }]));
  });

  it('does nothing when the save dialog is cancelled', async () => {
    const r = backend({ 'plugin:dialog|save': () => null });
    render(Settings);
    await fireEvent.click(await screen.findByRole('button', { name: /Back up now/ }));
    await waitFor(() => expect(r.of('plugin:dialog|save')).toHaveLength(1));
    expect(r.of('store_backup')).toHaveLength(0);
  });

  it('restores only after the owner confirms', async () => {
    const r = backend({ 'plugin:dialog|open': () => '/home/o/old.sqlite3', store_restore: () => '/kept/here.sqlite3' });
    render(Settings);
    await fireEvent.click(await screen.findByRole('button', { name: /Restore from backup/ }));
    await screen.findByRole('alertdialog');
    expect(r.of('store_restore')).toHaveLength(0);
    await fireEvent.click(screen.getByTestId('confirm-ok'));
    await waitFor(() => expect(r.of('store_restore')).toEqual([{ cmd: 'store_restore', args: { path: '/home/o/old.sqlite3' } }]));
  });

  it('reports "All good" or lists the problems the check found', async () => {
    let problems: string[] = [];
    backend({ store_check: () => ({ path: info.database, schema_version: 1, supported_version: 1, contacts: 12, problems }) });
    render(Settings);
    const button = await screen.findByRole('button', { name: 'Check integrity' });
    await fireEvent.click(button);
    expect((await screen.findByTestId('check-result')).textContent).toContain('All good');
    problems = ['row 4 of interactions points at a missing contact'];
    await fireEvent.click(button);
    await waitFor(() => expect(screen.getByTestId('check-result').textContent).toContain('missing contact'));
  });

  it('adds a team member and shows a rejected name beside the form', async () => {
    const r = backend({ team_add: () => Promise.reject({ code: 'invalid_field', message: 'Sam is already on the team', field: 'name' }) });
    const { container } = render(Settings);
    await screen.findAllByTestId('team-row');
    const form = screen.getByTestId('team-add');
    await fireEvent.input(form.querySelector('[name="name"]')!, { target: { value: 'Sam' } });
    await fireEvent.submit(form);
    await waitFor(() => expect(container.querySelector('[data-testid="field-error"][data-field="name"]')?.textContent).toContain('already on the team'));
    expect(r.of('team_add')[0].args).toEqual({ name: 'Sam', email: null });
  });

  it('deactivates a team member', async () => {
    const r = backend({ team_set_active: () => null });
    render(Settings);
    await fireEvent.click(await screen.findByRole('button', { name: 'Deactivate' }));
    await waitFor(() => expect(r.of('team_set_active')).toEqual([{ cmd: 'team_set_active', args: { id: 1, active: false } }]));
  });
});
