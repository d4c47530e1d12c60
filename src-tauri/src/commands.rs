//! The commands the UI invokes (CONTRACT-ui-shell.md). Each is one core call: it takes the
//! arguments, runs the call on a blocking thread (rusqlite blocks; the main thread never waits on
//! the database) and maps the core error to `ErrorPayload`.

use std::path::PathBuf;

use chrono::NaiveDate;

use rapport::contacts::{
    Contact, ContactDetail, ContactInput, ContactPage, ContactQuery, OrganizationRef, TrashItem,
};
use rapport::exchange::{
    ColumnMapping, ContactExportFormat, CsvProfile, DuplicateCandidate, ExportAllReport,
    ImportFile, ImportPreview, ImportProgress, ImportReport, ImportWatch, MergeField, MergeReport,
};
use rapport::interactions::InteractionInput;
use rapport::issues::{
    AsOf, ClosedHow, EscalationLevel, EscalationSuggestion, IssueDetail, IssueFilter, IssueInput,
    IssuePage, IssueUpdate, QueueItem, Stats, StatusMove,
};
use rapport::meetings::{
    AgendaItem, HappinessPoint, Meeting, MeetingDetail, MeetingFilter, MeetingInput,
    UpcomingMeeting,
};
use rapport::profiles::{Dashboard, KickOutStatus, Kudos, KudosInput, Level, NoteKind, Profile};
use rapport::reminders::{
    FollowUp, FollowUpFilter, FollowUpInput, Reminder, ReminderSettings, ReminderWindow, Staleness,
    TagCadence,
};
use rapport::reports::{ExportCounts, ExportProgress, ExportWatch};
use rapport::store::{AppStatus, CheckReport, StoreInfo};
use rapport::surveys::{
    ImportOptions, ImportReport as SurveyImportReport, Mapping, ResponseLine, SurveyPreview,
    SurveyReport, SurveySummary, TrendPoint,
};
use rapport::team::TeamMember;
use rapport::{ErrorPayload, FieldError, Store};
use tauri::ipc::{Channel, JavaScriptChannelId};
use tauri::{AppHandle, Manager, State};

use crate::state::{AppState, Inner};

type CmdResult<T> = Result<T, ErrorPayload>;

/// Runs `f` with the shell state on a blocking thread.
async fn with_state<T: Send + 'static>(
    app: AppHandle,
    f: impl FnOnce(&mut Inner) -> CmdResult<T> + Send + 'static,
) -> CmdResult<T> {
    tauri::async_runtime::spawn_blocking(move || f(&mut app.state::<AppState>().lock()))
        .await
        .unwrap_or_else(|e| {
            Err(ErrorPayload {
                code: "internal".into(),
                message: format!("the command stopped unexpectedly: {e}"),
                field: None,
            })
        })
}

/// Runs one core call against the open store on a blocking thread.
async fn with_store<T: Send + 'static>(
    app: AppHandle,
    f: impl FnOnce(&mut Store) -> rapport::Result<T> + Send + 'static,
) -> CmdResult<T> {
    with_state(app, move |inner| {
        f(inner.store()?).map_err(|e| ErrorPayload::from(&e))
    })
    .await
}

/// The local clock. The shell is one of the two places allowed to read it: the core takes "now"
/// and "today" as arguments (STYLE.md §3).
#[allow(clippy::disallowed_methods)]
fn local_now() -> chrono::DateTime<chrono::Local> {
    chrono::Local::now()
}

/// "Today" where the owner is.
fn local_today() -> chrono::NaiveDate {
    local_now().date_naive()
}

// ---- start-up and data folder ----

#[tauri::command(rename_all = "snake_case")]
pub async fn app_status(app: AppHandle) -> CmdResult<AppStatus> {
    crate::trace::stage("app-status");
    with_state(app, |inner| Ok(inner.status())).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn app_recover(app: AppHandle, backup_path: String) -> CmdResult<AppStatus> {
    with_state(app, move |inner| {
        inner.refuse_recover_when_ready()?;
        let dir = inner.data_dir().map(PathBuf::from).ok_or_else(no_folder)?;
        let stamp = local_now().format("%Y%m%dT%H%M%S").to_string();
        let (store, _aside) = Store::recover_from_backup(&dir, &PathBuf::from(backup_path), &stamp)
            .map_err(|e| ErrorPayload::from(&e))?;
        inner.replace(store);
        Ok(inner.status())
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn app_open_folder(app: AppHandle, path: String) -> CmdResult<AppStatus> {
    with_state(app, move |inner| {
        let store = Store::open_in(&PathBuf::from(path)).map_err(|e| ErrorPayload::from(&e))?;
        // The next launch opens this folder too (unless RAPPORT_DATA_DIR says otherwise).
        crate::settings::remember_data_dir(store.data_dir());
        inner.replace(store);
        Ok(inner.status())
    })
    .await
}

/// The UI's signal that its first screen has painted (CONTRACT-ui-shell.md, "Start-up hooks").
/// Only the start-up bench listens (`RAPPORT_TRACE_STARTUP`).
#[tauri::command(rename_all = "snake_case")]
pub async fn app_ready(screen: String, rows: Option<u32>) -> CmdResult<()> {
    crate::trace::ready(&screen, rows.unwrap_or(0));
    Ok(())
}

fn no_folder() -> ErrorPayload {
    ErrorPayload {
        code: "io".into(),
        message: "no data folder is set".into(),
        field: None,
    }
}

// ---- contacts ----

#[tauri::command(rename_all = "snake_case")]
pub async fn contacts_list(app: AppHandle, mut query: ContactQuery) -> CmdResult<ContactPage> {
    query.today.get_or_insert_with(local_today);
    crate::trace::first("contacts-list");
    let page = with_store(app, move |s| s.list_contacts(&query)).await;
    crate::trace::first("contacts-list-done");
    page
}

#[tauri::command(rename_all = "snake_case")]
pub async fn contacts_search(app: AppHandle, text: String, limit: u32) -> CmdResult<Vec<Contact>> {
    with_store(app, move |s| s.search_contacts(&text, limit)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn contacts_get(app: AppHandle, id: i64) -> CmdResult<ContactDetail> {
    let today = local_today();
    with_store(app, move |s| s.contact_detail(id, today)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn contacts_validate(input: ContactInput) -> CmdResult<Vec<FieldError>> {
    Ok(rapport::contacts::validate_contact(&input)
        .err()
        .unwrap_or_default())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn contacts_create(app: AppHandle, input: ContactInput) -> CmdResult<i64> {
    with_store(app, move |s| s.add_contact(&input)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn contacts_update(app: AppHandle, id: i64, input: ContactInput) -> CmdResult<()> {
    with_store(app, move |s| s.update_contact(id, &input)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn contacts_delete(app: AppHandle, id: i64) -> CmdResult<()> {
    with_store(app, move |s| s.delete_contact(id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn contacts_restore(app: AppHandle, id: i64) -> CmdResult<()> {
    with_store(app, move |s| s.restore_contact(id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn trash_list(app: AppHandle) -> CmdResult<Vec<TrashItem>> {
    with_store(app, |s| s.trash()).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn trash_empty(app: AppHandle) -> CmdResult<usize> {
    with_store(app, |s| s.empty_trash()).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn tags_list(app: AppHandle) -> CmdResult<Vec<String>> {
    with_store(app, |s| s.tags()).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn organizations_list(app: AppHandle) -> CmdResult<Vec<OrganizationRef>> {
    with_store(app, |s| s.organizations()).await
}

// ---- interactions and team ----

#[tauri::command(rename_all = "snake_case")]
pub async fn interactions_add(app: AppHandle, input: InteractionInput) -> CmdResult<i64> {
    with_store(app, move |s| s.add_interaction(&input)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn team_list(app: AppHandle) -> CmdResult<Vec<TeamMember>> {
    with_store(app, |s| s.team()).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn team_add(app: AppHandle, name: String, email: Option<String>) -> CmdResult<i64> {
    with_store(app, move |s| s.add_team_member(&name, email.as_deref())).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn team_set_active(app: AppHandle, id: i64, active: bool) -> CmdResult<()> {
    with_store(app, move |s| s.set_team_member_active(id, active)).await
}

// ---- the data file ----

#[tauri::command(rename_all = "snake_case")]
pub async fn store_info(app: AppHandle) -> CmdResult<StoreInfo> {
    with_store(app, |s| s.info()).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn store_backup(app: AppHandle, path: String) -> CmdResult<()> {
    with_store(app, move |s| s.backup_to(&PathBuf::from(path))).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn store_restore(app: AppHandle, path: String) -> CmdResult<String> {
    with_store(app, move |s| {
        s.restore_from(&PathBuf::from(path))
            .map(|saved| saved.display().to_string())
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn store_check(app: AppHandle) -> CmdResult<CheckReport> {
    with_store(app, |s| s.check()).await
}

// ---- customer issues ----

/// "Now" for date-dependent answers: this instant, and the owner's local date and UTC offset.
fn as_of() -> AsOf {
    AsOf::new(local_now().with_timezone(&chrono::Utc), &chrono::Local)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn issues_list(app: AppHandle, filter: IssueFilter) -> CmdResult<IssuePage> {
    let as_of = as_of();
    with_store(app, move |s| s.issue_page(&filter, &as_of)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn issues_get(app: AppHandle, id: i64) -> CmdResult<IssueDetail> {
    let as_of = as_of();
    with_store(app, move |s| s.issue_detail(id, &as_of)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn issues_create(app: AppHandle, input: IssueInput) -> CmdResult<i64> {
    with_store(app, move |s| s.add_issue(&input)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn issues_update(app: AppHandle, id: i64, update: IssueUpdate) -> CmdResult<()> {
    with_store(app, move |s| s.update_issue(id, &update)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn issues_close(
    app: AppHandle,
    id: i64,
    how: ClosedHow,
    score: Option<u8>,
    comment: Option<String>,
) -> CmdResult<()> {
    with_store(app, move |s| {
        s.close_issue(id, how, score, comment.as_deref())
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn issues_escalate(app: AppHandle, id: i64, level: u32, reason: String) -> CmdResult<()> {
    with_store(app, move |s| s.escalate_issue(id, level, &reason)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn issues_queue(app: AppHandle, limit: Option<u32>) -> CmdResult<Vec<QueueItem>> {
    let as_of = as_of();
    with_store(app, move |s| s.issue_queue(&as_of, limit)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn issues_escalations(app: AppHandle) -> CmdResult<Vec<EscalationSuggestion>> {
    let as_of = as_of();
    with_store(app, move |s| s.escalations_due(&as_of)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn issues_stats(app: AppHandle) -> CmdResult<Stats> {
    let as_of = as_of();
    with_store(app, move |s| s.issue_stats(&as_of)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn issues_workflow() -> CmdResult<Vec<StatusMove>> {
    Ok(rapport::issues::status_moves())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn issue_categories_list(app: AppHandle) -> CmdResult<Vec<String>> {
    with_store(app, |s| s.issue_categories()).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn issue_categories_add(app: AppHandle, name: String) -> CmdResult<()> {
    with_store(app, move |s| s.add_issue_category(&name)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn issue_categories_remove(app: AppHandle, name: String) -> CmdResult<()> {
    with_store(app, move |s| s.remove_issue_category(&name)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn escalation_ladder_get(app: AppHandle) -> CmdResult<Vec<EscalationLevel>> {
    with_store(app, |s| s.escalation_ladder()).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn escalation_ladder_set(app: AppHandle, levels: Vec<EscalationLevel>) -> CmdResult<()> {
    with_store(app, move |s| s.set_escalation_ladder(&levels)).await
}

// ---- contacts in and out (issue 8) ----

/// The flag `import_cancel` raises for the import in progress. It lives outside the store's lock
/// (the import holds that lock while it runs), so a cancel gets through at once.
#[derive(Default)]
pub struct ImportCancel(pub std::sync::Arc<std::sync::atomic::AtomicBool>);

/// Sends the core's progress reports down the UI's channel and tells the core when to stop.
struct ChannelWatch {
    channel: Channel<ImportProgress>,
    cancel: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl ImportWatch for ChannelWatch {
    fn progress(&mut self, progress: &ImportProgress) {
        // A closed window cannot stop the import: a failed send is ignored.
        let _ = self.channel.send(progress.clone());
    }
    fn cancelled(&self) -> bool {
        self.cancel.load(std::sync::atomic::Ordering::SeqCst)
    }
}

#[tauri::command(rename_all = "snake_case")]
pub async fn import_preview(
    app: AppHandle,
    path: String,
    encoding: Option<String>,
    mapping: Option<ColumnMapping>,
) -> CmdResult<ImportPreview> {
    with_store(app, move |s| {
        s.preview_contact_file(&PathBuf::from(path), encoding.as_deref(), mapping.as_ref())
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn import_run(
    app: AppHandle,
    cancel: State<'_, ImportCancel>,
    files: Vec<ImportFile>,
    on_progress: Channel<ImportProgress>,
) -> CmdResult<ImportReport> {
    let flag = cancel.0.clone();
    flag.store(false, std::sync::atomic::Ordering::SeqCst);
    let mut watch = ChannelWatch {
        channel: on_progress,
        cancel: flag,
    };
    with_store(app, move |s| s.import_file_list(&files, false, &mut watch)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn import_cancel(cancel: State<'_, ImportCancel>) -> CmdResult<()> {
    cancel.0.store(true, std::sync::atomic::Ordering::SeqCst);
    Ok(())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn import_profiles_list(app: AppHandle) -> CmdResult<Vec<String>> {
    with_store(app, |s| s.csv_profile_names()).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn import_profile_get(app: AppHandle, name: String) -> CmdResult<CsvProfile> {
    with_store(app, move |s| s.csv_profile(&name)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn import_profile_save(
    app: AppHandle,
    name: String,
    mapping: ColumnMapping,
) -> CmdResult<()> {
    with_store(app, move |s| s.save_csv_profile(&name, &mapping)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn duplicates_list(app: AppHandle) -> CmdResult<Vec<DuplicateCandidate>> {
    with_store(app, |s| s.duplicate_candidates()).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn contacts_merge(
    app: AppHandle,
    keep_id: i64,
    other_id: i64,
    take: Vec<MergeField>,
) -> CmdResult<MergeReport> {
    with_store(app, move |s| {
        s.merge_contacts_choosing(keep_id, other_id, &take)
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn contacts_merge_undo(app: AppHandle, merged_id: i64) -> CmdResult<i64> {
    with_store(app, move |s| s.undo_merge(merged_id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn contacts_export(
    app: AppHandle,
    path: String,
    format: ContactExportFormat,
) -> CmdResult<usize> {
    with_store(app, move |s| {
        s.export_contacts(&PathBuf::from(path), format)
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn export_all(app: AppHandle, dir: String) -> CmdResult<ExportAllReport> {
    let today = local_today();
    with_store(app, move |s| s.export_all(&PathBuf::from(dir), today)).await
}

// ---- start at login ----

#[tauri::command(rename_all = "snake_case")]
pub async fn autostart_get(app: AppHandle) -> CmdResult<bool> {
    use tauri_plugin_autostart::ManagerExt;
    app.autolaunch().is_enabled().map_err(autostart_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn autostart_set(app: AppHandle, enabled: bool) -> CmdResult<()> {
    use tauri_plugin_autostart::ManagerExt;
    let launcher = app.autolaunch();
    if enabled {
        launcher.enable()
    } else {
        launcher.disable()
    }
    .map_err(autostart_error)
}

fn autostart_error(e: impl std::fmt::Display) -> ErrorPayload {
    ErrorPayload {
        code: "autostart".into(),
        message: format!("could not change starting at login: {e}"),
        field: Some("start_at_login".into()),
    }
}

// ---- reminders and follow-ups ("now" and the time zone are the shell's local clock) ----

fn utc_now() -> chrono::DateTime<chrono::Utc> {
    local_now().with_timezone(&chrono::Utc)
}

/// Reminders from today for `days` more days, with overdue follow-ups (Today's lists).
#[tauri::command(rename_all = "snake_case")]
pub async fn reminders_due(app: AppHandle, days: u32) -> CmdResult<Vec<Reminder>> {
    let now = utc_now();
    let window = ReminderWindow::days(local_today(), days);
    with_store(app, move |s| s.reminders_due(now, &chrono::Local, window)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn reminder_settings_get(app: AppHandle) -> CmdResult<ReminderSettings> {
    with_store(app, |s| s.reminder_settings()).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn reminder_settings_set(app: AppHandle, settings: ReminderSettings) -> CmdResult<()> {
    with_store(app, move |s| s.set_reminder_settings(&settings)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn followups_list(app: AppHandle, filter: FollowUpFilter) -> CmdResult<Vec<FollowUp>> {
    with_store(app, move |s| s.list_follow_ups(&filter, &chrono::Local)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn followups_add(app: AppHandle, input: FollowUpInput) -> CmdResult<i64> {
    with_store(app, move |s| s.add_follow_up(&input)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn followups_done(app: AppHandle, id: i64) -> CmdResult<FollowUp> {
    let now = utc_now();
    with_store(app, move |s| s.complete_follow_up(id, now, &chrono::Local)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn followups_skip(app: AppHandle, id: i64) -> CmdResult<FollowUp> {
    let now = utc_now();
    with_store(app, move |s| s.skip_follow_up(id, now, &chrono::Local)).await
}

/// `until`: a date (`YYYY-MM-DD`) or a period from today (`1d`, `1w`).
#[tauri::command(rename_all = "snake_case")]
pub async fn followups_snooze(app: AppHandle, id: i64, until: String) -> CmdResult<FollowUp> {
    let now = utc_now();
    with_store(app, move |s| {
        s.snooze_follow_up(id, &until, now, &chrono::Local)
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn contact_staleness(app: AppHandle, id: i64) -> CmdResult<Option<Staleness>> {
    let now = utc_now();
    with_store(app, move |s| s.contact_staleness(id, now, &chrono::Local)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn tag_cadences_list(app: AppHandle) -> CmdResult<Vec<TagCadence>> {
    with_store(app, |s| s.tag_cadences()).await
}

/// `days: null` removes the tag's cadence.
#[tauri::command(rename_all = "snake_case")]
pub async fn tag_cadence_set(app: AppHandle, tag: String, days: Option<u32>) -> CmdResult<()> {
    with_store(app, move |s| s.set_tag_cadence(&tag, days)).await
}

// ---- customer profiles, the dashboard and kudos ----

#[tauri::command(rename_all = "snake_case")]
pub async fn dashboard_get(app: AppHandle) -> CmdResult<Dashboard> {
    let now = local_now().with_timezone(&chrono::Utc);
    with_store(app, move |s| s.dashboard(now, &chrono::Local)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn profiles_get(app: AppHandle, customer_id: i64) -> CmdResult<Profile> {
    let as_of = as_of();
    with_store(app, move |s| s.profile(customer_id, &as_of)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn profiles_at_risk(app: AppHandle) -> CmdResult<Vec<Profile>> {
    let as_of = as_of();
    with_store(app, move |s| s.at_risk(&as_of)).await
}

/// One answer of the interview form; `asked_on` is today unless given.
#[tauri::command(rename_all = "snake_case")]
pub async fn profile_rate(
    app: AppHandle,
    customer_id: i64,
    attribute: String,
    importance: u8,
    performance: u8,
    asked_on: Option<NaiveDate>,
) -> CmdResult<i64> {
    let on = asked_on.unwrap_or_else(local_today);
    with_store(app, move |s| {
        s.rate_attribute(customer_id, &attribute, importance, performance, on)
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn profile_note_add(
    app: AppHandle,
    customer_id: i64,
    kind: NoteKind,
    text: String,
    noted_on: Option<NaiveDate>,
) -> CmdResult<i64> {
    let on = noted_on.unwrap_or_else(local_today);
    with_store(app, move |s| {
        s.add_profile_note(customer_id, kind, &text, on)
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn kick_out_add(
    app: AppHandle,
    customer_id: i64,
    description: String,
    status: KickOutStatus,
    review_on: Option<NaiveDate>,
) -> CmdResult<i64> {
    with_store(app, move |s| {
        s.add_kick_out_factor(customer_id, &description, status, review_on)
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn kick_out_update(
    app: AppHandle,
    id: i64,
    status: KickOutStatus,
    review_on: Option<NaiveDate>,
) -> CmdResult<()> {
    with_store(app, move |s| {
        s.update_kick_out_factor(id, status, review_on)
    })
    .await
}

/// The level set by hand (`level` null: back to the computed level), with the reason kept.
#[tauri::command(rename_all = "snake_case")]
pub async fn profile_set_level(
    app: AppHandle,
    customer_id: i64,
    level: Option<Level>,
    reason: String,
) -> CmdResult<i64> {
    with_store(app, move |s| {
        s.set_vulnerability(customer_id, level, &reason)
    })
    .await
}

/// The resolve-by date set by hand (`date` null: back to the suggestion), with the reason kept.
#[tauri::command(rename_all = "snake_case")]
pub async fn profile_set_resolve_by(
    app: AppHandle,
    customer_id: i64,
    date: Option<NaiveDate>,
    reason: String,
) -> CmdResult<i64> {
    with_store(app, move |s| s.set_resolve_by(customer_id, date, &reason)).await
}

/// One customer's profile as a printable sheet, written to `path` (chosen in a save dialog).
#[tauri::command(rename_all = "snake_case")]
pub async fn profile_export(app: AppHandle, customer_id: i64, path: String) -> CmdResult<()> {
    let as_of = as_of();
    with_store(app, move |s| {
        let profile = s.profile(customer_id, &as_of)?;
        rapport::export::profiles_book(&[profile], &s.business_name()?, as_of.today)?
            .save(&PathBuf::from(path))
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn kudos_add(app: AppHandle, input: KudosInput) -> CmdResult<i64> {
    with_store(app, move |s| s.add_kudos(&input)).await
}

/// Praise, newest first: one team member's, or everyone's (`team_member_id` null).
#[tauri::command(rename_all = "snake_case")]
pub async fn kudos_list(
    app: AppHandle,
    team_member_id: Option<i64>,
    limit: u32,
) -> CmdResult<Vec<Kudos>> {
    with_store(app, move |s| s.kudos(team_member_id, limit)).await
}

// ---- status meetings and workbooks (issue 6) ----

#[tauri::command(rename_all = "snake_case")]
pub async fn meetings_list(app: AppHandle, filter: MeetingFilter) -> CmdResult<Vec<Meeting>> {
    with_store(app, move |s| s.list_meetings(&filter)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn meetings_get(app: AppHandle, id: i64) -> CmdResult<MeetingDetail> {
    with_store(app, move |s| s.meeting(id)).await
}

/// The agenda a meeting with `customer_id` would start with now (pre-filled by the core).
#[tauri::command(rename_all = "snake_case")]
pub async fn meetings_agenda(app: AppHandle, customer_id: i64) -> CmdResult<Vec<AgendaItem>> {
    let as_of = as_of();
    with_store(app, move |s| s.agenda_for(customer_id, &as_of)).await
}

/// Records a meeting (attendees, notes, poll, action items, next date) in one transaction.
#[tauri::command(rename_all = "snake_case")]
pub async fn meetings_add(app: AppHandle, input: MeetingInput) -> CmdResult<i64> {
    with_store(app, move |s| s.add_meeting(&input)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn meeting_issue_update(
    app: AppHandle,
    meeting_id: i64,
    issue_id: i64,
    text: String,
) -> CmdResult<()> {
    with_store(app, move |s| {
        s.record_issue_update(meeting_id, issue_id, &text)
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn meeting_action_done(app: AppHandle, action_id: i64, done: bool) -> CmdResult<()> {
    with_store(app, move |s| s.set_action_done(action_id, done)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn meeting_action_to_follow_up(app: AppHandle, action_id: i64) -> CmdResult<i64> {
    with_store(app, move |s| s.action_to_follow_up(action_id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn meeting_action_to_issue(app: AppHandle, action_id: i64) -> CmdResult<i64> {
    with_store(app, move |s| s.action_to_issue(action_id)).await
}

/// The next meetings from today for `days` days (overdue ones included).
#[tauri::command(rename_all = "snake_case")]
pub async fn meetings_upcoming(app: AppHandle, days: u32) -> CmdResult<Vec<UpcomingMeeting>> {
    let today = local_today();
    with_store(app, move |s| {
        s.upcoming_meetings(ReminderWindow::days(today, days), today)
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn meetings_happiness(
    app: AppHandle,
    customer_id: i64,
) -> CmdResult<Vec<HappinessPoint>> {
    with_store(app, move |s| s.happiness_trend(customer_id)).await
}

/// The flag `export_cancel` raises for the workbook export in progress; like [`ImportCancel`],
/// outside the store's lock, which the export holds while it runs.
#[derive(Default)]
pub struct ExportCancel(pub std::sync::Arc<std::sync::atomic::AtomicBool>);

/// Sends an export's progress down the UI's channel (when it gave one) and tells the core when to
/// stop.
struct ExportChannelWatch {
    channel: Option<Channel<ExportProgress>>,
    cancel: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl ExportWatch for ExportChannelWatch {
    fn progress(&mut self, progress: ExportProgress) {
        if let Some(channel) = &self.channel {
            // A closed window cannot stop the export: a failed send is ignored.
            let _ = channel.send(progress);
        }
    }
    fn cancelled(&self) -> bool {
        self.cancel.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// The meeting pack (.xlsx) for one customer, or all when `customer_id` is null. Progress over
/// the long sheets goes to `on_progress` when given; `export_cancel` stops it with no file written.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_meeting_pack(
    app: AppHandle,
    webview: tauri::Webview,
    cancel: State<'_, ExportCancel>,
    path: String,
    customer_id: Option<i64>,
    on_progress: Option<JavaScriptChannelId>,
) -> CmdResult<ExportCounts> {
    let as_of = as_of();
    let mut watch = export_watch(webview, &cancel, on_progress);
    with_store(app, move |s| {
        let business = s.business_name()?;
        s.export_meeting_pack_watched(
            &PathBuf::from(path),
            customer_id,
            &as_of,
            &business,
            &mut watch,
        )
    })
    .await
}

/// The watch of one export: progress to the UI's channel when it gave one, the cancel flag reset.
fn export_watch(
    webview: tauri::Webview,
    cancel: &State<'_, ExportCancel>,
    on_progress: Option<JavaScriptChannelId>,
) -> ExportChannelWatch {
    let flag = cancel.0.clone();
    flag.store(false, std::sync::atomic::Ordering::SeqCst);
    ExportChannelWatch {
        channel: on_progress.map(|id| id.channel_on(webview)),
        cancel: flag,
    }
}

/// The issue report (every issue with its history count) as .xlsx or .csv, by the file name;
/// progress and `export_cancel` as for the meeting pack.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_issues(
    app: AppHandle,
    webview: tauri::Webview,
    cancel: State<'_, ExportCancel>,
    path: String,
    on_progress: Option<JavaScriptChannelId>,
) -> CmdResult<ExportCounts> {
    let as_of = as_of();
    let mut watch = export_watch(webview, &cancel, on_progress);
    with_store(app, move |s| {
        let business = s.business_name()?;
        s.export_issues_watched(&PathBuf::from(path), &as_of, &business, &mut watch)
    })
    .await
}

/// The contact list as .xlsx or .csv, by the file name; progress and `export_cancel` as for the
/// meeting pack.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_contact_list(
    app: AppHandle,
    webview: tauri::Webview,
    cancel: State<'_, ExportCancel>,
    path: String,
    on_progress: Option<JavaScriptChannelId>,
) -> CmdResult<ExportCounts> {
    let as_of = as_of();
    let mut watch = export_watch(webview, &cancel, on_progress);
    with_store(app, move |s| {
        let business = s.business_name()?;
        s.export_contact_list_watched(&PathBuf::from(path), &as_of, &business, &mut watch)
    })
    .await
}

/// Stops the workbook export in progress (it then rejects with `cancelled`, and no file appears).
#[tauri::command(rename_all = "snake_case")]
pub async fn export_cancel(cancel: State<'_, ExportCancel>) -> CmdResult<()> {
    cancel.0.store(true, std::sync::atomic::Ordering::SeqCst);
    Ok(())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn export_minutes(
    app: AppHandle,
    meeting_id: i64,
    path: String,
) -> CmdResult<ExportCounts> {
    let as_of = as_of();
    with_store(app, move |s| {
        let business = s.business_name()?;
        s.export_minutes(meeting_id, &PathBuf::from(path), &as_of, &business)
    })
    .await
}

// ---- satisfaction surveys (issue 7) ----

/// Reads a survey file and shows what importing it would do: the mapping (the guess, a saved
/// profile, or `options.mapping`), first rows, the date-order question, bad cells, a dry run.
#[tauri::command(rename_all = "snake_case")]
pub async fn surveys_preview(
    app: AppHandle,
    path: String,
    options: ImportOptions,
) -> CmdResult<SurveyPreview> {
    with_store(app, move |s| {
        s.preview_survey(&PathBuf::from(path), &options)
    })
    .await
}

/// Imports a survey file as one survey in one transaction (`options.skip_bad_rows`: leave the
/// bad rows out and list them; otherwise a bad cell imports nothing).
#[tauri::command(rename_all = "snake_case")]
pub async fn surveys_import(
    app: AppHandle,
    path: String,
    options: ImportOptions,
) -> CmdResult<SurveyImportReport> {
    with_store(app, move |s| {
        s.import_survey_file(&PathBuf::from(path), &options)
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn surveys_list(app: AppHandle) -> CmdResult<Vec<SurveySummary>> {
    with_store(app, |s| s.surveys()).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn surveys_report(app: AppHandle, id: i64) -> CmdResult<SurveyReport> {
    with_store(app, move |s| s.survey_report(id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn surveys_trend(app: AppHandle) -> CmdResult<Vec<TrendPoint>> {
    with_store(app, |s| s.survey_trend()).await
}

/// Every response of a survey, in file order.
#[tauri::command(rename_all = "snake_case")]
pub async fn surveys_responses(app: AppHandle, id: i64) -> CmdResult<Vec<ResponseLine>> {
    with_store(app, move |s| s.survey_responses(id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn survey_link_contact(
    app: AppHandle,
    response_id: i64,
    contact_id: i64,
) -> CmdResult<()> {
    with_store(app, move |s| {
        s.link_response_contact(response_id, contact_id)
    })
    .await
}

/// Creates a contact for an unmatched respondent and links the response, in one transaction.
#[tauri::command(rename_all = "snake_case")]
pub async fn survey_create_contact(
    app: AppHandle,
    response_id: i64,
    input: ContactInput,
) -> CmdResult<i64> {
    with_store(app, move |s| s.contact_from_response(response_id, &input)).await
}

/// Links a response to one of its customer's issues (`issue_id` null: unlinks).
#[tauri::command(rename_all = "snake_case")]
pub async fn survey_link_issue(
    app: AppHandle,
    response_id: i64,
    issue_id: Option<i64>,
) -> CmdResult<()> {
    with_store(app, move |s| s.link_response_issue(response_id, issue_id)).await
}

/// "Take action": opens an issue from a low score, linked to the response.
#[tauri::command(rename_all = "snake_case")]
pub async fn survey_open_issue(
    app: AppHandle,
    response_id: i64,
    title: Option<String>,
    category: Option<String>,
) -> CmdResult<i64> {
    with_store(app, move |s| {
        s.open_issue_from_response(response_id, title.as_deref(), category.as_deref())
    })
    .await
}

/// One customer's survey answers, newest first.
#[tauri::command(rename_all = "snake_case")]
pub async fn contact_survey_history(
    app: AppHandle,
    contact_id: i64,
) -> CmdResult<Vec<ResponseLine>> {
    with_store(app, move |s| s.contact_survey_history(contact_id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn survey_profiles_list(app: AppHandle) -> CmdResult<Vec<String>> {
    with_store(app, |s| s.survey_profile_names()).await
}

/// A saved mapping profile (null when there is none by that name).
#[tauri::command(rename_all = "snake_case")]
pub async fn survey_profile_get(app: AppHandle, name: String) -> CmdResult<Option<Mapping>> {
    with_store(app, move |s| s.survey_profile(&name)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn survey_profile_save(app: AppHandle, name: String, mapping: Mapping) -> CmdResult<()> {
    with_store(app, move |s| s.save_survey_profile(&name, &mapping)).await
}

/// The survey results workbook (.xlsx) written to `path` (chosen in a save dialog).
#[tauri::command(rename_all = "snake_case")]
pub async fn export_survey(app: AppHandle, id: i64, path: String) -> CmdResult<()> {
    let today = local_today();
    with_store(app, move |s| {
        let report = s.survey_report(id)?;
        rapport::export::survey_book(&report, &s.business_name()?, today)?
            .save(&PathBuf::from(path))
    })
    .await
}

/// A blank survey sheet (.xlsx) with one row per customer (those with `tag` when given); returns
/// how many customers it lists.
#[tauri::command(rename_all = "snake_case")]
pub async fn survey_template(
    app: AppHandle,
    path: String,
    tag: Option<String>,
) -> CmdResult<usize> {
    let today = local_today();
    with_store(app, move |s| {
        let invitees = s.survey_invitees(tag.as_deref())?;
        rapport::export::template_book(&invitees, &s.business_name()?, today)?
            .save(&PathBuf::from(path))?;
        Ok(invitees.len())
    })
    .await
}
