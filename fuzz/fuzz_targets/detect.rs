//! Feeds arbitrary bytes to format detection: it must name a format or say
//! why it cannot, never panic.
#![no_main]

use interdict_sources::detect::detect_bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = detect_bytes(data, "fuzz-input");
});
