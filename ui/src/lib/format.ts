// Dates are stored ISO and shown in the owner's locale. Calendar dates (`YYYY-MM-DD`, `--MM-DD`)
// are built from their parts so no time zone can move them to another day; instants (UTC RFC 3339)
// are shown in local time.

const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const monthDayFmt = new Intl.DateTimeFormat(undefined, { month: 'long', day: 'numeric' });
const dateTimeFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** `YYYY-MM-DD` → local date; `--MM-DD` → month and day; anything else is shown as it is. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (m) return dateFmt.format(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  m = /^--(\d{2})-(\d{2})$/.exec(iso);
  if (m) return monthDayFmt.format(new Date(2000, Number(m[1]) - 1, Number(m[2])));
  return iso;
}

/** A UTC instant shown as local date and time. */
export function formatDateTime(rfc3339: string | null | undefined): string {
  if (!rfc3339) return '';
  const d = new Date(rfc3339);
  return Number.isNaN(d.getTime()) ? rfc3339 : dateTimeFmt.format(d);
}

/** A UTC instant shown as a local date only. */
export function formatDay(rfc3339: string | null | undefined): string {
  if (!rfc3339) return '';
  const d = new Date(rfc3339);
  return Number.isNaN(d.getTime()) ? rfc3339 : dateFmt.format(d);
}

/** Today's local date as `YYYY-MM-DD`, for filters that depend on "today". */
export function todayLocal(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

// ---- customer issues ----

const statusNames: Record<string, string> = {
  open: 'Open',
  in_progress: 'In progress',
  waiting_on_customer: 'Waiting on customer',
  resolved: 'Resolved',
  closed: 'Closed',
};
const priorityNames: Record<string, string> = { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' };

/** An issue status in words (`waiting_on_customer` → "Waiting on customer"). */
export function statusLabel(status: string | null | undefined): string {
  if (!status) return '';
  return statusNames[status] ?? status.replace(/_/g, ' ');
}

/** A priority in words. */
export function priorityLabel(priority: string | null | undefined): string {
  if (!priority) return '';
  return priorityNames[priority] ?? priority;
}

/** The local calendar date (`YYYY-MM-DD`) of a UTC instant. */
export function localDayOf(rfc3339: string): string {
  const d = new Date(rfc3339);
  return Number.isNaN(d.getTime()) ? rfc3339.slice(0, 10) : todayLocal(d);
}

/** "1 day", "3 days". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
