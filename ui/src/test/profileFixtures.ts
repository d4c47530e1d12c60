// Builders for profile and dashboard test data.
import type { Dashboard } from '../lib/bindings/Dashboard';
import type { Profile } from '../lib/bindings/Profile';
import type { WeeklyTrend } from '../lib/bindings/WeeklyTrend';

/** Twelve Mondays ending with the week of 2026-11-23, and the counts given (oldest first). */
export function trend(counts: number[], extra: Partial<WeeklyTrend> = {}): WeeklyTrend {
  const weeks = counts.map((_, i) => {
    const d = new Date(Date.UTC(2026, 10, 23 - 7 * (counts.length - 1 - i)));
    return d.toISOString().slice(0, 10);
  });
  const before = counts.slice(Math.max(0, counts.length - 9), -1);
  const avg = before.length ? before.reduce((a, b) => a + b, 0) / before.length : 0;
  return {
    weeks,
    counts,
    this_week: counts[counts.length - 1] ?? 0,
    trailing_average: Math.round(avg * 10) / 10,
    threshold: Math.round(Math.max(avg + 2 * Math.sqrt(avg), avg + 3) * 10) / 10,
    flagged: false,
    ...extra,
  };
}

export function dashboard(extra: Partial<Dashboard> = {}): Dashboard {
  return {
    as_of: '2026-11-24',
    early_warning_rule: 'This week is flagged when its count is above the average of the 8 weeks before it by more than twice the square root of that average and by at least 3.',
    issues_opened: trend(new Array(12).fill(0)),
    negative_interactions: trend(new Array(12).fill(0)),
    at_risk: [],
    at_risk_total: 0,
    owners: [],
    closed: 0,
    confirmed_share: null,
    resolved_with_due: 0,
    on_time_rate: null,
    coming_up: [],
    recent_kudos: [],
    satisfaction: [],
    happiness: ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'].map((month) => ({ month, mean: null, n: 0 })),
    complaint_causes: [],
    causes_since: '2026-10-01',
    ...extra,
  };
}

export function profile(customerId: number, name: string, extra: Partial<Profile> = {}): Profile {
  return {
    customer_id: customerId,
    name,
    as_of: '2026-11-24',
    level: 'none',
    computed_level: 'none',
    score: 0,
    level_reason: null,
    signals: [],
    gaps: [],
    kick_out_factors: [],
    future_needs: [],
    improvement_areas: [],
    resolve_by: null,
    suggested_resolve_by: null,
    decisions: [],
    ...extra,
  };
}
