//! Helpers shared by the store's integration tests.

#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use interdict_catalog::SourceInfo;
use interdict_store::testing::{TestBackend, TestStore};
use interdict_store::{Store, Timestamp};

/// A file in `../shared/data/lists`.
pub fn list(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/lists")
        .join(path)
}

/// A manifest entry for `id` with nothing else known.
pub fn info(id: &str) -> SourceInfo {
    SourceInfo::named(id)
}

/// A clock that starts at 2026-01-01T00:00:00Z and moves one second each
/// time it is read, and a handle to move it further.
pub fn test_clock() -> (Arc<AtomicI64>, impl Fn() -> Timestamp + Send + 'static) {
    let now = Arc::new(AtomicI64::new(Timestamp::start_of_day(2026, 1, 1).micros()));
    let handle = Arc::clone(&now);
    (handle, move || {
        Timestamp::from_micros(now.fetch_add(1_000_000, Ordering::SeqCst))
    })
}

/// A fresh store on `backend` (removed with the [`TestStore`]), on the
/// test clock; `None` when that backend is not available and not required.
pub fn store(backend: TestBackend) -> Option<(TestStore, Store, Arc<AtomicI64>)> {
    let place = TestStore::new(backend)?;
    let (clock, tick) = test_clock();
    let store = place.open().with_clock(tick);
    Some((place, store, clock))
}
