//! Realistic made-up contacts for benchmarks, demos and crash tests. Deterministic for a given seed.

use crate::contacts::{ContactInput, ContactKind, Labeled, PreferredChannel};

const GIVEN: &[&str] = &[
    "Anna", "Ben", "Chloé", "David", "Elif", "Farah", "Gabriel", "Hana", "Ivan", "Julia", "Kenji",
    "Lena", "Mateo", "Nadia", "Oscar", "Priya", "Quentin", "Rosa", "Samuel", "Tomás", "Uma",
    "Victor", "Wen", "Ximena", "Yusuf", "Zoë", "Amara", "Bruno", "Carmen", "Dmitri", "Emma",
    "Felix", "Greta", "Hugo", "Isla", "Jonas", "Kira", "Liam", "Maya", "Noah", "Olivia", "Pablo",
    "Rita", "Sofia", "Theo", "Vera", "William", "Yara", "Aiko", "Marco", "Sara", "Jakob", "Lucía",
    "Omar", "Helga", "Raj", "Mei", "Sven",
];
const FAMILY: &[&str] = &[
    "Müller",
    "Smith",
    "García",
    "Nguyen",
    "Kowalski",
    "Rossi",
    "Dubois",
    "Jensen",
    "O'Brien",
    "Tanaka",
    "Silva",
    "Novak",
    "Andersen",
    "Petrov",
    "Haddad",
    "Okafor",
    "Schmidt",
    "Martin",
    "López",
    "Kim",
    "Wagner",
    "Costa",
    "Lindqvist",
    "Yilmaz",
    "Fischer",
    "Moreau",
    "Horvat",
    "Bauer",
    "Ali",
    "Chen",
    "Weber",
    "Santos",
    "Ivanova",
    "Khan",
    "Larsen",
    "Romano",
    "Fernández",
    "Sato",
    "Kovač",
    "Becker",
];
const ORGS: &[&str] = &[
    "Bakery",
    "Garage",
    "Florist",
    "Studio",
    "Dental",
    "Hardware",
    "Bistro",
    "Print Shop",
    "Salon",
    "Books",
    "Cycles",
    "Optics",
    "Pharmacy",
    "Tailors",
    "Gallery",
    "Coffee",
    "Plumbing",
    "Pets",
];
const TAGS: &[&str] = &[
    "vip",
    "wholesale",
    "retail",
    "newsletter",
    "supplier",
    "partner",
    "prospect",
    "local",
];

/// A small deterministic pseudo-random generator (xorshift), so seeded data is the same each run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// `count` made-up people (one in ten also belongs to a made-up organisation).
pub fn sample_contacts(count: usize, seed: u64) -> Vec<ContactInput> {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    (0..count)
        .map(|i| {
            let given = rng.pick(GIVEN);
            let family = rng.pick(FAMILY);
            let mail_user: String = format!("{given}.{family}{i}")
                .to_lowercase()
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            let organization =
                (rng.below(10) == 0).then(|| format!("{} {}", rng.pick(FAMILY), rng.pick(ORGS)));
            let birthday = (rng.below(3) != 0).then(|| {
                let month = 1 + rng.below(12);
                let day = 1 + rng.below(28);
                if rng.below(2) == 0 {
                    format!("{}-{month:02}-{day:02}", 1940 + rng.below(65))
                } else {
                    format!("--{month:02}-{day:02}")
                }
            });
            let mut tags = vec![rng.pick(TAGS).to_string()];
            if rng.below(3) == 0 {
                tags.push(rng.pick(TAGS).to_string());
            }
            ContactInput {
                kind: Some(ContactKind::Person),
                name: format!("{given} {family}"),
                given_name: Some(given.to_string()),
                family_name: Some(family.to_string()),
                organization,
                emails: vec![Labeled {
                    label: Some("work".into()),
                    value: format!("{mail_user}@example.com"),
                }],
                phones: vec![Labeled {
                    label: Some("mobile".into()),
                    value: format!("+1 555 {:03} {:04}", rng.below(1000), rng.below(10_000)),
                }],
                preferred_channel: Some(PreferredChannel::ALL[rng.below(5) as usize]),
                birthday,
                tags,
                ..ContactInput::default()
            }
        })
        .collect()
}

/// The ids of the first `n` live contacts, oldest first; an error naming `field` when there are none.
fn first_contact_ids(store: &crate::Store, n: usize, field: &str) -> crate::Result<Vec<i64>> {
    let ids: Vec<i64> = store
        .list_contacts(&crate::contacts::ContactQuery {
            limit: Some(n as u32),
            sort: crate::contacts::SortKey::Created,
            ..Default::default()
        })?
        .contacts
        .iter()
        .map(|c| c.id)
        .collect();
    if ids.is_empty() {
        return Err(crate::Error::invalid(field, "seed some contacts first"));
    }
    Ok(ids)
}

/// Seeds `count` issues spread over the live contacts (the first `customers` of them), five team
/// members, a year of opening dates before `now`, due dates around `now`, and a realistic mix of
/// statuses (about half closed, a tenth resolved, the rest being worked on). One transaction.
pub fn seed_issues(
    store: &mut crate::Store,
    count: usize,
    customers: usize,
    seed: u64,
) -> crate::Result<()> {
    use crate::issues::{IssueInput, Priority};
    let customer_ids = first_contact_ids(store, customers, "customers")?;
    let mut team = Vec::new();
    for name in ["Priya", "Sam", "Olga", "Tomás", "Mei"] {
        let id = match store.team_member_id(name) {
            Ok(id) => id,
            Err(_) => store.add_team_member(name, None)?,
        };
        team.push(id);
    }
    let today = store.now().date_naive();
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let categories = [
        "Delivery",
        "Billing",
        "Quality",
        "Equipment",
        "Service",
        "Website",
    ];
    let priorities = [
        Priority::Low,
        Priority::Normal,
        Priority::Normal,
        Priority::High,
        Priority::Urgent,
    ];
    let inputs: Vec<IssueInput> = (0..count)
        .map(|_| {
            let due = (rng.below(5) != 0).then(|| {
                let offset = rng.below(120) as i64 - 60;
                (today + chrono::Duration::days(offset)).to_string()
            });
            IssueInput {
                customer_id: customer_ids[rng.below(customer_ids.len() as u64) as usize],
                title: format!("{} problem", rng.pick(&categories)),
                category: Some(rng.pick(&categories).to_string()),
                priority: priorities[rng.below(priorities.len() as u64) as usize],
                owner_id: (rng.below(10) != 0).then(|| team[rng.below(team.len() as u64) as usize]),
                due,
                ..IssueInput::default()
            }
        })
        .collect();
    let ids = store.add_issues(&inputs)?;
    let (first, last) = (
        ids.first().copied().unwrap_or(0),
        ids.last().copied().unwrap_or(0),
    );
    let now = store.now_text();
    store.write(|tx| {
        // Spread the opening dates over the past year, then give each issue its fate.
        tx.execute(
            "UPDATE issues SET opened_at = strftime('%Y-%m-%dT%H:%M:%SZ', ?3, '-' || (id * 7919 % 365) || ' days'),
                               last_activity_at = strftime('%Y-%m-%dT%H:%M:%SZ', ?3, '-' || (id * 7919 % 365) || ' days')
             WHERE id BETWEEN ?1 AND ?2",
            rusqlite::params![first, last, now],
        )?;
        tx.execute(
            "UPDATE issues SET
                status = CASE WHEN id % 20 < 10 THEN 'closed' WHEN id % 20 < 12 THEN 'resolved'
                              WHEN id % 20 < 14 THEN 'waiting_on_customer' WHEN id % 20 < 17 THEN 'in_progress' ELSE 'open' END,
                resolved_at = CASE WHEN id % 20 < 12
                              THEN strftime('%Y-%m-%dT%H:%M:%SZ', opened_at, '+' || (id % 240) || ' hours') END,
                closed_at = CASE WHEN id % 20 < 10
                            THEN strftime('%Y-%m-%dT%H:%M:%SZ', opened_at, '+' || (id % 240 + 24) || ' hours') END,
                closed_how = CASE WHEN id % 20 < 7 THEN 'confirmed' WHEN id % 20 < 10 THEN 'unconfirmed' END,
                satisfaction = CASE WHEN id % 20 < 7 THEN 1 + id % 5 END,
                waiting_since = CASE WHEN id % 20 IN (12, 13) THEN ?3 END
             WHERE id BETWEEN ?1 AND ?2",
            rusqlite::params![first, last, now],
        )?;
        // The derived columns, as `refresh_derived` would compute them (no finished waits here).
        tx.execute(
            "UPDATE issues SET due_after_waits = due_date,
                resolve_seconds = CASE WHEN resolved_at IS NOT NULL THEN unixepoch(resolved_at) - unixepoch(opened_at) END,
                resolved_on_time = CASE WHEN resolved_at IS NOT NULL AND due_date IS NOT NULL
                                        THEN substr(resolved_at, 1, 10) <= due_date END
             WHERE id BETWEEN ?1 AND ?2 AND ?3 IS NOT NULL",
            rusqlite::params![first, last, now],
        )?;
        // Some promises were moved.
        tx.execute(
            "INSERT INTO issue_events (issue_id, at, kind, old_value, new_value)
             SELECT id, last_activity_at, 'broken_promise', due_date, date(due_date, '+7 days')
             FROM issues WHERE id BETWEEN ?1 AND ?2 AND due_date IS NOT NULL AND id % 13 = 0",
            rusqlite::params![first, last],
        )?;
        tx.execute(
            "UPDATE issues SET broken_promises = 1 WHERE id BETWEEN ?1 AND ?2 AND due_date IS NOT NULL AND id % 13 = 0",
            rusqlite::params![first, last],
        )?;
        Ok(())
    })
}

/// Seeds `count` follow-ups over the live contacts (the first `contacts` of them), in one
/// transaction: due dates from a month ago to a year ahead of `now`, a third recurring (every 1–4
/// weeks or every month), a sixth "stay in touch", a quarter at a time of day, and a fifth of the
/// one-offs already done. For the reminders benchmark.
pub fn seed_follow_ups(
    store: &mut crate::Store,
    count: usize,
    contacts: usize,
    seed: u64,
) -> crate::Result<()> {
    use crate::reminders::followups::{insert, validate};
    use crate::reminders::{FollowUpInput, Repeat, RepeatUnit};
    let ids = first_contact_ids(store, contacts, "contacts")?;
    let today = store.now().date_naive();
    let now = store.now_text();
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let inputs: Vec<(FollowUpInput, bool)> = (0..count)
        .map(|_| {
            let due = today + chrono::Duration::days(rng.below(395) as i64 - 30);
            let kind = rng.below(6);
            let repeat = (kind < 2).then(|| {
                if rng.below(4) == 0 {
                    Repeat {
                        every: 1,
                        unit: RepeatUnit::Month,
                    }
                } else {
                    Repeat {
                        every: 1 + rng.below(4) as u32,
                        unit: RepeatUnit::Week,
                    }
                }
            });
            let stay = (kind == 2).then(|| 30 + rng.below(61) as u32);
            let time = (rng.below(4) == 0)
                .then(|| format!("{:02}:{:02}", 8 + rng.below(10), 15 * rng.below(4)));
            let done = kind > 2 && rng.below(5) == 0;
            (
                FollowUpInput {
                    contact_id: ids[rng.below(ids.len() as u64) as usize],
                    issue_id: None,
                    due_date: due.to_string(),
                    due_time: time,
                    repeat,
                    stay_in_touch_days: stay,
                    note: Some(format!("Call about order {}", rng.below(100_000))),
                },
                done,
            )
        })
        .collect();
    store.write(|tx| {
        for (input, done) in &inputs {
            let valid = validate(input)?;
            let id = insert(tx, input, &valid, &now)?;
            if *done {
                tx.prepare_cached("UPDATE follow_ups SET done_at = ?2 WHERE id = ?1")?
                    .execute(rusqlite::params![id, now])?;
            }
        }
        Ok(())
    })
}

/// Seeds `count` interactions over the live contacts (the first `contacts` of them), in one
/// transaction: spread over the year before `now`, a tenth negative and a fifth positive in tone;
/// and a present or watched kick-out factor for every 20th of those contacts. For the profiles
/// benchmark and demos.
pub fn seed_interactions(
    store: &mut crate::Store,
    count: usize,
    contacts: usize,
    seed: u64,
) -> crate::Result<()> {
    let ids = first_contact_ids(store, contacts, "contacts")?;
    let now = store.now();
    let now_text = store.now_text();
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let channels = ["call", "email", "visit", "message", "note"];
    store.write(|tx| {
        let mut add = tx.prepare_cached(
            "INSERT INTO interactions (contact_id, occurred_at, channel, summary, tone, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for _ in 0..count {
            let at = now - chrono::Duration::minutes(rng.below(365 * 24 * 60) as i64);
            let tone = match rng.below(10) {
                0 => "negative",
                1 | 2 => "positive",
                _ => "neutral",
            };
            add.execute(rusqlite::params![
                ids[rng.below(ids.len() as u64) as usize],
                crate::store::timestamp(at),
                rng.pick(&channels),
                format!("Talked about order {}", rng.below(100_000)),
                tone,
                now_text
            ])?;
        }
        let mut kick = tx.prepare_cached(
            "INSERT INTO kick_out_factors (customer_id, description, status, created_at, updated_at)
             VALUES (?1, 'A competitor is courting them', ?2, ?3, ?3)",
        )?;
        for (i, id) in ids.iter().enumerate().filter(|(i, _)| i % 20 == 0) {
            kick.execute(rusqlite::params![
                id,
                if i % 40 == 0 { "present" } else { "watching" },
                now_text
            ])?;
        }
        Ok(())
    })
}

/// Seeds `count` survey responses over the live contacts (the first `contacts` of them), split over
/// four surveys a quarter apart, in one transaction: NPS 0–10 and CSAT 1–5 for each, a comment on a
/// third of them, low scores with a cause. For the profiles benchmark and demos.
pub fn seed_survey_responses(
    store: &mut crate::Store,
    count: usize,
    contacts: usize,
    seed: u64,
) -> crate::Result<()> {
    let ids = first_contact_ids(store, contacts, "contacts")?;
    let now = store.now();
    let now_text = store.now_text();
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 3);
    let causes = ["Price", "Delivery", "Quality", "Service", "Other"];
    store.write(|tx| {
        let mut survey = tx.prepare_cached(
            "INSERT INTO surveys (name, source_file, tool, imported_at) VALUES (?1, 'seed.csv', 'generic', ?2)",
        )?;
        let mut add = tx.prepare_cached(
            "INSERT INTO survey_responses (survey_id, row_number, contact_id, responded_at, nps, csat, comment, cause)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let per = count.div_ceil(4).max(1);
        for quarter in 0..4usize {
            survey.execute(rusqlite::params![format!("Quarter {}", quarter + 1), now_text])?;
            let survey_id = tx.last_insert_rowid();
            let day = now - chrono::Duration::days(90 * (3 - quarter as i64));
            for row in 0..per.min(count.saturating_sub(quarter * per)) {
                let nps = rng.below(11) as i64;
                let csat = 1 + rng.below(5) as i64;
                let low = nps <= 6 || csat <= 3;
                let comment = (rng.below(3) == 0).then(|| format!("Comment {}", rng.below(1000)));
                let cause = (low && comment.is_some()).then(|| rng.pick(&causes).to_string());
                let at = day - chrono::Duration::minutes(rng.below(14 * 24 * 60) as i64);
                add.execute(rusqlite::params![
                    survey_id,
                    row as i64 + 2,
                    ids[rng.below(ids.len() as u64) as usize],
                    at.format("%Y-%m-%dT%H:%M:%S").to_string(),
                    nps,
                    csat,
                    comment,
                    cause
                ])?;
            }
        }
        Ok(())
    })
}

/// The 20 headers of [`survey_workbook`]: a Google Forms export with NPS, CSAT, 12 attributes,
/// two comment questions and a store.
pub fn survey_headers() -> Vec<String> {
    let mut headers: Vec<String> = [
        "Timestamp",
        "Email Address",
        "Name",
        "How likely are you to recommend us? (0-10)",
        "Overall satisfaction (1-5)",
    ]
    .map(String::from)
    .to_vec();
    for attribute in [
        "speed",
        "price",
        "staff",
        "quality",
        "choice",
        "website",
        "delivery",
        "packaging",
        "returns",
        "opening hours",
        "parking",
        "cleanliness",
    ] {
        headers.push(format!("Rate our {attribute} (1-5)"));
    }
    headers.push("Why did you give that score?".into());
    headers.push("Any other comments?".into());
    headers.push("Which store?".into());
    headers
}

/// A made-up survey export of `rows` responses as .xlsx bytes (benchmarks, demos): real Excel
/// dates, numbers, and text in about one row in four.
pub fn survey_workbook(rows: usize, seed: u64) -> crate::Result<Vec<u8>> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let bad = |e: rust_xlsxwriter::XlsxError| crate::Error::Conflict(e.to_string());
    let mut rng = Rng(seed.max(1) ^ 0x9E37_79B9_7F4A_7C15);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory().map_err(bad)?;
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    for (c, h) in survey_headers().iter().enumerate() {
        sheet.write_string(0, c as u16, h).map_err(bad)?;
    }
    let reasons = [
        "Too expensive",
        "Slow delivery",
        "Rude staff on the phone",
        "Great service",
        "The product broke after a week",
        "Lovely shop",
    ];
    let stores = ["Clapham", "Putney", "Peckham", "Wimbledon"];
    for i in 0..rows {
        let r = i as u32 + 1;
        let day = (i % 28) as u8 + 1;
        let when = ExcelDateTime::from_ymd(2026, (i % 12) as u8 + 1, day)
            .and_then(|d| d.and_hms((i % 24) as u16, (i % 60) as u8, 0.0))
            .map_err(bad)?;
        sheet
            .write_datetime_with_format(r, 0, &when, &date)
            .map_err(bad)?;
        sheet
            .write_string(r, 1, format!("customer{i}@example.com"))
            .map_err(bad)?;
        sheet
            .write_string(r, 2, format!("Customer {i}"))
            .map_err(bad)?;
        sheet
            .write_number(r, 3, rng.below(11) as f64)
            .map_err(bad)?;
        sheet
            .write_number(r, 4, (rng.below(5) + 1) as f64)
            .map_err(bad)?;
        for c in 0..12u16 {
            sheet
                .write_number(r, 5 + c, (rng.below(5) + 1) as f64)
                .map_err(bad)?;
        }
        if rng.below(4) == 0 {
            sheet.write_string(r, 17, rng.pick(&reasons)).map_err(bad)?;
        }
        if rng.below(8) == 0 {
            sheet.write_string(r, 18, rng.pick(&reasons)).map_err(bad)?;
        }
        sheet.write_string(r, 19, rng.pick(&stores)).map_err(bad)?;
    }
    book.save_to_buffer().map_err(bad)
}
