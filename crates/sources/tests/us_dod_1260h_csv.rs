//! The DoD Section 1260H parser on the OpenSanctions CSV of 2026-08.

mod common;

use std::collections::{BTreeMap, HashSet};

use interdict_model::{Authority, Country, NameKind, PartialDate, Schema};
use interdict_sources::{Context, Format, Location, Parsed, input, us_dod_1260h_csv};

use common::{by_schema, entity, name_count, names};

const FILE: &str = "us_dod_1260h/opensanctions_2026-08/sanctions.csv.gz";

/// The file, parsed once for all the tests that read it.
fn parse_file() -> &'static Parsed {
    common::cached(Format::UsDod1260hCsv, FILE, "us_dod_1260h")
}

fn date(text: &str) -> Option<PartialDate> {
    PartialDate::parse_iso(text).ok()
}

#[test]
fn reads_every_row() {
    let parsed = parse_file();
    assert_eq!(parsed.meta.published, None);
    let listings: Vec<_> = parsed.entities.iter().flat_map(|e| &e.listings).collect();
    assert_eq!(listings.len(), 397, "one listing per row");

    // 397 rows are the editions of 2021 to 2026 of the list: 224 companies,
    // 108 in one edition, 59 in two and 57 in three.
    assert_eq!(parsed.entities.len(), 224);
    assert_eq!(by_schema(parsed), BTreeMap::from([(Schema::Company, 224)]));
    let ids: HashSet<&str> = parsed.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), 224);
    let mut editions: BTreeMap<usize, usize> = BTreeMap::new();
    for entity in &parsed.entities {
        *editions.entry(entity.listings.len()).or_default() += 1;
        assert_eq!(entity.names[0].kind, NameKind::Primary);
    }
    assert_eq!(editions, BTreeMap::from([(1, 108), (2, 59), (3, 57)]));

    assert_eq!(name_count(parsed, NameKind::Primary), 224);
    assert_eq!(name_count(parsed, NameKind::Alias), 125);
    assert_eq!(name_count(parsed, NameKind::Former), 7);

    assert!(
        listings
            .iter()
            .all(|l| l.authority == Authority::UsDod && l.programmes == ["Section 1260H"])
    );
    let mut listed: BTreeMap<String, usize> = BTreeMap::new();
    for listing in &listings {
        *listed
            .entry(listing.listed_on.map(|d| d.to_string()).unwrap_or_default())
            .or_default() += 1;
    }
    assert_eq!(
        listed,
        BTreeMap::from([
            ("2021-06-03".to_owned(), 47),
            ("2022-10-05".to_owned(), 13),
            ("2024-01-31".to_owned(), 16),
            ("2025-01-07".to_owned(), 133),
            ("2026-06-08".to_owned(), 188),
        ])
    );
    assert_eq!(listings.iter().filter(|l| l.ended_on.is_some()).count(), 21);
    assert_eq!(listings.iter().filter(|l| l.url.is_some()).count(), 321);
    assert_eq!(listings.iter().filter(|l| l.remarks.is_some()).count(), 281);
}

/// The list is by law one of Chinese military companies: each of the 224
/// has China as its country, once, and no nationality.
#[test]
fn every_company_is_chinese() {
    let parsed = parse_file();
    let china = Country::from_alpha2("CN").unwrap();
    let chinese = parsed
        .entities
        .iter()
        .filter(|e| e.countries == [china] && e.nationalities.is_empty())
        .count();
    assert_eq!(chinese, parsed.entities.len());
    assert_eq!(chinese, 224);
}

#[test]
fn has_nothing_to_warn_about() {
    assert!(
        parse_file().warnings.is_empty(),
        "{:?}",
        parse_file().warnings
    );
}

#[test]
fn huawei_in_three_editions() {
    let parsed = parse_file();
    let huawei = entity(parsed, "us_dod_1260h:huawei-technologies-co-ltd");
    assert_eq!(huawei.schema, Schema::Company);
    assert_eq!(
        names(huawei),
        [
            ("Huawei Technologies Co., Ltd.", NameKind::Primary),
            ("Huawei", NameKind::Alias)
        ]
    );
    let dates: Vec<_> = huawei.listings.iter().map(|l| l.listed_on).collect();
    assert_eq!(
        dates,
        [date("2021-06-03"), date("2025-01-07"), date("2026-06-08")]
    );
    assert_eq!(
        huawei.listings[0].remarks.as_deref(),
        Some("Parent: Huawei Investment & Holding Co., Ltd.")
    );
    assert!(
        huawei.listings[2]
            .url
            .as_deref()
            .unwrap()
            .starts_with("https://media.defense.gov/2026/")
    );
}

#[test]
fn dji_megvii_and_renamed_companies() {
    let parsed = parse_file();
    let dji = entity(
        parsed,
        "us_dod_1260h:shenzhen-dji-innovation-technology-co-ltd",
    );
    assert!(dji.names.iter().any(|n| n.full == "DJI"));
    assert_eq!(dji.listings.len(), 2);
    // The 2026 edition names it Shenzhen DJI Technology Co., Ltd., with the
    // Department's reasons.
    let dji_2026 = entity(parsed, "us_dod_1260h:shenzhen-dji-technology-co-ltd");
    assert!(
        dji_2026.listings[0]
            .remarks
            .as_deref()
            .unwrap()
            .starts_with("DJI is indirectly affiliated with SASAC")
    );

    // Removed from the list in 2025.
    let megvii = entity(parsed, "us_dod_1260h:beijing-megvii-technology-co-ltd");
    let listing = &megvii.listings[0];
    assert_eq!(
        (listing.listed_on, listing.ended_on),
        (date("2024-01-31"), date("2025-01-07"))
    );

    // Two aliases in one cell, joined by a bare comma.
    let knownsec = entity(
        parsed,
        "us_dod_1260h:beijing-zhidao-chuangyu-information-technology-co-ltd",
    );
    assert!(knownsec.names.iter().any(|n| n.full == "Knownsec"));
    assert!(knownsec.names.iter().any(|n| n.full == "Beijing Kownsec"));

    let chengdu = entity(parsed, "us_dod_1260h:avic-chengdu-aircraft-co-ltd");
    assert_eq!(
        names(chengdu),
        [
            ("AVIC Chengdu Aircraft Co., Ltd.", NameKind::Primary),
            (
                "Zhonghang Electronic Measuring Instruments Company Limited",
                NameKind::Former
            ),
            ("ZEMIC", NameKind::Former),
        ]
    );

    // A 2025 row keeps the abbreviation in its clean name; it is still the
    // company of 2021.
    let ch_uav = entity(parsed, "us_dod_1260h:aerospace-ch-uav-co-ltd");
    assert_eq!(ch_uav.listings.len(), 3);
    assert!(ch_uav.names.iter().any(|n| n.full == "S-SEA"));
}

#[test]
fn a_missing_column_is_an_error_naming_it() {
    let text = String::from_utf8(common::decompressed(FILE))
        .unwrap()
        .replacen("Clean Name", "Short Name", 1);
    let error = us_dod_1260h_csv::parse(text.as_bytes(), &Context::new("us_dod_1260h", "dod.csv"))
        .expect_err("a file without a Clean Name column was accepted");
    assert_eq!(error.location, Location::Line(1));
    assert_eq!(
        error.to_string(),
        "dod.csv: line 1: missing column \"Clean Name\""
    );
}

#[test]
fn a_truncated_file_is_an_error_naming_it() {
    let bytes = std::fs::read(common::path(FILE)).unwrap();
    common::truncated_error(
        Format::UsDod1260hCsv,
        input::from_bytes(&bytes[..bytes.len() / 2]),
        "us_dod_1260h",
        "dod.csv.gz",
    );
}
