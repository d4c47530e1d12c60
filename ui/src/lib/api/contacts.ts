// Contacts, their tags and organisations, and the Trash.
import { call } from './ipc';
import type { Contact } from '../bindings/Contact';
import type { ContactDetail } from '../bindings/ContactDetail';
import type { ContactInput } from '../bindings/ContactInput';
import type { ContactPage } from '../bindings/ContactPage';
import type { ContactQuery } from '../bindings/ContactQuery';
import type { FieldError } from '../bindings/FieldError';
import type { OrganizationRef } from '../bindings/OrganizationRef';
import type { TrashItem } from '../bindings/TrashItem';

export const listContacts = (query: ContactQuery) => call<ContactPage>('contacts_list', { query });
export const searchContacts = (text: string, limit: number) =>
  call<Contact[]>('contacts_search', { text, limit });
export const getContact = (id: number) => call<ContactDetail>('contacts_get', { id });
export const validateContact = (input: ContactInput) =>
  call<FieldError[]>('contacts_validate', { input });
export const createContact = (input: ContactInput) => call<number>('contacts_create', { input });
export const updateContact = (id: number, input: ContactInput) =>
  call<null>('contacts_update', { id, input });
/** Moves the contact to the Trash. */
export const deleteContact = (id: number) => call<null>('contacts_delete', { id });
/** Brings a contact back from the Trash. */
export const restoreContact = (id: number) => call<null>('contacts_restore', { id });
export const listTrash = () => call<TrashItem[]>('trash_list');
/** Removes everything in the Trash for good; returns how many contacts went. */
export const emptyTrash = () => call<number>('trash_empty');
export const listTags = () => call<string[]>('tags_list');
export const listOrganizations = () => call<OrganizationRef[]>('organizations_list');

/** Rows per `contacts_list` call of the contact list. */
export const CONTACT_PAGE_SIZE = 100;

/** The contact list's first request when the contacts screen opens with nothing searched or filtered. */
export function firstPageQuery(): ContactQuery {
  return { ...defaultQuery(), sort: 'relevance', offset: 0, limit: CONTACT_PAGE_SIZE };
}

// Start-up: the first page is asked for alongside `app_status` (main.ts), before the screens are
// loaded and mounted; the list takes it once if its first request is the same query.
let prefetched: { key: string; page: Promise<ContactPage> } | null = null;

function queryKey(query: ContactQuery): string {
  return JSON.stringify(Object.entries(query).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Asks for `query`'s page now, for `takePrefetchedContacts` to hand over later. */
export function prefetchContacts(query: ContactQuery): void {
  const page = listContacts(query);
  page.catch(() => {}); // a store that is not ready: the list asks again itself
  prefetched = { key: queryKey(query), page };
}

/**
 * The prefetched page if `query` is the query it was asked for, else `null`. Either way the
 * prefetch is gone afterwards, so it is used once, by the first request after start-up. If the
 * prefetch failed, the page is asked for again.
 */
export function takePrefetchedContacts(query: ContactQuery): Promise<ContactPage> | null {
  const p = prefetched;
  prefetched = null;
  if (p === null || p.key !== queryKey(query)) return null;
  return p.page.catch(() => listContacts(query));
}

/** Forgets an unused prefetch (the data may change before the contacts screen opens). */
export function dropPrefetchedContacts(): void {
  prefetched = null;
}

/** A query with every filter off, sorted by name: the starting point of the list screen. */
export function defaultQuery(): ContactQuery {
  return {
    search: null,
    tag: null,
    organization_id: null,
    kind: null,
    birthday_within_days: null,
    today: null,
    do_not_contact: null,
    sort: 'name',
    descending: false,
    offset: 0,
    limit: null,
  };
}

/** An empty form's worth of contact. */
export function emptyInput(): ContactInput {
  return {
    kind: 'person',
    name: '',
    given_name: null,
    family_name: null,
    job_title: null,
    organization: null,
    emails: [],
    phones: [],
    address: { street: null, locality: null, region: null, postal_code: null, country: null },
    preferred_channel: null,
    do_not_contact: false,
    birthday: null,
    customer_since: null,
    renewal_date: null,
    tags: [],
    notes: null,
  };
}
