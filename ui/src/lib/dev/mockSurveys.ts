// Sample surveys for the browser preview (`?mock`), and a small backend the survey screens' tests
// drive end to end. Figures are worked out from the stored responses with PRODUCT.md's definitions
// (CSAT = share of 4s and 5s; NPS = % promoters − % detractors; margin 1.96·sqrt(p(1−p)/n), NPS
// with the variance of a +1/0/−1 answer; too small below 30 answers or above 10 points; Pareto
// vital few up to the cause that crosses 80 %), so the screens show believable, consistent numbers.
// "Files" are made up from their path: a name containing "ambiguous" asks the date question, one
// containing "bad" has a cell that cannot be read, one containing "words" holds no scores.
import type { ParetoRow } from '../bindings/ParetoRow';
import type { ScoreCount } from '../bindings/ScoreCount';
import type { SurveyImportOptions } from '../bindings/SurveyImportOptions';
import type { SurveyImportReport } from '../bindings/SurveyImportReport';
import type { SurveyMapping } from '../bindings/SurveyMapping';
import type { SurveyPreview } from '../bindings/SurveyPreview';
import type { SurveyReport } from '../bindings/SurveyReport';
import type { SurveyResponse } from '../bindings/SurveyResponse';
import type { SurveySummary } from '../bindings/SurveySummary';
import type { SurveyTrendPoint } from '../bindings/SurveyTrendPoint';

type Ask = (cmd: string, a: Record<string, unknown>) => unknown;
export type SurveyContacts = {
  /** The live contact with this email, if any. */
  byEmail(email: string): { id: number; name: string } | undefined;
  name(id: number): string | undefined;
  /** Creates a contact; returns its id. */
  add(name: string, email: string | null): number;
};
type Stored = { summary: SurveySummary; lines: SurveyResponse[] };

const fail = (code: string, message: string, field: string | null = null) => Promise.reject({ code, message, field });
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, '');

function margin(p: number, n: number): number | null {
  return n > 0 ? 100 * 1.96 * Math.sqrt((p * (1 - p)) / n) : null;
}
const tooSmall = (n: number, m: number | null) => n < 30 || m === null || m > 10;

export function csatOf(scores: number[]) {
  const n = scores.length;
  const p = n > 0 ? scores.filter((s) => s >= 4).length / n : 0;
  const m = margin(p, n);
  return { value: n > 0 ? 100 * p : null, n, margin: m, too_small: tooSmall(n, m) };
}

export function npsOf(scores: number[]) {
  const n = scores.length;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  const pp = n > 0 ? promoters / n : 0;
  const pd = n > 0 ? detractors / n : 0;
  const m = n > 0 ? 100 * 1.96 * Math.sqrt((pp + pd - (pp - pd) ** 2) / n) : null;
  return { value: n > 0 ? 100 * (pp - pd) : null, n, margin: m, too_small: tooSmall(n, m), promoters, passives: n - promoters - detractors, detractors };
}

export function paretoOf(counts: Map<string, number>): ParetoRow[] {
  const sorted = [...counts.entries()].filter(([, c]) => c > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const total = sorted.reduce((s, [, c]) => s + c, 0);
  let running = 0;
  let crossed = false;
  return sorted.map(([cause, count]) => {
    running += count;
    const vital = !crossed;
    if (running * 100 >= total * 80) crossed = true;
    return { cause, count, percent: (100 * count) / total, cumulative_percent: (100 * running) / total, vital_few: vital };
  });
}

function spread(scores: number[], low: number, high: number): ScoreCount[] {
  const out: ScoreCount[] = [];
  for (let s = low; s <= high; s++) out.push({ score: s, count: scores.filter((x) => x === s).length });
  return out;
}

const low = (nps: number | null, csat: number | null) => (nps !== null && nps <= 6) || (csat !== null && csat <= 3);

function causeOf(comment: string | null): string | null {
  const c = (comment ?? '').toLowerCase();
  if (!c) return null;
  if (/late|deliver|wait/.test(c)) return 'Delivery';
  if (/price|expensive|cost/.test(c)) return 'Price';
  if (/rude|staff|phone|service/.test(c)) return 'Service';
  if (/quality|stale|broken/.test(c)) return 'Quality';
  return 'Other';
}

/** The made-up "file" at `path`: a Google Forms export with email, a 0–10 recommend question, a
 * 1–5 satisfaction question and a comment. */
function sampleFile(path: string): { header: string[]; rows: string[][] } {
  const ambiguous = path.includes('ambiguous');
  const header = ['Timestamp', 'Email Address', 'How likely are you to recommend us? (0-10)', 'Overall satisfaction (1-5)', 'Any comments?'];
  const rows = [
    [ambiguous ? '01/02/2026 10:00' : '2026-02-01 10:00', 'ada@cornerbakery.example', '10', '5', 'Lovely bread, always on time'],
    [ambiguous ? '03/02/2026 11:30' : '2026-02-03 11:30', 'grace@example.com', '6', '3', 'Delivery was late twice'],
    [ambiguous ? '04/02/2026 09:15' : '2026-02-04 09:15', 'newcomer@example.org', path.includes('bad') ? 'eleven' : '9', '4', ''],
    [ambiguous ? '05/02/2026 16:45' : '2026-02-05 16:45', 'zoe@example.dk', '3', '2', 'Too expensive for what it is'],
    [ambiguous ? '06/02/2026 12:00' : '2026-02-06 12:00', 'someone@example.net', '8', '4', 'Fine'],
  ];
  if (path.includes('words')) return { header: ['Email Address', 'Thoughts'], rows: rows.map((r) => [r[1], r[4]]) };
  return { header, rows };
}

function guess(header: string[]): SurveyMapping {
  return {
    tool: header[0] === 'Timestamp' ? 'google_forms' : 'plain',
    header_rows: 1,
    day_first: null,
    columns: header.map((h, index) => {
      const l = h.toLowerCase();
      const role = l === 'timestamp' ? 'timestamp' : l.includes('email') ? 'email' : l.includes('recommend') ? 'nps' : l.includes('satisf') ? 'csat' : l.includes('comment') ? 'comment' : 'ignore';
      return { index, header: h, role, scale_max: role === 'nps' ? 10 : role === 'csat' ? 5 : 0, attribute: role === 'nps' || role === 'csat' ? h : null };
    }),
  };
}

export function createSurveyMock(mode: string, contacts: SurveyContacts, issues: Ask = () => undefined): Ask {
  const surveys = new Map<number, Stored>();
  const profiles = new Map<string, SurveyMapping>();
  let nextSurvey = 1;
  let nextResponse = 1;

  function store(name: string, file: string, at: string, rows: { email: string | null; name: string | null; nps: number | null; csat: number | null; comment: string | null }[], invited: number | null): Stored {
    const id = nextSurvey++;
    const lines = rows.map((r, i): SurveyResponse => {
      const contact = r.email ? contacts.byEmail(r.email) : undefined;
      return {
        response_id: nextResponse++,
        survey_id: id,
        survey: name,
        row: i + 2,
        contact_id: contact?.id ?? null,
        respondent: contact?.name ?? r.name ?? r.email,
        email: r.email,
        responded_at: at,
        nps: r.nps,
        csat: r.csat,
        comment: r.comment,
        cause: low(r.nps, r.csat) ? causeOf(r.comment) : null,
        issue_id: null,
        low_score: low(r.nps, r.csat),
      };
    });
    const s: Stored = { summary: { id, name, tool: 'google_forms', source_file: file, imported_at: at, responses: lines.length, invited }, lines };
    surveys.set(id, s);
    return s;
  }

  if (mode !== 'empty') {
    const comments = ['Delivery was late again', 'Too expensive', 'Rude on the phone', 'Bread was stale', 'Waited a week for the order', 'Lovely service', null, 'Great', null, 'Delivery slot missed'];
    const make = (count: number, shift: number) =>
      Array.from({ length: count }, (_, i) => {
        const nps = Math.min(10, Math.max(0, ((i * 7 + shift) % 11) + (i % 3 === 0 ? 2 : 0)));
        return { email: i === 0 ? 'ada@cornerbakery.example' : `customer${i + 1}@example.com`, name: null, nps: Math.min(10, nps), csat: Math.max(1, Math.min(5, Math.round(nps / 2))), comment: comments[i % comments.length] };
      });
    store('Spring 2026 customer survey', 'spring.csv', '2026-04-20T09:00:00', make(42, 3), 120);
    store('Autumn 2026 customer survey', 'autumn.xlsx', '2026-10-12T09:00:00', make(64, 5), 150);
  }

  function report(id: number): SurveyReport | Promise<never> {
    const s = surveys.get(id);
    if (!s) return fail('not_found', `survey ${id} was not found`);
    const nps = s.lines.flatMap((l) => (l.nps === null ? [] : [l.nps]));
    const csat = s.lines.flatMap((l) => (l.csat === null ? [] : [l.csat]));
    const c = csatOf(csat);
    const n = npsOf(nps);
    const causes = new Map<string, number>();
    for (const l of s.lines) if (l.low_score && l.cause) causes.set(l.cause, (causes.get(l.cause) ?? 0) + 1);
    const commented = s.lines.filter((l) => l.comment);
    const lows = s.lines.filter((l) => l.low_score);
    return {
      survey_id: id,
      name: s.summary.name,
      n: s.lines.length,
      invited: s.summary.invited,
      response_rate: s.summary.invited ? (100 * s.lines.length) / s.summary.invited : null,
      csat: c.value,
      csat_n: c.n,
      csat_margin: c.margin,
      csat_too_small: c.too_small,
      nps: n.value,
      nps_n: n.n,
      nps_margin: n.margin,
      nps_too_small: n.too_small,
      nps_split: { promoters: n.promoters, passives: n.passives, detractors: n.detractors },
      too_small: (c.n === 0 || c.too_small) && (n.n === 0 || n.too_small),
      csat_distribution: spread(csat, 1, 5),
      nps_distribution: spread(nps, 0, 10),
      attributes: [],
      comments: commented.slice(0, 200),
      comments_total: commented.length,
      low_scores: lows.slice(0, 200),
      low_scores_total: lows.length,
      pareto: paretoOf(causes),
      trend: trend(),
    };
  }

  function trend(): SurveyTrendPoint[] {
    const points = [...surveys.values()]
      .sort((a, b) => a.summary.imported_at.localeCompare(b.summary.imported_at) || a.summary.id - b.summary.id)
      .map((s) => {
        const c = csatOf(s.lines.flatMap((l) => (l.csat === null ? [] : [l.csat])));
        const n = npsOf(s.lines.flatMap((l) => (l.nps === null ? [] : [l.nps])));
        return { survey_id: s.summary.id, name: s.summary.name, date: s.summary.imported_at, csat: c.value, csat_margin: c.margin, nps: n.value, nps_margin: n.margin, csat_direction: null as string | null, nps_direction: null as string | null };
      });
    const dir = (b: number | null, bm: number | null, a: number | null, am: number | null) =>
      b === null || a === null || bm === null || am === null || Math.abs(a - b) <= bm + am ? null : a > b ? 'up' : 'down';
    for (let i = 1; i < points.length; i++) {
      const [b, a] = [points[i - 1], points[i]];
      a.csat_direction = dir(b.csat, b.csat_margin, a.csat, a.csat_margin);
      a.nps_direction = dir(b.nps, b.nps_margin, a.nps, a.nps_margin);
    }
    return points;
  }

  function read(path: string, o: SurveyImportOptions) {
    const file = path.split(/[\\/]/).pop() ?? path;
    const { header, rows } = sampleFile(path);
    const mapping: SurveyMapping = o.mapping ?? (o.profile ? profiles.get(o.profile) : undefined) ?? profiles.get('google_forms') ?? guess(header);
    const dayFirst = o.overrides.day_first ?? mapping.day_first;
    const at = (role: string) => mapping.columns.find((c) => c.role === role)?.index;
    const bad: SurveyImportReport['skipped_rows'] = [];
    const parsed = rows.flatMap((r, i) => {
      const score = (role: string, top: number) => {
        const col = at(role);
        if (col === undefined || r[col] === '') return null;
        const v = Number(r[col]);
        if (!Number.isInteger(v) || v < (top === 10 ? 0 : 1) || v > top) {
          bad.push({ file, row: i + 2, column: header[col], problem: `'${r[col]}' is not a number from ${top === 10 ? 0 : 1} to ${top}` });
          return undefined;
        }
        return v;
      };
      const nps = score('nps', 10);
      const csat = score('csat', 5);
      if (nps === undefined || csat === undefined) return [];
      const e = at('email');
      const c = at('comment');
      return [{ email: e === undefined ? null : r[e] || null, name: null, nps, csat, comment: c === undefined ? null : r[c] || null }];
    });
    const t = at('timestamp');
    const question =
      t !== undefined && dayFirst === null && rows.every((r) => /^\d\d\/\d\d\//.test(r[t]))
        ? `${file}, column '${header[t]}': every date could be day-first or month-first (e.g. 11/1/2019); say which (--day-first or --month-first)`
        : null;
    const scored = mapping.columns.some((c) => ['nps', 'csat', 'attribute', 'expectation'].includes(c.role));
    return { file, header, rows, mapping: { ...mapping, day_first: dayFirst }, parsed, bad, question, scored };
  }

  function dry(r: ReturnType<typeof read>, o: SurveyImportOptions, id: number | null): SurveyImportReport {
    const matched = r.parsed.filter((p) => p.email && contacts.byEmail(p.email));
    const unmatched = r.parsed.filter((p) => !(p.email && contacts.byEmail(p.email))).map((p, i) => ({ row: i + 2, email: p.email, name: p.name }));
    return {
      survey_id: id,
      responses: r.parsed.length,
      matched: matched.length,
      unmatched,
      skipped_rows: r.bad,
      warnings: r.parsed.length < 30 ? [`only ${r.parsed.length} responses: fewer than 30 is too small to act on`] : [],
      over_surveyed: [],
      linked_issues: 0,
      mapping: r.mapping,
      preview: r.rows.slice(0, 5),
      dry_run: o.dry_run,
    };
  }

  function linesOf(responseId: number) {
    for (const s of surveys.values()) {
      const l = s.lines.find((x) => x.response_id === responseId);
      if (l) return l;
    }
    return undefined;
  }

  return (cmd, a) => {
    switch (cmd) {
      case 'surveys_list':
        return [...surveys.values()].map((s) => s.summary).sort((x, y) => y.imported_at.localeCompare(x.imported_at) || y.id - x.id);
      case 'surveys_trend':
        return trend();
      case 'surveys_report':
        return report(Number(a.id));
      case 'surveys_responses':
        return surveys.get(Number(a.id))?.lines ?? fail('not_found', `survey ${a.id} was not found`);
      case 'surveys_preview': {
        const o = a.options as SurveyImportOptions;
        const r = read(String(a.path), o);
        const preview: SurveyPreview = {
          file: r.file,
          mapping: r.mapping,
          rows: r.rows.slice(0, 5),
          data_rows: r.rows.length,
          date_question: r.question,
          problem: r.scored ? null : `${r.file}: no column holds scores (0–10 or 1–5); name the question with --nps-column or --csat-column`,
          bad_cells: r.question || !r.scored ? [] : r.bad,
          dry_run: r.question || !r.scored ? null : dry(r, { ...o, dry_run: true }, null),
        };
        return preview;
      }
      case 'surveys_import': {
        const o = a.options as SurveyImportOptions;
        if (!o.name.trim()) return fail('invalid_field', 'a survey needs a name', 'name');
        const r = read(String(a.path), o);
        if (r.question) return fail('invalid_field', r.question, 'date-column');
        if (!r.scored) return fail('invalid_field', `${r.file}: no column holds scores`, 'mapping');
        if (r.bad.length && !o.skip_bad_rows) return fail('invalid_field', `${r.bad.map((b) => `${b.file}, row ${b.row}, column '${b.column}': ${b.problem}`).join('; ')}. Nothing was imported.`, 'file');
        if (o.profile) profiles.set(o.profile, r.mapping);
        const s = store(o.name.trim(), r.file, iso(new Date()), r.parsed, o.invited);
        return dry(r, o, s.summary.id);
      }
      case 'survey_link_contact': {
        const l = linesOf(Number(a.response_id));
        if (!l) return fail('not_found', `survey response ${a.response_id} was not found`);
        l.contact_id = Number(a.contact_id);
        l.respondent = contacts.name(l.contact_id) ?? l.respondent;
        l.issue_id = null;
        return null;
      }
      case 'survey_create_contact': {
        const l = linesOf(Number(a.response_id));
        if (!l) return fail('not_found', `survey response ${a.response_id} was not found`);
        const input = a.input as { name: string; emails: { value: string }[] };
        if (!input.name.trim()) return fail('invalid_field', 'a contact needs a name', 'name');
        l.contact_id = contacts.add(input.name.trim(), input.emails[0]?.value ?? null);
        l.respondent = input.name.trim();
        return l.contact_id;
      }
      case 'survey_link_issue': {
        const l = linesOf(Number(a.response_id));
        if (!l) return fail('not_found', `survey response ${a.response_id} was not found`);
        l.issue_id = (a.issue_id as number | null) ?? null;
        return null;
      }
      case 'survey_open_issue': {
        const l = linesOf(Number(a.response_id));
        if (!l) return fail('not_found', `survey response ${a.response_id} was not found`);
        if (l.contact_id === null) return fail('invalid_field', 'this respondent is not linked to a contact yet; link or create the contact first', 'response');
        const made = issues('issues_create', { input: { customer_id: l.contact_id, title: (a.title as string | null) ?? `Low score in '${l.survey}'`, description: l.comment, category: null, priority: 'normal', owner_id: null, customer_owner: null, due: null } });
        l.issue_id = typeof made === 'number' ? made : 1000 + l.response_id;
        return l.issue_id;
      }
      case 'contact_survey_history':
        return [...surveys.values()].reverse().flatMap((s) => s.lines.filter((l) => l.contact_id === Number(a.contact_id)));
      case 'survey_profiles_list':
        return [...profiles.keys()].sort();
      case 'survey_profile_get':
        return profiles.get(String(a.name)) ?? null;
      case 'survey_profile_save':
        profiles.set(String(a.name), a.mapping as SurveyMapping);
        return null;
      case 'export_survey':
        return surveys.has(Number(a.id)) ? null : fail('not_found', `survey ${a.id} was not found`);
      case 'survey_template':
        return 12;
      default:
        return undefined;
    }
  };
}
