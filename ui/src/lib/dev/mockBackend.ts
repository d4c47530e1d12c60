// A stand-in backend for looking at the screens in a plain browser (vite dev, or a build opened
// with `?mock`). It is loaded only when there is no Tauri shell (see main.ts) and is never part of
// what the tests check: the tests set up their own `mockIPC` answers.
//
// `?mock` — sample contacts plus 100,000 generated ones; `?mock=small` — the samples only;
// `?mock=empty` — no contacts; `?mock=startup` — the data file "could not be opened".
import { mockIPC } from '@tauri-apps/api/mocks';
import type { AppStatus } from '../bindings/AppStatus';
import type { BackupFile } from '../bindings/BackupFile';
import type { Contact } from '../bindings/Contact';
import type { ContactInput } from '../bindings/ContactInput';
import type { ContactQuery } from '../bindings/ContactQuery';
import type { FieldError } from '../bindings/FieldError';
import type { Interaction } from '../bindings/Interaction';
import type { InteractionInput } from '../bindings/InteractionInput';
import type { TeamMember } from '../bindings/TeamMember';
import { createIssueMock } from './mockIssues';
import { exchange } from './mockExchange';
import { createReminderMock } from './mockReminders';
import { createProfileMock } from './mockProfiles';
import { createSurveyMock } from './mockSurveys';
import { createMeetingMock } from './mockMeetings';

type Row = Contact & { interactions: Interaction[] };

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function blank(id: number, name: string, created: string): Row {
  return {
    id,
    kind: 'person',
    name,
    given_name: null,
    family_name: null,
    job_title: null,
    organization_id: null,
    organization: null,
    emails: [],
    phones: [],
    email_details: [],
    phone_details: [],
    address: { street: null, locality: null, region: null, postal_code: null, country: null },
    preferred_channel: null,
    do_not_contact: false,
    birthday: null,
    customer_since: null,
    renewal_date: null,
    tags: [],
    notes: null,
    last_contacted: null,
    created_at: created,
    updated_at: created,
    deleted_at: null,
    interactions: [],
  };
}

export function installMockBackend(mode: string): void {
  const now = Date.now();
  const contacts = new Map<number, Row>();
  let nextId = 1;
  let nextInteraction = 1;
  const team: TeamMember[] = [
    { id: 1, name: 'Sam Okafor', email: 'sam@example.com', active: true, created_at: iso(new Date(now - 9e9)) },
    { id: 2, name: 'Priya Shah', email: null, active: true, created_at: iso(new Date(now - 8e9)) },
  ];
  const backups: BackupFile[] = [
    { path: '/home/owner/.local/share/rapport/backups/rapport-before-migration-2026-11-01.sqlite3', name: 'rapport-before-migration-2026-11-01.sqlite3', modified: '2026-11-01T08:12:00Z', bytes: 2_457_600 },
    { path: '/home/owner/.local/share/rapport/backups/rapport-2026-10-15.sqlite3', name: 'rapport-2026-10-15.sqlite3', modified: '2026-10-15T17:40:00Z', bytes: 2_310_144 },
  ];

  function add(name: string, extra: Partial<Row> = {}): Row {
    const id = nextId++;
    const row = { ...blank(id, name, iso(new Date(now - id * 3.6e6))), ...extra, id };
    contacts.set(id, row);
    return row;
  }

  function log(row: Row, daysAgo: number, channel: Interaction['channel'], tone: Interaction['tone'], summary: string, by: number | null = null) {
    const at = iso(new Date(now - daysAgo * 864e5));
    row.interactions.unshift({ id: nextInteraction++, contact_id: row.id, occurred_at: at, channel, summary, tone, issue_id: null, team_member_id: by, created_at: at });
    row.interactions.sort((a, b) => b.occurred_at.localeCompare(a.occurred_at));
    row.last_contacted = row.interactions[0].occurred_at;
  }

  if (mode !== 'empty') {
    const bakery = add('Corner Bakery Ltd', { kind: 'organization', emails: ['orders@cornerbakery.example'], email_details: [{ label: 'orders', value: 'orders@cornerbakery.example' }], tags: ['wholesale'], address: { street: '4 Mill Lane', locality: 'Harrogate', region: 'North Yorkshire', postal_code: 'HG1 2AB', country: 'United Kingdom' } });
    const ada = add('Ada Lovelace', { organization_id: bakery.id, organization: bakery.name, job_title: 'Owner', emails: ['ada@cornerbakery.example'], email_details: [{ label: 'work', value: 'ada@cornerbakery.example' }], phones: ['+44 1423 555 0101'], phone_details: [{ label: 'mobile', value: '+44 1423 555 0101' }], birthday: '1985-12-10', customer_since: '2019-03-01', renewal_date: '2027-03-01', tags: ['vip', 'wholesale'], preferred_channel: 'phone', notes: 'Prefers calls before 10am. Orders sourdough every Friday.' });
    log(ada, 2, 'call', 'positive', 'Confirmed the Christmas order; happy with last delivery.', 1);
    log(ada, 20, 'email', 'neutral', 'Sent the new price list.', 2);
    log(ada, 41, 'visit', 'negative', 'Complained that two trays arrived late.', 1);
    add('Grace Hopper', { emails: ['grace@example.com'], email_details: [{ label: null, value: 'grace@example.com' }], birthday: '--12-01', tags: ['newsletter'] });
    const markup = add('<img src=x onerror=alert(1)> Test', { notes: '<b>not bold</b>' });
    log(markup, 5, 'note', 'neutral', '<script>alert(1)</script> stays text');
    add('Ben Carter', { do_not_contact: true, phones: ['07700 900123'], phone_details: [{ label: null, value: '07700 900123' }], notes: 'Asked not to be called again.' });
    add('Zoë Østergaard', { emails: ['zoe@example.dk'], email_details: [{ label: null, value: 'zoe@example.dk' }], tags: ['vip'], birthday: '1990-11-28' });
    if (mode !== 'small') {
      const first = ['Alex', 'Bea', 'Chris', 'Dana', 'Eli', 'Fay', 'Gus', 'Hana', 'Ivo', 'Jo', 'Kai', 'Lena', 'Max', 'Nia', 'Omar', 'Pia', 'Quinn', 'Rosa', 'Sol', 'Tess'];
      const last = ['Abbott', 'Baker', 'Clarke', 'Dixon', 'Evans', 'Fisher', 'Grant', 'Hughes', 'Irwin', 'Jones', 'Khan', 'Lewis', 'Moore', 'Nash', 'Owen', 'Price', 'Reid', 'Shaw', 'Turner', 'Walsh'];
      for (let i = 0; i < 100_000; i++) {
        const name = `${first[i % 20]} ${last[Math.floor(i / 20) % 20]} ${String(i + 1).padStart(6, '0')}`;
        add(name, { emails: [`customer${i + 1}@example.com`], email_details: [{ label: null, value: `customer${i + 1}@example.com` }] });
      }
    }
  }

  const live = () => [...contacts.values()].filter((c) => !c.deleted_at);
  const collator = new Intl.Collator(undefined, { sensitivity: 'base' });
  let sortedCache: { key: string; rows: Row[] } | null = null;

  function list(q: ContactQuery) {
    const key = JSON.stringify({ ...q, offset: 0, limit: 0 }) + contacts.size + version;
    if (!sortedCache || sortedCache.key !== key) {
      const words = (q.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      let rows = live().filter((c) => {
        if (q.tag && !c.tags.includes(q.tag)) return false;
        if (q.organization_id !== null && c.organization_id !== q.organization_id) return false;
        if (q.do_not_contact !== null && c.do_not_contact !== q.do_not_contact) return false;
        if (q.birthday_within_days !== null && !c.birthday) return false;
        if (words.length) {
          const hay = [c.name, c.organization ?? '', ...c.emails, ...c.phones, ...c.tags, c.notes ?? ''].join(' ').toLowerCase();
          return words.every((w) => hay.split(/[\s@.]+/).some((t) => t.startsWith(w)));
        }
        return true;
      });
      const dir = q.descending ? -1 : 1;
      if (q.sort === 'last_contacted') rows = rows.sort((a, b) => (b.last_contacted ?? '').localeCompare(a.last_contacted ?? '') || collator.compare(a.name, b.name));
      else if (q.sort === 'created') rows = rows.sort((a, b) => dir * a.created_at.localeCompare(b.created_at) || a.id - b.id);
      else rows = rows.sort((a, b) => dir * collator.compare(a.name, b.name));
      sortedCache = { key, rows };
    }
    const rows = sortedCache.rows;
    const page = rows.slice(q.offset, q.limit === null ? undefined : q.offset + q.limit);
    return { total: rows.length, contacts: page.map(strip) };
  }
  let version = 0;

  function strip(r: Row): Contact {
    const { interactions: _ignored, ...c } = r;
    void _ignored;
    return c;
  }

  function validate(input: ContactInput): FieldError[] {
    const errors: FieldError[] = [];
    if (!input.name.trim()) errors.push({ field: 'name', message: 'a name is required' });
    for (const e of input.emails) if (e.value.trim() && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e.value.trim())) errors.push({ field: 'email', message: `'${e.value.trim()}' does not look like an email address` });
    if (input.birthday && !/^(\d{4}|-)-\d{2}-\d{2}$/.test(input.birthday.trim())) errors.push({ field: 'birthday', message: `'${input.birthday}' is not a date: use YYYY-MM-DD, or --MM-DD without the year` });
    return errors;
  }

  function fromInput(row: Row, input: ContactInput) {
    row.kind = input.kind ?? 'person';
    row.name = input.name.trim();
    row.job_title = input.job_title;
    row.organization = input.organization;
    row.organization_id = input.organization ? ([...contacts.values()].find((c) => c.kind === 'organization' && c.name === input.organization)?.id ?? null) : null;
    row.email_details = input.emails;
    row.emails = input.emails.map((e) => e.value);
    row.phone_details = input.phones;
    row.phones = input.phones.map((e) => e.value);
    row.address = input.address;
    row.preferred_channel = input.preferred_channel;
    row.do_not_contact = input.do_not_contact;
    row.birthday = input.birthday;
    row.customer_since = input.customer_since;
    row.renewal_date = input.renewal_date;
    row.tags = input.tags;
    row.notes = input.notes;
    row.updated_at = iso(new Date());
    version++;
  }

  function nextBirthday(b: string | null): { next: string | null; age: number | null } {
    if (!b) return { next: null, age: null };
    const m = /^(\d{4}|-)-(\d{2})-(\d{2})$/.exec(b);
    if (!m) return { next: null, age: null };
    const today = new Date();
    let year = today.getFullYear();
    const candidate = new Date(year, Number(m[2]) - 1, Number(m[3]));
    if (candidate < new Date(today.getFullYear(), today.getMonth(), today.getDate())) year++;
    const next = `${year}-${m[2]}-${m[3]}`;
    return { next, age: m[1] === '-' ? null : year - Number(m[1]) };
  }

  const fail = (code: string, message: string, field: string | null = null) => Promise.reject({ code, message, field });
  const status = (ready: boolean): AppStatus => ({
    ready,
    data_dir: '/home/owner/.local/share/rapport',
    database: '/home/owner/.local/share/rapport/rapport.sqlite3',
    error: ready ? null : { code: 'corrupt', message: '/home/owner/.local/share/rapport/rapport.sqlite3 is damaged (database disk image is malformed). Restore it from a backup.', field: null },
    backups,
  });
  let ready = mode !== 'startup';
  const issues = createIssueMock(mode, { get: (id) => contacts.get(id), ids: () => [...contacts.keys()], team });
  const reminders = createReminderMock({ get: (id) => contacts.get(id), ids: () => [...contacts.keys()] });
  const profiles = createProfileMock(mode, { get: (id) => contacts.get(id), ids: () => [...contacts.keys()], team }, issues);
  const surveys = createSurveyMock(
    mode,
    {
      byEmail: (email) => live().find((c) => c.emails.some((e) => e.toLowerCase() === email.toLowerCase())),
      name: (id) => contacts.get(id)?.name,
      add: (name, email) => add(name, email ? { emails: [email], email_details: [{ label: null, value: email }] } : {}).id,
    },
    issues,
  );
  const meetings = createMeetingMock({ get: (id) => contacts.get(id), ids: () => [...contacts.keys()], team }, issues, mode !== 'empty');

  mockIPC(async (cmd, payload) => {
    const a = (payload ?? {}) as Record<string, unknown>;
    await new Promise((r) => setTimeout(r, 15));
    switch (cmd) {
      case 'app_status':
        return status(ready);
      case 'app_recover':
      case 'app_open_folder':
        ready = true;
        return status(true);
      case 'contacts_list':
        return list(a.query as ContactQuery);
      case 'contacts_search': {
        const q = list({ search: String(a.text), tag: null, organization_id: null, kind: null, birthday_within_days: null, today: null, do_not_contact: null, sort: 'name', descending: false, offset: 0, limit: Number(a.limit) });
        return q.contacts;
      }
      case 'contacts_get': {
        const row = contacts.get(Number(a.id));
        if (!row || row.deleted_at) return fail('not_found', `contact ${a.id} was not found`);
        const { next, age } = nextBirthday(row.birthday);
        const members = live().filter((c) => c.organization_id === row.id).map((c) => ({ id: c.id, name: c.name, job_title: c.job_title }));
        return { contact: strip(row), next_birthday: next, age_at_next_birthday: age, interactions: row.interactions, members };
      }
      case 'contacts_validate':
        return validate(a.input as ContactInput);
      case 'contacts_create': {
        const errors = validate(a.input as ContactInput);
        if (errors.length) return fail('invalid_field', errors[0].message, errors[0].field);
        const row = add((a.input as ContactInput).name);
        fromInput(row, a.input as ContactInput);
        return row.id;
      }
      case 'contacts_update': {
        const errors = validate(a.input as ContactInput);
        if (errors.length) return fail('invalid_field', errors[0].message, errors[0].field);
        const row = contacts.get(Number(a.id));
        if (!row) return fail('not_found', `contact ${a.id} was not found`);
        fromInput(row, a.input as ContactInput);
        return null;
      }
      case 'contacts_delete':
      case 'contacts_restore': {
        const row = contacts.get(Number(a.id));
        if (!row) return fail('not_found', `contact ${a.id} was not found`);
        row.deleted_at = cmd === 'contacts_delete' ? iso(new Date()) : null;
        version++;
        return null;
      }
      case 'trash_list':
        return [...contacts.values()].filter((c) => c.deleted_at).map((c) => ({ id: c.id, kind: c.kind, name: c.name, deleted_at: c.deleted_at }));
      case 'trash_empty': {
        const gone = [...contacts.values()].filter((c) => c.deleted_at);
        for (const c of gone) contacts.delete(c.id);
        version++;
        return gone.length;
      }
      case 'tags_list':
        return [...new Set(live().slice(0, 50).flatMap((c) => c.tags))].sort();
      case 'organizations_list':
        return live().filter((c) => c.kind === 'organization').map((o) => ({ id: o.id, name: o.name, members: live().filter((c) => c.organization_id === o.id).length }));
      case 'interactions_add': {
        const input = a.input as InteractionInput;
        const row = contacts.get(input.contact_id);
        if (!row) return fail('not_found', `contact ${input.contact_id} was not found`);
        if (!input.summary.trim()) return fail('invalid_field', 'say in a few words what happened', 'summary');
        log(row, 0, input.channel, input.tone, input.summary, input.team_member_id);
        version++;
        return nextInteraction - 1;
      }
      case 'team_list':
        return team;
      case 'team_add': {
        const name = String(a.name ?? '').trim();
        if (!name) return fail('invalid_field', 'a name is required', 'name');
        if (team.some((m) => m.name === name)) return fail('invalid_field', `${name} is already on the team`, 'name');
        team.push({ id: team.length + 1, name, email: (a.email as string | null) ?? null, active: true, created_at: iso(new Date()) });
        return team.length;
      }
      case 'team_set_active': {
        const m = team.find((t) => t.id === Number(a.id));
        if (m) m.active = Boolean(a.active);
        return null;
      }
      case 'store_info':
        return { data_dir: status(true).data_dir, database: status(true).database, backup_dir: '/home/owner/.local/share/rapport/backups', schema_version: 1, contacts: live().length, backups };
      case 'store_backup':
        return null;
      case 'store_restore':
        return '/home/owner/.local/share/rapport/backups/rapport-before-restore-20261124T101500Z.sqlite3';
      case 'store_check':
        return { path: status(true).database, schema_version: 1, supported_version: 1, contacts: live().length, problems: [] };
      case 'plugin:dialog|open':
        return (a.options as { directory?: boolean })?.directory ? '/home/owner/Documents/rapport-shop-2' : '/home/owner/Backups/rapport-2026-11-20.sqlite3';
      case 'plugin:dialog|save':
        return '/home/owner/Backups/rapport-backup.sqlite3';
      default: {
        let answer = issues(cmd, a);
        if (answer === undefined) answer = exchange(cmd, a);
        if (answer === undefined) answer = reminders(cmd, a);
        if (answer === undefined) answer = profiles(cmd, a);
        if (answer === undefined) answer = surveys(cmd, a);
        if (answer === undefined) answer = meetings(cmd, a);
        // The dashboard carries the survey trend, as the core's one call does.
        if (cmd === 'dashboard_get' && answer && typeof answer === 'object' && !(answer instanceof Promise)) {
          answer = { ...(answer as object), satisfaction: surveys('surveys_trend', {}) ?? [] };
        }
        return answer !== undefined ? answer : fail('unknown', `the sample backend does not know ${cmd}`);
      }
    }
  });
}
