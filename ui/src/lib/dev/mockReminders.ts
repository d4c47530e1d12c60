// The sample backend's reminders and follow-ups (plain browser only, see mockBackend.ts): a few
// follow-ups (one overdue, one today, one next week, one stay-in-touch), today's birthdays from the
// sample contacts, the settings, tag cadences and "start at login". Simplified rules: a recurring
// follow-up that is done moves one step on; the core's real rules are tested in Rust.
import type { FollowUp } from '../bindings/FollowUp';
import type { FollowUpInput } from '../bindings/FollowUpInput';
import type { Reminder } from '../bindings/Reminder';
import type { ReminderSettings } from '../bindings/ReminderSettings';
import type { TagCadence } from '../bindings/TagCadence';
import { isoDate } from '../api/reminders';

type MockContact = { id: number; name: string; birthday: string | null; tags: string[]; deleted_at: string | null; last_contacted: string | null };
type MockContacts = { get: (id: number) => MockContact | undefined; ids: () => number[] };

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return isoDate(new Date(y, m - 1, d + days));
}

/** Returns a handler for the reminder commands; it answers `undefined` for any other command. */
export function createReminderMock(contacts: MockContacts): (cmd: string, a: Record<string, unknown>) => unknown {
  const today = isoDate(new Date());
  const fail = (code: string, message: string, field: string | null = null) => Promise.reject({ code, message, field });
  const follows = new Map<number, FollowUp>();
  let nextId = 1;
  let autostart = false;
  let settings: ReminderSettings = {
    birthday_lead_days: 3,
    renewal_lead_days: 14,
    customer_anniversaries: false,
    issue_due_dates: true,
    notify_time: '09:00',
    muted_kinds: [],
    quiet_from: '21:00',
    quiet_until: '07:30',
  };
  let cadences: TagCadence[] = [{ tag: 'VIP', days: 30 }];

  function add(input: FollowUpInput): number {
    const c = contacts.get(input.contact_id);
    const id = nextId++;
    follows.set(id, {
      id,
      contact_id: input.contact_id,
      contact: c?.name ?? `Contact ${input.contact_id}`,
      issue_id: input.issue_id,
      note: input.note,
      anchor_date: input.due_date,
      due_date: input.due_date,
      due_time: input.due_time,
      repeat: input.repeat,
      stay_in_touch_days: input.stay_in_touch_days,
      snoozed_until: null,
      next: input.due_date,
      done_at: null,
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
    });
    return id;
  }

  const ids = contacts.ids().slice(0, 6);
  const sample: [number, number, string | null, Partial<FollowUpInput>][] = [
    [0, -3, 'Send the revised quote', {}],
    [1, 0, 'Ask how the new oven is working', { due_time: '10:30' }],
    [2, 0, null, { stay_in_touch_days: 30 }],
    [3, 4, 'Thank them for the referral', {}],
    [4, 6, 'Monthly check-in', { repeat: { every: 1, unit: 'month' } }],
  ];
  for (const [i, offset, note, extra] of sample) {
    if (ids[i] === undefined) continue;
    add({ contact_id: ids[i], issue_id: null, due_date: addDays(today, offset), due_time: null, repeat: null, stay_in_touch_days: null, note, ...extra });
  }

  function reminderOf(f: FollowUp): Reminder {
    const date = f.snoozed_until ?? f.next ?? f.due_date;
    return {
      key: `follow_up:${f.id}:${f.due_date}`,
      kind: 'follow_up',
      date,
      time: f.due_time,
      at: `${date}T09:00:00Z`,
      event_date: f.due_date,
      days_before: 0,
      contact_id: f.contact_id,
      contact: f.contact,
      title: f.note ?? `Follow up with ${f.contact}`,
      why: f.repeat ? `every ${f.repeat.every} ${f.repeat.unit}` : f.stay_in_touch_days ? `stay in touch every ${f.stay_in_touch_days} days` : `follow-up set for ${f.due_date}`,
      overdue: date < today,
      age: null,
      follow_up_id: f.id,
      issue_id: f.issue_id,
      team_member_id: null,
    };
  }

  function due(days: number): Reminder[] {
    const end = addDays(today, days);
    const out = [...follows.values()].filter((f) => !f.done_at).map(reminderOf).filter((r) => r.date <= end);
    const md = today.slice(5);
    for (const id of contacts.ids().slice(0, 2000)) {
      const c = contacts.get(id);
      if (!c || c.deleted_at || !c.birthday || c.birthday.slice(-5) !== md) continue;
      out.push({
        key: `birthday:${c.id}:${today}`, kind: 'birthday', date: today, time: null, at: `${today}T09:00:00Z`, event_date: today,
        days_before: 0, contact_id: c.id, contact: c.name, title: `${c.name}'s birthday today`, why: `birthday on ${md}`,
        overdue: false, age: null, follow_up_id: null, issue_id: null, team_member_id: null,
      });
    }
    return out.sort((a, b) => a.date.localeCompare(b.date));
  }

  return (cmd, a) => {
    switch (cmd) {
      case 'reminders_due':
        return due(Number(a.days));
      case 'reminder_settings_get':
        return settings;
      case 'reminder_settings_set':
        settings = a.settings as ReminderSettings;
        return null;
      case 'followups_list':
        return [...follows.values()].filter((f) => !f.done_at && f.contact_id === (a.filter as { contact_id: number }).contact_id);
      case 'followups_add': {
        const input = a.input as FollowUpInput;
        if (!/^\d{4}-\d{2}-\d{2}$/.test(input.due_date)) return fail('invalid_field', 'give the date as YYYY-MM-DD', 'due_date');
        return add(input);
      }
      case 'followups_done':
      case 'followups_skip':
      case 'followups_snooze': {
        const f = follows.get(Number(a.id));
        if (!f) return fail('not_found', `follow-up ${a.id} was not found`);
        if (cmd === 'followups_snooze') {
          f.snoozed_until = addDays(today, a.until === '1w' ? 7 : 1);
        } else if (f.repeat || f.stay_in_touch_days) {
          const step = f.stay_in_touch_days ?? (f.repeat!.unit === 'day' ? 1 : f.repeat!.unit === 'week' ? 7 : 30) * f.repeat!.every;
          f.due_date = addDays(today, step);
          f.next = f.due_date;
          f.snoozed_until = null;
        } else if (cmd === 'followups_skip') {
          return fail('invalid_field', `follow-up ${f.id} happens once: mark it done instead`, 'id');
        } else {
          f.done_at = new Date().toISOString();
          f.next = null;
        }
        return { ...f };
      }
      case 'contact_staleness': {
        const c = contacts.get(Number(a.id));
        const own = [...follows.values()].find((f) => f.contact_id === Number(a.id) && f.stay_in_touch_days && !f.done_at);
        const byTag = cadences.filter((t) => c?.tags.includes(t.tag)).sort((x, y) => x.days - y.days)[0];
        const cadence = own ? { days: own.stay_in_touch_days!, source: 'contact' } : byTag ? { days: byTag.days, source: byTag.tag } : null;
        if (!c || !cadence) return null;
        const since = c.last_contacted ? Math.floor((Date.now() - Date.parse(c.last_contacted)) / 864e5) : null;
        const level = since === null || since >= cadence.days ? 'red' : since * 4 >= cadence.days * 3 ? 'amber' : 'green';
        return { level, cadence_days: cadence.days, source: cadence.source, last_interaction: c.last_contacted?.slice(0, 10) ?? null, days_since: since };
      }
      case 'tag_cadences_list':
        return cadences;
      case 'tag_cadence_set': {
        const tag = String(a.tag).trim();
        if (!tag) return fail('invalid_field', 'name the tag', 'tag');
        cadences = cadences.filter((c) => c.tag.toLowerCase() !== tag.toLowerCase());
        if (a.days !== null) cadences = [...cadences, { tag, days: Number(a.days) }].sort((x, y) => x.tag.localeCompare(y.tag));
        return null;
      }
      case 'autostart_get':
        return autostart;
      case 'autostart_set':
        autostart = Boolean(a.enabled);
        return null;
      default:
        return undefined;
    }
  };
}
