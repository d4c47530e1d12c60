import { describe, expect, it } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import type { Channel } from '@tauri-apps/api/core';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import Import from './Import.svelte';
import { recorder } from '../test/fixtures';
import type { ImportPreview } from '../lib/bindings/ImportPreview';
import type { ImportProgress } from '../lib/bindings/ImportProgress';
import type { ImportReport } from '../lib/bindings/ImportReport';

function report(extra: Partial<ImportReport> = {}): ImportReport {
  return {
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
    ...extra,
  };
}

const vcardPreview: ImportPreview = {
  file: '/tmp/friends.vcf',
  format: 'vcard',
  encoding: 'UTF-8',
  csv: null,
  recognised: true,
  entries: [{ line: 1, name: 'Ann Lee', email: 'ann@example.com', phone: null, organization: null, birthday: '1980-02-29' }],
  total: 2,
  dry_run: report({
    created: 1,
    updated: 1,
    dry_run: true,
    matched: [{ file: '/tmp/friends.vcf', line: 7, contact_id: 12, contact_name: 'Bo Chan', changes: true }],
  }),
};

function csvPreview(mapped: boolean): ImportPreview {
  return {
    file: '/tmp/till.csv',
    format: 'csv',
    encoding: 'windows-1252',
    csv: {
      encoding: 'windows-1252',
      delimiter: ';',
      headers: ['Wer', 'Post'],
      mapping: {
        delimiter: ';',
        has_header: true,
        day_first: false,
        columns: mapped ? [{ position: 0, header: 'Wer', field: 'name', label: null, group: 100 }] : [],
      },
      rows: [
        ['Wer', 'Post'],
        ['José Ruiz', 'jose@example.com'],
      ],
    },
    recognised: false,
    entries: mapped ? [{ line: 2, name: 'José Ruiz', email: null, phone: null, organization: null, birthday: null }] : [],
    total: mapped ? 1 : 0,
    dry_run: report({
      dry_run: true,
      created: mapped ? 1 : 0,
      errors: mapped ? [] : [{ file: '/tmp/till.csv', line: 1, message: 'no column of this file could be recognised' }],
    }),
  };
}

async function addPath(path: string) {
  const input = screen.getByTestId('import-path') as HTMLInputElement;
  await fireEvent.input(input, { target: { value: path } });
  await fireEvent.click(screen.getByTestId('import-add-path'));
}

describe('Import wizard', () => {
  it('previews a typed path, shows matches, imports with progress and summarises with rows', async () => {
    const r = recorder({
      import_profiles_list: () => [],
      import_preview: () => vcardPreview,
      import_run: (args) => {
        const channel = args.on_progress as Channel<ImportProgress>;
        channel.onmessage({ file: '/tmp/friends.vcf', file_index: 0, files: 1, stage: 'writing', done: 1, total: 2 });
        return report({
          created: 1,
          updated: 1,
          skipped: 1,
          files: [{ file: '/tmp/friends.vcf', format: 'vcard', outcome: 'imported', created: 1, updated: 1, skipped: 1 }],
          skipped_rows: [{ file: '/tmp/friends.vcf', line: 14, message: 'no name, email, phone or organisation' }],
          warnings: [{ file: '/tmp/friends.vcf', line: 9, message: "'x' is not an email address; left out" }],
        });
      },
    });
    mockIPC(r.handle);
    render(Import);
    await addPath('/tmp/friends.vcf');
    expect(screen.getAllByTestId('import-file')).toHaveLength(1);
    await fireEvent.click(screen.getByTestId('import-next'));

    expect((await screen.findByTestId('import-format')).textContent).toBe('vCard');
    expect(screen.getByTestId('import-detected-encoding').textContent).toBe('UTF-8');
    expect(screen.getByTestId('import-entries').textContent).toContain('Ann Lee');
    expect(screen.getByTestId('import-dry-run').textContent).toContain('Would create 1, update 1, skip 0');
    expect(r.of('import_preview')[0].args).toEqual({ path: '/tmp/friends.vcf', encoding: null, mapping: null });

    await fireEvent.click(screen.getByTestId('import-next'));
    expect(screen.getByTestId('import-matches').textContent).toContain('/tmp/friends.vcf, line 7');
    expect(screen.getByTestId('import-matches').textContent).toContain('Bo Chan');

    await fireEvent.click(screen.getByTestId('import-run'));
    const summary = await screen.findByTestId('import-summary');
    expect(screen.getByTestId('import-created').textContent).toBe('1');
    expect(screen.getByTestId('import-updated').textContent).toBe('1');
    expect(screen.getByTestId('import-skipped').textContent).toBe('1');
    expect(screen.getByTestId('import-skipped-rows').textContent).toContain('/tmp/friends.vcf, line 14: no name');
    expect(summary.textContent).toContain('line 9');
    expect(r.of('import_run')[0].args.files).toEqual([{ path: '/tmp/friends.vcf', encoding: null, mapping: null }]);
  });

  it('re-reads the preview with the encoding the owner picks', async () => {
    const r = recorder({ import_profiles_list: () => [], import_preview: () => vcardPreview });
    mockIPC(r.handle);
    render(Import);
    await addPath('/tmp/friends.vcf');
    await fireEvent.click(screen.getByTestId('import-next'));
    const select = (await screen.findByTestId('import-encoding')) as HTMLSelectElement;
    await fireEvent.change(select, { target: { value: 'windows-1252' } });
    await waitFor(() => expect(r.of('import_preview')).toHaveLength(2));
    expect(r.of('import_preview')[1].args.encoding).toBe('windows-1252');
  });

  it('asks for columns when a CSV is not recognised, sends the chosen mapping and saves it as a profile', async () => {
    const r = recorder({
      import_profiles_list: () => ['Shop till'],
      import_preview: (args) => csvPreview(args.mapping !== null),
      import_profile_save: () => null,
    });
    mockIPC(r.handle);
    render(Import);
    await addPath('/tmp/till.csv');
    await fireEvent.click(screen.getByTestId('import-next'));
    expect((await screen.findByTestId('import-errors')).textContent).toContain('line 1');
    const next = screen.getAllByTestId('import-next').at(-1) as HTMLButtonElement;
    expect(next.disabled).toBe(true);

    const column = screen.getByLabelText('Field for Wer') as HTMLSelectElement;
    await fireEvent.change(column, { target: { value: 'name' } });
    await waitFor(() => expect(r.of('import_preview')).toHaveLength(2));
    const mapping = r.of('import_preview')[1].args.mapping as { columns: { position: number; field: string }[]; delimiter: string };
    expect(mapping.columns).toEqual([{ position: 0, header: 'Wer', field: 'name', label: null, group: 100 }]);
    expect(mapping.delimiter).toBe(';');
    await waitFor(() => expect(screen.queryByTestId('import-errors')).toBeNull());
    expect(screen.getByTestId('import-entries').textContent).toContain('José Ruiz');

    await fireEvent.input(screen.getByTestId('profile-name'), { target: { value: 'Till export' } });
    await fireEvent.click(screen.getByTestId('profile-save'));
    await waitFor(() => expect(r.of('import_profile_save')).toHaveLength(1));
    expect(r.of('import_profile_save')[0].args.name).toBe('Till export');
  });

  it('Cancel asks the shell to stop and the summary says the file was rolled back', async () => {
    let finish: (r: ImportReport) => void = () => {};
    const r = recorder({
      import_profiles_list: () => [],
      import_preview: () => vcardPreview,
      import_run: () => new Promise<ImportReport>((resolve) => (finish = resolve)),
      import_cancel: () => {
        finish(
          report({
            cancelled: true,
            files: [{ file: '/tmp/friends.vcf', format: 'vcard', outcome: 'cancelled', created: 0, updated: 0, skipped: 0 }],
          }),
        );
        return null;
      },
    });
    mockIPC(r.handle);
    render(Import);
    await addPath('/tmp/friends.vcf');
    await fireEvent.click(screen.getByTestId('import-next'));
    await screen.findByTestId('import-format');
    await fireEvent.click(screen.getByTestId('import-next'));
    await fireEvent.click(screen.getByTestId('import-run'));
    await fireEvent.click(await screen.findByTestId('import-cancel'));
    const summary = await screen.findByTestId('import-summary');
    expect(summary.textContent).toContain('Import stopped');
    expect(screen.getByTestId('import-file-result').getAttribute('data-outcome')).toBe('cancelled');
    expect(r.of('import_cancel')).toHaveLength(1);
  });
});
