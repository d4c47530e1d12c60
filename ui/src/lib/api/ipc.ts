// The one place that talks to the Tauri shell. Every command rejects with an ErrorPayload; this
// wrapper makes sure that is true even when the failure happened on the way (no shell, a panic,
// a plain string), so screens only ever handle one error shape.
import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import type { ErrorPayload } from '../bindings/ErrorPayload';

export function isErrorPayload(e: unknown): e is ErrorPayload {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { code?: unknown }).code === 'string' &&
    typeof (e as { message?: unknown }).message === 'string'
  );
}

/** Turns anything thrown into an ErrorPayload. */
export function toErrorPayload(e: unknown): ErrorPayload {
  if (isErrorPayload(e)) {
    return { code: e.code, message: e.message, field: e.field ?? null };
  }
  if (typeof e === 'string') return { code: 'unknown', message: e, field: null };
  if (e instanceof Error) return { code: 'unknown', message: e.message, field: null };
  return { code: 'unknown', message: String(e), field: null };
}

export async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toErrorPayload(e);
  }
}
