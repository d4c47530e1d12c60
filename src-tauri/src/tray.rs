//! The tray icon ("Open Rapport", "Quit") and closing to the tray: with a tray icon shown, closing
//! the window hides it and Rapport keeps running, so reminders keep arriving; Quit ends it. Where
//! no tray can be shown, closing the window quits as before (nothing would bring it back).
//! Started at login (`--hidden`), the window stays hidden until opened from the tray.

use std::sync::atomic::{AtomicBool, Ordering};

use tauri::menu::{Menu, MenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{App, AppHandle, Manager, Runtime, Window, WindowEvent};

/// The argument the login item starts Rapport with: no window until it is opened from the tray.
pub const START_HIDDEN_ARG: &str = "--hidden";

/// Whether a tray icon is shown (then closing the window only hides it).
static IN_TRAY: AtomicBool = AtomicBool::new(false);

pub fn show_main_window<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

pub fn install(app: &mut App) {
    // RAPPORT_NO_TRAY=1: no tray, and closing the window quits (the end-to-end tests close it).
    if std::env::var_os("RAPPORT_NO_TRAY").is_some_and(|v| v == "1") {
        return;
    }
    // The tray library loads the system's indicator library at run time and panics without it:
    // then Rapport runs without a tray rather than not at all.
    let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build(app)));
    match built {
        Ok(Ok(())) => {
            IN_TRAY.store(true, Ordering::SeqCst);
            if std::env::args().any(|a| a == START_HIDDEN_ARG) {
                if let Some(window) = app.get_webview_window("main") {
                    let _ = window.hide();
                }
            }
        }
        Ok(Err(e)) => eprintln!("rapport-app: no tray icon: {e}"),
        Err(_) => eprintln!("rapport-app: no tray icon (no system tray library)"),
    }
}

fn build(app: &mut App) -> tauri::Result<()> {
    let open = MenuItem::with_id(app, "open", "Open Rapport", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "Quit", true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&open, &quit])?;
    let mut tray = TrayIconBuilder::with_id("rapport")
        .tooltip("Rapport")
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| match event.id.as_ref() {
            "open" => show_main_window(app),
            "quit" => app.exit(0),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                show_main_window(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

/// Closing the window hides it while a tray icon can bring it back.
pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    if let WindowEvent::CloseRequested { api, .. } = event {
        if IN_TRAY.load(Ordering::SeqCst) && window.label() == "main" {
            api.prevent_close();
            let _ = window.hide();
        }
    }
}
