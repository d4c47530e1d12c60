import { beforeEach, describe, expect, it, vi } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import ContactDetailPane from './ContactDetailPane.svelte';
import Toasts from './Toasts.svelte';
import { clearToasts } from '../toast.svelte';
import { nav } from '../nav.svelte';
import { contact, detail, recorder } from '../../test/fixtures';

const evil = '<img src=x onerror=alert(1)>';

beforeEach(() => {
  clearToasts();
  nav.screen = 'contacts';
  nav.contactId = 9;
});

describe('ContactDetailPane', () => {
  it('renders a name containing markup as text, never as markup', async () => {
    mockIPC(
      recorder({
        contacts_get: () =>
          detail(contact(9, evil, { notes: '<b>bold?</b>' }), {
            interactions: [
              { id: 1, contact_id: 9, occurred_at: '2026-11-01T10:00:00Z', channel: 'note', summary: '<script>x()</script>', tone: 'neutral', issue_id: null, team_member_id: null, created_at: '2026-11-01T10:00:00Z' },
            ],
          }),
        team_list: () => [],
      }).handle,
    );
    const { container } = render(ContactDetailPane, { id: 9, onedit: vi.fn() });
    const name = await screen.findByTestId('contact-name');
    expect(name.textContent).toBe(evil);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.textContent).toContain('<b>bold?</b>');
    expect(screen.getByTestId('timeline-item').textContent).toContain('<script>x()</script>');
  });

  it('shows the birthday with its next date and the age then', async () => {
    mockIPC(
      recorder({
        contacts_get: () => detail(contact(9, 'Ada', { birthday: '1985-12-10' }), { next_birthday: '2026-12-10', age_at_next_birthday: 41 }),
        team_list: () => [],
      }).handle,
    );
    render(ContactDetailPane, { id: 9, onedit: vi.fn() });
    const line = await screen.findByTestId('contact-birthday');
    const fmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
    expect(line.textContent).toContain(fmt.format(new Date(1985, 11, 10)));
    expect(line.textContent).toContain(fmt.format(new Date(2026, 11, 10)));
    expect(line.textContent).toContain('41');
  });

  it('moves the contact to the Trash, shows a toast, and Undo restores it', async () => {
    const r = recorder({
      contacts_get: () => detail(contact(9, 'Ada Lovelace')),
      team_list: () => [],
      contacts_delete: () => null,
      contacts_restore: () => null,
    });
    mockIPC(r.handle);
    render(Toasts);
    render(ContactDetailPane, { id: 9, onedit: vi.fn() });
    await fireEvent.click(await screen.findByTestId('delete-contact'));
    const toast = await screen.findByTestId('toast');
    expect(toast.textContent).toContain('Ada Lovelace was moved to the Trash');
    expect(r.of('contacts_delete')[0].args).toEqual({ id: 9 });
    expect(nav.contactId).toBeNull();

    await fireEvent.click(screen.getByTestId('toast-undo'));
    await waitFor(() => expect(r.of('contacts_restore')).toHaveLength(1));
    expect(r.of('contacts_restore')[0].args).toEqual({ id: 9 });
    await waitFor(() => expect(nav.contactId).toBe(9));
    expect(screen.queryByTestId('toast')).toBeNull();
  });

  it('logs an interaction in two keystrokes after L: channel key, tone key, summary, Enter', async () => {
    const r = recorder({
      contacts_get: () => detail(contact(9, 'Ada')),
      team_list: () => [],
      interactions_add: () => 1,
    });
    mockIPC(r.handle);
    render(ContactDetailPane, { id: 9, onedit: vi.fn() });
    await screen.findByTestId('log-interaction');
    await fireEvent.keyDown(document.body, { key: 'l' });
    const channel = document.querySelector<HTMLSelectElement>('[name="channel"]')!;
    expect(document.activeElement).toBe(channel);
    await fireEvent.keyDown(channel, { key: 'v' });
    const tone = document.querySelector<HTMLSelectElement>('[name="tone"]')!;
    expect(document.activeElement).toBe(tone);
    await fireEvent.keyDown(tone, { key: '-' });
    const summary = document.querySelector<HTMLInputElement>('[name="summary"]')!;
    expect(document.activeElement).toBe(summary);
    await fireEvent.input(summary, { target: { value: 'Late delivery again' } });
    await fireEvent.submit(screen.getByTestId('log-interaction'));
    await waitFor(() => expect(r.of('interactions_add')).toHaveLength(1));
    expect(r.of('interactions_add')[0].args).toEqual({
      input: { contact_id: 9, occurred_at: null, channel: 'visit', summary: 'Late delivery again', tone: 'negative', team_member_id: null },
    });
  });

  it('does not log an empty summary and says why', async () => {
    const r = recorder({ contacts_get: () => detail(contact(9, 'Ada')), team_list: () => [] });
    mockIPC(r.handle);
    render(ContactDetailPane, { id: 9, onedit: vi.fn() });
    await fireEvent.submit(await screen.findByTestId('log-interaction'));
    expect(document.querySelector('[data-testid="field-error"][data-field="summary"]')).not.toBeNull();
    expect(r.of('interactions_add')).toHaveLength(0);
  });
});
