//! The SECO parser on SECO's example file of 2024-01-17 (three test
//! targets) and on a hand-made fixture in the same schema that uses every
//! element the parser reads (`tests/fixtures/ch_seco/full.xml`).

mod common;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;

use interdict_model::{Authority, Gender, IdKind, NameKind, NamePartKind, PartialDate, Schema};
use interdict_sources::{Context, Format, Parsed, ch_seco_xml};

use common::{by_schema, country, dates, entity, names, single_listings};

const EXAMPLE: &str = "ch_seco/example_2024-01-17/seco.xml";

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/ch_seco/full.xml"
);

/// SECO's example file, parsed once for all the tests that read it.
fn example() -> &'static Parsed {
    common::cached(Format::ChSecoXml, EXAMPLE, "ch_seco")
}

fn fixture() -> Parsed {
    let file = File::open(FIXTURE).unwrap_or_else(|e| panic!("{FIXTURE}: {e}"));
    ch_seco_xml::parse(BufReader::new(file), &Context::new("ch_seco", "full.xml"))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn date(text: &str) -> Option<PartialDate> {
    PartialDate::parse_iso(text).ok()
}

#[test]
fn reads_the_example_file() {
    let parsed = example();
    assert_eq!(parsed.meta.published, date("2024-01-17"));
    assert_eq!(parsed.entities.len(), 3);
    assert_eq!(by_schema(parsed), BTreeMap::from([(Schema::Person, 3)]));
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);

    let listings = single_listings(parsed);
    for (_, listing) in &listings {
        assert_eq!(listing.authority, Authority::ChSeco);
        assert_eq!(listing.programmes, ["PPDM"]);
        // The example's modifications carry no dates.
        assert_eq!(listing.listed_on, None);
    }

    let b = entity(parsed, "ch_seco:64398");
    assert_eq!(names(b), [("Test B", NameKind::Primary)]);
    assert_eq!(b.names[0].language.as_deref(), Some("en"));
    assert_eq!(b.gender, Some(Gender::Female));
    assert_eq!(b.nationalities, [country("GB")]);
    assert_eq!(dates(b), ["2025-12-31"]);
    assert_eq!(
        b.listings[0].remarks.as_deref(),
        Some("EXAMPLE: Financial measures, annex 2")
    );

    // Listed under two sanctions sets of one programme.
    let a = entity(parsed, "ch_seco:64393");
    assert_eq!(a.gender, None);
    assert_eq!(a.nationalities, [country("CH")]);
    assert_eq!(dates(a), ["1900-01-01"]);
    assert_eq!(a.listings[0].programmes, ["PPDM"]);
    assert_eq!(
        a.listings[0].remarks.as_deref(),
        Some("EXAMPLE: Financial measures, annex 2\nEXAMPLE: Travel ban, annex 1")
    );
}

#[test]
fn reads_every_target_of_the_fixture() {
    let parsed = fixture();
    assert_eq!(parsed.meta.published, date("2024-03-15"));
    assert_eq!(
        by_schema(&parsed),
        BTreeMap::from([
            (Schema::Person, 2),
            (Schema::Organization, 1),
            (Schema::Vessel, 1),
        ])
    );
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let listings = single_listings(&parsed);
    let programmes: Vec<_> = listings
        .iter()
        .map(|(e, l)| (e.id.as_str(), l.programmes.clone()))
        .collect();
    assert_eq!(
        programmes,
        [
            ("ch_seco:5142", vec!["Belarus".to_owned()]),
            ("ch_seco:5150", vec!["Belarus".to_owned()]),
            ("ch_seco:46130", vec!["Belarus".to_owned()]),
            ("ch_seco:34461", vec!["North Korea".to_owned()]),
        ]
    );
}

#[test]
fn a_person_with_two_identities_and_cyrillic_spellings() {
    let parsed = fixture();
    let person = entity(&parsed, "ch_seco:5142");
    assert_eq!(person.schema, Schema::Person);
    assert_eq!(person.gender, Some(Gender::Male));
    let all: Vec<_> = person
        .names
        .iter()
        .map(|n| (n.full.as_str(), n.kind, n.language.as_deref()))
        .collect();
    assert_eq!(
        all,
        [
            ("Sidarau Ivan Piatrovich", NameKind::Primary, Some("en")),
            ("Сидоров Иван Петрович", NameKind::Alias, Some("ru")),
            ("Сідараў Іван Пятровіч", NameKind::Alias, Some("be")),
            // Only two parts have a Russian Latin spelling; the third keeps
            // its own.
            ("Sidorov Ivan Petrovich", NameKind::Alias, Some("ru")),
            ("Ivan Sidorov", NameKind::Alias, Some("en")),
            ("Vanya", NameKind::WeakAlias, Some("en")),
            ("Petrau Ivan", NameKind::Former, Some("en")),
            // The primary name of the second identity.
            ("Ivan Sidorov-Karimov", NameKind::Alias, Some("en")),
        ]
    );
    let primary = &person.names[0];
    assert_eq!(primary.part(NamePartKind::Family), Some("Sidarau"));
    assert_eq!(primary.part(NamePartKind::Given), Some("Ivan"));
    assert_eq!(primary.part(NamePartKind::Patronymic), Some("Piatrovich"));
    assert_eq!(person.names[1].script.as_deref(), Some("Cyrl"));
    assert_eq!(person.titles, ["Major General"], "kept out of the name");
    assert!(
        !person.names.iter().any(|n| n.full == "Historical Copy"),
        "the copies inside modifications are history"
    );

    assert_eq!(dates(person), ["1968-03-23", "1967~"]);
    assert_eq!(person.nationalities, [country("BY"), country("RU")]);
    assert_eq!(person.birth_places, ["Barysau, Minsk Region, Belarus"]);
    assert_eq!(
        person.addresses[0].full,
        "c/o State Security Committee, pr. Nezavisimosti 17, Minsk, 220030, Belarus"
    );
    assert_eq!(person.phones, ["+375 17 219 92 61"]);

    let documents: Vec<_> = person
        .identifiers
        .iter()
        .map(|i| {
            (
                i.kind,
                i.number.as_str(),
                i.country.map(|c| c.code().to_owned()),
            )
        })
        .collect();
    assert_eq!(
        documents,
        [
            (IdKind::Passport, "MP1234567", Some("BY".to_owned())),
            (IdKind::NationalId, "3230368A012PB8", Some("BY".to_owned())),
            (IdKind::Passport, "DP0012345", Some("RU".to_owned())),
            (IdKind::Other, "EU.1234.56", None),
        ]
    );
    assert_eq!(
        person.identifiers[0].note.as_deref(),
        Some("issued 2016-05-12; expires 2026-05-11")
    );
    assert_eq!(
        person.identifiers[2].note.as_deref(),
        Some("expires 2027-01-31")
    );

    let listing = &person.listings[0];
    assert_eq!(listing.listed_on, date("2020-10-02"));
    assert_eq!(listing.ended_on, None);
    assert_eq!(listing.reference.as_deref(), Some("5142"));
    assert_eq!(
        listing.remarks.as_deref(),
        Some(
            "Deputy chairman of the State Security Committee, responsible for the repression of civil society.\n\
             Listed in connection with the events of August 2020.\n\
             Ordinance of 11 March 2022 on measures in connection with the situation in Belarus: Annex 13\n\
             related to: Eastern Minerals Trading LLC (ch_seco:46130); Member of the supervisory board"
        )
    );
}

#[test]
fn a_de_listed_person() {
    let parsed = fixture();
    let person = entity(&parsed, "ch_seco:5150");
    assert_eq!(person.gender, Some(Gender::Female));
    assert_eq!(
        names(person),
        [
            ("Olena Maria Kovalenko", NameKind::Primary),
            ("Olena Maria Коваленко", NameKind::Alias),
            ("Shevchuk Olena", NameKind::Alias),
        ]
    );
    assert_eq!(person.names[0].part(NamePartKind::Middle), Some("Maria"));
    assert_eq!(person.names[2].part(NamePartKind::Family), Some("Shevchuk"));
    assert_eq!(dates(person), ["1975-07"]);
    assert_eq!(person.birth_places, ["Lviv, Ukraine"]);
    let listing = &person.listings[0];
    assert_eq!(
        (listing.listed_on, listing.ended_on),
        (date("2021-06-22"), date("2023-09-07"))
    );
}

#[test]
fn an_organisation_on_two_annexes() {
    let parsed = fixture();
    let firm = entity(&parsed, "ch_seco:46130");
    assert_eq!(firm.schema, Schema::Organization);
    assert_eq!(
        names(firm),
        [
            ("Eastern Minerals Trading LLC", NameKind::Primary),
            ("ООО Восточная минеральная торговля", NameKind::Alias),
            ("EMT", NameKind::Alias),
            ("Minsk Potash Export", NameKind::Former),
        ]
    );
    assert_eq!(dates(firm), ["2004-04-14"]);
    let addresses: Vec<_> = firm.addresses.iter().map(|a| a.full.as_str()).collect();
    assert_eq!(
        addresses,
        [
            "ul. Kirova 8, P.O. Box 112, Minsk, 220050, Belarus",
            "Marine Parade 20, Singapore, Singapore",
        ]
    );
    assert_eq!(firm.countries, [country("BY"), country("SG")]);
    assert_eq!(firm.websites, ["www.eastern-minerals.example"]);
    assert_eq!(firm.emails, ["info@eastern-minerals.example"]);
    let registration = &firm.identifiers[0];
    assert_eq!(
        (registration.kind, registration.number.as_str()),
        (IdKind::Registration, "100123456")
    );
    let remarks = firm.listings[0].remarks.as_deref().unwrap();
    assert!(remarks.contains("Address: Head office"));
    assert!(remarks.contains("Belarus: Annex 13\nOrdinance"));
    assert!(remarks.contains("Belarus: Annex 14"));
    assert!(remarks.contains("related to: Sidarau Ivan Piatrovich (ch_seco:5142)"));
    // A target the file does not hold.
    assert!(remarks.ends_with("subsidiary of: target 99999"));
}

#[test]
fn a_vessel() {
    let parsed = fixture();
    let vessel = entity(&parsed, "ch_seco:34461");
    assert_eq!(vessel.schema, Schema::Vessel);
    assert_eq!(
        names(vessel),
        [
            ("NORTHERN LIGHT", NameKind::Primary),
            ("OCEAN PEARL", NameKind::Former),
            ("북극광", NameKind::Alias),
        ]
    );
    assert_eq!(vessel.names[2].language.as_deref(), Some("ko"));
    assert_eq!(dates(vessel), ["1998"], "year of build");
    let imo = &vessel.identifiers[0];
    assert_eq!((imo.kind, imo.number.as_str()), (IdKind::Imo, "9354521"));
    assert_eq!(vessel.identifiers[1].number, "KPe.V.01");
    assert_eq!(vessel.vessel.as_ref().unwrap().flag, Some(country("SL")));
    assert_eq!(vessel.listings[0].listed_on, date("2018-04-03"));
}

#[test]
fn broken_files_are_errors_naming_the_file() {
    let error = common::assert_truncated_file_fails(
        Format::ChSecoXml,
        EXAMPLE,
        "ch_seco",
        "seco-truncated.xml",
    );
    assert!(error.to_string().contains("truncated"), "{error}");

    let text = std::fs::read_to_string(FIXTURE).unwrap();
    let cut = &text.as_bytes()[..text.len() / 3];
    common::truncated_error(Format::ChSecoXml, cut, "ch_seco", "full.xml");

    let without_subject = text
        .replacen("<object object-type=\"vessel\">", "<thing>", 1)
        .replacen("</object>", "</thing>", 1);
    let error = ch_seco_xml::parse(
        without_subject.as_bytes(),
        &Context::new("ch_seco", "full.xml"),
    )
    .expect_err("a target without a subject was accepted");
    assert_eq!(
        error.to_string(),
        "full.xml: record 4 (34461): target has no individual, entity or object"
    );
}

#[test]
fn unknown_references_are_reported() {
    // Without its places and programmes (as in an amendment file that
    // refers to them), what the targets point to is kept and reported.
    let text = std::fs::read_to_string(FIXTURE).unwrap();
    let targets_only = text.replace("<place ssid=\"29492\">", "<place ssid=\"moved\">");
    let parsed = ch_seco_xml::parse(
        targets_only.as_bytes(),
        &Context::new("ch_seco", "full.xml"),
    )
    .unwrap();
    let warnings: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "ch_seco:5142: place-id \"29492\": no place has this ssid",
            "ch_seco:46130: place-id \"29492\": no place has this ssid",
        ]
    );
    let person = entity(&parsed, "ch_seco:5142");
    assert_eq!(
        person.addresses[0].full,
        "c/o State Security Committee, pr. Nezavisimosti 17, 220030"
    );
}
