//! What the shell's scheduler sends, decided here so it is testable on fixed dates: which pending
//! reminders become notifications now (quiet hours hold them, muted kinds are settled silently),
//! one notification each or one summary, what each says and what clicking it opens, when to wake
//! next, and whether the wall clock jumped (resume from sleep, a clock or time-zone change).
//!
//! The shell reads the clock, asks [`crate::Store::undelivered`], sends what [`plan_delivery`]
//! returns and records [`DeliveryPlan::record`] plus the keys of what it sent.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::Serialize;

use super::rules::{notify_style, parse_time, NotifyStyle};
use super::{Reminder, ReminderKind, ReminderSettings};

/// How far back the scheduler looks for occurrences missed while the app was closed.
pub const CATCH_UP_DAYS: i64 = 7;

/// The scheduler wakes at least this often, whatever is due.
pub const MAX_SLEEP_SECONDS: i64 = 60;

/// A wall clock that moved this much more (or less) than the monotonic clock means the machine
/// slept or the clock was set: look again at once.
pub const CLOCK_JUMP_SECONDS: i64 = 90;

/// How many reminders a summary notification names before "and N more".
const SUMMARY_LINES: usize = 5;

/// What clicking a notification opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    Contact { id: i64 },
    Issue { id: i64 },
    Today,
}

impl Target {
    /// The UI's hash route for it.
    pub fn route(&self) -> String {
        match self {
            Target::Contact { id } => format!("#/contacts/{id}"),
            Target::Issue { id } => format!("#/issues/{id}"),
            Target::Today => "#/today".into(),
        }
    }
}

/// One desktop notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub summary: String,
    pub body: String,
    pub target: Target,
    /// The occurrences it delivers (recorded once it was sent).
    pub keys: Vec<String>,
}

/// What to do with the pending reminders now.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeliveryPlan {
    pub notices: Vec<Notice>,
    /// Keys to record as delivered whatever happens to the notices: reminders of muted kinds.
    pub record: Vec<String>,
    /// Reminders held back by quiet hours (they stay pending).
    pub held: usize,
}

/// Whether local time `t` is inside quiet hours `from`..`until` (which may run over midnight).
/// Absent, unreadable or equal ends mean no quiet hours.
pub fn in_quiet_hours(from: Option<&str>, until: Option<&str>, t: NaiveTime) -> bool {
    let (Some(from), Some(until)) = (from, until) else {
        return false;
    };
    let (Ok(from), Ok(until)) = (
        parse_time("quiet_from", from),
        parse_time("quiet_until", until),
    ) else {
        return false;
    };
    if from == until {
        false
    } else if from < until {
        from <= t && t < until
    } else {
        t >= from || t < until
    }
}

fn target_of(r: &Reminder) -> Target {
    match r.issue_id {
        Some(id) if r.kind == ReminderKind::IssueDue => Target::Issue { id },
        _ => Target::Contact { id: r.contact_id },
    }
}

/// The title as read on `today`: a reminder missed on an earlier day says its day instead of
/// "today" ("Ann's birthday on 24 November").
pub fn title_on(r: &Reminder, today: NaiveDate) -> String {
    match r.title.strip_suffix(" today") {
        Some(head) if r.date < today => {
            let month = super::text::month_name(r.date.month());
            format!("{head} on {} {month}", r.date.day())
        }
        _ => r.title.clone(),
    }
}

/// The notification for one reminder, read on `today`: its title, then who and why.
pub fn notice_for(r: &Reminder, today: NaiveDate) -> Notice {
    let body = if r.title.contains(&r.contact) {
        capitalised(&r.why)
    } else {
        format!("{}: {}", r.contact, r.why)
    };
    Notice {
        summary: title_on(r, today),
        body,
        target: target_of(r),
        keys: vec![r.key.clone()],
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// One notification for many reminders: how many, the first few titles, "and N more"; it opens
/// Today.
pub fn summary_notice(items: &[&Reminder], today: NaiveDate) -> Notice {
    let mut lines: Vec<String> = items
        .iter()
        .take(SUMMARY_LINES)
        .map(|r| title_on(r, today))
        .collect();
    if items.len() > SUMMARY_LINES {
        lines.push(format!("and {} more", items.len() - SUMMARY_LINES));
    }
    Notice {
        summary: format!("{} reminders", items.len()),
        body: lines.join("\n"),
        target: Target::Today,
        keys: items.iter().map(|r| r.key.clone()).collect(),
    }
}

/// Decides what to send now for the `pending` reminders (from `Store::undelivered`), at local
/// date and wall-clock time `local_now`: muted kinds are recorded without a notification; in quiet hours
/// nothing else is sent or recorded; otherwise a few become one notification each and more than a
/// few one summary ([`notify_style`]).
pub fn plan_delivery(
    pending: &[Reminder],
    settings: &ReminderSettings,
    local_now: NaiveDateTime,
) -> DeliveryPlan {
    let today = local_now.date();
    let (muted, audible): (Vec<&Reminder>, Vec<&Reminder>) = pending
        .iter()
        .partition(|r| settings.muted_kinds.contains(&r.kind));
    let record = muted.iter().map(|r| r.key.clone()).collect();
    let quiet = in_quiet_hours(
        settings.quiet_from.as_deref(),
        settings.quiet_until.as_deref(),
        local_now.time(),
    );
    if quiet {
        return DeliveryPlan {
            notices: Vec::new(),
            record,
            held: audible.len(),
        };
    }
    let notices = match notify_style(audible.len()) {
        NotifyStyle::Nothing => Vec::new(),
        NotifyStyle::Individual => audible.iter().map(|r| notice_for(r, today)).collect(),
        NotifyStyle::Summary => vec![summary_notice(&audible, today)],
    };
    DeliveryPlan {
        notices,
        record,
        held: 0,
    }
}

/// When the scheduler should look again: at the next reminder instant after `now` among
/// `upcoming` (RFC 3339 `at` values), and never later than a minute from now.
pub fn next_wake<'a>(
    now: DateTime<Utc>,
    upcoming: impl IntoIterator<Item = &'a str>,
) -> DateTime<Utc> {
    let cap = now + Duration::seconds(MAX_SLEEP_SECONDS);
    upcoming
        .into_iter()
        .filter_map(|at| DateTime::parse_from_rfc3339(at).ok())
        .map(|at| at.with_timezone(&Utc))
        .filter(|at| *at > now)
        .fold(cap, |earliest, at| earliest.min(at))
}

/// Whether the wall clock moved differently from the monotonic clock over one sleep: the machine
/// slept (the monotonic clock stood still) or someone set the clock or the time zone changed the
/// offset the shell reads (both clocks here are UTC instants, so only a real jump counts).
pub fn clock_jumped(
    wall_before: DateTime<Utc>,
    wall_after: DateTime<Utc>,
    monotonic_elapsed: std::time::Duration,
) -> bool {
    let wall = wall_after - wall_before;
    let mono = Duration::from_std(monotonic_elapsed).unwrap_or(Duration::MAX);
    (wall - mono).num_seconds().abs() > CLOCK_JUMP_SECONDS
}
