// Short messages at the bottom of the window, some with an Undo.

export type Toast = {
  id: number;
  message: string;
  tone: 'info' | 'error';
  undo?: () => void | Promise<void>;
};

export const toasts = $state<Toast[]>([]);
let nextId = 1;

export function showToast(
  message: string,
  opts: { tone?: 'info' | 'error'; undo?: () => void | Promise<void>; timeoutMs?: number } = {},
): number {
  const id = nextId++;
  toasts.push({ id, message, tone: opts.tone ?? 'info', undo: opts.undo });
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
