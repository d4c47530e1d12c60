// The sample backend's answers for contacts in and out (import wizard, duplicates, export), so the
// screens can be looked at in a plain browser (`?mock`). Never used by the tests or the app.
import type { Channel } from '@tauri-apps/api/core';
import type { ImportPreview } from '../bindings/ImportPreview';
import type { ImportProgress } from '../bindings/ImportProgress';
import type { ImportReport } from '../bindings/ImportReport';

const emptyReport = (): ImportReport => ({
  created: 0,
  updated: 0,
  skipped: 0,
  errors: [],
  warnings: [],
  skipped_rows: [],
  files: [],
  matched: [],
  cancelled: false,
  dry_run: false,
});

function preview(path: string, encoding: string | null): ImportPreview {
  const csv = path.toLowerCase().endsWith('.csv');
  return {
    file: path,
    format: csv ? 'csv' : 'vcard',
    encoding: encoding ?? (csv ? 'windows-1252' : 'UTF-8'),
    csv: csv
      ? {
          encoding: encoding ?? 'windows-1252',
          delimiter: ';',
          headers: ['Vorname', 'Nachname', 'E-Mail-Adresse', 'Geburtstag'],
          mapping: {
            delimiter: ';',
            has_header: true,
            day_first: true,
            columns: [
              { position: 0, header: 'Vorname', field: 'given_name', label: null, group: 0 },
              { position: 1, header: 'Nachname', field: 'family_name', label: null, group: 0 },
              { position: 2, header: 'E-Mail-Adresse', field: 'email', label: null, group: 0 },
              { position: 3, header: 'Geburtstag', field: 'birthday', label: null, group: 0 },
            ],
          },
          rows: [
            ['Vorname', 'Nachname', 'E-Mail-Adresse', 'Geburtstag'],
            ['Jürgen', 'Müller', 'juergen@example.de', '31.01.1970'],
          ],
        }
      : null,
    recognised: true,
    entries: [
      { line: 2, name: 'Jürgen Müller', email: 'juergen@example.de', phone: null, organization: null, birthday: '1970-01-31' },
      { line: 3, name: 'Amélie Dubois', email: 'amelie@example.fr', phone: '+33 1 23 45 67 89', organization: 'Dubois SARL', birthday: '--02-29' },
    ],
    total: 2,
    dry_run: {
      ...emptyReport(),
      dry_run: true,
      created: 1,
      updated: 1,
      matched: [{ file: path, line: 3, contact_id: 1, contact_name: 'Amélie Dubois', changes: true }],
    },
  };
}

/** The answer for `cmd`, or `undefined` when it is not one of these commands. */
export function exchange(cmd: string, a: Record<string, unknown>): unknown {
  switch (cmd) {
    case 'import_preview':
      return preview(String(a.path), (a.encoding as string | null) ?? null);
    case 'import_run': {
      const files = a.files as { path: string }[];
      const channel = a.on_progress as Channel<ImportProgress>;
      files.forEach((f, i) =>
        channel.onmessage({ file: f.path, file_index: i, files: files.length, stage: 'finished', done: 2, total: 2 }),
      );
      return {
        ...emptyReport(),
        created: files.length,
        updated: files.length,
        skipped: 0,
        files: files.map((f) => ({ file: f.path, format: f.path.endsWith('.csv') ? 'csv' : 'vcard', outcome: 'imported', created: 1, updated: 1, skipped: 0 })),
        warnings: files.map((f) => ({ file: f.path, line: 3, message: "the birthday 1900-02-29 was kept without its year" })),
      } satisfies ImportReport;
    }
    case 'import_cancel':
      return null;
    case 'import_profiles_list':
      return ['Shop till'];
    case 'import_profile_save':
      return null;
    case 'duplicates_list':
      return [];
    case 'contacts_export':
      return 42;
    case 'export_all':
      return { dir: String(a.dir), files: [{ name: 'contacts.vcf', rows: 42 }] };
    default:
      return undefined;
  }
}
