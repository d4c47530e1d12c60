import { describe, expect, it } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import ReminderSettingsCard from './ReminderSettingsCard.svelte';
import type { ReminderSettings } from '../bindings/ReminderSettings';
import { recorder } from '../../test/fixtures';

const defaults: ReminderSettings = {
  birthday_lead_days: 0,
  renewal_lead_days: 0,
  customer_anniversaries: false,
  issue_due_dates: true,
  notify_time: '09:00',
  muted_kinds: [],
  quiet_from: null,
  quiet_until: null,
};

function backend(extra: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  const r = recorder({
    reminder_settings_get: () => defaults,
    tag_cadences_list: () => [{ tag: 'VIP', days: 30 }],
    autostart_get: () => false,
    ...extra,
  });
  mockIPC(r.handle);
  return r;
}

describe('ReminderSettingsCard', () => {
  it('saves the lead time, a muted kind and quiet hours in one call', async () => {
    const r = backend();
    render(ReminderSettingsCard);
    const form = await screen.findByTestId('reminder-settings-form');
    await fireEvent.input(form.querySelector('[name="birthday_lead_days"]')!, { target: { value: '3' } });
    await fireEvent.click(form.querySelector('[name="notify-renewal"]')!);
    await fireEvent.input(form.querySelector('[name="quiet_from"]')!, { target: { value: '22:00' } });
    await fireEvent.input(form.querySelector('[name="quiet_until"]')!, { target: { value: '07:00' } });
    await fireEvent.submit(form);
    await waitFor(() =>
      expect(r.of('reminder_settings_set').map((c) => c.args.settings)).toEqual([
        { ...defaults, birthday_lead_days: 3, muted_kinds: ['renewal'], quiet_from: '22:00', quiet_until: '07:00' },
      ]),
    );
    cleanup();
  });

  it('shows a refusal on the field it names', async () => {
    backend({
      reminder_settings_set: () => {
        throw { code: 'invalid_field', message: "quiet_from: '25:00' is not a time", field: 'quiet_from' };
      },
    });
    render(ReminderSettingsCard);
    await fireEvent.submit(await screen.findByTestId('reminder-settings-form'));
    const err = await screen.findByTestId('field-error');
    expect(err.dataset.field).toBe('quiet_from');
    expect(screen.getByTestId('reminder-settings-form').querySelector('[name="quiet_from"]')!.getAttribute('aria-invalid')).toBe('true');
    cleanup();
  });

  it('turns start at login on through the shell, and sets and removes a tag cadence', async () => {
    const r = backend();
    render(ReminderSettingsCard);
    const login = (await screen.findByRole('checkbox', { name: /Start Rapport when I log in/ })) as HTMLInputElement;
    await fireEvent.click(login);
    await waitFor(() => expect(r.of('autostart_set').map((c) => c.args)).toEqual([{ enabled: true }]));
    const add = screen.getByTestId('tag-cadence-add');
    await fireEvent.input(add.querySelector('[name="cadence_tag"]')!, { target: { value: ' Wholesale ' } });
    await fireEvent.input(add.querySelector('[name="cadence_days"]')!, { target: { value: '60' } });
    await fireEvent.submit(add);
    await waitFor(() => expect(r.of('tag_cadence_set').map((c) => c.args)).toEqual([{ tag: 'Wholesale', days: 60 }]));
    await fireEvent.click(within(screen.getByTestId('tag-cadence')).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(r.of('tag_cadence_set')[1]?.args).toEqual({ tag: 'VIP', days: null }));
    cleanup();
  });
});
