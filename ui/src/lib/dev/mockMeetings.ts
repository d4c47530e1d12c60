// Sample status meetings for the browser preview (`?mock`) and for the screens' unit tests: the
// agenda is made the way the core makes it (the customer's open issues, overdue first, then the
// last meeting's open action items), the poll needs a why at 3 or below, update lines go into the
// issue's history (through the issue mock's own comment), and the upcoming list follows each
// customer's latest meeting and cadence. Like mockBackend.ts it is never loaded inside the app.
import type { ActionItem } from '../bindings/ActionItem';
import type { AgendaItem } from '../bindings/AgendaItem';
import type { Attendee } from '../bindings/Attendee';
import type { Cadence } from '../bindings/Cadence';
import type { Issue } from '../bindings/Issue';
import type { IssuePage } from '../bindings/IssuePage';
import type { Meeting } from '../bindings/Meeting';
import type { MeetingDetail } from '../bindings/MeetingDetail';
import type { MeetingFilter } from '../bindings/MeetingFilter';
import type { MeetingInput } from '../bindings/MeetingInput';
import type { PersonRef } from '../bindings/PersonRef';
import type { UpcomingMeeting } from '../bindings/UpcomingMeeting';
import type { MockContacts } from './mockIssues';

type Ask = (cmd: string, a: Record<string, unknown>) => unknown;
type Stored = { meeting: Meeting; attendees: Attendee[]; agenda: AgendaItem[]; actions: ActionItem[] };

function localDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return localDate(new Date(y, m - 1, d + days));
}
function addCadence(date: string, c: Cadence): string {
  if (c === 'weekly') return addDays(date, 7);
  if (c === 'biweekly') return addDays(date, 14);
  const [y, m, d] = date.split('-').map(Number);
  const last = new Date(y, m + 1, 0).getDate();
  return localDate(new Date(y, m, Math.min(d, last)));
}

const fail = (field: string, message: string) => Promise.reject({ code: 'invalid_field', message, field });
const notFound = (what: string) => Promise.reject({ code: 'not_found', message: `${what} was not found`, field: null });

export function createMeetingMock(contacts: MockContacts, issues: Ask, seed = true): Ask {
  const meetings = new Map<number, Stored>();
  let nextId = 1;
  let nextAction = 1;
  let nextFollowUp = 500;
  const today = () => localDate(new Date());

  const name = (id: number | null) => (id === null ? 'Internal' : (contacts.get(id)?.name ?? `contact ${id}`));

  function openIssues(customer: number): Issue[] {
    const page = issues('issues_list', { filter: { customer_id: customer, active: true } }) as IssuePage | undefined;
    return page?.issues ?? [];
  }

  function latestFor(customer: number | null): Stored | undefined {
    return [...meetings.values()]
      .filter((m) => m.meeting.customer_id === customer)
      .sort((x, y) => y.meeting.held_at.localeCompare(x.meeting.held_at))[0];
  }

  function agendaFor(customer: number): AgendaItem[] {
    const out: AgendaItem[] = [];
    const t = today();
    const open = openIssues(customer).sort(
      (a, b) => Number(b.overdue) - Number(a.overdue) || (a.due ?? '9999').localeCompare(b.due ?? '9999'),
    );
    for (const i of open) {
      out.push({ position: out.length + 1, kind: 'issue', issue_id: i.id, action_id: null, text: i.title, update_note: null, overdue: Boolean(i.due && i.due < t && i.overdue) });
    }
    for (const a of latestFor(customer)?.actions.filter((x) => !x.done) ?? []) {
      out.push({ position: out.length + 1, kind: 'action', issue_id: null, action_id: a.id, text: `${a.text} (${a.owner})`, update_note: null, overdue: false });
    }
    return out;
  }

  function person(p: PersonRef, customer: number | null, field: string): Attendee | Promise<never> {
    if (p.team_member_id !== null) {
      const m = contacts.team.find((x) => x.id === p.team_member_id);
      if (!m) return fail(field, `team member ${p.team_member_id} does not exist`);
      return { side: 'team', team_member_id: m.id, contact_id: null, name: m.name };
    }
    if (customer === null) return fail(field, 'an internal meeting has only team members: pick a customer to add their people');
    const c = contacts.get(Number(p.contact_id));
    if (!c || (c.id !== customer && c.organization_id !== customer)) return fail(field, `contact ${p.contact_id} is not one of ${name(customer)}'s people`);
    return { side: 'customer', team_member_id: null, contact_id: c.id, name: c.name };
  }

  function add(input: MeetingInput): number | Promise<never> {
    const at = new Date(input.at);
    if (Number.isNaN(at.getTime())) return fail('at', `'${input.at}' is not a date and time (RFC 3339)`);
    const h = input.happiness;
    const why = input.happiness_why?.trim() || null;
    if (h !== null && (h < 1 || h > 5)) return fail('happiness', `${h} is not a score from 1 to 5`);
    if (h !== null && input.customer_id === null) return fail('happiness', 'the happiness poll is the customer\'s answer: an internal meeting has none');
    if (h === null && why) return fail('why', 'give the customer\'s happiness score (1-5) with the why');
    if (h !== null && h <= 3 && !why) return fail('why', `the customer answered ${h} of 5: ask them why and note it`);
    const day = localDate(at);
    if (input.next_date && input.next_date <= day) return fail('next', `the next meeting (${input.next_date}) must come after this one (${day})`);
    const attendees: Attendee[] = [];
    for (const [i, p] of input.attendees.entries()) {
      const a = person(p, input.customer_id, `attendee ${i + 1}`);
      if (a instanceof Promise) return a;
      attendees.push(a);
    }
    const id = nextId++;
    const actions: ActionItem[] = [];
    for (const [i, a] of input.actions.entries()) {
      if (!a.text.trim()) return fail(`action ${i + 1}`, 'say what is to be done');
      const owner = person(a.owner, input.customer_id, `action ${i + 1} owner`);
      if (owner instanceof Promise) return owner;
      actions.push({ id: nextAction++, meeting_id: id, text: a.text.trim(), owner_side: owner.side, owner: owner.name, owner_team_id: owner.team_member_id, owner_contact_id: owner.contact_id, due: a.due, done: false, done_by: null, follow_up_id: null, issue_id: null });
    }
    const agenda = input.customer_id === null ? [] : agendaFor(input.customer_id);
    for (const t of input.topics) agenda.push({ position: agenda.length + 1, kind: 'topic', issue_id: null, action_id: null, text: t, update_note: null, overdue: false });
    const next = input.next_date ?? (input.cadence ? addCadence(day, input.cadence) : null);
    meetings.set(id, {
      meeting: { id, customer_id: input.customer_id, customer: name(input.customer_id), held_at: at.toISOString().replace(/\.\d{3}Z$/, 'Z'), notes: input.notes?.trim() || null, happiness: h, happiness_why: why, next_date: next, cadence: input.cadence, attendee_count: attendees.length, action_count: actions.length, open_action_count: actions.length },
      attendees,
      agenda,
      actions,
    });
    return id;
  }

  function refresh(s: Stored): Stored {
    s.meeting.open_action_count = s.actions.filter((a) => !a.done).length;
    return s;
  }

  function findAction(id: number): ActionItem | undefined {
    for (const s of meetings.values()) {
      const a = s.actions.find((x) => x.id === id);
      if (a) return a;
    }
    return undefined;
  }

  function list(f: MeetingFilter): Meeting[] {
    const words = (f.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    return [...meetings.values()]
      .filter((s) => (f.customer_id === null || s.meeting.customer_id === f.customer_id) && (!f.internal || s.meeting.customer_id === null))
      .filter((s) => {
        if (!words.length) return true;
        const hay = [s.meeting.notes ?? '', s.meeting.happiness_why ?? '', ...s.agenda.map((a) => `${a.text} ${a.update_note ?? ''}`), ...s.actions.map((a) => a.text)].join(' ').toLowerCase();
        return words.every((w) => hay.includes(w));
      })
      .map((s) => refresh(s).meeting)
      .sort((x, y) => y.held_at.localeCompare(x.held_at) || y.id - x.id)
      .slice(0, f.limit ?? undefined);
  }

  function upcoming(days: number): UpcomingMeeting[] {
    const t = today();
    const end = addDays(t, days);
    const latest = new Map<number | null, Stored>();
    for (const s of meetings.values()) {
      const k = s.meeting.customer_id;
      const cur = latest.get(k);
      if (!cur || cur.meeting.held_at < s.meeting.held_at) latest.set(k, s);
    }
    const out: UpcomingMeeting[] = [];
    for (const s of latest.values()) {
      let d = s.meeting.next_date;
      if (!d) continue;
      const c = s.meeting.cadence;
      if (c) while (d < t) d = addCadence(d, c);
      if (d > end) continue;
      out.push({ after_meeting_id: s.meeting.id, customer_id: s.meeting.customer_id, customer: s.meeting.customer, date: d, cadence: c, overdue: d < t });
    }
    return out.sort((a, b) => a.date.localeCompare(b.date));
  }

  if (seed) {
    const first = contacts.ids().find((id) => contacts.get(id)?.name.startsWith('Corner Bakery'));
    if (first !== undefined && contacts.team.length) {
      const past = (days: number, hour: number) => {
        const d = new Date();
        d.setDate(d.getDate() - days);
        d.setHours(hour, 0, 0, 0);
        return d.toISOString();
      };
      add({ customer_id: first, at: past(63, 10), attendees: [{ team_member_id: contacts.team[0].id, contact_id: null }], topics: ['Christmas range'], notes: 'Went through the autumn deliveries. Two late trays in October.', happiness: 3, happiness_why: 'Deliveries were late twice', actions: [{ text: 'Send the new delivery schedule', owner: { team_member_id: contacts.team[0].id, contact_id: null }, due: addDays(today(), -50) }], next_date: null, cadence: 'monthly' });
      add({ customer_id: first, at: past(32, 10), attendees: [{ team_member_id: contacts.team[0].id, contact_id: null }], topics: [], notes: 'New courier since the start of the month; no late trays.', happiness: 4, happiness_why: 'Happier with the new courier', actions: [{ text: 'Quote for the wedding cakes', owner: { team_member_id: contacts.team[contacts.team.length - 1].id, contact_id: null }, due: addDays(today(), 3) }], next_date: null, cadence: 'monthly' });
    }
  }

  return (cmd, a) => {
    switch (cmd) {
      case 'meetings_list':
        return list({ customer_id: null, internal: false, search: null, limit: null, ...(a.filter as Partial<MeetingFilter>) });
      case 'meetings_get': {
        const s = meetings.get(Number(a.id));
        if (!s) return notFound(`meeting ${a.id}`);
        const d: MeetingDetail = { meeting: refresh(s).meeting, attendees: s.attendees, agenda: s.agenda, actions: s.actions };
        return structuredClone(d);
      }
      case 'meetings_agenda':
        return agendaFor(Number(a.customer_id));
      case 'meetings_add':
        return add(a.input as MeetingInput);
      case 'meeting_issue_update': {
        const s = meetings.get(Number(a.meeting_id));
        if (!s) return notFound(`meeting ${a.meeting_id}`);
        const text = String(a.text ?? '').trim();
        if (!text) return fail('update', 'say where the issue stands');
        const item = s.agenda.find((x) => x.issue_id === Number(a.issue_id));
        if (!item) return fail('issue', `issue ${a.issue_id} is not on this meeting's agenda`);
        item.update_note = text;
        issues('issues_update', { id: Number(a.issue_id), update: { comment: `Meeting ${localDate(new Date(s.meeting.held_at))}: ${text}` } });
        return null;
      }
      case 'meeting_action_done': {
        const x = findAction(Number(a.action_id));
        if (!x) return notFound(`action item ${a.action_id}`);
        x.done = Boolean(a.done);
        x.done_by = x.done ? 'marked' : null;
        return null;
      }
      case 'meeting_action_to_follow_up': {
        const x = findAction(Number(a.action_id));
        if (!x) return notFound(`action item ${a.action_id}`);
        x.follow_up_id = nextFollowUp++;
        return x.follow_up_id;
      }
      case 'meeting_action_to_issue': {
        const x = findAction(Number(a.action_id));
        if (!x) return notFound(`action item ${a.action_id}`);
        const s = meetings.get(x.meeting_id)!;
        const id = issues('issues_create', { input: { customer_id: s.meeting.customer_id, title: x.text, description: null, category: null, priority: 'normal', owner_id: x.owner_team_id, customer_owner_id: x.owner_contact_id, due: x.due } });
        x.issue_id = typeof id === 'number' ? id : null;
        return x.issue_id;
      }
      case 'meetings_upcoming':
        return upcoming(Number(a.days ?? 30));
      case 'meetings_happiness':
        return [...meetings.values()]
          .filter((s) => s.meeting.customer_id === Number(a.customer_id) && s.meeting.happiness !== null)
          .sort((x, y) => x.meeting.held_at.localeCompare(y.meeting.held_at))
          .map((s) => ({ meeting_id: s.meeting.id, held_at: s.meeting.held_at, score: s.meeting.happiness as number, why: s.meeting.happiness_why }));
      case 'export_meeting_pack':
      case 'export_minutes':
        return { file: String(a.path), rows: 3, streamed: false };
      case 'export_cancel':
        return null;
      default:
        return undefined;
    }
  };
}
