// File pickers, through the dialog plugin. `null` means the owner cancelled.
import { open, save } from '@tauri-apps/plugin-dialog';
import { toErrorPayload } from './ipc';

const dataFiles = [{ name: 'Rapport data', extensions: ['sqlite3', 'sqlite', 'db'] }];

async function guard<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    throw toErrorPayload(e);
  }
}

export function pickBackupTarget(defaultName: string): Promise<string | null> {
  return guard(save({ title: 'Save a backup', defaultPath: defaultName, filters: dataFiles }));
}

export function pickDataFile(title: string): Promise<string | null> {
  return guard(open({ title, multiple: false, directory: false, filters: dataFiles }));
}

export function pickFolder(title: string): Promise<string | null> {
  return guard(open({ title, multiple: false, directory: true }));
}

const contactFiles = [
  { name: 'Contacts (vCard, CSV)', extensions: ['vcf', 'vcard', 'csv', 'tsv', 'txt'] },
  { name: 'All files', extensions: ['*'] },
];

/** One or more contact files to import; `null` when the owner cancelled. */
export async function pickContactFiles(): Promise<string[] | null> {
  const picked = await guard(open({ title: 'Import contacts', multiple: true, directory: false, filters: contactFiles }));
  if (picked === null) return null;
  return Array.isArray(picked) ? picked : [picked];
}

export function pickExportTarget(defaultName: string, extension: string): Promise<string | null> {
  return guard(
    save({ title: 'Export contacts', defaultPath: defaultName, filters: [{ name: extension.toUpperCase(), extensions: [extension] }] }),
  );
}

/** Where to save a customer's profile sheet (an Excel workbook). */
export function pickProfileExportTarget(defaultName: string): Promise<string | null> {
  return guard(
    save({ title: 'Export profile', defaultPath: defaultName, filters: [{ name: 'Excel workbook', extensions: ['xlsx'] }] }),
  );
}

const surveyFiles = [
  { name: 'Survey results (Excel, OpenDocument, CSV)', extensions: ['xlsx', 'xls', 'ods', 'csv', 'txt'] },
  { name: 'All files', extensions: ['*'] },
];

/** The file a survey tool exported; `null` when the owner cancelled. */
export async function pickSurveyFile(): Promise<string | null> {
  const picked = await guard(open({ title: 'Import a survey', multiple: false, directory: false, filters: surveyFiles }));
  return Array.isArray(picked) ? (picked[0] ?? null) : picked;
}

/** Where to save a workbook (survey results, the blank survey sheet, meeting pack, minutes, reports); `title` says which. */
export function pickWorkbookTarget(title: string, defaultName: string): Promise<string | null> {
  return guard(save({ title, defaultPath: defaultName, filters: [{ name: 'Excel workbook', extensions: ['xlsx'] }] }));
}
