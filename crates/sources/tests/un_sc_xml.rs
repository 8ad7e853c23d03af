//! The UN Security Council consolidated list parser on the real lists in
//! `shared/data`.

mod common;

use std::collections::BTreeMap;

use interdict_model::{Authority, Entity, Gender, IdKind, NameKind, PartialDate, Schema};
use interdict_sources::{Format, Parsed};

use common::{by_schema, country, dates, entity, warnings_by_field};

const LIST_2026: &str = "un_sc/2026-02-27/consolidated.xml.gz";
const LIST_2024: &str = "un_sc/2024-05-15/un_consolidated.xml.gz";

fn load(list: &str) -> Parsed {
    common::load(Format::UnScXml, list, "un_sc")
}

fn listed_on(entity: &Entity) -> Option<String> {
    entity.listings[0].listed_on.map(|d| d.to_string())
}

/// What holds for every entity of every UN file.
fn check_invariants(parsed: &Parsed) {
    for (entity, listing) in common::single_listings(parsed) {
        assert_eq!(listing.authority, Authority::UnSc);
        assert_eq!(listing.programmes.len(), 1, "{}", entity.id);
        assert!(
            listing.listed_on.is_some(),
            "{} has no listing date",
            entity.id
        );
        assert_eq!(
            listing
                .reference
                .as_ref()
                .map(|r| format!("un_sc:{r}"))
                .as_ref(),
            Some(&entity.id)
        );
        for name in &entity.names {
            assert!(
                !name.full.contains(['\n', ';']),
                "{}: {:?}",
                entity.id,
                name.full
            );
        }
    }
}

#[test]
fn list_2026_02_27() {
    let parsed = load(LIST_2026);
    assert_eq!(
        parsed.meta.published,
        PartialDate::new(2026, Some(2), Some(27)).ok()
    );
    assert_eq!(parsed.entities.len(), 1_003);
    assert_eq!(
        by_schema(&parsed),
        BTreeMap::from([(Schema::Person, 730), (Schema::Organization, 273)])
    );
    check_invariants(&parsed);
    // Documents whose number is only in free text (14); "30-35 years old", a
    // Hijri date and "Between Aug. and Sep. 1977"; and "former Soviet Union".
    assert_eq!(
        warnings_by_field(&parsed),
        BTreeMap::from([("birth_date", 3), ("identifier", 14), ("nationality", 1)])
    );
}

#[test]
fn list_2024_05_15() {
    let parsed = load(LIST_2024);
    assert_eq!(
        parsed.meta.published,
        PartialDate::new(2024, Some(5), Some(15)).ok()
    );
    assert_eq!(parsed.entities.len(), 875);
    assert_eq!(
        by_schema(&parsed),
        BTreeMap::from([(Schema::Person, 682), (Schema::Organization, 193)])
    );
    check_invariants(&parsed);
    assert_eq!(
        warnings_by_field(&parsed),
        BTreeMap::from([("birth_date", 2), ("identifier", 17), ("nationality", 1)])
    );

    let saddam = entity(&parsed, "un_sc:IQi.001");
    assert_eq!(dates(saddam), ["1937-04-28"]);
    assert_eq!(saddam.nationalities, [country("IQ")]);
}

#[test]
fn people() {
    let parsed = load(LIST_2026);

    let saddam = entity(&parsed, "un_sc:IQi.001");
    assert_eq!(saddam.caption(), "SADDAM HUSSEIN AL-TIKRITI");
    assert_eq!(saddam.names[0].parts.len(), 3);
    let original = &saddam.names[1];
    assert_eq!(original.full, "صدام حسين التكريتي");
    assert_eq!(
        (original.kind, original.script.as_deref()),
        (NameKind::Alias, Some("Arab"))
    );
    assert_eq!(saddam.names[2].full, "Abu Ali");
    assert_eq!(saddam.names[2].kind, NameKind::WeakAlias);
    assert_eq!(dates(saddam), ["1937-04-28"]);
    assert_eq!(saddam.birth_places, ["al-Awja, near Tikrit, Iraq"]);
    assert_eq!(saddam.nationalities, [country("IQ")]);
    assert_eq!(saddam.listings[0].programmes, ["Iraq"]);
    assert_eq!(listed_on(saddam).as_deref(), Some("2003-06-27"));

    let anwari = entity(&parsed, "un_sc:TAi.005");
    assert_eq!(dates(anwari), ["1961~"]);
    assert!(anwari.birth_dates[0].is_approximate());
    assert_eq!(anwari.titles, ["Mullah"]);
    assert_eq!(
        anwari.positions,
        [
            "a) Director of Administrative Affairs under the Taliban regime",
            "Minister of Finance under the Taliban regime",
        ]
    );
    assert_eq!(
        anwari.birth_places,
        ["Zurmat District, Paktia Province, Afghanistan"]
    );
    assert_eq!(anwari.names[1].full, "محمد طاهر أنوري");

    let mazloom = entity(&parsed, "un_sc:TAi.023");
    assert_eq!(dates(mazloom), ["1963/1968"]);
    assert_eq!(mazloom.addresses[0].country, Some(country("QA")));

    // An alias's own date of birth is one of the person's.
    let jang = entity(&parsed, "un_sc:KPi.016");
    assert_eq!(dates(jang), ["1957-04-15", "1958-02-22"]);
    assert_eq!(
        jang.positions,
        ["Tanchon Commercial Bank Representative in Syria"]
    );
    assert_eq!(jang.nationalities, [country("KP")]);

    let camara = entity(&parsed, "un_sc:GBi.001");
    assert_eq!(camara.gender, Some(Gender::Male));
    assert_eq!(listed_on(camara).as_deref(), Some("2012-05-18"));
    let passport = camara
        .identifiers
        .iter()
        .find(|id| id.number == "AAID00437")
        .unwrap();
    assert_eq!(passport.kind, IdKind::Passport);
    assert_eq!(passport.country, Some(country("GW")));
    assert_eq!(
        passport.note.as_deref(),
        Some("issued 2010-02-18; Expiration date 18 Feb. 2013")
    );

    let essabar = entity(&parsed, "un_sc:QDi.083");
    let id_card = essabar
        .identifiers
        .iter()
        .find(|id| id.number == "E-189935")
        .unwrap();
    assert_eq!(id_card.kind, IdKind::NationalId);
    assert_eq!(id_card.country, Some(country("MA")));
    assert_eq!(
        id_card.label.as_deref(),
        Some("National Identification Number (National Identity number)")
    );

    // A LISTED_ON with a time zone.
    assert_eq!(
        listed_on(entity(&parsed, "un_sc:SSi.001")).as_deref(),
        Some("2015-07-01")
    );
}

#[test]
fn organisations() {
    let parsed = load(LIST_2026);
    let komid = entity(&parsed, "un_sc:KPe.001");
    assert_eq!(komid.schema, Schema::Organization);
    assert_eq!(
        komid.caption(),
        "KOREA MINING DEVELOPMENT TRADING CORPORATION"
    );
    assert!(komid.names[0].parts.is_empty());
    assert_eq!(komid.names.len(), 5);
    assert!(komid.names[1..].iter().all(|n| n.kind == NameKind::Alias));
    assert_eq!(
        komid.addresses[0].full,
        "Central District, Pyongyang, Democratic People's Republic of Korea"
    );
    assert_eq!(komid.countries, [country("KP")]);
    assert_eq!(listed_on(komid).as_deref(), Some("2009-04-24"));

    let lakes = entity(&parsed, "un_sc:CDe.003");
    assert_eq!(lakes.caption(), "COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)");
    assert_eq!(lakes.names[1].full, "GREAT LAKES BUSINESS COMPANY (GLBC)");

    let former = parsed
        .entities
        .iter()
        .flat_map(|e| &e.names)
        .filter(|n| n.kind == NameKind::Former)
        .count();
    assert_eq!(former, 19);
}

#[test]
fn a_truncated_file_is_an_error_naming_it() {
    let error = common::assert_truncated_file_fails(
        Format::UnScXml,
        LIST_2026,
        "un_sc",
        "consolidated.xml (cut)",
    );
    assert!(
        error
            .to_string()
            .starts_with("consolidated.xml (cut): byte "),
        "{error}"
    );
}
