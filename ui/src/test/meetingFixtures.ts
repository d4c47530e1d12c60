// A small shop for the meetings tests, served by the sample meetings backend (lib/dev/mockMeetings.ts):
// Corner Bakery (an organisation) with Ada, one overdue open issue, two team members. Every command
// is recorded; `extra` answers (or overrides) single commands.
import { mockIPC } from '@tauri-apps/api/mocks';
import { createMeetingMock } from '../lib/dev/mockMeetings';
import type { Interaction } from '../lib/bindings/Interaction';
import { contact, detail, recorder } from './fixtures';
import { issue, member, page } from './issueFixtures';

export const BAKERY = 9;
export const ADA = 10;
export const LATE_TRAYS = 5;

export function meetingShop(extra: Record<string, (a: Record<string, unknown>) => unknown> = {}, seed = false) {
  const team = [member(1, 'Priya'), member(2, 'Sam')];
  const people = new Map([
    [BAKERY, { id: BAKERY, name: 'Corner Bakery', deleted_at: null, organization_id: null, interactions: [] as Interaction[] }],
    [ADA, { id: ADA, name: 'Ada Baker', deleted_at: null, organization_id: BAKERY, interactions: [] as Interaction[] }],
  ]);
  const late = issue(LATE_TRAYS, 'Two trays arrived late', {
    customer_id: BAKERY,
    customer: 'Corner Bakery',
    due: '2026-11-01',
    overdue: true,
    days_overdue: 3,
  });
  const comments: { id: number; comment: string }[] = [];
  const issues = (cmd: string, a: Record<string, unknown>): unknown => {
    if (cmd === 'issues_list') return page([late]);
    if (cmd === 'issues_update') {
      comments.push({ id: Number(a.id), comment: String((a.update as { comment: string }).comment) });
      return null;
    }
    if (cmd === 'issues_create') return 77;
    return undefined;
  };
  const meetings = createMeetingMock({ get: (id) => people.get(id), ids: () => [...people.keys()], team }, issues, seed);
  const handlers: Record<string, (a: Record<string, unknown>) => unknown> = {
    team_list: () => team,
    contacts_get: (a) => {
      const id = Number(a.id);
      const c = contact(id, people.get(id)?.name ?? '?', { kind: id === BAKERY ? 'organization' : 'person' });
      return detail(c, { members: id === BAKERY ? [{ id: ADA, name: 'Ada Baker', job_title: 'Owner' }] : [] });
    },
    contacts_search: () => [contact(BAKERY, 'Corner Bakery', { kind: 'organization' })],
    ...extra,
  };
  const r = recorder(handlers);
  mockIPC((cmd, payload) => {
    const answer = r.handle(cmd, payload);
    if (cmd in handlers) return answer;
    const args = (payload ?? {}) as Record<string, unknown>;
    const m = meetings(cmd, args);
    return m === undefined ? (issues(cmd, args) ?? null) : m;
  });
  return { ...r, comments, meetings };
}
