import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import Meetings from './Meetings.svelte';
import { BAKERY, LATE_TRAYS, meetingShop } from '../test/meetingFixtures';
import { go, nav, pending } from '../lib/nav.svelte';
import { clearToasts, toasts } from '../lib/toast.svelte';

const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ');

describe('Meetings screen', () => {
  beforeEach(() => {
    go('meetings');
    pending.meetingFor = null;
    clearToasts();
  });

  it('says what to do when there are no meetings yet', async () => {
    meetingShop();
    render(Meetings);
    expect(text(await screen.findByTestId('meetings-empty'))).toContain('No meetings yet');
    expect(text(screen.getByTestId('upcoming-empty'))).toContain('No meetings planned');
    expect(screen.getByTestId('meetings-pick')).toBeTruthy();
  });

  it('lists past meetings newest first, searches them, and opens one', async () => {
    const shop = meetingShop({}, true);
    render(Meetings);
    const rows = await screen.findAllByTestId('meeting-row');
    expect(rows).toHaveLength(2);
    expect(text(rows[0])).toContain('Corner Bakery');
    expect(text(rows[0])).toContain('4/5');
    expect(text(rows[1])).toContain('3/5');
    // The latest meeting's cadence (monthly) puts the next one in "Coming up".
    const upcoming = await screen.findByTestId('upcoming-meeting');
    expect(upcoming.getAttribute('data-customer-id')).toBe(String(BAKERY));

    await fireEvent.input(screen.getByTestId('meetings-search'), { target: { value: 'courier' } });
    await waitFor(() => expect(screen.getAllByTestId('meeting-row')).toHaveLength(1));
    const asked = shop.of('meetings_list');
    expect((asked[asked.length - 1].args.filter as { search: string }).search).toBe('courier');

    await fireEvent.input(screen.getByTestId('meetings-search'), { target: { value: 'zebra' } });
    expect(text(await screen.findByTestId('meetings-none-found'))).toContain('No meeting mentions "zebra"');
  });

  it('shows a meeting’s detail and turns an action item into a follow-up in one click', async () => {
    const shop = meetingShop({}, true);
    const first = (shop.meetings('meetings_list', { filter: {} }) as { id: number }[])[0].id;
    go('meetings', first);
    render(Meetings);
    const d = await screen.findByTestId('meeting-detail');
    await waitFor(() => expect(text(d)).toContain('New courier since the start of the month'));
    expect(text(screen.getByTestId('meeting-happiness'))).toContain('4 of 5, happy — Happier with the new courier');
    const action = screen.getByTestId('meeting-action');
    expect(text(action)).toContain('Quote for the wedding cakes');
    await fireEvent.click(within(action).getByTestId('action-follow-up'));
    await waitFor(() => expect(shop.of('meeting_action_to_follow_up')).toHaveLength(1));
    expect(toasts.some((t) => t.message.includes('Follow-up'))).toBe(true);
    await waitFor(() => expect(within(screen.getByTestId('meeting-action')).queryByTestId('action-follow-up')).toBeNull());
    await fireEvent.click(within(screen.getByTestId('meeting-action')).getByTestId('action-done'));
    await waitFor(() => expect(screen.getByTestId('meeting-action').getAttribute('data-done')).toBe('true'));
  });

  it('exports the minutes through the save dialog', async () => {
    const shop = meetingShop({ 'plugin:dialog|save': () => '/home/o/minutes.xlsx' }, true);
    const first = (shop.meetings('meetings_list', { filter: {} }) as { id: number }[])[0].id;
    go('meetings', first);
    render(Meetings);
    await fireEvent.click(await screen.findByTestId('export-minutes'));
    await waitFor(() => expect(shop.of('export_minutes')).toHaveLength(1));
    expect(shop.of('export_minutes')[0].args).toEqual({ meeting_id: first, path: '/home/o/minutes.xlsx' });
  });

  it('a "Start meeting" hand-over opens the in-meeting view; saving shows the new meeting', async () => {
    const shop = meetingShop();
    pending.meetingFor = BAKERY;
    render(Meetings);
    const form = await screen.findByTestId('meeting-form');
    expect(text(form)).toContain('In meeting with Corner Bakery');
    const update = await waitFor(() => {
      const el = form.querySelector<HTMLInputElement>(`[name="update-${LATE_TRAYS}"]`);
      if (!el) throw new Error('no update line yet');
      return el;
    });
    await fireEvent.input(update, { target: { value: 'New courier from Monday' } });
    await fireEvent.click(screen.getByTestId('meeting-save'));
    const d = await screen.findByTestId('meeting-detail');
    expect(nav.meetingId).toBe(Number(d.getAttribute('data-id')));
    await waitFor(() => expect(text(screen.getByTestId('agenda-update'))).toBe('New courier from Monday'));
    expect(await screen.findAllByTestId('meeting-row')).toHaveLength(1);
    expect(shop.of('meeting_issue_update')).toHaveLength(1);
  });

  it('a past meeting opens from the list while nothing is typed, and not over typed notes', async () => {
    meetingShop({}, true);
    render(Meetings);
    const rows = await screen.findAllByTestId('meeting-row');
    await fireEvent.click(screen.getByTestId('new-meeting'));
    await screen.findByTestId('meeting-form');
    await fireEvent.click(rows[1].querySelector('a') as HTMLAnchorElement);
    const d = await screen.findByTestId('meeting-detail');
    expect(d.getAttribute('data-id')).toBe(rows[1].getAttribute('data-id'));

    await fireEvent.click(screen.getByTestId('new-meeting'));
    const notes = await waitFor(() => {
      const el = document.querySelector<HTMLTextAreaElement>('[name="notes"]');
      if (!el) throw new Error('no form yet');
      return el;
    });
    await fireEvent.input(notes, { target: { value: 'half a thought' } });
    await fireEvent.click(screen.getAllByTestId('meeting-row')[0].querySelector('a') as HTMLAnchorElement);
    expect(screen.getByTestId('meeting-form')).toBeTruthy();
    expect(toasts.map((t) => t.message)).toContain('Save this meeting (Ctrl+Enter) or leave it (Esc) first.');
  });

  it('Ctrl+N opens a new meeting', async () => {
    meetingShop();
    render(Meetings);
    await screen.findByTestId('meetings-empty');
    await fireEvent.keyDown(window, { key: 'n', ctrlKey: true });
    expect(await screen.findByTestId('meeting-form')).toBeTruthy();
  });
});
