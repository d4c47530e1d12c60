import { describe, expect, it } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import ContactFollowUps from './ContactFollowUps.svelte';
import type { FollowUp } from '../bindings/FollowUp';
import type { Staleness } from '../bindings/Staleness';
import { recorder } from '../../test/fixtures';
import { day, followUp } from '../../test/reminderFixtures';

function backend(list: () => FollowUp[], staleness: Staleness | null, extra: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  const r = recorder({ followups_list: () => list(), contact_staleness: () => staleness, ...extra });
  mockIPC(r.handle);
  return r;
}

describe('ContactFollowUps', () => {
  it('shows the stay-in-touch badge by level with where the cadence comes from', async () => {
    backend(() => [], { level: 'amber', cadence_days: 14, source: 'VIP', last_interaction: day(-11), days_since: 11 });
    render(ContactFollowUps, { contactId: 7, name: 'Ada Lovelace' });
    const badge = await screen.findByTestId('staleness');
    expect(badge.dataset.level).toBe('amber');
    expect(badge.textContent).toContain('Due for a word soon');
    expect(screen.getByText(/last contact 11 days ago; every 14 days \(tag “VIP”\)/)).toBeTruthy();
    expect(screen.getByTestId('followups-empty').textContent).toContain('No follow-ups for Ada Lovelace');
    cleanup();
  });

  it('adds a recurring follow-up with the fields the core expects', async () => {
    let items: FollowUp[] = [];
    const r = backend(() => items, null, {
      followups_add: () => {
        items = [followUp(4, { note: 'Monthly check-in', repeat: { every: 2, unit: 'week' } })];
        return 4;
      },
    });
    render(ContactFollowUps, { contactId: 7, name: 'Ada Lovelace' });
    await fireEvent.click(await screen.findByTestId('new-followup'));
    const form = screen.getByTestId('followup-form');
    await fireEvent.click(within(form).getByLabelText('Repeating'));
    await fireEvent.input(form.querySelector('[name="due"]')!, { target: { value: '2026-12-07' } });
    await fireEvent.input(form.querySelector('[name="every"]')!, { target: { value: '2' } });
    await fireEvent.change(form.querySelector('[name="unit"]')!, { target: { value: 'week' } });
    await fireEvent.input(form.querySelector('[name="note"]')!, { target: { value: '  Monthly check-in ' } });
    await fireEvent.submit(form);
    await waitFor(() =>
      expect(r.of('followups_add').map((c) => c.args.input)).toEqual([
        {
          contact_id: 7,
          issue_id: null,
          due_date: '2026-12-07',
          due_time: null,
          repeat: { every: 2, unit: 'week' },
          stay_in_touch_days: null,
          note: 'Monthly check-in',
        },
      ]),
    );
    cleanup();
  });

  it('shows the core’s refusal next to the form, naming the field', async () => {
    backend(() => [], null, {
      followups_add: () => {
        throw { code: 'invalid_field', message: "due_date: '2026-13-01' is not a date", field: 'due_date' };
      },
    });
    render(ContactFollowUps, { contactId: 7, name: 'Ada' });
    await fireEvent.click(await screen.findByTestId('new-followup'));
    await fireEvent.submit(screen.getByTestId('followup-form'));
    const err = await screen.findByTestId('field-error');
    expect(err.dataset.field).toBe('due_date');
    expect(screen.getByTestId('followup-form')).toBeTruthy();
    cleanup();
  });

  it('offers skip only for repeating ones, and done / snooze / skip call the core', async () => {
    const r = backend(
      () => [followUp(1, { note: 'Once' }), followUp(2, { note: 'Stay', stay_in_touch_days: 30 })],
      null,
      {
        followups_done: (a) => followUp(a.id as number, { next: null }),
        followups_skip: (a) => followUp(a.id as number, { next: day(30) }),
        followups_snooze: (a) => followUp(a.id as number, { snoozed_until: day(7) }),
      },
    );
    render(ContactFollowUps, { contactId: 7, name: 'Ada' });
    await screen.findAllByTestId('followup-row');
    const [once, stay] = screen.getAllByTestId('followup-row');
    expect(within(once).queryByTestId('followup-skip')).toBeNull();
    await fireEvent.click(within(stay).getByTestId('followup-skip'));
    await waitFor(() => expect(r.of('followups_skip')[0]?.args).toEqual({ id: 2 }));
    await waitFor(() => expect((within(once).getByTestId('followup-snooze-week') as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(within(once).getByTestId('followup-snooze-week'));
    await waitFor(() => expect(r.of('followups_snooze')[0]?.args).toEqual({ id: 1, until: '1w' }));
    cleanup();
  });
});
