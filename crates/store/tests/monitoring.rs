//! Monitoring on the real UN lists of 2024-05-15 and 2026-02-27: alerts for
//! new hits, changed listings and delistings, and false positives that stay
//! suppressed until the listing changes.

#![allow(clippy::unwrap_used)]

mod common;

use interdict_matcher::Query;
use interdict_model::{Country, FuzzyDate};
use interdict_store::IngestOutcome;
use interdict_store::monitor::{AlertKind, AlertStatus, Decision, monitor_options};
use interdict_store::testing::TestBackend;

interdict_store::on_both_backends!(alerts_follow_the_lists_and_the_analysts,);

fn person(name: &str, country: &str, dob: Option<&str>) -> Query {
    Query {
        names: vec![name.into()],
        countries: vec![Country::resolve(country).unwrap()],
        birth_dates: dob
            .map(|d| FuzzyDate::parse(d).unwrap())
            .into_iter()
            .collect(),
        ..Query::default()
    }
}

fn alerts_follow_the_lists_and_the_analysts(backend: TestBackend) {
    let Some((_place, mut store, _clock)) = common::store(backend) else {
        return;
    };
    let un_2024 = common::list("un_sc/2024-05-15/un_consolidated.xml.gz");
    let un_2026 = common::list("un_sc/2026-02-27/consolidated.xml.gz");
    store.ingest_file(&common::info("un_sc"), &un_2024).unwrap();
    for (key, query) in [
        ("c-saleh", person("Ali Abdullah Saleh", "YE", None)),
        ("c-kony", person("Joseph Kony", "UG", None)),
        (
            "c-svensson",
            person("Maria Svensson", "SE", Some("1980-02-11")),
        ),
    ] {
        store.add_monitored(key, &query).unwrap();
    }

    let first = store.rescreen_active(&monitor_options()).unwrap();
    let mut raised: Vec<(String, String, AlertKind)> = first
        .alerts
        .iter()
        .map(|a| (a.customer.clone(), a.entity_id.clone(), a.kind))
        .collect();
    raised.sort();
    assert_eq!(
        raised,
        [
            ("c-kony".into(), "un_sc:CFi.009".into(), AlertKind::New),
            ("c-saleh".into(), "un_sc:YEi.003".into(), AlertKind::New),
            ("c-saleh".into(), "un_sc:YEi.005".into(), AlertKind::New),
        ]
    );
    assert_eq!(first.customers, 3);

    // Screening again against the same lists raises nothing.
    let again = store.rescreen_active(&monitor_options()).unwrap();
    assert!(again.alerts.is_empty(), "{:?}", again.alerts);

    let alert = |entity: &str| {
        first
            .alerts
            .iter()
            .find(|a| a.entity_id == entity)
            .unwrap()
            .id
    };
    store
        .dispose(
            alert("un_sc:YEi.003"),
            Decision::TrueMatch,
            "same person, passport checked",
            "ana",
        )
        .unwrap();
    store
        .dispose(
            alert("un_sc:YEi.005"),
            Decision::FalsePositive,
            "the son, not our customer",
            "ana",
        )
        .unwrap();
    store
        .dispose(
            alert("un_sc:CFi.009"),
            Decision::FalsePositive,
            "namesake, born 1990",
            "ana",
        )
        .unwrap();
    assert!(store.alerts(Some(AlertStatus::Open)).unwrap().is_empty());

    // 2026: both Salehs are delisted; only the confirmed one is an alert.
    // Kony's listing gained dates of birth: the false positive re-opens.
    store.ingest_file(&common::info("un_sc"), &un_2026).unwrap();
    let update = store.rescreen_active(&monitor_options()).unwrap();
    let mut raised: Vec<(String, String, AlertKind, Vec<String>)> = update
        .alerts
        .iter()
        .map(|a| {
            (
                a.customer.clone(),
                a.entity_id.clone(),
                a.kind,
                a.changed_fields.clone(),
            )
        })
        .collect();
    raised.sort();
    assert_eq!(
        raised,
        [
            (
                "c-kony".into(),
                "un_sc:CFi.009".into(),
                AlertKind::Changed,
                vec!["birth_dates".into(), "birth_places".into()]
            ),
            (
                "c-saleh".into(),
                "un_sc:YEi.003".into(),
                AlertKind::Delisted,
                vec![]
            ),
        ]
    );
    assert_eq!(update.suppressed, 0);

    // Back to the 2024 content: Kony's listing is again the one marked a
    // false positive, so it stays quiet; the Salehs are listed again, new.
    let back = store.ingest_file(&common::info("un_sc"), &un_2024).unwrap();
    assert_eq!(back.outcome, IngestOutcome::Reactivated);
    let reverted = store.rescreen_active(&monitor_options()).unwrap();
    let mut raised: Vec<(String, AlertKind)> = reverted
        .alerts
        .iter()
        .map(|a| (a.entity_id.clone(), a.kind))
        .collect();
    raised.sort();
    assert_eq!(raised, [("un_sc:YEi.003".into(), AlertKind::New)]);
    // Kony's and YEi.005's listings are the ones marked false positives.
    assert_eq!(reverted.suppressed, 2);

    // Every decision is in the audit log, and the chain holds.
    let check = store.verify_audit().unwrap();
    assert_eq!(check.rows, 3);
    assert_eq!(check.first_bad, None);
    let entries = store.audit_entries(1, 10).unwrap();
    assert_eq!(entries[2].body["decision"], "false_positive");
    assert_eq!(entries[2].body["entity_id"], "un_sc:CFi.009");
}
