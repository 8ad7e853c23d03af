//! Dates as sanctions lists state them: partial, approximate, or a range.
//!
//! Lists rarely give a full date of birth. OFAC writes `circa 1960`, `1958 to
//! 1963` or `Mar 1960`; the EU gives the year and month as separate fields; the
//! UK writes `00/03/1960`. [`PartialDate`] holds a date known to the year, the
//! month or the day, and [`FuzzyDate`] adds "approximately" and "between".
//!
//! Both serialise as [EDTF] (ISO 8601-2) strings: `1960`, `1960-03`,
//! `1960-03-05`, `1960~` (approximately) and `1958/1963` (between).
//!
//! [EDTF]: https://www.loc.gov/standards/datetime/

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a text could not be read as a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot read {text:?} as a date: {reason}")]
pub struct DateError {
    /// The text as given.
    pub text: String,
    /// What was wrong with it.
    pub reason: &'static str,
}

impl DateError {
    fn new(text: &str, reason: &'static str) -> Self {
        Self {
            text: text.to_owned(),
            reason,
        }
    }
}

/// How much of a [`PartialDate`] is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// Only the year.
    Year,
    /// The year and month.
    Month,
    /// The full date.
    Day,
}

/// A calendar date known to the year, the month or the day.
///
/// Ordering compares year, then month, then day, with an unknown part sorting
/// before every known one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    year: u16,
    /// 1–12, or 0 when unknown.
    month: u8,
    /// 1–31, or 0 when unknown (always 0 when `month` is 0).
    day: u8,
}

/// Earliest and latest years accepted: lists hold nothing outside them, and
/// anything outside is a typing error such as `196` or `19600`.
const YEARS: std::ops::RangeInclusive<u16> = 1000..=2999;

impl PartialDate {
    /// A date known only to the year.
    pub fn year(year: u16) -> Result<Self, DateError> {
        Self::new(year, None, None)
    }

    /// A date known to the month.
    pub fn month(year: u16, month: u8) -> Result<Self, DateError> {
        Self::new(year, Some(month), None)
    }

    /// A full date.
    pub fn day(year: u16, month: u8, day: u8) -> Result<Self, DateError> {
        Self::new(year, Some(month), Some(day))
    }

    /// A date with optional month and day; a day without a month is refused.
    pub fn new(year: u16, month: Option<u8>, day: Option<u8>) -> Result<Self, DateError> {
        let text = || format!("{year}-{month:?}-{day:?}");
        if !YEARS.contains(&year) {
            return Err(DateError {
                text: text(),
                reason: "year out of range",
            });
        }
        let month = month.unwrap_or(0);
        let day = day.unwrap_or(0);
        if month > 12 {
            return Err(DateError {
                text: text(),
                reason: "month out of range",
            });
        }
        if day != 0 && (month == 0 || day > days_in_month(year, month)) {
            return Err(DateError {
                text: text(),
                reason: "day out of range",
            });
        }
        Ok(Self { year, month, day })
    }

    /// The year.
    pub fn year_value(&self) -> u16 {
        self.year
    }

    /// The month (1–12), if known.
    pub fn month_value(&self) -> Option<u8> {
        (self.month != 0).then_some(self.month)
    }

    /// The day of the month, if known.
    pub fn day_value(&self) -> Option<u8> {
        (self.day != 0).then_some(self.day)
    }

    /// How much of the date is known.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (0, _) => Precision::Year,
            (_, 0) => Precision::Month,
            _ => Precision::Day,
        }
    }

    /// The first day this date can stand for (`1960` → 1960-01-01).
    pub fn first_day(&self) -> Day {
        let month = if self.month == 0 { 1 } else { self.month };
        let day = if self.day == 0 { 1 } else { self.day };
        Day::from_ymd(self.year, month, day)
    }

    /// The last day this date can stand for (`1960-02` → 1960-02-29).
    pub fn last_day(&self) -> Day {
        let month = if self.month == 0 { 12 } else { self.month };
        let day = if self.day == 0 {
            days_in_month(self.year, month)
        } else {
            self.day
        };
        Day::from_ymd(self.year, month, day)
    }

    /// Parses an ISO 8601 date (`1960`, `1960-03`, `1960-03-05`), ignoring a
    /// trailing time such as `T17:44:28+02:00`.
    pub fn parse_iso(text: &str) -> Result<Self, DateError> {
        let trimmed = text.trim();
        let date = trimmed.split(['T', 't', ' ']).next().unwrap_or(trimmed);
        let mut parts = date.split('-');
        let year = parts
            .next()
            .filter(|y| y.len() == 4)
            .and_then(|y| y.parse::<u16>().ok())
            .ok_or_else(|| DateError::new(text, "expected a four-digit year"))?;
        let month = parse_optional_number(parts.next(), text)?;
        let day = parse_optional_number(parts.next(), text)?;
        if parts.next().is_some() {
            return Err(DateError::new(text, "too many parts"));
        }
        Self::new(year, month, day).map_err(|e| DateError::new(text, e.reason))
    }
}

fn parse_optional_number(part: Option<&str>, text: &str) -> Result<Option<u8>, DateError> {
    match part {
        None => Ok(None),
        Some(p) if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(p.parse().ok().filter(|&n| n != 0))
        }
        Some(_) => Err(DateError::new(text, "expected a two-digit month or day")),
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if self.month != 0 {
            write!(f, "-{:02}", self.month)?;
        }
        if self.day != 0 {
            write!(f, "-{:02}", self.day)?;
        }
        Ok(())
    }
}

impl FromStr for PartialDate {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse_iso(s)
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse_iso(&text).map_err(serde::de::Error::custom)
    }
}

/// A single calendar day, as a count of days since 0000-03-01, for interval
/// arithmetic on dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(i32);

impl Day {
    /// The day for a valid year, month and day.
    pub fn from_ymd(year: u16, month: u8, day: u8) -> Self {
        // Days from civil (H. Hinnant's algorithm), shifted so March starts the year.
        let (y, m) = if month <= 2 {
            (i32::from(year) - 1, i32::from(month) + 9)
        } else {
            (i32::from(year), i32::from(month) - 3)
        };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * m + 2) / 5 + i32::from(day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Self(era * 146_097 + doe)
    }

    /// The day `days` later (earlier when negative).
    pub fn plus(self, days: i32) -> Day {
        Day(self.0 + days)
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Day) -> i32 {
        later.0 - self.0
    }

    /// The day `days` after 1970-01-01 (before it when negative), or `None`
    /// beyond the range a `Day` holds.
    pub fn from_unix_days(days: i64) -> Option<Day> {
        days.checked_add(i64::from(UNIX_EPOCH_DAY))
            .and_then(|shifted| i32::try_from(shifted).ok())
            .map(Day)
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn unix_days(self) -> i64 {
        i64::from(self.0) - i64::from(UNIX_EPOCH_DAY)
    }

    /// The year, month (1-12) and day (1-31), proleptic Gregorian.
    pub fn ymd(self) -> (i32, u8, u8) {
        // Civil from days (H. Hinnant's algorithm), the inverse of `from_ymd`.
        let era = self.0.div_euclid(146_097);
        let doe = self.0.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i32::from(month <= 2);
        // `day` is 1..=31 and `month` 1..=12 by construction.
        (year, month as u8, day as u8)
    }
}

/// 1970-01-01 as a [`Day`]: days from 0000-03-01.
const UNIX_EPOCH_DAY: i32 = 719_468;

/// `YYYY-MM-DD`.
impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = self.ymd();
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

fn is_leap_year(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A date as a list states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FuzzyDate {
    /// `1960`, `Mar 1960`, `1960-03-05`: exact to its precision.
    Exact(PartialDate),
    /// `circa 1960`, `approximately 1960`.
    Approximate(PartialDate),
    /// `1958 to 1963`, `between 1958 and 1963`.
    Between(PartialDate, PartialDate),
}

/// Whether numeric dates such as `05/03/1960` put the day or the month first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumericOrder {
    /// `05/03/1960` is 5 March 1960 (Europe, UN, most lists).
    DayFirst,
    /// `05/03/1960` is 3 May 1960 (US publications).
    MonthFirst,
}

impl FuzzyDate {
    /// The earliest day the date can stand for.
    pub fn first_day(&self) -> Day {
        match self {
            Self::Exact(d) | Self::Approximate(d) => d.first_day(),
            Self::Between(from, _) => from.first_day(),
        }
    }

    /// The latest day the date can stand for.
    pub fn last_day(&self) -> Day {
        match self {
            Self::Exact(d) | Self::Approximate(d) => d.last_day(),
            Self::Between(_, to) => to.last_day(),
        }
    }

    /// Whether the list marked the date as approximate.
    pub fn is_approximate(&self) -> bool {
        matches!(self, Self::Approximate(_))
    }

    /// The years the date covers, first and last.
    pub fn years(&self) -> (u16, u16) {
        match self {
            Self::Exact(d) | Self::Approximate(d) => (d.year, d.year),
            Self::Between(from, to) => (from.year, to.year),
        }
    }

    /// Reads a date written the way sanctions lists write them, day first
    /// where the order is ambiguous. See [`FuzzyDate::parse_with`].
    pub fn parse(text: &str) -> Result<Self, DateError> {
        Self::parse_with(text, NumericOrder::DayFirst)
    }

    /// Reads a date written the way sanctions lists write them:
    ///
    /// * ISO and EDTF: `1960`, `1960-03`, `1960-03-05`, `1960~`, `1958/1963`;
    /// * words: `05 Jan 1960`, `5 January 1960`, `Jan 1960`, `January 5, 1960`;
    /// * numbers: `05/03/1960`, `05.03.1960`, `03/1960`, with `00` for an
    ///   unknown day or month (`00/00/1960`);
    /// * approximations: `circa 1960`, `c. 1960`, `ca. 1960`, `approximately
    ///   1960`, `approx. 1960`, `about 1960`;
    /// * ranges: `1958 to 1963`, `between 1958 and 1963`, `from 1958 to
    ///   1963`, `1958-1963`.
    pub fn parse_with(text: &str, order: NumericOrder) -> Result<Self, DateError> {
        let cleaned = text.trim().trim_end_matches(['.', ';', ',']).trim();
        if cleaned.is_empty() {
            return Err(DateError::new(text, "empty"));
        }
        let lower = cleaned.to_lowercase();

        if let Some(rest) = strip_any_prefix(&lower, APPROXIMATE_PREFIXES) {
            return parse_single(rest, order)
                .map(Self::Approximate)
                .map_err(|e| DateError::new(text, e.reason));
        }
        if let Some(rest) = lower.strip_suffix('~') {
            return parse_single(rest, order)
                .map(Self::Approximate)
                .map_err(|e| DateError::new(text, e.reason));
        }
        if let Some((from, to)) = split_range(&lower) {
            let from = parse_single(from, order).map_err(|e| DateError::new(text, e.reason))?;
            let to = parse_single(to, order).map_err(|e| DateError::new(text, e.reason))?;
            return Self::between(from, to).map_err(|e| DateError::new(text, e.reason));
        }
        parse_single(&lower, order)
            .map(Self::Exact)
            .map_err(|e| DateError::new(text, e.reason))
    }

    /// A range, refusing one whose end comes before its start. A range whose
    /// ends are equal is the exact date.
    pub fn between(from: PartialDate, to: PartialDate) -> Result<Self, DateError> {
        if to.last_day() < from.first_day() {
            return Err(DateError::new(
                &format!("{from}/{to}"),
                "range ends before it starts",
            ));
        }
        if from == to {
            return Ok(Self::Exact(from));
        }
        Ok(Self::Between(from, to))
    }
}

const APPROXIMATE_PREFIXES: &[&str] = &[
    "circa ",
    "circa",
    "c. ",
    "c.",
    "ca. ",
    "ca.",
    "ca ",
    "approximately ",
    "approx. ",
    "approx ",
    "about ",
    "around ",
    "~",
];

fn strip_any_prefix<'a>(text: &'a str, prefixes: &[&str]) -> Option<&'a str> {
    prefixes
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .map(str::trim)
}

/// Splits `1958 to 1963`, `between 1958 and 1963`, `1958/1963` or
/// `1958-1963` into its two ends.
fn split_range(text: &str) -> Option<(&str, &str)> {
    let body = strip_any_prefix(text, &["between ", "from "]).unwrap_or(text);
    for separator in [" to ", " and ", " - ", " – ", "–"] {
        if let Some((from, to)) = body.split_once(separator) {
            return Some((from.trim(), to.trim()));
        }
    }
    // `1958/1963` and `1958-1963`: only when both ends are four-digit years
    // (otherwise `1960-03` or `05/03/1960` would be split).
    for separator in ['/', '-'] {
        if let Some((from, to)) = body.split_once(separator)
            && is_year(from.trim())
            && is_year(to.trim())
        {
            return Some((from.trim(), to.trim()));
        }
    }
    // EDTF intervals of partial dates: `1958-01/1963`, `1958-01-02/1963-04-05`.
    if let Some((from, to)) = body.split_once('/')
        && starts_with_year(from.trim())
        && starts_with_year(to.trim())
    {
        return Some((from.trim(), to.trim()));
    }
    None
}

fn starts_with_year(text: &str) -> bool {
    text.get(..4).is_some_and(is_year) && (text.len() == 4 || text[4..].starts_with('-'))
}

fn is_year(text: &str) -> bool {
    text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit())
}

const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
];

fn month_from_word(word: &str) -> Option<u8> {
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .find(|(name, _)| name.starts_with(word))
        .map(|&(_, n)| n)
}

/// Parses one date (no range, no approximation marker), already lower-cased.
fn parse_single(text: &str, order: NumericOrder) -> Result<PartialDate, DateError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(DateError::new(text, "empty"));
    }
    let bytes = text.as_bytes();
    if bytes.len() >= 4
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && (bytes.len() == 4 || bytes[4] == b'-')
    {
        return PartialDate::parse_iso(text);
    }
    if text.bytes().any(|b| b.is_ascii_alphabetic()) {
        return parse_with_month_name(text);
    }
    parse_numeric(text, order)
}

/// `05 Jan 1960`, `Jan 1960`, `January 5, 1960`, `5-Jan-1960`.
fn parse_with_month_name(text: &str) -> Result<PartialDate, DateError> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-' || c == '/')
        .filter(|w| !w.is_empty())
        .collect();
    let mut year = None;
    let mut month = None;
    let mut day = None;
    for word in words {
        if let Some(m) = month_from_word(word) {
            if month.replace(m).is_some() {
                return Err(DateError::new(text, "two months"));
            }
            continue;
        }
        let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic()); // 5th, 1st
        let Ok(n) = digits.parse::<u16>() else {
            return Err(DateError::new(text, "unrecognised word"));
        };
        if digits.len() == 4 {
            if year.replace(n).is_some() {
                return Err(DateError::new(text, "two years"));
            }
        } else if digits.len() <= 2 {
            if day.replace(n).is_some() {
                return Err(DateError::new(text, "two days"));
            }
        } else {
            return Err(DateError::new(text, "unrecognised number"));
        }
    }
    let year = year.ok_or_else(|| DateError::new(text, "no four-digit year"))?;
    let month = month.ok_or_else(|| DateError::new(text, "no month"))?;
    let day = match day {
        Some(0) | None => None,
        Some(d) => Some(u8::try_from(d).map_err(|_| DateError::new(text, "day out of range"))?),
    };
    PartialDate::new(year, Some(month), day).map_err(|e| DateError::new(text, e.reason))
}

/// `05/03/1960`, `05.03.1960`, `5-3-1960`, `03/1960`, `00/00/1960`.
fn parse_numeric(text: &str, order: NumericOrder) -> Result<PartialDate, DateError> {
    let parts: Vec<&str> = text
        .split(['/', '.', '-', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    let number = |p: &str| -> Result<u16, DateError> {
        if p.len() > 4 {
            return Err(DateError::new(text, "number too long"));
        }
        p.parse::<u16>()
            .map_err(|_| DateError::new(text, "not a number"))
    };
    let small = |n: u16| -> Option<u8> { u8::try_from(n).ok().filter(|&n| n != 0) };
    let (year, month, day) = match parts.as_slice() {
        [y] if y.len() == 4 => (number(y)?, None, None),
        [m, y] if y.len() == 4 && m.len() <= 2 => (number(y)?, small(number(m)?), None),
        [y, m, d] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => {
            (number(y)?, small(number(m)?), small(number(d)?))
        }
        [a, b, y] if y.len() == 4 && a.len() <= 2 && b.len() <= 2 => {
            let (a, b) = (number(a)?, number(b)?);
            let (d, m) = match order {
                NumericOrder::DayFirst => (a, b),
                NumericOrder::MonthFirst => (b, a),
            };
            (number(y)?, small(m), small(d))
        }
        _ => return Err(DateError::new(text, "unrecognised layout")),
    };
    // `00/03/1960` keeps the month; `05/00/1960` has a day without a month,
    // which says nothing more than the year.
    let day = if month.is_none() { None } else { day };
    PartialDate::new(year, month, day).map_err(|e| DateError::new(text, e.reason))
}

impl fmt::Display for FuzzyDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Exact(d) => write!(f, "{d}"),
            Self::Approximate(d) => write!(f, "{d}~"),
            Self::Between(from, to) => write!(f, "{from}/{to}"),
        }
    }
}

impl FromStr for FuzzyDate {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for FuzzyDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FuzzyDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_from_the_unix_epoch_both_ways() {
        for (days, text) in [
            (0, "1970-01-01"),
            (-1, "1969-12-31"),
            (-4_369, "1958-01-15"),
            (11_016, "2000-02-29"),
            (19_782, "2024-02-29"),
            (20_415, "2025-11-23"),
        ] {
            let day = Day::from_unix_days(days).unwrap();
            assert_eq!(day.to_string(), text);
            assert_eq!(day.unix_days(), days);
            let (year, month, d) = day.ymd();
            assert_eq!(Day::from_ymd(year as u16, month, d), day);
        }
        assert_eq!(Day::from_unix_days(i64::MAX), None);
    }

    fn parse(text: &str) -> String {
        FuzzyDate::parse(text).unwrap().to_string()
    }

    #[test]
    fn reads_the_forms_lists_use() {
        assert_eq!(parse("1960"), "1960");
        assert_eq!(parse("circa 1960"), "1960~");
        assert_eq!(parse("Circa 1960"), "1960~");
        assert_eq!(parse("approximately 1955"), "1955~");
        assert_eq!(parse("1958 to 1963"), "1958/1963");
        assert_eq!(parse("Between 1958 and 1963"), "1958/1963");
        assert_eq!(parse("1963-1964"), "1963/1964");
        assert_eq!(parse("Mar 1960"), "1960-03");
        assert_eq!(parse("Jan 1958"), "1958-01");
        assert_eq!(parse("1955-11"), "1955-11");
        assert_eq!(parse("05 Jan 1960"), "1960-01-05");
        assert_eq!(parse("January 5, 1960"), "1960-01-05");
        assert_eq!(parse("05/03/1960"), "1960-03-05");
        assert_eq!(parse("05.03.1960"), "1960-03-05");
        assert_eq!(parse("00/03/1960"), "1960-03");
        assert_eq!(parse("00/00/1960"), "1960");
        assert_eq!(parse("1960-03-05T10:00:00+02:00"), "1960-03-05");
        assert_eq!(parse("circa 05 Jan 1960"), "1960-01-05~");
        assert_eq!(parse("1960-01-05/1961-02-03"), "1960-01-05/1961-02-03");
        assert_eq!(parse("1960/1960-01"), "1960/1960-01");
    }

    #[test]
    fn month_first_when_asked() {
        let date = FuzzyDate::parse_with("05/07/2024", NumericOrder::MonthFirst).unwrap();
        assert_eq!(date.to_string(), "2024-05-07");
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        for text in [
            "",
            "Sep-99",
            "unknown",
            "1960 to 1950",
            "31/02/1960",
            "13/13/1960",
            "196",
            "19600",
            "Mar Apr 1960",
            "1000/1000/01",
        ] {
            assert!(FuzzyDate::parse(text).is_err(), "{text:?} parsed");
        }
    }

    #[test]
    fn partial_dates_span_their_days() {
        let feb = PartialDate::month(1960, 2).unwrap();
        assert_eq!(
            feb.first_day().days_until(feb.last_day()),
            28,
            "1960 is a leap year"
        );
        let year = PartialDate::year(1961).unwrap();
        assert_eq!(year.first_day().days_until(year.last_day()), 364);
        assert_eq!(
            Day::from_ymd(1970, 1, 1).days_until(Day::from_ymd(2000, 1, 1)),
            10_957
        );
    }

    #[test]
    fn serialises_as_edtf() {
        let date = FuzzyDate::parse("1958 to 1963").unwrap();
        let json = serde_json::to_string(&date).unwrap();
        assert_eq!(json, "\"1958/1963\"");
        let back: FuzzyDate = serde_json::from_str(&json).unwrap();
        assert_eq!(back, date);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn partial_date() -> impl Strategy<Value = PartialDate> {
            (1000u16..=2999, 0u8..=12, 0u8..=31).prop_filter_map("valid date", |(y, m, d)| {
                let month = (m != 0).then_some(m);
                let day = (d != 0 && m != 0).then_some(d);
                PartialDate::new(y, month, day).ok()
            })
        }

        proptest! {
            #[test]
            fn display_round_trips(date in partial_date(), kind in 0..3u8, other in partial_date()) {
                let fuzzy = match kind {
                    0 => FuzzyDate::Exact(date),
                    1 => FuzzyDate::Approximate(date),
                    _ => match FuzzyDate::between(date.min(other), date.max(other)) {
                        Ok(range) => range,
                        Err(_) => FuzzyDate::Exact(date),
                    },
                };
                prop_assert_eq!(FuzzyDate::parse(&fuzzy.to_string()), Ok(fuzzy));
            }

            #[test]
            fn parsing_never_panics(text in ".{0,40}") {
                let _ = FuzzyDate::parse(&text);
                let _ = FuzzyDate::parse_with(&text, NumericOrder::MonthFirst);
            }

            #[test]
            fn first_day_is_never_after_last_day(date in partial_date()) {
                prop_assert!(date.first_day() <= date.last_day());
            }
        }
    }
}
