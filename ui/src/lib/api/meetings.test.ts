import { describe, expect, it } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import {
  actionToFollowUp,
  actionToIssue,
  addMeeting,
  agendaFor,
  emptyMeetingFilter,
  exportMeetingPack,
  exportMinutes,
  getMeeting,
  happinessTrend,
  listMeetings,
  recordIssueUpdate,
  setActionDone,
  upcomingMeetings,
} from './meetings';
import type { MeetingInput } from '../bindings/MeetingInput';
import { recorder } from '../../test/fixtures';

describe('meetings api sends the contract’s command names and argument keys', () => {
  it('every meetings command, in order, with snake_case keys', async () => {
    const r = recorder({
      meetings_add: () => 12,
      meeting_action_to_follow_up: () => 40,
      meeting_action_to_issue: () => 41,
      export_meeting_pack: (a) => ({ file: a.path, rows: 3, streamed: false }),
    });
    mockIPC(r.handle);
    const filter = { ...emptyMeetingFilter(), customer_id: 5, search: 'invoice' };
    const input: MeetingInput = {
      customer_id: 5,
      at: '2026-11-24T10:00:00Z',
      attendees: [{ team_member_id: 1, contact_id: null }],
      topics: [],
      notes: 'went well',
      happiness: 2,
      happiness_why: 'late delivery',
      actions: [{ text: 'Call the courier', owner: { team_member_id: 1, contact_id: null }, due: '2026-11-30' }],
      next_date: null,
      cadence: 'monthly',
    };
    await listMeetings(filter);
    await getMeeting(12);
    await agendaFor(5);
    expect(await addMeeting(input)).toBe(12);
    await recordIssueUpdate(12, 3, 'parts ordered');
    await setActionDone(9, true);
    expect(await actionToFollowUp(9)).toBe(40);
    expect(await actionToIssue(10)).toBe(41);
    await upcomingMeetings(30);
    await happinessTrend(5);
    expect(await exportMeetingPack('/tmp/pack.xlsx', null)).toEqual({ file: '/tmp/pack.xlsx', rows: 3, streamed: false });
    await exportMinutes(12, '/tmp/minutes.xlsx');
    expect(r.calls).toEqual([
      { cmd: 'meetings_list', args: { filter } },
      { cmd: 'meetings_get', args: { id: 12 } },
      { cmd: 'meetings_agenda', args: { customer_id: 5 } },
      { cmd: 'meetings_add', args: { input } },
      { cmd: 'meeting_issue_update', args: { meeting_id: 12, issue_id: 3, text: 'parts ordered' } },
      { cmd: 'meeting_action_done', args: { action_id: 9, done: true } },
      { cmd: 'meeting_action_to_follow_up', args: { action_id: 9 } },
      { cmd: 'meeting_action_to_issue', args: { action_id: 10 } },
      { cmd: 'meetings_upcoming', args: { days: 30 } },
      { cmd: 'meetings_happiness', args: { customer_id: 5 } },
      { cmd: 'export_meeting_pack', args: { path: '/tmp/pack.xlsx', customer_id: null } },
      { cmd: 'export_minutes', args: { meeting_id: 12, path: '/tmp/minutes.xlsx' } },
    ]);
  });

  it('an empty filter filters nothing', () => {
    expect(emptyMeetingFilter()).toEqual({ customer_id: null, internal: false, search: null, limit: null });
  });
});
