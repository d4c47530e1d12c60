// Keyboard rules every modal dialog shares: Escape cancels, and Tab / Shift+Tab cycle through the
// dialog's own controls (`selector`) so focus never leaves it.
export function dialogKeydown(
  e: KeyboardEvent,
  dialog: HTMLElement,
  selector: string,
  oncancel: () => void,
): void {
  if (e.key === 'Escape') {
    e.preventDefault();
    e.stopPropagation();
    oncancel();
  } else if (e.key === 'Tab') {
    const all = [...dialog.querySelectorAll<HTMLElement>(selector)];
    if (all.length === 0) return;
    const first = all[0];
    const last = all[all.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }
}
