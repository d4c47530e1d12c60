// Customer relationship profiles (level and why, gaps, kick-out factors, notes, the owner's
// decisions), the dashboard's figures, and kudos. "Now" and "today" are the shell's (the owner's
// local clock), never the UI's.
import { call } from './ipc';
import type { Dashboard } from '../bindings/Dashboard';
import type { KickOutStatus } from '../bindings/KickOutStatus';
import type { Kudos } from '../bindings/Kudos';
import type { KudosInput } from '../bindings/KudosInput';
import type { Level } from '../bindings/Level';
import type { NoteKind } from '../bindings/NoteKind';
import type { Profile } from '../bindings/Profile';

export const getDashboard = () => call<Dashboard>('dashboard_get');

export const getProfile = (customerId: number) => call<Profile>('profiles_get', { customer_id: customerId });
export const atRiskProfiles = () => call<Profile[]>('profiles_at_risk');

/** One answer of the interview form: how important `attribute` is, and how we are doing (1–5). */
export const rateAttribute = (
  customerId: number,
  attribute: string,
  importance: number,
  performance: number,
  askedOn: string | null = null,
) =>
  call<number>('profile_rate', {
    customer_id: customerId,
    attribute,
    importance,
    performance,
    asked_on: askedOn,
  });

export const addProfileNote = (customerId: number, kind: NoteKind, text: string, notedOn: string | null = null) =>
  call<number>('profile_note_add', { customer_id: customerId, kind, text, noted_on: notedOn });

export const addKickOut = (customerId: number, description: string, status: KickOutStatus, reviewOn: string | null) =>
  call<number>('kick_out_add', { customer_id: customerId, description, status, review_on: reviewOn });
export const updateKickOut = (id: number, status: KickOutStatus, reviewOn: string | null) =>
  call<null>('kick_out_update', { id, status, review_on: reviewOn });

/** Sets the level by hand (`null`: back to the computed level); the reason is kept in history. */
export const setLevel = (customerId: number, level: Level | null, reason: string) =>
  call<number>('profile_set_level', { customer_id: customerId, level, reason });
/** Sets the resolve-by date by hand (`null`: back to the suggestion); the reason is kept. */
export const setResolveBy = (customerId: number, date: string | null, reason: string) =>
  call<number>('profile_set_resolve_by', { customer_id: customerId, date, reason });

/** Writes the customer's profile as a one-page workbook to `path`. */
export const exportProfile = (customerId: number, path: string) =>
  call<null>('profile_export', { customer_id: customerId, path });

export const addKudos = (input: KudosInput) => call<number>('kudos_add', { input });
export const listKudos = (teamMemberId: number | null, limit: number) =>
  call<Kudos[]>('kudos_list', { team_member_id: teamMemberId, limit });
