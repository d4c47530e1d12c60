import { describe, expect, it } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import ReminderAgenda from './ReminderAgenda.svelte';
import { agenda } from '../api/reminders';
import type { Reminder } from '../bindings/Reminder';
import { recorder } from '../../test/fixtures';
import { day, followUp, reminder } from '../../test/reminderFixtures';

function backend(items: () => Reminder[], extra: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  const r = recorder({ reminders_due: () => items(), ...extra });
  mockIPC(r.handle);
  return r;
}

describe('agenda', () => {
  it('splits overdue follow-ups, today’s birthdays, the rest of today and the week, without issue dues', () => {
    const g = agenda(
      [
        reminder('late', { date: day(-3), overdue: true }),
        reminder('bday', { kind: 'birthday', follow_up_id: null }),
        reminder('bday-lead', { kind: 'birthday', follow_up_id: null, days_before: 3, event_date: day(3) }),
        reminder('today'),
        reminder('issue', { kind: 'issue_due', follow_up_id: null, issue_id: 4 }),
        reminder('later', { date: day(2) }),
      ],
      day(0),
    );
    expect(g.overdue.map((r) => r.key)).toEqual(['late']);
    expect(g.birthdays.map((r) => r.key)).toEqual(['bday']);
    expect(g.today.map((r) => r.key)).toEqual(['bday-lead', 'today']);
    expect(g.week.map((r) => r.key)).toEqual(['later']);
  });
});

describe('ReminderAgenda', () => {
  it('marks a follow-up due today done in one click and it leaves the list', async () => {
    let items = [reminder('follow_up:3:today')];
    const r = backend(() => items, {
      followups_done: () => {
        items = [];
        return followUp(3, { next: null, done_at: '2026-12-01T10:00:00Z' });
      },
    });
    render(ReminderAgenda);
    const today = await screen.findByTestId('reminders-today');
    const row = within(today).getByTestId('reminder-item');
    expect(row.textContent).toContain('Call about the invoice');
    expect(row.textContent).toContain('Ada Lovelace');
    await fireEvent.click(within(row).getByTestId('reminder-done'));
    await waitFor(() => expect(r.of('followups_done')).toEqual([{ cmd: 'followups_done', args: { id: 3 } }]));
    await waitFor(() => expect(screen.queryByTestId('reminder-item')).toBeNull());
    expect(r.of('reminders_due')[0].args).toEqual({ days: 7 });
    cleanup();
  });

  it('snoozes from the keyboard: S a day, W a week, on the focused row', async () => {
    const r = backend(() => [reminder('a', { date: day(-2), overdue: true, follow_up_id: 9 })], {
      followups_snooze: (a) => followUp(a.id as number, { snoozed_until: day(a.until === '1d' ? 1 : 7) }),
    });
    render(ReminderAgenda);
    const row = within(await screen.findByTestId('reminders-overdue')).getByTestId('reminder-item');
    row.focus();
    await fireEvent.keyDown(row, { key: 's' });
    await waitFor(() => expect(r.of('followups_snooze').length).toBe(1));
    const doneButton = () => screen.getByTestId('reminder-done') as HTMLButtonElement;
    await waitFor(() => expect(doneButton().disabled).toBe(false));
    await fireEvent.keyDown(within(await screen.findByTestId('reminders-overdue')).getByTestId('reminder-item'), { key: 'W' });
    await waitFor(() =>
      expect(r.of('followups_snooze').map((c) => c.args)).toEqual([
        { id: 9, until: '1d' },
        { id: 9, until: '1w' },
      ]),
    );
    cleanup();
  });

  it('logs a birthday greeting as a positive message on the contact’s timeline', async () => {
    const r = backend(() => [
      reminder('birthday:7:x', { kind: 'birthday', follow_up_id: null, title: 'Ada Lovelace turns 41 today', why: 'born …' }),
    ]);
    render(ReminderAgenda);
    const row = within(await screen.findByTestId('reminders-birthdays')).getByTestId('reminder-item');
    expect(within(row).queryByTestId('reminder-done')).toBeNull();
    await fireEvent.click(within(row).getByTestId('log-greeting'));
    await waitFor(() =>
      expect(r.of('interactions_add')).toEqual([
        {
          cmd: 'interactions_add',
          args: {
            input: {
              contact_id: 7,
              occurred_at: null,
              channel: 'message',
              summary: 'Birthday greeting',
              tone: 'positive',
              team_member_id: null,
            },
          },
        },
      ]),
    );
    await waitFor(() => expect(within(row).getByTestId('log-greeting').textContent).toBe('Greeting logged'));
    expect((within(row).getByTestId('log-greeting') as HTMLButtonElement).disabled).toBe(true);
    cleanup();
  });

  it('says what each empty list means', async () => {
    backend(() => []);
    render(ReminderAgenda);
    expect((await screen.findByTestId('reminders-week-empty')).textContent).toBe('Nothing in the next 7 days.');
    cleanup();
  });
});
