// The app runs under a strict Content Security Policy and renders user data only as text. These
// checks read the source so a slip (an {@html}, an inline style or script) fails here, not in the app.
import { describe, expect, it } from 'vitest';

const sources = import.meta.glob(['/src/**/*.svelte', '/src/**/*.ts', '/src/**/*.css', '!/src/**/*.test.ts', '!/src/test/**'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;
const indexHtml = Object.values(
  import.meta.glob('/index.html', { query: '?raw', import: 'default', eager: true }) as Record<string, string>,
)[0];

describe('markup safety and CSP', () => {
  it('reads the sources it checks', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(20);
    expect(Object.keys(sources)).toContain('/src/lib/components/ContactDetailPane.svelte');
  });

  it('never interprets strings as markup or code', () => {
    const banned = [/\{@html/, /\.innerHTML\b/, /\.outerHTML\b/, /insertAdjacentHTML/, /\beval\(/, /new Function\(/];
    for (const [path, text] of Object.entries(sources)) {
      for (const pattern of banned) expect(pattern.test(text), `${path} matches ${pattern}`).toBe(false);
    }
  });

  it('uses no style="…" attributes in markup (classes, variables and style: directives instead)', () => {
    for (const [path, text] of Object.entries(sources)) {
      if (!path.endsWith('.svelte')) continue;
      expect(/\sstyle=["{]/.test(text), path).toBe(false);
    }
  });

  it('index.html has only the module entry script and loads nothing remote', () => {
    const scripts = indexHtml.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts).toEqual(['<script type="module" src="/src/main.ts">']);
    expect(indexHtml).not.toMatch(/https?:\/\//);
    expect(indexHtml).not.toMatch(/\sstyle=/);
  });

  it('loads no remote fonts or stylesheets', () => {
    for (const [path, text] of Object.entries(sources)) {
      expect(/@import\s+url\(|fonts\.googleapis|https?:\/\/[^\s'"]*\.(css|woff2?)/.test(text), path).toBe(false);
    }
  });
});
