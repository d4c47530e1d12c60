// Signals the first paint the way the Rapport UI does: after two animation frames.
requestAnimationFrame(() =>
  requestAnimationFrame(() => window.__TAURI_INTERNALS__.invoke('app_ready', { screen: 'bare' })),
);
