import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import type { Channel } from '@tauri-apps/api/core';
import ContactMeetings from './ContactMeetings.svelte';
import { BAKERY, meetingShop } from '../../test/meetingFixtures';
import type { ExportCounts } from '../bindings/ExportCounts';
import type { ExportProgress } from '../bindings/ExportProgress';
import { nav, pending } from '../nav.svelte';
import { clearToasts, toasts } from '../toast.svelte';

describe('Meetings on the contact page', () => {
  beforeEach(() => {
    pending.meetingFor = null;
    clearToasts();
  });

  it('says there are no happiness answers yet, and Start meeting hands over to the Meetings screen', async () => {
    meetingShop();
    render(ContactMeetings, { customerId: BAKERY, name: 'Corner Bakery' });
    const empty = await screen.findByTestId('happiness-empty');
    expect(empty.textContent).toContain('No happiness answers yet');
    expect(screen.queryByTestId('happiness-trend')).toBeNull();
    await fireEvent.click(screen.getByTestId('start-meeting'));
    expect(pending.meetingFor).toBe(BAKERY);
    expect(nav.screen).toBe('meetings');
  });

  it('draws the happiness trend oldest first, coloured by score, with the latest answer in words', async () => {
    const shop = meetingShop({}, true);
    render(ContactMeetings, { customerId: BAKERY, name: 'Corner Bakery' });
    const trend = await screen.findByTestId('happiness-trend');
    const points = trend.querySelectorAll('[data-testid="happiness-point"]');
    expect([...points].map((p) => p.getAttribute('data-score'))).toEqual(['3', '4']);
    expect(points[0].getAttribute('class')).toContain('mid');
    expect(points[1].getAttribute('class')).toContain('good');
    expect(Number(points[1].getAttribute('cy'))).toBeLessThan(Number(points[0].getAttribute('cy')));
    expect(trend.querySelector('title')?.textContent).toContain('Latest 4 of 5');
    expect(screen.getByText(/4 of 5, happy/)).toBeTruthy();
    expect(shop.of('meetings_happiness')[0].args).toEqual({ customer_id: BAKERY });
    expect(screen.getAllByTestId('contact-meeting')).toHaveLength(2);
  });

  it('exports the pack with a progress bar; Cancel stops it and says no file was written', async () => {
    let channel: Channel<ExportProgress> | null = null;
    let fail: ((e: unknown) => void) | null = null;
    const shop = meetingShop({
      'plugin:dialog|save': () => '/home/o/Corner Bakery meeting pack.xlsx',
      export_meeting_pack: (a) => {
        channel = a.on_progress as Channel<ExportProgress>;
        return new Promise<ExportCounts>((_, reject) => (fail = reject));
      },
      export_cancel: () => {
        fail?.({ code: 'cancelled', message: 'stopped by the owner', field: null });
        return null;
      },
    });
    render(ContactMeetings, { customerId: BAKERY, name: 'Corner Bakery' });
    await fireEvent.click(await screen.findByTestId('export-meeting-pack'));
    await screen.findByTestId('export-progress');
    expect(shop.of('export_meeting_pack')[0].args).toMatchObject({ path: '/home/o/Corner Bakery meeting pack.xlsx', customer_id: BAKERY });
    channel!.onmessage({ done: 2500, total: 10000 });
    await waitFor(() => expect(screen.getByTestId('export-progress').textContent).toContain('25 %'));
    expect(screen.getByRole('progressbar').getAttribute('value')).toBe('25');
    await fireEvent.click(screen.getByTestId('export-cancel'));
    await waitFor(() => expect(screen.queryByTestId('export-progress')).toBeNull());
    expect(shop.of('export_cancel')).toHaveLength(1);
    expect(toasts.map((t) => t.message)).toContain('Export stopped. No file was written.');
    expect(screen.queryByTestId('export-error')).toBeNull();
  });

  it('a finished export says where the file is; a dialog closed with no file does nothing', async () => {
    let answer: string | null = null;
    const shop = meetingShop({
      'plugin:dialog|save': () => answer,
      export_meeting_pack: (a) => ({ file: a.path, rows: 12, streamed: false }),
    });
    render(ContactMeetings, { customerId: BAKERY, name: 'Corner Bakery' });
    await fireEvent.click(await screen.findByTestId('export-meeting-pack'));
    await waitFor(() => expect(shop.of('plugin:dialog|save')).toHaveLength(1));
    expect(shop.of('export_meeting_pack')).toHaveLength(0);
    answer = '/home/o/pack.xlsx';
    await fireEvent.click(screen.getByTestId('export-meeting-pack'));
    await waitFor(() => expect(toasts.map((t) => t.message)).toContain('Meeting pack saved (12 open issues): /home/o/pack.xlsx'));
  });
});
