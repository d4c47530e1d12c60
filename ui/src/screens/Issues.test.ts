import { beforeEach, describe, expect, it } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import Issues, { buildFilter, noFilters } from './Issues.svelte';
import { nav, pending } from '../lib/nav.svelte';
import { clearToasts, toasts } from '../lib/toast.svelte';
import { formatDate } from '../lib/format';
import type { Issue } from '../lib/bindings/Issue';
import type { IssueEvent } from '../lib/bindings/IssueEvent';
import type { IssueFilter } from '../lib/bindings/IssueFilter';
import type { IssueStatus } from '../lib/bindings/IssueStatus';
import type { StatusMove } from '../lib/bindings/StatusMove';
import { contact, detail, recorder } from '../test/fixtures';
import { issue as fixtureIssue } from '../test/issueFixtures';

/** An issue of customer 1 (the contact the detail tests open). */
function issue(id: number, title: string, extra: Partial<Issue> = {}): Issue {
  return fixtureIssue(id, title, { customer_id: 1, ...extra });
}

function ev(id: number, kind: string, old_value: string | null, new_value: string | null, note: string | null = null): IssueEvent {
  return { id, at: `2026-11-0${id}T10:00:00Z`, kind, old_value, new_value, note };
}

// The core's workflow table (src/issues/workflow.rs).
const STATUSES: IssueStatus[] = ['open', 'in_progress', 'waiting_on_customer', 'resolved', 'closed'];
const workflow: StatusMove[] = STATUSES.flatMap((from) =>
  STATUSES.filter((to) => {
    if (from === to || to === 'closed') return false;
    if (from === 'closed') return to === 'open';
    return !(from === 'resolved' && to === 'waiting_on_customer');
  }).map((to) => ({ from, to })),
);

const onBoard: Issue[] = [
  issue(1, 'Late delivery', { status: 'open' }),
  issue(2, 'Wrong invoice', { status: 'resolved', priority: 'urgent' }),
];

function backend(extra: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  const r = recorder({
    issues_list: (a) => {
      const f = a.filter as IssueFilter;
      const all = f.status ? onBoard.filter((i) => i.status === f.status) : onBoard;
      return { issues: f.limit === 0 ? [] : all, total: all.length };
    },
    issues_queue: () => [{ issue: onBoard[1], score: 40, reasons: ['urgent'] }],
    issues_workflow: () => workflow,
    issue_categories_list: () => ['Billing', 'Delivery'],
    team_list: () => [{ id: 3, name: 'Sam', email: null, active: true, created_at: '2026-01-01T00:00:00Z' }],
    issues_get: (a) => ({ issue: onBoard.find((i) => i.id === a.id) ?? onBoard[0], history: [], recent_interactions: [] }),
    ...extra,
  });
  mockIPC(r.handle);
  return r;
}

beforeEach(() => {
  nav.screen = 'issues';
  nav.issueId = null;
  nav.contactId = null;
  pending.newIssueFor = null;
  clearToasts();
});

async function openBoard() {
  render(Issues);
  const tab = await screen.findByRole('tab', { name: 'Board' });
  await fireEvent.click(tab);
  await screen.findAllByTestId('issue-card');
}

const column = (s: string) => document.querySelector<HTMLElement>(`[data-testid="board-column"][data-status="${s}"]`)!;
const card = (id: number) => document.querySelector<HTMLElement>(`[data-testid="issue-card"][data-id="${id}"]`)!;

describe('Issues board', () => {
  it('offers as drop targets exactly the moves the workflow allows, plus Closed', async () => {
    backend();
    await openBoard();
    await fireEvent.dragStart(card(2));
    expect(column('open').dataset.drop).toBe('allowed');
    expect(column('in_progress').dataset.drop).toBe('allowed');
    expect(column('waiting_on_customer').dataset.drop).toBe('refused');
    expect(column('resolved').dataset.drop).toBe('home');
    expect(column('closed').dataset.drop).toBe('allowed');
    await fireEvent.dragEnd(card(2));
    expect(column('open').dataset.drop).toBeUndefined();
    // The keyboard's "Move to…" list offers the same targets.
    const options = [...within(card(2)).getByTestId('issue-move').querySelectorAll('option')].map((o) => o.value);
    expect(options).toEqual(['', 'open', 'in_progress', 'closed']);
  });

  it('moves a dropped card with issues_update, and shows the core refusing an illegal drop', async () => {
    const r = backend({
      issues_update: (a) => {
        const u = a.update as { status: string };
        return u.status === 'waiting_on_customer'
          ? Promise.reject({ code: 'invalid_field', message: 'an issue that is resolved cannot move to waiting on customer', field: 'status' })
          : null;
      },
    });
    await openBoard();
    await fireEvent.dragStart(card(1));
    await fireEvent.dragOver(column('in_progress'));
    await fireEvent.drop(column('in_progress'));
    await waitFor(() => expect(r.of('issues_update')).toHaveLength(1));
    expect(r.of('issues_update')[0].args).toMatchObject({ id: 1, update: { status: 'in_progress', comment: null } });

    await fireEvent.dragStart(card(2));
    await fireEvent.drop(column('waiting_on_customer'));
    await waitFor(() =>
      expect(toasts.some((t) => t.tone === 'error' && t.message === 'Not moved: an issue that is resolved cannot move to waiting on customer.')).toBe(true),
    );
  });

  it('opens the close dialog when a card is dropped on Closed, and never sends closed as a status', async () => {
    const r = backend();
    await openBoard();
    await fireEvent.dragStart(card(1));
    await fireEvent.drop(column('closed'));
    expect(await screen.findByTestId('close-issue-dialog')).toBeTruthy();
    expect(screen.getByText('Did the customer confirm they are satisfied with the fix?')).toBeTruthy();
    expect(r.of('issues_update')).toHaveLength(0);
  });
});

describe('Closing an issue', () => {
  it('sends issues_close as confirmed with the score and comment', async () => {
    const r = backend({ issues_close: () => null });
    nav.issueId = 1;
    render(Issues);
    await fireEvent.click(await screen.findByTestId('close-issue'));
    const dialog = await screen.findByTestId('close-issue-dialog');
    await fireEvent.click(within(dialog).getByLabelText(/Yes/));
    await fireEvent.click(within(dialog).getByLabelText('4'));
    await fireEvent.input(dialog.querySelector('[name="comment"]')!, { target: { value: ' Happy now ' } });
    await fireEvent.click(within(dialog).getByTestId('close-issue-confirm'));
    await waitFor(() => expect(r.of('issues_close')).toHaveLength(1));
    expect(r.of('issues_close')[0].args).toEqual({ id: 1, how: 'confirmed', score: 4, comment: 'Happy now' });
  });

  it('sends unconfirmed with no score when the customer did not confirm', async () => {
    const r = backend({ issues_close: () => null });
    nav.issueId = 1;
    render(Issues);
    await fireEvent.click(await screen.findByTestId('close-issue'));
    const dialog = await screen.findByTestId('close-issue-dialog');
    await fireEvent.click(within(dialog).getByLabelText(/^No/));
    await fireEvent.click(within(dialog).getByTestId('close-issue-confirm'));
    await waitFor(() => expect(r.of('issues_close')).toHaveLength(1));
    expect(r.of('issues_close')[0].args).toEqual({ id: 1, how: 'unconfirmed', score: null, comment: null });
  });
});

describe('Issue history', () => {
  it('reads each event as a sentence, a broken promise with its old and new dates', async () => {
    backend({
      issues_get: () => ({
        issue: onBoard[0],
        history: [
          ev(1, 'opened', null, 'Late delivery'),
          ev(2, 'due', '2026-11-10', '2026-11-20'),
          ev(3, 'broken_promise', '2026-11-10', '2026-11-20'),
          ev(4, 'status', 'open', 'in_progress'),
          ev(5, 'closed', 'resolved', 'confirmed', 'satisfaction 5/5: thanks'),
          ev(6, 'comment', null, null, '<b>not bold</b>'),
        ],
        recent_interactions: [],
      }),
    });
    nav.issueId = 1;
    render(Issues);
    const items = await screen.findAllByTestId('issue-history-item');
    const text = items.map((i) => i.textContent ?? '');
    expect(text[2]).toContain(`Broken promise: the due date moved later, from ${formatDate('2026-11-10')} to ${formatDate('2026-11-20')}.`);
    expect(items[2].dataset.kind).toBe('broken_promise');
    expect(text[3]).toContain('Status changed from Open to In progress.');
    expect(text[4]).toContain('Closed, confirmed by the customer');
    expect(text[4]).toContain('Satisfaction 5 out of 5. thanks');
    // User text stays text.
    expect(text[5]).toContain('<b>not bold</b>');
    expect(items[5].querySelector('b')).toBeNull();
  });
});

describe('Issue filters', () => {
  it('builds the core filter from the toolbar', () => {
    expect(buildFilter(noFilters())).toMatchObject({ active: true, status: null, owner_id: null, overdue: false });
    expect(
      buildFilter({ owner: '3', customer: { id: 9, name: 'Ada' }, category: 'Billing', priority: 'urgent', overdue: true, status: 'resolved' }),
    ).toEqual({
      status: 'resolved',
      active: false,
      owner_id: 3,
      customer_id: 9,
      category: 'Billing',
      priority: 'urgent',
      overdue: true,
      due_within_days: null,
      limit: null,
      offset: 0,
    });
  });

  it('sends the chosen filters to issues_list, a page at a time', async () => {
    const r = backend();
    render(Issues);
    await screen.findAllByTestId('issue-row');
    await waitFor(() => expect(screen.getByTestId('filter-category').querySelectorAll('option').length).toBe(3));
    await fireEvent.change(screen.getByTestId('filter-owner'), { target: { value: '3' } });
    await fireEvent.change(screen.getByTestId('filter-category'), { target: { value: 'Billing' } });
    await fireEvent.change(screen.getByTestId('filter-priority'), { target: { value: 'high' } });
    await fireEvent.click(screen.getByTestId('filter-overdue'));
    await fireEvent.change(screen.getByTestId('filter-status'), { target: { value: 'in_progress' } });
    const last = () => r.of('issues_list').filter((c) => (c.args.filter as IssueFilter).limit === 50).at(-1)!.args.filter;
    await waitFor(() =>
      expect(last()).toEqual({
        status: 'in_progress',
        active: false,
        owner_id: 3,
        customer_id: null,
        category: 'Billing',
        priority: 'high',
        overdue: true,
        due_within_days: null,
        limit: 50,
        offset: 0,
      }),
    );
  });
});

describe('New issue form', () => {
  it('opens on Ctrl+N with the handed-over customer, and shows the core’s field error beside the field', async () => {
    const r = backend({
      contacts_get: () => detail(contact(7, 'Grace Hopper')),
      issues_create: () => Promise.reject({ code: 'invalid_field', message: 'say in a few words what is wrong', field: 'title' }),
    });
    pending.newIssueFor = 7;
    render(Issues);
    await screen.findByTestId('issue-form');
    expect(pending.newIssueFor).toBeNull();
    // The form opens at once and is filled in when the customer's name arrives.
    await waitFor(() =>
      expect((screen.getByTestId('issue-form').querySelector('[name="customer"]') as HTMLInputElement).value).toBe('Grace Hopper'),
    );
    const form = screen.getByTestId('issue-form');
    await fireEvent.submit(form);
    const error = await screen.findByTestId('field-error');
    expect(error.dataset.field).toBe('title');
    expect(error.textContent).toBe('Say in a few words what is wrong');
    expect(form.querySelector('[name="title"]')!.getAttribute('aria-invalid')).toBe('true');
    expect((r.of('issues_create')[0].args.input as { customer_id: number }).customer_id).toBe(7);
    // Escape cancels; Ctrl+N opens it again.
    await fireEvent.keyDown(form.querySelector('[name="title"]')!, { key: 'Escape' });
    expect(screen.queryByTestId('issue-form')).toBeNull();
    await fireEvent.keyDown(window, { key: 'n', ctrlKey: true });
    expect(await screen.findByTestId('issue-form')).toBeTruthy();
  });

  it('asks for a customer before sending anything', async () => {
    const r = backend();
    render(Issues);
    await fireEvent.click(await screen.findByTestId('new-issue'));
    const form = await screen.findByTestId('issue-form');
    await fireEvent.submit(form);
    expect((await screen.findByTestId('field-error')).dataset.field).toBe('customer');
    expect(r.of('issues_create')).toHaveLength(0);
  });
});

describe('Empty state', () => {
  it('explains issues and offers New issue when there are none', async () => {
    backend({ issues_list: () => ({ issues: [], total: 0 }) });
    render(Issues);
    const empty = await screen.findByTestId('issues-empty');
    expect(empty.textContent).toContain('No issues yet');
    await fireEvent.click(within(empty).getByRole('button', { name: 'New issue' }));
    expect(await screen.findByTestId('issue-form')).toBeTruthy();
  });
});

describe('Escalating', () => {
  it('says plainly when there is no ladder, and points to Settings', async () => {
    const r = backend({ escalation_ladder_get: () => [] });
    nav.issueId = 1;
    render(Issues);
    await fireEvent.click(await screen.findByTestId('escalate-issue'));
    const empty = await screen.findByTestId('escalation-ladder-empty');
    expect(empty.textContent).toContain('There is no escalation ladder yet');
    expect(within(empty).getByRole('link', { name: 'Settings' }).getAttribute('href')).toBe('#/settings');
    expect(r.of('issues_escalate')).toHaveLength(0);
  });

  it('escalates to the next level with the reason, which is required', async () => {
    const r = backend({
      escalation_ladder_get: () => [
        { level: 1, team_member_id: 3, team_member: 'Sam', rule: 'overdue_days', threshold: 2 },
        { level: 2, team_member_id: 4, team_member: 'Priya', rule: 'overdue_days', threshold: 7 },
      ],
      issues_escalate: () => null,
    });
    nav.issueId = 1;
    render(Issues);
    await fireEvent.click(await screen.findByTestId('escalate-issue'));
    const confirm = await screen.findByTestId('escalate-confirm');
    expect(confirm.textContent).toContain('Sam');
    await fireEvent.click(confirm);
    expect((await screen.findByTestId('field-error')).dataset.field).toBe('reason');
    expect(r.of('issues_escalate')).toHaveLength(0);
    await fireEvent.input(screen.getByTestId('escalate-dialog').querySelector('[name="reason"]')!, {
      target: { value: 'Customer asked for the manager' },
    });
    await fireEvent.click(screen.getByTestId('escalate-confirm'));
    await waitFor(() => expect(r.of('issues_escalate')).toHaveLength(1));
    expect(r.of('issues_escalate')[0].args).toEqual({ id: 1, level: 1, reason: 'Customer asked for the manager' });
  });
});

describe('Prioritised queue', () => {
  it('shows each pressing issue with its reasons', async () => {
    backend();
    render(Issues);
    const item = await screen.findByTestId('queue-item');
    expect(item.dataset.id).toBe('2');
    expect(item.textContent).toContain('urgent');
  });

  it('asks the core for the top of the queue only', async () => {
    const r = backend();
    render(Issues);
    await screen.findByTestId('queue-item');
    expect(r.of('issues_queue')[0].args).toEqual({ limit: 13 });
  });
});

describe('Editing in the detail', () => {
  it('sends each change as one issues_update, and shows a refusal beside the field', async () => {
    const r = backend({
      issues_get: () => ({ issue: { ...onBoard[0], due: '2026-11-10' }, history: [], recent_interactions: [] }),
      issues_update: (a) =>
        (a.update as { owner_id: number | null }).owner_id === 3
          ? Promise.reject({ code: 'invalid_field', message: 'team member 3 does not exist', field: 'owner' })
          : null,
    });
    nav.issueId = 1;
    render(Issues);
    const detailEl = await screen.findByTestId('issue-detail');
    await waitFor(() => expect(detailEl.querySelector('[name="due"]')).toBeTruthy());
    await fireEvent.change(detailEl.querySelector('[name="due"]')!, { target: { value: '2026-11-20' } });
    await waitFor(() => expect(r.of('issues_update')).toHaveLength(1));
    expect(r.of('issues_update')[0].args).toMatchObject({ id: 1, update: { due: '2026-11-20', status: null, clear_due: false } });
    expect(toasts.some((t) => t.message.includes('broken promise'))).toBe(true);

    await waitFor(() => expect(screen.getByTestId('issue-detail').querySelectorAll('[name="owner"] option').length).toBe(2));
    await fireEvent.change(screen.getByTestId('issue-detail').querySelector('[name="owner"]')!, { target: { value: '3' } });
    const error = await screen.findByTestId('field-error');
    expect(error.dataset.field).toBe('owner');
    expect(error.textContent).toBe('Team member 3 does not exist');
  });
});

describe('Issue report export', () => {
  it('saves the report where the save dialog says and names the file in the message', async () => {
    const r = backend({
      'plugin:dialog|save': () => '/home/o/Issue report.xlsx',
      export_issues: (a) => ({ file: a.path, rows: 2, streamed: false }),
    });
    render(Issues);
    await fireEvent.click(await screen.findByTestId('export-issues'));
    await waitFor(() => expect(r.of('export_issues')).toHaveLength(1));
    // The path, and a channel for the progress bar.
    const sent = r.of('export_issues')[0].args;
    expect(sent.path).toBe('/home/o/Issue report.xlsx');
    expect(sent.on_progress).toBeDefined();
    await waitFor(() => expect(toasts.map((t) => t.message)).toContain('Issue report saved (2 issues): /home/o/Issue report.xlsx'));
  });
});
