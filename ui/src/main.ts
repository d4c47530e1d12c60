import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';

// In a plain browser (vite dev, or a build opened with `?mock`) there is no Tauri shell; a sample
// backend stands in so the screens can be seen. Inside the app `__TAURI_INTERNALS__` exists and the
// sample backend is never loaded.
async function start() {
  const wantsMock = import.meta.env.DEV || new URLSearchParams(location.search).has('mock');
  if (wantsMock && !('__TAURI_INTERNALS__' in window)) {
    const { installMockBackend } = await import('./lib/dev/mockBackend');
    installMockBackend(new URLSearchParams(location.search).get('mock') ?? '');
  }
  mount(App, { target: document.getElementById('app')! });
}

void start();
