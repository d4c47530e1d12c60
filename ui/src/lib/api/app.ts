// Start-up and recovery: how the data file opened, and the ways out when it did not.
import { call } from './ipc';
import type { AppStatus } from '../bindings/AppStatus';

export const appStatus = () => call<AppStatus>('app_status');

/** Restores `backupPath` in place of the unusable data file, then opens it. */
export const appRecover = (backupPath: string) =>
  call<AppStatus>('app_recover', { backup_path: backupPath });

/** Switches to another data folder (a new store is made there when it is empty). */
export const appOpenFolder = (path: string) => call<AppStatus>('app_open_folder', { path });

let reported = false;
let generation = 0;

/**
 * Tells the shell, once per run, that the first screen has painted its data (the start-up bench
 * times this; CONTRACT-ui-shell.md "Start-up hooks"). Waits two animation frames so the paint has
 * happened; counts the contact rows in the DOM; ignores every error.
 */
export function reportFirstPaint(screen: string, countRows = false): void {
  if (reported) return;
  reported = true;
  const mine = generation;
  const raf = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (f: () => void) => setTimeout(f, 16);
  raf(() =>
    raf(() => {
      if (mine !== generation) return;
      const rows = countRows ? document.querySelectorAll('[data-testid="contact-row"]').length : null;
      call<null>('app_ready', { screen, rows }).catch(() => {});
    }),
  );
}

/** For tests: lets the next first paint be reported again. */
export function resetFirstPaint(): void {
  reported = false;
  generation++;
}
