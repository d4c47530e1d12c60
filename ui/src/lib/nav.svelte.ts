// Which screen is showing and which contact is open. The location hash mirrors it (`#/contacts/42`)
// so links are plain anchors and the webview's back/forward work.

export const screens = [
  'today',
  'contacts',
  'issues',
  'meetings',
  'surveys',
  'dashboard',
  'settings',
  'trash',
] as const;
export type Screen = (typeof screens)[number];

export const nav = $state<{ screen: Screen; contactId: number | null }>({
  screen: 'contacts',
  contactId: null,
});

export function parseHash(hash: string): { screen: Screen; contactId: number | null } | null {
  const m = /^#\/([a-z]+)(?:\/(\d+))?$/.exec(hash);
  if (!m || !(screens as readonly string[]).includes(m[1])) return null;
  return { screen: m[1] as Screen, contactId: m[2] ? Number(m[2]) : null };
}

export function hrefFor(screen: Screen, contactId: number | null = null): string {
  return contactId === null ? `#/${screen}` : `#/${screen}/${contactId}`;
}

/** Shows a screen (and optionally opens a contact), updating the hash to match. */
export function go(screen: Screen, contactId: number | null = null): void {
  nav.screen = screen;
  nav.contactId = contactId;
  const href = hrefFor(screen, contactId);
  if (typeof location !== 'undefined' && location.hash !== href) {
    history.replaceState(null, '', href);
  }
}

/** Follows the hash (links, back/forward). */
export function syncFromHash(): void {
  const parsed = parseHash(location.hash);
  if (parsed) {
    nav.screen = parsed.screen;
    nav.contactId = parsed.contactId;
  }
}

/** Bumped whenever data changed under every screen (a restore, another folder): screens reload. */
export const data = $state({ version: 0 });
export function dataChanged(): void {
  data.version++;
}
