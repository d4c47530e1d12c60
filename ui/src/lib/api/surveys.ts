// Satisfaction surveys: preview and import a survey tool's file, the figures of one survey and the
// trend across them, responses linked to contacts and issues, mapping profiles, and the workbooks.
import { call } from './ipc';
import type { ContactInput } from '../bindings/ContactInput';
import type { SurveyImportOptions } from '../bindings/SurveyImportOptions';
import type { SurveyImportReport } from '../bindings/SurveyImportReport';
import type { SurveyMapping } from '../bindings/SurveyMapping';
import type { SurveyPreview } from '../bindings/SurveyPreview';
import type { SurveyReport } from '../bindings/SurveyReport';
import type { SurveyResponse } from '../bindings/SurveyResponse';
import type { SurveySummary } from '../bindings/SurveySummary';
import type { SurveyTrendPoint } from '../bindings/SurveyTrendPoint';

/** Import options with the core's defaults (90-day over-survey guard, 30-day issue link). */
export function importOptions(extra: Partial<SurveyImportOptions> = {}): SurveyImportOptions {
  return {
    name: '',
    mapping: null,
    profile: null,
    overrides: { nps_column: null, csat_column: null, email_column: null, date_column: null, day_first: null },
    dry_run: false,
    skip_bad_rows: false,
    invited: null,
    guard_days: 90,
    link_days: 30,
    ...extra,
  };
}

/** What importing `path` would do: mapping, first rows, date question, bad cells, a dry run. */
export const previewSurvey = (path: string, options: SurveyImportOptions) =>
  call<SurveyPreview>('surveys_preview', { path, options });
export const importSurvey = (path: string, options: SurveyImportOptions) =>
  call<SurveyImportReport>('surveys_import', { path, options });

export const listSurveys = () => call<SurveySummary[]>('surveys_list');
export const surveyReport = (id: number) => call<SurveyReport>('surveys_report', { id });
export const surveyTrend = () => call<SurveyTrendPoint[]>('surveys_trend');
export const surveyResponses = (id: number) => call<SurveyResponse[]>('surveys_responses', { id });

export const linkResponseContact = (responseId: number, contactId: number) =>
  call<null>('survey_link_contact', { response_id: responseId, contact_id: contactId });
/** Creates a contact for an unmatched respondent and links the response (one transaction). */
export const createContactForResponse = (responseId: number, input: ContactInput) =>
  call<number>('survey_create_contact', { response_id: responseId, input });
export const linkResponseIssue = (responseId: number, issueId: number | null) =>
  call<null>('survey_link_issue', { response_id: responseId, issue_id: issueId });
/** "Take action": an issue opened from a low score, linked to the response. Returns its id. */
export const openIssueFromResponse = (responseId: number, title: string | null = null, category: string | null = null) =>
  call<number>('survey_open_issue', { response_id: responseId, title, category });

export const contactSurveyHistory = (contactId: number) =>
  call<SurveyResponse[]>('contact_survey_history', { contact_id: contactId });

export const surveyProfiles = () => call<string[]>('survey_profiles_list');
export const surveyProfile = (name: string) => call<SurveyMapping | null>('survey_profile_get', { name });
export const saveSurveyProfile = (name: string, mapping: SurveyMapping) =>
  call<null>('survey_profile_save', { name, mapping });

export const exportSurvey = (id: number, path: string) => call<null>('export_survey', { id, path });
/** A blank survey sheet; returns how many customers it lists. */
export const surveyTemplate = (path: string, tag: string | null = null) =>
  call<number>('survey_template', { path, tag });
