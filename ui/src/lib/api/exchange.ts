// Contacts in and out (issue 8): the import wizard's preview and run (with progress and cancel),
// CSV profiles, duplicates and merge with undo, contact export and "export everything".
import { Channel } from '@tauri-apps/api/core';
import { call } from './ipc';
import type { ColumnMapping } from '../bindings/ColumnMapping';
import type { ContactExportFormat } from '../bindings/ContactExportFormat';
import type { CsvProfile } from '../bindings/CsvProfile';
import type { DuplicateCandidate } from '../bindings/DuplicateCandidate';
import type { ExportAllReport } from '../bindings/ExportAllReport';
import type { ImportFile } from '../bindings/ImportFile';
import type { ImportPreview } from '../bindings/ImportPreview';
import type { ImportProgress } from '../bindings/ImportProgress';
import type { ImportReport } from '../bindings/ImportReport';
import type { MergeField } from '../bindings/MergeField';
import type { MergeReport } from '../bindings/MergeReport';

/** Reads a file without writing: format, encoding, first rows, mapping, and a dry run. */
export const previewImport = (path: string, encoding: string | null, mapping: ColumnMapping | null) =>
  call<ImportPreview>('import_preview', { path, encoding, mapping });

/** Imports the files (each in one transaction), calling `onProgress` per file and batch of rows. */
export function runImport(files: ImportFile[], onProgress: (p: ImportProgress) => void): Promise<ImportReport> {
  const on_progress = new Channel<ImportProgress>();
  on_progress.onmessage = onProgress;
  return call<ImportReport>('import_run', { files, on_progress });
}

/** Stops the import in progress: the file being written is rolled back, later files are not started. */
export const cancelImport = () => call<null>('import_cancel');

export const listProfiles = () => call<string[]>('import_profiles_list');
export const getProfile = (name: string) => call<CsvProfile>('import_profile_get', { name });
export const saveProfile = (name: string, mapping: ColumnMapping) =>
  call<null>('import_profile_save', { name, mapping });

export const listDuplicates = () => call<DuplicateCandidate[]>('duplicates_list');

/** Merges `otherId` into `keepId`, taking the other's value for each field in `take`. */
export const mergeContacts = (keepId: number, otherId: number, take: MergeField[]) =>
  call<MergeReport>('contacts_merge', { keep_id: keepId, other_id: otherId, take });

/** Undoes the latest merge of `mergedId`; returns the survivor's id. */
export const undoMerge = (mergedId: number) => call<number>('contacts_merge_undo', { merged_id: mergedId });

/** Writes every contact to `path`; returns how many. */
export const exportContacts = (path: string, format: ContactExportFormat) =>
  call<number>('contacts_export', { path, format });

/** Writes everything into the folder `dir` (contacts.vcf and one CSV per table). */
export const exportAll = (dir: string) => call<ExportAllReport>('export_all', { dir });
