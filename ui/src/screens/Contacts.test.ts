import { beforeEach, describe, expect, it } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import Contacts from './Contacts.svelte';
import { nav } from '../lib/nav.svelte';
import type { ContactQuery } from '../lib/bindings/ContactQuery';
import { contact, detail, recorder } from '../test/fixtures';
import { todayLocal } from '../lib/format';

beforeEach(() => {
  nav.screen = 'contacts';
  nav.contactId = null;
});

function backend() {
  const r = recorder({
    contacts_list: () => ({ total: 2, contacts: [contact(1, 'Ada'), contact(2, 'Grace')] }),
    tags_list: () => ['vip'],
    organizations_list: () => [{ id: 7, name: 'Bakery', members: 3 }],
    contacts_get: (a) => detail(contact(Number(a.id), Number(a.id) === 1 ? 'Ada' : 'Grace')),
    team_list: () => [],
    contacts_validate: () => [],
  });
  mockIPC(r.handle);
  return r;
}

const lastQuery = (r: ReturnType<typeof backend>) => r.of('contacts_list').at(-1)!.args.query as ContactQuery;

describe('Contacts screen', () => {
  it('asks for the first page before the filter lists, which follow once it has painted', async () => {
    const r = backend();
    render(Contacts);
    await screen.findAllByTestId('contact-row');
    const asked = () => r.calls.map((c) => c.cmd).filter((c) => c !== 'app_ready');
    expect(asked()).toEqual(['contacts_list']);
    await waitFor(() => expect(r.of('organizations_list')).toHaveLength(1));
    expect(asked()).toEqual(['contacts_list', 'tags_list', 'organizations_list']);
    await waitFor(() => expect(screen.getByTestId('filter-tag').textContent).toContain('vip'));
    expect(screen.getByTestId('filter-organization').textContent).toContain('Bakery (3)');
  });

  it('opens a clicked row in the detail pane', async () => {
    backend();
    render(Contacts);
    const rows = await screen.findAllByTestId('contact-row');
    await fireEvent.click(rows[1]);
    expect(nav.contactId).toBe(2);
    expect((await screen.findByTestId('contact-name')).textContent).toBe('Grace');
  });

  it('opens the new-contact form on Ctrl+N and closes it on Escape', async () => {
    backend();
    render(Contacts);
    await screen.findAllByTestId('contact-row');
    await fireEvent.keyDown(window, { key: 'n', ctrlKey: true });
    const form = await screen.findByTestId('contact-form');
    expect(document.activeElement).toBe(form.querySelector('[name="name"]'));
    await fireEvent.keyDown(form.querySelector('[name="name"]')!, { key: 'Escape' });
    expect(screen.queryByTestId('contact-form')).toBeNull();
  });

  it('sends the search, filters and sort to contacts_list', async () => {
    const r = backend();
    render(Contacts);
    await screen.findAllByTestId('contact-row');
    await fireEvent.input(screen.getByTestId('contacts-search'), { target: { value: 'ada  ' } });
    await waitFor(() => expect(lastQuery(r).search).toBe('ada'));
    // While searching, the default order is best match first.
    expect(lastQuery(r).sort).toBe('relevance');
    expect(lastQuery(r).descending).toBe(false);
    expect(screen.getByTestId('sort').querySelector('option[value="relevance"]')?.textContent).toBe('Best match');
    await waitFor(() => expect(screen.getByTestId('filter-tag').querySelectorAll('option').length).toBe(2));
    await fireEvent.change(screen.getByTestId('filter-tag'), { target: { value: 'vip' } });
    await fireEvent.change(screen.getByTestId('filter-organization'), { target: { value: '7' } });
    await fireEvent.change(screen.getByTestId('filter-birthday'), { target: { value: '7' } });
    await fireEvent.change(screen.getByTestId('filter-dnc'), { target: { value: 'yes' } });
    await fireEvent.change(screen.getByTestId('sort'), { target: { value: 'last_contacted' } });
    await waitFor(() =>
      expect(lastQuery(r)).toMatchObject({
        search: 'ada',
        tag: 'vip',
        organization_id: 7,
        birthday_within_days: 7,
        today: todayLocal(),
        do_not_contact: true,
        sort: 'last_contacted',
        descending: true,
        offset: 0,
        limit: 100,
      }),
    );
  });
});
