// The timeline: calls, emails, visits, messages and notes.
import { call } from './ipc';
import type { InteractionInput } from '../bindings/InteractionInput';

export const addInteraction = (input: InteractionInput) =>
  call<number>('interactions_add', { input });
