//! Possible duplicates, found on demand: contacts that share an email address or a phone number
//! (by its digits), or whose names are the same or nearly so.
//!
//! Names are compared folded (case and accents ignored) with their words sorted, so "Doe, John"
//! and "john doe" are the same; "nearly" is a Levenshtein similarity of at least 0.85, tried only
//! within blocks of names that share the first three letters of a word, so a run over 100,000
//! contacts stays far from comparing every pair.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;
use ts_rs::TS;

use crate::contacts::normalize_email;
use crate::contacts::search::fold;
use crate::error::Result;
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    SameEmail,
    SamePhone,
    SameName,
    SimilarName,
}

/// Two contacts that may be one person. `keep_id` is the older one (the suggested survivor).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DuplicateCandidate {
    #[ts(type = "number")]
    pub keep_id: i64,
    pub keep_name: String,
    #[ts(type = "number")]
    pub other_id: i64,
    pub other_name: String,
    pub reasons: Vec<DuplicateReason>,
    /// What they share: the email, the phone digits, or the two names.
    pub evidence: Vec<String>,
}

/// Beyond this many contacts sharing one value (a shared office line, "info@"), the value says
/// nothing about who is who and is not used.
const MAX_GROUP: usize = 20;
const MAX_BLOCK: usize = 300;
const MIN_PHONE_DIGITS: usize = 6;
const SIMILAR: f64 = 0.85;

fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            current[j + 1] = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
        }
        previous = current;
    }
    1.0 - previous[b.len()] as f64 / longest as f64
}

fn name_key(name: &str) -> String {
    let folded = fold(name);
    let mut words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.sort_unstable();
    words.join(" ")
}

impl Store {
    /// Pairs of live contacts that may be duplicates, strongest evidence first.
    pub fn duplicate_candidates(&self) -> Result<Vec<DuplicateCandidate>> {
        let conn = self.conn();
        let mut names: HashMap<i64, (String, String)> = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT id, kind, display_name FROM contacts WHERE deleted_at IS NULL ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            names.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
        }
        let mut pairs: BTreeMap<(i64, i64), (BTreeSet<DuplicateReason>, Vec<String>)> =
            BTreeMap::new();
        let mut add = |a: i64, b: i64, reason: DuplicateReason, evidence: String| {
            let key = (a.min(b), a.max(b));
            let entry = pairs.entry(key).or_default();
            if entry.0.insert(reason) {
                entry.1.push(evidence);
            }
        };
        let mut groups = |sql: &str, reason: DuplicateReason, min_len: usize| -> Result<()> {
            let mut by_value: HashMap<String, Vec<i64>> = HashMap::new();
            let mut stmt = conn.prepare(sql)?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let value: String = r.get(1)?;
                let value = if reason == DuplicateReason::SameEmail {
                    normalize_email(&value)
                } else {
                    value
                };
                if value.chars().count() >= min_len {
                    let ids = by_value.entry(value).or_default();
                    let id: i64 = r.get(0)?;
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
            for (value, ids) in by_value {
                if ids.len() < 2 || ids.len() > MAX_GROUP {
                    continue;
                }
                for (i, a) in ids.iter().enumerate() {
                    for b in &ids[i + 1..] {
                        add(*a, *b, reason, value.clone());
                    }
                }
            }
            Ok(())
        };
        groups(
            "SELECT e.contact_id, e.email FROM contact_emails e JOIN contacts c ON c.id = e.contact_id
             WHERE c.deleted_at IS NULL",
            DuplicateReason::SameEmail,
            1,
        )?;
        groups(
            "SELECT p.contact_id, p.digits FROM contact_phones p JOIN contacts c ON c.id = p.contact_id
             WHERE c.deleted_at IS NULL",
            DuplicateReason::SamePhone,
            MIN_PHONE_DIGITS,
        )?;

        // Names: same key, then similar keys within blocks.
        let mut by_key: HashMap<(String, String), Vec<i64>> = HashMap::new();
        for (id, (kind, name)) in &names {
            let key = name_key(name);
            if !key.is_empty() {
                by_key.entry((kind.clone(), key)).or_default().push(*id);
            }
        }
        let mut blocks: HashMap<(String, String), Vec<(i64, String)>> = HashMap::new();
        for ((kind, key), ids) in &by_key {
            let mut ids = ids.clone();
            ids.sort_unstable();
            if ids.len() <= MAX_GROUP {
                for (i, a) in ids.iter().enumerate() {
                    for b in &ids[i + 1..] {
                        add(*a, *b, DuplicateReason::SameName, names[a].1.clone());
                    }
                }
            }
            let mut prefixes: Vec<String> = key
                .split(' ')
                .filter(|w| w.chars().count() >= 3)
                .map(|w| w.chars().take(3).collect())
                .collect();
            prefixes.dedup();
            for p in prefixes {
                blocks
                    .entry((kind.clone(), p))
                    .or_default()
                    .push((ids[0], key.clone()));
            }
        }
        for block in blocks.values_mut() {
            if block.len() < 2 || block.len() > MAX_BLOCK {
                continue;
            }
            block.sort_unstable();
            for (i, (a, ka)) in block.iter().enumerate() {
                for (b, kb) in &block[i + 1..] {
                    if ka != kb && similarity(ka, kb) >= SIMILAR {
                        add(
                            *a,
                            *b,
                            DuplicateReason::SimilarName,
                            format!("{} ~ {}", names[a].1, names[b].1),
                        );
                    }
                }
            }
        }

        let mut out: Vec<DuplicateCandidate> = pairs
            .into_iter()
            .filter(|((a, b), _)| names.contains_key(a) && names.contains_key(b))
            .map(|((a, b), (reasons, evidence))| DuplicateCandidate {
                keep_id: a,
                keep_name: names[&a].1.clone(),
                other_id: b,
                other_name: names[&b].1.clone(),
                reasons: reasons.into_iter().collect(),
                evidence,
            })
            .collect();
        out.sort_by(|x, y| {
            y.reasons
                .len()
                .cmp(&x.reasons.len())
                .then(x.reasons.cmp(&y.reasons))
                .then(x.keep_id.cmp(&y.keep_id))
                .then(x.other_id.cmp(&y.other_id))
        });
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_folded_with_words_sorted() {
        assert_eq!(name_key("Doe, John"), name_key("john DOE"));
        assert_eq!(name_key("Zoë Ångström"), "angstrom zoe");
        assert!(similarity("jon doe", "john doe") >= SIMILAR);
        assert!(similarity("ann lee", "bob lee") < SIMILAR);
    }
}
