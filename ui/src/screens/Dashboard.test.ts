import { describe, expect, it } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import Dashboard from './Dashboard.svelte';
import { recorder } from '../test/fixtures';
import { member } from '../test/issueFixtures';
import { dashboard, profile, trend } from '../test/profileFixtures';
import type { Dashboard as DashboardData } from '../lib/bindings/Dashboard';

const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ');

function backend(d: () => DashboardData, extra: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  const r = recorder({ dashboard_get: d, team_list: () => [member(1, 'Sam'), member(2, 'Priya')], ...extra });
  mockIPC(r.handle);
  return r;
}

describe('Dashboard', () => {
  it('flags a week of growing complaints, states the rule, and draws the weeks from the data', async () => {
    const counts = [2, 3, 1, 2, 3, 2, 2, 3, 2, 1, 2, 11];
    backend(() =>
      dashboard({ issues_opened: trend(counts, { flagged: true }), negative_interactions: trend([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2]) }),
    );
    render(Dashboard);
    const card = await screen.findByTestId('early-warning');
    expect(card.getAttribute('data-flagged')).toBe('true');
    const flag = text(within(card).getByTestId('early-warning-flag'));
    expect(flag).toContain('Warning');
    expect(flag).toContain('11 issues opened this week');
    // The 8 weeks before this one: 2 3 2 2 3 2 1 2.
    expect(flag).toContain('an average of 2.1 a week before');
    expect(within(card).getByTestId('early-warning-rule').textContent).toContain('twice the square root');
    // One bar per week, with the count it stands for; this week's is marked as flagged.
    const bars = within(card).getAllByTestId('issues-chart-bar');
    expect(bars.map((b) => Number(b.getAttribute('data-count')))).toEqual(counts);
    expect(bars[11].classList.contains('flagged')).toBe(true);
    expect(bars[10].classList.contains('flagged')).toBe(false);
    // The tallest bar is the flagged one, and the others scale against it.
    expect(Number(bars[11].getAttribute('height'))).toBeGreaterThan(Number(bars[10].getAttribute('height')) * 5);
    // n and period, and the list behind it.
    expect(text(card)).toContain('n = 34 issues opened');
    expect(card.textContent).toContain('12 weeks from');
    expect(within(card).getByRole('link', { name: 'Open the issues list' }).getAttribute('href')).toBe('#/issues');
    const neg = screen.getByTestId('negative-trend');
    expect(neg.getAttribute('data-flagged')).toBe('false');
    expect(text(neg)).toContain('n = 3 interactions');
  });

  it('lists customers at risk most severe first, each linking to its profile, and shows all on request', async () => {
    const r = backend(
      () =>
        dashboard({
          at_risk: [
            { customer_id: 7, name: 'Corner Bakery', level: 'severe', score: 8, top_signal: 'A kick-out factor is present', resolve_by: '2026-11-20' },
            { customer_id: 9, name: 'Ada Lovelace', level: 'moderate', score: 2, top_signal: 'Issues past their promised date', resolve_by: '2027-02-01' },
          ],
          at_risk_total: 3,
        }),
      {
        profiles_at_risk: () => [
          profile(7, 'Corner Bakery', { level: 'severe', score: 8 }),
          profile(9, 'Ada Lovelace', { level: 'moderate', score: 2 }),
          profile(4, 'Grace Hopper', { level: 'moderate', score: 0, level_reason: 'Said they are looking around' }),
        ],
      },
    );
    render(Dashboard);
    const items = await screen.findAllByTestId('at-risk-item');
    expect(items.map((i) => i.getAttribute('data-id'))).toEqual(['7', '9']);
    expect(within(items[0]).getByTestId('level-badge').textContent).toBe('Severe');
    expect(within(items[1]).getByTestId('level-badge').textContent).toBe('Moderate');
    expect(within(items[0]).getByRole('link', { name: 'Corner Bakery' }).getAttribute('href')).toBe('#/contacts/7');
    expect(items[0].textContent).toContain('A kick-out factor is present');
    expect(items[0].textContent).toContain('4 days late');
    expect(items[0].querySelector('.by')?.classList.contains('late')).toBe(true);
    expect(text(screen.getByTestId('at-risk'))).toContain('n = 3 customers');

    await fireEvent.click(screen.getByTestId('at-risk-all'));
    await waitFor(() => expect(screen.getAllByTestId('at-risk-item')).toHaveLength(3));
    expect(r.of('profiles_at_risk')).toHaveLength(1);
    expect(screen.getAllByTestId('at-risk-item')[2].textContent).toContain('set by hand');
  });

  it('shows workload by owner with the on-time rate and the confirmed share, each with its n', async () => {
    backend(() =>
      dashboard({
        owners: [
          { owner_id: 1, owner: 'Sam', open: 6, overdue: 2, resolved_with_due: 10, resolved_on_time: 8, on_time_rate: 80, median_hours_to_resolve: 20, broken_promises: 1 },
          { owner_id: null, owner: 'Unassigned', open: 3, overdue: 0, resolved_with_due: 0, resolved_on_time: 0, on_time_rate: null, median_hours_to_resolve: null, broken_promises: 0 },
        ],
        closed: 8,
        confirmed_share: 62.5,
        resolved_with_due: 10,
        on_time_rate: 80,
      }),
    );
    render(Dashboard);
    const rows = await screen.findAllByTestId('owner-row');
    expect(rows.map((r) => r.getAttribute('data-owner'))).toEqual(['Sam', 'Unassigned']);
    expect(rows[0].textContent).toContain('80%');
    expect(rows[1].textContent).toContain('—');
    expect(screen.getByTestId('on-time-rate').textContent).toContain('80%');
    expect(screen.getByTestId('on-time-rate').textContent).toContain('n = 10 issues');
    expect(screen.getByTestId('confirmed-share').textContent).toContain('62.5%');
    expect(screen.getByTestId('confirmed-share').textContent).toContain('n = 8 closed issues');
    expect(text(screen.getByTestId('owners'))).toContain('n = 9 open issues, 2 overdue');
  });

  it('says what to do next on a new data file, and keeps a place for satisfaction', async () => {
    backend(() => dashboard());
    render(Dashboard);
    expect((await screen.findByTestId('dashboard-new')).textContent).toContain('fills in as you work');
    expect(screen.getByTestId('at-risk-empty').textContent).toContain('No customer is at risk');
    const sat = screen.getByTestId('satisfaction-empty');
    expect(sat.textContent).toContain('No surveys yet');
    expect(within(sat).getByRole('link', { name: 'Surveys' }).getAttribute('href')).toBe('#/surveys');
    expect(screen.getByTestId('kudos-empty').textContent).toContain('No kudos yet');
    expect(screen.getByTestId('coming-up-empty').textContent).toContain('No birthdays or renewals');
    expect(screen.getByTestId('early-warning-flag').textContent).toContain('No warning');
    expect(screen.getByTestId('dashboard-happiness-empty').textContent).toContain('No happiness polls');
    expect(screen.getByTestId('causes-empty').textContent).toContain('No complaints since');
  });

  it('shows this quarter\'s complaint causes as a Pareto with the vital few, and meeting happiness per month', async () => {
    const row = (cause: string, count: number, cumulative: number, vital: boolean) => ({
      cause,
      count,
      percent: (count * 100) / 10,
      cumulative_percent: cumulative,
      vital_few: vital,
    });
    backend(() =>
      dashboard({
        complaint_causes: [row('Delivery', 6, 60, true), row('Price', 2, 80, true), row('Other', 2, 100, false)],
        causes_since: '2026-10-01',
        happiness: [
          { month: '2026-06', mean: null, n: 0 },
          { month: '2026-07', mean: null, n: 0 },
          { month: '2026-08', mean: null, n: 0 },
          { month: '2026-09', mean: 3, n: 1 },
          { month: '2026-10', mean: 2, n: 1 },
          { month: '2026-11', mean: 4.5, n: 2 },
        ],
      }),
    );
    render(Dashboard);
    const card = await screen.findByTestId('complaint-causes');
    expect(text(within(card).getByTestId('causes-vital'))).toContain('Fix first: Delivery, Price');
    const bars = within(card).getAllByTestId('pareto-bar');
    expect(bars.map((b) => b.getAttribute('data-cause'))).toEqual(['Delivery', 'Price', 'Other']);
    expect(text(card)).toContain('n = 10 complaints');
    const months = within(screen.getByTestId('satisfaction')).getByTestId('happiness-months');
    const items = within(months).getAllByRole('listitem');
    expect(items.map((li) => li.getAttribute('data-mean'))).toEqual(['', '', '', '3', '2', '4.5']);
    expect(text(items[5])).toContain('4.5');
    expect(text(items[5])).toContain('n = 2');
    expect(text(screen.getByTestId('satisfaction'))).toContain('n = 4 polls');
  });

  it('lists birthdays and renewals this week, linking to the contact', async () => {
    backend(() =>
      dashboard({
        coming_up: [
          { key: 'birthday:9:2026-11-26', kind: 'birthday', date: '2026-11-26', time: null, at: '2026-11-26T08:00:00Z', event_date: '2026-11-26', days_before: 0, contact_id: 9, contact: 'Ada Lovelace', title: 'Birthday', why: 'turns 41', overdue: false, age: 41, follow_up_id: null, issue_id: null, team_member_id: null },
          { key: 'renewal:7:2026-11-28', kind: 'renewal', date: '2026-11-28', time: null, at: '2026-11-28T08:00:00Z', event_date: '2026-11-28', days_before: 0, contact_id: 7, contact: 'Corner Bakery', title: 'Renewal', why: 'contract renews', overdue: false, age: null, follow_up_id: null, issue_id: null, team_member_id: null },
        ],
      }),
    );
    render(Dashboard);
    const items = await screen.findAllByTestId('coming-up-item');
    expect(items.map((i) => i.getAttribute('data-kind'))).toEqual(['birthday', 'renewal']);
    expect(items[0].textContent).toContain('Birthday');
    expect(items[1].textContent).toContain('Renewal');
    expect(within(items[0]).getByRole('link', { name: 'Ada Lovelace' }).getAttribute('href')).toBe('#/contacts/9');
  });

  it('logs kudos for a team member (the words are required), then shows it', async () => {
    let kudos: DashboardData['recent_kudos'] = [];
    const r = backend(() => dashboard({ recent_kudos: kudos }), {
      kudos_add: (a) => {
        const input = a.input as { text: string; team_member_id: number };
        kudos = [{ id: 1, team_member_id: input.team_member_id, credited_to: 'Priya', customer_id: null, customer: null, text: input.text, received_on: '2026-11-24', source: 'manual', interaction_id: null }];
        return 1;
      },
    });
    render(Dashboard);
    await fireEvent.click(await screen.findByTestId('log-kudos'));
    const dialog = await screen.findByTestId('kudos-dialog');
    await fireEvent.click(within(dialog).getByTestId('kudos-save'));
    expect(within(dialog).getByTestId('field-error').getAttribute('data-field')).toBe('text');
    expect(r.of('kudos_add')).toHaveLength(0);

    await fireEvent.change(dialog.querySelector('select[name="to"]')!, { target: { value: '2' } });
    await fireEvent.input(dialog.querySelector('textarea[name="text"]')!, { target: { value: 'Priya sorted the wedding order in an hour' } });
    await fireEvent.click(within(dialog).getByTestId('kudos-save'));
    await waitFor(() => expect(r.of('kudos_add')).toHaveLength(1));
    expect(r.of('kudos_add')[0].args.input).toMatchObject({
      team_member_id: 2,
      customer_id: null,
      text: 'Priya sorted the wedding order in an hour',
      source: 'manual',
      interaction_id: null,
    });
    expect((r.of('kudos_add')[0].args.input as { received_on: string }).received_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await waitFor(() => expect(screen.queryByTestId('kudos-dialog')).toBeNull());
    const item = await screen.findByTestId('kudos-item');
    expect(item.textContent).toContain('Priya sorted the wedding order in an hour');
    expect(item.textContent).toContain('for Priya');

    await fireEvent.click(screen.getByTestId('kudos-all'));
    await waitFor(() => expect(r.of('kudos_list')).toEqual([{ cmd: 'kudos_list', args: { team_member_id: null, limit: 100 } }]));
  });

  it('shows the latest survey with its margins and the trend, with an arrow only outside the margins', async () => {
    const point = (id: number, name: string, nps: number, margin: number, dir: string | null) => ({
      survey_id: id, name, date: `2026-0${id}-01T09:00:00`, csat: 80, csat_margin: 6, nps, nps_margin: margin, csat_direction: null, nps_direction: dir,
    });
    backend(() =>
      dashboard({ satisfaction: [point(1, 'Spring', 10, 8, null), point(2, 'Summer', 14, 8, null), point(3, 'Autumn', 40, 7, 'up')] }),
    );
    render(Dashboard);
    const latest = await screen.findByTestId('satisfaction-latest');
    expect(latest.getAttribute('data-survey')).toBe('3');
    expect(text(screen.getByTestId('satisfaction-nps'))).toBe('+40 ± 7');
    expect(text(screen.getByTestId('satisfaction-csat'))).toBe('80% ± 6');
    expect(screen.queryByTestId('satisfaction-empty')).toBeNull();
    // Spring → Summer is inside the margins: no arrow; Summer → Autumn is not.
    const arrows = within(screen.getByTestId('trend-nps')).getAllByTestId('trend-arrow');
    expect(arrows.map((a) => a.getAttribute('data-direction'))).toEqual(['up']);
    expect(text(screen.getByTestId('trend-change-nps'))).toBe('Latest change 14 → 40: up, larger than the margins.');
    // CSAT did not move beyond its margins: said in words, no arrow.
    expect(text(screen.getByTestId('trend-change-csat'))).toBe('Latest change 80 → 80: within the margins, so no clear change.');
    expect(within(screen.getByTestId('trend-csat')).queryAllByTestId('trend-arrow')).toHaveLength(0);
    expect(within(screen.getByTestId('satisfaction')).getByRole('link', { name: 'Autumn' }).getAttribute('href')).toBe('#/surveys/3');
  });
});
