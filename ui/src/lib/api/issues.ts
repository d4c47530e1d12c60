// Customer issues: the list and its pages, the board's moves, the detail with its history,
// closing the loop, escalation, the prioritised queue, the figures, categories and the ladder.
// "Now" and "today" are the shell's (the owner's local clock), never the UI's.
import { call } from './ipc';
import type { ClosedHow } from '../bindings/ClosedHow';
import type { EscalationLevel } from '../bindings/EscalationLevel';
import type { EscalationSuggestion } from '../bindings/EscalationSuggestion';
import type { IssueDetail } from '../bindings/IssueDetail';
import type { IssueFilter } from '../bindings/IssueFilter';
import type { IssueInput } from '../bindings/IssueInput';
import type { IssuePage } from '../bindings/IssuePage';
import type { IssueUpdate } from '../bindings/IssueUpdate';
import type { QueueItem } from '../bindings/QueueItem';
import type { Stats } from '../bindings/Stats';
import type { StatusMove } from '../bindings/StatusMove';

/** A filter with every field at its "no filter" value. */
export function emptyFilter(): IssueFilter {
  return {
    status: null,
    active: false,
    owner_id: null,
    customer_id: null,
    category: null,
    priority: null,
    overdue: false,
    due_within_days: null,
    limit: null,
    offset: 0,
  };
}

/** An update that changes nothing; set the fields to change. */
export function noChange(): IssueUpdate {
  return {
    status: null,
    owner_id: null,
    clear_owner: false,
    customer_owner_id: null,
    clear_customer_owner: false,
    due: null,
    clear_due: false,
    priority: null,
    category: null,
    clear_category: false,
    title: null,
    description: null,
    comment: null,
  };
}

export const listIssues = (filter: IssueFilter) => call<IssuePage>('issues_list', { filter });
export const getIssue = (id: number) => call<IssueDetail>('issues_get', { id });
export const createIssue = (input: IssueInput) => call<number>('issues_create', { input });
export const updateIssue = (id: number, update: IssueUpdate) =>
  call<null>('issues_update', { id, update });
export const closeIssue = (
  id: number,
  how: ClosedHow,
  score: number | null,
  comment: string | null,
) => call<null>('issues_close', { id, how, score, comment });
export const escalateIssue = (id: number, level: number, reason: string) =>
  call<null>('issues_escalate', { id, level, reason });
/** The most pressing `limit` issues being worked on (all of them when `limit` is null). */
export const issueQueue = (limit: number | null) => call<QueueItem[]>('issues_queue', { limit });
export const escalationsDue = () => call<EscalationSuggestion[]>('issues_escalations');
export const issueStats = () => call<Stats>('issues_stats');
export const statusMoves = () => call<StatusMove[]>('issues_workflow');

export const listCategories = () => call<string[]>('issue_categories_list');
export const addCategory = (name: string) => call<null>('issue_categories_add', { name });
export const removeCategory = (name: string) => call<null>('issue_categories_remove', { name });

export const escalationLadder = () => call<EscalationLevel[]>('escalation_ladder_get');
export const setEscalationLadder = (levels: EscalationLevel[]) =>
  call<null>('escalation_ladder_set', { levels });
