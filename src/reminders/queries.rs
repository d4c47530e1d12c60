//! `due()`: every reminder falling in a window, read through indexes so 30 days over 100,000
//! contacts and 50,000 follow-ups stays within a few milliseconds; the delivery log; the settings.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::followups::{date_col, local_date_of};
use super::rules::{
    local_instant, month_day_ranges, occurrence, parse_time, shown_date, stay_in_touch_date,
    yearly_between, yearly_in,
};
use super::text::{self, long_date};
use super::{
    Reminder, ReminderKind, ReminderSettings, ReminderWindow, Repeat, RepeatUnit, MAX_LEAD_DAYS,
    MAX_WINDOW_DAYS,
};
use crate::error::{Error, Result};
use crate::profiles::Profile;
use crate::store::{timestamp, Store};

/// The reminders found, with what they are sorted by, taken when each is pushed (while its texts
/// are still in the cache: reading them back from 15,000 reminders afterwards showed).
struct Found {
    items: Vec<Reminder>,
    /// Date, instant (the digits of `at`), kind, the first 16 bytes of the contact's name, index.
    keys: Vec<(i32, u64, u8, u128, u32)>,
    /// Whether every `at` had the usual shape (else the texts are compared).
    numbers: bool,
}

impl Found {
    fn new() -> Found {
        Found {
            items: Vec::with_capacity(1024),
            keys: Vec::with_capacity(1024),
            numbers: true,
        }
    }

    fn push(&mut self, r: Reminder) {
        let at = at_digits(&r.at).unwrap_or_else(|| {
            self.numbers = false;
            0
        });
        let mut prefix = [0u8; 16];
        let name = r.contact.as_bytes();
        let n = name.len().min(16);
        prefix[..n].copy_from_slice(&name[..n]);
        self.keys.push((
            r.date.num_days_from_ce(),
            at,
            r.kind as u8,
            u128::from_be_bytes(prefix),
            self.items.len() as u32,
        ));
        self.items.push(r);
    }

    /// By date, time, kind, contact and key. Reminders are large, so indices are sorted and the
    /// reminders moved once. The numbers come first: the digits of `at` (always written the same
    /// way) order as its text does, and a name's first bytes as the name.
    fn sorted(self) -> Vec<Reminder> {
        let Found {
            items,
            mut keys,
            numbers,
        } = self;
        if numbers {
            keys.sort_unstable_by(|a, b| {
                (a.0, a.1, a.2, a.3)
                    .cmp(&(b.0, b.1, b.2, b.3))
                    .then_with(|| {
                        let (a, b) = (&items[a.4 as usize], &items[b.4 as usize]);
                        (&a.contact, &a.key).cmp(&(&b.contact, &b.key))
                    })
            });
        } else {
            keys.sort_unstable_by(|a, b| {
                let (a, b) = (&items[a.4 as usize], &items[b.4 as usize]);
                (a.date, &a.at, a.kind, &a.contact, &a.key)
                    .cmp(&(b.date, &b.at, b.kind, &b.contact, &b.key))
            });
        }
        let mut slots: Vec<Option<Reminder>> = items.into_iter().map(Some).collect();
        keys.iter()
            .filter_map(|k| slots[k.4 as usize].take())
            .collect()
    }
}

/// The 14 digits of `YYYY-MM-DDTHH:MM:SSZ` as one number (absent for any other shape).
fn at_digits(at: &str) -> Option<u64> {
    let b = at.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    let mut n = 0u64;
    for (i, &c) in b[..19].iter().enumerate() {
        if matches!(i, 4 | 7 | 10 | 13 | 16) {
            continue;
        }
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u64::from(c - b'0');
    }
    Some(n)
}

/// The most occurrences of one recurring follow-up listed in a window (a daily one over a year).
const MAX_OCCURRENCES: usize = 400;

fn minus_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_sub_days(Days::new(days.into()))
        .unwrap_or(date)
}

fn plus_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(days.into()))
        .unwrap_or(date)
}

fn in_window(date: NaiveDate, w: &ReminderWindow) -> bool {
    date >= w.from && date <= w.to
}

/// What `due()` works with: the window, "today", the time zone and the notification time.
struct Ctx<'a, Tz: TimeZone> {
    window: ReminderWindow,
    today: NaiveDate,
    tz: &'a Tz,
    notify: NaiveTime,
    /// The all-day delivery instant per date (one time-zone lookup per date, not per reminder).
    all_day: HashMap<NaiveDate, String>,
    /// The delivery instant of a timed follow-up, per date and time.
    timed: HashMap<(NaiveDate, NaiveTime), String>,
}

impl<Tz: TimeZone> Ctx<'_, Tz> {
    fn all_day_at(&mut self, date: NaiveDate) -> String {
        let (tz, notify) = (self.tz, self.notify);
        self.all_day
            .entry(date)
            .or_insert_with(|| text::timestamp(local_instant(tz, date, notify)))
            .clone()
    }

    fn timed_at(&mut self, date: NaiveDate, time: NaiveTime) -> String {
        let tz = self.tz;
        self.timed
            .entry((date, time))
            .or_insert_with(|| text::timestamp(local_instant(tz, date, time)))
            .clone()
    }
}

/// `kind:id:date`, the start of most occurrence keys, with room for `extra` more bytes.
fn occurrence_key(kind: ReminderKind, id: i64, date: NaiveDate, extra: usize) -> String {
    let kind = kind.as_str();
    let mut key = String::with_capacity(kind.len() + 32 + extra);
    key.push_str(kind);
    key.push(':');
    text::push_int(&mut key, id);
    key.push(':');
    text::push_iso_date(&mut key, date);
    key
}

/// A reminder with the fields most kinds leave empty.
#[allow(clippy::too_many_arguments)]
fn reminder(
    kind: ReminderKind,
    contact_id: i64,
    contact: &str,
    event_date: NaiveDate,
    days_before: u32,
    at: String,
    title: String,
    why: String,
) -> Reminder {
    let date = minus_days(event_date, days_before);
    let mut key = occurrence_key(kind, contact_id, event_date, 16);
    if days_before > 0 {
        key.push(':');
        text::push_int(&mut key, days_before.into());
        key.push_str("d-before");
    }
    Reminder {
        key,
        kind,
        date,
        time: None,
        at,
        event_date,
        days_before,
        contact_id,
        contact: contact.to_string(),
        title,
        why,
        overdue: false,
        age: None,
        follow_up_id: None,
        issue_id: None,
        team_member_id: None,
    }
}

fn push_in_days(out: &mut String, days: u32) {
    if days == 1 {
        out.push_str("tomorrow");
    } else {
        out.push_str("in ");
        text::push_int(out, days.into());
        out.push_str(" days");
    }
}

fn in_days(days: u32) -> String {
    let mut out = String::with_capacity(12);
    push_in_days(&mut out, days);
    out
}

/// A text column read in place (NULL as absent).
fn text_ref<'r>(row: &'r Row<'_>, i: usize) -> rusqlite::Result<Option<&'r str>> {
    match row.get_ref(i)? {
        ValueRef::Null => Ok(None),
        value => value.as_str().map(Some).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, value.data_type(), Box::new(e))
        }),
    }
}

impl Store {
    /// The reminder settings (defaults for what was never set).
    pub fn reminder_settings(&self) -> Result<ReminderSettings> {
        let mut s = ReminderSettings::default();
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT key, value FROM reminder_settings")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (key, value) = row?;
            match key.as_str() {
                "birthday_lead_days" => s.birthday_lead_days = value.parse().unwrap_or(0),
                "renewal_lead_days" => s.renewal_lead_days = value.parse().unwrap_or(0),
                "customer_anniversaries" => s.customer_anniversaries = value == "1",
                "issue_due_dates" => s.issue_due_dates = value == "1",
                "notify_time" if parse_time("notify_time", &value).is_ok() => s.notify_time = value,
                "muted_kinds" => {
                    s.muted_kinds = value
                        .split(',')
                        .filter_map(|k| k.parse::<ReminderKind>().ok())
                        .collect()
                }
                "quiet_from" if parse_time("quiet_from", &value).is_ok() => {
                    s.quiet_from = Some(value)
                }
                "quiet_until" if parse_time("quiet_until", &value).is_ok() => {
                    s.quiet_until = Some(value)
                }
                _ => {}
            }
        }
        Ok(s)
    }

    /// Replaces the reminder settings (one transaction).
    pub fn set_reminder_settings(&mut self, s: &ReminderSettings) -> Result<()> {
        for (field, days) in [
            ("birthday_lead_days", s.birthday_lead_days),
            ("renewal_lead_days", s.renewal_lead_days),
        ] {
            if days > MAX_LEAD_DAYS {
                return Err(Error::invalid(
                    field,
                    format!("remind at most {MAX_LEAD_DAYS} days before, not {days}"),
                ));
            }
        }
        let notify = super::rules::format_time(parse_time("notify_time", &s.notify_time)?);
        let quiet = |field: &str, t: &Option<String>| -> Result<String> {
            match t.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                Some(t) => Ok(super::rules::format_time(parse_time(field, t)?)),
                None => Ok(String::new()),
            }
        };
        let quiet_from = quiet("quiet_from", &s.quiet_from)?;
        let quiet_until = quiet("quiet_until", &s.quiet_until)?;
        let mut muted: Vec<String> = s.muted_kinds.iter().map(|k| k.to_string()).collect();
        muted.sort();
        muted.dedup();
        let flag = |b: bool| if b { "1" } else { "0" }.to_string();
        let values = [
            ("birthday_lead_days", s.birthday_lead_days.to_string()),
            ("renewal_lead_days", s.renewal_lead_days.to_string()),
            ("customer_anniversaries", flag(s.customer_anniversaries)),
            ("issue_due_dates", flag(s.issue_due_dates)),
            ("notify_time", notify),
            ("muted_kinds", muted.join(",")),
            ("quiet_from", quiet_from),
            ("quiet_until", quiet_until),
        ];
        self.write(|tx| {
            for (key, value) in &values {
                tx.execute(
                    "INSERT INTO reminder_settings (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    params![key, value],
                )?;
            }
            Ok(())
        })
    }

    /// This data file's calendar id: it makes exported UIDs unique to the file and stable.
    pub(crate) fn calendar_id(&self) -> Result<String> {
        Ok(self
            .conn()
            .query_row(
                "SELECT value FROM reminder_settings WHERE key = 'calendar_id'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_else(|| "rapport".into()))
    }

    /// Every reminder falling in `window` (both ends included) for the owner in `tz` at `now`,
    /// sorted by date and time: birthdays (and their lead reminders), follow-up occurrences,
    /// renewals, customer-since anniversaries (when turned on), issue due dates (when turned on) and
    /// the next status meetings, kick-out factor reviews and the resolve-by dates of at-risk
    /// customers. A follow-up, review or resolve-by date that is before today and still open is
    /// included too, marked `overdue`, wherever the window starts.
    pub fn reminders_due<Tz: TimeZone>(
        &self,
        now: DateTime<Utc>,
        tz: &Tz,
        window: ReminderWindow,
    ) -> Result<Vec<Reminder>> {
        self.reminders_in(now, tz, window, Kinds::All)
    }

    /// [`Store::reminders_due`] for the kinds asked: all of them, or only birthdays and renewals
    /// (the dashboard's week, which need not work out every other kind, nor every customer's profile
    /// for the resolve-by dates).
    pub(crate) fn reminders_in<Tz: TimeZone>(
        &self,
        now: DateTime<Utc>,
        tz: &Tz,
        window: ReminderWindow,
        kinds: Kinds,
    ) -> Result<Vec<Reminder>> {
        if window.to < window.from {
            return Err(Error::invalid(
                "within",
                format!(
                    "the window ends ({}) before it starts ({})",
                    window.to, window.from
                ),
            ));
        }
        if (window.to - window.from).num_days() > MAX_WINDOW_DAYS {
            return Err(Error::invalid(
                "within",
                format!("ask for at most {MAX_WINDOW_DAYS} days at a time"),
            ));
        }
        let settings = self.reminder_settings()?;
        let mut ctx = Ctx {
            window,
            today: now.with_timezone(tz).date_naive(),
            tz,
            notify: parse_time("notify_time", &settings.notify_time)?,
            all_day: HashMap::new(),
            timed: HashMap::new(),
        };
        let conn = self.conn();
        let mut out = Found::new();
        if kinds == Kinds::BirthdaysAndRenewals {
            birthdays(conn, &mut ctx, settings.birthday_lead_days, &mut out)?;
            renewals(conn, &mut ctx, settings.renewal_lead_days, &mut out)?;
            return Ok(out.sorted());
        }
        // The resolve-by dates need the at-risk list, the longest read: it runs on the second
        // connection, on its own thread, while every other kind is read here.
        let as_of = crate::issues::AsOf::new(now, tz);
        let (at_risk, ()) = self.read_beside(
            |conn| crate::profiles::at_risk_on(conn, &as_of, false),
            || self.reminders_but_resolve_by(&mut ctx, &settings, &mut out),
        )?;
        resolve_by_dates(at_risk, &mut ctx, &mut out);
        Ok(out.sorted())
    }

    /// Every kind of reminder but the resolve-by dates, into `out`.
    fn reminders_but_resolve_by<Tz: TimeZone>(
        &self,
        ctx: &mut Ctx<'_, Tz>,
        settings: &ReminderSettings,
        out: &mut Found,
    ) -> Result<()> {
        let conn = self.conn();
        birthdays(conn, ctx, settings.birthday_lead_days, out)?;
        follow_ups(conn, ctx, out)?;
        renewals(conn, ctx, settings.renewal_lead_days, out)?;
        if settings.customer_anniversaries {
            anniversaries(conn, ctx, out)?;
        }
        if settings.issue_due_dates {
            issue_due_dates(conn, ctx, out)?;
        }
        meeting_reminders(conn, ctx, out)?;
        kick_out_reviews(conn, ctx, out)?;
        Ok(())
    }

    /// Records that these reminder occurrences were delivered at `at`. Each key is recorded once:
    /// returns how many were new.
    pub fn mark_delivered(&mut self, keys: &[String], at: DateTime<Utc>) -> Result<usize> {
        let at = timestamp(at);
        self.write(|tx| {
            let mut stmt = tx.prepare_cached(
                "INSERT OR IGNORE INTO reminder_deliveries (occurrence_key, delivered_at) VALUES (?1, ?2)",
            )?;
            let mut added = 0;
            for key in keys {
                added += stmt.execute(params![key, at])?;
            }
            Ok(added)
        })
    }

    /// Whether a reminder occurrence was delivered.
    pub fn was_delivered(&self, key: &str) -> Result<bool> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM reminder_deliveries WHERE occurrence_key = ?1)",
            )?
            .query_row([key], |r| r.get(0))?)
    }

    /// Reminders whose moment has come (`at <= now`) on a date from `since` to today and that were
    /// never delivered — including those that fell while the app was closed. The shell delivers
    /// them (see [`super::notify_style`]) and then calls [`Store::mark_delivered`].
    pub fn undelivered<Tz: TimeZone>(
        &self,
        now: DateTime<Utc>,
        tz: &Tz,
        since: NaiveDate,
    ) -> Result<Vec<Reminder>> {
        let today = now.with_timezone(tz).date_naive();
        let earliest = today - chrono::Duration::days(MAX_WINDOW_DAYS);
        let from = since.max(earliest).min(today);
        let now_text = timestamp(now);
        let due = self.reminders_due(now, tz, ReminderWindow { from, to: today })?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM reminder_deliveries WHERE occurrence_key = ?1)",
        )?;
        let mut out = Vec::new();
        for r in due {
            if r.at <= now_text && !stmt.query_row([&r.key], |row| row.get::<_, bool>(0))? {
                out.push(r);
            }
        }
        Ok(out)
    }
}

fn birthdays<Tz: TimeZone>(
    conn: &Connection,
    ctx: &mut Ctx<'_, Tz>,
    lead: u32,
    out: &mut Found,
) -> Result<()> {
    let w = ctx.window;
    // Birthdays from the window's start to `lead` days after its end: each has a reminder on the
    // day, and one `lead` days before.
    let last = plus_days(w.to, lead);
    // Contacts who asked not to be contacted get no greeting reminders.
    let mut stmt = conn.prepare_cached(
        "SELECT id, display_name, birthday_day, birthday_year FROM contacts INDEXED BY contacts_by_birthday
         WHERE birthday_month = ?1 AND birthday_day BETWEEN ?2 AND ?3 AND deleted_at IS NULL
           AND do_not_contact = 0",
    )?;
    for (month, first_day, last_day) in month_day_ranges(w.from, last) {
        let mut rows = stmt.query(params![month, first_day, last_day])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let name = text_ref(row, 1)?.unwrap_or_default();
            let day: u32 = row.get(2)?;
            let year: Option<i32> = row.get(3)?;
            let dates = (w.from.year()..=last.year())
                .filter_map(|y| yearly_in(month, day, y))
                .filter(|d| *d >= w.from && *d <= last);
            for date in dates {
                let age = year.map(|y| date.year() - y).filter(|a| *a > 0);
                let moved = month == 2 && day == 29 && date.day() == 28;
                let mut why = String::with_capacity(if moved { 80 } else { 32 });
                match year {
                    Some(y) => {
                        why.push_str("born ");
                        text::push_day_month(&mut why, month, day);
                        why.push(' ');
                        text::push_int(&mut why, y.into());
                    }
                    None => {
                        why.push_str("birthday on ");
                        text::push_day_month(&mut why, month, day);
                    }
                }
                if moved {
                    why.push_str("; 29 February falls on 28 February in ");
                    text::push_int(&mut why, date.year().into());
                }
                let early = (lead > 0)
                    .then(|| minus_days(date, lead))
                    .filter(|d| in_window(*d, &w));
                if in_window(date, &w) {
                    let mut title = text::with_room(name, 24);
                    match age {
                        Some(a) => {
                            title.push_str(" turns ");
                            text::push_int(&mut title, a.into());
                            title.push_str(" today");
                        }
                        None => title.push_str("'s birthday today"),
                    }
                    let at = ctx.all_day_at(date);
                    let why = if early.is_some() {
                        why.clone()
                    } else {
                        std::mem::take(&mut why)
                    };
                    let mut r = reminder(ReminderKind::Birthday, id, name, date, 0, at, title, why);
                    r.age = age;
                    out.push(r);
                }
                if let Some(early) = early {
                    let mut title = text::with_room(name, 48);
                    match age {
                        Some(a) => {
                            title.push_str(" turns ");
                            text::push_int(&mut title, a.into());
                            title.push(' ');
                        }
                        None => title.push_str("'s birthday "),
                    }
                    push_in_days(&mut title, lead);
                    title.push_str(" (");
                    text::push_long_date(&mut title, date);
                    title.push(')');
                    let at = ctx.all_day_at(early);
                    why.push_str("; reminded ");
                    text::push_int(&mut why, lead.into());
                    why.push_str(" day(s) before");
                    let mut r =
                        reminder(ReminderKind::Birthday, id, name, date, lead, at, title, why);
                    r.age = age;
                    out.push(r);
                }
            }
        }
    }
    Ok(())
}

fn push_repeat(out: &mut String, every: u32, unit: RepeatUnit) {
    out.push_str("every ");
    if every == 1 {
        out.push_str(unit.as_str());
    } else {
        text::push_int(out, every.into());
        out.push(' ');
        out.push_str(unit.as_str());
        out.push('s');
    }
}

/// `HH:MM` as stored (chrono's parser for anything else, which then fails as before).
fn parse_stored_time(text: &str) -> Option<NaiveTime> {
    let b = text.as_bytes();
    let digit = |i: usize| b[i].is_ascii_digit().then(|| u32::from(b[i] - b'0'));
    if b.len() == 5 && b[2] == b':' {
        if let (Some(h1), Some(h2), Some(m1), Some(m2)) = (digit(0), digit(1), digit(3), digit(4)) {
            return NaiveTime::from_hms_opt(h1 * 10 + h2, m1 * 10 + m2, 0);
        }
    }
    NaiveTime::parse_from_str(text, "%H:%M").ok()
}

fn repeat_unit(text: &str) -> Option<RepeatUnit> {
    match text {
        "day" => Some(RepeatUnit::Day),
        "week" => Some(RepeatUnit::Week),
        "month" => Some(RepeatUnit::Month),
        other => other.parse().ok(),
    }
}

/// What `follow_ups` reads of a pending follow-up, all from the covering index
/// `follow_ups_pending_by_due`; the contact's latest interaction only for "stay in touch".
const DUE_FOLLOW_UPS: &str = "SELECT f.id, f.contact_id, f.issue_id, f.note,
        f.anchor_date, f.occurrence, f.due_date, f.due_time, f.repeat_unit, f.repeat_every,
        f.stay_in_touch_days, f.snoozed_until,
        CASE WHEN f.stay_in_touch_days IS NOT NULL
             THEN (SELECT max(occurred_at) FROM interactions i WHERE i.contact_id = f.contact_id) END
     FROM follow_ups f INDEXED BY follow_ups_pending_by_due
     WHERE f.done_at IS NULL AND f.due_date <= ?1";

/// The live contacts among a JSON array of ids, in the array's order, from the covering index
/// `contacts_names`.
const LIVE_NAMES: &str = "SELECT c.id, c.display_name
     FROM json_each(?1) j CROSS JOIN contacts c INDEXED BY contacts_names ON c.id = j.value
     WHERE c.deleted_at IS NULL";

/// A pending follow-up with something to show in the window, read before its contact's name.
struct Showing {
    id: i64,
    contact_id: i64,
    issue_id: Option<i64>,
    note: Option<String>,
    anchor: NaiveDate,
    due: NaiveDate,
    time: Option<NaiveTime>,
    time_text: Option<String>,
    repeat: Option<Repeat>,
    stay: Option<u32>,
    last_interaction: Option<NaiveDate>,
    occurred: NaiveDate,
    shown: NaiveDate,
    overdue: bool,
    pending_shows: bool,
    /// Its later occurrences in the window, in `later`.
    later: std::ops::Range<usize>,
}

/// Contacts' names kept in one text, as (id, start, end) sorted by id.
struct Names {
    text: String,
    index: Vec<(i64, u32, u32)>,
}

impl Names {
    fn get(&self, id: i64) -> Option<&str> {
        let at = self.index.binary_search_by_key(&id, |e| e.0).ok()?;
        let (_, start, end) = self.index[at];
        self.text.get(start as usize..end as usize)
    }
}

/// The names of the live contacts among `ids` (sorted, distinct), looked up in id order: one
/// seek each in a small index whose pages stay in the CPU's cache from one to the next.
fn live_names(conn: &Connection, ids: &[i64]) -> Result<Names> {
    let mut list = String::with_capacity(ids.len() * 7 + 2);
    list.push('[');
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            list.push(',');
        }
        text::push_int(&mut list, *id);
    }
    list.push(']');
    let mut names = Names {
        text: String::with_capacity(ids.len() * 16),
        index: Vec::with_capacity(ids.len()),
    };
    let mut stmt = conn.prepare_cached(LIVE_NAMES)?;
    let mut rows = stmt.query([list])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let name = text_ref(row, 1)?.unwrap_or_default();
        let start = names.text.len() as u32;
        names.text.push_str(name);
        names.index.push((id, start, names.text.len() as u32));
    }
    names.index.sort_unstable_by_key(|e| e.0);
    Ok(names)
}

fn follow_ups<Tz: TimeZone>(
    conn: &Connection,
    ctx: &mut Ctx<'_, Tz>,
    out: &mut Found,
) -> Result<()> {
    let w = ctx.window;
    let today = ctx.today;
    // Pending follow-ups by date. Every later occurrence is after the pending one, and a snooze or
    // a later interaction only moves the pending one later: so pending dates up to the window's
    // end are all that can show. Rows are read in place; what shows is kept, then its contacts'
    // names are read in id order (a join would seek them in date order, all over the index), and
    // the texts are written last.
    let mut stmt = conn.prepare_cached(DUE_FOLLOW_UPS)?;
    let mut rows = stmt.query([w.to.to_string()])?;
    let mut showing: Vec<Showing> = Vec::new();
    let mut later: Vec<NaiveDate> = Vec::new();
    while let Some(row) = rows.next()? {
        let due = date_col(row, 6)?.unwrap_or(NaiveDate::MIN);
        let anchor = date_col(row, 4)?.unwrap_or(due);
        let current: u32 = row.get(5)?;
        let repeat = match (text_ref(row, 8)?.and_then(repeat_unit), row.get(9)?) {
            (Some(unit), Some(every)) => Some(Repeat { every, unit }),
            _ => None,
        };
        let stay: Option<u32> = row.get(10)?;
        let last_interaction = match stay {
            Some(_) => text_ref(row, 12)?.and_then(|t| local_date_of(t, ctx.tz)),
            None => None,
        };
        let occurred = match stay {
            Some(days) => stay_in_touch_date(due, last_interaction, days),
            None => due,
        };
        let shown = shown_date(occurred, date_col(row, 11)?);
        let overdue = shown < today;
        let pending_shows = shown <= w.to && (shown >= w.from || overdue);
        // Occurrences after the pending one but before today were missed: they are folded into
        // the overdue pending one rather than listed one by one.
        let first_later = later.len();
        if let Some(repeat) = repeat {
            let mut n = current.saturating_add(1);
            for _ in 0..MAX_OCCURRENCES {
                let date = occurrence(anchor, repeat, n);
                if date > w.to {
                    break;
                }
                if date >= w.from && date >= today {
                    later.push(date);
                }
                n = match n.checked_add(1) {
                    Some(next) => next,
                    None => break,
                };
            }
        }
        if !pending_shows && later.len() == first_later {
            continue;
        }
        let time_text = text_ref(row, 7)?;
        showing.push(Showing {
            id: row.get(0)?,
            contact_id: row.get(1)?,
            issue_id: row.get(2)?,
            note: text_ref(row, 3)?.map(str::to_string),
            anchor,
            due,
            time: time_text.and_then(parse_stored_time),
            time_text: time_text.map(str::to_string),
            repeat,
            stay,
            last_interaction,
            occurred,
            shown,
            overdue,
            pending_shows,
            later: first_later..later.len(),
        });
    }
    drop(rows);
    if showing.is_empty() {
        return Ok(());
    }

    let mut ids: Vec<i64> = showing.iter().map(|f| f.contact_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let names = live_names(conn, &ids)?;

    for f in showing {
        // A contact in the Trash: its follow-ups do not show.
        let Some(name) = names.get(f.contact_id) else {
            continue;
        };
        let title = match f.note {
            Some(note) => note,
            None => {
                let mut t = text::with_room("Follow up with ", name.len());
                t.push_str(name);
                t
            }
        };
        let mut schedule = String::with_capacity(64);
        match (f.repeat, f.stay) {
            (Some(r), _) => {
                push_repeat(&mut schedule, r.every, r.unit);
                schedule.push_str(" from ");
                text::push_long_date(&mut schedule, f.anchor);
            }
            (None, Some(days)) => {
                schedule.push_str("stay in touch every ");
                text::push_int(&mut schedule, days.into());
                match f.last_interaction {
                    Some(last) => {
                        schedule.push_str(" days; last interaction ");
                        text::push_long_date(&mut schedule, last);
                    }
                    None => schedule.push_str(" days; no interaction logged yet"),
                }
            }
            (None, None) => {
                schedule.push_str("follow-up set for ");
                text::push_long_date(&mut schedule, f.due);
            }
        }
        let (id, time) = (f.id, f.time);
        let mut make = |date: NaiveDate,
                        occ: NaiveDate,
                        title: String,
                        why: String,
                        time_text: Option<String>,
                        overdue: bool| {
            let at = match time {
                Some(t) => ctx.timed_at(date, t),
                None => ctx.all_day_at(date),
            };
            let mut key = occurrence_key(ReminderKind::FollowUp, id, occ, 22);
            if date != occ {
                key.push_str(":snoozed:");
                text::push_iso_date(&mut key, date);
            }
            Reminder {
                key,
                kind: ReminderKind::FollowUp,
                date,
                time: time_text,
                at,
                event_date: occ,
                days_before: 0,
                contact_id: f.contact_id,
                contact: name.to_string(),
                title,
                why,
                overdue,
                age: None,
                follow_up_id: Some(id),
                issue_id: f.issue_id,
                team_member_id: None,
            }
        };
        // The last reminder of the follow-up takes the texts, the others copies.
        let mut title = Some(title);
        let mut schedule = Some(schedule);
        let mut time_text = f.time_text;
        let take = |slot: &mut Option<String>, last: bool| {
            if last {
                slot.take()
            } else {
                slot.clone()
            }
        };
        let later = &later[f.later];
        if f.pending_shows {
            let last = later.is_empty();
            let mut why = take(&mut schedule, last).unwrap_or_default();
            why.reserve(64);
            if f.shown != f.occurred {
                why.push_str("; snoozed from ");
                text::push_long_date(&mut why, f.occurred);
            }
            if f.overdue {
                why.push_str("; due ");
                text::push_long_date(&mut why, f.shown);
                why.push_str(" and not done yet");
            }
            let title = take(&mut title, last).unwrap_or_default();
            let time_text = take(&mut time_text, last);
            out.push(make(f.shown, f.occurred, title, why, time_text, f.overdue));
        }
        for (i, &date) in later.iter().enumerate() {
            let last = i + 1 == later.len();
            let title = take(&mut title, last).unwrap_or_default();
            let why = take(&mut schedule, last).unwrap_or_default();
            let time_text = take(&mut time_text, last);
            out.push(make(date, date, title, why, time_text, false));
        }
    }
    Ok(())
}

fn renewals<Tz: TimeZone>(
    conn: &Connection,
    ctx: &mut Ctx<'_, Tz>,
    lead: u32,
    out: &mut Found,
) -> Result<()> {
    let w = ctx.window;
    let mut stmt = conn.prepare_cached(
        "SELECT id, display_name, renewal_date FROM contacts INDEXED BY contacts_by_renewal
         WHERE renewal_date BETWEEN ?1 AND ?2 AND deleted_at IS NULL",
    )?;
    let mut rows = stmt.query(params![
        w.from.to_string(),
        plus_days(w.to, lead).to_string()
    ])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let name: String = row.get(1)?;
        let Some(date) = row.get::<_, String>(2)?.parse::<NaiveDate>().ok() else {
            continue;
        };
        let why = format!("renewal date {}", long_date(date));
        if in_window(date, &w) {
            let at = ctx.all_day_at(date);
            out.push(reminder(
                ReminderKind::Renewal,
                id,
                &name,
                date,
                0,
                at,
                format!("{name}: renewal today"),
                why.clone(),
            ));
        }
        if lead > 0 && in_window(minus_days(date, lead), &w) {
            let at = ctx.all_day_at(minus_days(date, lead));
            let title = format!("{name}: renewal {} ({})", in_days(lead), long_date(date));
            out.push(reminder(
                ReminderKind::Renewal,
                id,
                &name,
                date,
                lead,
                at,
                title,
                why,
            ));
        }
    }
    Ok(())
}

fn anniversaries<Tz: TimeZone>(
    conn: &Connection,
    ctx: &mut Ctx<'_, Tz>,
    out: &mut Found,
) -> Result<()> {
    let w = ctx.window;
    let mut stmt = conn.prepare_cached(
        "SELECT id, display_name, customer_since FROM contacts INDEXED BY contacts_by_customer_since
         WHERE substr(customer_since, 6, 5) BETWEEN ?1 AND ?2
           AND customer_since IS NOT NULL AND deleted_at IS NULL AND do_not_contact = 0",
    )?;
    for (month, first, last) in month_day_ranges(w.from, w.to) {
        let mut rows = stmt.query(params![
            format!("{month:02}-{first:02}"),
            format!("{month:02}-{last:02}")
        ])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let name: String = row.get(1)?;
            let Some(since) = row.get::<_, String>(2)?.parse::<NaiveDate>().ok() else {
                continue;
            };
            for date in yearly_between(since.month(), since.day(), w.from, w.to) {
                let years = date.year() - since.year();
                if years < 1 {
                    continue;
                }
                let at = ctx.all_day_at(date);
                let title = if years == 1 {
                    format!("{name}: a customer for 1 year")
                } else {
                    format!("{name}: a customer for {years} years")
                };
                let why = format!("customer since {}", long_date(since));
                let mut r = reminder(
                    ReminderKind::CustomerAnniversary,
                    id,
                    &name,
                    date,
                    0,
                    at,
                    title,
                    why,
                );
                r.age = Some(years);
                out.push(r);
            }
        }
    }
    Ok(())
}

fn issue_due_dates<Tz: TimeZone>(
    conn: &Connection,
    ctx: &mut Ctx<'_, Tz>,
    out: &mut Found,
) -> Result<()> {
    let w = ctx.window;
    // The effective due date (pushed back by finished waits on the customer), as "overdue" uses.
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.customer_id, cu.display_name, i.title, i.due_after_waits, i.owner_id, t.name
         FROM issues i JOIN contacts cu ON cu.id = i.customer_id
         LEFT JOIN team_members t ON t.id = i.owner_id
         WHERE i.status IN ('open', 'in_progress', 'waiting_on_customer')
           AND i.due_after_waits BETWEEN ?1 AND ?2",
    )?;
    let mut rows = stmt.query(params![w.from.to_string(), w.to.to_string()])?;
    while let Some(row) = rows.next()? {
        let issue: i64 = row.get(0)?;
        let customer: i64 = row.get(1)?;
        let name: String = row.get(2)?;
        let title: String = row.get(3)?;
        let Some(date) = row.get::<_, String>(4)?.parse::<NaiveDate>().ok() else {
            continue;
        };
        let owner_id: Option<i64> = row.get(5)?;
        let owner: Option<String> = row.get(6)?;
        let why = match &owner {
            Some(o) => format!(
                "issue #{issue} promised to {name} for {}; owner {o}",
                long_date(date)
            ),
            None => format!(
                "issue #{issue} promised to {name} for {}; no owner yet",
                long_date(date)
            ),
        };
        let at = ctx.all_day_at(date);
        let mut r = reminder(
            ReminderKind::IssueDue,
            customer,
            &name,
            date,
            0,
            at,
            format!("Due: {title} (#{issue})"),
            why,
        );
        r.key = format!("issue_due:{issue}:{date}");
        r.issue_id = Some(issue);
        r.team_member_id = owner_id;
        out.push(r);
    }
    Ok(())
}

/// The next status meeting per customer (and the next internal one), from the latest meeting's
/// date and cadence (`meetings::upcoming_meetings`). A date passed with no newer meeting and no
/// cadence to move it on is shown as overdue, as a follow-up is. Internal meetings have no contact
/// (`contact_id` 0, contact "Internal").
fn meeting_reminders<Tz: TimeZone>(
    conn: &Connection,
    ctx: &mut Ctx<'_, Tz>,
    out: &mut Found,
) -> Result<()> {
    for m in crate::meetings::upcoming_meetings(conn, ctx.window, ctx.today)? {
        let at = ctx.all_day_at(m.date);
        let cadence = match m.cadence {
            Some(crate::meetings::Cadence::Weekly) => "; weekly",
            Some(crate::meetings::Cadence::Biweekly) => "; every 2 weeks",
            Some(crate::meetings::Cadence::Monthly) => "; monthly",
            None => "",
        };
        let why = format!("set at the status meeting #{}{cadence}", m.after_meeting_id);
        let mut r = reminder(
            ReminderKind::Meeting,
            m.customer_id.unwrap_or(0),
            &m.customer,
            m.date,
            0,
            at,
            format!("Status meeting: {}", m.customer),
            why,
        );
        r.key = format!("meeting:{}:{}", m.after_meeting_id, m.date);
        r.overdue = m.overdue;
        out.push(r);
    }
    Ok(())
}

/// Kick-out factors that are not resolved and have a review date in the window, or one already
/// passed (overdue: the factor was not looked at again since).
fn kick_out_reviews<Tz: TimeZone>(
    conn: &Connection,
    ctx: &mut Ctx<'_, Tz>,
    out: &mut Found,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT k.id, k.customer_id, c.display_name, k.description, k.status, k.review_on
           FROM kick_out_factors k INDEXED BY kick_out_factors_by_review
           JOIN contacts c ON c.id = k.customer_id
          WHERE k.review_on IS NOT NULL AND k.status <> 'resolved' AND c.deleted_at IS NULL
            AND k.review_on <= ?1 AND (k.review_on >= ?2 OR k.review_on < ?3)",
    )?;
    let rows = stmt.query_map(
        params![
            ctx.window.to.to_string(),
            ctx.window.from.to_string(),
            ctx.today.to_string()
        ],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        },
    )?;
    for row in rows {
        let (id, customer, name, what, status, review_on) = row?;
        let Ok(date) = NaiveDate::parse_from_str(&review_on, "%Y-%m-%d") else {
            continue;
        };
        let at = ctx.all_day_at(date);
        let mut r = reminder(
            ReminderKind::KickOutReview,
            customer,
            &name,
            date,
            0,
            at,
            format!("Review: {what}"),
            format!(
                "a kick-out factor for {name} ({status}) to look at again on {}",
                long_date(date)
            ),
        );
        r.key = format!("kick_out_review:{id}:{date}");
        r.overdue = date < ctx.today;
        out.push(r);
    }
    Ok(())
}

/// The resolve-by date of each customer at moderate risk or worse (the owner's date, or the one
/// suggested from the level), in the window or already passed while the customer is still at risk.
fn resolve_by_dates<Tz: TimeZone>(at_risk: Vec<Profile>, ctx: &mut Ctx<'_, Tz>, out: &mut Found) {
    for p in at_risk {
        let Some(date) = p.resolve_by else { continue };
        if date > ctx.window.to || (date < ctx.window.from && date >= ctx.today) {
            continue;
        }
        let reason = p
            .signals
            .first()
            .map(|s| format!("; main reason: {}", s.label))
            .unwrap_or_default();
        let at = ctx.all_day_at(date);
        let mut r = reminder(
            ReminderKind::ResolveBy,
            p.customer_id,
            &p.name,
            date,
            0,
            at,
            format!("Resolve by: {}", p.name),
            format!("{} is at {} risk{reason}", p.name, p.level),
        );
        r.key = format!("resolve_by:{}:{date}", p.customer_id);
        r.overdue = date < ctx.today;
        out.push(r);
    }
}

/// Which reminders [`Store::reminders_in`] gathers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kinds {
    All,
    /// Birthdays and renewals only (the dashboard's "this week").
    BirthdaysAndRenewals,
}
