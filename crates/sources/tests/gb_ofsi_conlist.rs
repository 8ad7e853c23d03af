//! The OFSI consolidated list parser on the real lists in `shared/data`: the
//! workbooks of 2025-04-14 and 2023-06-05 and the 2016 CSV excerpt.

mod common;

use std::collections::{BTreeMap, HashSet};

use calamine::{Data, Reader, Xlsx, open_workbook};
use interdict_model::{Authority, Gender, IdKind, NameKind, PartialDate, Schema};
use interdict_sources::{Context, Format, Location, Parsed, gb_ofsi_conlist, input};

use common::{by_schema, country, dates, entity, names};

const LIST_2025: &str = "gb_ofsi/2025-04-14/ConList.xlsx";
const LIST_2023: &str = "gb_ofsi/2023-06-05/ConList.xlsx";
const LIST_2016: &str = "gb_ofsi/2016-02-12_excerpt/data.csv.gz";

fn load(list: &str) -> &'static Parsed {
    common::cached(Format::GbOfsiConlist, list, "gb_ofsi")
}

/// The Group IDs of a workbook's name rows (every row after the header),
/// read independently of the parser.
fn workbook_group_ids(list: &str) -> Vec<String> {
    let path = common::path(list);
    let mut workbook: Xlsx<_> = open_workbook(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let range = workbook
        .worksheet_range("Data")
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut rows = range.rows().skip(1);
    let header = rows.next().unwrap_or_default();
    let column = header
        .iter()
        .position(|cell| matches!(cell, Data::String(text) if text == "Group ID"))
        .unwrap_or_else(|| panic!("{path}: no Group ID column"));
    rows.map(|row| row.get(column).map(ToString::to_string).unwrap_or_default())
        .collect()
}

/// What holds for every entity of every OFSI file.
fn check_invariants(parsed: &Parsed) {
    let mut ids = HashSet::new();
    for entity in &parsed.entities {
        assert!(ids.insert(entity.id.as_str()), "{} twice", entity.id);
        assert_eq!(entity.names[0].kind, NameKind::Primary, "{}", entity.id);
        assert!(!entity.listings.is_empty(), "{}", entity.id);
        for listing in &entity.listings {
            assert_eq!(listing.authority, Authority::GbOfsi);
            assert_eq!(listing.programmes.len(), 1, "{}", entity.id);
            assert!(listing.listed_on.is_some(), "{}", entity.id);
        }
        let mut texts = HashSet::new();
        for name in &entity.names {
            assert!(
                texts.insert(&name.full),
                "{}: {:?} twice",
                entity.id,
                name.full
            );
        }
    }
}

fn warnings(parsed: &Parsed) -> Vec<String> {
    parsed.warnings.iter().map(ToString::to_string).collect()
}

#[test]
fn list_2025_04_14() {
    let parsed = load(LIST_2025);
    assert_eq!(
        parsed.meta.published,
        PartialDate::parse_iso("2025-04-14").ok()
    );

    let rows = workbook_group_ids(LIST_2025);
    assert_eq!(rows.len(), 18_798, "name rows");
    let groups: HashSet<&String> = rows.iter().collect();
    assert_eq!(groups.len(), 4_688);
    assert_eq!(parsed.entities.len(), 4_688, "one entity per Group ID");
    assert_eq!(
        by_schema(parsed),
        BTreeMap::from([
            (Schema::Person, 3_663),
            (Schema::Organization, 1_010),
            (Schema::Vessel, 15),
        ])
    );
    let listings: usize = parsed.entities.iter().map(|e| e.listings.len()).sum();
    assert_eq!(
        listings, 4_704,
        "14 subjects are listed under two regimes and one under three"
    );
    check_invariants(parsed);

    // Each one genuinely unreadable: a script given as a language, documents
    // without a number, a postcode and a city in the Country column,
    // websites in the e-mail column, and misspelt countries.
    assert_eq!(
        warnings(parsed),
        [
            "gb_ofsi:14979: Non-Latin Script Language \"Cyrillic\": not a known language",
            "gb_ofsi:7860: identifier \"Algerian birth certificate. Issued for Djamel Mostefa, born on 25 September 1973 in Mehdia, Tiaret province, Algeria.\": a document without a number",
            "gb_ofsi:16677: country \"115088\": not a known country",
            "gb_ofsi:15881: country \"Moscow\": not a known country",
            "gb_ofsi:13741: identifier \"Iranian\": a document without a number",
            "gb_ofsi:12269: Email address \"www.surena gc.com\": not an e-mail address",
            "gb_ofsi:15661: nationality \"Repubic of Moldova\": not a known country",
            "gb_ofsi:14672: nationality \"Belrus\": not a known country",
            "gb_ofsi:11559: Email address \"(1) www.farhang gostar.net/gtb (2) www.gtbir.com (3) www.taghtiran.ir\": not an e-mail address",
        ]
    );
}

#[test]
fn list_2023_06_05() {
    let parsed = load(LIST_2023);
    assert_eq!(
        parsed.meta.published,
        PartialDate::parse_iso("2023-06-05").ok()
    );
    let rows = workbook_group_ids(LIST_2023);
    assert_eq!(rows.len(), 16_823, "name rows");
    assert_eq!(rows.iter().collect::<HashSet<_>>().len(), 3_993);
    assert_eq!(parsed.entities.len(), 3_993);
    assert_eq!(
        by_schema(parsed),
        BTreeMap::from([
            (Schema::Person, 3_231),
            (Schema::Organization, 747),
            (Schema::Vessel, 15),
        ])
    );
    check_invariants(parsed);
    assert_eq!(parsed.warnings.len(), 8, "{:#?}", warnings(parsed));

    // The same person two years earlier.
    let kiselev = entity(parsed, "gb_ofsi:12944");
    assert_eq!(kiselev.caption(), "Dmitry Konstantinovich KISELYOV");
    assert_eq!(kiselev.listings[0].reference.as_deref(), Some("RUS0001"));
}

#[test]
fn list_2016_csv_excerpt() {
    let parsed = load(LIST_2016);
    assert_eq!(
        parsed.meta.published,
        PartialDate::parse_iso("2016-02-12").ok()
    );
    // SOURCES.md counts 802 rows and 465 Group IDs: those are lines, with
    // the two header lines; the file has 800 name rows of 463 subjects.
    let text = common::decompressed(LIST_2016);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_slice());
    let group_ids: Vec<Vec<u8>> = reader
        .byte_records()
        .skip(2)
        .map(|r| r.unwrap().get(28).unwrap().to_vec())
        .collect();
    assert_eq!(group_ids.len(), 800);
    assert_eq!(group_ids.iter().collect::<HashSet<_>>().len(), 463);
    assert_eq!(parsed.entities.len(), 463);
    assert_eq!(
        by_schema(parsed),
        BTreeMap::from([(Schema::Person, 323), (Schema::Organization, 140)])
    );
    check_invariants(parsed);
    assert_eq!(
        warnings(parsed),
        [
            "gb_ofsi:12883: country \"In Syria as at June 2013\": not a known country",
            "gb_ofsi:12884: identifier \"(Eqypt). Issued 1993.\": a document without a number",
            "gb_ofsi:8710: nationality \"Congolese\": not a known country",
            "gb_ofsi:13301: nationality \"Not registered as a citizen of the Russian Federation\": not a known country",
            "gb_ofsi:12029: nationality \"Possibly Ethiopian\": not a known country",
            "gb_ofsi:13007: country \"Africa\": not a known country",
            "gb_ofsi:13268: nationality \"Afgan\": not a known country",
        ]
    );

    // Windows-1252 text, nationality adjectives, a passport number inside
    // free text and an untagged UN reference.
    let abda = entity(parsed, "gb_ofsi:7087");
    assert_eq!(names(abda), [("Mohamed ABU ABDA", NameKind::Primary)]);
    assert_eq!(dates(abda), ["1969-02-05"]);
    assert_eq!(
        abda.birth_places,
        ["Tripoli, Libyan Arab Jamahiriya", "Tunis, Tunisia"]
    );
    assert_eq!(abda.nationalities, [country("TN")]);
    let passport = &abda.identifiers[0];
    assert_eq!(
        (passport.kind, passport.number.as_str()),
        (IdKind::Passport, "W374031")
    );
    assert_eq!(abda.identifiers[1].number, "QI.B.62.02");
    let listing = &abda.listings[0];
    assert_eq!(listing.programmes, ["Al-Qaida"]);
    assert_eq!(listing.listed_on, PartialDate::parse_iso("2002-04-24").ok());
    assert!(
        listing
            .remarks
            .as_deref()
            .unwrap()
            .starts_with("Also referred to as Abu Obeida.")
    );
    let huthi = parsed
        .entities
        .iter()
        .find(|e| e.names.iter().any(|n| n.full.contains("‘Abd al-Khaliq")))
        .expect("a name with a Windows-1252 quotation mark");
    assert_eq!(huthi.schema, Schema::Person);
}

#[test]
fn a_russian_person_with_a_cyrillic_name() {
    let parsed = load(LIST_2025);
    let kiselev = entity(parsed, "gb_ofsi:12944");
    assert_eq!(
        names(kiselev),
        [
            ("Dmitry Konstantinovich KISELYOV", NameKind::Primary),
            ("Dmitrii Konstantinovich KISELEV", NameKind::Alias),
            ("Dmitry Konstantinovich KISELEV", NameKind::Alias),
            ("Dmitrii Konstantinovich KISELYOV", NameKind::Alias),
        ]
    );
    assert_eq!(dates(kiselev), ["1954-04-26"]);
    assert_eq!(kiselev.birth_places, ["Moscow, Russia"]);
    assert_eq!(kiselev.nationalities, [country("RU")]);
    assert_eq!(kiselev.gender, Some(Gender::Male));
    let [listing] = kiselev.listings.as_slice() else {
        panic!("one regime");
    };
    assert_eq!(listing.programmes, ["Russia"]);
    assert_eq!(listing.reference.as_deref(), Some("RUS0001"));
    assert_eq!(listing.listed_on, PartialDate::parse_iso("2014-03-21").ok());
    let remarks = listing.remarks.as_deref().unwrap();
    assert!(remarks.contains("Central figure of the Russian government propaganda"));
    assert!(
        remarks
            .ends_with("UK Sanctions List date designated: 2020-12-31\nLast updated: 2023-03-21")
    );

    let berezkin = entity(parsed, "gb_ofsi:15279");
    let cyrillic = &berezkin.names[1];
    assert_eq!(cyrillic.full, "Григорий Викторович БЕРЁЗКИН");
    assert_eq!(cyrillic.kind, NameKind::Alias);
    assert_eq!(
        (cyrillic.script.as_deref(), cyrillic.language.as_deref()),
        (Some("Cyrl"), Some("ru"))
    );
    assert_eq!(dates(berezkin), ["1966-08-09"]);
    let passports: Vec<_> = berezkin
        .identifiers
        .iter()
        .map(|id| (id.kind, id.number.as_str(), id.note.as_deref()))
        .collect();
    assert_eq!(
        passports,
        [
            (
                IdKind::Passport,
                "530293463",
                Some("530293463 - Russia, expiry date: 18/03/2023")
            ),
            (
                IdKind::Passport,
                "550559412",
                Some("550559412 - Russia, expiry date: 22/06/2031")
            ),
        ]
    );
    assert_eq!(berezkin.listings[0].reference.as_deref(), Some("RUS1321"));
    assert_eq!(
        berezkin.listings[0].listed_on,
        PartialDate::parse_iso("2022-04-13").ok()
    );
}

#[test]
fn a_march_2021_china_designation() {
    let parsed = load(LIST_2025);
    let zhu = entity(parsed, "gb_ofsi:14078");
    assert_eq!(zhu.caption(), "HAILUN ZHU");
    let primary = &zhu.names[0];
    assert_eq!(
        primary.part(interdict_model::NamePartKind::Family),
        Some("ZHU")
    );
    assert_eq!(
        primary.part(interdict_model::NamePartKind::Given),
        Some("HAILUN")
    );
    assert_eq!(dates(zhu), ["1958-01"]);
    assert_eq!(zhu.birth_places, ["Lianshui, Jangsu, China"]);
    assert_eq!(zhu.nationalities, [country("CN")]);
    assert_eq!(zhu.addresses[0].full, "Xinjiang, China");
    assert_eq!(zhu.positions.len(), 3);
    let listing = &zhu.listings[0];
    assert_eq!(listing.programmes, ["Global Human Rights"]);
    assert_eq!(listing.listed_on, PartialDate::parse_iso("2021-03-22").ok());
    assert_eq!(listing.reference.as_deref(), Some("GHR0078"));
}

#[test]
fn a_ship() {
    let parsed = load(LIST_2025);
    let ship = entity(parsed, "gb_ofsi:13651");
    assert_eq!(ship.schema, Schema::Vessel);
    assert_eq!(ship.caption(), "SAM JONG 2");
    assert_eq!(ship.names.len(), 9);
    assert!(ship.names[1..].iter().all(|n| n.kind == NameKind::Alias));
    let imo = &ship.identifiers[0];
    assert_eq!((imo.kind, imo.number.as_str()), (IdKind::Imo, "7408873"));
    let vessel = ship.vessel.as_ref().unwrap();
    assert_eq!(vessel.flag, Some(country("KP")));
    assert_eq!(vessel.vessel_type.as_deref(), Some("Oil tanker"));
    assert_eq!(vessel.tonnage.as_deref(), Some("1676"));
    assert_eq!(vessel.owner.as_deref(), Some("Korea Samjong Shipping"));
    assert_eq!(dates(ship), ["1975"], "the year built");
    let listing = &ship.listings[0];
    assert_eq!(
        listing.programmes,
        ["Democratic People's Republic of Korea"]
    );
    assert_eq!(listing.reference.as_deref(), Some("DPR0100"));
    assert!(
        listing
            .remarks
            .as_deref()
            .unwrap()
            .contains("Previous flags: Russia")
    );
}

#[test]
fn several_regimes() {
    let parsed = load(LIST_2025);
    let lukashenko = entity(parsed, "gb_ofsi:13918");
    let listings: Vec<_> = lukashenko
        .listings
        .iter()
        .map(|l| (l.programmes[0].as_str(), l.listed_on.map(|d| d.to_string())))
        .collect();
    assert_eq!(
        listings,
        [
            ("Belarus", Some("2020-11-06".to_owned())),
            ("Global Human Rights", Some("2020-09-29".to_owned())),
        ]
    );
    let references: Vec<_> = lukashenko
        .listings
        .iter()
        .map(|l| l.reference.as_deref().unwrap())
        .collect();
    assert!(references[0].starts_with("BEL"), "{references:?}");
    assert!(references[1].starts_with("GHR"), "{references:?}");
    // Two primary names, both first.
    assert_eq!(lukashenko.names[0].kind, NameKind::Primary);
    assert_eq!(lukashenko.names[1].kind, NameKind::Primary);
}

#[test]
fn a_missing_column_is_an_error_naming_it() {
    let text = String::from_utf8_lossy(&common::decompressed(LIST_2016)).replacen(
        ",Group ID",
        ",Group",
        1,
    );
    let error = gb_ofsi_conlist::parse(text.as_bytes(), &Context::new("gb_ofsi", "data.csv"))
        .expect_err("a file without a Group ID column was accepted");
    assert_eq!(error.location, Location::Line(2));
    assert_eq!(
        error.to_string(),
        "data.csv: line 2: missing column \"Group ID\""
    );
}

#[test]
fn an_unreadable_date_is_kept_with_a_warning() {
    let text = String::from_utf8_lossy(&common::decompressed(LIST_2016)).replacen(
        ",05/02/1969,",
        ",31/02/1969,",
        1,
    );
    let parsed =
        gb_ofsi_conlist::parse(text.as_bytes(), &Context::new("gb_ofsi", "data.csv")).unwrap();
    let abda = entity(&parsed, "gb_ofsi:7087");
    assert!(abda.birth_dates.is_empty());
    assert_eq!(abda.unparsed[0].value, "31/02/1969");
    assert!(
        warnings(&parsed)
            .contains(&"gb_ofsi:7087: birth_date \"31/02/1969\": day out of range".to_owned())
    );
}

#[test]
fn a_truncated_workbook_is_an_error_naming_it() {
    let bytes = std::fs::read(common::path(LIST_2025)).unwrap();
    let error = common::truncated_error(
        Format::GbOfsiConlist,
        &bytes[..bytes.len() / 2],
        "gb_ofsi",
        "ConList.xlsx (cut)",
    );
    assert!(
        error
            .to_string()
            .starts_with("ConList.xlsx (cut): not a readable XLSX workbook"),
        "{error}"
    );
}

#[test]
fn a_truncated_csv_is_an_error_naming_it() {
    let bytes = std::fs::read(common::path(LIST_2016)).unwrap();
    common::truncated_error(
        Format::GbOfsiConlist,
        input::from_bytes(&bytes[..bytes.len() / 2]),
        "gb_ofsi",
        "data.csv.gz",
    );
}
