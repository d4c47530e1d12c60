// Builders for issue test data (kept apart from fixtures.ts so each domain's builders stay small).
import type { EscalationSuggestion } from '../lib/bindings/EscalationSuggestion';
import type { Issue } from '../lib/bindings/Issue';
import type { TeamMember } from '../lib/bindings/TeamMember';

export function issue(id: number, title: string, extra: Partial<Issue> = {}): Issue {
  return {
    id,
    customer_id: 9,
    customer: 'Ada Lovelace',
    title,
    description: null,
    category: null,
    priority: 'normal',
    owner: null,
    owner_id: null,
    customer_owner_id: null,
    customer_owner: null,
    opened_at: '2026-11-01T09:00:00Z',
    due: null,
    effective_due: null,
    status: 'open',
    resolved_at: null,
    closed_at: null,
    closed_how: null,
    satisfaction: null,
    escalation_level: 0,
    last_activity_at: '2026-11-01T09:00:00Z',
    overdue: false,
    days_overdue: 0,
    ...extra,
  };
}

export function suggestion(i: Issue, level: number, to: string, reason: string): EscalationSuggestion {
  return { issue: i, level, to, reason };
}

export function member(id: number, name: string, active = true): TeamMember {
  return { id, name, email: null, active, created_at: '2026-01-01T00:00:00Z' };
}

export const page = (issues: Issue[], total = issues.length) => ({ issues, total });
