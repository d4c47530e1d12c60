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
    /// The organisation (id, name) the contact belongs to, if any.
    organization: Option<(i64, String)>,
    contact_name: String,
    evidence: Evidence,
}

/// Every signal of every customer in scope, and the name of each of those customers.
pub(super) struct Collected {
    pub signals: HashMap<i64, Vec<Signal>>,
    pub names: HashMap<i64, String>,
}

/// Every signal of every customer in scope, by customer id.
pub(super) fn collect(conn: &Connection, scope: Scope, as_of: &AsOf) -> Result<Collected> {
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
    let mut names: HashMap<i64, String> = HashMap::new();
    let mut add = |kind: &SignalKind, found: Vec<Found>| {
        for f in found {
            let mut targets = vec![(f.contact_id, f.evidence.clone())];
            names
                .entry(f.contact_id)
                .or_insert_with(|| f.contact_name.clone());
            if let Some((org, org_name)) = f.organization {
                let mut e = f.evidence;
                e.text = format!("{}: {}", f.contact_name, e.text);
                targets.push((org, e));
                names.entry(org).or_insert(org_name);
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
        Sql {
            table: "interactions",
            alias: "i",
            all_index: Some("interactions_negative_by_time"),
            one_index: Some("interactions_by_contact"),
            subject: "i.contact_id",
            select: "i.id, i.occurred_at, i.summary",
            filter: "i.tone = 'negative' AND i.occurred_at > :since AND i.occurred_at <= :now",
            join: "",
        },
        &[(":since", &since_30), (":now", &now)],
        |r| {
            let at: String = r.get(5)?;
            Ok((EvidenceKind::Interaction, r.get(4)?, local(&at), r.get(6)?))
        },
    )?;
    add(&weights::NEGATIVE_TONE, found);

    // Issues past their promised date (waiting on the customer pauses the clock).
    let found = query(
        conn,
        scope,
        Sql {
            table: "issues",
            alias: "s",
            all_index: Some("issues_by_status_due"),
            one_index: Some("issues_by_customer"),
            subject: "s.customer_id",
            select: "s.id, s.due_after_waits, s.title",
            filter: "s.status IN ('open', 'in_progress') AND s.due_after_waits < :today",
            join: "",
        },
        &[(":today", &today)],
        |r| {
            let due: String = r.get(5)?;
            let title: String = r.get(6)?;
            Ok((
                EvidenceKind::Issue,
                r.get(4)?,
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
        Sql {
            table: "issues",
            alias: "s",
            all_index: Some("issues_escalated_open"),
            one_index: Some("issues_by_customer"),
            subject: "s.customer_id",
            select: "s.id, s.escalation_level, s.title",
            filter: "s.status IN ('open', 'in_progress', 'waiting_on_customer') AND s.escalation_level > 0",
            join: "",
        },
        &[],
        |r| {
            let level: i64 = r.get(5)?;
            let title: String = r.get(6)?;
            Ok((
                EvidenceKind::Issue,
                r.get(4)?,
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
        Sql {
            table: "issues",
            alias: "s",
            all_index: Some("issues_unconfirmed_by_closed"),
            one_index: Some("issues_by_customer"),
            subject: "s.customer_id",
            select: "s.id, s.closed_at, s.title",
            filter: "s.status = 'closed' AND s.closed_how = 'unconfirmed'
                     AND s.closed_at > :since AND s.closed_at <= :now",
            join: "",
        },
        &[(":since", &since_90), (":now", &now)],
        |r| {
            let at: String = r.get(5)?;
            Ok((EvidenceKind::Issue, r.get(4)?, local(&at), r.get(6)?))
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
            Sql {
                table: "kick_out_factors",
                alias: "k",
                all_index: Some("kick_out_factors_by_status"),
                one_index: Some("kick_out_factors_by_status"),
                subject: "k.customer_id",
                select: "k.id, k.updated_at, k.description",
                filter: "k.status = :status",
                join: "",
            },
            &[(":status", &status)],
            |r| {
                let at: String = r.get(5)?;
                Ok((EvidenceKind::KickOut, r.get(4)?, local(&at), r.get(6)?))
            },
        )?;
        // A kick-out factor belongs to the customer it was written for, not also to an organisation.
        add(
            kind,
            found
                .into_iter()
                .map(|f| Found {
                    organization: None,
                    ..f
                })
                .collect(),
        );
    }

    // No contact for longer than the stay-in-touch cadence.
    let found = query(
        conn,
        scope,
        Sql {
            table: "follow_ups",
            alias: "f",
            all_index: Some("follow_ups_stay_in_touch"),
            one_index: Some("follow_ups_stay_in_touch"),
            subject: "f.contact_id",
            select: "f.contact_id, f.stay_in_touch_days,
                     (SELECT max(occurred_at) FROM interactions i WHERE i.contact_id = f.contact_id),
                     f.created_at",
            filter: "f.stay_in_touch_days IS NOT NULL AND f.done_at IS NULL",
            join: "",
        },
        &[],
        |r| {
            let days: i64 = r.get(5)?;
            let last: Option<String> = r.get(6)?;
            let created: String = r.get(7)?;
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
                r.get(4)?,
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
        Sql {
            table: "contacts",
            alias: "x",
            all_index: Some("contacts_by_renewal"),
            one_index: None,
            subject: "x.id",
            select: "x.id, x.renewal_date",
            filter: "x.renewal_date IS NOT NULL AND x.deleted_at IS NULL
                     AND x.renewal_date >= :today AND x.renewal_date <= :until",
            join: "",
        },
        &[(":today", &today), (":until", &renewal_until)],
        |r| {
            let on: String = r.get(5)?;
            Ok((
                EvidenceKind::Contact,
                r.get(4)?,
                None,
                format!("renews on {on}"),
            ))
        },
    )?;
    add(&weights::RENEWAL_SOON, found);

    // The latest survey answers: a detractor (recommend 0–6), a satisfaction score of 2 or lower.
    // Answers dated after the day asked do not count; each person's latest answer decides.
    for (column, kind) in [("nps", &weights::DETRACTOR), ("csat", &weights::LOW_CSAT)] {
        let select: &'static str = if column == "nps" {
            "r.id, coalesce(r.responded_at, sv.imported_at), r.nps, sv.name"
        } else {
            "r.id, coalesce(r.responded_at, sv.imported_at), r.csat, sv.name"
        };
        let filter: &'static str = if column == "nps" {
            "r.nps IS NOT NULL AND substr(coalesce(r.responded_at, sv.imported_at), 1, 10) <= :today"
        } else {
            "r.csat IS NOT NULL AND substr(coalesce(r.responded_at, sv.imported_at), 1, 10) <= :today"
        };
        let found = query(
            conn,
            scope,
            Sql {
                table: "survey_responses",
                alias: "r",
                all_index: None,
                one_index: Some("survey_responses_by_contact"),
                subject: "r.contact_id",
                select,
                filter,
                join: "JOIN surveys sv ON sv.id = r.survey_id",
            },
            &[(":today", &today)],
            |r| {
                let at: String = r.get(5)?;
                let score: i64 = r.get(6)?;
                let survey: String = r.get(7)?;
                let on = at.get(..10).and_then(&date);
                let what = if column == "nps" {
                    format!("recommend score {score} of 10 in \"{survey}\"")
                } else {
                    format!("satisfaction {score} of 5 in \"{survey}\"")
                };
                // The score travels in the id's place until the latest answer is chosen below.
                Ok((
                    EvidenceKind::Response,
                    r.get(4)?,
                    on,
                    format!("{score}\u{1f}{what}"),
                ))
            },
        )?;
        let mut latest: HashMap<i64, Found> = HashMap::new();
        for f in found {
            match latest.get(&f.contact_id) {
                Some(seen)
                    if (seen.evidence.date, seen.evidence.id)
                        >= (f.evidence.date, f.evidence.id) => {}
                _ => {
                    latest.insert(f.contact_id, f);
                }
            }
        }
        let low = if column == "nps" { 6 } else { 2 };
        let mut hits: Vec<Found> = latest
            .into_values()
            .filter_map(|mut f| {
                let (score, text) = f.evidence.text.split_once('\u{1f}')?;
                let score: i64 = score.parse().ok()?;
                f.evidence.text = text.to_string();
                (score <= low).then_some(f)
            })
            .collect();
        hits.sort_by_key(|f| f.evidence.id);
        add(kind, hits);
    }

    // Happiness at status meetings: the latest answer is 2 or lower, or lower than the one before.
    let found = query(
        conn,
        scope,
        Sql {
            table: "meetings",
            alias: "m",
            all_index: None,
            one_index: Some("meetings_by_customer"),
            subject: "m.customer_id",
            select: "m.id, m.held_at, m.happiness, m.happiness_why",
            filter: "m.happiness IS NOT NULL AND m.held_at <= :now",
            join: "",
        },
        &[(":now", &now)],
        |r| {
            let at: String = r.get(5)?;
            let happiness: i64 = r.get(6)?;
            let why: Option<String> = r.get(7)?;
            let text = match why.filter(|w| !w.trim().is_empty()) {
                Some(w) => format!("{happiness}\u{1f}happiness {happiness} of 5: {w}"),
                None => format!("{happiness}\u{1f}happiness {happiness} of 5"),
            };
            Ok((EvidenceKind::Meeting, r.get(4)?, local(&at), text))
        },
    )?;
    // The two latest answers per customer (meetings are the customer's own: no roll-up).
    // Per customer: (date, meeting id, happiness, evidence).
    type Answer = (Option<NaiveDate>, i64, i64, Found);
    let mut by_customer: HashMap<i64, Vec<Answer>> = HashMap::new();
    for mut f in found {
        let Some((h, text)) = f
            .evidence
            .text
            .split_once('\u{1f}')
            .map(|(h, t)| (h.to_string(), t.to_string()))
        else {
            continue;
        };
        let Ok(h) = h.parse::<i64>() else { continue };
        f.evidence.text = text;
        f.organization = None;
        by_customer
            .entry(f.contact_id)
            .or_default()
            .push((f.evidence.date, f.evidence.id, h, f));
    }
    let mut falling = Vec::new();
    for (_, mut answers) in by_customer {
        answers.sort_by_key(|a| std::cmp::Reverse((a.0, a.1)));
        let previous = answers.get(1).map(|a| a.2);
        let (_, _, latest, f) = answers.swap_remove(0);
        let lower = previous.is_some_and(|p| latest < p);
        if latest <= 2 || lower {
            let mut f = f;
            if let Some(p) = previous.filter(|_| lower) {
                f.evidence.text = format!("{} (was {p})", f.evidence.text);
            }
            falling.push(f);
        }
    }
    falling.sort_by_key(|f| f.evidence.id);
    add(&weights::FALLING_HAPPINESS, falling);

    Ok(Collected {
        signals: out,
        names,
    })
}

type Parts = (EvidenceKind, i64, Option<NaiveDate>, String);

/// One signal's statement: evidence rows from `from`, whose `subject` column is the contact.
struct Sql {
    table: &'static str,
    alias: &'static str,
    /// The index to read for all customers, and for one (named, so the plan never depends on the
    /// planner's guesses: a wrong name fails loudly in the tests).
    all_index: Option<&'static str>,
    one_index: Option<&'static str>,
    subject: &'static str,
    select: &'static str,
    filter: &'static str,
    /// More tables the statement reads (after the contact joins), or "".
    join: &'static str,
}

/// Runs one signal's statement. Its columns are the contact id, their organisation's id and name,
/// the contact's name (0–3), then `select` (4 …) for `parts` to read. For one customer, the rows
/// are those of the customer and the people of their organisation, read through the customer
/// index (the subjects come first in the join).
fn query(
    conn: &Connection,
    scope: Scope,
    sql: Sql,
    params: &[(&str, &dyn ToSql)],
    parts: impl Fn(&Row<'_>) -> rusqlite::Result<Parts>,
) -> Result<Vec<Found>> {
    let Sql {
        table,
        alias,
        all_index,
        one_index,
        subject,
        select,
        filter,
        join,
    } = sql;
    let from = |index: Option<&str>| match index {
        Some(i) => format!("{table} AS {alias} INDEXED BY {i}"),
        None => format!("{table} AS {alias}"),
    };
    let columns = format!("SELECT {subject}, o.id, o.display_name, c.display_name, {select}");
    let people = format!(
        "JOIN contacts c ON c.id = {subject} AND c.deleted_at IS NULL
         LEFT JOIN contacts o ON o.id = c.organization_id AND o.deleted_at IS NULL {join}"
    );
    let one;
    let mut all: Vec<(&str, &dyn ToSql)> = params.to_vec();
    let sql = match scope {
        Scope::All => format!("{columns} FROM {} {people} WHERE {filter}", from(all_index)),
        Scope::One(id) => {
            one = id;
            all.push((":customer", &one));
            format!(
                "WITH subjects (id) AS (SELECT :customer UNION SELECT id FROM contacts WHERE organization_id = :customer)
                 {columns} FROM subjects CROSS JOIN {} ON {subject} = subjects.id {people} WHERE {filter}",
                from(one_index)
            )
        }
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(all.as_slice(), |r| {
        let (kind, id, date, text) = parts(r)?;
        let organization = match (r.get::<_, Option<i64>>(1)?, r.get::<_, Option<String>>(2)?) {
            (Some(id), Some(name)) => Some((id, name)),
            _ => None,
        };
        Ok(Found {
            contact_id: r.get(0)?,
            organization,
            contact_name: r.get(3)?,
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
