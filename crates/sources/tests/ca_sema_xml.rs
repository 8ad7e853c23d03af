//! The Canadian SEMA parser on the real lists of 2025-05 and 2020-04.

mod common;

use std::collections::HashSet;

use interdict_model::{Authority, IdKind, NameKind, PartialDate, Schema};
use interdict_sources::{Format, Parsed};

use common::{country, entity, name_count, schemas};

const FILE_2025: &str = "ca_sema/2025-05/sema-lmes.xml.gz";
const FILE_2020: &str = "ca_sema/2020-04/sema-lmes.xml.gz";

fn parse_file(list: &str) -> Parsed {
    common::load(Format::CaSemaXml, list, "ca_sema")
}

/// The 2025 list, parsed once for all the tests that read it.
fn list_2025() -> &'static Parsed {
    common::cached(Format::CaSemaXml, FILE_2025, "ca_sema")
}

#[test]
fn reads_every_record_of_2025() {
    let parsed = list_2025();
    assert_eq!(parsed.meta.published, None, "the file states no date");
    assert_eq!(parsed.entities.len(), 4_759);
    assert_eq!(schemas(parsed, Schema::Person), 3_334);
    assert_eq!(schemas(parsed, Schema::Organization), 1_316);
    assert_eq!(schemas(parsed, Schema::Vessel), 109);

    // Regime, schedule and item identify every record: no two share an id.
    let ids: HashSet<&str> = parsed.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), 4_759);

    assert_eq!(name_count(parsed, NameKind::Primary), 4_759);
    assert_eq!(name_count(parsed, NameKind::Alias), 3_638);
    assert_eq!(
        name_count(parsed, NameKind::WeakAlias),
        25,
        "nicknames such as Batya and Givi"
    );
    let languages = |code: &str| {
        parsed
            .entities
            .iter()
            .flat_map(|e| &e.names)
            .filter(|n| n.language.as_deref() == Some(code))
            .count()
    };
    assert_eq!(
        (languages("be"), languages("ru"), languages("ar")),
        (32, 46, 19)
    );

    // Only the three thematic regimes name no country.
    let without_country: HashSet<&str> = parsed
        .entities
        .iter()
        .filter(|e| e.countries.is_empty())
        .map(|e| e.listings[0].programmes[0].as_str())
        .collect();
    assert_eq!(
        without_country,
        HashSet::from([
            "Extremist Settler Violence",
            "Hamas Terrorist Attacks",
            "Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR)",
        ])
    );
    assert!(
        parsed
            .entities
            .iter()
            .all(|e| e.listings[0].listed_on.is_some())
    );
}

#[test]
fn warns_only_about_unreadable_dates() {
    let parsed = list_2025();
    let warnings: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "ca_sema:russia-1-part-1-item-1114: birth_date \"Sep-99\": no four-digit year",
            "ca_sema:sudan-part-1-item-1: birth_date \"born in the early 1970s\": unrecognised word",
        ]
    );
    assert!(parse_file(FILE_2020).warnings.is_empty());
}

#[test]
fn china_regime() {
    let parsed = list_2025();
    let cn = country("CN");

    let zhu = entity(parsed, "ca_sema:china-part-1-item-1");
    assert_eq!(zhu.schema, Schema::Person);
    assert_eq!(zhu.caption(), "Hailun Zhu");
    assert_eq!(zhu.countries, [cn]);
    let listing = &zhu.listings[0];
    assert_eq!(listing.authority, Authority::CaGac);
    assert_eq!(listing.programmes, ["China"]);
    assert_eq!(listing.listed_on, PartialDate::parse_iso("2021-03-21").ok());
    assert_eq!(
        listing.reference.as_deref(),
        Some("Schedule Part 1, Item 1")
    );

    let chen = entity(parsed, "ca_sema:china-part-1-item-5");
    assert_eq!(chen.caption(), "Quanguo Chen");
    assert_eq!(chen.birth_dates.len(), 1);
    assert_eq!(chen.birth_dates[0].to_string(), "1955-11");
    assert_eq!(
        chen.listings[0].listed_on,
        PartialDate::parse_iso("2024-12-09").ok()
    );
}

#[test]
fn belarusian_and_russian_aliases() {
    let parsed = list_2025();
    let lukashenko = entity(parsed, "ca_sema:belarus-1-part-1-item-120");
    let names: Vec<_> = lukashenko
        .names
        .iter()
        .map(|n| (n.full.as_str(), n.kind, n.language.as_deref()))
        .collect();
    assert_eq!(
        names,
        [
            ("Nikolai Aleksandrovich LUKASHENKO", NameKind::Primary, None),
            ("Mikalay Alyaksandravich Lukashenka", NameKind::Alias, None),
            ("Kolya Lukashenko", NameKind::Alias, None),
            (
                "Мікалай Аляксандравіч Лукашэнка",
                NameKind::Alias,
                Some("be")
            ),
            (
                "Николай Александрович Лукашенко",
                NameKind::Alias,
                Some("ru")
            ),
            ("Коля Лукашенко", NameKind::Alias, Some("ru")),
        ]
    );
    assert_eq!(lukashenko.birth_dates[0].to_string(), "2004-08-31");
    assert_eq!(lukashenko.countries, [country("BY")]);
}

#[test]
fn a_ship() {
    let parsed = list_2025();
    let ship = entity(parsed, "ca_sema:russia-1-1-item-7");
    assert_eq!(ship.schema, Schema::Vessel);
    assert_eq!(ship.caption(), "Lady R");
    assert_eq!(ship.identifiers.len(), 1);
    assert_eq!(
        (
            ship.identifiers[0].kind,
            ship.identifiers[0].number.as_str()
        ),
        (IdKind::Imo, "9161003")
    );
    let vessel = ship.vessel.as_ref().unwrap();
    assert_eq!(vessel.vessel_type.as_deref(), Some("Ro-Ro Cargo"));
    assert_eq!(ship.birth_dates[0].to_string(), "2004", "built in");
    let with_imo = parsed
        .entities
        .iter()
        .filter(|e| e.identifiers.iter().any(|i| i.kind == IdKind::Imo))
        .count();
    assert_eq!(with_imo, 109);
}

#[test]
fn reads_every_record_of_2020() {
    let parsed = &parse_file(FILE_2020);
    assert_eq!(parsed.entities.len(), 1_369);
    assert_eq!(schemas(parsed, Schema::Person), 985);
    assert_eq!(schemas(parsed, Schema::Organization), 384);
    let ids: HashSet<&str> = parsed.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), 1_369);
    let total: usize = parsed.entities.iter().map(|e| e.names.len()).sum();
    assert_eq!(total, 1_529);
    // The 2020 file has no DateOfListing.
    assert!(
        parsed
            .entities
            .iter()
            .all(|e| e.listings[0].listed_on.is_none())
    );
    let bagan = entity(parsed, "ca_sema:burma-1-item-1");
    assert_eq!(bagan.caption(), "Air Bagan");
    assert_eq!(bagan.names.len(), 3);
}

#[test]
fn a_truncated_file_is_an_error_naming_it() {
    let bytes = common::decompressed(FILE_2025);
    let truncated = &bytes[..bytes.len() / 3];
    let error = common::truncated_error(
        Format::CaSemaXml,
        truncated,
        "ca_sema",
        "sema-truncated.xml",
    );
    assert!(error.to_string().contains("truncated"), "{error}");
}
