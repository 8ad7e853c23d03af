//! Date-of-birth evidence: does the query's date agree with the list's?
//!
//! Lists state dates as exact days, months, years, approximations (`circa
//! 1960`) or ranges (`1958 to 1963`). Each becomes an interval of days
//! (approximate dates widened by a year on each side); a query date agrees
//! when the intervals overlap, and the more precise both dates are, the more
//! the agreement says. Dates a few years apart lower the score a little
//! (lists and customers make mistakes); dates far apart lower it enough to
//! clear an otherwise perfect name match.

use interdict_model::{Day, FuzzyDate, Precision};

/// Adjustments to the score (added to the name score).
const SAME_DAY: f32 = 0.10;
/// The most a date of birth can raise a score.
pub const MAX_EFFECT: f32 = SAME_DAY;
const SAME_MONTH: f32 = 0.06;
const SAME_YEAR: f32 = 0.03;
/// One year apart: often a transcription slip, so no credit and no penalty.
const NEAR: f32 = 0.0;
const DIFFERENT: f32 = -0.10;
const CONFLICT: f32 = -0.25;

/// Days an approximate date is widened by on each side.
const APPROXIMATE_SLACK_DAYS: i32 = 366;
/// Dates this close count as near.
const NEAR_DAYS: i32 = 366;
/// Dates further apart than this conflict; closer ones merely differ.
const CONFLICT_DAYS: i32 = 5 * 366;

/// How a query's date of birth relates to a listed entity's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateAgreement {
    /// The same day.
    SameDay,
    /// Compatible to the month.
    SameMonth,
    /// Compatible to the year (or within a range or approximation).
    SameYear,
    /// About a year apart.
    Near,
    /// A few years apart.
    Different,
    /// Far apart: a different subject.
    Conflict,
}

impl DateAgreement {
    /// The adjustment to the score.
    pub fn effect(self) -> f32 {
        match self {
            DateAgreement::SameDay => SAME_DAY,
            DateAgreement::SameMonth => SAME_MONTH,
            DateAgreement::SameYear => SAME_YEAR,
            DateAgreement::Near => NEAR,
            DateAgreement::Different => DIFFERENT,
            DateAgreement::Conflict => CONFLICT,
        }
    }
}

/// Compares the query's date with each listed date and keeps the best
/// agreement, with the listed date it came from. None when either side has
/// no date.
pub fn compare(query: &FuzzyDate, listed: &[FuzzyDate]) -> Option<(DateAgreement, FuzzyDate)> {
    listed
        .iter()
        .map(|date| (agreement(query, date), *date))
        .min_by_key(|(agreement, _)| *agreement as u8)
}

fn interval(date: &FuzzyDate) -> (Day, Day) {
    let (first, last) = (date.first_day(), date.last_day());
    if date.is_approximate() {
        (
            first.plus(-APPROXIMATE_SLACK_DAYS),
            last.plus(APPROXIMATE_SLACK_DAYS),
        )
    } else {
        (first, last)
    }
}

fn precision(date: &FuzzyDate) -> Option<Precision> {
    match date {
        FuzzyDate::Exact(d) => Some(d.precision()),
        FuzzyDate::Approximate(_) | FuzzyDate::Between(..) => None,
    }
}

fn agreement(query: &FuzzyDate, listed: &FuzzyDate) -> DateAgreement {
    let (q_first, q_last) = interval(query);
    let (l_first, l_last) = interval(listed);
    if q_first <= l_last && l_first <= q_last {
        return match (precision(query), precision(listed)) {
            (Some(Precision::Day), Some(Precision::Day)) => DateAgreement::SameDay,
            (Some(Precision::Day | Precision::Month), Some(Precision::Day | Precision::Month)) => {
                DateAgreement::SameMonth
            }
            _ => DateAgreement::SameYear,
        };
    }
    let gap = if q_last < l_first {
        q_last.days_until(l_first)
    } else {
        l_last.days_until(q_first)
    };
    if gap <= NEAR_DAYS {
        DateAgreement::Near
    } else if gap <= CONFLICT_DAYS {
        DateAgreement::Different
    } else {
        DateAgreement::Conflict
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agree(query: &str, listed: &str) -> DateAgreement {
        let query = FuzzyDate::parse(query).unwrap();
        let listed = FuzzyDate::parse(listed).unwrap();
        compare(&query, &[listed]).unwrap().0
    }

    #[test]
    fn agreement_depends_on_precision() {
        assert_eq!(agree("1958-01-15", "1958-01-15"), DateAgreement::SameDay);
        assert_eq!(agree("1958-01-15", "Jan 1958"), DateAgreement::SameMonth);
        assert_eq!(agree("1958-01-15", "1958"), DateAgreement::SameYear);
        assert_eq!(agree("1960", "circa 1961"), DateAgreement::SameYear);
        assert_eq!(agree("1960-05-01", "1958 to 1963"), DateAgreement::SameYear);
    }

    #[test]
    fn the_further_apart_the_worse() {
        assert_eq!(agree("1959", "1958"), DateAgreement::Near);
        assert_eq!(agree("1958-01-15", "1958-02-15"), DateAgreement::Near);
        assert_eq!(agree("1961", "1958"), DateAgreement::Different);
        assert_eq!(agree("1970", "1958"), DateAgreement::Conflict);
        assert!(DateAgreement::Conflict.effect() < DateAgreement::Different.effect());
        assert!(DateAgreement::Different.effect() < 0.0);
        // A perfect name with a date far off falls below the default threshold.
        assert!(1.0 + DateAgreement::Conflict.effect() < crate::DEFAULT_THRESHOLD);
    }

    #[test]
    fn the_best_listed_date_counts() {
        let query = FuzzyDate::parse("1965").unwrap();
        let listed = [
            FuzzyDate::parse("1950").unwrap(),
            FuzzyDate::parse("1965").unwrap(),
        ];
        assert_eq!(compare(&query, &listed).unwrap().0, DateAgreement::SameYear);
        assert_eq!(compare(&query, &[]), None);
    }
}
