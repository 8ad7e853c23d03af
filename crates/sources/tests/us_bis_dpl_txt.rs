//! The Denied Persons List parser on the `dpl.txt` of July 2019.

mod common;

use std::collections::{BTreeMap, HashSet};

use interdict_model::{Authority, NameKind, PartialDate, Schema};
use interdict_sources::{Context, Format, Parsed, input, us_bis_dpl_txt};

use common::{by_schema, country, entity, names, single_listings};

const FILE: &str = "us_bis_dpl/2019-07/dpl.txt.gz";

/// The file, parsed once for all the tests that read it.
fn parse_file() -> &'static Parsed {
    common::cached(Format::UsBisDplTxt, FILE, "us_bis_dpl")
}

fn date(text: &str) -> Option<PartialDate> {
    PartialDate::parse_iso(text).ok()
}

#[test]
fn reads_every_row() {
    let parsed = parse_file();
    assert_eq!(parsed.meta.published, None);
    // The file has a header and 546 rows (SOURCES.md says 545: the last row
    // has no line break, so `wc -l` counts one line fewer). A party with
    // several addresses is several rows: 546 rows are 416 parties with 539
    // distinct addresses.
    let text = String::from_utf8(common::decompressed(FILE)).unwrap();
    assert_eq!(text.lines().count(), 547);
    assert_eq!(parsed.entities.len(), 416);
    let addresses: usize = parsed.entities.iter().map(|e| e.addresses.len()).sum();
    assert_eq!(addresses, 539);
    let names: usize = parsed.entities.iter().map(|e| e.names.len()).sum();
    assert_eq!(names, 419);

    // A prison address tells a person, a legal form or trade word a firm;
    // the rest could be either.
    assert_eq!(
        by_schema(parsed),
        BTreeMap::from([
            (Schema::Person, 144),
            (Schema::Company, 101),
            (Schema::LegalEntity, 171),
        ])
    );

    let listings = single_listings(parsed);
    assert!(listings.iter().all(|(_, l)| l.authority == Authority::UsBis
        && l.programmes == ["DPL"]
        && l.listed_on.is_some()
        && l.reference.is_some()));
    assert_eq!(
        listings
            .iter()
            .filter(|(_, l)| l.ended_on.is_none())
            .count(),
        45,
        "orders without an expiry date"
    );
    let ids: HashSet<&str> = parsed.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), 416);
}

#[test]
fn warns_only_about_unreadable_values() {
    let parsed = parse_file();
    let warnings: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
    // New Mexico's abbreviation in the Country column.
    assert_eq!(
        warnings,
        ["us_bis_dpl:stephen-edward-smith-2018-04-06: Country \"NM\": not a known country"]
    );
}

#[test]
fn one_name_two_orders() {
    let parsed = parse_file();
    // Incarcerated when the 2003 order was made: a person.
    let ash = entity(parsed, "us_bis_dpl:i-ash-2003-06-19");
    assert_eq!(ash.schema, Schema::Person);
    assert_eq!(ash.caption(), "I. ASH");
    assert_eq!(ash.countries, [country("US")]);
    let listing = &ash.listings[0];
    assert_eq!(
        (listing.listed_on, listing.ended_on),
        (date("2003-06-19"), date("2056-06-29"))
    );
    assert_eq!(
        listing.remarks.as_deref(),
        Some("Standard order\n2007-01-31: FEDERAL REGISTER NOTICE UPDATED")
    );
    // The 2002 order: two addresses in Richardson, Texas.
    let earlier = entity(parsed, "us_bis_dpl:i-ash-2002-03-04");
    assert_eq!(earlier.schema, Schema::LegalEntity);
    assert_eq!(earlier.addresses.len(), 2);
    assert_eq!(earlier.addresses[0].city.as_deref(), Some("RICHARDSON"));
    assert_eq!(earlier.addresses[0].region.as_deref(), Some("TX"));
}

#[test]
fn an_airline_with_four_addresses() {
    let parsed = parse_file();
    let airline = entity(parsed, "us_bis_dpl:al-naser-airlines-2019-06-05");
    assert_eq!(airline.schema, Schema::Company);
    // `AL-NASER  AIRLINES` rows are the same party, written otherwise.
    assert_eq!(
        names(airline),
        [
            ("AL NASER AIRLINES", NameKind::Primary),
            ("AL-NASER AIRLINES", NameKind::Alias)
        ]
    );
    assert_eq!(airline.addresses.len(), 4);
    assert_eq!(
        airline.countries,
        [country("IQ"), country("AE"), country("JO")]
    );
    // The rows cite the order differently; the fullest citation is kept.
    assert!(
        airline.listings[0]
            .reference
            .as_deref()
            .unwrap()
            .contains("81 F.R. 45276 7/13/2016")
    );
}

#[test]
fn aliases_written_in_the_name() {
    let parsed = parse_file();
    let sun = entity(parsed, "us_bis_dpl:fuyi-sun-2018-06-13");
    assert_eq!(sun.schema, Schema::Person);
    assert_eq!(
        names(sun),
        [
            ("FUYI SUN", NameKind::Primary),
            ("FRANK SUN", NameKind::Alias)
        ]
    );
    let pearl = parsed
        .entities
        .iter()
        .find(|e| e.caption() == "PEARL LI")
        .unwrap();
    assert_eq!(pearl.names[1].full, "NEI-CHIEN CHU");
    // `PRC` is China.
    let hu = parsed
        .entities
        .iter()
        .find(|e| e.caption() == "JOHNSON HU")
        .unwrap();
    assert_eq!(hu.countries, [country("CN")]);
}

#[test]
fn a_missing_column_is_an_error_naming_it() {
    let text = String::from_utf8(common::decompressed(FILE))
        .unwrap()
        .replacen("\"Effective_Date\"", "\"Date\"", 1);
    let error = us_bis_dpl_txt::parse(text.as_bytes(), &Context::new("us_bis_dpl", "dpl.txt"))
        .expect_err("a file without an Effective_Date column was accepted");
    assert_eq!(
        error.to_string(),
        "dpl.txt: line 1: missing column \"Effective_Date\""
    );
}

#[test]
fn a_truncated_file_is_an_error_naming_it() {
    // A gzip stream that stops short.
    let bytes = std::fs::read(common::path(FILE)).unwrap();
    common::truncated_error(
        Format::UsBisDplTxt,
        input::from_bytes(&bytes[..bytes.len() / 2]),
        "us_bis_dpl",
        "dpl.txt.gz",
    );

    // A text cut in the middle of a row: the row has too few fields.
    let text = common::decompressed(FILE);
    let middle = text.len() / 2;
    let cut = text[middle..]
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\t')
        .nth(5)
        .map(|(at, _)| middle + at)
        .unwrap();
    let error = common::truncated_error(Format::UsBisDplTxt, &text[..cut], "us_bis_dpl", "dpl.txt");
    assert!(error.to_string().contains("unreadable CSV"), "{error}");
}
