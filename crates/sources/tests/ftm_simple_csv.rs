//! The `targets.simple.csv` parser on OpenSanctions' export of the
//! Ukrainian "War and Sanctions" dataset (2026-03).

mod common;

use std::collections::BTreeMap;

use interdict_model::{Authority, IdKind, NameKind, Schema};
use interdict_sources::{Context, Format, Location, Parsed};

use common::{by_schema, country, dates, entity, name_count};

const FILE: &str = "opensanctions_ftm/ua_war_sanctions_targets.simple.csv.gz";

fn parse_file() -> &'static Parsed {
    common::cached(Format::FtmSimpleCsv, FILE, "ua_war")
}

#[test]
fn reads_every_target() {
    let parsed = parse_file();
    assert_eq!(parsed.entities.len(), 5600);
    assert_eq!(
        by_schema(parsed),
        BTreeMap::from([
            (Schema::Person, 1543),
            (Schema::Company, 1524),
            (Schema::LegalEntity, 1193),
            (Schema::Vessel, 1340),
        ])
    );
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert_eq!(name_count(parsed, NameKind::Primary), 5600);
    assert_eq!(name_count(parsed, NameKind::Alias), 7730);

    let with = |test: &dyn Fn(&interdict_model::Entity) -> bool| {
        parsed.entities.iter().filter(|e| test(e)).count()
    };
    assert_eq!(with(&|e| !e.birth_dates.is_empty()), 1489);
    assert_eq!(with(&|e| e.birth_dates.len() == 2), 2);
    let identifiers = |kind: IdKind| {
        parsed
            .entities
            .iter()
            .flat_map(|e| &e.identifiers)
            .filter(|i| i.kind == kind)
            .count()
    };
    assert_eq!(identifiers(IdKind::Imo), 2852);
    assert_eq!(identifiers(IdKind::Other), 5891);
    let addresses: usize = parsed.entities.iter().map(|e| e.addresses.len()).sum();
    assert_eq!(addresses, 1322);
    let countries: usize = parsed.entities.iter().map(|e| e.countries.len()).sum();
    assert_eq!(countries, 8410);

    // One dataset, so one listing each, with the programmes and reasons.
    assert!(parsed.entities.iter().all(|e| matches!(
        e.listings.as_slice(),
        [l] if l.source == "ua_war_sanctions"
            && l.authority == Authority::Other("ua_war_sanctions".into())
    )));
    let listings = || parsed.entities.iter().flat_map(|e| &e.listings);
    assert_eq!(
        listings().filter(|l| !l.programmes.is_empty()).count(),
        4171
    );
    assert_eq!(listings().filter(|l| l.remarks.is_some()).count(), 2334);
}

#[test]
fn a_person_with_names_in_two_scripts() {
    let person = entity(parse_file(), "ua_war:NK-29njFUEpfdb6449xarJxnw");
    assert_eq!(person.schema, Schema::Person);
    let names: Vec<_> = person
        .names
        .iter()
        .map(|n| (n.full.as_str(), n.kind, n.script.as_deref()))
        .collect();
    assert_eq!(
        names,
        [
            (
                "SIVOZHELEZOV Ignat Vladimirovich",
                NameKind::Primary,
                Some("Latn")
            ),
            (
                "СИВОЖЕЛЄЗОВ Гнат Володимирович",
                NameKind::Alias,
                Some("Cyrl")
            ),
            (
                "СИВОЖЕЛЕЗОВ Игнат Владимирович",
                NameKind::Alias,
                Some("Cyrl")
            ),
        ]
    );
    assert_eq!(dates(person), ["1987-08-01"]);
    assert_eq!(person.identifiers[0].number, "560913574494");
    let listing = &person.listings[0];
    assert_eq!(listing.programmes, ["UA-WS-STEALERS"]);
    assert_eq!(
        listing.remarks.as_deref(),
        Some(
            "He was involved in illegal archaeological excavations in 2017 on the temporarily occupied territory of the Autonomous Republic of Crimea and the city of Sevastopol, namely: \"Frontovoye 4 settlement\""
        ),
        "the quotes of the value inside the cell are undone"
    );
}

#[test]
fn a_vessel_with_its_flags_and_imo_number() {
    let ship = entity(parse_file(), "ua_war:NK-24cf2zYe7LEKhr2zFck73j");
    assert_eq!(ship.schema, Schema::Vessel);
    assert_eq!(ship.caption(), "ROSALIN");
    let aliases: Vec<&str> = ship.names[1..].iter().map(|n| n.full.as_str()).collect();
    assert_eq!(aliases, ["Ceram Sea", "Gold Sun", "Nurkez"]);
    assert_eq!(
        ship.countries,
        [country("LR"), country("PA"), country("SG"), country("ST")]
    );
    let imo = &ship.identifiers[0];
    assert_eq!((imo.kind, imo.number.as_str()), (IdKind::Imo, "9253325"));
    assert_eq!(ship.listings[0].programmes, ["UA-WS-MARE"]);
    assert_eq!(ship.listings[0].remarks, None, "a sanction with no text");
}

#[test]
fn two_dates_of_birth() {
    let person = entity(parse_file(), "ua_war:ua-ws-person-36253");
    assert_eq!(dates(person), ["1966-12-21", "1967-01-12"]);
}

#[test]
fn malformed_files_are_errors() {
    common::assert_truncated_file_fails(Format::FtmSimpleCsv, FILE, "ua_war", "targets.csv");

    let bytes = common::decompressed(FILE);
    let text = String::from_utf8(bytes).unwrap();
    let mut lines: Vec<&str> = text.lines().take(5).collect();
    lines[3] = "\"x\",\"Person\",\"A\"";
    let short = lines.join("\n");
    let Err(error) =
        Format::FtmSimpleCsv.parse(short.as_bytes(), &Context::new("ua_war", "targets.csv"))
    else {
        panic!("accepted a short row");
    };
    assert_eq!(error.location, Location::Line(4));
    assert!(
        error
            .to_string()
            .starts_with("targets.csv: line 4: unreadable CSV"),
        "{error}"
    );

    let mut invalid = text
        .lines()
        .take(3)
        .collect::<Vec<_>>()
        .join("\n")
        .into_bytes();
    let at = invalid.iter().rposition(|&b| b == b'N').unwrap();
    invalid[at] = 0xff;
    let Err(error) =
        Format::FtmSimpleCsv.parse(&invalid[..], &Context::new("ua_war", "targets.csv"))
    else {
        panic!("accepted invalid UTF-8");
    };
    assert_eq!(error.location, Location::Line(3));

    let Err(error) = Format::FtmSimpleCsv.parse(
        "id,name,aliases\n1,A,\n".as_bytes(),
        &Context::new("ua_war", "targets.csv"),
    ) else {
        panic!("accepted a file without a schema column");
    };
    assert!(error.to_string().contains("missing column \"schema\""));
}
