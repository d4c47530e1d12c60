import { beforeEach, describe, expect, it, vi } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import ContactDetailPane from './ContactDetailPane.svelte';
import Toasts from './Toasts.svelte';
import { clearToasts } from '../toast.svelte';
import { nav, pending } from '../nav.svelte';
import type { IssueFilter } from '../bindings/IssueFilter';
import { contact, detail, recorder } from '../../test/fixtures';
import { issue, page } from '../../test/issueFixtures';

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

  describe('issues', () => {
    const open = issue(7, 'Oven door will not close', { status: 'in_progress', due: '2026-11-20', overdue: true, days_overdue: 2 });
    const closed = issue(3, 'Invoice sent twice', { status: 'closed', due: '2026-10-01' });
    const waiting = issue(8, 'Photos of the damage', { status: 'waiting_on_customer' });

    function backend(extra: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
      const r = recorder({
        contacts_get: () => detail(contact(9, 'Ada')),
        team_list: () => [],
        issues_list: (a) => ((a.filter as IssueFilter).active ? page([open, waiting]) : page([closed, open, waiting], 23)),
        interactions_add: () => 1,
        ...extra,
      });
      mockIPC(r.handle);
      return r;
    }

    it("lists the customer's issues, open ones first, each linking to the issue", async () => {
      const r = backend();
      render(ContactDetailPane, { id: 9, onedit: vi.fn() });
      await waitFor(() => expect(screen.getAllByTestId('contact-issue')).toHaveLength(3));
      const rows = screen.getAllByTestId('contact-issue');
      expect(rows.map((li) => li.dataset.id)).toEqual(['7', '8', '3']);
      expect(rows[0].textContent).toContain('In progress');
      expect(rows[0].textContent).toContain('2 days overdue');
      expect(rows[1].textContent).toContain('Waiting on customer');
      expect(rows[2].textContent).toContain('Closed');
      expect(rows[0].querySelector('a')?.getAttribute('href')).toBe('#/issues/7');
      expect(screen.getByTestId('contact-issues').textContent).toContain('and 20 more');
      const filters = r.of('issues_list').map((c) => c.args.filter as IssueFilter);
      expect(filters).toContainEqual(expect.objectContaining({ customer_id: 9, limit: 20, active: true }));
      expect(filters).toContainEqual(expect.objectContaining({ customer_id: 9, limit: 20, active: false }));
    });

    it('says so when the customer has no issues', async () => {
      backend({ issues_list: () => page([]) });
      render(ContactDetailPane, { id: 9, onedit: vi.fn() });
      await waitFor(() => expect(screen.getByTestId('contact-issues').textContent).toContain('No issues for Ada'));
      expect(document.querySelector('[name="issue"]')).toBeNull();
    });

    it('"New issue" hands the customer over to the Issues screen', async () => {
      backend();
      pending.newIssueFor = null;
      render(ContactDetailPane, { id: 9, onedit: vi.fn() });
      await fireEvent.click(await screen.findByTestId('new-issue'));
      expect(pending.newIssueFor).toBe(9);
      expect(nav.screen).toBe('issues');
      pending.newIssueFor = null;
    });

    it('links a logged contact to the issue chosen in "About issue"', async () => {
      const r = backend();
      render(ContactDetailPane, { id: 9, onedit: vi.fn() });
      await waitFor(() => expect(document.querySelector('[name="issue"]')).not.toBeNull());
      const about = document.querySelector<HTMLSelectElement>('[name="issue"]')!;
      expect([...about.options].map((o) => o.value)).toEqual(['', '7', '8']);
      await fireEvent.change(about, { target: { value: '7' } });
      const form = screen.getByTestId('log-interaction');
      await fireEvent.input(form.querySelector('[name="summary"]')!, { target: { value: 'Engineer booked for Friday' } });
      await fireEvent.submit(form);
      await waitFor(() => expect(r.of('interactions_add')).toHaveLength(1));
      expect(r.of('interactions_add')[0].args).toEqual({
        input: { contact_id: 9, occurred_at: null, channel: 'call', summary: 'Engineer booked for Friday', tone: 'neutral', team_member_id: null, issue_id: 7 },
      });
      // The choice does not carry over to the next contact logged.
      await waitFor(() => expect(about.value).toBe(''));
      await fireEvent.input(form.querySelector('[name="summary"]')!, { target: { value: 'Left a message' } });
      await fireEvent.submit(form);
      await waitFor(() => expect(r.of('interactions_add')).toHaveLength(2));
      expect(r.of('interactions_add')[1].args.input).not.toHaveProperty('issue_id');
    });

    it("offers a person's organisation's active issues too, but not other people's", async () => {
      const orgIssue = issue(11, 'Wholesale order short', { customer_id: 1, customer: 'Corner Bakery' });
      const colleague = issue(12, "Ben's broken mixer", { customer_id: 4, customer: 'Ben' });
      backend({
        contacts_get: () => detail(contact(9, 'Ada', { organization_id: 1, organization: 'Corner Bakery' })),
        issues_list: (a) => {
          const f = a.filter as IssueFilter;
          if (f.customer_id === 1) return page([orgIssue, colleague]);
          return f.active ? page([open]) : page([open]);
        },
      });
      render(ContactDetailPane, { id: 9, onedit: vi.fn() });
      await waitFor(() => expect(document.querySelectorAll('[name="issue"] option')).toHaveLength(3));
      const about = document.querySelector<HTMLSelectElement>('[name="issue"]')!;
      expect([...about.options].map((o) => o.value)).toEqual(['', '7', '11']);
    });

    it('shows which issue a timeline entry was about', async () => {
      backend({
        contacts_get: () =>
          detail(contact(9, 'Ada'), {
            interactions: [
              { id: 1, contact_id: 9, occurred_at: '2026-11-01T10:00:00Z', channel: 'call', summary: 'Chased the engineer', tone: 'neutral', issue_id: 7, team_member_id: null, created_at: '2026-11-01T10:00:00Z' },
            ],
          }),
      });
      render(ContactDetailPane, { id: 9, onedit: vi.fn() });
      await waitFor(() => expect(screen.getByTestId('timeline-item').textContent).toContain('about Oven door will not close'));
      expect(screen.getByTestId('timeline-item').querySelector('a')?.getAttribute('href')).toBe('#/issues/7');
    });
  });
});
