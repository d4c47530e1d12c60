//! How the main window's web view renders (bench/startup/README.md, "Accelerated compositing off").
//!
//! On Linux, WebKitGTK's accelerated compositing costs about a second before the first paint
//! whenever it runs in software (no GPU, a virtual machine, a remote session) — two thirds of the
//! app's start-up. Rapport's pages are plain documents (a form, a list, a few panes) that WebKit
//! paints directly without compositing, so the window turns it off through the web view's own
//! settings: it ships in the app, needs no environment variable, and is exactly what the end-to-end
//! tests drive. `RAPPORT_WEBKIT_COMPOSITING=1` keeps WebKit's default, should a machine ever draw
//! badly without it.

use tauri::{App, Manager, Runtime};

/// Applies the rendering settings to the main window's web view. Called from `setup`, before the
/// page's first layout (the setting reaches the web process ahead of the page's content).
pub fn configure<R: Runtime>(app: &App<R>) {
    crate::trace::stage("setup");
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    let compositing = std::env::var_os("RAPPORT_WEBKIT_COMPOSITING").is_some_and(|v| v == "1");
    let applied = window.with_webview(move |webview| {
        #[cfg(target_os = "linux")]
        {
            use webkit2gtk::{HardwareAccelerationPolicy, LoadEvent, SettingsExt, WebViewExt};
            let webview = webview.inner();
            if !compositing {
                if let Some(settings) = WebViewExt::settings(&webview) {
                    settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
                }
            }
            // For the start-up bench: when the page's document arrived and finished loading.
            crate::trace::stage("webview-configured");
            webview.connect_load_changed(|_, event| match event {
                LoadEvent::Committed => crate::trace::first("page-committed"),
                LoadEvent::Finished => crate::trace::first("page-loaded"),
                _ => {}
            });
        }
        #[cfg(not(target_os = "linux"))]
        let _ = (webview, compositing);
    });
    if let Err(e) = applied {
        eprintln!("rapport-app: could not configure the web view: {e}");
    }
}
