// Sample profiles, dashboard and kudos for the browser preview (`?mock`). The signals are worked out
// from the sample issues and interactions the way the core does (overdue issues, negative tone in
// the last 30 days, kick-out factors present or watched, weights and levels as in weights.rs), so
// the screens show believable figures. Like mockBackend.ts it is never loaded inside the app and
// never checked by tests.
import type { Dashboard } from '../bindings/Dashboard';
import type { Decision } from '../bindings/Decision';
import type { Evidence } from '../bindings/Evidence';
import type { Gap } from '../bindings/Gap';
import type { Issue } from '../bindings/Issue';
import type { IssuePage } from '../bindings/IssuePage';
import type { KickOutFactor } from '../bindings/KickOutFactor';
import type { KickOutStatus } from '../bindings/KickOutStatus';
import type { Kudos } from '../bindings/Kudos';
import type { KudosInput } from '../bindings/KudosInput';
import type { Level } from '../bindings/Level';
import type { NoteKind } from '../bindings/NoteKind';
import type { Profile } from '../bindings/Profile';
import type { ProfileNote } from '../bindings/ProfileNote';
import type { Signal } from '../bindings/Signal';
import type { Stats } from '../bindings/Stats';
import type { MockContacts } from './mockIssues';

type Ask = (cmd: string, a: Record<string, unknown>) => unknown;

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
function localDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return localDate(new Date(y, m - 1, d + days));
}

function levelFor(score: number): Level {
  if (score >= 7) return 'severe';
  if (score >= 4) return 'significant';
  if (score >= 2) return 'moderate';
  return 'none';
}
const within: Record<Level, number | null> = { none: null, moderate: 90, significant: 30, severe: 7 };
const rank: Record<Level, number> = { none: 0, moderate: 1, significant: 2, severe: 3 };

export function createProfileMock(mode: string, contacts: MockContacts, issues: Ask): Ask {
  const today = () => localDate(new Date());
  let nextId = 1;
  const kickOuts: KickOutFactor[] = [];
  const notes = new Map<number, ProfileNote[]>();
  const gaps = new Map<number, Gap[]>();
  const decisions = new Map<number, Decision[]>();
  const kudos: Kudos[] = [];

  if (mode !== 'empty') {
    const t = today();
    kickOuts.push({ id: nextId++, customer_id: 2, description: 'Would switch if a delivery is late again before Christmas', status: 'present', review_on: addDays(t, 7), updated_at: iso(new Date()) });
    gaps.set(2, [
      { attribute: 'Delivery on time', importance: 5, performance: 2, gap: 3, source: 'interview', asked_on: addDays(t, -12) },
      { attribute: 'Price', importance: 3, performance: 3, gap: 0, source: 'interview', asked_on: addDays(t, -12) },
    ]);
    notes.set(2, [
      { id: nextId++, kind: 'future_need', text: 'Opening a second shop in the spring: will need twice the bread.', noted_on: addDays(t, -12) },
      { id: nextId++, kind: 'improvement', text: 'Phone ahead when a delivery will be late.', noted_on: addDays(t, -12) },
    ]);
    kudos.push(
      { id: nextId++, team_member_id: 2, credited_to: 'Priya Shah', customer_id: 2, customer: 'Ada Lovelace', text: 'Priya sorted out the wedding order in an hour — brilliant.', received_on: addDays(t, -3), source: 'manual', interaction_id: null },
      { id: nextId++, team_member_id: null, credited_to: 'The business', customer_id: null, customer: null, text: 'Best sourdough in town, said a walk-in customer.', received_on: addDays(t, -9), source: 'manual', interaction_id: null },
    );
  }

  function issuesOf(customerId: number): Issue[] {
    const page = issues('issues_list', { filter: { customer_id: customerId, active: true } }) as IssuePage;
    return page.issues.filter((i) => i.customer_id === customerId);
  }

  function signalsOf(customerId: number): Signal[] {
    const out: Signal[] = [];
    const ko = kickOuts.filter((k) => k.customer_id === customerId);
    const koEvidence = (s: KickOutStatus): Evidence[] =>
      ko.filter((k) => k.status === s).map((k) => ({ kind: 'kick_out', id: k.id, contact_id: customerId, date: null, text: k.description }));
    const present = koEvidence('present');
    if (present.length) out.push({ name: 'kick_out_present', label: 'A kick-out factor is present', weight: 3, evidence: present });
    const since = Date.now() - 30 * 864e5;
    const negative = (contacts.get(customerId)?.interactions ?? []).filter((i) => i.tone === 'negative' && Date.parse(i.occurred_at) >= since);
    if (negative.length)
      out.push({
        name: 'negative_interactions',
        label: 'Negative-tone interactions in the last 30 days',
        weight: 2,
        evidence: negative.map((i) => ({ kind: 'interaction', id: i.id, contact_id: customerId, date: i.occurred_at.slice(0, 10), text: `${i.channel}: ${i.summary}` })),
      });
    const overdue = issuesOf(customerId).filter((i) => i.overdue);
    if (overdue.length)
      out.push({
        name: 'overdue_issues',
        label: 'Issues past their promised date',
        weight: 2,
        evidence: overdue.map((i) => ({ kind: 'issue', id: i.id, contact_id: customerId, date: i.due, text: `#${i.id} ${i.title} (${i.days_overdue} days overdue)` })),
      });
    const watching = koEvidence('watching');
    if (watching.length) out.push({ name: 'kick_out_watching', label: 'A kick-out factor is being watched', weight: 1, evidence: watching });
    return out;
  }

  function profileOf(customerId: number): Profile | null {
    const c = contacts.get(customerId);
    if (!c || c.deleted_at) return null;
    const signals = signalsOf(customerId);
    const score = signals.reduce((a, s) => a + s.weight, 0);
    const computed = levelFor(score);
    const history = decisions.get(customerId) ?? [];
    const levelDecision = history.find((d) => d.what === 'level');
    const level = levelDecision?.level ?? computed;
    const days = within[level];
    const began = signals.flatMap((s) => s.evidence.map((e) => e.date)).filter((d): d is string => !!d).sort()[0] ?? today();
    const suggested = days === null ? null : addDays(began < today() ? began : today(), days);
    const owners = history.find((d) => d.what === 'resolve_by')?.resolve_by ?? null;
    const all = notes.get(customerId) ?? [];
    return {
      customer_id: customerId,
      name: c.name,
      as_of: today(),
      level,
      computed_level: computed,
      score,
      level_reason: levelDecision?.level ? levelDecision.reason : null,
      signals,
      gaps: [...(gaps.get(customerId) ?? [])].sort((a, b) => b.gap - a.gap),
      kick_out_factors: kickOuts.filter((k) => k.customer_id === customerId),
      future_needs: all.filter((n) => n.kind === 'future_need'),
      improvement_areas: all.filter((n) => n.kind === 'improvement'),
      resolve_by: level === 'none' ? null : (owners ?? suggested),
      suggested_resolve_by: suggested,
      decisions: history,
    };
  }

  function atRisk(): Profile[] {
    return contacts
      .ids()
      .slice(0, 60)
      .map(profileOf)
      .filter((p): p is Profile => p !== null && p.level !== 'none')
      .sort((a, b) => rank[b.level] - rank[a.level] || b.score - a.score || a.name.localeCompare(b.name));
  }

  function trend(counts: number[], weeks: string[]) {
    const before = counts.slice(-9, -1);
    const avg = before.length ? before.reduce((a, b) => a + b, 0) / before.length : 0;
    const threshold = Math.max(avg + 2 * Math.sqrt(avg), avg + 3);
    const thisWeek = counts[counts.length - 1] ?? 0;
    return { weeks, counts, this_week: thisWeek, trailing_average: Math.round(avg * 10) / 10, threshold: Math.round(threshold * 10) / 10, flagged: thisWeek > threshold };
  }

  /** `YYYY-MM` of the last `n` months, this one last. */
  function lastMonths(n: number): string[] {
    const d = new Date();
    return Array.from({ length: n }, (_, i) => {
      const m = new Date(d.getFullYear(), d.getMonth() - (n - 1 - i), 1);
      return `${m.getFullYear()}-${String(m.getMonth() + 1).padStart(2, '0')}`;
    });
  }

  function quarterStart(): string {
    const d = new Date();
    const m = Math.floor(d.getMonth() / 3) * 3 + 1;
    return `${d.getFullYear()}-${String(m).padStart(2, '0')}-01`;
  }

  function dashboard(): Dashboard {
    const stats = issues('issues_stats', {}) as Stats;
    const weeks = stats.business.opened_per_week.map((w) => w.week_start);
    const negative = weeks.map((w) => {
      const start = Date.parse(`${w}T00:00:00`);
      return contacts
        .ids()
        .slice(0, 60)
        .flatMap((id) => contacts.get(id)?.interactions ?? [])
        .filter((i) => i.tone === 'negative' && Date.parse(i.occurred_at) >= start && Date.parse(i.occurred_at) < start + 7 * 864e5).length;
    });
    const risks = atRisk();
    const withDue = stats.owners.reduce((a, o) => a + o.resolved_with_due, 0);
    const onTime = stats.owners.reduce((a, o) => a + o.resolved_on_time, 0);
    return {
      as_of: today(),
      early_warning_rule:
        'This week is flagged when its count is above the average of the 8 weeks before it by more than twice the square root of that average (two standard deviations of a count that varies at random) and by at least 3.',
      issues_opened: trend(stats.business.opened_per_week.map((w) => w.opened), weeks),
      negative_interactions: trend(negative, weeks),
      at_risk: risks.slice(0, 10).map((p) => ({ customer_id: p.customer_id, name: p.name, level: p.level, score: p.score, top_signal: p.signals[0]?.label ?? 'set by hand', resolve_by: p.resolve_by })),
      at_risk_total: risks.length,
      owners: stats.owners,
      closed: stats.business.closed,
      confirmed_share: stats.business.confirmed_share,
      resolved_with_due: withDue,
      on_time_rate: withDue ? Math.round((onTime * 1000) / withDue) / 10 : null,
      coming_up: [],
      recent_kudos: kudos.slice(0, 5),
      satisfaction: [],
      happiness: lastMonths(6).map((month) => ({ month, mean: null, n: 0 })),
      complaint_causes: [],
      causes_since: quarterStart(),
    };
  }

  const fail = (field: string, message: string) => Promise.reject({ code: 'invalid_field', message, field });
  const customer = (a: Record<string, unknown>) => Number(a.customer_id);

  return (cmd, a) => {
    switch (cmd) {
      case 'dashboard_get':
        return dashboard();
      case 'profiles_get':
        return profileOf(customer(a)) ?? Promise.reject({ code: 'not_found', message: `customer ${a.customer_id} was not found`, field: null });
      case 'profiles_at_risk':
        return atRisk();
      case 'profile_rate': {
        const attribute = String(a.attribute ?? '').trim();
        if (!attribute) return fail('attribute', 'cannot be empty');
        const list = (gaps.get(customer(a)) ?? []).filter((g) => g.attribute !== attribute);
        const importance = Number(a.importance);
        const performance = Number(a.performance);
        list.push({ attribute, importance, performance, gap: importance - performance, source: 'interview', asked_on: (a.asked_on as string | null) ?? today() });
        gaps.set(customer(a), list);
        return nextId++;
      }
      case 'profile_note_add': {
        const text = String(a.text ?? '').trim();
        if (!text) return fail('text', 'cannot be empty');
        const list = notes.get(customer(a)) ?? [];
        list.unshift({ id: nextId, kind: a.kind as NoteKind, text, noted_on: (a.noted_on as string | null) ?? today() });
        notes.set(customer(a), list);
        return nextId++;
      }
      case 'kick_out_add': {
        const description = String(a.description ?? '').trim();
        if (!description) return fail('description', 'cannot be empty');
        kickOuts.push({ id: nextId, customer_id: customer(a), description, status: a.status as KickOutStatus, review_on: (a.review_on as string | null) ?? null, updated_at: iso(new Date()) });
        return nextId++;
      }
      case 'kick_out_update': {
        const k = kickOuts.find((x) => x.id === Number(a.id));
        if (!k) return Promise.reject({ code: 'not_found', message: `kick-out factor ${a.id} was not found`, field: null });
        k.status = a.status as KickOutStatus;
        k.review_on = (a.review_on as string | null) ?? null;
        return null;
      }
      case 'profile_set_level':
      case 'profile_set_resolve_by': {
        const reason = String(a.reason ?? '').trim();
        if (!reason) return fail('reason', 'cannot be empty');
        const list = decisions.get(customer(a)) ?? [];
        const level = cmd === 'profile_set_level';
        list.unshift({ id: nextId, what: level ? 'level' : 'resolve_by', level: level ? ((a.level as Level | null) ?? null) : null, resolve_by: level ? null : ((a.date as string | null) ?? null), reason, decided_at: iso(new Date()) });
        decisions.set(customer(a), list);
        return nextId++;
      }
      case 'profile_export':
        return null;
      case 'kudos_add': {
        const input = a.input as KudosInput;
        if (!input.text.trim()) return fail('text', 'cannot be empty');
        const who = contacts.team.find((m) => m.id === input.team_member_id);
        kudos.unshift({ id: nextId, team_member_id: input.team_member_id, credited_to: who?.name ?? 'The business', customer_id: input.customer_id, customer: input.customer_id === null ? null : (contacts.get(input.customer_id)?.name ?? null), text: input.text.trim(), received_on: input.received_on, source: input.source, interaction_id: input.interaction_id });
        kudos.sort((x, y) => y.received_on.localeCompare(x.received_on) || y.id - x.id);
        return nextId++;
      }
      case 'kudos_list': {
        const member = (a.team_member_id as number | null) ?? null;
        return kudos.filter((k) => member === null || k.team_member_id === member).slice(0, Number(a.limit ?? 50));
      }
      default:
        return undefined;
    }
  };
}
