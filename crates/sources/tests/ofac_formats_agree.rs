//! OFAC publishes the same lists in three formats: the legacy XML, the
//! Advanced XML and the Enhanced XML. Whichever interdict reads, a party must
//! come out with the same names, dates of birth, nationalities,
//! identifiers and programmes. These tests join the non-SDN consolidated list's snapshots
//! on the legacy uid and compare those facts.
//!
//! The snapshots are months or years apart, and OFAC amends entries in the
//! meantime, so a difference is either a parser gap (to fix) or a change of
//! the list (to explain). The Enhanced file (2025-01-10) falls between the
//! two legacy files (2024-05-06 and 2026-01-08): each of its facts must
//! equal one of theirs, and where it differs from one, the legacy list must
//! itself have changed that fact between its two snapshots. The Advanced
//! file (2020-03-17) has no such neighbour: entries OFAC re-designated since
//! are left out, and the rest must agree but for a short list of entries
//! amended since, each with its evidence.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use interdict_model::{Entity, NameKind};
use interdict_sources::{Format, Parsed};

const ENHANCED: &str = "us_ofac/cons_enhanced_2025-01-14/CONS_ENHANCED.ZIP";
const ADVANCED: &str = "us_ofac/cons_advanced_2020-03-17/cons_advanced.xml.gz";
const LEGACY_2024: &str = "us_ofac/cons_xml_2024-05-06/consolidated.xml.gz";
const LEGACY_2026: &str = "us_ofac/cons_xml_2026-01-08/consolidated.xml.gz";

fn load(format: Format, list: &str) -> &'static Parsed {
    common::cached(format, list, "us_ofac_cons")
}

/// A fact compared between formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fact {
    PrimaryName,
    Names,
    BirthDates,
    Nationalities,
    Citizenships,
    Identifiers,
    Programmes,
}

const FACTS: [Fact; 7] = [
    Fact::PrimaryName,
    Fact::Names,
    Fact::BirthDates,
    Fact::Nationalities,
    Fact::Citizenships,
    Fact::Identifiers,
    Fact::Programmes,
];

/// A name as compared: case, punctuation and the order of its words set
/// aside. The legacy files write a person's weak alias whole and inverted
/// ("ZAHAR, Mahmoud") where the newer formats give its parts ("Mahmoud
/// ZAHAR"); the same name either way.
fn normalise(name: &str) -> String {
    let folded: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let mut words: Vec<&str> = folded.split_whitespace().collect();
    words.sort_unstable();
    words.join(" ")
}

/// One fact of an entity, as a set of comparable strings.
fn fact(entity: &Entity, fact: Fact) -> BTreeSet<String> {
    match fact {
        Fact::PrimaryName => entity
            .names
            .iter()
            .filter(|n| n.kind == NameKind::Primary)
            .map(|n| normalise(&n.full))
            .collect(),
        // The legacy files have Latin names only; the native-script aliases
        // of the newer formats have nothing to compare with.
        Fact::Names => entity
            .names
            .iter()
            .filter(|n| n.script.as_deref().is_none_or(|s| s == "Latn"))
            .map(|n| normalise(&n.full))
            .collect(),
        Fact::BirthDates => entity.birth_dates.iter().map(ToString::to_string).collect(),
        Fact::Nationalities => entity
            .nationalities
            .iter()
            .map(|c| c.code().to_owned())
            .collect(),
        Fact::Citizenships => entity
            .citizenships
            .iter()
            .map(|c| c.code().to_owned())
            .collect(),
        Fact::Identifiers => entity
            .identifiers
            .iter()
            .map(|id| format!("{:?} {}", id.kind, id.number))
            .collect(),
        Fact::Programmes => entity.listings[0].programmes.iter().cloned().collect(),
    }
}

/// Every entity of a list by its legacy uid.
fn by_uid(parsed: &Parsed) -> BTreeMap<&str, &Entity> {
    parsed
        .entities
        .iter()
        .map(|e| (e.listings[0].reference.as_deref().unwrap_or_default(), e))
        .collect()
}

/// The facts on which two lists differ, for the parties both hold.
fn disagreements<'a>(
    a: &BTreeMap<&'a str, &Entity>,
    b: &BTreeMap<&str, &Entity>,
) -> BTreeSet<(&'a str, Fact)> {
    a.iter()
        .filter_map(|(uid, entity)| Some((*uid, *entity, *b.get(uid)?)))
        .flat_map(|(uid, x, y)| {
            FACTS
                .into_iter()
                .filter(move |&f| fact(x, f) != fact(y, f))
                .map(move |f| (uid, f))
        })
        .collect()
}

fn uids<'a>(facts: &BTreeSet<(&'a str, Fact)>) -> BTreeSet<&'a str> {
    facts.iter().map(|(uid, _)| *uid).collect()
}

fn shared(a: &BTreeMap<&str, &Entity>, b: &BTreeMap<&str, &Entity>) -> usize {
    a.keys().filter(|uid| b.contains_key(*uid)).count()
}

#[test]
fn the_enhanced_xml_agrees_with_the_legacy_xml_around_it() {
    let enhanced = by_uid(load(Format::OfacEnhancedXml, ENHANCED));
    let legacy_2024 = by_uid(load(Format::OfacXml, LEGACY_2024));
    let legacy_2026 = by_uid(load(Format::OfacXml, LEGACY_2026));
    assert_eq!(shared(&enhanced, &legacy_2024), 442);
    assert_eq!(shared(&enhanced, &legacy_2026), 442);

    let with_2024 = disagreements(&enhanced, &legacy_2024);
    let with_2026 = disagreements(&enhanced, &legacy_2026);
    let legacy_changes = disagreements(&legacy_2024, &legacy_2026);
    // Each difference with one legacy file is a fact the legacy list
    // changed between its snapshots, and the Enhanced file agrees with the
    // other: before the change (2024) or after it (2026).
    for (uid, fact) in &with_2024 {
        assert!(
            legacy_changes.contains(&(*uid, *fact)),
            "{uid} {fact:?}: a change?"
        );
        assert!(
            !with_2026.contains(&(*uid, *fact)),
            "{uid} {fact:?} agrees with neither"
        );
    }
    for (uid, fact) in &with_2026 {
        assert!(
            legacy_changes.contains(&(*uid, *fact)),
            "{uid} {fact:?}: a change?"
        );
        assert!(
            !with_2024.contains(&(*uid, *fact)),
            "{uid} {fact:?} agrees with neither"
        );
    }
    // What the snapshots measured: 19 parties amended between May 2024 and
    // January 2025 (mostly RUSSIA-EO14024 designations with new names and
    // ids), 12 between January 2025 and January 2026.
    assert_eq!((with_2024.len(), uids(&with_2024).len()), (35, 19));
    assert_eq!((with_2026.len(), uids(&with_2026).len()), (28, 12));
}

/// Parties of the 2020 Advanced file, not re-designated since, that OFAC
/// amended before May 2024, with the facts that differ and the evidence.
/// A legacy id's uid is the Advanced file's `IDRegDocument` ID, or 100000
/// plus its `Feature` ID, so a legacy uid beyond those the 2020 file holds
/// (documents up to 18995, features other than locations up to 34567)
/// marks an addition after it.
const AMENDED_SINCE_2020: &[(&str, &[Fact], &str)] = &[
    (
        "19992",
        &[Fact::Names, Fact::BirthDates, Fact::Identifiers],
        "LLC BALTECH: its registration and tax numbers (legacy uids 26596 and 26597) and its \
         establishment date (152127) came later, and so did its aliases LIMITED LIABILITY \
         CORPORATION BALTECH, OBSCHESTVO S OGRANICHENNOY OTVETSTVENNOSTYU BALTEKH and OOO \
         BALTEKH, which the 2020 file nowhere has",
    ),
    (
        "20002",
        &[Fact::Identifiers],
        "BM BANK PJSC: its registration and gazette numbers were copied from the Bank of \
         Moscow, which has them in the 2020 file, under new legacy uids 24642 and 24643",
    ),
];

#[test]
fn the_advanced_xml_agrees_with_the_legacy_xml() {
    let advanced = by_uid(load(Format::OfacAdvancedXml, ADVANCED));
    let legacy = by_uid(load(Format::OfacXml, LEGACY_2024));
    assert_eq!(shared(&advanced, &legacy), 367);

    // Parties designated under further programmes between the snapshots
    // were amended with it (new names, ids and establishment dates came
    // with the 2022 RUSSIA-EO14024 designations): they are left out.
    let programmes = |e: &Entity| {
        e.listings[0]
            .programmes
            .iter()
            .cloned()
            .collect::<BTreeSet<_>>()
    };
    let redesignated: BTreeSet<&str> = advanced
        .iter()
        .filter_map(|(uid, entity)| Some((*uid, *entity, *legacy.get(uid)?)))
        .filter(|(_, old, new)| programmes(old) != programmes(new))
        .map(|(uid, old, new)| {
            assert!(
                programmes(new).is_superset(&programmes(old)),
                "{uid}: programmes dropped"
            );
            uid
        })
        .collect();
    // 62 added RUSSIA-EO14024; Rosoboronexport also IRAN-CON-ARMS-EO; a
    // Hamas official also SDGT.
    assert_eq!(redesignated.len(), 64);

    let differences: BTreeSet<(&str, Fact)> = disagreements(&advanced, &legacy)
        .into_iter()
        .filter(|(uid, _)| !redesignated.contains(uid))
        .collect();
    let expected: BTreeSet<(&str, Fact)> = AMENDED_SINCE_2020
        .iter()
        .flat_map(|(uid, facts, _)| facts.iter().map(move |fact| (*uid, *fact)))
        .collect();
    assert_eq!(differences, expected);
}
