// Small builders for test data, so each test states only what it is about.
import type { Contact } from '../lib/bindings/Contact';
import type { ContactDetail } from '../lib/bindings/ContactDetail';

export function contact(id: number, name: string, extra: Partial<Contact> = {}): Contact {
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
    created_at: '2026-01-05T10:00:00Z',
    updated_at: '2026-01-05T10:00:00Z',
    deleted_at: null,
    ...extra,
  };
}

export function detail(c: Contact, extra: Partial<ContactDetail> = {}): ContactDetail {
  return { contact: c, next_birthday: null, age_at_next_birthday: null, interactions: [], members: [], ...extra };
}

/** Records every command the UI sends, and answers from `handlers` (missing ones answer null). */
export function recorder(handlers: Record<string, (args: Record<string, unknown>) => unknown>) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  const handle = (cmd: string, payload?: unknown) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    const h = handlers[cmd];
    return h ? h(args) : null;
  };
  return { calls, handle, of: (cmd: string) => calls.filter((c) => c.cmd === cmd) };
}
