//! The signal queries. Each reads every customer in scope at once (one statement per signal, so the
//! at-risk list over 20,000 customers is a handful of index scans) and returns evidence rows. A
//! person's evidence counts for them and for their organisation.

use std::collections::HashMap;

use chrono::{DateTime, Days, Duration, FixedOffset, NaiveDate};
use rusqlite::{Connection, Row, ToSql};

use super::weights::{self, SignalKind};
use super::{Evidence, EvidenceKind, Scope, Signal};
use crate::error::Result;
use crate::issues::AsOf;
use crate::store::timestamp;

/// One row of evidence: the contact it concerns, that contact's organisation, and the evidence.
struct Found {
    contact_id: i64,
    organization_id: Option<i64>,
    contact_name: String,
    evidence: Evidence,
}

/// Every signal of every customer in scope, by customer id.
pub(super) fn collect(
    conn: &Connection,
    scope: Scope,
    as_of: &AsOf,
) -> Result<HashMap<i64, Vec<Signal>>> {
    let today = as_of.today.to_string();
    let now = timestamp(as_of.now);
    let since_30 = timestamp(as_of.now - Duration::days(weights::NEGATIVE_TONE_DAYS));
    let since_90 = timestamp(as_of.now - Duration::days(weights::CLOSED_UNCONFIRMED_DAYS));
    let renewal_until = as_of
        .today
        .checked_add_days(Days::new(weights::RENEWAL_DAYS))
        .unwrap_or(as_of.today)
        .to_string();
    let offset = FixedOffset::east_opt(as_of.offset_minutes * 60)
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC"));
    let local = |ts: &str| -> Option<NaiveDate> {
        DateTime::parse_from_rfc3339(ts)
            .ok()
            .map(|t| t.with_timezone(&offset).date_naive())
    };
    let date = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();

    let mut out: HashMap<i64, Vec<Signal>> = HashMap::new();
    let mut add = |kind: &SignalKind, found: Vec<Found>| {
        for f in found {
            let mut targets = vec![(f.contact_id, f.evidence.clone())];
            if let Some(org) = f.organization_id {
                let mut e = f.evidence;
                e.text = format!("{}: {}", f.contact_name, e.text);
                targets.push((org, e));
            }
            for (customer, evidence) in targets {
                let signals = out.entry(customer).or_default();
                match signals.iter_mut().find(|s| s.name == kind.name) {
                    Some(s) => s.evidence.push(evidence),
                    None => signals.push(Signal {
                        name: kind.name.to_string(),
                        label: kind.label.to_string(),
                        weight: kind.weight,
                        evidence: vec![evidence],
                    }),
                }
            }
        }
    };

    // Negative-tone interactions in the last 30 days.
    let found = query(
        conn,
        scope,
        "SELECT i.contact_id, c.organization_id, c.display_name, i.id, i.occurred_at, i.summary
           FROM interactions i JOIN contacts c ON c.id = i.contact_id AND c.deleted_at IS NULL
          WHERE i.tone = 'negative' AND i.occurred_at > :since AND i.occurred_at <= :now",
        "i.contact_id",
        &[(":since", &since_30), (":now", &now)],
        |r| {
            let at: String = r.get(4)?;
            Ok((EvidenceKind::Interaction, r.get(3)?, local(&at), r.get(5)?))
        },
    )?;
    add(&weights::NEGATIVE_TONE, found);

    // Issues past their promised date (waiting on the customer pauses the clock).
    let found = query(
        conn,
        scope,
        "SELECT s.customer_id, c.organization_id, c.display_name, s.id, s.due_after_waits, s.title
           FROM issues s JOIN contacts c ON c.id = s.customer_id AND c.deleted_at IS NULL
          WHERE s.status IN ('open', 'in_progress') AND s.due_after_waits < :today",
        "s.customer_id",
        &[(":today", &today)],
        |r| {
            let due: String = r.get(4)?;
            let title: String = r.get(5)?;
            Ok((
                EvidenceKind::Issue,
                r.get(3)?,
                date(&due),
                format!("{title} (was due {due})"),
            ))
        },
    )?;
    add(&weights::OVERDUE_ISSUE, found);

    // Open issues that have been escalated.
    let found = query(
        conn,
        scope,
        "SELECT s.customer_id, c.organization_id, c.display_name, s.id, s.last_activity_at, s.title,
                s.escalation_level
           FROM issues s JOIN contacts c ON c.id = s.customer_id AND c.deleted_at IS NULL
          WHERE s.status IN ('open', 'in_progress', 'waiting_on_customer') AND s.escalation_level > 0",
        "s.customer_id",
        &[],
        |r| {
            let title: String = r.get(5)?;
            let level: i64 = r.get(6)?;
            Ok((
                EvidenceKind::Issue,
                r.get(3)?,
                None,
                format!("{title} (escalated to level {level})"),
            ))
        },
    )?;
    add(&weights::ESCALATED_ISSUE, found);

    // Issues closed lately without the customer confirming the fix.
    let found = query(
        conn,
        scope,
        "SELECT s.customer_id, c.organization_id, c.display_name, s.id, s.closed_at, s.title
           FROM issues s JOIN contacts c ON c.id = s.customer_id AND c.deleted_at IS NULL
          WHERE s.status = 'closed' AND s.closed_how = 'unconfirmed'
            AND s.closed_at > :since AND s.closed_at <= :now",
        "s.customer_id",
        &[(":since", &since_90), (":now", &now)],
        |r| {
            let at: String = r.get(4)?;
            Ok((EvidenceKind::Issue, r.get(3)?, local(&at), r.get(5)?))
        },
    )?;
    add(&weights::CLOSED_UNCONFIRMED, found);

    // Kick-out factors, present or watched.
    for (status, kind) in [
        ("present", &weights::KICK_OUT_PRESENT),
        ("watching", &weights::KICK_OUT_WATCHING),
    ] {
        let found = query(
            conn,
            scope,
            "SELECT k.customer_id, c.organization_id, c.display_name, k.id, k.updated_at, k.description
               FROM kick_out_factors k JOIN contacts c ON c.id = k.customer_id AND c.deleted_at IS NULL
              WHERE k.status = :status",
            "k.customer_id",
            &[(":status", &status)],
            |r| {
                let at: String = r.get(4)?;
                Ok((EvidenceKind::KickOut, r.get(3)?, local(&at), r.get(5)?))
            },
        )?;
        // A kick-out factor belongs to the customer it was written for, not also to an organisation.
        add(
            kind,
            found
                .into_iter()
                .map(|f| Found {
                    organization_id: None,
                    ..f
                })
                .collect(),
        );
    }

    // No contact for longer than the stay-in-touch cadence.
    let found = query(
        conn,
        scope,
        "SELECT f.contact_id, c.organization_id, c.display_name, f.contact_id, f.stay_in_touch_days,
                (SELECT max(occurred_at) FROM interactions i WHERE i.contact_id = f.contact_id),
                f.created_at
           FROM follow_ups f JOIN contacts c ON c.id = f.contact_id AND c.deleted_at IS NULL
          WHERE f.stay_in_touch_days IS NOT NULL AND f.done_at IS NULL",
        "f.contact_id",
        &[],
        |r| {
            let days: i64 = r.get(4)?;
            let last: Option<String> = r.get(5)?;
            let created: String = r.get(6)?;
            let since = last.as_deref().and_then(&local);
            let from = since.or_else(|| local(&created));
            let late = from
                .and_then(|d| d.checked_add_days(Days::new(days.max(0) as u64)))
                .is_some_and(|limit| limit < as_of.today);
            let text = match since {
                Some(d) => format!("last contact {d}; keep in touch every {days} days"),
                None => format!("never contacted; keep in touch every {days} days"),
            };
            Ok((
                EvidenceKind::Contact,
                r.get(3)?,
                if late { from } else { None },
                if late { text } else { String::new() },
            ))
        },
    )?;
    add(
        &weights::OUT_OF_TOUCH,
        found
            .into_iter()
            .filter(|f| !f.evidence.text.is_empty())
            .collect(),
    );

    // Renewal within 60 days.
    let found = query(
        conn,
        scope,
        "SELECT c.id, c.organization_id, c.display_name, c.id, c.renewal_date, c.display_name
           FROM contacts c
          WHERE c.renewal_date IS NOT NULL AND c.deleted_at IS NULL
            AND c.renewal_date >= :today AND c.renewal_date <= :until",
        "c.id",
        &[(":today", &today), (":until", &renewal_until)],
        |r| {
            let on: String = r.get(4)?;
            Ok((
                EvidenceKind::Contact,
                r.get(3)?,
                None,
                format!("renews on {on}"),
            ))
        },
    )?;
    add(&weights::RENEWAL_SOON, found);

    Ok(out)
}

type Parts = (EvidenceKind, i64, Option<NaiveDate>, String);

/// Runs one signal's statement (columns: contact id, organisation id, contact name, then whatever
/// `parts` reads), limited to the customer and the people of their organisation when `scope` is one.
fn query(
    conn: &Connection,
    scope: Scope,
    sql: &str,
    subject: &str,
    params: &[(&str, &dyn ToSql)],
    parts: impl Fn(&Row<'_>) -> rusqlite::Result<Parts>,
) -> Result<Vec<Found>> {
    let one;
    let mut all: Vec<(&str, &dyn ToSql)> = params.to_vec();
    let sql = match scope {
        Scope::All => sql.to_string(),
        Scope::One(id) => {
            one = id;
            all.push((":customer", &one));
            format!(
                "{sql} AND {subject} IN (SELECT :customer UNION ALL
                   SELECT id FROM contacts WHERE organization_id = :customer)"
            )
        }
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(all.as_slice(), |r| {
        let (kind, id, date, text) = parts(r)?;
        Ok(Found {
            contact_id: r.get(0)?,
            organization_id: r.get(1)?,
            contact_name: r.get(2)?,
            evidence: Evidence {
                kind,
                id,
                contact_id: r.get(0)?,
                date,
                text,
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
