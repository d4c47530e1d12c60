//! Customer relationship profiles: for each customer, what must be fixed and how badly (the gaps
//! between how important an attribute is and how we are doing), how vulnerable the business is to
//! losing them (a level computed from named, weighted signals, each with its evidence), the
//! kick-out factors that could make them leave, and the date by which it must be resolved.
//! Also praise ("kudos") credited to the team.
//!
//! The weights and levels live in `weights.rs`; the signal queries in `signals.rs`. Everything takes
//! an [`AsOf`], so a profile can be computed for any day.

mod dashboard;
mod records;
mod signals;
pub mod weights;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::contacts::text_enum;
use crate::error::Result;
use crate::issues::AsOf;
use crate::store::Store;

pub use dashboard::{
    early_warning, quarter_start, AtRiskItem, Dashboard, HappinessMonth, WeeklyTrend,
    EARLY_WARNING_RULE, TRAILING_WEEKS,
};
pub use records::{Kudos, KudosInput, KudosSource};

/// How vulnerable the business is to losing a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    None,
    Moderate,
    Significant,
    Severe,
}
text_enum!(Level {
    None = "none",
    Moderate = "moderate",
    Significant = "significant",
    Severe = "severe",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum KickOutStatus {
    Present,
    Watching,
    Resolved,
}
text_enum!(KickOutStatus {
    Present = "present",
    Watching = "watching",
    Resolved = "resolved",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    FutureNeed,
    Improvement,
}
text_enum!(NoteKind {
    FutureNeed = "future_need",
    Improvement = "improvement",
});

/// What a piece of evidence points at, so the UI can link to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    Issue,
    Interaction,
    Response,
    Meeting,
    KickOut,
    Contact,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Evidence {
    pub kind: EvidenceKind,
    /// The issue, interaction, response, meeting, kick-out factor or contact id.
    #[ts(type = "number")]
    pub id: i64,
    /// The contact it concerns (a person of the organisation, for an organisation's profile).
    #[ts(type = "number")]
    pub contact_id: i64,
    #[ts(type = "string | null")]
    pub date: Option<NaiveDate>,
    pub text: String,
}

/// One signal that counts towards the level, with its weight and evidence.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Signal {
    /// The name and label from the weights table (shared by every profile that has the signal).
    pub name: &'static str,
    pub label: &'static str,
    pub weight: u32,
    pub evidence: Vec<Evidence>,
}

/// Expectation vs performance for one attribute (1–5 each); `gap` = importance − performance.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Gap {
    pub attribute: String,
    pub importance: f64,
    pub performance: f64,
    pub gap: f64,
    /// `interview` (the profile form) or `survey`.
    pub source: String,
    #[ts(type = "string")]
    pub asked_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct KickOutFactor {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub customer_id: i64,
    pub description: String,
    pub status: KickOutStatus,
    #[ts(type = "string | null")]
    pub review_on: Option<NaiveDate>,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ProfileNote {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: NoteKind,
    pub text: String,
    #[ts(type = "string")]
    pub noted_on: NaiveDate,
}

/// An owner's decision, kept as history: the level set by hand (`level` null = back to the computed
/// level) or the resolve-by date set by hand (`resolve_by` null = back to the suggestion).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Decision {
    #[ts(type = "number")]
    pub id: i64,
    /// `level` or `resolve_by`.
    pub what: String,
    pub level: Option<Level>,
    #[ts(type = "string | null")]
    pub resolve_by: Option<NaiveDate>,
    pub reason: String,
    pub decided_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Profile {
    #[ts(type = "number")]
    pub customer_id: i64,
    pub name: String,
    #[ts(type = "string")]
    pub as_of: NaiveDate,
    /// The level in force: the owner's, when set, else the computed one.
    pub level: Level,
    pub computed_level: Level,
    /// The sum of the signals' weights.
    pub score: u32,
    /// The owner's reason, when the level was set by hand.
    pub level_reason: Option<String>,
    /// Strongest first.
    pub signals: Vec<Signal>,
    /// Largest gap first.
    pub gaps: Vec<Gap>,
    pub kick_out_factors: Vec<KickOutFactor>,
    pub future_needs: Vec<ProfileNote>,
    pub improvement_areas: Vec<ProfileNote>,
    /// When it must be resolved by: the owner's date, else the suggestion; null when the level is none.
    #[ts(type = "string | null")]
    pub resolve_by: Option<NaiveDate>,
    /// The level's timeframe counted from the earliest dated evidence (when the trouble began).
    #[ts(type = "string | null")]
    pub suggested_resolve_by: Option<NaiveDate>,
    /// The owner's decisions, newest first.
    pub decisions: Vec<Decision>,
}

/// Which customers to compute for.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scope {
    One(i64),
    All,
}

impl Store {
    /// One customer's profile as of a day.
    pub fn profile(&self, customer_id: i64, as_of: &AsOf) -> Result<Profile> {
        let name = crate::issues::live_contact_name(self.conn(), customer_id, "customer")?;
        let built = build(self.conn(), Scope::One(customer_id), as_of, true)?;
        Ok(built
            .into_iter()
            .find(|p| p.customer_id == customer_id)
            .unwrap_or_else(|| empty_profile(customer_id, name, as_of.today)))
    }

    /// Customers at moderate or worse, most severe first (then by score, then by name).
    pub fn at_risk(&self, as_of: &AsOf) -> Result<Vec<Profile>> {
        at_risk(self, as_of, true)
    }
}

/// The at-risk list. With `full` false the profiles carry level, score, resolve-by and their
/// signals (strongest first), each signal with only its earliest piece of evidence and no text, and
/// not the owner's records (gaps, kick-out list, notes): for lists that show a customer's level and
/// main reason, not the details.
pub(crate) fn at_risk(store: &Store, as_of: &AsOf, full: bool) -> Result<Vec<Profile>> {
    at_risk_on(store.conn(), as_of, full)
}

/// [`at_risk`] on a given connection (the dashboard reads it on the store's second one).
pub(crate) fn at_risk_on(
    conn: &rusqlite::Connection,
    as_of: &AsOf,
    full: bool,
) -> Result<Vec<Profile>> {
    let mut list = at_risk_unsorted(conn, as_of, full)?;
    sort_at_risk(&mut list);
    Ok(list)
}

/// How many customers are at risk, and the first `n` of them in the order of [`at_risk`] (the
/// dashboard's top ten: the others are not sorted by name).
pub(crate) fn first_at_risk_on(
    conn: &rusqlite::Connection,
    as_of: &AsOf,
    n: usize,
) -> Result<(usize, Vec<Profile>)> {
    let mut list = at_risk_unsorted(conn, as_of, false)?;
    let total = list.len();
    if n < list.len() {
        // Level and score first: only those that tie with the n-th can still come before it.
        let rank = |p: &Profile| (std::cmp::Reverse(p.level), std::cmp::Reverse(p.score));
        let (_, nth, _) = list.select_nth_unstable_by_key(n, rank);
        let cut = rank(nth);
        list.retain(|p| rank(p) <= cut);
    }
    sort_at_risk(&mut list);
    list.truncate(n);
    Ok((total, list))
}

fn at_risk_unsorted(conn: &rusqlite::Connection, as_of: &AsOf, full: bool) -> Result<Vec<Profile>> {
    Ok(build(conn, Scope::All, as_of, full)?
        .into_iter()
        .filter(|p| p.level > Level::None)
        .collect())
}

/// Highest level first, then highest score, then by name (any case) and id.
fn sort_at_risk(list: &mut [Profile]) {
    list.sort_by_cached_key(|p| {
        (
            std::cmp::Reverse(p.level),
            std::cmp::Reverse(p.score),
            p.name.to_lowercase(),
            p.customer_id,
        )
    });
}

fn empty_profile(customer_id: i64, name: String, as_of: NaiveDate) -> Profile {
    Profile {
        customer_id,
        name,
        as_of,
        level: Level::None,
        computed_level: Level::None,
        score: 0,
        level_reason: None,
        signals: Vec::new(),
        gaps: Vec::new(),
        kick_out_factors: Vec::new(),
        future_needs: Vec::new(),
        improvement_areas: Vec::new(),
        resolve_by: None,
        suggested_resolve_by: None,
        decisions: Vec::new(),
    }
}

/// Computes the profiles in scope: every customer with a signal or a record of their own.
fn build(
    conn: &rusqlite::Connection,
    scope: Scope,
    as_of: &AsOf,
    full: bool,
) -> Result<Vec<Profile>> {
    let detail = if full {
        signals::Detail::Full
    } else {
        signals::Detail::Summary
    };
    let signals::Collected { signals, names } = signals::collect(conn, scope, as_of, detail)?;
    let records = records::load(conn, scope, full)?;
    let mut ids: Vec<i64> = signals.keys().copied().collect();
    ids.extend(records.customers());
    ids.sort_unstable();
    ids.dedup();
    let mut out = Vec::with_capacity(ids.len());
    let mut name_of = conn
        .prepare_cached("SELECT display_name FROM contacts WHERE id = ?1 AND deleted_at IS NULL")?;
    let mut signals = signals;
    let mut records = records;
    for id in ids {
        if let Scope::One(one) = scope {
            if id != one {
                continue;
            }
        }
        let name: Option<String> = match names.get(&id) {
            Some(n) => Some(n.to_string()),
            None => {
                use rusqlite::OptionalExtension;
                name_of.query_row([id], |r| r.get(0)).optional()?
            }
        };
        let Some(name) = name else { continue };
        let mut p = empty_profile(id, name, as_of.today);
        let mut ranked = signals.remove(&id).unwrap_or_default();
        ranked.sort_by_key(|(rank, _)| *rank);
        let mut sigs: Vec<Signal> = ranked.into_iter().map(|(_, s)| s).collect();
        // Evidence oldest first (undated last), whichever index the statement read.
        for s in &mut sigs {
            s.evidence
                .sort_by_key(|e| (e.date.is_none(), e.date, e.id, e.contact_id));
        }
        p.score = sigs.iter().map(|s| s.weight).sum();
        p.computed_level = weights::level_for(p.score);
        p.signals = sigs;
        records.fill(&mut p);
        let (level, reason) = match p.decisions.iter().find(|d| d.what == "level") {
            Some(Decision {
                level: Some(l),
                reason,
                ..
            }) => (*l, Some(reason.clone())),
            _ => (p.computed_level, None),
        };
        p.level = level;
        p.level_reason = reason;
        p.suggested_resolve_by = weights::resolve_within_days(level).map(|days| {
            let began = p
                .signals
                .iter()
                .flat_map(|s| s.evidence.iter())
                .filter_map(|e| e.date)
                .filter(|d| *d <= as_of.today)
                .min()
                .unwrap_or(as_of.today);
            began.checked_add_days(Days::new(days)).unwrap_or(began)
        });
        let owners_date = match p.decisions.iter().find(|d| d.what == "resolve_by") {
            Some(d) => d.resolve_by,
            None => None,
        };
        p.resolve_by = if level == Level::None {
            None
        } else {
            owners_date.or(p.suggested_resolve_by)
        };
        out.push(p);
    }
    Ok(out)
}
