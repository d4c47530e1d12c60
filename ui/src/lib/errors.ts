// The one table from an error code to what the owner sees. The core's `message` names the thing
// (the file, the field); the table adds a plain title and what to do next.
import type { ErrorPayload } from './bindings/ErrorPayload';

export type ErrorView = {
  /** A short sentence in plain words. */
  title: string;
  /** What the owner can do about it. */
  advice: string;
};

const table: Record<string, ErrorView> = {
  invalid_field: {
    title: 'Something in the form needs a second look.',
    advice: 'Correct the highlighted field and save again.',
  },
  not_found: {
    title: 'That record is no longer there.',
    advice: 'It may have been moved to the Trash. Look in the Trash, or refresh the list.',
  },
  conflict: {
    title: 'That clashes with something already saved.',
    advice: 'Change the name or value and try again.',
  },
  newer_schema: {
    title: 'Your data was saved by a newer version of Rapport.',
    advice: 'Update Rapport to the latest version, or restore a backup made with this version.',
  },
  not_rapport_file: {
    title: 'That file is not Rapport data.',
    advice: 'Choose a Rapport backup or data file. Nothing was changed.',
  },
  corrupt: {
    title: 'Your data file is damaged.',
    advice: 'Restore it from a backup. The damaged file is kept aside, not deleted.',
  },
  locked: {
    title: 'Your data file is in use by another program.',
    advice: 'Is Rapport already open in another window? Close it, then try again.',
  },
  disk_full: {
    title: 'The disk is full, so nothing was saved.',
    advice: 'Free some space on the disk and try again.',
  },
  migration_failed: {
    title: 'Rapport could not update your data to this version.',
    advice: 'Nothing was changed. Restore a backup, or keep using the previous version of Rapport.',
  },
  io: {
    title: 'Rapport could not read or write a file.',
    advice: 'Check that the folder exists, that you may write there, and that the disk is connected.',
  },
  not_ready: {
    title: 'Your data is not open.',
    advice: 'Restore a backup or open another data folder first.',
  },
  internal: {
    title: 'Rapport hit an unexpected problem.',
    advice: 'Nothing more was changed. Try again; if it keeps happening, restart Rapport.',
  },
  cancelled: {
    title: 'Stopped.',
    advice: 'Nothing of the file in progress was kept; files finished before it stay.',
  },
  database: {
    title: 'The data file reported an unexpected problem.',
    advice: 'Try again. If it keeps happening, run "Check integrity" in Settings.',
  },
};

const fallback: ErrorView = {
  title: 'Something went wrong.',
  advice: 'Try again. If it keeps happening, restart Rapport.',
};

export function describeError(e: ErrorPayload): ErrorView {
  return table[e.code] ?? fallback;
}

/** One line for a toast or a form banner: the plain title followed by the core's specific message. */
export function errorLine(e: ErrorPayload): string {
  const view = describeError(e);
  return e.message ? `${view.title} ${capitalise(e.message)}` : view.title;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Error messages beside a field read as sentences. */
export function fieldMessage(message: string): string {
  return capitalise(message);
}
