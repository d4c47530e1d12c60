import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { appStatus } from './lib/api/app';
import { firstPageQuery, prefetchContacts } from './lib/api/contacts';
import type { AppStatus } from './lib/bindings/AppStatus';

// In a plain browser (vite dev, or a build opened with `?mock`) there is no Tauri shell; a sample
// backend stands in so the screens can be seen. Inside the app `__TAURI_INTERNALS__` exists and the
// sample backend is never loaded.
//
// Start-up (bench/startup): inside the app, `app_status` and, when the contacts screen opens first,
// the contact list's first page are asked for before App mounts, so the core answers while the shell
// and the contacts screen mount (the other screens are in their own chunks, loaded when shown). App
// takes the status promise; the list takes the page once. (Loading App itself as a separate chunk
// after these requests measured no faster: the chunk's fetch and its CSS came after the entry.)
async function start() {
  let status: Promise<AppStatus> | undefined;
  if ('__TAURI_INTERNALS__' in window) {
    status = appStatus();
    status.catch(() => {}); // App awaits it and shows the failure
    // The contacts screen opens first with no hash (or its own); nav.svelte.ts reads the hash again.
    if (/^(#?|#\/contacts(\/\d+)?)$/.test(location.hash)) {
      prefetchContacts(firstPageQuery());
    }
  } else {
    const wantsMock = import.meta.env.DEV || new URLSearchParams(location.search).has('mock');
    if (wantsMock) {
      const { installMockBackend } = await import('./lib/dev/mockBackend');
      installMockBackend(new URLSearchParams(location.search).get('mock') ?? '');
    }
  }
  mount(App, { target: document.getElementById('app')!, props: { status } });
}

void start();
