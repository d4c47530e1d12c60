// Words for the profile's values, and where a piece of evidence links to. The level is always shown
// as a word beside its colour, never as colour alone.
import type { Evidence } from './bindings/Evidence';
import type { KickOutStatus } from './bindings/KickOutStatus';
import type { Level } from './bindings/Level';
import type { ReminderKind } from './bindings/ReminderKind';
import { hrefFor } from './nav.svelte';

export const levels: Level[] = ['none', 'moderate', 'significant', 'severe'];

const levelNames: Record<Level, string> = {
  none: 'No risk',
  moderate: 'Moderate',
  significant: 'Significant',
  severe: 'Severe',
};

/** A vulnerability level in words ("No risk", "Moderate" …). */
export function levelLabel(level: Level): string {
  return levelNames[level] ?? level;
}

const kickOutNames: Record<KickOutStatus, string> = {
  present: 'Present',
  watching: 'Watching',
  resolved: 'Resolved',
};
export const kickOutStatuses: KickOutStatus[] = ['present', 'watching', 'resolved'];
export function kickOutLabel(status: KickOutStatus): string {
  return kickOutNames[status] ?? status;
}

/** Where a piece of evidence opens: the issue, or the contact it concerns (an interaction is on
 * the contact's timeline; a kick-out factor on the profile itself). */
export function evidenceHref(e: Evidence): string {
  if (e.kind === 'issue') return hrefFor('issues', e.id);
  if (e.kind === 'contact') return hrefFor('contacts', e.id);
  return hrefFor('contacts', e.contact_id);
}

const reminderNames: Partial<Record<ReminderKind, string>> = {
  birthday: 'Birthday',
  renewal: 'Renewal',
};
export function reminderLabel(kind: ReminderKind): string {
  return reminderNames[kind] ?? kind.replace(/_/g, ' ');
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`), negative when `to` is earlier. */
export function daysFrom(from: string, to: string): number {
  const [ay, am, ad] = from.split('-').map(Number);
  const [by, bm, bd] = to.split('-').map(Number);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / 864e5);
}

/** "in 5 days", "today", "3 days late" for a resolve-by date seen from `today`. */
export function resolveWords(date: string, today: string): string {
  const d = daysFrom(today, date);
  if (d === 0) return 'today';
  if (d === 1) return 'tomorrow';
  if (d > 0) return `in ${d} days`;
  return d === -1 ? '1 day late' : `${-d} days late`;
}
