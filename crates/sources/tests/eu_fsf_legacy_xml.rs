//! The EU XML 1.0 parser on the excerpt of 2016-02-11 (six programmes).

mod common;

use std::collections::BTreeMap;

use interdict_model::{Authority, Gender, IdKind, NameKind, PartialDate, Schema};
use interdict_sources::{Context, Format, Parsed, eu_fsf_legacy_xml};

use common::{by_schema, country, dates, entity, name_count, names, single_listings};

const FILE: &str = "eu_fsf/legacy_v1_0_2016-02-11_excerpt/data.xml.gz";

/// The file, parsed once for all the tests that read it.
fn parse_file() -> &'static Parsed {
    common::cached(Format::EuFsfLegacyXml, FILE, "eu_fsf")
}

#[test]
fn reads_every_entity() {
    let parsed = parse_file();
    assert_eq!(
        parsed.meta.published,
        PartialDate::parse_iso("2016-02-11").ok()
    );
    assert_eq!(parsed.entities.len(), 595);
    assert_eq!(
        by_schema(parsed),
        BTreeMap::from([(Schema::Person, 319), (Schema::Organization, 276)])
    );

    let listings = single_listings(parsed);
    let mut programmes: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, listing) in &listings {
        assert_eq!(listing.authority, Authority::Eu);
        assert!(listing.listed_on.is_some());
        let [programme] = listing.programmes.as_slice() else {
            panic!("one programme per entity");
        };
        *programmes.entry(programme).or_default() += 1;
    }
    assert_eq!(
        programmes,
        BTreeMap::from([
            ("AFG", 108),
            ("COD", 16),
            ("IRQ", 292),
            ("TAQA", 155),
            ("TERR", 22),
            ("ZWE", 2),
        ])
    );

    // 2,993 NAME elements; each amending act repeats the names it keeps,
    // and the repeats are merged.
    assert_eq!(name_count(parsed, NameKind::Primary), 595);
    assert_eq!(name_count(parsed, NameKind::Alias), 2_102);
    let scripts = |script: &str| {
        parsed
            .entities
            .iter()
            .flat_map(|e| &e.names)
            .filter(|n| n.script.as_deref() == Some(script))
            .count()
    };
    assert_eq!((scripts("Cyrl"), scripts("Grek")), (74, 37));

    let identifiers: Vec<_> = parsed
        .entities
        .iter()
        .flat_map(|e| &e.identifiers)
        .collect();
    let kinds = |kind: IdKind| identifiers.iter().filter(|i| i.kind == kind).count();
    // 137 PASSPORT elements (one without a number), and 12 tax and social
    // security numbers written in the OTHER of addresses.
    assert_eq!(identifiers.len(), 148);
    assert_eq!(kinds(IdKind::Passport), 78);
    assert_eq!(kinds(IdKind::NationalId), 31);
    assert_eq!(kinds(IdKind::TaxId), 10);
    assert_eq!(kinds(IdKind::Other), 29);

    let phones: usize = parsed.entities.iter().map(|e| e.phones.len()).sum();
    assert_eq!(phones, 10);
}

#[test]
fn warns_only_about_unreadable_values() {
    let parsed = parse_file();
    let warnings: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
    // A document whose number is "UNKNOWN", and Yugoslavia, a country that
    // no longer exists.
    assert_eq!(
        warnings,
        [
            "eu_fsf:525: PASSPORT \"UNKNOWN (other-Other identification number)\": a document without a number",
            "eu_fsf:1023: birth_country \"YUG\": not a known country",
        ]
    );
}

#[test]
fn saddam_hussein() {
    let parsed = parse_file();
    let saddam = entity(parsed, "eu_fsf:13");
    assert_eq!(saddam.schema, Schema::Person);
    assert_eq!(
        names(saddam),
        [
            ("Saddam Hussein Al-Tikriti", NameKind::Primary),
            ("Abu Ali", NameKind::Alias),
            ("Abou Ali", NameKind::Alias),
        ]
    );
    assert_eq!(saddam.names[2].language.as_deref(), Some("fr"));
    assert_eq!(saddam.gender, Some(Gender::Male));
    assert_eq!(dates(saddam), ["1937-04-28"]);
    assert_eq!(saddam.birth_places, ["al-Awja, near Tikrit, Iraq"]);
    assert_eq!(saddam.citizenships, [country("IQ")]);
    let listing = &saddam.listings[0];
    assert_eq!(listing.programmes, ["IRQ"]);
    assert_eq!(listing.listed_on, PartialDate::parse_iso("2003-07-07").ok());
    assert_eq!(listing.reference.as_deref(), Some("13"));
    assert_eq!(
        listing.remarks.as_deref(),
        Some("(UNSC RESOLUTION 1483)\nRegulation 1210/2003 (OJ L169)")
    );
}

#[test]
fn robert_mugabe_listed_by_the_earliest_act() {
    let parsed = parse_file();
    let mugabe = entity(parsed, "eu_fsf:1");
    // Two acts give the same name: it is kept once.
    assert_eq!(
        names(mugabe),
        [("Robert Gabriel Mugabe", NameKind::Primary)]
    );
    assert_eq!(mugabe.positions, ["President"]);
    let passport = &mugabe.identifiers[0];
    assert_eq!(
        (
            passport.kind,
            passport.number.as_str(),
            passport.note.as_deref()
        ),
        (IdKind::Passport, "AD001095", None)
    );
    // The entity's reg_date (2012-02-21) is the latest amendment's; its
    // facts date from 2002.
    assert_eq!(
        mugabe.listings[0].listed_on,
        PartialDate::parse_iso("2002-09-13").ok()
    );
}

#[test]
fn approximate_dates_and_documents() {
    let parsed = parse_file();
    let agha = entity(parsed, "eu_fsf:516");
    assert_eq!(
        dates(agha),
        ["1958/1963"],
        "written 1958 - 1963 (approximative)"
    );
    assert_eq!(agha.titles, ["Maulavi"]);
    assert_eq!(agha.birth_places, ["Faryab province, Afghanistan"]);

    let approximate = parsed
        .entities
        .iter()
        .flat_map(|e| &e.birth_dates)
        .filter(|d| d.is_approximate())
        .count();
    assert_eq!(approximate, 100);

    let tantoush = entity(parsed, "eu_fsf:537");
    let expired = &tantoush.identifiers[1];
    assert_eq!(expired.number, "347834");
    assert_eq!(expired.country, Some(country("LY")));
    assert_eq!(
        expired.note.as_deref(),
        Some(
            "valid to 2014-02-21; known to be expired; issued under name Ibrahim Ali Tantoush, expired on 21 Feb. 2014"
        )
    );

    let aouadi = entity(parsed, "eu_fsf:927");
    let fiscal = aouadi
        .identifiers
        .iter()
        .find(|i| i.kind == IdKind::TaxId)
        .unwrap();
    assert_eq!(fiscal.number, "DAOMMD74T11Z352Z");
    assert_eq!(fiscal.label.as_deref(), Some("Italian Fiscal Code"));
}

#[test]
fn an_organisation_in_three_alphabets() {
    let parsed = parse_file();
    let ano = entity(parsed, "eu_fsf:201");
    assert_eq!(ano.schema, Schema::Organization);
    assert_eq!(ano.caption(), "Abu Nidal Organisation");
    let bulgarian = ano
        .names
        .iter()
        .find(|n| n.full == "Черен септември")
        .unwrap();
    assert_eq!(
        (bulgarian.script.as_deref(), bulgarian.language.as_deref()),
        (Some("Cyrl"), Some("bg"))
    );

    let bank = entity(parsed, "eu_fsf:230");
    let addresses: Vec<_> = bank.addresses.iter().map(|a| a.full.as_str()).collect();
    assert_eq!(addresses, ["Rashid Street, Baghdad, Iraq", "Mosul, Iraq"]);
    assert_eq!(bank.countries, [country("IQ")]);
}

#[test]
fn a_truncated_file_is_an_error_naming_it() {
    let error = common::assert_truncated_file_fails(
        Format::EuFsfLegacyXml,
        FILE,
        "eu_fsf",
        "eu-legacy-truncated.xml",
    );
    assert!(error.to_string().contains("truncated"), "{error}");
}

#[test]
fn an_entity_without_an_id_is_an_error_naming_the_record() {
    let text = String::from_utf8(common::decompressed(FILE))
        .unwrap()
        .replacen("<ENTITY Id=\"13\"", "<ENTITY", 1);
    let error = eu_fsf_legacy_xml::parse(text.as_bytes(), &Context::new("eu_fsf", "eu.xml"))
        .expect_err("an ENTITY without an Id was accepted");
    assert_eq!(error.to_string(), "eu.xml: record 2: ENTITY has no Id");
}
