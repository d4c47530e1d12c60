import { describe, expect, it } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import ContactProfile from './ContactProfile.svelte';
import { recorder } from '../../test/fixtures';
import { profile } from '../../test/profileFixtures';
import type { Profile } from '../bindings/Profile';
import { profileWanted } from '../nav.svelte';

const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ');

function atRisk(extra: Partial<Profile> = {}): Profile {
  return profile(9, 'Ada Lovelace', {
    level: 'severe',
    computed_level: 'severe',
    score: 7,
    signals: [
      {
        name: 'kick_out_present',
        label: 'A kick-out factor is present',
        weight: 3,
        evidence: [{ kind: 'kick_out', id: 3, contact_id: 9, date: null, text: 'Would switch after another late delivery' }],
      },
      {
        name: 'negative_interactions',
        label: 'Negative-tone interactions in the last 30 days',
        weight: 2,
        evidence: [{ kind: 'interaction', id: 12, contact_id: 10, date: '2026-11-20', text: 'Call: trays late again' }],
      },
      {
        name: 'overdue_issues',
        label: 'Issues past their promised date',
        weight: 2,
        evidence: [{ kind: 'issue', id: 5, contact_id: 9, date: '2026-11-18', text: '#5 Two trays arrived late (due 18 Nov)' }],
      },
    ],
    gaps: [{ attribute: 'Delivery on time', importance: 5, performance: 2, gap: 3, source: 'interview', asked_on: '2026-11-10' }],
    kick_out_factors: [
      { id: 3, customer_id: 9, description: 'Would switch after another late delivery', status: 'present', review_on: '2026-12-01', updated_at: '2026-11-20T10:00:00Z' },
    ],
    future_needs: [{ id: 1, kind: 'future_need', text: 'A second shop in spring', noted_on: '2026-11-02' }],
    resolve_by: '2026-11-25',
    suggested_resolve_by: '2026-11-25',
    ...extra,
  });
}

function backend(p: () => Profile, extra: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  const r = recorder({ profiles_get: p, ...extra });
  mockIPC(r.handle);
  return r;
}

describe('ContactProfile', () => {
  it('shows the level as a word, and why: each signal with its weight and linked evidence', async () => {
    const r = backend(() => atRisk());
    render(ContactProfile, { customerId: 9 });
    const level = await screen.findByTestId('profile-level');
    expect(level.textContent).toBe('Severe');
    expect(level.getAttribute('data-level')).toBe('severe');
    expect(r.of('profiles_get')[0].args).toEqual({ customer_id: 9 });
    expect(text(screen.getByTestId('profile-summary'))).toContain('score 7 from 3 signs');
    expect(text(screen.getByTestId('profile-resolve-by'))).toContain('tomorrow (suggested for this level)');

    const signals = screen.getAllByTestId('profile-signal');
    expect(signals.map((s) => s.getAttribute('data-name'))).toEqual(['kick_out_present', 'negative_interactions', 'overdue_issues']);
    expect(signals[0].textContent).toContain('+3');
    expect(signals[2].textContent).toContain('+2');
    // Evidence opens what it is about: the issue, or the contact whose timeline has the interaction.
    const issueLink = within(signals[2]).getByRole('link');
    expect(issueLink.getAttribute('href')).toBe('#/issues/5');
    expect(issueLink.textContent).toContain('#5 Two trays arrived late');
    expect(within(signals[1]).getByRole('link').getAttribute('href')).toBe('#/contacts/10');
    expect(within(signals[0]).queryByRole('link')).toBeNull();

    const gap = screen.getByTestId('profile-gap');
    expect(text(gap)).toContain('Delivery on time');
    expect(text(gap)).toContain('+3');
    const ko = screen.getByTestId('kick-out');
    expect(ko.getAttribute('data-status')).toBe('present');
    expect((ko.querySelector('select') as HTMLSelectElement).value).toBe('present');
    expect(screen.getAllByTestId('profile-note')[0].textContent).toContain('A second shop in spring');
  });

  it('says so when nothing counts against the customer', async () => {
    backend(() => profile(9, 'Ada Lovelace'));
    render(ContactProfile, { customerId: 9 });
    expect((await screen.findByTestId('profile-level')).textContent).toBe('No risk');
    expect(screen.getByTestId('profile-summary').textContent).toContain('No warning signs');
    expect(screen.queryByTestId('profile-resolve-by')).toBeNull();
    expect(screen.queryAllByTestId('profile-signal')).toHaveLength(0);
  });

  it('overrides the level only with a reason, and shows the decision in the history', async () => {
    let current = atRisk();
    const r = backend(() => current, {
      profile_set_level: (a) => {
        current = atRisk({
          level: a.level as Profile['level'],
          level_reason: a.reason as string,
          decisions: [{ id: 1, what: 'level', level: a.level as Profile['level'], resolve_by: null, reason: a.reason as string, decided_at: '2026-11-24T09:00:00Z' }],
        });
        return 1;
      },
    });
    render(ContactProfile, { customerId: 9 });
    await fireEvent.click(await screen.findByTestId('change-level'));
    const form = screen.getByTestId('level-form');
    await fireEvent.change(form.querySelector('select[name="level"]')!, { target: { value: 'moderate' } });
    await fireEvent.click(within(form).getByTestId('level-save'));
    expect(within(form).getByTestId('field-error').getAttribute('data-field')).toBe('reason');
    expect(r.of('profile_set_level')).toHaveLength(0);

    await fireEvent.input(form.querySelector('input[name="reason"]')!, { target: { value: 'Spoke to Ada; the late trays are sorted' } });
    await fireEvent.click(within(form).getByTestId('level-save'));
    await waitFor(() =>
      expect(r.of('profile_set_level')).toEqual([
        { cmd: 'profile_set_level', args: { customer_id: 9, level: 'moderate', reason: 'Spoke to Ada; the late trays are sorted' } },
      ]),
    );
    await waitFor(() => expect(screen.getByTestId('profile-level').textContent).toBe('Moderate'));
    expect(text(screen.getByTestId('profile-summary'))).toContain('Set by hand: “Spoke to Ada; the late trays are sorted”');
    expect(text(screen.getByTestId('profile-decision'))).toContain('Level set to Moderate: Spoke to Ada');
  });

  it('moves the resolve-by date back to the suggestion with a reason', async () => {
    const r = backend(() => atRisk({ resolve_by: '2026-12-20' }), { profile_set_resolve_by: () => 2 });
    render(ContactProfile, { customerId: 9 });
    expect(text(await screen.findByTestId('profile-resolve-by'))).toContain('(set by hand)');
    await fireEvent.click(screen.getByTestId('change-resolve-by'));
    const form = screen.getByTestId('resolve-by-form');
    await fireEvent.click(form.querySelector('input[name="suggested"]')!);
    await fireEvent.input(form.querySelector('input[name="reason"]')!, { target: { value: 'Too generous' } });
    await fireEvent.click(within(form).getByTestId('resolve-by-save'));
    await waitFor(() =>
      expect(r.of('profile_set_resolve_by')).toEqual([
        { cmd: 'profile_set_resolve_by', args: { customer_id: 9, date: null, reason: 'Too generous' } },
      ]),
    );
  });

  it('adds a kick-out factor and changes the status of one', async () => {
    const r = backend(() => atRisk(), { kick_out_add: () => 4, kick_out_update: () => null });
    render(ContactProfile, { customerId: 9 });
    const ko = await screen.findByTestId('kick-out');
    await fireEvent.change(ko.querySelector('select')!, { target: { value: 'resolved' } });
    await waitFor(() =>
      expect(r.of('kick_out_update')).toEqual([{ cmd: 'kick_out_update', args: { id: 3, status: 'resolved', review_on: '2026-12-01' } }]),
    );
    // The profile is read again after the change.
    await waitFor(() => expect(r.of('profiles_get')).toHaveLength(2));

    await fireEvent.click(screen.getByTestId('add-kick-out'));
    const form = screen.getByTestId('kick-out-form');
    await waitFor(() => expect((within(form).getByTestId('kick-out-save') as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(within(form).getByTestId('kick-out-save'));
    expect(within(form).getByTestId('field-error').getAttribute('data-field')).toBe('description');
    await fireEvent.input(form.querySelector('input[name="description"]')!, { target: { value: 'A cheaper bakery opened nearby' } });
    await fireEvent.change(form.querySelector('select[name="status"]')!, { target: { value: 'present' } });
    await fireEvent.input(form.querySelector('input[name="review"]')!, { target: { value: '2026-12-15' } });
    await fireEvent.click(within(form).getByTestId('kick-out-save'));
    await waitFor(() =>
      expect(r.of('kick_out_add')).toEqual([
        { cmd: 'kick_out_add', args: { customer_id: 9, description: 'A cheaper bakery opened nearby', status: 'present', review_on: '2026-12-15' } },
      ]),
    );
  });

  it('records an interview rating and an improvement area', async () => {
    const r = backend(() => atRisk(), { profile_rate: () => 1, profile_note_add: () => 2 });
    render(ContactProfile, { customerId: 9 });
    await fireEvent.click(await screen.findByTestId('add-rating'));
    const form = screen.getByTestId('rating-form');
    await fireEvent.input(form.querySelector('input[name="attribute"]')!, { target: { value: 'Fresh every morning' } });
    await fireEvent.change(form.querySelector('select[name="importance"]')!, { target: { value: '5' } });
    await fireEvent.change(form.querySelector('select[name="performance"]')!, { target: { value: '2' } });
    await fireEvent.click(within(form).getByTestId('rating-save'));
    await waitFor(() =>
      expect(r.of('profile_rate')).toEqual([
        { cmd: 'profile_rate', args: { customer_id: 9, attribute: 'Fresh every morning', importance: 5, performance: 2, asked_on: null } },
      ]),
    );

    const improvement = screen.getAllByTestId('add-note').find((b) => b.getAttribute('data-kind') === 'improvement')!;
    await fireEvent.click(improvement);
    const noteForm = screen.getByTestId('note-form');
    await fireEvent.input(noteForm.querySelector('input[name="note"]')!, { target: { value: 'Call before a late delivery' } });
    await fireEvent.click(within(noteForm).getByTestId('note-save'));
    await waitFor(() =>
      expect(r.of('profile_note_add')).toEqual([
        { cmd: 'profile_note_add', args: { customer_id: 9, kind: 'improvement', text: 'Call before a late delivery', noted_on: null } },
      ]),
    );
  });

  it('exports the profile to the file chosen in the save dialog', async () => {
    const r = backend(() => atRisk(), {
      'plugin:dialog|save': () => '/home/owner/Ada Lovelace profile.xlsx',
      profile_export: () => null,
    });
    render(ContactProfile, { customerId: 9 });
    await fireEvent.click(await screen.findByTestId('export-profile'));
    await waitFor(() =>
      expect(r.of('profile_export')).toEqual([
        { cmd: 'profile_export', args: { customer_id: 9, path: '/home/owner/Ada Lovelace profile.xlsx' } },
      ]),
    );
    expect(JSON.stringify(r.of('plugin:dialog|save')[0].args)).toContain('Ada Lovelace profile.xlsx');
  });

  it('scrolls itself into view when the dashboard asked for this customer', async () => {
    const scrolled: Element[] = [];
    const original = Element.prototype.scrollIntoView;
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this);
    };
    try {
      backend(() => atRisk());
      profileWanted.customerId = 9;
      render(ContactProfile, { customerId: 9 });
      await waitFor(() => expect(scrolled).toEqual([screen.getByTestId('contact-profile')]));
      expect(profileWanted.customerId).toBeNull();
    } finally {
      Element.prototype.scrollIntoView = original;
    }
  });
});
