import { afterEach, describe, expect, it } from 'vitest';
import { MAX_TOASTS, clearToasts, showToast, toasts } from './toast.svelte';

describe('toasts', () => {
  afterEach(() => clearToasts());

  it('shows at most three, the newest replacing the oldest', () => {
    for (let i = 1; i <= 5; i++) showToast(`message ${i}`);
    expect(MAX_TOASTS).toBe(3);
    expect(toasts.map((t) => t.message)).toEqual(['message 3', 'message 4', 'message 5']);
  });

  it('keeps an Undo on a toast that is still shown', () => {
    const undo = () => {};
    showToast('a');
    showToast('b', { undo });
    showToast('c');
    expect(toasts).toHaveLength(3);
    expect(toasts[1].undo).toBe(undo);
  });
});
