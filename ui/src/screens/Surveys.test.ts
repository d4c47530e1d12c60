import { afterEach, describe, expect, it } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import Surveys from './Surveys.svelte';
import ContactSurveyHistory from '../lib/components/ContactSurveyHistory.svelte';
import { createSurveyMock } from '../lib/dev/mockSurveys';
import { go } from '../lib/nav.svelte';
import { contact, recorder } from '../test/fixtures';
import type { SurveyReport } from '../lib/bindings/SurveyReport';

const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ');

/** The survey backend the browser preview uses, recording each call; two contacts exist. */
function backend(mode: 'empty' | 'sample') {
  const people = new Map<number, { name: string; email: string }>([
    [2, { name: 'Ada Lovelace', email: 'ada@cornerbakery.example' }],
    [3, { name: 'Grace Hopper', email: 'grace@example.com' }],
  ]);
  let next = 10;
  const issues = (cmd: string, a: Record<string, unknown>): unknown => {
    if (cmd === 'issues_create') return 77;
    if (cmd === 'issues_list') {
      const f = a.filter as { customer_id: number };
      return f.customer_id === 2
        ? { issues: [{ id: 77, title: 'Low score in the spring survey' }, { id: 78, title: 'Late trays' }], total: 2 }
        : { issues: [], total: 0 };
    }
    if (cmd === 'contacts_search') return [contact(3, 'Grace Hopper')];
    if (cmd === 'plugin:dialog|save') return '/home/owner/Surveys/out.xlsx';
    return undefined;
  };
  const ask = createSurveyMock(
    mode,
    {
      byEmail: (email) => {
        for (const [id, p] of people) if (p.email === email) return { id, name: p.name };
        return undefined;
      },
      name: (id) => people.get(id)?.name,
      add: (name, email) => {
        const id = next++;
        people.set(id, { name, email: email ?? '' });
        return id;
      },
    },
    issues,
  );
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    const answer = ask(cmd, args);
    return answer !== undefined ? answer : issues(cmd, args);
  });
  return { calls, of: (cmd: string) => calls.filter((c) => c.cmd === cmd), people };
}

/** NPS by hand: % of 9–10 minus % of 0–6. */
function npsByHand(scores: number[]): number {
  const p = scores.filter((s) => s >= 9).length;
  const d = scores.filter((s) => s <= 6).length;
  return Math.round(((p - d) / scores.length) * 100);
}

async function throughTheWizard(path: string) {
  await fireEvent.click(await screen.findByTestId('survey-import'));
  const input = screen.getByTestId('survey-path') as HTMLInputElement;
  await fireEvent.input(input, { target: { value: path } });
  await fireEvent.click(screen.getByTestId('survey-next'));
  return screen.findByTestId('survey-mapping');
}

afterEach(() => go('surveys'));

describe('Surveys', () => {
  it('says what to do when there are no surveys yet', async () => {
    go('surveys');
    backend('empty');
    render(Surveys);
    const empty = await screen.findByTestId('surveys-empty');
    expect(text(empty)).toContain('Import a survey');
    expect(text(empty)).toContain('Blank survey sheet');
  });

  it('lists surveys with their n, CSAT and NPS with margins', async () => {
    go('surveys');
    backend('sample');
    render(Surveys);
    const rows = await screen.findAllByTestId('survey-row');
    expect(rows).toHaveLength(2);
    // Newest first, each a link to its results.
    expect(text(rows[0])).toContain('Autumn 2026 customer survey');
    expect(within(rows[0]).getByRole('link').getAttribute('href')).toBe(`#/surveys/${rows[0].getAttribute('data-id')}`);
    expect(text(rows[0])).toContain('64');
    expect(within(rows[0]).getByTestId('survey-row-nps').textContent).toMatch(/± \d/);
  });

  it('imports through the wizard: guessed roles over the first rows, a corrected role, matches, then the NPS', async () => {
    go('surveys');
    const b = backend('empty');
    render(Surveys);
    const mapping = await throughTheWizard('/home/me/Downloads/shop.csv');
    // Each column's guess is a select the owner can change, above the file's first rows.
    const roles = within(mapping).getAllByTestId('survey-role') as HTMLSelectElement[];
    const role = (h: string) => roles.find((r) => r.getAttribute('data-header')!.startsWith(h))!;
    expect(role('How likely').value).toBe('nps');
    expect(role('Overall satisfaction').value).toBe('csat');
    expect(role('Email').value).toBe('email');
    expect(text(screen.getByTestId('survey-preview-rows'))).toContain('ada@cornerbakery.example');
    // Two of the five respondents are contacts (by email).
    expect(screen.getByTestId('survey-dry-matched').textContent).toBe('2');
    // The owner says the satisfaction column is not to be counted: the preview is asked again with it.
    await fireEvent.change(role('Overall satisfaction'), { target: { value: 'ignore' } });
    await waitFor(() => expect(b.of('surveys_preview')).toHaveLength(2));
    const sent = b.of('surveys_preview')[1].args.options as { mapping: { columns: { header: string; role: string }[] } };
    expect(sent.mapping.columns.find((c) => c.header.startsWith('Overall'))!.role).toBe('ignore');

    const name = screen.getByTestId('survey-name-input') as HTMLInputElement;
    expect(name.value).toBe('shop');
    await fireEvent.input(name, { target: { value: 'February shop survey' } });
    await fireEvent.click(screen.getByTestId('survey-run'));
    const summary = await screen.findByTestId('survey-summary');
    expect(within(summary).getByTestId('survey-responses').textContent).toBe('5');
    expect(within(summary).getByTestId('survey-matched').textContent).toBe('2');
    expect(within(summary).getByTestId('survey-unmatched-count').textContent).toBe('3');
    const imported = b.of('surveys_import')[0].args.options as { name: string; mapping: unknown };
    expect(imported.name).toBe('February shop survey');

    await fireEvent.click(within(summary).getByTestId('survey-open-results'));
    const nps = await screen.findByTestId('survey-nps');
    // The file's recommend column: 10, 6, 9, 3, 8.
    const expected = npsByHand([10, 6, 9, 3, 8]);
    expect(Number(nps.getAttribute('data-value'))).toBe(expected);
    // Five answers are too few to act on, and the screen says so in words.
    expect(nps.getAttribute('data-too-small')).toBe('true');
    expect(text(within(nps).getByTestId('too-small'))).toContain('only 5 answers (fewer than 30)');
    // The satisfaction column was ignored, so there is no CSAT.
    expect(text(screen.getByTestId('survey-csat'))).toContain('no 1–5 satisfaction question');
  });

  it('lists bad cells by row and column and imports only when the owner chooses to skip them', async () => {
    go('surveys');
    const b = backend('empty');
    render(Surveys);
    await throughTheWizard('/tmp/bad.csv');
    const bad = await screen.findByTestId('survey-bad-cells');
    expect(text(bad)).toContain("bad.csv, row 4, column 'How likely are you to recommend us? (0-10)': 'eleven' is not a number from 0 to 10");
    const run = screen.getByTestId('survey-run') as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('survey-skip-bad'));
    expect(run.disabled).toBe(false);
    await fireEvent.click(run);
    const summary = await screen.findByTestId('survey-summary');
    expect(within(summary).getByTestId('survey-skipped').textContent).toBe('1');
    expect(text(within(summary).getByTestId('survey-skipped-rows'))).toContain('row 4');
    expect((b.of('surveys_import')[0].args.options as { skip_bad_rows: boolean }).skip_bad_rows).toBe(true);
    await fireEvent.click(within(summary).getByTestId('survey-open-results'));
    const nps = await screen.findByTestId('survey-nps');
    expect(Number(nps.getAttribute('data-value'))).toBe(npsByHand([10, 6, 3, 8]));
  });

  it('sends the over-survey window and the issue-link window the owner sets', async () => {
    go('surveys');
    const b = backend('empty');
    render(Surveys);
    const mapping = await throughTheWizard('/tmp/forms.csv');
    await fireEvent.input(within(mapping).getByTestId('survey-guard-days'), { target: { value: '180' } });
    await fireEvent.input(within(mapping).getByTestId('survey-link-days'), { target: { value: '7' } });
    await fireEvent.click(screen.getByTestId('survey-run'));
    await screen.findByTestId('survey-summary');
    const sent = b.of('surveys_import')[0].args.options as { guard_days: number; link_days: number };
    expect([sent.guard_days, sent.link_days]).toEqual([180, 7]);
  });

  it('saves the columns as a profile and offers it for the next file', async () => {
    go('surveys');
    const b = backend('empty');
    render(Surveys);
    const mapping = await throughTheWizard('/tmp/forms.csv');
    await fireEvent.input(within(mapping).getByLabelText(/How many customers were asked/), { target: { value: '40' } });
    await fireEvent.click(within(mapping).getByLabelText(/Save these columns as a profile/));
    await fireEvent.input(within(mapping).getByLabelText('Profile name'), { target: { value: 'Shop form' } });
    await fireEvent.click(screen.getByTestId('survey-run'));
    await screen.findByTestId('survey-summary');
    const sent = b.of('surveys_import')[0].args.options as { profile: string; invited: number; guard_days: number; link_days: number };
    expect(sent.profile).toBe('Shop form');
    expect(sent.invited).toBe(40);
    // The over-survey guard and the issue link keep their defaults unless changed.
    expect([sent.guard_days, sent.link_days]).toEqual([90, 30]);

    await throughTheWizard('/tmp/next-month.csv');
    const pick = (await screen.findByLabelText(/Read with a saved profile/)) as HTMLSelectElement;
    expect([...pick.options].map((o) => o.value)).toEqual(['', 'Shop form']);
    await fireEvent.change(pick, { target: { value: 'Shop form' } });
    await waitFor(() => {
      const last = b.of('surveys_preview').at(-1)!.args.options as { profile: string | null; mapping: unknown };
      expect(last.profile).toBe('Shop form');
      expect(last.mapping).toBeNull();
    });
  });

  it('asks the date order when every date reads both ways, and sends the answer', async () => {
    go('surveys');
    const b = backend('empty');
    render(Surveys);
    await throughTheWizard('/tmp/ambiguous.csv');
    const q = await screen.findByTestId('survey-date-question');
    expect(text(q)).toContain('day-first or month-first');
    expect((screen.getByTestId('survey-run') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(within(q).getByLabelText(/Day first/));
    await waitFor(() => expect(screen.queryByTestId('survey-date-question')).toBeNull());
    const last = b.of('surveys_preview').at(-1)!.args.options as { overrides: { day_first: boolean | null } };
    expect(last.overrides.day_first).toBe(true);
    expect((screen.getByTestId('survey-run') as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows the results: figures with margins, the Pareto with the vital few, customers to call, unmatched respondents', async () => {
    const b = backend('sample');
    const list = b.calls; // the sample's first survey is id 1
    go('surveys', 1);
    render(Surveys);
    const results = await screen.findByTestId('survey-results');
    expect(results.getAttribute('data-id')).toBe('1');
    expect((await screen.findByTestId('survey-name')).textContent).toBe('Spring 2026 customer survey');
    expect(text(screen.getByTestId('survey-n'))).toContain('42');
    expect(text(screen.getByTestId('survey-response-rate'))).toContain('35% of 120 asked');
    expect(text(screen.getByTestId('survey-nps'))).toMatch(/± \d/);
    // Pareto: a bar per cause, the largest first, the vital few marked, up to the cause crossing 80 %.
    const bars = within(screen.getByTestId('survey-pareto')).getAllByTestId('pareto-bar');
    const counts = bars.map((r) => Number(r.getAttribute('data-count')));
    expect(counts).toEqual([...counts].sort((x, y) => y - x));
    const rows = within(screen.getByTestId('survey-pareto')).getAllByTestId('pareto-row');
    const vital = rows.filter((r) => r.getAttribute('data-vital') === 'true').length;
    expect(vital).toBeGreaterThan(0);
    const total = counts.reduce((s, c) => s + c, 0);
    const before = counts.slice(0, vital - 1).reduce((s, c) => s + c, 0);
    const upTo = counts.slice(0, vital).reduce((s, c) => s + c, 0);
    expect(before * 100).toBeLessThan(total * 80);
    expect(upTo * 100).toBeGreaterThanOrEqual(total * 80);
    // Trend across the two surveys.
    expect(within(screen.getByTestId('survey-trend')).getAllByTestId('trend-point').length).toBeGreaterThanOrEqual(2);

    // Ada's low score: open an issue in one step, then it links to the issue.
    const ada = screen.getAllByTestId('low-score').find((l) => text(l).includes('Ada Lovelace'))!;
    await fireEvent.click(within(ada).getByTestId('survey-open-issue'));
    await waitFor(() => expect(list.some((c) => c.cmd === 'survey_open_issue')).toBe(true));
    const again = await waitFor(() => {
      const l = screen.getAllByTestId('low-score').find((x) => text(x).includes('Ada Lovelace'))!;
      expect(within(l).getByTestId('response-issue').getAttribute('href')).toBe('#/issues/77');
      return l;
    });
    expect(again).toBeTruthy();
    // The owner ties it to another of Ada's issues instead.
    await fireEvent.click(within(again).getByTestId('response-link-issue'));
    const select = (await within(again).findByTestId('response-issue-select')) as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['', '77', '78']);
    expect(b.of('issues_list').at(-1)!.args.filter).toMatchObject({ customer_id: 2 });
    await fireEvent.change(select, { target: { value: '78' } });
    await waitFor(() => expect(b.of('survey_link_issue').at(-1)!.args).toEqual({ response_id: Number(again.getAttribute('data-response')), issue_id: 78 }));
    await waitFor(() => {
      const l = screen.getAllByTestId('low-score').find((x) => text(x).includes('Ada Lovelace'))!;
      expect(within(l).getByTestId('response-issue').getAttribute('href')).toBe('#/issues/78');
    });

    // An unmatched respondent: create the contact from their email.
    const unmatched = within(screen.getByTestId('survey-unmatched')).getAllByTestId('unmatched-row');
    const first = unmatched[0];
    await fireEvent.click(within(first).getByTestId('survey-create-contact'));
    await waitFor(() => expect(b.of('survey_create_contact')).toHaveLength(1));
    const sent = b.of('survey_create_contact')[0].args as { response_id: number; input: { name: string; emails: { value: string }[] } };
    expect(sent.input.emails[0].value).toMatch(/@example\.com$/);
    expect(sent.input.name).toBe(sent.input.emails[0].value.split('@')[0]);
    await waitFor(() =>
      expect(within(screen.getByTestId('survey-unmatched')).getAllByTestId('unmatched-row')).toHaveLength(unmatched.length - 1),
    );
  });

  it('links comments to their customer and draws every answer in the score distribution', async () => {
    backend('sample');
    go('surveys', 2);
    render(Surveys);
    const comments = await screen.findAllByTestId('survey-comment');
    const ada = comments.find((c) => text(c).includes('Ada Lovelace'))!;
    expect(within(ada).getByTestId('comment-contact').getAttribute('href')).toBe('#/contacts/2');
    // One bar per score 0–10, together every one of the 64 answers.
    const bars = within(screen.getByTestId('nps-distribution')).getAllByTestId('nps-distribution-bar');
    expect(bars.map((b) => Number(b.getAttribute('data-score')))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(bars.reduce((s, b) => s + Number(b.getAttribute('data-count')), 0)).toBe(64);
  });
});

describe('Survey actions', () => {
  it('links an unmatched respondent to a chosen contact', async () => {
    const b = backend('sample');
    go('surveys', 1);
    render(Surveys);
    const rows = await screen.findAllByTestId('unmatched-row');
    const row = rows[0];
    await fireEvent.click(within(row).getByTestId('survey-link-contact'));
    const input = within(row).getByRole('combobox');
    await fireEvent.input(input, { target: { value: 'gra' } });
    const option = await within(row).findByTestId('contact-option');
    await fireEvent.mouseDown(option);
    await waitFor(() => expect(b.of('survey_link_contact')).toHaveLength(1));
    expect(b.of('survey_link_contact')[0].args).toEqual({ response_id: Number(row.getAttribute('data-response')), contact_id: 3 });
    await waitFor(() => expect(screen.getAllByTestId('unmatched-row')).toHaveLength(rows.length - 1));
  });

  it('exports the results and the blank sheet to the paths chosen in the save dialog', async () => {
    const b = backend('sample');
    go('surveys', 2);
    render(Surveys);
    await fireEvent.click(await screen.findByTestId('survey-export'));
    await waitFor(() => expect(b.of('export_survey')).toHaveLength(1));
    expect(b.of('export_survey')[0].args).toEqual({ id: 2, path: '/home/owner/Surveys/out.xlsx' });
    expect(JSON.stringify(b.of('plugin:dialog|save')[0].args)).toContain('Autumn 2026 customer survey results.xlsx');
    await fireEvent.click(screen.getByTestId('survey-template'));
    await waitFor(() => expect(b.of('survey_template')).toHaveLength(1));
    expect(b.of('survey_template')[0].args).toEqual({ path: '/home/owner/Surveys/out.xlsx', tag: null });
  });
});

describe('Survey questions', () => {
  it('shows each scored question with its mean, n, spread and the gap to what was expected', async () => {
    const base = createSurveyMock('sample', { byEmail: () => undefined, name: () => undefined, add: () => 0 })('surveys_report', { id: 1 }) as SurveyReport;
    const report: SurveyReport = {
      ...base,
      attributes: [
        { name: 'Speed', mean: 2.5, n: 4, scale_max: 5, distribution: [1, 2, 3, 4, 5].map((score) => ({ score, count: [1, 1, 1, 1, 0][score - 1] })), expectation_mean: 4.25, gap: -1.75 },
        { name: 'Friendliness', mean: 4.5, n: 2, scale_max: 5, distribution: [1, 2, 3, 4, 5].map((score) => ({ score, count: score >= 4 ? 1 : 0 })), expectation_mean: null, gap: null },
      ],
    };
    mockIPC(recorder({ surveys_report: () => report, surveys_responses: () => [] }).handle);
    go('surveys', 1);
    render(Surveys);
    const rows = await screen.findAllByTestId('attribute-row');
    expect(rows.map((r) => r.querySelector('td')!.textContent)).toEqual(['Speed', 'Friendliness']);
    expect(text(rows[0])).toContain('2.50 / 5');
    expect(text(rows[0])).toContain('4.25');
    const gap = rows[0].querySelectorAll('td')[5];
    expect(gap.textContent).toBe('-1.75');
    expect(gap.classList.contains('short')).toBe(true);
    expect(rows[1].querySelectorAll('td')[5].textContent).toBe('');
    const spread = within(rows[0]).getByTestId('attribute-spread');
    expect([...spread.querySelectorAll('rect')].map((r) => Number(r.getAttribute('data-count')))).toEqual([1, 1, 1, 1, 0]);
  });
});

describe('ContactSurveyHistory', () => {
  it("lists the customer's answers, newest survey first, with scores and the comment as text", async () => {
    const r = recorder({
      contact_survey_history: () => [
        { response_id: 9, survey_id: 2, survey: 'Autumn', row: 4, contact_id: 5, respondent: 'Bo', email: null, responded_at: '2026-10-02T10:00:00', nps: 4, csat: 2, comment: '<b>late</b> again', cause: 'Delivery', issue_id: 31, low_score: true },
        { response_id: 3, survey_id: 1, survey: 'Spring', row: 2, contact_id: 5, respondent: 'Bo', email: null, responded_at: '2026-04-02T10:00:00', nps: 9, csat: 5, comment: null, cause: null, issue_id: null, low_score: false },
      ],
    });
    mockIPC(r.handle);
    render(ContactSurveyHistory, { contactId: 5 });
    const items = await screen.findAllByTestId('contact-survey');
    expect(r.of('contact_survey_history')[0].args).toEqual({ contact_id: 5 });
    expect(items.map((i) => i.getAttribute('data-survey'))).toEqual(['2', '1']);
    expect(text(items[0])).toContain('NPS 4/10');
    expect(text(items[0])).toContain('CSAT 2/5');
    expect(within(items[0]).getByRole('link', { name: 'Autumn' }).getAttribute('href')).toBe('#/surveys/2');
    expect(within(items[0]).getByRole('link', { name: 'Issue 31' }).getAttribute('href')).toBe('#/issues/31');
    expect(items[0].querySelector('b')).toBeNull();
    expect(text(items[0])).toContain('<b>late</b> again');
  });

  it('shows nothing for a customer who never answered a survey', async () => {
    mockIPC(recorder({ contact_survey_history: () => [] }).handle);
    render(ContactSurveyHistory, { contactId: 5 });
    await waitFor(() => expect(screen.queryByTestId('contact-surveys')).toBeNull());
  });
});
