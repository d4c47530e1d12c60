//! The figures, with PRODUCT.md's definitions used exactly:
//! - CSAT on 1–5: the share of answers that are 4 or 5, in percent.
//! - NPS on 0–10: percent promoters (9–10) minus percent detractors (0–6), from −100 to 100.
//! - Margin of error of a proportion p from n answers at 95 %: 1.96·sqrt(p(1−p)/n), in points.
//!   NPS is a difference of two proportions from the same answers; its margin is the same formula
//!   with the variance of a +1/0/−1 answer, 1.96·sqrt((p₊ + p₋ − (p₊ − p₋)²)/n), which is exactly
//!   the proportion formula when nobody is a detractor (or nobody a promoter).
//! - A result from fewer than 30 answers, or with a margin above 10 points, is too small to act on.
//! - Pareto: causes by count (ties by name), cumulative percent; the vital few are the causes up
//!   to and including the first whose cumulative percent reaches 80 %.

use serde::Serialize;
use ts_rs::TS;

/// How many comments and low scores a report lists (the rest are a page away).
pub const LIST_LIMIT: usize = 200;
/// Fewer answers than this are too few to act on.
pub const MIN_ANSWERS: usize = 30;
/// A margin above this many points is too wide to act on.
pub const MAX_MARGIN_POINTS: f64 = 10.0;

/// 1.96·sqrt(p(1−p)/n) in percentage points; `None` without answers.
pub fn margin_of_error(p: f64, n: usize) -> Option<f64> {
    (n > 0).then(|| 100.0 * 1.96 * (p * (1.0 - p) / n as f64).sqrt())
}

/// A figure with its margin and whether it is too small to act on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proportion {
    pub value: Option<f64>,
    pub n: usize,
    pub margin: Option<f64>,
    pub too_small: bool,
}

fn flag(n: usize, margin: Option<f64>) -> bool {
    n < MIN_ANSWERS || margin.is_none_or(|m| m > MAX_MARGIN_POINTS)
}

/// CSAT of 1–5 scores.
pub fn csat(scores: &[u8]) -> Proportion {
    let n = scores.len();
    let satisfied = scores.iter().filter(|s| **s >= 4).count();
    let p = if n > 0 {
        satisfied as f64 / n as f64
    } else {
        0.0
    };
    let margin = margin_of_error(p, n);
    Proportion {
        value: (n > 0).then_some(100.0 * p),
        n,
        margin,
        too_small: flag(n, margin),
    }
}

/// Promoters, passives, detractors of 0–10 scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default, TS)]
pub struct NpsSplit {
    pub promoters: usize,
    pub passives: usize,
    pub detractors: usize,
}

pub fn nps_split(scores: &[u8]) -> NpsSplit {
    let mut s = NpsSplit::default();
    for score in scores {
        match score {
            9..=10 => s.promoters += 1,
            7..=8 => s.passives += 1,
            _ => s.detractors += 1,
        }
    }
    s
}

/// NPS of 0–10 scores.
pub fn nps(scores: &[u8]) -> Proportion {
    let n = scores.len();
    let s = nps_split(scores);
    if n == 0 {
        return Proportion {
            value: None,
            n,
            margin: None,
            too_small: true,
        };
    }
    let pp = s.promoters as f64 / n as f64;
    let pd = s.detractors as f64 / n as f64;
    // Counted in whole answers first, so 55 − 45 of 100 is exactly 10.
    let value = 100.0 * (s.promoters as f64 - s.detractors as f64) / n as f64;
    let variance = (pp + pd - (pp - pd).powi(2)).max(0.0);
    let margin = Some(100.0 * 1.96 * (variance / n as f64).sqrt());
    Proportion {
        value: Some(value),
        n,
        margin,
        too_small: flag(n, margin),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "ScoreCount")]
pub struct CountOf {
    pub score: u8,
    pub count: usize,
}

/// One scored question: its mean, how many answered, how the answers spread, and the gap between
/// performance and expectation when both were asked.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AttributeSummary {
    pub name: String,
    pub mean: Option<f64>,
    pub n: usize,
    pub scale_max: u8,
    pub distribution: Vec<CountOf>,
    pub expectation_mean: Option<f64>,
    /// Performance mean minus expectation mean (negative: we fall short).
    pub gap: Option<f64>,
}

pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

pub fn distribution(values: &[f64], scale_max: u8) -> Vec<CountOf> {
    let low = if scale_max == 10 { 0 } else { 1 };
    (low..=scale_max)
        .map(|score| CountOf {
            score,
            count: values
                .iter()
                .filter(|v| v.round() as i64 == i64::from(score))
                .count(),
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ParetoRow {
    pub cause: String,
    pub count: usize,
    pub percent: f64,
    pub cumulative_percent: f64,
    pub vital_few: bool,
}

/// The Pareto table of `(cause, count)` pairs (causes with no count are left out).
pub fn pareto(counts: &[(String, usize)]) -> Vec<ParetoRow> {
    let mut sorted: Vec<(String, usize)> = counts.iter().filter(|(_, c)| *c > 0).cloned().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let total: usize = sorted.iter().map(|(_, c)| c).sum();
    let mut running = 0usize;
    let mut crossed = false;
    sorted
        .into_iter()
        .map(|(cause, count)| {
            running += count;
            let vital_few = !crossed;
            // Integer comparison, so 4 of 5 is exactly at the line rather than a rounding away.
            if running * 100 >= total * 80 {
                crossed = true;
            }
            ParetoRow {
                cause,
                count,
                percent: 100.0 * count as f64 / total as f64,
                cumulative_percent: 100.0 * running as f64 / total as f64,
                vital_few,
            }
        })
        .collect()
}

/// The cause of a complaint, from the words of its comment.
pub fn categorise(comment: &str) -> &'static str {
    let c = comment.to_lowercase();
    let any = |words: &[&str]| words.iter().any(|w| c.contains(w));
    if any(&[
        "price",
        "expensive",
        "cost",
        "overcharg",
        "value for money",
        "cheap",
    ]) {
        "Price"
    } else if any(&[
        "slow",
        "wait",
        "late",
        "delay",
        "took ages",
        "long time",
        "never arrived",
    ]) {
        "Speed and delays"
    } else if any(&["deliver", "shipping", "parcel", "package", "damaged"]) {
        "Delivery"
    } else if any(&[
        "rude",
        "staff",
        "service",
        "unhelpful",
        "attitude",
        "ignored",
        "support",
    ]) {
        "Service"
    } else if any(&[
        "broken",
        "faulty",
        "quality",
        "defect",
        "doesn't work",
        "stopped working",
        "slippery",
        "smell",
    ]) {
        "Product quality"
    } else if any(&["bill", "invoice", "refund", "charge"]) {
        "Billing"
    } else if any(&["food", "edible", "menu"]) {
        "Food"
    } else {
        "Other"
    }
}

/// One survey's place in the trend.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "SurveyTrendPoint")]
pub struct TrendPoint {
    pub survey_id: i64,
    pub name: String,
    /// The date of its first response (or of the import).
    pub date: String,
    pub csat: Option<f64>,
    pub csat_margin: Option<f64>,
    pub nps: Option<f64>,
    pub nps_margin: Option<f64>,
    /// "up" / "down" from the survey before; `None` when the change is inside the margins.
    pub csat_direction: Option<String>,
    pub nps_direction: Option<String>,
}

/// "up" or "down" when the two results' 95 % intervals do not overlap, else `None`.
pub fn direction(
    before: Option<f64>,
    before_margin: Option<f64>,
    after: Option<f64>,
    after_margin: Option<f64>,
) -> Option<String> {
    let (b, a) = (before?, after?);
    let reach = before_margin? + after_margin?;
    if (a - b).abs() <= reach {
        None
    } else if a > b {
        Some("up".into())
    } else {
        Some("down".into())
    }
}

/// A response with what it said, for the comments list and "take action".
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "SurveyResponse")]
pub struct ResponseLine {
    pub response_id: i64,
    pub survey_id: i64,
    /// The survey's name (a customer's history lists answers from several).
    pub survey: String,
    pub row: i64,
    pub contact_id: Option<i64>,
    pub respondent: Option<String>,
    /// The email address the file gave (to create a contact for an unmatched respondent).
    pub email: Option<String>,
    pub responded_at: Option<String>,
    pub nps: Option<u8>,
    pub csat: Option<u8>,
    pub comment: Option<String>,
    pub cause: Option<String>,
    pub issue_id: Option<i64>,
    /// NPS 0–6 or CSAT 1–3: someone to call.
    pub low_score: bool,
}

/// Everything `surveys report` shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SurveyReport {
    pub survey_id: i64,
    pub name: String,
    pub n: usize,
    pub invited: Option<u32>,
    /// Percent of the invited who answered.
    pub response_rate: Option<f64>,
    pub csat: Option<f64>,
    pub csat_n: usize,
    pub csat_margin: Option<f64>,
    pub csat_too_small: bool,
    pub nps: Option<f64>,
    pub nps_n: usize,
    pub nps_margin: Option<f64>,
    pub nps_too_small: bool,
    pub nps_split: NpsSplit,
    /// True when the figures shown are too small to act on (every one, when none can be computed).
    pub too_small: bool,
    pub csat_distribution: Vec<CountOf>,
    pub nps_distribution: Vec<CountOf>,
    pub attributes: Vec<AttributeSummary>,
    /// Responses with a comment, in file order: the first [`LIST_LIMIT`] (all of them through
    /// `survey_responses`); `comments_total` counts them all.
    pub comments: Vec<ResponseLine>,
    pub comments_total: usize,
    /// Low scores (NPS 0–6 or CSAT 1–3), the customers to call: the first [`LIST_LIMIT`].
    pub low_scores: Vec<ResponseLine>,
    pub low_scores_total: usize,
    pub pareto: Vec<ParetoRow>,
    pub trend: Vec<TrendPoint>,
}
