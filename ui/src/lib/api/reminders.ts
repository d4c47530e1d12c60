// Reminders and follow-ups: what is due (Today), a contact's follow-ups with done / snooze / skip,
// the stay-in-touch badge and tag cadences, the reminder and notification settings, and starting
// at login. "Now" and "today" are the shell's (the owner's local clock), never the UI's.
import { call } from './ipc';
import type { FollowUp } from '../bindings/FollowUp';
import type { FollowUpFilter } from '../bindings/FollowUpFilter';
import type { FollowUpInput } from '../bindings/FollowUpInput';
import type { Reminder } from '../bindings/Reminder';
import type { ReminderSettings } from '../bindings/ReminderSettings';
import type { Staleness } from '../bindings/Staleness';
import type { TagCadence } from '../bindings/TagCadence';

/** Reminders from today to `days` days ahead, with overdue follow-ups. */
export const remindersDue = (days: number) => call<Reminder[]>('reminders_due', { days });

export const reminderSettings = () => call<ReminderSettings>('reminder_settings_get');
export const saveReminderSettings = (settings: ReminderSettings) =>
  call<null>('reminder_settings_set', { settings });

export const listFollowUps = (filter: FollowUpFilter) => call<FollowUp[]>('followups_list', { filter });
export const addFollowUp = (input: FollowUpInput) => call<number>('followups_add', { input });
export const followUpDone = (id: number) => call<FollowUp>('followups_done', { id });
export const followUpSkip = (id: number) => call<FollowUp>('followups_skip', { id });
/** `until`: `YYYY-MM-DD`, or a period from today such as `1d` or `1w`. */
export const followUpSnooze = (id: number, until: string) => call<FollowUp>('followups_snooze', { id, until });

export const contactStaleness = (id: number) => call<Staleness | null>('contact_staleness', { id });
export const tagCadences = () => call<TagCadence[]>('tag_cadences_list');
/** `days: null` removes the tag's cadence. */
export const setTagCadence = (tag: string, days: number | null) => call<null>('tag_cadence_set', { tag, days });

export const startAtLogin = () => call<boolean>('autostart_get');
export const setStartAtLogin = (enabled: boolean) => call<null>('autostart_set', { enabled });

/** A local date as `YYYY-MM-DD` (the UI's own clock, only to split "today" from "later"). */
export function isoDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export type Agenda = {
  overdue: Reminder[];
  birthdays: Reminder[];
  today: Reminder[];
  week: Reminder[];
};

/**
 * Today's groups from `remindersDue(7)`: overdue follow-ups; today's birthdays; everything else
 * falling today; the next seven days. Issue due dates are left out (Today lists issues itself).
 */
export function agenda(items: Reminder[], today: string): Agenda {
  const out: Agenda = { overdue: [], birthdays: [], today: [], week: [] };
  for (const r of items) {
    if (r.kind === 'issue_due') continue;
    if (r.overdue || r.date < today) out.overdue.push(r);
    else if (r.date === today && r.kind === 'birthday' && r.days_before === 0) out.birthdays.push(r);
    else if (r.date === today) out.today.push(r);
    else out.week.push(r);
  }
  return out;
}
