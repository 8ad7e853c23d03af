//! The Chinese counter-sanctions parser on the OpenSanctions CSV of 2026-08.

mod common;

use std::collections::HashSet;

use interdict_model::{Authority, IdKind, NameKind, PartialDate, Schema};
use interdict_sources::{Context, Format, Location, Parsed, cn_sanctions_csv, input};

use common::{country, entity, schemas};

const FILE: &str = "cn_sanctions/opensanctions_2026-08/sanctions.csv.gz";

/// The file, parsed once for all the tests that read it.
fn parse_file() -> &'static Parsed {
    common::cached(Format::CnSanctionsCsv, FILE, "cn_sanctions")
}

#[test]
fn reads_every_designation() {
    let parsed = parse_file();
    assert_eq!(parsed.meta.published, None);
    let listings: Vec<_> = parsed.entities.iter().flat_map(|e| &e.listings).collect();
    assert_eq!(listings.len(), 610, "one listing per row");

    // 610 rows name 457 subjects: 378 company rows are 254 companies, 195
    // person rows 166 people, and the 37 organisations are listed once each.
    assert_eq!(parsed.entities.len(), 457);
    assert_eq!(schemas(parsed, Schema::Company), 254);
    assert_eq!(schemas(parsed, Schema::Person), 166);
    assert_eq!(schemas(parsed, Schema::Organization), 37);
    let ids: HashSet<&str> = parsed.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), 457);

    let names: usize = parsed.entities.iter().map(|e| e.names.len()).sum();
    assert_eq!(names, 927);
    assert!(
        parsed
            .entities
            .iter()
            .all(|e| e.names[0].kind == NameKind::Primary)
    );

    let by = |authority: Authority| listings.iter().filter(|l| l.authority == authority).count();
    assert_eq!(by(Authority::CnMfa), 299);
    assert_eq!(by(Authority::CnMofcom), 273);
    assert_eq!(by(Authority::CnTao), 37);
    assert_eq!(
        by(Authority::Other("cn".into())),
        1,
        "the row with a blank Body"
    );
    assert_eq!(listings.iter().filter(|l| l.listed_on.is_none()).count(), 1);
    let mut ended: Vec<String> = listings
        .iter()
        .filter_map(|l| l.ended_on.map(|d| d.to_string()))
        .collect();
    ended.sort();
    assert_eq!(ended, ["2023-07-13", "2026-04-24", "2026-04-24"]);
    assert!(
        listings
            .iter()
            .filter_map(|l| l.remarks.as_deref())
            .all(|r| !r.lines().any(|line| line.starts_with("ended "))),
        "end dates are no longer written into the remarks"
    );
}

#[test]
fn warns_only_about_unreadable_values() {
    let parsed = parse_file();
    let warnings: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "cn_sanctions:political-and-security-committee-of-the-council-of-the-european-union: country \"EU\": not a known country",
            "cn_sanctions:subcommittee-on-human-rights-of-the-european-parliament: country \"EU\": not a known country",
            "cn_sanctions:alliance-of-democracies-foundation: Body \"\": not a known Chinese authority",
        ]
    );
}

#[test]
fn adrian_zenz() {
    let parsed = parse_file();
    let zenz = entity(parsed, "cn_sanctions:adrian-zenz");
    assert_eq!(zenz.schema, Schema::Person);
    assert_eq!(zenz.caption(), "Adrian Zenz");
    let chinese = zenz.names.iter().find(|n| n.full == "郑国恩").unwrap();
    assert_eq!(
        (chinese.kind, chinese.language.as_deref()),
        (NameKind::Alias, Some("zh"))
    );
    assert_eq!(zenz.countries, [country("DE")]);
    let wikidata = &zenz.identifiers[0];
    assert_eq!(
        (wikidata.kind, wikidata.number.as_str()),
        (IdKind::Other, "Q82831631")
    );
    assert_eq!(wikidata.label.as_deref(), Some("Wikidata"));
    let [listing] = zenz.listings.as_slice() else {
        panic!("one designation");
    };
    assert_eq!(listing.authority, Authority::CnMfa);
    assert_eq!(
        listing.listed_on,
        PartialDate::parse_iso("2021-03-22").ok(),
        "written 22.03.21"
    );
    assert_eq!(
        listing.remarks.as_deref(),
        Some("Academic, Victims of Communism Memorial Foundation")
    );
    assert!(
        listing
            .url
            .as_deref()
            .unwrap()
            .starts_with("https://www.fmprc.gov.cn/")
    );
}

#[test]
fn merics_and_reinhard_butikofer() {
    let parsed = parse_file();
    let merics = entity(
        parsed,
        "cn_sanctions:mercator-institute-for-china-studies-merics",
    );
    assert_eq!(merics.schema, Schema::Organization);
    assert_eq!(
        merics.caption(),
        "Mercator Institute for China Studies (MERICS)"
    );
    assert!(
        merics
            .names
            .iter()
            .any(|n| n.full == "墨卡托中国研究中心" && n.language.as_deref() == Some("zh"))
    );

    let butikofer = entity(parsed, "cn_sanctions:reinhard-bütikofer");
    assert_eq!(butikofer.caption(), "Reinhard Bütikofer");
    assert!(butikofer.names.iter().any(|n| n.full == "彼蒂科菲尔"));
    assert_eq!(
        butikofer.listings[0].listed_on,
        PartialDate::parse_iso("2021-03-22").ok()
    );
}

#[test]
fn groups_the_rows_of_one_subject() {
    let parsed = parse_file();
    // Three rows, one without the Wikidata id.
    let taiclet = entity(parsed, "cn_sanctions:james-donald-taiclet");
    assert_eq!(taiclet.listings.len(), 3);
    let authorities: Vec<_> = taiclet
        .listings
        .iter()
        .map(|l| l.authority.clone())
        .collect();
    assert_eq!(
        authorities,
        [Authority::CnMofcom, Authority::CnMfa, Authority::CnMfa]
    );
    // `Skydio, Inc.` and `Skydio Inc.` are one company, with both spellings.
    let skydio = entity(parsed, "cn_sanctions:skydio-inc");
    assert!(skydio.listings.len() >= 2);
    assert!(skydio.names.iter().any(|n| n.full == "Skydio, Inc."));
    assert!(skydio.names.iter().any(|n| n.full == "Skydio Inc."));
    // A row of the Taiwan Work Office of the CPC Central Committee.
    let hsiao = entity(parsed, "cn_sanctions:bi-khim-hsiao");
    assert!(
        hsiao
            .listings
            .iter()
            .all(|l| l.authority == Authority::CnTao)
    );
}

#[test]
fn a_missing_column_is_an_error_naming_it() {
    let text = String::from_utf8(common::decompressed(FILE))
        .unwrap()
        .replacen(",Name,", ",Nom,", 1);
    let error = cn_sanctions_csv::parse(text.as_bytes(), &Context::new("cn_sanctions", "cn.csv"))
        .expect_err("a file without a Name column was accepted");
    assert_eq!(error.location, Location::Line(1));
    assert_eq!(error.to_string(), "cn.csv: line 1: missing column \"Name\"");
}

#[test]
fn a_truncated_file_is_an_error_naming_it() {
    // Cut the compressed file, not the text: a gzip stream that stops short.
    let bytes = std::fs::read(common::path(FILE)).unwrap();
    let truncated = &bytes[..bytes.len() / 2];
    common::truncated_error(
        Format::CnSanctionsCsv,
        input::from_bytes(truncated),
        "cn_sanctions",
        "cn.csv.gz",
    );
}
