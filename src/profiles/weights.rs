//! The vulnerability rules, in one place: each signal's weight, how the total becomes a level, and
//! how long each level gives to resolve. Every number here has a test in `tests/profiles.rs`.
//!
//! A signal counts once per customer however much evidence it has (three overdue issues are one
//! "overdue issue" signal, with three pieces of evidence), so one noisy kind of trouble cannot
//! outweigh several different ones. The levels:
//!
//! | total weight | level       | resolve within |
//! |--------------|-------------|----------------|
//! | 0–1          | none        | —              |
//! | 2–3          | moderate    | 90 days        |
//! | 4–6          | significant | 30 days        |
//! | 7 or more    | severe      | 7 days         |
//!
//! So a single weak signal (a renewal coming up, a lapse in keeping in touch, an issue closed without
//! the customer confirming) is shown but is not, alone, a risk; any one strong signal (a detractor, a
//! present kick-out factor) is.

use super::Level;

/// One kind of signal: its stable name (in JSON), its weight, and what it means for the owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignalKind {
    pub name: &'static str,
    pub weight: u32,
    pub label: &'static str,
}

pub const DETRACTOR: SignalKind = SignalKind {
    name: "nps_detractor",
    weight: 3,
    label: "Their latest recommend score was a detractor (0–6)",
};
pub const LOW_CSAT: SignalKind = SignalKind {
    name: "low_csat",
    weight: 3,
    label: "Their latest satisfaction score was 2 or lower (of 5)",
};
pub const NEGATIVE_TONE: SignalKind = SignalKind {
    name: "negative_interactions",
    weight: 2,
    label: "Negative-tone interactions in the last 30 days",
};
pub const OVERDUE_ISSUE: SignalKind = SignalKind {
    name: "overdue_issues",
    weight: 2,
    label: "Issues past their promised date",
};
pub const ESCALATED_ISSUE: SignalKind = SignalKind {
    name: "escalated_issues",
    weight: 2,
    label: "Open issues that have been escalated",
};
pub const CLOSED_UNCONFIRMED: SignalKind = SignalKind {
    name: "closed_unconfirmed",
    weight: 1,
    label: "Issues closed in the last 90 days without the customer confirming the fix",
};
pub const FALLING_HAPPINESS: SignalKind = SignalKind {
    name: "falling_happiness",
    weight: 2,
    label: "Happiness at status meetings is falling (or 2 or lower)",
};
pub const KICK_OUT_PRESENT: SignalKind = SignalKind {
    name: "kick_out_present",
    weight: 3,
    label: "A kick-out factor is present",
};
pub const KICK_OUT_WATCHING: SignalKind = SignalKind {
    name: "kick_out_watching",
    weight: 1,
    label: "A kick-out factor is being watched",
};
pub const OUT_OF_TOUCH: SignalKind = SignalKind {
    name: "out_of_touch",
    weight: 1,
    label: "No contact for longer than their stay-in-touch cadence",
};
pub const RENEWAL_SOON: SignalKind = SignalKind {
    name: "renewal_soon",
    weight: 1,
    label: "Their renewal is within 60 days",
};

/// Every signal, strongest first (the order signals are listed in).
pub const ALL: &[SignalKind] = &[
    DETRACTOR,
    LOW_CSAT,
    KICK_OUT_PRESENT,
    NEGATIVE_TONE,
    OVERDUE_ISSUE,
    ESCALATED_ISSUE,
    FALLING_HAPPINESS,
    CLOSED_UNCONFIRMED,
    KICK_OUT_WATCHING,
    OUT_OF_TOUCH,
    RENEWAL_SOON,
];

/// Windows the signals look back (or ahead) over, in days.
pub const NEGATIVE_TONE_DAYS: i64 = 30;
pub const CLOSED_UNCONFIRMED_DAYS: i64 = 90;
pub const RENEWAL_DAYS: u64 = 60;

/// The level for a total weight.
pub fn level_for(total: u32) -> Level {
    match total {
        0..=1 => Level::None,
        2..=3 => Level::Moderate,
        4..=6 => Level::Significant,
        _ => Level::Severe,
    }
}

/// Days a level gives to resolve what is wrong; `None` for no risk.
pub fn resolve_within_days(level: Level) -> Option<u64> {
    match level {
        Level::None => None,
        Level::Moderate => Some(90),
        Level::Significant => Some(30),
        Level::Severe => Some(7),
    }
}
