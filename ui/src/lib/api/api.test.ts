import { describe, expect, it } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { call, toErrorPayload } from './ipc';
import { appOpenFolder, appRecover, appStatus } from './app';
import { createContact, defaultQuery, emptyInput, listContacts, searchContacts, updateContact } from './contacts';
import { addInteraction } from './interactions';
import { addTeamMember, setTeamMemberActive } from './team';
import { backupTo, restoreFrom } from './store';
import { recorder } from '../../test/fixtures';
import * as profiles from './profiles';

describe('ipc', () => {
  it('passes an ErrorPayload from the shell through unchanged', async () => {
    mockIPC(() => Promise.reject({ code: 'locked', message: 'the data file is in use', field: null }));
    await expect(call('app_status')).rejects.toEqual({ code: 'locked', message: 'the data file is in use', field: null });
  });

  it('turns a plain string or Error into an ErrorPayload', async () => {
    mockIPC(() => Promise.reject('command contacts_nope not found'));
    await expect(call('contacts_nope')).rejects.toEqual({
      code: 'unknown',
      message: 'command contacts_nope not found',
      field: null,
    });
    expect(toErrorPayload(new Error('boom'))).toEqual({ code: 'unknown', message: 'boom', field: null });
    expect(toErrorPayload({ code: 'invalid_field', message: 'bad' })).toEqual({
      code: 'invalid_field',
      message: 'bad',
      field: null,
    });
  });
});

describe('the typed API sends the contract’s command names and argument keys', () => {
  it('contacts', async () => {
    const r = recorder({
      contacts_list: () => ({ total: 0, contacts: [] }),
      contacts_search: () => [],
      contacts_create: () => 7,
    });
    mockIPC(r.handle);
    const q = { ...defaultQuery(), search: 'ada', offset: 200, limit: 100 };
    await listContacts(q);
    await searchContacts('ad', 8);
    expect(await createContact({ ...emptyInput(), name: 'Ada' })).toBe(7);
    await updateContact(7, { ...emptyInput(), name: 'Ada L' });
    expect(r.calls.map((c) => c.cmd)).toEqual(['contacts_list', 'contacts_search', 'contacts_create', 'contacts_update']);
    expect(r.calls[0].args).toEqual({ query: q });
    expect(r.calls[1].args).toEqual({ text: 'ad', limit: 8 });
    expect(r.calls[3].args).toMatchObject({ id: 7, input: { name: 'Ada L' } });
  });

  it('app, team, store and interactions', async () => {
    const r = recorder({});
    mockIPC(r.handle);
    await appStatus();
    await appRecover('/b/one.sqlite3');
    await appOpenFolder('/data/two');
    await addTeamMember('Sam', null);
    await setTeamMemberActive(3, false);
    await backupTo('/tmp/b.sqlite3');
    await restoreFrom('/tmp/b.sqlite3');
    await addInteraction({ contact_id: 1, occurred_at: null, channel: 'call', summary: 'hi', tone: 'positive', team_member_id: null });
    expect(r.calls).toEqual([
      { cmd: 'app_status', args: {} },
      { cmd: 'app_recover', args: { backup_path: '/b/one.sqlite3' } },
      { cmd: 'app_open_folder', args: { path: '/data/two' } },
      { cmd: 'team_add', args: { name: 'Sam', email: null } },
      { cmd: 'team_set_active', args: { id: 3, active: false } },
      { cmd: 'store_backup', args: { path: '/tmp/b.sqlite3' } },
      { cmd: 'store_restore', args: { path: '/tmp/b.sqlite3' } },
      {
        cmd: 'interactions_add',
        args: { input: { contact_id: 1, occurred_at: null, channel: 'call', summary: 'hi', tone: 'positive', team_member_id: null } },
      },
    ]);
  });
});

describe('profiles, the dashboard and kudos send the contract’s command names and argument keys', () => {
  it('every profile command', async () => {
    const r = recorder({});
    mockIPC(r.handle);
    await profiles.getDashboard();
    await profiles.getProfile(9);
    await profiles.atRiskProfiles();
    await profiles.rateAttribute(9, 'Delivery', 5, 2, '2026-11-20');
    await profiles.addProfileNote(9, 'future_need', 'Second shop');
    await profiles.addKickOut(9, 'Late again', 'present', null);
    await profiles.updateKickOut(3, 'watching', '2026-12-01');
    await profiles.setLevel(9, null, 'Back to normal');
    await profiles.setResolveBy(9, '2026-12-24', 'Before Christmas');
    await profiles.exportProfile(9, '/tmp/ada.xlsx');
    const input = { team_member_id: 2, customer_id: 9, text: 'Thanks!', received_on: '2026-11-24', source: 'manual' as const, interaction_id: null };
    await profiles.addKudos(input);
    await profiles.listKudos(null, 5);
    expect(r.calls).toEqual([
      { cmd: 'dashboard_get', args: {} },
      { cmd: 'profiles_get', args: { customer_id: 9 } },
      { cmd: 'profiles_at_risk', args: {} },
      { cmd: 'profile_rate', args: { customer_id: 9, attribute: 'Delivery', importance: 5, performance: 2, asked_on: '2026-11-20' } },
      { cmd: 'profile_note_add', args: { customer_id: 9, kind: 'future_need', text: 'Second shop', noted_on: null } },
      { cmd: 'kick_out_add', args: { customer_id: 9, description: 'Late again', status: 'present', review_on: null } },
      { cmd: 'kick_out_update', args: { id: 3, status: 'watching', review_on: '2026-12-01' } },
      { cmd: 'profile_set_level', args: { customer_id: 9, level: null, reason: 'Back to normal' } },
      { cmd: 'profile_set_resolve_by', args: { customer_id: 9, date: '2026-12-24', reason: 'Before Christmas' } },
      { cmd: 'profile_export', args: { customer_id: 9, path: '/tmp/ada.xlsx' } },
      { cmd: 'kudos_add', args: { input } },
      { cmd: 'kudos_list', args: { team_member_id: null, limit: 5 } },
    ]);
  });
});
