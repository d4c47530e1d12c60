//! The signal queries. Each reads every customer in scope at once (one statement per signal, so the
//! at-risk list over 20,000 customers is a handful of index scans) and streams its evidence rows
//! into the customers' signals. A person's evidence counts for them and for their organisation.
//!
//! The statements read the signal's own table only (its indexes cover what the evidence shows);
//! who a contact is — their name, their organisation, whether they are in the Trash — is looked up
//! once per contact in a [`Directory`].

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use chrono::{DateTime, Days, Duration, FixedOffset, NaiveDate};
use rusqlite::types::ValueRef;
use rusqlite::{CachedStatement, Connection, OptionalExtension, Row, ToSql};

use super::weights::{self, SignalKind};
use super::{Evidence, EvidenceKind, Scope, Signal};
use crate::error::Result;
use crate::issues::AsOf;
use crate::store::timestamp;

/// How much of the evidence to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Detail {
    /// Every piece of evidence, with its text.
    Full,
    /// Per signal, one piece of evidence without text: the earliest dated on or before the day (what
    /// the level, the strongest signal and the suggested resolve-by date need).
    Summary,
}

/// A map keyed by contact id with a cheap hash (ids are small integers the store hands out, not
/// input from outside).
pub(super) type IdMap<V> = HashMap<i64, V, BuildHasherDefault<IdHasher>>;

#[derive(Default, Clone, Copy)]
pub(super) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_i64(&mut self, n: i64) {
        self.write_u64(n as u64);
    }
}

/// Every signal of every customer in scope (each with its kind's place in [`weights::ALL`], the
/// strongest first), and the name of each of those customers.
pub(super) struct Collected {
    pub signals: IdMap<Vec<(usize, Signal)>>,
    pub names: IdMap<Rc<str>>,
}

/// A live contact: their name and, when they belong to one that is not in the Trash, their
/// organisation.
#[derive(Clone)]
struct Person {
    name: Rc<str>,
    organization: Option<i64>,
}

/// Live contacts by id, each read once; after the first thousand, all of them in one read (cheaper
/// than one lookup each when most customers have a signal).
struct Directory<'c> {
    conn: &'c Connection,
    stmt: CachedStatement<'c>,
    seen: IdMap<Option<Person>>,
    lookups: usize,
    all_read: bool,
}

/// Lookups one at a time before the directory reads every contact at once.
const LOOKUPS_BEFORE_READING_ALL: usize = 1000;

impl<'c> Directory<'c> {
    fn new(conn: &'c Connection) -> Result<Self> {
        Ok(Directory {
            conn,
            stmt: conn.prepare_cached(
                "SELECT display_name, organization_id FROM contacts WHERE id = ?1 AND deleted_at IS NULL",
            )?,
            seen: IdMap::default(),
            lookups: 0,
            all_read: false,
        })
    }

    /// The contact, or `None` when there is no such live contact.
    fn person(&mut self, id: i64) -> Result<Option<Person>> {
        if let Some(p) = self.seen.get(&id) {
            return Ok(p.clone());
        }
        if self.all_read {
            return Ok(None);
        }
        self.lookups += 1;
        if self.lookups > LOOKUPS_BEFORE_READING_ALL {
            self.read_all()?;
            return Ok(self.seen.get(&id).cloned().flatten());
        }
        let found: Option<(String, Option<i64>)> = self
            .stmt
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let person = match found {
            None => None,
            Some((name, org)) => {
                let organization = match org {
                    Some(o) if o != id => self.person(o)?.map(|_| o),
                    _ => None,
                };
                Some(Person {
                    name: Rc::from(name),
                    organization,
                })
            }
        };
        if !self.all_read {
            self.seen.insert(id, person.clone());
        }
        Ok(person)
    }

    fn read_all(&mut self) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, display_name, organization_id FROM contacts WHERE deleted_at IS NULL",
        )?;
        let mut rows = stmt.query([])?;
        let mut all = IdMap::with_capacity_and_hasher(self.seen.len() * 2, Default::default());
        while let Some(r) = rows.next()? {
            all.insert(
                r.get::<_, i64>(0)?,
                Some(Person {
                    name: Rc::from(text(r, 1)?),
                    organization: r.get(2)?,
                }),
            );
        }
        // An organisation counts only when it is live too.
        let organizations: Vec<(i64, i64)> = all
            .iter()
            .filter_map(|(id, p)| Some((*id, p.as_ref()?.organization?)))
            .collect();
        for (id, org) in organizations {
            if org == id || !all.contains_key(&org) {
                if let Some(Some(p)) = all.get_mut(&id) {
                    p.organization = None;
                }
            }
        }
        self.seen = all;
        self.all_read = true;
        Ok(())
    }
}

/// Where the evidence goes.
struct Sink<'c> {
    detail: Detail,
    today: NaiveDate,
    directory: Directory<'c>,
    signals: IdMap<Vec<(usize, Signal)>>,
    names: IdMap<Rc<str>>,
}

/// One piece of evidence as a statement found it.
struct Found<F: FnOnce() -> String> {
    contact_id: i64,
    kind: EvidenceKind,
    id: i64,
    date: Option<NaiveDate>,
    text: F,
}

impl Sink<'_> {
    /// Adds evidence of `signal` about a contact to the contact and, when `roll_up`, to their
    /// organisation. The text is made only when kept.
    fn add<F: FnOnce() -> String>(
        &mut self,
        signal: &SignalKind,
        roll_up: bool,
        found: Found<F>,
    ) -> Result<()> {
        let Some(person) = self.directory.person(found.contact_id)? else {
            return Ok(());
        };
        let organization = match person.organization.filter(|_| roll_up) {
            Some(o) => self.directory.person(o)?.map(|p| (o, p.name)),
            None => None,
        };
        let text = match self.detail {
            Detail::Full => (found.text)(),
            Detail::Summary => String::new(),
        };
        let evidence = Evidence {
            kind: found.kind,
            id: found.id,
            contact_id: found.contact_id,
            date: found.date,
            text,
        };
        self.names
            .entry(found.contact_id)
            .or_insert_with(|| person.name.clone());
        if let Some((org, org_name)) = organization {
            self.names.entry(org).or_insert(org_name);
            let mut e = evidence.clone();
            if self.detail == Detail::Full {
                e.text = format!("{}: {}", person.name, e.text);
            }
            self.push(org, signal, e);
        }
        self.push(found.contact_id, signal, evidence);
        Ok(())
    }

    fn push(&mut self, customer: i64, kind: &SignalKind, evidence: Evidence) {
        let rank = weights::ALL
            .iter()
            .position(|k| k.name == kind.name)
            .unwrap_or(usize::MAX);
        let signals = self.signals.entry(customer).or_default();
        let signal = match signals.iter_mut().position(|(r, _)| *r == rank) {
            Some(i) => &mut signals[i].1,
            None => {
                signals.push((
                    rank,
                    Signal {
                        name: kind.name,
                        label: kind.label,
                        weight: kind.weight,
                        evidence: Vec::new(),
                    },
                ));
                &mut signals.last_mut().expect("just pushed").1
            }
        };
        match self.detail {
            Detail::Full => signal.evidence.push(evidence),
            Detail::Summary => {
                // Keep the earliest date on or before the day (later ones do not date the trouble).
                let counts = |e: &Evidence| e.date.filter(|d| *d <= self.today);
                match signal.evidence.first_mut() {
                    None => signal.evidence.push(evidence),
                    Some(kept) => {
                        if let Some(d) = counts(&evidence) {
                            if counts(kept).is_none_or(|k| d < k) {
                                *kept = evidence;
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Every signal of every customer in scope, by customer id.
pub(super) fn collect(
    conn: &Connection,
    scope: Scope,
    as_of: &AsOf,
    detail: Detail,
) -> Result<Collected> {
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
    let date = ymd;
    let mut sink = Sink {
        detail,
        today: as_of.today,
        directory: Directory::new(conn)?,
        signals: IdMap::default(),
        names: IdMap::default(),
    };

    // Negative-tone interactions in the last 30 days.
    each(
        conn,
        scope,
        Sql {
            all: "interactions AS i INDEXED BY interactions_negative_by_time",
            one: "interactions AS i INDEXED BY interactions_by_contact",
            subject: "i.contact_id",
            select: "i.id, i.occurred_at, i.summary",
            filter: "i.tone = 'negative' AND i.occurred_at > :since AND i.occurred_at <= :now",
            join: "",
        },
        &[(":since", &since_30), (":now", &now)],
        |r| {
            let at = text(r, 2)?;
            sink.add(
                &weights::NEGATIVE_TONE,
                true,
                Found {
                    contact_id: r.get(0)?,
                    kind: EvidenceKind::Interaction,
                    id: r.get(1)?,
                    date: local(at),
                    text: || text(r, 3).unwrap_or_default().to_string(),
                },
            )
        },
    )?;

    // Issues past their promised date (waiting on the customer pauses the clock).
    each(
        conn,
        scope,
        Sql {
            all: "issues AS s INDEXED BY issues_overdue",
            one: "issues AS s INDEXED BY issues_by_customer",
            subject: "s.customer_id",
            select: "s.id, s.due_after_waits, s.title",
            filter: "s.status IN ('open', 'in_progress') AND s.due_after_waits IS NOT NULL
                     AND s.due_after_waits < :today",
            join: "",
        },
        &[(":today", &today)],
        |r| {
            let due = text(r, 2)?;
            sink.add(
                &weights::OVERDUE_ISSUE,
                true,
                Found {
                    contact_id: r.get(0)?,
                    kind: EvidenceKind::Issue,
                    id: r.get(1)?,
                    date: date(due),
                    text: || format!("{} (was due {due})", text(r, 3).unwrap_or_default()),
                },
            )
        },
    )?;

    // Open issues that have been escalated.
    each(
        conn,
        scope,
        Sql {
            all: "issues AS s INDEXED BY issues_escalated_open",
            one: "issues AS s INDEXED BY issues_by_customer",
            subject: "s.customer_id",
            select: "s.id, s.escalation_level, s.title",
            filter: "s.status IN ('open', 'in_progress', 'waiting_on_customer') AND s.escalation_level > 0",
            join: "",
        },
        &[],
        |r| {
            let level: i64 = r.get(2)?;
            sink.add(
                &weights::ESCALATED_ISSUE,
                true,
                Found {
                    contact_id: r.get(0)?,
                    kind: EvidenceKind::Issue,
                    id: r.get(1)?,
                    date: None,
                    text: || {
                        format!(
                            "{} (escalated to level {level})",
                            text(r, 3).unwrap_or_default()
                        )
                    },
                },
            )
        },
    )?;

    // Issues closed lately without the customer confirming the fix.
    each(
        conn,
        scope,
        Sql {
            all: "issues AS s INDEXED BY issues_unconfirmed_by_closed",
            one: "issues AS s INDEXED BY issues_by_customer",
            subject: "s.customer_id",
            select: "s.id, s.closed_at, s.title",
            filter: "s.status = 'closed' AND s.closed_how = 'unconfirmed'
                     AND s.closed_at > :since AND s.closed_at <= :now",
            join: "",
        },
        &[(":since", &since_90), (":now", &now)],
        |r| {
            let at = text(r, 2)?;
            sink.add(
                &weights::CLOSED_UNCONFIRMED,
                true,
                Found {
                    contact_id: r.get(0)?,
                    kind: EvidenceKind::Issue,
                    id: r.get(1)?,
                    date: local(at),
                    text: || text(r, 3).unwrap_or_default().to_string(),
                },
            )
        },
    )?;

    // Kick-out factors, present or watched. A kick-out factor belongs to the customer it was
    // written for, not also to an organisation.
    for (status, kind) in [
        ("present", &weights::KICK_OUT_PRESENT),
        ("watching", &weights::KICK_OUT_WATCHING),
    ] {
        each(
            conn,
            scope,
            Sql {
                all: "kick_out_factors AS k INDEXED BY kick_out_factors_by_status",
                one: "kick_out_factors AS k INDEXED BY kick_out_factors_by_status",
                subject: "k.customer_id",
                select: "k.id, k.updated_at, k.description",
                filter: "k.status = :status",
                join: "",
            },
            &[(":status", &status)],
            |r| {
                let at = text(r, 2)?;
                sink.add(
                    kind,
                    false,
                    Found {
                        contact_id: r.get(0)?,
                        kind: EvidenceKind::KickOut,
                        id: r.get(1)?,
                        date: local(at),
                        text: || text(r, 3).unwrap_or_default().to_string(),
                    },
                )
            },
        )?;
    }

    // No contact for longer than the stay-in-touch cadence.
    each(
        conn,
        scope,
        Sql {
            all: "follow_ups AS f INDEXED BY follow_ups_stay_in_touch",
            one: "follow_ups AS f INDEXED BY follow_ups_stay_in_touch",
            subject: "f.contact_id",
            select: "f.contact_id, f.stay_in_touch_days,
                     (SELECT max(occurred_at) FROM interactions i WHERE i.contact_id = f.contact_id),
                     f.created_at",
            filter: "f.stay_in_touch_days IS NOT NULL AND f.done_at IS NULL",
            join: "",
        },
        &[],
        |r| {
            let days: i64 = r.get(2)?;
            let since = Some(text(r, 3)?).filter(|t| !t.is_empty()).and_then(&local);
            let from = since.or_else(|| text(r, 4).ok().and_then(&local));
            let late = from
                .and_then(|d| d.checked_add_days(Days::new(days.max(0) as u64)))
                .is_some_and(|limit| limit < as_of.today);
            if !late {
                return Ok(());
            }
            sink.add(
                &weights::OUT_OF_TOUCH,
                true,
                Found {
                    contact_id: r.get(0)?,
                    kind: EvidenceKind::Contact,
                    id: r.get(1)?,
                    date: from,
                    text: || match since {
                        Some(d) => format!("last contact {d}; keep in touch every {days} days"),
                        None => format!("never contacted; keep in touch every {days} days"),
                    },
                },
            )
        },
    )?;

    // Renewal within 60 days.
    each(
        conn,
        scope,
        Sql {
            all: "contacts AS x INDEXED BY contacts_by_renewal",
            one: "contacts AS x",
            subject: "x.id",
            select: "x.id, x.renewal_date",
            filter: "x.renewal_date IS NOT NULL AND x.deleted_at IS NULL
                     AND x.renewal_date >= :today AND x.renewal_date <= :until",
            join: "",
        },
        &[(":today", &today), (":until", &renewal_until)],
        |r| {
            let on = text(r, 2)?;
            sink.add(
                &weights::RENEWAL_SOON,
                true,
                Found {
                    contact_id: r.get(0)?,
                    kind: EvidenceKind::Contact,
                    id: r.get(1)?,
                    date: None,
                    text: || format!("renews on {on}"),
                },
            )
        },
    )?;

    // The latest survey answers: a detractor (recommend 0–6), a satisfaction score of 2 or lower.
    // Answers dated after the day asked do not count; each person's latest answer (by day, then by
    // row) decides. One read of the responses index serves both.
    let mut surveys: HashMap<i64, (String, String)> = HashMap::new();
    {
        let mut stmt =
            conn.prepare_cached("SELECT id, name, substr(imported_at, 1, 10) FROM surveys")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            surveys.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
        }
    }
    /// A person's latest answer to one question: (day, response id, score, survey id).
    type Latest = Option<(NaiveDate, i64, i64, i64)>;
    let mut latest: HashMap<i64, (Latest, Latest)> = HashMap::new();
    each(
        conn,
        scope,
        Sql {
            all: "survey_responses AS r INDEXED BY survey_responses_by_contact",
            one: "survey_responses AS r INDEXED BY survey_responses_by_contact",
            subject: "r.contact_id",
            select: "r.id, r.responded_at, r.nps, r.csat, r.survey_id",
            filter: "r.nps IS NOT NULL OR r.csat IS NOT NULL",
            join: "",
        },
        &[],
        |r| {
            let survey: i64 = r.get(5)?;
            let day = match text(r, 2)? {
                "" => surveys.get(&survey).map_or("", |(_, d)| d.as_str()),
                at => at.get(..10).unwrap_or(at),
            };
            let Some(day) = date(day).filter(|d| *d <= as_of.today) else {
                return Ok(());
            };
            let id: i64 = r.get(1)?;
            let entry = latest.entry(r.get(0)?).or_default();
            for (score, slot) in [
                (r.get::<_, Option<i64>>(3)?, &mut entry.0),
                (r.get(4)?, &mut entry.1),
            ] {
                if let Some(score) = score {
                    if slot.is_none_or(|(d, i, _, _)| (day, id) > (d, i)) {
                        *slot = Some((day, id, score, survey));
                    }
                }
            }
            Ok(())
        },
    )?;
    for (question, kind) in [(0, &weights::DETRACTOR), (1, &weights::LOW_CSAT)] {
        let mut hits: Vec<(i64, (NaiveDate, i64, i64, i64))> = latest
            .iter()
            .filter_map(|(contact, answers)| {
                let answer = if question == 0 { answers.0 } else { answers.1 };
                let low = if question == 0 { 6 } else { 2 };
                answer.filter(|a| a.2 <= low).map(|a| (*contact, a))
            })
            .collect();
        hits.sort_by_key(|(_, a)| a.1);
        for (contact, (day, id, score, survey)) in hits {
            sink.add(
                kind,
                true,
                Found {
                    contact_id: contact,
                    kind: EvidenceKind::Response,
                    id,
                    date: Some(day),
                    text: || {
                        let survey = surveys.get(&survey).map_or("", |(n, _)| n.as_str());
                        if question == 0 {
                            format!("recommend score {score} of 10 in \"{survey}\"")
                        } else {
                            format!("satisfaction {score} of 5 in \"{survey}\"")
                        }
                    },
                },
            )?;
        }
    }

    // Happiness at status meetings: the latest answer is 2 or lower, or lower than the one before.
    // The two latest answers per customer (meetings are the customer's own: no roll-up).
    struct Answer {
        date: Option<NaiveDate>,
        id: i64,
        happiness: i64,
        why: Option<String>,
    }
    let mut by_customer: HashMap<i64, Vec<Answer>> = HashMap::new();
    each(
        conn,
        scope,
        Sql {
            all: "meetings AS m",
            one: "meetings AS m INDEXED BY meetings_by_customer",
            subject: "m.customer_id",
            select: "m.id, m.held_at, m.happiness, m.happiness_why",
            filter: "m.happiness IS NOT NULL AND m.held_at <= :now",
            join: "",
        },
        &[(":now", &now)],
        |r| {
            by_customer.entry(r.get(0)?).or_default().push(Answer {
                id: r.get(1)?,
                date: local(text(r, 2)?),
                happiness: r.get(3)?,
                why: r.get(4)?,
            });
            Ok(())
        },
    )?;
    let mut falling = Vec::new();
    for (customer, mut answers) in by_customer {
        answers.sort_by_key(|a| std::cmp::Reverse((a.date, a.id)));
        let previous = answers.get(1).map(|a| a.happiness);
        let latest = answers.swap_remove(0);
        let lower = previous.is_some_and(|p| latest.happiness < p);
        if latest.happiness <= 2 || lower {
            falling.push((customer, latest, previous.filter(|_| lower)));
        }
    }
    falling.sort_by_key(|(_, a, _)| a.id);
    for (customer, a, was) in falling {
        sink.add(
            &weights::FALLING_HAPPINESS,
            false,
            Found {
                contact_id: customer,
                kind: EvidenceKind::Meeting,
                id: a.id,
                date: a.date,
                text: || {
                    let mut t = match a.why.as_deref().filter(|w| !w.trim().is_empty()) {
                        Some(w) => format!("happiness {} of 5: {w}", a.happiness),
                        None => format!("happiness {} of 5", a.happiness),
                    };
                    if let Some(p) = was {
                        t = format!("{t} (was {p})");
                    }
                    t
                },
            },
        )?;
    }

    Ok(Collected {
        signals: sink.signals,
        names: sink.names,
    })
}

/// A `YYYY-MM-DD` day (what the store writes), read without a format parser.
fn ymd(d: &str) -> Option<NaiveDate> {
    let b = d.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// A text column (empty when NULL).
fn text<'r>(r: &'r Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    match r.get_ref(i)? {
        ValueRef::Null => Ok(""),
        v => v.as_str().map_err(Into::into),
    }
}

/// One signal's statement: evidence rows whose `subject` column is the contact.
struct Sql {
    /// The table (with its alias, the index to read and any joins) for all customers, and for one
    /// (indexes named, so the plan never depends on the planner's guesses: a wrong name fails
    /// loudly in the tests).
    all: &'static str,
    one: &'static str,
    subject: &'static str,
    select: &'static str,
    filter: &'static str,
    /// More tables the statement reads, after the signal's own, or "".
    join: &'static str,
}

/// Runs one signal's statement and hands each row to `each`. Its columns are the contact id (0),
/// then `select` (1 …). For one customer, the rows are those of the customer and the people of their
/// organisation, read through the customer index (the subjects come first in the join).
fn each(
    conn: &Connection,
    scope: Scope,
    sql: Sql,
    params: &[(&str, &dyn ToSql)],
    mut each: impl FnMut(&Row<'_>) -> Result<()>,
) -> Result<()> {
    let Sql {
        all: from_all,
        one: from_one,
        subject,
        select,
        filter,
        join,
    } = sql;
    let columns = format!("SELECT {subject}, {select}");
    let one;
    let mut bound: Vec<(&str, &dyn ToSql)> = params.to_vec();
    let sql = match scope {
        Scope::All => {
            format!("{columns} FROM {from_all} {join} WHERE {subject} IS NOT NULL AND ({filter})")
        }
        Scope::One(id) => {
            one = id;
            bound.push((":customer", &one));
            format!(
                "WITH subjects (id) AS (SELECT :customer UNION SELECT id FROM contacts WHERE organization_id = :customer)
                 {columns} FROM subjects CROSS JOIN {from_one} ON {subject} = subjects.id {join} WHERE ({filter})"
            )
        }
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(bound.as_slice())?;
    while let Some(row) = rows.next()? {
        each(row)?;
    }
    Ok(())
}
