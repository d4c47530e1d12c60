import { describe, expect, it } from 'vitest';
import { describeError, errorLine } from './errors';

// Every code the core can send (src/error.rs `Error::code`).
const coreCodes = [
  'invalid_field',
  'not_found',
  'conflict',
  'newer_schema',
  'not_rapport_file',
  'corrupt',
  'locked',
  'disk_full',
  'migration_failed',
  'io',
  'database',
];

describe('errors', () => {
  it('has its own plain-words entry for every core error code', () => {
    const fallback = describeError({ code: 'no_such_code', message: '', field: null });
    for (const code of coreCodes) {
      const view = describeError({ code, message: 'x', field: null });
      expect(view, code).not.toEqual(fallback);
      expect(view.title.length, code).toBeGreaterThan(10);
    }
  });

  it('says what to do when the file is damaged, and keeps the core’s specific message', () => {
    const line = errorLine({ code: 'corrupt', message: '/data/rapport.sqlite3 is damaged (bad page)', field: null });
    expect(line).toContain('damaged');
    expect(line).toContain('/data/rapport.sqlite3');
    expect(describeError({ code: 'corrupt', message: '', field: null }).advice).toMatch(/backup/i);
  });

  it('falls back to a calm general message for an unknown code', () => {
    expect(describeError({ code: 'weird', message: '', field: null }).title).toBe('Something went wrong.');
  });
});
