//! `survey_report`: the stored answers of one survey turned into the figures of `analysis.rs`,
//! with the trend across every survey.

use std::collections::HashMap;

use rusqlite::OptionalExtension;

use super::analysis::{
    self, csat, direction, distribution, mean, nps, nps_split, pareto, AttributeSummary,
    SurveyReport, TrendPoint,
};
use crate::error::{Error, Result};
use crate::store::Store;

impl Store {
    /// The figures of survey `id` (see `analysis.rs` for the definitions).
    pub fn survey_report(&self, id: i64) -> Result<SurveyReport> {
        let conn = self.conn();
        let head: Option<(String, Option<u32>)> = conn
            .query_row(
                "SELECT name, invited FROM surveys WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((name, invited)) = head else {
            return Err(Error::NotFound { what: "survey", id });
        };
        let responses = self.survey_responses(id)?;
        let n = responses.len();
        let nps_scores: Vec<u8> = responses.iter().filter_map(|r| r.nps).collect();
        let csat_scores: Vec<u8> = responses.iter().filter_map(|r| r.csat).collect();
        let c = csat(&csat_scores);
        let p = nps(&nps_scores);
        let shown: Vec<bool> = [&c, &p]
            .iter()
            .filter(|x| x.value.is_some())
            .map(|x| x.too_small)
            .collect();
        let too_small = shown.is_empty() || shown.iter().any(|t| *t);

        // Attributes, in the order of the file's columns: the survey's questions first (a few), then
        // every score as two numbers, gathered per question.
        let mut questions: Vec<(i64, String, bool, u8, i64)> = conn
            .prepare_cached(
                "SELECT id, attribute, kind, scale_max, position FROM survey_questions
                  WHERE survey_id = ?1 ORDER BY position",
            )?
            .query_map([id], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get_ref(2)?.as_str().is_ok_and(|k| k == "expectation"),
                    r.get(3)?,
                    r.get(4)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        questions.sort_by_key(|q| q.0);
        let mut scores: Vec<Vec<f64>> = vec![Vec::new(); questions.len()];
        let mut stmt = conn.prepare(
            "SELECT s.question_id, s.score FROM survey_responses r
             JOIN survey_scores s ON s.response_id = r.id WHERE r.survey_id = ?1",
        )?;
        let mut rows = stmt.query([id])?;
        while let Some(r) = rows.next()? {
            let question: i64 = r.get(0)?;
            if let Ok(i) = questions.binary_search_by_key(&question, |q| q.0) {
                scores[i].push(r.get(1)?);
            }
        }
        let mut first_position: Vec<(String, i64)> = Vec::new();
        let mut perf: std::collections::HashMap<String, (Vec<f64>, u8)> = Default::default();
        let mut expect: std::collections::HashMap<String, Vec<f64>> = Default::default();
        for ((_, attribute, expectation, scale, position), values) in
            questions.into_iter().zip(scores)
        {
            match first_position.iter_mut().find(|(a, _)| *a == attribute) {
                Some(entry) => entry.1 = entry.1.min(position),
                None => first_position.push((attribute.clone(), position)),
            }
            if expectation {
                expect.entry(attribute).or_default().extend(values);
            } else {
                let e = perf.entry(attribute).or_insert_with(|| (Vec::new(), scale));
                e.0.extend(values);
            }
        }
        first_position.sort_by_key(|(_, p)| *p);
        let order: Vec<String> = first_position.into_iter().map(|(a, _)| a).collect();
        let attributes = order
            .into_iter()
            .map(|name| {
                let (values, scale_max) = perf.remove(&name).unwrap_or((Vec::new(), 5));
                let m = mean(&values);
                let em = expect.get(&name).and_then(|v| mean(v));
                AttributeSummary {
                    mean: m,
                    n: values.len(),
                    scale_max,
                    distribution: distribution(&values, scale_max),
                    expectation_mean: em,
                    gap: m.zip(em).map(|(p, e)| p - e),
                    name,
                }
            })
            .collect();

        let mut causes: Vec<(String, usize)> = Vec::new();
        for r in responses.iter().filter(|r| r.low_score) {
            if let Some(cause) = &r.cause {
                match causes.iter_mut().find(|(c, _)| c == cause) {
                    Some(entry) => entry.1 += 1,
                    None => causes.push((cause.clone(), 1)),
                }
            }
        }
        let comments_total = responses.iter().filter(|r| r.comment.is_some()).count();
        let comments = responses
            .iter()
            .filter(|r| r.comment.is_some())
            .take(analysis::LIST_LIMIT)
            .cloned()
            .collect();
        let low_scores_total = responses.iter().filter(|r| r.low_score).count();
        let low_scores = responses
            .iter()
            .filter(|r| r.low_score)
            .take(analysis::LIST_LIMIT)
            .cloned()
            .collect();
        let csat_as: Vec<f64> = csat_scores.iter().map(|s| f64::from(*s)).collect();
        let nps_as: Vec<f64> = nps_scores.iter().map(|s| f64::from(*s)).collect();
        Ok(SurveyReport {
            survey_id: id,
            name,
            n,
            invited,
            response_rate: invited
                .filter(|i| *i > 0)
                .map(|i| 100.0 * n as f64 / f64::from(i)),
            csat: c.value,
            csat_n: c.n,
            csat_margin: c.margin,
            csat_too_small: c.too_small,
            nps: p.value,
            nps_n: p.n,
            nps_margin: p.margin,
            nps_too_small: p.too_small,
            nps_split: nps_split(&nps_scores),
            too_small,
            csat_distribution: distribution(&csat_as, 5),
            nps_distribution: distribution(&nps_as, 10),
            attributes,
            comments,
            comments_total,
            low_scores,
            low_scores_total,
            pareto: pareto(&causes),
            trend: self.survey_trend()?,
        })
    }

    /// Every survey's CSAT and NPS in date order, with a direction only when the change is larger
    /// than the two margins together (the 95 % intervals do not overlap).
    pub fn survey_trend(&self) -> Result<Vec<TrendPoint>> {
        let conn = self.conn();
        // One pass over the responses (in table order, no index lookups): each survey's scores and
        // its first answer's day.
        struct Seen {
            first: Option<String>,
            nps: Vec<u8>,
            csat: Vec<u8>,
        }
        let mut seen: HashMap<i64, Seen> = HashMap::new();
        let mut stmt = conn.prepare_cached(
            "SELECT survey_id, substr(responded_at, 1, 10), nps, csat FROM survey_responses NOT INDEXED",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let s = seen.entry(r.get(0)?).or_insert_with(|| Seen {
                first: None,
                nps: Vec::new(),
                csat: Vec::new(),
            });
            if let Some(day) = r.get_ref(1)?.as_str_or_null().ok().flatten() {
                if s.first.as_deref().is_none_or(|f| day < f) {
                    s.first = Some(day.to_string());
                }
            }
            if let Some(n) = r.get::<_, Option<u8>>(2)? {
                s.nps.push(n);
            }
            if let Some(c) = r.get::<_, Option<u8>>(3)? {
                s.csat.push(c);
            }
        }
        let mut stmt =
            conn.prepare_cached("SELECT id, name, substr(imported_at, 1, 10) FROM surveys")?;
        let mut heads = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (id, _, date) in &mut heads {
            if let Some(first) = seen.get_mut(id).and_then(|s| s.first.take()) {
                *date = first;
            }
        }
        heads.sort_by(|a, b| a.2.cmp(&b.2).then(a.0.cmp(&b.0)));
        let mut points: Vec<TrendPoint> = Vec::with_capacity(heads.len());
        for (id, name, date) in heads {
            let (n, c) = seen
                .remove(&id)
                .map(|s| (s.nps, s.csat))
                .unwrap_or_default();
            let (np, cp) = (analysis::nps(&n), analysis::csat(&c));
            let before = points.last();
            points.push(TrendPoint {
                survey_id: id,
                name,
                date,
                csat_direction: before
                    .and_then(|b| direction(b.csat, b.csat_margin, cp.value, cp.margin)),
                nps_direction: before
                    .and_then(|b| direction(b.nps, b.nps_margin, np.value, np.margin)),
                csat: cp.value,
                csat_margin: cp.margin,
                nps: np.value,
                nps_margin: np.margin,
            });
        }
        Ok(points)
    }
}
