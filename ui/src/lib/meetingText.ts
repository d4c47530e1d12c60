// Words and small conversions for meetings, shared by the Meetings screen, the "in meeting" view and
// the contact page (kept out of the components so they can be tested on their own).
import type { Cadence } from './bindings/Cadence';
import type { PersonRef } from './bindings/PersonRef';

export const cadenceNames: Record<Cadence, string> = {
  weekly: 'Every week',
  biweekly: 'Every 2 weeks',
  monthly: 'Every month',
};

export const happinessWords: Record<number, string> = {
  1: 'Very unhappy',
  2: 'Unhappy',
  3: 'So-so',
  4: 'Happy',
  5: 'Very happy',
};

/** The colour class of a happiness score: 1–2 low, 3 middling, 4–5 good. */
export function happinessTone(score: number): 'low' | 'mid' | 'good' {
  if (score <= 2) return 'low';
  if (score === 3) return 'mid';
  return 'good';
}

/** A date and a time typed in local time (`YYYY-MM-DD`, `HH:MM`) as a UTC RFC 3339 instant, or null
 * when either is not a real date or time. */
export function localToRfc3339(date: string, time: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const at = new Date(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  if (Number.isNaN(at.getTime())) return null;
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Now as the date and time fields of the form (local). */
export function nowFields(now: Date = new Date()): { date: string; time: string } {
  const p = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`,
    time: `${p(now.getHours())}:${p(now.getMinutes())}`,
  };
}

/** A person as the value of an owner list (`team:3`, `contact:12`) and back. */
export function personKey(p: PersonRef): string {
  return p.team_member_id !== null ? `team:${p.team_member_id}` : `contact:${p.contact_id}`;
}

export function personFromKey(key: string): PersonRef | null {
  const m = /^(team|contact):(\d+)$/.exec(key);
  if (!m) return null;
  const id = Number(m[2]);
  return m[1] === 'team' ? { team_member_id: id, contact_id: null } : { team_member_id: null, contact_id: id };
}

/** A safe file name from a customer's name ("Corner Bakery / North" → "Corner Bakery North"). */
export function fileNamePart(name: string): string {
  return name.replace(/[\\/:*?"<>|\s]+/g, ' ').trim() || 'Rapport';
}
