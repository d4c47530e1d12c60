// Words and numbers for the survey screens: figures with their margins, the "too small to act on"
// flag in plain words, and roles as the mapping step names them.
import type { SurveyRole } from './bindings/SurveyRole';

/** A whole number of points with its sign for NPS ("+20", "−15", "0"). */
export function signed(v: number): string {
  const r = Math.round(v);
  if (r > 0) return `+${r}`;
  if (r < 0) return `−${Math.abs(r)}`;
  return '0';
}

/** "± 4.2" points (one decimal), or an empty string when there is no margin. */
export function plusMinus(margin: number | null): string {
  return margin === null ? '' : `± ${margin.toLocaleString(undefined, { maximumFractionDigits: 1 })}`;
}

export function percent(v: number | null): string {
  return v === null ? '—' : `${v.toLocaleString(undefined, { maximumFractionDigits: 1 })}%`;
}

/** Why a figure is too small to act on, in plain words (PRODUCT.md: n < 30 or a margin above 10). */
export function tooSmallWhy(n: number, margin: number | null): string {
  if (n === 0) return 'No answers to this question.';
  const why: string[] = [];
  if (n < 30) why.push(`only ${n} ${n === 1 ? 'answer' : 'answers'} (fewer than 30)`);
  if (margin !== null && margin > 10) why.push(`the margin of error is ${plusMinus(margin)} points (more than 10)`);
  return `Too small to act on: ${why.join(' and ')}. Treat it as a hint, not a result.`;
}

export const roleLabels: Record<SurveyRole, string> = {
  ignore: 'Ignore',
  contact_id: 'Rapport contact id',
  email: 'Email',
  name: 'Name',
  timestamp: 'Date / time',
  nps: 'Recommend 0–10 (NPS)',
  csat: 'Satisfaction 1–5 (CSAT)',
  attribute: 'Scored question',
  expectation: 'Expectation (paired)',
  comment: 'Comment',
};

export const roleOrder: SurveyRole[] = ['ignore', 'email', 'name', 'timestamp', 'nps', 'csat', 'attribute', 'expectation', 'comment', 'contact_id'];

/** The scores of one response as short text ("NPS 3/10, CSAT 2/5"). */
export function scoresText(nps: number | null, csat: number | null): string {
  return [nps !== null ? `NPS ${nps}/10` : null, csat !== null ? `CSAT ${csat}/5` : null].filter(Boolean).join(', ') || 'no score';
}
