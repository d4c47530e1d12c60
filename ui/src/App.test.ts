import { describe, expect, it } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import App from './App.svelte';
import type { AppStatus } from './lib/bindings/AppStatus';
import { recorder } from './test/fixtures';

const broken: AppStatus = {
  ready: false,
  data_dir: '/data',
  database: '/data/rapport.sqlite3',
  error: { code: 'newer_schema', message: '/data/rapport.sqlite3 was written by a newer version of Rapport', field: null },
  backups: [{ path: '/data/backups/b1.sqlite3', name: 'b1.sqlite3', modified: '2026-11-01T08:00:00Z', bytes: 4096 }],
};

function okStatus(): AppStatus {
  return { ready: true, data_dir: '/data', database: '/data/rapport.sqlite3', error: null, backups: [] };
}

describe('start-up', () => {
  it('shows the start-up problem screen, in plain words, and not the app, when the data could not be opened', async () => {
    mockIPC(recorder({ app_status: () => broken }).handle);
    const { container } = render(App);
    const panel = await screen.findByTestId('startup-error');
    expect(panel.textContent).toContain('saved by a newer version of Rapport');
    expect(panel.textContent).toContain('b1.sqlite3');
    expect(container.querySelector('[data-nav]')).toBeNull();
  });

  it('shows the start-up problem screen when app_status itself fails', async () => {
    mockIPC(() => Promise.reject({ code: 'locked', message: 'in use', field: null }));
    const { container } = render(App);
    const panel = await screen.findByTestId('startup-error');
    expect(panel.textContent).toContain('in use by another program');
    expect(container.querySelector('[data-nav]')).toBeNull();
  });

  it('restores a listed backup after asking, then opens the app', async () => {
    const r = recorder({
      app_status: () => broken,
      app_recover: () => okStatus(),
      contacts_list: () => ({ total: 0, contacts: [] }),
      tags_list: () => [],
      organizations_list: () => [],
    });
    mockIPC(r.handle);
    const { container } = render(App);
    await fireEvent.click(await screen.findByRole('button', { name: 'Restore this' }));
    expect(r.of('app_recover')).toHaveLength(0);
    await fireEvent.click(screen.getByTestId('confirm-ok'));
    await waitFor(() => expect(container.querySelector('[data-nav="contacts"]')).not.toBeNull());
    expect(r.of('app_recover')[0].args).toEqual({ backup_path: '/data/backups/b1.sqlite3' });
    expect(container.querySelector('[data-testid="startup-error"]')).toBeNull();
  });

  it('opens another data folder chosen in the folder picker', async () => {
    const r = recorder({
      app_status: () => broken,
      'plugin:dialog|open': () => '/elsewhere',
      app_open_folder: () => okStatus(),
      contacts_list: () => ({ total: 0, contacts: [] }),
    });
    mockIPC(r.handle);
    const { container } = render(App);
    await fireEvent.click(await screen.findByRole('button', { name: /Open another data folder/ }));
    await waitFor(() => expect(container.querySelector('[data-nav="contacts"]')).not.toBeNull());
    expect(r.of('plugin:dialog|open')[0].args).toMatchObject({ options: { directory: true } });
    expect(r.of('app_open_folder')[0].args).toEqual({ path: '/elsewhere' });
  });

  it('shows the app with every navigation link when the data is ready', async () => {
    mockIPC(recorder({ app_status: () => okStatus(), contacts_list: () => ({ total: 0, contacts: [] }) }).handle);
    const { container } = render(App);
    await waitFor(() => expect(container.querySelector('[data-nav="contacts"]')).not.toBeNull());
    const navs = [...container.querySelectorAll('[data-nav]')].map((a) => a.getAttribute('data-nav'));
    expect(navs).toEqual(['today', 'contacts', 'issues', 'meetings', 'surveys', 'dashboard', 'settings', 'trash']);
    expect(await screen.findByText(/No contacts yet/)).toBeTruthy();
  });
});

describe('early start-up requests (main.ts)', () => {
  it('uses the app_status answer main.ts asked for instead of asking again', async () => {
    const r = recorder({ app_status: () => okStatus(), contacts_list: () => ({ total: 0, contacts: [] }) });
    mockIPC(r.handle);
    const { appStatus } = await import('./lib/api/app');
    const status = appStatus();
    const { container } = render(App, { status });
    await waitFor(() => expect(container.querySelector('[data-nav="contacts"]')).not.toBeNull());
    expect(r.of('app_status')).toHaveLength(1);
  });

  it('asks for the first contacts page alongside app_status, and the list uses it', async () => {
    const { contact } = await import('./test/fixtures');
    const r = recorder({
      app_status: () => okStatus(),
      contacts_list: () => ({ total: 1, contacts: [contact(1, 'Ada')] }),
    });
    mockIPC(r.handle);
    const { appStatus } = await import('./lib/api/app');
    const { firstPageQuery, prefetchContacts } = await import('./lib/api/contacts');
    const status = appStatus();
    prefetchContacts(firstPageQuery());
    // Both are on their way before anything is mounted.
    expect(r.calls.map((c) => c.cmd)).toEqual(['app_status', 'contacts_list']);
    render(App, { status });
    await screen.findByText('Ada');
    expect(r.of('contacts_list')).toHaveLength(1);
    expect(r.of('contacts_list')[0].args).toEqual({ query: firstPageQuery() });
    expect(r.of('app_status')).toHaveLength(1);
  });
});

describe('start-up hook', () => {
  it('reports the first painted contacts screen to the shell once, with the rows in the DOM', async () => {
    const { resetFirstPaint } = await import('./lib/api/app');
    resetFirstPaint();
    const { contact } = await import('./test/fixtures');
    const r = recorder({
      app_status: () => okStatus(),
      contacts_list: () => ({ total: 2, contacts: [contact(1, 'Ada'), contact(2, 'Grace')] }),
    });
    mockIPC(r.handle);
    render(App);
    await waitFor(() => expect(r.of('app_ready')).toHaveLength(1));
    expect(r.of('app_ready')[0].args).toEqual({ screen: 'contacts', rows: 2 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(r.of('app_ready')).toHaveLength(1);
  });

  it('reports the start-up problem screen, and a failing app_ready changes nothing', async () => {
    const { resetFirstPaint } = await import('./lib/api/app');
    resetFirstPaint();
    const r = recorder({
      app_status: () => broken,
      app_ready: () => Promise.reject({ code: 'internal', message: 'x', field: null }),
    });
    mockIPC(r.handle);
    render(App);
    await waitFor(() => expect(r.of('app_ready')).toHaveLength(1));
    expect(r.of('app_ready')[0].args).toEqual({ screen: 'startup-error', rows: null });
    expect(screen.getByTestId('startup-error')).toBeTruthy();
  });
});
