//! List versions over time and screening as of a date, on the real UN
//! lists of 2024-05-15 and 2026-02-27; screenings recorded in the audit log.

#![allow(clippy::unwrap_used)]

mod common;

use std::sync::atomic::Ordering;

use interdict_matcher::{Options, Query, Screener};
use interdict_model::PartialDate;
use interdict_store::audit::ScreeningRecord;
use interdict_store::testing::TestBackend;
use interdict_store::{AsOf, Timestamp};

interdict_store::on_both_backends!(
    as_of_finds_the_version_served_or_published_then,
    a_screening_as_of_a_date_is_recorded_with_its_versions,
);

fn as_of_finds_the_version_served_or_published_then(backend: TestBackend) {
    let Some((_place, mut store, clock)) = common::store(backend) else {
        return;
    };
    let old = store
        .ingest_file(
            &common::info("un_sc"),
            &common::list("un_sc/2024-05-15/un_consolidated.xml.gz"),
        )
        .unwrap()
        .version;
    // The newer list is loaded a month later.
    let month = Timestamp::start_of_day(2026, 2, 1).micros();
    clock.store(month, Ordering::SeqCst);
    let new = store
        .ingest_file(
            &common::info("un_sc"),
            &common::list("un_sc/2026-02-27/consolidated.xml.gz"),
        )
        .unwrap()
        .version;
    assert_eq!(old.published.unwrap().to_string(), "2024-05-15");
    assert_eq!(new.published.unwrap().to_string(), "2026-02-27");
    assert_eq!(store.active_version("un_sc").unwrap().unwrap().id, new.id);
    assert_eq!(store.previous_version("un_sc").unwrap().unwrap().id, old.id);
    let listed = store.versions(Some("un_sc")).unwrap();
    assert_eq!(listed[0].active_until, Some(Timestamp::from_micros(month)));
    assert!(!listed[0].is_active() && listed[1].is_active());

    let served = |text: &str| -> Vec<i64> {
        store
            .versions_as_of(AsOf::Served(Timestamp::parse_as_of(text).unwrap()))
            .unwrap()
            .iter()
            .map(|v| v.id)
            .collect()
    };
    assert_eq!(served("2025-12-31"), Vec::<i64>::new());
    assert_eq!(served("2026-01-01"), [old.id]);
    assert_eq!(served("2026-01-31"), [old.id]);
    assert_eq!(served("2026-02-01T00:00:00Z"), [new.id]);
    assert_eq!(served("2026-03-01"), [new.id]);

    let published = |text: &str| -> Vec<i64> {
        store
            .versions_as_of(AsOf::Published(text.parse::<PartialDate>().unwrap()))
            .unwrap()
            .iter()
            .map(|v| v.id)
            .collect()
    };
    assert_eq!(published("2024-05-14"), Vec::<i64>::new());
    assert_eq!(published("2025-01-01"), [old.id]);
    assert_eq!(published("2026-02-27"), [new.id]);

    // Names for diffs: by publication date, hash prefix, number.
    assert_eq!(
        store.find_version("un_sc", "2024-05-15").unwrap().id,
        old.id
    );
    assert_eq!(
        store
            .find_version("un_sc", &new.content_hash[..8])
            .unwrap()
            .id,
        new.id
    );
    assert_eq!(store.find_version("un_sc", "previous").unwrap().id, old.id);
    assert!(store.find_version("un_sc", "2023").is_err());
}

fn a_screening_as_of_a_date_is_recorded_with_its_versions(backend: TestBackend) {
    let Some((_place, mut store, _clock)) = common::store(backend) else {
        return;
    };
    store
        .ingest_file(
            &common::info("un_sc"),
            &common::list("un_sc/2024-05-15/un_consolidated.xml.gz"),
        )
        .unwrap();
    let sources = store
        .sources_as_of(AsOf::Served(Timestamp::parse("2026-01-02").unwrap()))
        .unwrap();
    let versions: Vec<_> = sources.iter().map(|(v, _)| v.clone()).collect();
    let screener = Screener::new(sources.into_iter().flat_map(|(_, s)| s.entities).collect());
    let query = Query::name("Ali Abdullah Saleh");
    let options = Options::default();
    let groups = screener.screen(&query, &options);
    assert!(!groups.is_empty());
    let entry = store
        .record_screening(&ScreeningRecord {
            actor: "api-key-7",
            query: &query,
            options: &options,
            versions: &versions,
            screener: &screener,
            groups: &groups,
        })
        .unwrap();
    assert_eq!(entry.seq, 1);
    assert_eq!(
        entry.body["lists"][0]["content_hash"],
        versions[0].content_hash
    );
    assert_eq!(entry.body["query"]["names"][0], "Ali Abdullah Saleh");
    assert_eq!(
        entry.body["results"][0]["hits"][0]["entity_id"],
        "un_sc:YEi.003"
    );
    assert!(entry.body["results"][0]["hits"][0]["explanation"]["name"].is_object());
    let stored = store.audit_entries(1, 1).unwrap();
    assert_eq!(stored[0].body, entry.body);
    assert_eq!(store.verify_audit().unwrap().first_bad, None);
}
