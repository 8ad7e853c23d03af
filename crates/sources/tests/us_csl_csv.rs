//! The Consolidated Screening List parser on the trade.gov CSV of 2022-05-16.

mod common;

use std::collections::{BTreeMap, HashSet};

use interdict_model::{Authority, Gender, IdKind, NameKind, PartialDate, Schema};
use interdict_sources::{Context, Format, Location, Parsed, input, us_csl_csv};

use common::{by_schema, country, dates, entity, name_count, names};

const FILE: &str = "us_trade_csl/2022-05-16/consolidated.csv.gz";

/// The file, parsed once for all the tests that read it.
fn parse_file() -> &'static Parsed {
    common::cached(Format::UsCslCsv, FILE, "us_trade_csl")
}

#[test]
fn reads_every_row() {
    let parsed = parse_file();
    assert_eq!(parsed.meta.published, None);

    // 14,160 rows. OFAC's parties on several of its lists (SDN, SSI, CAPTA,
    // NS-MBS) are one row per list with the same `_id`: 71 of them, in 112
    // extra rows. One CAPTA row is repeated word for word but for its list
    // link, and is one listing.
    assert_eq!(parsed.entities.len(), 14_048);
    let ids: HashSet<&str> = parsed.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), 14_048);
    let listings: Vec<_> = parsed.entities.iter().flat_map(|e| &e.listings).collect();
    assert_eq!(listings.len(), 14_159);
    assert_eq!(
        parsed
            .entities
            .iter()
            .filter(|e| e.listings.len() > 1)
            .count(),
        70
    );

    // The lists, by the rows of each (listings, with CAPTA's repeat merged).
    let mut lists: BTreeMap<&str, usize> = BTreeMap::new();
    for listing in &listings {
        *lists.entry(listing.programmes[0].as_str()).or_default() += 1;
    }
    assert_eq!(
        lists,
        BTreeMap::from([
            ("CAP", 52),
            ("CMIC", 68),
            ("DPL", 462),
            ("DTC", 727),
            ("EL", 2_001),
            ("FSE", 3),
            ("ISN", 163),
            ("MEU", 71),
            ("NS-MBS", 17),
            ("PLC", 78),
            ("SDN", 10_026),
            ("SSI", 290),
            ("UVL", 201),
        ])
    );
    let by = |authority: Authority| listings.iter().filter(|l| l.authority == authority).count();
    assert_eq!(by(Authority::UsOfac), 10_534);
    assert_eq!(by(Authority::UsBis), 2_735);
    assert_eq!(by(Authority::UsState), 890);

    // Commerce and State do not say whether a party is a person or a firm.
    assert_eq!(
        by_schema(parsed),
        BTreeMap::from([
            (Schema::Person, 5_284),
            (Schema::Organization, 4_423),
            (Schema::LegalEntity, 3_625),
            (Schema::Vessel, 433),
            (Schema::Aircraft, 283),
        ])
    );

    assert_eq!(name_count(parsed, NameKind::Primary), 14_048);
    assert_eq!(name_count(parsed, NameKind::Alias), 19_443);
    assert_eq!(name_count(parsed, NameKind::Former), 18);
    assert!(
        parsed
            .entities
            .iter()
            .all(|e| e.names[0].kind == NameKind::Primary)
    );

    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for identifier in parsed.entities.iter().flat_map(|e| &e.identifiers) {
        *kinds.entry(format!("{:?}", identifier.kind)).or_default() += 1;
    }
    // 430 IMO numbers of ships and 85 of shipping companies, written
    // "IMO 5342883, Company Number" (or Identification Number, or Vessel
    // Registration Identification) and noted "IMO company number".
    assert_eq!(
        kinds,
        BTreeMap::from([
            ("Imo".to_owned(), 515),
            ("NationalId".to_owned(), 1_719),
            ("Other".to_owned(), 1_245),
            ("Passport".to_owned(), 1_678),
            ("Registration".to_owned(), 2_103),
            ("Swift".to_owned(), 135),
            ("TaxId".to_owned(), 1_747),
        ])
    );
    let total = |count: fn(&interdict_model::Entity) -> usize| -> usize {
        parsed.entities.iter().map(count).sum()
    };
    assert_eq!(total(|e| e.emails.len()), 361);
    assert_eq!(total(|e| e.phones.len()), 31);
    assert_eq!(total(|e| e.websites.len()), 824);
}

#[test]
fn warns_only_about_unreadable_values() {
    let parsed = parse_file();
    let warnings: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
    // Three Entity List start dates with a two-digit year ("0097-06-30").
    assert_eq!(
        warnings,
        [
            "us_trade_csl:d6a68bd30aed352b043524ccacf9fc8551b786c2: start_date \"0097-06-30\": year out of range",
            "us_trade_csl:b63fc09cccaecddbbef18756cb1af075ec91f140: start_date \"0097-06-30\": year out of range",
            "us_trade_csl:06b13b0b369d79eb1546734695f9d231732cee0f: start_date \"0017-05-26\": year out of range",
        ]
    );
}

#[test]
fn an_sdn_person() {
    let parsed = parse_file();
    let person = entity(parsed, "us_trade_csl:9935");
    assert_eq!(person.schema, Schema::Person);
    let primary = &person.names[0];
    assert_eq!(
        primary.full, "Abu Sufian al-Salamabi Muhammed Ahmed 'ABD AL-RAZZIQ",
        "written 'ABD AL-RAZZIQ, Abu Sufian al-Salamabi Muhammed Ahmed"
    );
    assert!(
        person
            .names
            .iter()
            .any(|n| n.full == "DJOLAIBA THE SUDANESE")
    );
    assert_eq!(person.names.len(), 15);
    assert_eq!(dates(person), ["1962-08-06"]);
    assert_eq!(person.nationalities, [country("CA"), country("SD")]);
    assert_eq!(person.birth_places, ["Al-Bawgah, Sudan", "Albaouga, Sudan"]);
    let passport = &person.identifiers[0];
    assert_eq!(
        (passport.kind, passport.number.as_str(), passport.country),
        (IdKind::Passport, "BC166787", Some(country("CA")))
    );
    let [listing] = person.listings.as_slice() else {
        panic!("one list");
    };
    assert_eq!(listing.authority, Authority::UsOfac);
    assert_eq!(listing.programmes, ["SDN", "SDGT"]);
    assert_eq!(listing.reference.as_deref(), Some("9935"));

    let abbas = entity(parsed, "us_trade_csl:24904");
    assert_eq!(abbas.gender, Some(Gender::Male));
    assert_eq!(
        names(abbas),
        [
            ("Yasir 'ABBAS", NameKind::Primary),
            ("Yasir 'Aziz 'ABBAS", NameKind::Alias)
        ]
    );
}

#[test]
fn a_bank_on_three_lists() {
    let parsed = parse_file();
    let bank = entity(parsed, "us_trade_csl:18291");
    assert_eq!(bank.schema, Schema::Organization);
    assert_eq!(bank.caption(), "BANK BELVEB OJSC");
    let lists: Vec<&str> = bank
        .listings
        .iter()
        .map(|l| l.programmes[0].as_str())
        .collect();
    assert_eq!(lists, ["CAP", "SDN", "SSI"]);
    assert_eq!(
        bank.listings[1].programmes,
        ["SDN", "RUSSIA-EO14024", "UKRAINE-EO13662"]
    );
    assert_eq!(dates(bank), ["1991-12-23"], "Organization Established Date");
    assert_eq!(bank.websites, ["bveb.by"]);
    let swift = bank
        .identifiers
        .iter()
        .find(|i| i.kind == IdKind::Swift)
        .unwrap();
    assert_eq!(swift.number, "BELBBY2X");
    let tax = bank
        .identifiers
        .iter()
        .find(|i| i.kind == IdKind::TaxId)
        .unwrap();
    assert_eq!(
        (tax.number.as_str(), tax.country),
        ("7750004150", Some(country("RU")))
    );
    assert!(
        bank.listings[0]
            .remarks
            .as_deref()
            .unwrap()
            .contains("Target Type: Financial Institution")
    );
}

#[test]
fn vessels_and_aircraft() {
    let parsed = parse_file();
    let vessel = entity(parsed, "us_trade_csl:25277");
    assert_eq!(vessel.schema, Schema::Vessel);
    let details = vessel.vessel.as_ref().unwrap();
    assert_eq!(details.flag, Some(country("IR")));
    assert_eq!(details.vessel_type.as_deref(), Some("Crew/Supply Vessel"));
    assert_eq!(
        (
            vessel.identifiers[0].kind,
            vessel.identifiers[0].number.as_str()
        ),
        (IdKind::Imo, "8984484")
    );

    let aircraft = entity(parsed, "us_trade_csl:15445");
    assert_eq!(aircraft.schema, Schema::Aircraft);
    assert_eq!(dates(aircraft), ["1988-05-17"], "Aircraft Manufacture Date");
    assert!(
        aircraft.listings[0]
            .remarks
            .as_deref()
            .unwrap()
            .contains("Aircraft Operator: MAHAN AIR")
    );
}

#[test]
fn the_lists_of_commerce_and_state() {
    let parsed = parse_file();
    let plant = entity(
        parsed,
        "us_trade_csl:4398d33e9e93c7477af39f1e0bfffc13ddd47bcc",
    );
    assert_eq!(plant.schema, Schema::LegalEntity);
    // The Entity List writes its last alias "and JSC 140 Repair Plant".
    assert_eq!(
        names(plant),
        [
            ("140 Repair Plant JSC", NameKind::Primary),
            ("Open Joint Stock Company 140 Repair Plant", NameKind::Alias),
            ("JSC 140 Repair Plant", NameKind::Alias),
        ]
    );
    let listing = &plant.listings[0];
    assert_eq!(listing.authority, Authority::UsBis);
    assert_eq!(listing.programmes, ["EL"]);
    assert_eq!(listing.listed_on, PartialDate::parse_iso("2022-04-07").ok());
    assert!(
        listing
            .remarks
            .as_deref()
            .unwrap()
            .starts_with("Federal Register: 87 FR 20299\nLicense requirement:")
    );

    let pearl = entity(
        parsed,
        "us_trade_csl:aa0909588db4f417dc90b322d2e723ec68555051",
    );
    assert_eq!(
        names(pearl),
        [
            ("PEARL LI", NameKind::Primary),
            ("NEI-CHIEN CHU", NameKind::Alias)
        ],
        "written PEARL (A.K.A. NEI-CHIEN CHU) LI"
    );
    assert_eq!(
        pearl.listings[0].ended_on,
        PartialDate::parse_iso("2026-06-23").ok()
    );

    let ri = entity(
        parsed,
        "us_trade_csl:91b69f0bb2f246bb3a124c3ea7abb2cc6c55e7f0",
    );
    assert_eq!(ri.listings[0].authority, Authority::UsState);
    assert_eq!(ri.listings[0].programmes, ["ISN", "INKSNA"]);
    assert_eq!(ri.names[1].full, "Ri Su'ng-ch'o'l");

    let aecc = entity(parsed, "us_trade_csl:30902");
    assert_eq!(aecc.listings[0].programmes, ["CMIC", "CMIC-EO13959"]);
    assert_eq!(aecc.identifiers[0].kind, IdKind::Registration);
}

#[test]
fn a_missing_column_is_an_error_naming_it() {
    let text = String::from_utf8(common::decompressed(FILE))
        .unwrap()
        .replacen("_id,source,", "id,source,", 1);
    let error = us_csl_csv::parse(text.as_bytes(), &Context::new("us_trade_csl", "csl.csv"))
        .expect_err("a file without an _id column was accepted");
    assert_eq!(error.location, Location::Line(1));
    assert_eq!(error.to_string(), "csl.csv: line 1: missing column \"_id\"");
}

#[test]
fn a_truncated_file_is_an_error_naming_it() {
    let bytes = std::fs::read(common::path(FILE)).unwrap();
    common::truncated_error(
        Format::UsCslCsv,
        input::from_bytes(&bytes[..bytes.len() / 2]),
        "us_trade_csl",
        "csl.csv.gz",
    );
}
