import { describe, expect, it, vi } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import ContactForm from './ContactForm.svelte';
import type { ContactInput } from '../bindings/ContactInput';
import { contact, recorder } from '../../test/fixtures';

function fieldError(container: HTMLElement, field: string) {
  return container.querySelector(`[data-testid="field-error"][data-field="${field}"]`);
}

describe('ContactForm', () => {
  it('shows the error contacts_validate returns beside the field being typed in', async () => {
    const r = recorder({
      organizations_list: () => [],
      contacts_validate: (a) => {
        const input = a.input as ContactInput;
        return input.emails.some((e) => !e.value.includes('@'))
          ? [{ field: 'email', message: "'nope' does not look like an email address" }]
          : [];
      },
    });
    mockIPC(r.handle);
    const { container } = render(ContactForm, { onsaved: vi.fn(), oncancel: vi.fn() });
    const email = container.querySelector<HTMLInputElement>('[name="email"]')!;
    await fireEvent.input(email, { target: { value: 'nope' } });
    await waitFor(() => expect(fieldError(container, 'email')).not.toBeNull());
    expect(fieldError(container, 'email')!.textContent).toContain('does not look like an email address');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    // The field is beside its input: both sit in the same label.
    expect(fieldError(container, 'email')!.closest('label')).toBe(email.closest('label'));
    // Untouched fields do not shout.
    expect(fieldError(container, 'name')).toBeNull();
    await fireEvent.input(email, { target: { value: 'ok@example.com' } });
    await waitFor(() => expect(fieldError(container, 'email')).toBeNull());
  });

  it('shows a save error that names a field beside that field', async () => {
    const r = recorder({
      organizations_list: () => [],
      contacts_validate: () => [],
      contacts_create: () =>
        Promise.reject({ code: 'invalid_field', message: "'1990-02-30' is not a date", field: 'birthday' }),
    });
    mockIPC(r.handle);
    const onsaved = vi.fn();
    const { container } = render(ContactForm, { onsaved, oncancel: vi.fn() });
    await fireEvent.input(container.querySelector('[name="name"]')!, { target: { value: 'Ada' } });
    await fireEvent.input(container.querySelector('[name="birthday"]')!, { target: { value: '1990-02-30' } });
    await fireEvent.submit(screen.getByTestId('contact-form'));
    await waitFor(() => expect(fieldError(container, 'birthday')?.textContent).toContain('is not a date'));
    expect(onsaved).not.toHaveBeenCalled();
    const sent = r.of('contacts_create')[0].args.input as ContactInput;
    expect(sent.name).toBe('Ada');
    expect(sent.birthday).toBe('1990-02-30');
  });

  it('creates a contact from the form fields, tags split on commas', async () => {
    const r = recorder({ organizations_list: () => [], contacts_validate: () => [], contacts_create: () => 42 });
    mockIPC(r.handle);
    const onsaved = vi.fn();
    const { container } = render(ContactForm, { onsaved, oncancel: vi.fn() });
    const set = (name: string, value: string) => fireEvent.input(container.querySelector(`[name="${name}"]`)!, { target: { value } });
    await set('name', 'Grace Hopper');
    await set('email', 'grace@example.com');
    await set('phone', '+1 555 0100');
    await set('organization', 'Navy');
    await set('tags', 'vip, , navy ');
    await set('notes', 'Likes COBOL');
    await fireEvent.submit(screen.getByTestId('contact-form'));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(42, 'Grace Hopper'));
    expect(r.of('contacts_create')[0].args.input).toMatchObject({
      name: 'Grace Hopper',
      emails: [{ label: null, value: 'grace@example.com' }],
      phones: [{ label: null, value: '+1 555 0100' }],
      organization: 'Navy',
      tags: ['vip', 'navy'],
      notes: 'Likes COBOL',
    });
  });

  it('keeps a contact’s other emails when editing the first one', async () => {
    const r = recorder({ organizations_list: () => [], contacts_validate: () => [], contacts_update: () => null });
    mockIPC(r.handle);
    const c = contact(5, 'Ada', {
      email_details: [
        { label: 'work', value: 'a@work.example' },
        { label: 'home', value: 'a@home.example' },
      ],
    });
    const onsaved = vi.fn();
    const { container } = render(ContactForm, { contact: c, onsaved, oncancel: vi.fn() });
    expect(container.querySelector<HTMLInputElement>('[name="email"]')!.value).toBe('a@work.example');
    await fireEvent.input(container.querySelector('[name="email"]')!, { target: { value: 'ada@work.example' } });
    await fireEvent.submit(screen.getByTestId('contact-form'));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(5, 'Ada'));
    expect(r.of('contacts_update')[0].args).toMatchObject({
      id: 5,
      input: {
        emails: [
          { label: 'work', value: 'ada@work.example' },
          { label: 'home', value: 'a@home.example' },
        ],
      },
    });
  });

  it('closes on Escape', async () => {
    mockIPC(recorder({ organizations_list: () => [], contacts_validate: () => [] }).handle);
    const oncancel = vi.fn();
    const { container } = render(ContactForm, { onsaved: vi.fn(), oncancel });
    await fireEvent.keyDown(container.querySelector('[name="notes"]')!, { key: 'Escape' });
    expect(oncancel).toHaveBeenCalledOnce();
  });
});
