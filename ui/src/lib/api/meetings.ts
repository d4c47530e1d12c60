// Status meetings: the list and search, the agenda a meeting would start with, recording a
// meeting, an agenda issue's update line, action items (done, to a follow-up, to an issue), the
// upcoming meetings, a customer's happiness trend, and the meeting pack / minutes workbooks.
// "Now" and "today" are the shell's (the owner's local clock), never the UI's.
import { Channel } from '@tauri-apps/api/core';
import { call } from './ipc';
import type { AgendaItem } from '../bindings/AgendaItem';
import type { ExportCounts } from '../bindings/ExportCounts';
import type { ExportProgress } from '../bindings/ExportProgress';
import type { HappinessPoint } from '../bindings/HappinessPoint';
import type { Meeting } from '../bindings/Meeting';
import type { MeetingDetail } from '../bindings/MeetingDetail';
import type { MeetingFilter } from '../bindings/MeetingFilter';
import type { MeetingInput } from '../bindings/MeetingInput';
import type { UpcomingMeeting } from '../bindings/UpcomingMeeting';

/** A filter with every field at its "no filter" value. */
export function emptyMeetingFilter(): MeetingFilter {
  return { customer_id: null, internal: false, search: null, limit: null };
}

/** The happiness answers at or below this need a "why" (the core refuses them without one). */
export const WHY_NEEDED_AT_OR_BELOW = 3;

export const listMeetings = (filter: MeetingFilter) => call<Meeting[]>('meetings_list', { filter });
export const getMeeting = (id: number) => call<MeetingDetail>('meetings_get', { id });
export const agendaFor = (customerId: number) =>
  call<AgendaItem[]>('meetings_agenda', { customer_id: customerId });
export const addMeeting = (input: MeetingInput) => call<number>('meetings_add', { input });
export const recordIssueUpdate = (meetingId: number, issueId: number, text: string) =>
  call<null>('meeting_issue_update', { meeting_id: meetingId, issue_id: issueId, text });
export const setActionDone = (actionId: number, done: boolean) =>
  call<null>('meeting_action_done', { action_id: actionId, done });
export const actionToFollowUp = (actionId: number) =>
  call<number>('meeting_action_to_follow_up', { action_id: actionId });
export const actionToIssue = (actionId: number) =>
  call<number>('meeting_action_to_issue', { action_id: actionId });
export const upcomingMeetings = (days: number) =>
  call<UpcomingMeeting[]>('meetings_upcoming', { days });
export const happinessTrend = (customerId: number) =>
  call<HappinessPoint[]>('meetings_happiness', { customer_id: customerId });
/** Writes the meeting pack; with `onProgress`, told how far the long sheets have come (cancel with
 * `cancelExport`, which makes this reject with `cancelled` and leaves no file). */
export function exportMeetingPack(
  path: string,
  customerId: number | null,
  onProgress?: (p: ExportProgress) => void,
): Promise<ExportCounts> {
  if (!onProgress) return call<ExportCounts>('export_meeting_pack', { path, customer_id: customerId });
  const on_progress = new Channel<ExportProgress>();
  on_progress.onmessage = onProgress;
  return call<ExportCounts>('export_meeting_pack', { path, customer_id: customerId, on_progress });
}

/** Stops the workbook export in progress. */
export const cancelExport = () => call<null>('export_cancel');
export const exportMinutes = (meetingId: number, path: string) =>
  call<ExportCounts>('export_minutes', { meeting_id: meetingId, path });

/** An export command with an optional progress channel (cancel with `cancelExport`). */
function withProgress(cmd: string, args: Record<string, unknown>, onProgress?: (p: ExportProgress) => void): Promise<ExportCounts> {
  if (!onProgress) return call<ExportCounts>(cmd, args);
  const on_progress = new Channel<ExportProgress>();
  on_progress.onmessage = onProgress;
  return call<ExportCounts>(cmd, { ...args, on_progress });
}

/** The issue report (every issue, with its history count): .xlsx or .csv by the file name. */
export const exportIssueReport = (path: string, onProgress?: (p: ExportProgress) => void) =>
  withProgress('export_issues', { path }, onProgress);
/** The contact list as a workbook (.xlsx) or .csv, by the file name. */
export const exportContactList = (path: string, onProgress?: (p: ExportProgress) => void) =>
  withProgress('export_contact_list', { path }, onProgress);
