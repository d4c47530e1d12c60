// Reminders and follow-ups for UI tests, with dates relative to the real today.
import { isoDate } from '../lib/api/reminders';
import type { FollowUp } from '../lib/bindings/FollowUp';
import type { Reminder } from '../lib/bindings/Reminder';

export function day(offset: number): string {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return isoDate(d);
}

export function reminder(key: string, extra: Partial<Reminder> = {}): Reminder {
  return {
    key,
    kind: 'follow_up',
    date: day(0),
    time: null,
    at: '2026-12-01T08:00:00Z',
    event_date: day(0),
    days_before: 0,
    contact_id: 7,
    contact: 'Ada Lovelace',
    title: 'Call about the invoice',
    why: 'follow-up set for today',
    overdue: false,
    age: null,
    follow_up_id: 3,
    issue_id: null,
    team_member_id: null,
    ...extra,
  };
}

export function followUp(id: number, extra: Partial<FollowUp> = {}): FollowUp {
  return {
    id,
    contact_id: 7,
    contact: 'Ada Lovelace',
    issue_id: null,
    note: null,
    anchor_date: day(0),
    due_date: day(0),
    due_time: null,
    repeat: null,
    stay_in_touch_days: null,
    snoozed_until: null,
    next: day(0),
    done_at: null,
    created_at: '2026-11-01T10:00:00Z',
    updated_at: '2026-11-01T10:00:00Z',
    ...extra,
  };
}
