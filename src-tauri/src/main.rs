//! `rapport-app`: the desktop face of Rapport. A thin Tauri shell over the `rapport` core: it opens
//! the store, exposes one command per core call to the Svelte UI (ui/), and owns nothing else —
//! no rules, no SQL. See CONTRACT-ui-shell.md for the command contract.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod settings;
mod state;
mod trace;
mod webview;

use tauri::Manager;

fn main() {
    trace::stage("main");
    tauri::Builder::default()
        // Must be the first plugin: a second launch hands over to the first and exits at once.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        // RAPPORT_DATA_DIR, else the folder last picked on the start-up problem screen, else the default.
        .manage(state::AppState::new(settings::data_dir()))
        .manage(commands::ImportCancel::default())
        .setup(|app| {
            // Accelerated compositing off (Linux): about a second sooner to the first paint.
            webview::configure(app);
            // Open the store off the main thread while the window loads; the first command that
            // needs it waits for this (state::AppState::ensure_open runs once, whoever comes first).
            let handle = app.handle().clone();
            tauri::async_runtime::spawn_blocking(move || {
                handle.state::<state::AppState>().lock().ensure_open();
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::app_recover,
            commands::app_open_folder,
            commands::app_ready,
            commands::contacts_list,
            commands::contacts_search,
            commands::contacts_get,
            commands::contacts_validate,
            commands::contacts_create,
            commands::contacts_update,
            commands::contacts_delete,
            commands::contacts_restore,
            commands::trash_list,
            commands::trash_empty,
            commands::tags_list,
            commands::organizations_list,
            commands::interactions_add,
            commands::team_list,
            commands::team_add,
            commands::team_set_active,
            commands::store_info,
            commands::store_backup,
            commands::store_restore,
            commands::store_check,
            commands::issues_list,
            commands::issues_get,
            commands::issues_create,
            commands::issues_update,
            commands::issues_close,
            commands::issues_escalate,
            commands::issues_queue,
            commands::issues_escalations,
            commands::issues_stats,
            commands::issues_workflow,
            commands::issue_categories_list,
            commands::issue_categories_add,
            commands::issue_categories_remove,
            commands::escalation_ladder_get,
            commands::escalation_ladder_set,
            commands::import_preview,
            commands::import_run,
            commands::import_cancel,
            commands::import_profiles_list,
            commands::import_profile_get,
            commands::import_profile_save,
            commands::duplicates_list,
            commands::contacts_merge,
            commands::contacts_merge_undo,
            commands::contacts_export,
            commands::export_all,
            commands::meetings_list,
            commands::meetings_get,
            commands::meetings_agenda,
            commands::meetings_add,
            commands::meeting_issue_update,
            commands::meeting_action_done,
            commands::meeting_action_to_follow_up,
            commands::meeting_action_to_issue,
            commands::meetings_upcoming,
            commands::meetings_happiness,
            commands::export_meeting_pack,
            commands::export_minutes,
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("rapport-app: could not start the window system: {e}");
            std::process::exit(1);
        });
}
