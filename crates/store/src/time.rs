//! UTC timestamps, stored as fixed-width RFC 3339 text
//! (`2026-11-23T14:20:00.000000Z`) so that text order is time order.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use interdict_model::{Day, PartialDate};
use serde::{Deserialize, Serialize};

use crate::StoreError;

/// A point in time, in microseconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Timestamp(i64);

const MICROS_PER_DAY: i64 = 86_400_000_000;

impl Timestamp {
    /// Now, by the system clock.
    pub fn now() -> Self {
        let micros = match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(since) => i64::try_from(since.as_micros()).unwrap_or(i64::MAX),
            Err(before) => -i64::try_from(before.duration().as_micros()).unwrap_or(i64::MAX),
        };
        Self(micros)
    }

    /// From microseconds since the Unix epoch.
    pub fn from_micros(micros: i64) -> Self {
        Self(micros)
    }

    /// Microseconds since the Unix epoch.
    pub fn micros(self) -> i64 {
        self.0
    }

    /// The start (00:00 UTC) of a day.
    pub fn start_of_day(year: u16, month: u8, day: u8) -> Self {
        Self(Day::from_ymd(year, month, day).unix_days() * MICROS_PER_DAY)
    }

    /// The same time `days` days later.
    pub fn plus_days(self, days: i64) -> Self {
        Self(self.0.saturating_add(days.saturating_mul(MICROS_PER_DAY)))
    }

    /// Reads `YYYY-MM-DD` (the end of that day: the instant just before the
    /// next one begins, so "as of a date" includes the whole day), a UTC
    /// time `YYYY-MM-DDTHH:MM[:SS[.ffffff]]Z`, or `now`.
    pub fn parse_as_of(text: &str) -> Result<Self, StoreError> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("now") {
            return Ok(Self::now());
        }
        if text.len() == 10 {
            return Self::parse(text).map(|start| Self(start.0 + MICROS_PER_DAY - 1));
        }
        Self::parse(text)
    }

    /// Reads `YYYY-MM-DD` (its start) or `YYYY-MM-DDTHH:MM[:SS[.ffffff]]Z`.
    pub fn parse(text: &str) -> Result<Self, StoreError> {
        let bad = || StoreError::BadTime {
            text: text.to_owned(),
        };
        let text = text.trim();
        let (date, time) = match text.split_once(['T', ' ']) {
            Some((date, time)) => (date, Some(time)),
            None => (text, None),
        };
        let mut parts = date.splitn(3, '-');
        let number = |part: Option<&str>, digits: usize| -> Option<i64> {
            let part = part?;
            (part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse().ok())
                .flatten()
        };
        let year = number(parts.next(), 4).ok_or_else(bad)?;
        let month = number(parts.next(), 2).ok_or_else(bad)?;
        let day = number(parts.next(), 2).ok_or_else(bad)?;
        let date = match (u16::try_from(year), u8::try_from(month), u8::try_from(day)) {
            (Ok(year), Ok(month), Ok(day)) => {
                PartialDate::day(year, month, day).map_err(|_| bad())?
            }
            _ => return Err(bad()),
        };
        let mut micros = date.first_day().unix_days() * MICROS_PER_DAY;
        if let Some(time) = time {
            let time = time
                .strip_suffix('Z')
                .or_else(|| time.strip_suffix("+00:00"))
                .ok_or_else(bad)?;
            let (clock, fraction) = match time.split_once('.') {
                Some((clock, fraction)) => (clock, Some(fraction)),
                None => (time, None),
            };
            let mut fields = clock.split(':');
            let hour = number(fields.next(), 2).ok_or_else(bad)?;
            let minute = number(fields.next(), 2).ok_or_else(bad)?;
            let second = match fields.next() {
                Some(s) => number(Some(s), 2).ok_or_else(bad)?,
                None => 0,
            };
            if fields.next().is_some() || hour > 23 || minute > 59 || second > 60 {
                return Err(bad());
            }
            let sub = match fraction {
                Some(f)
                    if !f.is_empty() && f.len() <= 6 && f.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    format!("{f:0<6}").parse::<i64>().map_err(|_| bad())?
                }
                Some(_) => return Err(bad()),
                None => 0,
            };
            micros += ((hour * 60 + minute) * 60 + second) * 1_000_000 + sub;
        }
        Ok(Self(micros))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let in_day = self.0.rem_euclid(MICROS_PER_DAY);
        // Any i64 of microseconds is within the days a `Day` holds.
        let (year, month, day) =
            Day::from_unix_days(self.0.div_euclid(MICROS_PER_DAY)).map_or((0, 0, 0), Day::ymd);
        let seconds = in_day / 1_000_000;
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:06}Z",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60,
            in_day % 1_000_000
        )
    }
}

impl From<Timestamp> for String {
    fn from(value: Timestamp) -> Self {
        value.to_string()
    }
}

impl TryFrom<String> for Timestamp {
    type Error = StoreError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_print_and_read_back() {
        let t = Timestamp::parse("2024-02-29T23:59:58.5Z").unwrap();
        assert_eq!(t.to_string(), "2024-02-29T23:59:58.500000Z");
        assert_eq!(Timestamp::parse(&t.to_string()).unwrap(), t);
        assert_eq!(
            Timestamp::from_micros(0).to_string(),
            "1970-01-01T00:00:00.000000Z"
        );
        assert_eq!(
            Timestamp::from_micros(-1).to_string(),
            "1969-12-31T23:59:59.999999Z"
        );
        assert_eq!(
            Timestamp::start_of_day(2026, 11, 23).to_string(),
            "2026-11-23T00:00:00.000000Z"
        );
    }

    #[test]
    fn a_date_as_of_is_its_last_instant() {
        let t = Timestamp::parse_as_of("2025-05-31").unwrap();
        assert_eq!(t.to_string(), "2025-05-31T23:59:59.999999Z");
    }

    #[test]
    fn bad_times_are_errors() {
        for text in [
            "2025-02-30",
            "2025-13-01",
            "25-01-01",
            "2025-01-01T10:00",
            "yesterday",
            "2025-01-01T25:00Z",
        ] {
            assert!(Timestamp::parse(text).is_err(), "{text}");
        }
    }
}
