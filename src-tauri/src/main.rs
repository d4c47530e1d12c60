//! `rapport-app`: the desktop face of Rapport. A thin Tauri shell over the `rapport` core: it opens
//! the store, exposes one command per core call to the Svelte UI (ui/), and owns nothing else —
//! no rules, no SQL. See CONTRACT-ui-shell.md for the command contract.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod notify;
mod scheduler;
mod settings;
mod state;
mod trace;
mod tray;
mod webview;

use tauri::Manager;

fn main() {
    trace::stage("main");
    tauri::Builder::default()
        // Must be the first plugin: a second launch hands over to the first and exits at once.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            tray::show_main_window(app);
        }))
        .plugin(tauri_plugin_dialog::init())
        // "Start at login" (Settings): a login item / autostart entry that opens Rapport hidden in the tray.
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec![tray::START_HIDDEN_ARG]),
        ))
        // RAPPORT_DATA_DIR, else the folder last picked on the start-up problem screen, else the default.
        .manage(state::AppState::new(settings::data_dir()))
        .manage(commands::ImportCancel::default())
        .manage(commands::ExportCancel::default())
        .setup(|app| {
            // Accelerated compositing off (Linux): about a second sooner to the first paint.
            webview::configure(app);
            // Open the store off the main thread while the window loads; the first command that
            // needs it waits for this (state::AppState::ensure_open runs once, whoever comes first).
            let handle = app.handle().clone();
            tauri::async_runtime::spawn_blocking(move || {
                handle.state::<state::AppState>().lock().ensure_open();
            });
            // The tray keeps Rapport (and its reminders) running when the window is closed.
            tray::install(app);
            // Reminders: desktop notifications at their time, missed ones at start-up.
            scheduler::start(app.handle());
            Ok(())
        })
        .on_window_event(tray::on_window_event)
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
            commands::reminders_due,
            commands::reminder_settings_get,
            commands::reminder_settings_set,
            commands::followups_list,
            commands::followups_add,
            commands::followups_done,
            commands::followups_skip,
            commands::followups_snooze,
            commands::contact_staleness,
            commands::tag_cadences_list,
            commands::tag_cadence_set,
            commands::autostart_get,
            commands::autostart_set,
            commands::dashboard_get,
            commands::profiles_get,
            commands::profiles_at_risk,
            commands::profile_rate,
            commands::profile_note_add,
            commands::kick_out_add,
            commands::kick_out_update,
            commands::profile_set_level,
            commands::profile_set_resolve_by,
            commands::profile_export,
            commands::kudos_add,
            commands::kudos_list,
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
            commands::surveys_preview,
            commands::surveys_import,
            commands::surveys_list,
            commands::surveys_report,
            commands::surveys_trend,
            commands::surveys_responses,
            commands::survey_link_contact,
            commands::survey_create_contact,
            commands::survey_link_issue,
            commands::survey_open_issue,
            commands::contact_survey_history,
            commands::survey_profiles_list,
            commands::survey_profile_get,
            commands::survey_profile_save,
            commands::export_survey,
            commands::survey_template,
            commands::export_cancel,
            commands::export_issues,
            commands::export_contact_list,
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("rapport-app: could not start the window system: {e}");
            std::process::exit(1);
        });
}
