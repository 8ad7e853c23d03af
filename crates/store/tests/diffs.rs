//! Diffs between real pairs of list versions, with the counts measured on
//! the files in `../shared/data/lists`.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use interdict_catalog::SourceInfo;
use interdict_store::IngestOutcome;
use interdict_store::diff::Field;
use interdict_store::testing::TestBackend;
use interdict_store::testing::TestStore;

interdict_store::on_both_backends!(
    canada_2020_04_to_2025_05,
    un_2024_05_15_to_2026_02_27,
    ofac_consolidated_2024_05_06_to_2026_01_08,
);

fn list(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/lists")
        .join(path)
}

fn info(id: &str) -> SourceInfo {
    SourceInfo::named(id)
}

struct Expected {
    old_entities: usize,
    new_entities: usize,
    added: usize,
    removed: usize,
    changed: usize,
    unchanged: usize,
    reidentified: usize,
    fields: &'static [(Field, usize)],
}

/// Loads the older then the newer file and compares them both ways: by
/// default (previous with active) and by naming the versions.
fn check(
    backend: TestBackend,
    source: &str,
    old: &str,
    new: &str,
    expected: &Expected,
) -> Option<interdict_store::diff::VersionDiff> {
    let place = TestStore::new(backend)?;
    let mut store = place.open();
    let first = store.ingest_file(&info(source), &list(old)).unwrap();
    let second = store.ingest_file(&info(source), &list(new)).unwrap();
    assert_eq!(second.outcome, IngestOutcome::Added);
    assert_eq!(
        second.replaced.as_ref().map(|v| v.id),
        Some(first.version.id)
    );
    let diff = store.diff(source, None).unwrap();
    let counts = (
        diff.old.entity_count,
        diff.new.entity_count,
        diff.entities.added.len(),
        diff.entities.removed.len(),
        diff.entities.changed.len(),
        diff.entities.unchanged,
        diff.entities.reidentified.len(),
    );
    eprintln!(
        "{source}: {counts:?} fields {:?}",
        diff.entities.field_counts()
    );
    assert_eq!(
        counts,
        (
            expected.old_entities,
            expected.new_entities,
            expected.added,
            expected.removed,
            expected.changed,
            expected.unchanged,
            expected.reidentified,
        )
    );
    assert_eq!(diff.entities.field_counts(), expected.fields);
    assert_eq!(
        diff.old.entity_count + diff.entities.added.len() - diff.entities.removed.len(),
        diff.new.entity_count
    );
    let named = store
        .diff(
            source,
            Some((
                &first.version.id.to_string(),
                &second.version.content_hash[..10],
            )),
        )
        .unwrap();
    assert_eq!(named.entities, diff.entities);
    Some(diff)
}

fn canada_2020_04_to_2025_05(backend: TestBackend) {
    // The 2020 file numbers items per schedule (`burma-1-item-1`), the 2025
    // one per schedule part (`burma-1-part-1-item-1`): 979 records keep
    // their kind and names under a new id. The 2020 file gives no listing
    // dates.
    let Some(diff) = check(
        backend,
        "ca_sema",
        "ca_sema/2020-04/sema-lmes.xml.gz",
        "ca_sema/2025-05/sema-lmes.xml.gz",
        &Expected {
            old_entities: 1369,
            new_entities: 4759,
            added: 3522,
            removed: 132,
            changed: 258,
            unchanged: 0,
            reidentified: 979,
            fields: &[(Field::ListingDates, 258), (Field::Names, 2)],
        },
    ) else {
        return;
    };
    let mut reidentified_fields = std::collections::BTreeMap::new();
    for record in &diff.entities.reidentified {
        for field in &record.fields {
            *reidentified_fields.entry(*field).or_insert(0) += 1;
        }
    }
    assert_eq!(
        reidentified_fields.into_iter().collect::<Vec<_>>(),
        [
            (Field::BirthDates, 3),
            (Field::Programmes, 78),
            (Field::ListingDates, 979),
            (Field::References, 979)
        ]
    );
}

fn un_2024_05_15_to_2026_02_27(backend: TestBackend) {
    let Some(diff) = check(
        backend,
        "un_sc",
        "un_sc/2024-05-15/un_consolidated.xml.gz",
        "un_sc/2026-02-27/consolidated.xml.gz",
        &Expected {
            old_entities: 875,
            new_entities: 1003,
            added: 137,
            removed: 9,
            changed: 108,
            unchanged: 758,
            reidentified: 0,
            fields: &[
                (Field::BirthPlaces, 74),
                (Field::Remarks, 24),
                (Field::BirthDates, 17),
                (Field::Names, 6),
                (Field::Countries, 3),
                (Field::Addresses, 3),
                (Field::PersonalDetails, 2),
                (Field::Identifiers, 1),
                (Field::Unparsed, 1),
            ],
        },
    ) else {
        return;
    };
    assert!(
        diff.entities
            .field_counts()
            .iter()
            .any(|(f, _)| *f == Field::Names)
    );
}

fn ofac_consolidated_2024_05_06_to_2026_01_08(backend: TestBackend) {
    check(
        backend,
        "us_ofac_cons",
        "us_ofac/cons_xml_2024-05-06/consolidated.xml.gz",
        "us_ofac/cons_xml_2026-01-08/consolidated.xml.gz",
        &Expected {
            old_entities: 443,
            new_entities: 442,
            added: 1,
            removed: 2,
            changed: 263,
            unchanged: 178,
            reidentified: 0,
            fields: &[
                (Field::Remarks, 263),
                (Field::Programmes, 26),
                (Field::Names, 21),
                (Field::Identifiers, 18),
                (Field::Addresses, 13),
                (Field::Countries, 5),
                (Field::Contacts, 2),
            ],
        },
    );
}
