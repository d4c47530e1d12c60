// Short messages at the bottom of the window, some with an Undo. At most MAX_TOASTS show at once:
// a new one replaces the oldest, so a burst of actions never buries the window.

export type Toast = {
  id: number;
  message: string;
  tone: 'info' | 'error';
  undo?: () => void | Promise<void>;
};

export const MAX_TOASTS = 3;

export const toasts = $state<Toast[]>([]);
let nextId = 1;

export function showToast(
  message: string,
  opts: { tone?: 'info' | 'error'; undo?: () => void | Promise<void>; timeoutMs?: number } = {},
): number {
  const id = nextId++;
  toasts.push({ id, message, tone: opts.tone ?? 'info', undo: opts.undo });
  if (toasts.length > MAX_TOASTS) toasts.splice(0, toasts.length - MAX_TOASTS);
  const timeout = opts.timeoutMs ?? (opts.undo ? 10000 : 6000);
  if (timeout > 0) setTimeout(() => dismissToast(id), timeout);
  return id;
}

export function dismissToast(id: number): void {
  const i = toasts.findIndex((t) => t.id === id);
  if (i >= 0) toasts.splice(i, 1);
}

export function clearToasts(): void {
  toasts.splice(0, toasts.length);
}
