// Sample customer issues for the browser preview (`?mock`), answering the issue commands the way
// the core does: the workflow table, history events (a due date moved later is also a broken
// promise), closing with how it was closed, escalation up the ladder, the prioritised queue,
// escalation suggestions, the figures, categories and the ladder. Like mockBackend.ts it is never
// loaded inside the app and never checked by tests.
import type { ClosedHow } from '../bindings/ClosedHow';
import type { EscalationLevel } from '../bindings/EscalationLevel';
import type { EscalationSuggestion } from '../bindings/EscalationSuggestion';
import type { Interaction } from '../bindings/Interaction';
import type { Issue } from '../bindings/Issue';
import type { IssueEvent } from '../bindings/IssueEvent';
import type { IssueFilter } from '../bindings/IssueFilter';
import type { IssueInput } from '../bindings/IssueInput';
import type { IssueStatus } from '../bindings/IssueStatus';
import type { IssueUpdate } from '../bindings/IssueUpdate';
import type { OwnerStats } from '../bindings/OwnerStats';
import type { Priority } from '../bindings/Priority';
import type { QueueItem } from '../bindings/QueueItem';
import type { Stats } from '../bindings/Stats';
import type { StatusMove } from '../bindings/StatusMove';
import type { TeamMember } from '../bindings/TeamMember';

/** What the issue sample needs from the contacts sample. */
export type MockContacts = {
  get(id: number):
    | { id: number; name: string; deleted_at: string | null; organization_id: number | null; interactions: Interaction[] }
    | undefined;
  /** Ids of contacts to open sample issues for (the hand-made samples first). */
  ids(): number[];
  team: TeamMember[];
};

type Stored = {
  id: number;
  customer_id: number;
  title: string;
  description: string | null;
  category: string | null;
  priority: Priority;
  owner_id: number | null;
  customer_owner_id: number | null;
  opened_at: string;
  due: string | null;
  status: IssueStatus;
  resolved_at: string | null;
  closed_at: string | null;
  closed_how: ClosedHow | null;
  satisfaction: number | null;
  escalation_level: number;
  last_activity_at: string;
  waiting_seconds: number;
  waiting_since: string | null;
  broken_promises: number;
  history: IssueEvent[];
};

const STATUSES: IssueStatus[] = ['open', 'in_progress', 'waiting_on_customer', 'resolved', 'closed'];
const ACTIVE: IssueStatus[] = ['open', 'in_progress', 'waiting_on_customer'];
const PRIORITIES: Priority[] = ['low', 'normal', 'high', 'urgent'];

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function localDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return localDate(new Date(y, m - 1, d + days));
}

function daysBetween(a: string, b: string): number {
  const [ay, am, ad] = a.split('-').map(Number);
  const [by, bm, bd] = b.split('-').map(Number);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / 864e5);
}

/** The workflow table, as in the core's workflow.rs. */
export function canMove(from: IssueStatus, to: IssueStatus): boolean {
  if (from === to || to === 'closed') return false;
  if (from === 'closed') return to === 'open';
  if (from === 'resolved' && to === 'waiting_on_customer') return false;
  return true;
}

const words = (s: string) => s.replace(/_/g, ' ');

/** Returns a handler for the issue commands; it answers `undefined` for any other command. */
export function createIssueMock(mode: string, contacts: MockContacts): (cmd: string, a: Record<string, unknown>) => unknown {
  const now = Date.now();
  const today = localDate(new Date(now));
  const issues = new Map<number, Stored>();
  let nextId = 1;
  let nextEvent = 1;
  const categories = new Map<string, boolean>(
    ['Billing', 'Delivery', 'Product quality', 'Service', 'Website'].map((c) => [c, true]),
  );
  let ladder: EscalationLevel[] = [
    { level: 1, team_member_id: 2, team_member: '', rule: 'overdue_days', threshold: 2 },
    { level: 2, team_member_id: 1, team_member: '', rule: 'overdue_days', threshold: 7 },
  ];

  const fail = (code: string, message: string, field: string | null = null) => Promise.reject({ code, message, field });
  const invalid = (field: string, message: string) => fail('invalid_field', message, field);
  const memberName = (id: number | null) => (id === null ? null : (contacts.team.find((m) => m.id === id)?.name ?? null));
  const contactName = (id: number | null) => (id === null ? null : (contacts.get(id)?.name ?? null));

  function event(s: Stored, at: string, kind: string, old: string | null, neu: string | null, note: string | null = null) {
    s.history.push({ id: nextEvent++, at, kind, old_value: old, new_value: neu, note });
  }

  function view(s: Stored): Issue {
    const waited = s.waiting_seconds + (s.waiting_since ? Math.max(0, (now - Date.parse(s.waiting_since)) / 1000) : 0);
    const effective = s.due ? addDays(s.due, Math.ceil(waited / 86400)) : null;
    const counting = s.status === 'open' || s.status === 'in_progress';
    const days = effective && counting && effective < today ? daysBetween(effective, today) : 0;
    return {
      id: s.id,
      customer_id: s.customer_id,
      customer: contactName(s.customer_id) ?? '(deleted contact)',
      title: s.title,
      description: s.description,
      category: s.category,
      priority: s.priority,
      owner: memberName(s.owner_id),
      owner_id: s.owner_id,
      customer_owner_id: s.customer_owner_id,
      customer_owner: contactName(s.customer_owner_id),
      opened_at: s.opened_at,
      due: s.due,
      effective_due: effective,
      status: s.status,
      resolved_at: s.resolved_at,
      closed_at: s.closed_at,
      closed_how: s.closed_how,
      satisfaction: s.satisfaction,
      escalation_level: s.escalation_level,
      last_activity_at: s.last_activity_at,
      overdue: days > 0,
      days_overdue: days,
    };
  }

  // ---- sample data ----
  type Seed = [title: string, category: string | null, priority: Priority, status: IssueStatus, openedDaysAgo: number, dueInDays: number | null, owner: number | null];
  const seeds: Seed[] = [
    ['Two trays of sourdough arrived late', 'Delivery', 'high', 'open', 6, -3, 1],
    ['Invoice charged VAT twice', 'Billing', 'urgent', 'in_progress', 3, -1, 2],
    ['Website order form rejects postcodes with spaces', 'Website', 'normal', 'open', 10, 4, null],
    ['Croissants were stale on Monday', 'Product quality', 'high', 'waiting_on_customer', 8, 2, 1],
    ['Asked for a refund on the cancelled cake', 'Billing', 'normal', 'resolved', 20, -12, 2],
    ['Delivery driver was rude', 'Service', 'high', 'closed', 40, -30, 1],
    ['Allergen label missing on rye loaf', 'Product quality', 'urgent', 'open', 1, 1, 1],
    ['Standing order skipped a week', 'Delivery', 'normal', 'in_progress', 12, -5, 2],
    ['Price list still shows last year’s prices', 'Website', 'low', 'open', 15, 20, null],
    ['Wrong change given at the counter', 'Service', 'low', 'closed', 60, -50, 2],
    ['Gluten-free bread crumbled', 'Product quality', 'normal', 'in_progress', 5, 3, 1],
    ['Catering order for 40 missing two platters', 'Delivery', 'urgent', 'waiting_on_customer', 4, -2, 2],
    ['Card machine declined twice', 'Billing', 'normal', 'resolved', 9, -4, 1],
    ['Newsletter sent to the wrong address', 'Website', 'low', 'closed', 70, -60, null],
    ['Birthday cake lettering misspelt', 'Product quality', 'high', 'open', 2, -1, 2],
    ['Asked to be called back about a wholesale account', 'Service', 'normal', 'open', 7, 0, 1],
    ['Loyalty card points not added', 'Billing', 'low', 'in_progress', 18, 10, 2],
    ['Van blocked the customer’s driveway', 'Delivery', 'normal', 'closed', 30, -25, 1],
    ['Bread was under-baked', 'Product quality', 'normal', 'resolved', 14, -8, 2],
    ['Online payment page times out', 'Website', 'high', 'open', 21, -14, 1],
    ['Order confirmation email never arrived', 'Website', 'normal', 'waiting_on_customer', 11, -6, null],
    ['Overcharged for a dozen rolls', 'Billing', 'normal', 'closed', 45, -40, 2],
    ['Tart tin not returned after a deposit', 'Service', 'low', 'open', 25, 30, null],
    ['Complaint about a hair in a sandwich', 'Product quality', 'urgent', 'in_progress', 2, 0, 1],
    ['Delivery left in the rain', 'Delivery', 'normal', 'closed', 90, -80, 1],
    ['Wants a copy of last quarter’s invoices', 'Billing', 'low', 'resolved', 6, 2, 2],
    ['Shop closed early on a listed opening day', 'Service', 'normal', 'open', 3, 9, 2],
    ['Requested a vegan option for the standing order', null, 'low', 'open', 13, null, null],
    ['Cake collapsed in transit', 'Delivery', 'high', 'closed', 33, -31, 2],
    ['Discount code not accepted', 'Website', 'normal', 'in_progress', 9, -2, 1],
    ['<b>Markup</b> in a title stays text', 'Service', 'normal', 'open', 4, 6, null],
    ['Sandwich platter ordered for the wrong day', 'Delivery', 'high', 'open', 5, -4, 2],
  ];

  function seed(customer: number, s: Seed, i: number, customerOwner: number | null = null) {
    const [title, category, priority, status, ago, dueIn, owner] = s;
    const opened = new Date(now - ago * 864e5 - (i % 9) * 3.6e6);
    const at = (daysAfter: number) => iso(new Date(Math.min(now - 6e5, opened.getTime() + daysAfter * 864e5)));
    const openedDay = localDate(opened);
    const st: Stored = {
      id: nextId++,
      customer_id: customer,
      title,
      description: i % 3 === 0 ? 'The customer rang the shop; see the call in their timeline.' : null,
      category,
      priority,
      owner_id: owner,
      customer_owner_id: customerOwner,
      opened_at: iso(opened),
      due: dueIn === null ? null : addDays(today, dueIn),
      status: 'open',
      resolved_at: null,
      closed_at: null,
      closed_how: null,
      satisfaction: null,
      escalation_level: 0,
      last_activity_at: iso(opened),
      waiting_seconds: 0,
      waiting_since: null,
      broken_promises: 0,
      history: [],
    };
    // A due date in the past that is before the opening day would be odd: keep it after.
    if (st.due && st.due < openedDay) st.due = addDays(openedDay, 2);
    event(st, st.opened_at, 'opened', null, title);
    if (owner !== null) event(st, at(0.01), 'owner', null, memberName(owner));
    const path: IssueStatus[] = { open: [], in_progress: ['in_progress'], waiting_on_customer: ['in_progress', 'waiting_on_customer'], resolved: ['in_progress', 'resolved'], closed: ['in_progress', 'resolved'] }[status] as IssueStatus[];
    let step = 0.5;
    if (i % 4 === 1 && st.due) {
      const old = st.due;
      st.due = addDays(old, 3);
      event(st, at(step), 'due', old, st.due);
      event(st, at(step), 'broken_promise', old, st.due);
      st.broken_promises++;
      step += 0.5;
    }
    if (i % 5 === 2) {
      event(st, at(step), 'comment', null, null, 'Called the customer to apologise; they were understanding.');
      step += 0.3;
    }
    let prev: IssueStatus = 'open';
    for (const to of path) {
      const t = at(step);
      event(st, t, 'status', prev, to);
      if (to === 'waiting_on_customer') st.waiting_since = t;
      if (to === 'resolved') st.resolved_at = t;
      prev = to;
      st.status = to;
      st.last_activity_at = t;
      step += 1;
    }
    if (status === 'closed') {
      const t = at(step);
      const confirmed = i % 3 !== 0;
      st.status = 'closed';
      st.closed_at = t;
      st.closed_how = confirmed ? 'confirmed' : 'unconfirmed';
      st.satisfaction = confirmed ? [5, 4, 2, 5, 3][i % 5] : null;
      event(st, t, 'closed', prev, st.closed_how, confirmed ? `satisfaction ${st.satisfaction}/5` : null);
      st.last_activity_at = t;
    }
    if (i % 7 === 3 && ACTIVE.includes(st.status)) {
      const t = at(step);
      st.escalation_level = 1;
      event(st, t, 'escalated', '0', '1', `to ${memberName(2) ?? 'Priya Shah'}: the customer asked for the manager`);
      st.last_activity_at = t;
    }
    issues.set(st.id, st);
  }

  if (mode !== 'empty' && mode !== 'startup') {
    const ids = contacts.ids();
    const named = ids.slice(0, 6);
    seeds.forEach((s, i) => seed(named[i % named.length], s, i, i % 6 === 0 && named[1] ? named[1] : null));
    if (mode !== 'small') {
      // Many more, mostly long closed, spread over the generated customers: enough to page through.
      const more = ids.slice(6);
      for (let i = 0; i < 3000 && more.length; i++) {
        const base = seeds[i % seeds.length];
        const status: IssueStatus = i % 10 < 7 ? 'closed' : STATUSES[i % 4];
        const ago = 5 + (i % 400);
        seed(more[(i * 37) % more.length], [base[0], base[1], PRIORITIES[i % 4], status, ago, status === 'closed' ? -ago + 5 : (i % 21) - 10, (i % 3) as number || null], i);
      }
    }
  }

  // ---- queries ----
  function matches(s: Stored, f: IssueFilter): boolean {
    if (f.status && s.status !== f.status) return false;
    if (f.active && !ACTIVE.includes(s.status)) return false;
    if (f.owner_id !== null && s.owner_id !== f.owner_id) return false;
    if (f.customer_id !== null && s.customer_id !== f.customer_id && contacts.get(s.customer_id)?.organization_id !== f.customer_id) return false;
    if (f.category !== null && s.category !== f.category) return false;
    if (f.priority !== null && s.priority !== f.priority) return false;
    if (f.overdue && !view(s).overdue) return false;
    if (f.due_within_days !== null) {
      if (!ACTIVE.includes(s.status) || !s.due || s.due < today || s.due > addDays(today, f.due_within_days)) return false;
    }
    return true;
  }

  const byDue = (a: Stored, b: Stored) =>
    (a.due === null ? 1 : 0) - (b.due === null ? 1 : 0) || (a.due ?? '').localeCompare(b.due ?? '') || a.id - b.id;

  function list(f: IssueFilter) {
    const all = [...issues.values()].filter((s) => matches(s, f)).sort(byDue);
    const page = all.slice(f.offset, f.limit === null ? undefined : f.offset + f.limit);
    return { issues: page.map(view), total: all.length };
  }

  function queue(): QueueItem[] {
    const since = iso(new Date(now - 30 * 864e5));
    const items = [...issues.values()]
      .filter((s) => ACTIVE.includes(s.status))
      .map((s) => {
        const issue = view(s);
        let score = 0;
        const reasons: string[] = [];
        if (issue.priority === 'urgent') {
          score += 40;
          reasons.push('urgent');
        } else if (issue.priority === 'high') {
          score += 15;
          reasons.push('high priority');
        }
        if (issue.overdue) {
          score += 30 + Math.min(30, issue.days_overdue);
          reasons.push(`overdue by ${issue.days_overdue} day${issue.days_overdue === 1 ? '' : 's'}`);
        }
        const negative = (contacts.get(s.customer_id)?.interactions ?? []).find((x) => x.tone === 'negative' && x.occurred_at >= since);
        const lowScore = [...issues.values()].find((o) => o.customer_id === s.customer_id && o.satisfaction !== null && o.satisfaction <= 2 && (o.closed_at ?? '') >= since);
        if (negative) {
          score += 25;
          reasons.push(`unhappy customer: a negative interaction on ${negative.occurred_at.slice(0, 10)}`);
        } else if (lowScore) {
          score += 25;
          reasons.push(`unhappy customer: scored a recent fix ${lowScore.satisfaction}/5`);
        }
        if (issue.escalation_level > 0) {
          score += 10;
          reasons.push(`escalated to level ${issue.escalation_level}`);
        }
        return { issue, score, reasons };
      });
    return items.sort(
      (a, b) =>
        b.score - a.score ||
        (a.issue.effective_due ?? '9999').localeCompare(b.issue.effective_due ?? '9999') ||
        a.issue.id - b.issue.id,
    );
  }

  function readLadder(): EscalationLevel[] {
    return ladder.map((l) => ({ ...l, team_member: memberName(l.team_member_id) ?? '' }));
  }

  function escalations(): EscalationSuggestion[] {
    const levels = readLadder();
    if (!levels.length) return [];
    const out: EscalationSuggestion[] = [];
    for (const s of [...issues.values()].filter((x) => ACTIVE.includes(x.status)).sort(byDue)) {
      const issue = view(s);
      const idleHours = Math.floor((now - Date.parse(issue.last_activity_at)) / 3.6e6);
      let best: EscalationSuggestion | null = null;
      for (const l of levels.filter((l) => l.level > issue.escalation_level)) {
        let reason: string | null = null;
        if (l.rule === 'overdue_days' && issue.overdue && issue.days_overdue >= l.threshold) {
          reason = `overdue by ${issue.days_overdue} days (rule: ${l.threshold} or more)`;
        } else if (l.rule === 'urgent_untouched_hours' && issue.priority === 'urgent' && idleHours >= l.threshold) {
          reason = `urgent and untouched for ${idleHours} hours (rule: ${l.threshold} or more)`;
        }
        if (reason) best = { issue, level: l.level, to: l.team_member, reason };
      }
      if (best) out.push(best);
    }
    return out;
  }

  function stats(): Stats {
    const all = [...issues.values()];
    const owners = new Map<number | null, OwnerStats>();
    for (const s of all) {
      const o =
        owners.get(s.owner_id) ??
        ({ owner_id: s.owner_id, owner: memberName(s.owner_id) ?? 'Unassigned', open: 0, overdue: 0, resolved_with_due: 0, resolved_on_time: 0, on_time_rate: null, median_hours_to_resolve: null, broken_promises: 0 } as OwnerStats);
      owners.set(s.owner_id, o);
      const v = view(s);
      if (ACTIVE.includes(s.status)) o.open++;
      if (v.overdue) o.overdue++;
      if (s.resolved_at && s.due) {
        o.resolved_with_due++;
        if (s.resolved_at.slice(0, 10) <= (v.effective_due ?? s.due)) o.resolved_on_time++;
      }
      o.broken_promises += s.broken_promises;
    }
    for (const o of owners.values()) {
      o.on_time_rate = o.resolved_with_due ? (100 * o.resolved_on_time) / o.resolved_with_due : null;
      const hours = all
        .filter((s) => s.owner_id === o.owner_id && s.resolved_at)
        .map((s) => (Date.parse(s.resolved_at!) - Date.parse(s.opened_at)) / 3.6e6 - s.waiting_seconds / 3600)
        .sort((a, b) => a - b);
      o.median_hours_to_resolve = hours.length ? hours[Math.floor(hours.length / 2)] : null;
    }
    const monday = new Date(now);
    monday.setDate(monday.getDate() - ((monday.getDay() + 6) % 7));
    const weeks = Array.from({ length: 12 }, (_, k) => {
      const start = localDate(new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() - 7 * (11 - k)));
      const end = addDays(start, 7);
      return { week_start: start, opened: all.filter((s) => localDate(new Date(s.opened_at)) >= start && localDate(new Date(s.opened_at)) < end).length };
    });
    const closed = all.filter((s) => s.status === 'closed');
    const confirmed = closed.filter((s) => s.closed_how === 'confirmed').length;
    return {
      as_of: today,
      owners: [...owners.values()].sort((a, b) => a.owner.localeCompare(b.owner)),
      business: { opened_per_week: weeks, closed: closed.length, closed_confirmed: confirmed, confirmed_share: closed.length ? (100 * confirmed) / closed.length : null },
    };
  }

  const moves = (): StatusMove[] => STATUSES.flatMap((from) => STATUSES.filter((to) => canMove(from, to)).map((to) => ({ from, to })));

  function get(id: number) {
    const s = issues.get(id);
    return s ? s : null;
  }

  function categoryName(name: string): string {
    const trimmed = name.trim();
    const existing = [...categories.keys()].find((c) => c.toLowerCase() === trimmed.toLowerCase());
    if (existing) {
      categories.set(existing, true);
      return existing;
    }
    categories.set(trimmed, true);
    return trimmed;
  }

  function create(input: IssueInput) {
    const title = input.title.trim();
    if (!title) return invalid('title', 'say in a few words what is wrong');
    if (input.due && !/^\d{4}-\d{2}-\d{2}$/.test(input.due.trim())) return invalid('due', `'${input.due}' is not a date: use YYYY-MM-DD`);
    const customer = contacts.get(input.customer_id);
    if (!customer || customer.deleted_at) return invalid('customer', `contact ${input.customer_id} was not found`);
    if (input.owner_id !== null && !memberName(input.owner_id)) return invalid('owner', `team member ${input.owner_id} does not exist`);
    const at = iso(new Date());
    const st: Stored = {
      id: nextId++,
      customer_id: input.customer_id,
      title,
      description: input.description?.trim() || null,
      category: input.category?.trim() ? categoryName(input.category) : null,
      priority: input.priority,
      owner_id: input.owner_id,
      customer_owner_id: input.customer_owner_id,
      opened_at: at,
      due: input.due?.trim() || null,
      status: 'open',
      resolved_at: null,
      closed_at: null,
      closed_how: null,
      satisfaction: null,
      escalation_level: 0,
      last_activity_at: at,
      waiting_seconds: 0,
      waiting_since: null,
      broken_promises: 0,
      history: [],
    };
    event(st, at, 'opened', null, title);
    issues.set(st.id, st);
    return st.id;
  }

  function finishWaiting(s: Stored, at: string) {
    if (s.waiting_since) {
      s.waiting_seconds += Math.max(0, (Date.parse(at) - Date.parse(s.waiting_since)) / 1000);
      s.waiting_since = null;
    }
  }

  function update(id: number, partial: Partial<IssueUpdate>) {
    // Fields left out count as "no change", so callers may send only what they change.
    const u: IssueUpdate = {
      status: null, owner_id: null, clear_owner: false, customer_owner_id: null, clear_customer_owner: false,
      due: null, clear_due: false, priority: null, category: null, clear_category: false, title: null,
      description: null, comment: null,
      ...Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)),
    };
    const s = get(id);
    if (!s) return fail('not_found', `issue ${id} was not found`);
    const at = iso(new Date());
    let changed = false;
    if (u.status) {
      if (u.status === 'closed') return invalid('status', 'close an issue with Close, which records whether the customer confirmed the fix');
      if (!canMove(s.status, u.status)) return invalid('status', `an issue that is ${words(s.status)} cannot move to ${words(u.status)}`);
      finishWaiting(s, at);
      if (u.status === 'waiting_on_customer') s.waiting_since = at;
      const reopening = (s.status === 'resolved' || s.status === 'closed') && ACTIVE.includes(u.status);
      event(s, at, reopening ? 'reopened' : 'status', s.status, u.status);
      s.resolved_at = u.status === 'resolved' ? (s.resolved_at ?? at) : null;
      s.closed_at = null;
      s.closed_how = null;
      s.satisfaction = null;
      s.status = u.status;
      changed = true;
    }
    const owner = u.clear_owner ? null : u.owner_id;
    if ((u.clear_owner || u.owner_id !== null) && owner !== s.owner_id) {
      if (owner !== null && !memberName(owner)) return invalid('owner', `team member ${owner} does not exist`);
      event(s, at, 'owner', memberName(s.owner_id), memberName(owner));
      s.owner_id = owner;
      changed = true;
    }
    const co = u.clear_customer_owner ? null : u.customer_owner_id;
    if ((u.clear_customer_owner || u.customer_owner_id !== null) && co !== s.customer_owner_id) {
      event(s, at, 'customer_owner', null, contactName(co));
      s.customer_owner_id = co;
      changed = true;
    }
    if (u.clear_due || u.due !== null) {
      const due = u.clear_due ? null : (u.due ?? '').trim();
      if (due !== null && !/^\d{4}-\d{2}-\d{2}$/.test(due)) return invalid('due', `'${u.due}' is not a date: use YYYY-MM-DD`);
      if (due !== s.due) {
        event(s, at, 'due', s.due, due);
        if (s.due && due && due > s.due) {
          event(s, at, 'broken_promise', s.due, due);
          s.broken_promises++;
        }
        s.due = due;
        changed = true;
      }
    }
    if (u.priority && u.priority !== s.priority) {
      event(s, at, 'priority', s.priority, u.priority);
      s.priority = u.priority;
      changed = true;
    }
    const cat = u.clear_category ? null : u.category !== null ? categoryName(u.category) : undefined;
    if (cat !== undefined && cat !== s.category) {
      event(s, at, 'category', s.category, cat);
      s.category = cat;
      changed = true;
    }
    if (u.title !== null && u.title.trim() !== s.title) {
      if (!u.title.trim()) return invalid('title', 'say in a few words what is wrong');
      s.title = u.title.trim();
      changed = true;
    }
    if (u.description !== null) {
      s.description = u.description.trim() || null;
      changed = true;
    }
    if (u.comment?.trim()) {
      event(s, at, 'comment', null, null, u.comment.trim());
      changed = true;
    }
    if (!changed) return invalid('update', 'nothing to change');
    s.last_activity_at = at;
    return null;
  }

  function close(id: number, how: ClosedHow, score: number | null, comment: string | null) {
    if (score !== null) {
      if (score < 1 || score > 5) return invalid('score', `${score} is not a score from 1 to 5`);
      if (how === 'unconfirmed') return invalid('score', "a satisfaction score needs the customer's confirmation");
    }
    const s = get(id);
    if (!s) return fail('not_found', `issue ${id} was not found`);
    if (s.status === 'closed') return invalid('status', 'this issue is already closed');
    const at = iso(new Date());
    finishWaiting(s, at);
    const c = comment?.trim() || null;
    const note = score !== null ? (c ? `satisfaction ${score}/5: ${c}` : `satisfaction ${score}/5`) : c;
    event(s, at, 'closed', s.status, how, note);
    s.status = 'closed';
    s.resolved_at = s.resolved_at ?? at;
    s.closed_at = at;
    s.closed_how = how;
    s.satisfaction = score;
    s.last_activity_at = at;
    return null;
  }

  function escalate(id: number, level: number, reason: string) {
    const s = get(id);
    if (!s) return fail('not_found', `issue ${id} was not found`);
    if (!ACTIVE.includes(s.status)) return invalid('status', 'only an issue still being worked on can be escalated');
    if (level <= s.escalation_level) return invalid('level', `this issue is already at escalation level ${s.escalation_level}`);
    const l = readLadder().find((x) => x.level === level);
    if (!l) return invalid('level', `the escalation ladder has no level ${level}`);
    const at = iso(new Date());
    event(s, at, 'escalated', String(s.escalation_level), String(level), `to ${l.team_member}: ${reason}`);
    s.escalation_level = level;
    s.last_activity_at = at;
    return null;
  }

  return (cmd, a) => {
    switch (cmd) {
      case 'issues_list':
        return list({ status: null, active: false, owner_id: null, customer_id: null, category: null, priority: null, overdue: false, due_within_days: null, limit: null, offset: 0, ...(a.filter as Partial<IssueFilter>) });
      case 'issues_get': {
        const s = get(Number(a.id));
        if (!s) return fail('not_found', `issue ${a.id} was not found`);
        const interactions = (contacts.get(s.customer_id)?.interactions ?? []).slice(0, 5);
        return { issue: view(s), history: [...s.history].sort((x, y) => x.at.localeCompare(y.at) || x.id - y.id), recent_interactions: interactions };
      }
      case 'issues_create':
        return create(a.input as IssueInput);
      case 'issues_update':
        return update(Number(a.id), a.update as IssueUpdate);
      case 'issues_close':
        return close(Number(a.id), a.how as ClosedHow, (a.score as number | null) ?? null, (a.comment as string | null) ?? null);
      case 'issues_escalate':
        return escalate(Number(a.id), Number(a.level), String(a.reason ?? ''));
      case 'issues_queue': {
        const all = queue();
        return typeof a.limit === 'number' ? all.slice(0, a.limit) : all;
      }
      case 'issues_escalations':
        return escalations();
      case 'issues_stats':
        return stats();
      case 'issues_workflow':
        return moves();
      case 'issue_categories_list':
        return [...categories.entries()].filter(([, on]) => on).map(([n]) => n).sort((x, y) => x.localeCompare(y, undefined, { sensitivity: 'base' }));
      case 'issue_categories_add': {
        const name = String(a.name ?? '').trim();
        if (!name) return invalid('category', 'a category needs a name');
        categoryName(name);
        return null;
      }
      case 'issue_categories_remove': {
        const name = String(a.name ?? '').trim();
        const existing = [...categories.keys()].find((c) => c.toLowerCase() === name.toLowerCase() && categories.get(c));
        if (!existing) return invalid('category', `there is no category called '${name}'`);
        categories.set(existing, false);
        return null;
      }
      case 'escalation_ladder_get':
        return readLadder();
      case 'escalation_ladder_set': {
        const levels = (a.levels as EscalationLevel[]) ?? [];
        for (let i = 0; i < levels.length; i++) {
          if (levels[i].level !== i + 1) return invalid('level', `levels must be numbered 1, 2, 3 … (found ${levels[i].level} in place ${i + 1})`);
          if (!memberName(levels[i].team_member_id)) return invalid('team_member', `team member ${levels[i].team_member_id} does not exist`);
        }
        ladder = levels.map((l) => ({ ...l }));
        return null;
      }
      default:
        return undefined;
    }
  };
}
