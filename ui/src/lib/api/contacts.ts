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
