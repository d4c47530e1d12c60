import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import MeetingForm from './MeetingForm.svelte';
import { ADA, BAKERY, LATE_TRAYS, meetingShop } from '../../test/meetingFixtures';
import type { MeetingInput } from '../bindings/MeetingInput';

const bakery = { id: BAKERY, name: 'Corner Bakery' };

function field(name: string): HTMLInputElement {
  const el = document.querySelector<HTMLInputElement>(`[name="${name}"]`);
  if (!el) throw new Error(`no field ${name}`);
  return el;
}

async function openWithAgenda() {
  const onsaved = vi.fn();
  const oncancel = vi.fn();
  const shop = meetingShop();
  render(MeetingForm, { customer: bakery, onsaved, oncancel });
  const item = await screen.findByTestId('agenda-item');
  return { shop, onsaved, oncancel, item };
}

describe('MeetingForm (the "in meeting" view)', () => {
  it('pre-fills the agenda with the customer’s overdue issue and focuses its update line', async () => {
    const { shop, item } = await openWithAgenda();
    expect(shop.of('meetings_agenda')[0].args).toEqual({ customer_id: BAKERY });
    expect(item.getAttribute('data-issue-id')).toBe(String(LATE_TRAYS));
    expect(item.getAttribute('data-overdue')).toBe('true');
    expect(item.textContent).toContain('Two trays arrived late');
    expect(item.textContent).toContain('overdue');
    await waitFor(() => expect(document.activeElement).toBe(field(`update-${LATE_TRAYS}`)));
    // Both sides can attend: the team and the customer with its people.
    const who = screen.getByTestId('attendees');
    expect(within(who).getByLabelText('Priya')).toBeTruthy();
    expect(within(who).getByLabelText('Ada Baker')).toBeTruthy();
  });

  it('refuses a low score without a why, naming the field, and sends nothing', async () => {
    const { shop } = await openWithAgenda();
    await fireEvent.click(document.querySelector('[name="happiness"][value="2"]') as HTMLInputElement);
    await fireEvent.click(screen.getByTestId('meeting-save'));
    const err = await screen.findByText(/answered 2 of 5: ask them why/, { selector: '[data-testid="field-error"]' });
    expect(err.getAttribute('data-field')).toBe('why');
    expect(screen.getByTestId('meeting-form-error').textContent).toContain('Not saved yet');
    expect(document.activeElement).toBe(field('why'));
    expect(shop.of('meetings_add')).toHaveLength(0);
  });

  it('an action item needs an owner; Enter in the last action adds a row', async () => {
    const { shop } = await openWithAgenda();
    const first = field('action-text-0');
    await fireEvent.input(first, { target: { value: 'Book the new courier' } });
    await fireEvent.keyDown(first, { key: 'Enter' });
    await waitFor(() => expect(screen.getAllByTestId('action-row')).toHaveLength(2));
    await waitFor(() => expect(document.activeElement).toBe(field('action-text-1')));
    await fireEvent.keyDown(document.activeElement as Element, { key: 'Enter', ctrlKey: true });
    const err = await screen.findByText('Choose who does it.');
    expect(err.getAttribute('data-field')).toBe('action 1 owner');
    expect(shop.of('meetings_add')).toHaveLength(0);
  });

  it('Ctrl+Enter saves the whole meeting in one call, then each typed update line', async () => {
    const { shop, onsaved } = await openWithAgenda();
    await fireEvent.input(field(`update-${LATE_TRAYS}`), { target: { value: 'New courier from Monday' } });
    await fireEvent.click(field('attendee-team-1'));
    await fireEvent.click(field(`attendee-contact-${ADA}`));
    await fireEvent.input(field('notes'), { target: { value: 'Trays late twice; agreed a new courier.' } });
    await fireEvent.click(document.querySelector('[name="happiness"][value="3"]') as HTMLInputElement);
    await fireEvent.input(field('why'), { target: { value: 'Late trays' } });
    await fireEvent.input(field('action-text-0'), { target: { value: 'Book the new courier' } });
    await fireEvent.change(field('action-owner-0'), { target: { value: 'team:2' } });
    await fireEvent.input(field('action-due-0'), { target: { value: '2026-12-01' } });
    await fireEvent.change(field('cadence'), { target: { value: 'monthly' } });
    await fireEvent.keyDown(field('notes'), { key: 'Enter', ctrlKey: true });

    await waitFor(() => expect(onsaved).toHaveBeenCalledTimes(1));
    const input = shop.of('meetings_add')[0].args.input as MeetingInput;
    expect(input.customer_id).toBe(BAKERY);
    expect(input.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00Z$/);
    expect(input.attendees).toEqual([
      { team_member_id: 1, contact_id: null },
      { team_member_id: null, contact_id: ADA },
    ]);
    expect(input.notes).toBe('Trays late twice; agreed a new courier.');
    expect([input.happiness, input.happiness_why]).toEqual([3, 'Late trays']);
    expect(input.actions).toEqual([{ text: 'Book the new courier', owner: { team_member_id: 2, contact_id: null }, due: '2026-12-01' }]);
    expect(input.cadence).toBe('monthly');
    const id = onsaved.mock.calls[0][0] as number;
    expect(shop.of('meeting_issue_update').map((c) => c.args)).toEqual([
      { meeting_id: id, issue_id: LATE_TRAYS, text: 'New courier from Monday' },
    ]);
    expect(shop.comments[0].id).toBe(LATE_TRAYS);
    expect(shop.comments[0].comment).toContain('New courier from Monday');
    expect(onsaved.mock.calls[0][1]).toBeNull();
  });

  it('Enter in an update line moves on to the next field and saves nothing', async () => {
    const { shop } = await openWithAgenda();
    const update = field(`update-${LATE_TRAYS}`);
    update.focus();
    await fireEvent.input(update, { target: { value: 'New courier from Monday' } });
    await fireEvent.keyDown(update, { key: 'Enter' });
    expect(document.activeElement).toBe(field('topics'));
    expect(shop.of('meetings_add')).toHaveLength(0);
  });

  it('shows the core’s refusal beside the field it names', async () => {
    const onsaved = vi.fn();
    meetingShop({
      meetings_add: () => Promise.reject({ code: 'invalid_field', message: 'the next meeting (2026-01-01) must come after this one (2026-11-24)', field: 'next' }),
    });
    render(MeetingForm, { customer: bakery, onsaved, oncancel: vi.fn() });
    await screen.findByTestId('agenda-item');
    await fireEvent.click(screen.getByTestId('meeting-save'));
    const err = await screen.findByText(/must come after this one/, { selector: '[data-testid="field-error"]' });
    expect(err.getAttribute('data-field')).toBe('next');
    expect(screen.getByTestId('meeting-form-error').textContent).toContain('Next meeting');
    expect(onsaved).not.toHaveBeenCalled();
  });

  it('Escape leaves at once when nothing was typed, and asks first when something was', async () => {
    const { oncancel } = await openWithAgenda();
    await fireEvent.keyDown(field('notes'), { key: 'Escape' });
    expect(oncancel).toHaveBeenCalledTimes(1);

    const second = await openWithAgenda();
    await fireEvent.input(field('notes'), { target: { value: 'half a thought' } });
    await fireEvent.keyDown(field('notes'), { key: 'Escape' });
    expect(second.oncancel).not.toHaveBeenCalled();
    expect(await screen.findByText('Leave this meeting without saving?')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Keep typing' }));
    expect(field('notes').value).toBe('half a thought');
    expect(second.oncancel).not.toHaveBeenCalled();
  });

  it('an internal meeting has no agenda from issues and no poll', async () => {
    const onsaved = vi.fn();
    const shop = meetingShop();
    render(MeetingForm, { customer: null, onsaved, oncancel: vi.fn() });
    await fireEvent.click(field('internal'));
    expect(screen.queryByTestId('agenda')).toBeNull();
    expect(screen.queryByTestId('happiness-poll')).toBeNull();
    await fireEvent.input(field('notes'), { target: { value: 'Rota for December' } });
    await fireEvent.click(screen.getByTestId('meeting-save'));
    await waitFor(() => expect(onsaved).toHaveBeenCalled());
    const input = shop.of('meetings_add')[0].args.input as MeetingInput;
    expect([input.customer_id, input.happiness, input.notes]).toEqual([null, null, 'Rota for December']);
    expect(shop.of('meetings_agenda')).toHaveLength(0);
  });
});
