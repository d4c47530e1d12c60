// How an issue's due date reads in a short list ("3 days overdue", "due tomorrow"). The core decides
// what is overdue and by how many days (on the owner's clock); this only puts its answers into words.
// Status and priority names are `statusLabel` and `priorityLabel` in format.ts.
import type { Issue } from './bindings/Issue';
import { formatDate, plural, todayLocal } from './format';

/** Still being worked on (the core's `active`). */
export function isActive(issue: Pick<Issue, 'status'>): boolean {
  return issue.status === 'open' || issue.status === 'in_progress' || issue.status === 'waiting_on_customer';
}

function dayNumber(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 864e5 : null;
}

/** The date the issue is due by (moved later by time spent waiting on the customer), or null. */
export function dueDate(issue: Pick<Issue, 'due' | 'effective_due'>): string | null {
  return issue.effective_due ?? issue.due;
}

/**
 * "3 days overdue", "due today", "due tomorrow", "due in 4 days" or "no due date". `today` is only
 * used for the days until a future date; overdue comes from the core.
 */
export function dueWords(
  issue: Pick<Issue, 'due' | 'effective_due' | 'overdue' | 'days_overdue' | 'status'>,
  today: string = todayLocal(),
): string {
  const due = dueDate(issue);
  if (!due) return 'no due date';
  if (issue.overdue) return issue.days_overdue > 0 ? `${plural(issue.days_overdue, 'day')} overdue` : 'overdue';
  if (!isActive(issue)) return `was due ${formatDate(due)}`;
  const a = dayNumber(today);
  const b = dayNumber(due);
  if (a === null || b === null) return `due ${formatDate(due)}`;
  const days = Math.round(b - a);
  if (days === 0) return 'due today';
  if (days === 1) return 'due tomorrow';
  if (days > 1 && days <= 14) return `due in ${days} days`;
  return `due ${formatDate(due)}`;
}
