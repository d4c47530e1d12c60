import { beforeEach, describe, expect, it } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import Today from './Today.svelte';
import type { IssueFilter } from '../lib/bindings/IssueFilter';
import { recorder } from '../test/fixtures';
import { issue, member, page, suggestion } from '../test/issueFixtures';

const team = [member(1, 'Sam'), member(2, 'Priya'), member(3, 'Old Hand', false)];
const filterOf = (c: { args: Record<string, unknown> }) => c.args.filter as IssueFilter;

beforeEach(() => localStorage.clear());

function backend(extra: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  const r = recorder({
    team_list: () => team,
    issues_escalations: () => [],
    escalation_ladder_get: () => [{ level: 1, team_member_id: 2, team_member: 'Priya', rule: 'overdue_days', threshold: 3 }],
    issues_list: () => page([]),
    ...extra,
  });
  mockIPC(r.handle);
  return r;
}

describe('Today', () => {
  it('escalates a suggested issue at the suggested level, then refreshes the list', async () => {
    const late = issue(5, 'Two trays arrived late', { overdue: true, days_overdue: 4, due: '2026-11-20', effective_due: '2026-11-20' });
    let due = [suggestion(late, 2, 'Priya', 'overdue by 4 days (rule: 3 or more)')];
    const r = backend({
      issues_escalations: () => due,
      issues_escalate: () => {
        due = [];
        return null;
      },
    });
    render(Today);
    const item = await screen.findByTestId('escalation');
    expect(item.textContent).toContain('Two trays arrived late');
    expect(item.textContent).toContain('Ada Lovelace');
    expect(item.textContent).toContain('Level 2 → Priya');
    expect(item.textContent).toContain('overdue by 4 days (rule: 3 or more)');
    expect(within(item).getByRole('link', { name: 'Two trays arrived late' }).getAttribute('href')).toBe('#/issues/5');

    await fireEvent.click(within(item).getByTestId('escalate'));
    await waitFor(() =>
      expect(r.of('issues_escalate')).toEqual([
        { cmd: 'issues_escalate', args: { id: 5, level: 2, reason: 'overdue by 4 days (rule: 3 or more)' } },
      ]),
    );
    await waitFor(() => expect(screen.queryByTestId('escalation')).toBeNull());
    expect(r.of('issues_escalations').length).toBe(2);
    expect(screen.getByTestId('escalations-none').textContent).toContain('No escalations due');
  });

  it('explains the ladder when there is none, and that there is no team yet', async () => {
    backend({ team_list: () => [], escalation_ladder_get: () => [] });
    render(Today);
    expect((await screen.findByTestId('no-team')).textContent).toContain('no team yet');
    expect(screen.getByTestId('escalations-none').textContent).toContain('No escalation ladder is set up');
    expect(screen.queryByTestId('whose-issues')).toBeNull();
    expect((await screen.findByTestId('overdue-empty')).textContent).toContain('Nothing overdue — well done');
    expect(screen.getByTestId('due-soon-empty').textContent).toContain('Nothing is due in the next 7 days');
    expect((await screen.findByTestId('reminders-overdue-empty')).textContent).toContain('No follow-up is overdue');
    expect(screen.getByTestId('reminders-birthdays-empty').textContent).toContain('No birthdays today');
  });

  it('lists overdue and due-soon issues a page at a time, with "and N more"', async () => {
    const r = backend({
      issues_list: (a) =>
        (a.filter as IssueFilter).overdue
          ? page([issue(1, 'Refund not sent', { overdue: true, days_overdue: 3, due: '2026-11-20', owner: 'Sam', owner_id: 1, priority: 'urgent' })], 51)
          : page([issue(2, 'Quote for the new oven', { due: '2026-11-25' })]),
    });
    render(Today);
    const overdue = await screen.findByTestId('overdue');
    const row = within(overdue).getByTestId('issue-row');
    expect(row.textContent).toContain('Refund not sent');
    expect(row.textContent).toContain('3 days overdue');
    expect(row.textContent).toContain('Urgent');
    expect(row.textContent).toContain('Sam');
    expect(within(row).getByRole('link', { name: 'Refund not sent' }).getAttribute('href')).toBe('#/issues/1');
    expect(screen.getByTestId('overdue-more').textContent).toContain('and 50 more');
    expect(screen.getByTestId('overdue-more').getAttribute('href')).toBe('#/issues');
    expect(within(screen.getByTestId('due-soon')).getByTestId('issue-row').textContent).toContain('Nobody yet');
    expect(screen.queryByTestId('due-soon-more')).toBeNull();

    const filters = r.of('issues_list').map(filterOf);
    expect(filters).toContainEqual(expect.objectContaining({ active: true, overdue: true, owner_id: null, limit: 50, offset: 0 }));
    expect(filters).toContainEqual(expect.objectContaining({ active: true, overdue: false, due_within_days: 7, owner_id: null, limit: 50 }));
  });

  it("asks for the chosen member's issues and remembers the choice", async () => {
    const r = backend();
    render(Today);
    const select = (await screen.findByTestId('whose-issues')) as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['Everyone', 'Sam', 'Priya']);
    await waitFor(() => expect(r.of('issues_list')).toHaveLength(2));

    await fireEvent.change(select, { target: { value: '2' } });
    await waitFor(() => expect(r.of('issues_list')).toHaveLength(4));
    expect(r.of('issues_list').slice(2).map((c) => filterOf(c).owner_id)).toEqual([2, 2]);
    expect(localStorage.getItem('rapport.today.whose')).toBe('2');
    expect((await screen.findByTestId('overdue-empty')).textContent).toContain('Nothing overdue for Priya');

    // Next time Today opens, it starts with Priya's issues.
    cleanup();
    const again = backend();
    render(Today);
    const select2 = (await screen.findByTestId('whose-issues')) as HTMLSelectElement;
    await waitFor(() => expect(again.of('issues_list')).toHaveLength(2));
    expect(select2.value).toBe('2');
    expect(again.of('issues_list').map((c) => filterOf(c).owner_id)).toEqual([2, 2]);

    await fireEvent.change(select2, { target: { value: '' } });
    expect(localStorage.getItem('rapport.today.whose')).toBeNull();
  });

  it('forgets a remembered member who is no longer active', async () => {
    localStorage.setItem('rapport.today.whose', '3');
    const r = backend();
    render(Today);
    const select = (await screen.findByTestId('whose-issues')) as HTMLSelectElement;
    await waitFor(() => expect(r.of('issues_list').length).toBeGreaterThanOrEqual(2));
    expect(select.value).toBe('');
    expect(r.of('issues_list').every((c) => filterOf(c).owner_id === null)).toBe(true);
    expect(localStorage.getItem('rapport.today.whose')).toBeNull();
  });

  it('warns when a suggested level hands the issue to someone who has left the team', async () => {
    const late = issue(5, 'Two trays arrived late', { overdue: true, days_overdue: 4 });
    backend({
      escalation_ladder_get: () => [{ level: 1, team_member_id: 3, team_member: 'Old Hand', rule: 'overdue_days', threshold: 3 }],
      issues_escalations: () => [suggestion(late, 1, 'Old Hand', 'overdue by 4 days (rule: 3 or more)')],
    });
    render(Today);
    expect((await screen.findByTestId('escalation-left-team')).textContent).toContain('Old Hand is no longer on the team');
  });

  it('says when waiting on the customer moved the date an issue counts from', async () => {
    backend({
      issues_list: (a) =>
        (a.filter as IssueFilter).overdue ? page([]) : page([issue(4, 'Croissants were stale', { due: '2026-11-26', effective_due: '2026-12-03', status: 'waiting_on_customer' })]),
    });
    render(Today);
    const row = within(await screen.findByTestId('due-soon')).getByTestId('issue-row');
    expect(row.textContent).toContain('counts from');
    expect(row.textContent).toContain('after waiting on the customer');
    expect(row.textContent).not.toContain('due in');
  });
});
