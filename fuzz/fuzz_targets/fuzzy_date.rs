//! Feeds arbitrary text to the date parser: it must return Ok or Err, never
//! panic, and what it returns must print back to the same date.
#![no_main]

use interdict_model::{FuzzyDate, NumericOrder};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for order in [NumericOrder::DayFirst, NumericOrder::MonthFirst] {
        if let Ok(date) = FuzzyDate::parse_with(text, order) {
            assert_eq!(FuzzyDate::parse(&date.to_string()), Ok(date));
        }
    }
});
