//! A server keeps the clustering it makes in the store, and the next server
//! on that store serves it as soon as its lists are loaded, without
//! clustering again. On the bundled EU and UK lists.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::consolidating_server;
use interdict_server::AppState;
use interdict_server::store::ServerStore;
use interdict_store::testing::{TestBackend, TestStore};

interdict_store::on_both_backends!(a_second_server_serves_the_kept_clustering_at_once);

/// How long the test waits for a (debug build's) clustering.
const PATIENCE: Duration = Duration::from_secs(600);

/// A consolidating server on the store at `place`, its EU and UK lists
/// loaded.
fn loaded_server(place: &TestStore) -> AppState {
    let store = ServerStore::open_at(place.location()).unwrap();
    consolidating_server(store, &["eu_fsf", "gb_ofsi"])
}

fn a_second_server_serves_the_kept_clustering_at_once(backend: TestBackend) {
    let Some(place) = TestStore::new(backend) else {
        return;
    };
    let first = loaded_server(&place);
    let started = Instant::now();
    // The first server clusters in the background, then keeps it.
    let keys = loop {
        let keys = place.open().clustering_keys().unwrap();
        if !keys.is_empty() {
            break keys;
        }
        assert!(started.elapsed() < PATIENCE, "no clustering kept in time");
        std::thread::sleep(Duration::from_millis(250));
    };
    assert_eq!(keys.len(), 1, "{keys:?}");
    let made = first.lists().unwrap().consolidation().unwrap();
    drop(first);

    let second = loaded_server(&place);
    let lists = second.lists().unwrap();
    let served = lists
        .consolidation()
        .expect("the kept clustering is served as soon as the lists are");
    assert_eq!(*served, *made);
    assert!(
        served
            .subjects()
            .iter()
            .any(|s| s.members.len() > 1 && s.id.starts_with("eu_fsf:"))
    );
    assert_eq!(place.open().clustering_keys().unwrap(), keys);
}
