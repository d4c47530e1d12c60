import { describe, expect, it } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import Settings from './Settings.svelte';
import type { StoreInfo } from '../lib/bindings/StoreInfo';
import { recorder } from '../test/fixtures';
import type { EscalationLevel } from '../lib/bindings/EscalationLevel';

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

  describe('escalation ladder', () => {
    const sel = (name: string) => document.querySelector<HTMLSelectElement | HTMLInputElement>(`[name="${name}"]`)!;
    const team_list = () => [
      { id: 1, name: 'Sam', email: null, active: true, created_at: '2026-01-01T00:00:00Z' },
      { id: 2, name: 'Priya', email: null, active: true, created_at: '2026-01-01T00:00:00Z' },
    ];

    it('explains what the ladder is for when there is none', async () => {
      backend({ team_list, escalation_ladder_get: () => [] });
      render(Settings);
      expect((await screen.findByTestId('escalation-ladder')).textContent).toContain('Who hears about it when a promise slips');
      expect((await screen.findByTestId('ladder-empty')).textContent).toContain('No ladder yet');
    });

    it('saves the levels in order, numbered 1, 2, 3', async () => {
      let ladder: EscalationLevel[] = [{ level: 1, team_member_id: 1, team_member: 'Sam', rule: 'overdue_days', threshold: 2 }];
      const r = backend({
        team_list,
        escalation_ladder_get: () => ladder,
        escalation_ladder_set: (a) => {
          ladder = a.levels as EscalationLevel[];
          return null;
        },
      });
      render(Settings);
      await screen.findAllByTestId('ladder-row');
      expect(sel('member-1').value).toBe('1');

      await fireEvent.click(screen.getByTestId('ladder-add'));
      expect(document.activeElement).toBe(sel('member-2'));
      await fireEvent.change(sel('member-2'), { target: { value: '2' } });
      await fireEvent.change(sel('rule-2'), { target: { value: 'urgent_untouched_hours' } });
      await fireEvent.input(sel('threshold-2'), { target: { value: '4' } });
      await fireEvent.click(screen.getByTestId('ladder-add'));
      await fireEvent.change(sel('member-3'), { target: { value: '1' } });
      await fireEvent.input(sel('threshold-3'), { target: { value: '7' } });
      await fireEvent.submit(screen.getByTestId('ladder-form'));

      await waitFor(() => expect(r.of('escalation_ladder_set')).toHaveLength(1));
      expect(r.of('escalation_ladder_set')[0].args.levels).toEqual([
        { level: 1, team_member_id: 1, team_member: 'Sam', rule: 'overdue_days', threshold: 2 },
        { level: 2, team_member_id: 2, team_member: 'Priya', rule: 'urgent_untouched_hours', threshold: 4 },
        { level: 3, team_member_id: 1, team_member: 'Sam', rule: 'overdue_days', threshold: 7 },
      ]);
      await waitFor(() => expect(r.of('escalation_ladder_get')).toHaveLength(2));
    });

    it('removes the last level', async () => {
      const r = backend({
        team_list,
        escalation_ladder_get: () => [
          { level: 1, team_member_id: 1, team_member: 'Sam', rule: 'overdue_days', threshold: 2 },
          { level: 2, team_member_id: 2, team_member: 'Priya', rule: 'overdue_days', threshold: 5 },
        ],
      });
      render(Settings);
      await waitFor(() => expect(screen.getAllByTestId('ladder-row')).toHaveLength(2));
      await fireEvent.click(screen.getByTestId('ladder-remove'));
      expect(screen.getAllByTestId('ladder-row')).toHaveLength(1);
      await fireEvent.submit(screen.getByTestId('ladder-form'));
      await waitFor(() => expect(r.of('escalation_ladder_set')).toHaveLength(1));
      expect(r.of('escalation_ladder_set')[0].args.levels).toEqual([
        { level: 1, team_member_id: 1, team_member: 'Sam', rule: 'overdue_days', threshold: 2 },
      ]);
    });

    it('will not save a level without a member or with N below 1, and says which', async () => {
      const r = backend({ team_list, escalation_ladder_get: () => [] });
      const { container } = render(Settings);
      await screen.findByTestId('ladder-empty');
      await fireEvent.click(screen.getByTestId('ladder-add'));
      await fireEvent.submit(screen.getByTestId('ladder-form'));
      let error = container.querySelector('[data-testid="field-error"][data-level="1"]');
      expect(error?.getAttribute('data-field')).toBe('team_member');
      expect(error?.textContent).toContain('Choose who it goes up to at level 1');
      expect(sel('member-1').getAttribute('aria-invalid')).toBe('true');

      await fireEvent.change(sel('member-1'), { target: { value: '2' } });
      await fireEvent.input(sel('threshold-1'), { target: { value: '0' } });
      await fireEvent.submit(screen.getByTestId('ladder-form'));
      error = container.querySelector('[data-testid="field-error"][data-level="1"]');
      expect(error?.getAttribute('data-field')).toBe('threshold');
      expect(error?.textContent).toContain('1 or more');
      expect(document.activeElement).toBe(sel('threshold-1'));
      expect(r.of('escalation_ladder_set')).toHaveLength(0);
    });

    it('will not hand a level to a deactivated member', async () => {
      const r = backend({
        team_list: () => [...team_list(), { id: 3, name: 'Old Hand', email: null, active: false, created_at: '2026-01-01T00:00:00Z' }],
        escalation_ladder_get: () => [{ level: 1, team_member_id: 3, team_member: 'Old Hand', rule: 'overdue_days', threshold: 2 }],
      });
      const { container } = render(Settings);
      await screen.findAllByTestId('ladder-row');
      expect([...(sel('member-1') as HTMLSelectElement).options].map((o) => o.textContent)).toEqual([
        'Choose a team member…',
        'Sam',
        'Priya',
        'Old Hand (deactivated)',
      ]);
      await fireEvent.input(sel('threshold-1'), { target: { value: '3' } });
      await fireEvent.submit(screen.getByTestId('ladder-form'));
      expect(container.querySelector('[data-testid="field-error"][data-level="1"]')?.textContent).toContain('Old Hand is deactivated');
      expect(r.of('escalation_ladder_set')).toHaveLength(0);
    });

    it("shows the core's field error beside the row it is about", async () => {
      backend({
        team_list,
        escalation_ladder_get: () => [{ level: 1, team_member_id: 1, team_member: 'Sam', rule: 'overdue_days', threshold: 2 }],
        escalation_ladder_set: () => Promise.reject({ code: 'invalid_field', message: 'team member 2 does not exist', field: 'team_member' }),
      });
      const { container } = render(Settings);
      await screen.findAllByTestId('ladder-row');
      await fireEvent.click(screen.getByTestId('ladder-add'));
      await fireEvent.change(sel('member-2'), { target: { value: '2' } });
      await fireEvent.submit(screen.getByTestId('ladder-form'));
      await waitFor(() => expect(container.querySelector('[data-testid="field-error"][data-level="2"]')?.textContent).toContain('Team member 2 does not exist'));
      expect(container.querySelector('[data-testid="field-error"][data-level="1"]')).toBeNull();
    });

    it("shows a core error it cannot place under the ladder", async () => {
      backend({
        team_list,
        escalation_ladder_get: () => [{ level: 1, team_member_id: 1, team_member: 'Sam', rule: 'overdue_days', threshold: 2 }],
        escalation_ladder_set: () => Promise.reject({ code: 'invalid_field', message: 'thresholds must rise', field: 'threshold' }),
      });
      const { container } = render(Settings);
      await screen.findAllByTestId('ladder-row');
      await fireEvent.input(sel('threshold-1'), { target: { value: '3' } });
      await fireEvent.submit(screen.getByTestId('ladder-form'));
      await waitFor(() => expect(container.querySelector('[data-testid="field-error"][data-field="ladder"]')?.textContent).toContain('Thresholds must rise'));
    });
  });

  describe('issue categories', () => {
    it('adds a category and removes one, saying past issues keep it', async () => {
      let categories = ['Billing', 'Late delivery'];
      const r = backend({
        issue_categories_list: () => categories,
        issue_categories_add: (a) => {
          categories = [...categories, String(a.name)].sort();
          return null;
        },
        issue_categories_remove: (a) => {
          categories = categories.filter((c) => c !== a.name);
          return null;
        },
      });
      render(Settings);
      const section = await screen.findByTestId('categories');
      await waitFor(() => expect(screen.getAllByTestId('category').map((li) => li.dataset.name)).toEqual(['Billing', 'Late delivery']));
      expect(section.textContent).toContain('issues already in it keep their category');

      const form = screen.getByTestId('category-add');
      await fireEvent.input(form.querySelector('[name="category"]')!, { target: { value: '  Quality ' } });
      await fireEvent.submit(form);
      await waitFor(() => expect(screen.getAllByTestId('category')).toHaveLength(3));
      expect(r.of('issue_categories_add')).toEqual([{ cmd: 'issue_categories_add', args: { name: 'Quality' } }]);
      expect((form.querySelector('[name="category"]') as HTMLInputElement).value).toBe('');

      await fireEvent.click(screen.getByRole('button', { name: 'Remove category Billing' }));
      await waitFor(() => expect(screen.getAllByTestId('category').map((li) => li.dataset.name)).toEqual(['Late delivery', 'Quality']));
      expect(r.of('issue_categories_remove')).toEqual([{ cmd: 'issue_categories_remove', args: { name: 'Billing' } }]);
    });

    it('refuses an empty or repeated name without asking the core', async () => {
      const r = backend({ issue_categories_list: () => ['Billing'] });
      const { container } = render(Settings);
      await screen.findAllByTestId('category');
      const form = screen.getByTestId('category-add');
      await fireEvent.submit(form);
      expect(container.querySelector('[data-testid="field-error"][data-field="category"]')?.textContent).toContain('Type the name');
      await fireEvent.input(form.querySelector('[name="category"]')!, { target: { value: 'billing' } });
      await fireEvent.submit(form);
      expect(container.querySelector('[data-testid="field-error"][data-field="category"]')?.textContent).toContain('already on the list');
      expect(r.of('issue_categories_add')).toHaveLength(0);
    });
  });
});

describe('Contact list workbook', () => {
  it('writes the contact list to the .xlsx chosen in the save dialog', async () => {
    const r = backend({
      'plugin:dialog|save': () => '/home/o/Contact list.xlsx',
      export_contact_list: (a) => ({ file: a.path, rows: 12, streamed: false }),
    });
    render(Settings);
    await fireEvent.click(await screen.findByTestId('export-contact-list'));
    const done = await screen.findByTestId('export-done');
    expect(done.textContent).toContain('12 contact(s) written to /home/o/Contact list.xlsx');
    // The path, and a channel for the progress bar.
    const sent = r.of('export_contact_list')[0].args;
    expect(sent.path).toBe('/home/o/Contact list.xlsx');
    expect(sent.on_progress).toBeDefined();
  });
});
