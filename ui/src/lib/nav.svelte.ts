// Which screen is showing and which contact or issue is open. The location hash mirrors it
// (`#/contacts/42`, `#/issues/7`) so links are plain anchors and the webview's back/forward work.
// The number in the hash is the issue's id on the issues screen, the survey's on the surveys screen,
// the meeting's on the meetings screen (each kept in `contactId`), and the contact's everywhere else.

export const screens = [
  'today',
  'contacts',
  'issues',
  'meetings',
  'surveys',
  'dashboard',
  'settings',
  'trash',
  'import',
  'duplicates',
] as const;
export type Screen = (typeof screens)[number];

export const nav = $state<{ screen: Screen; contactId: number | null; issueId: number | null; meetingId: number | null }>({
  screen: 'contacts',
  contactId: null,
  issueId: null,
  meetingId: null,
});

function show(screen: Screen, id: number | null): void {
  nav.screen = screen;
  nav.contactId = screen === 'issues' || screen === 'meetings' ? null : id;
  nav.issueId = screen === 'issues' ? id : null;
  nav.meetingId = screen === 'meetings' ? id : null;
}

export function parseHash(hash: string): { screen: Screen; contactId: number | null } | null {
  const m = /^#\/([a-z]+)(?:\/(\d+))?$/.exec(hash);
  if (!m || !(screens as readonly string[]).includes(m[1])) return null;
  return { screen: m[1] as Screen, contactId: m[2] ? Number(m[2]) : null };
}

export function hrefFor(screen: Screen, contactId: number | null = null): string {
  return contactId === null ? `#/${screen}` : `#/${screen}/${contactId}`;
}

/** Shows a screen (and optionally opens a contact, or an issue on the issues screen), updating the
 * hash to match. */
export function go(screen: Screen, id: number | null = null): void {
  show(screen, id);
  const href = hrefFor(screen, id);
  if (typeof location !== 'undefined' && location.hash !== href) {
    history.replaceState(null, '', href);
  }
}

/** Follows the hash (links, back/forward). */
export function syncFromHash(): void {
  const parsed = parseHash(location.hash);
  if (parsed) show(parsed.screen, parsed.contactId);
}

/** Bumped whenever data changed under every screen (a restore, another folder): screens reload. */
export const data = $state({ version: 0 });
export function dataChanged(): void {
  data.version++;
}

/** A hand-over between screens: "open the new-issue form for this customer" (set by the contact
 * detail, taken and cleared by the issues screen). */
export const pending = $state<{ newIssueFor: number | null; meetingFor: number | null }>({
  newIssueFor: null,
  meetingFor: null,
});

/** Shows the issues screen with the new-issue form open for `customerId`. */
export function newIssueFor(customerId: number): void {
  pending.newIssueFor = customerId;
  go('issues');
}

/** A hand-over from the dashboard: "show this customer's profile" (taken and cleared by the
 * profile section on the contact page, which scrolls itself into view). */
export const profileWanted = $state<{ customerId: number | null }>({ customerId: null });

/** Shows the meetings screen with the "in meeting" view open for `customerId`. */
export function startMeetingFor(customerId: number): void {
  pending.meetingFor = customerId;
  go('meetings');
}
