//! Feeds arbitrary bytes to the ftm_json parser: it must return Ok or Err, never panic.
#![no_main]

use interdict_sources::{Context, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let context = Context::new("fuzz", "fuzz-input");
    let _ = Format::FtmJson.parse(data, &context);
});
