//! The OFAC Enhanced XML parser on the real non-SDN consolidated list in
//! `shared/data`, read from the ZIP OFAC publishes and from its XML.

mod common;

use std::collections::BTreeMap;

use interdict_model::{
    Authority, Entity, Gender, IdKind, NameKind, NamePartKind, PartialDate, Schema,
};
use interdict_sources::{Context, Format, Parsed};

use common::{by_schema, country, dates, entity, names};

const LIST: &str = "us_ofac/cons_enhanced_2025-01-14/CONS_ENHANCED.ZIP";

/// The list, parsed once for all the tests that read it.
fn list() -> &'static Parsed {
    common::cached(Format::OfacEnhancedXml, LIST, "us_ofac_cons")
}

/// The archive's bytes.
fn archive() -> Vec<u8> {
    std::fs::read(common::path(LIST)).unwrap_or_else(|e| panic!("{LIST}: {e}"))
}

/// The XML inside the archive.
fn xml() -> String {
    use std::io::Read;
    let mut text = String::new();
    zip::ZipArchive::new(std::io::Cursor::new(archive()))
        .and_then(|mut archive| {
            archive
                .by_name("CONS_ENHANCED.XML")?
                .read_to_string(&mut text)?;
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{LIST}: {e}"));
    text
}

fn parse(bytes: &[u8], label: &str) -> Result<Parsed, interdict_sources::SourceError> {
    Format::OfacEnhancedXml.parse(bytes, &Context::new("us_ofac_cons", label))
}

/// How many values of a field all the entities have together.
fn total(parsed: &Parsed, field: impl Fn(&Entity) -> usize) -> usize {
    parsed.entities.iter().map(field).sum()
}

#[test]
fn reads_every_entity() {
    let parsed = list();
    assert_eq!(
        parsed.meta.published,
        PartialDate::new(2025, Some(1), Some(10)).ok()
    );
    // SOURCES.md: 443 `<entity>`.
    assert_eq!(parsed.entities.len(), 443);
    assert_eq!(
        by_schema(parsed),
        BTreeMap::from([(Schema::Person, 80), (Schema::Organization, 363)])
    );
    for (entity, listing) in common::single_listings(parsed) {
        assert_eq!(listing.authority, Authority::UsOfac);
        assert!(
            !listing.programmes.is_empty(),
            "{} has no programme",
            entity.id
        );
        assert!(
            listing.listed_on.is_some(),
            "{} has no listing date",
            entity.id
        );
        let reference = listing.reference.as_deref().unwrap_or_default();
        assert_eq!(entity.id, format!("us_ofac_cons:{reference}"));
    }
    // Every value is readable: countries come with ISO codes, dates as
    // days, and the one "undetermined" country is no country.
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert!(parsed.entities.iter().all(|e| e.unparsed.is_empty()));

    let mut kinds = BTreeMap::new();
    for id in parsed.entities.iter().flat_map(|e| &e.identifiers) {
        *kinds.entry(format!("{:?}", id.kind)).or_insert(0) += 1;
    }
    // Other: ISIN 163, equity tickers 69, BIK 6, a licence and a driving
    // licence.
    assert_eq!(
        kinds,
        BTreeMap::from([
            ("NationalId".to_owned(), 1),
            ("Other".to_owned(), 240),
            ("Passport".to_owned(), 1),
            ("Registration".to_owned(), 474),
            ("Swift".to_owned(), 33),
            ("TaxId".to_owned(), 214),
        ])
    );
    assert_eq!(total(parsed, |e| e.names.len()), 1_624);
    assert_eq!(total(parsed, |e| e.birth_dates.len()), 104);
    assert_eq!(total(parsed, |e| e.nationalities.len()), 2);
    assert_eq!(total(parsed, |e| e.citizenships.len()), 1);
    assert_eq!(total(parsed, |e| e.addresses.len()), 531);
    assert_eq!(total(parsed, |e| e.websites.len()), 176);
    assert_eq!(total(parsed, |e| e.emails.len()), 125);
    assert_eq!(total(parsed, |e| usize::from(e.gender.is_some())), 3);
}

#[test]
fn native_script_names_are_aliases() {
    let parsed = list();
    let mut scripts = BTreeMap::new();
    for name in parsed.entities.iter().flat_map(|e| &e.names) {
        *scripts
            .entry(name.script.clone().unwrap_or_default())
            .or_insert(0) += 1;
        if name.script.as_deref() != Some("Latn") {
            assert_ne!(name.kind, NameKind::Primary, "{}", name.full);
        }
    }
    // As many as the file's name translations in Cyrillic (39; its other
    // 11 Cyrillic translations are of addresses) and Chinese (6).
    assert_eq!(
        scripts,
        BTreeMap::from([
            ("Cyrl".to_owned(), 39),
            ("Hani".to_owned(), 6),
            ("Latn".to_owned(), 1_579)
        ])
    );
    // In this list only organisations have them; people's are covered by
    // the unit tests.
    assert!(
        parsed
            .entities
            .iter()
            .filter(|e| e.schema == Schema::Person)
            .all(|e| e.names.iter().all(|n| n.script.as_deref() == Some("Latn")))
    );

    let megvii = entity(parsed, "us_ofac_cons:33091");
    let chinese = &megvii.names[1];
    assert_eq!(
        (
            chinese.full.as_str(),
            chinese.kind,
            chinese.language.as_deref()
        ),
        ("旷视科技有限公司", NameKind::Alias, Some("zh"))
    );
    assert_eq!(megvii.caption(), "MEGVII TECHNOLOGY LIMITED");
    assert_eq!(megvii.listings[0].programmes, ["CMIC-EO13959"]);
    assert_eq!(megvii.countries, [country("KY"), country("CN")]);

    let vtb = entity(parsed, "us_ofac_cons:17013");
    assert_eq!(vtb.caption(), "VTB BANK PUBLIC JOINT STOCK COMPANY");
    assert_eq!(vtb.names[1].full, "БАНК ВТБ ПУБЛИЧНОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО");
    assert_eq!(vtb.names[1].kind, NameKind::Alias);
    assert!(names(vtb).contains(&("JSC VTB BANK", NameKind::Former)));
}

#[test]
fn a_person() {
    let martelly = entity(list(), "us_ofac_cons:50476");
    assert_eq!(martelly.schema, Schema::Person);
    assert_eq!(
        names(martelly),
        [
            ("Michel Joseph MARTELLY", NameKind::Primary),
            ("Michael MARTELLY", NameKind::Alias),
            ("Sweet Micky", NameKind::WeakAlias),
        ]
    );
    let primary = &martelly.names[0];
    assert_eq!(primary.part(NamePartKind::Family), Some("Martelly"));
    assert_eq!(primary.part(NamePartKind::Given), Some("Michel"));
    assert_eq!(primary.part(NamePartKind::Middle), Some("Joseph"));
    assert_eq!(dates(martelly), ["1961-02-12"]);
    assert_eq!(martelly.birth_places, ["Port-au-Prince, Haiti"]);
    assert_eq!(martelly.nationalities, [country("HT")]);
    assert_eq!(martelly.gender, Some(Gender::Male));
    let ids: Vec<_> = martelly
        .identifiers
        .iter()
        .map(|id| (id.kind, id.number.as_str(), id.country, id.label.as_deref()))
        .collect();
    assert_eq!(
        ids,
        [
            (
                IdKind::NationalId,
                "0032768386",
                Some(country("HT")),
                Some("National ID No.")
            ),
            (
                IdKind::Other,
                "M634550610520",
                Some(country("US")),
                Some("Driver's License No.")
            ),
        ]
    );
    assert_eq!(martelly.addresses[0].full, "Miami, FL, United States");
    let listing = &martelly.listings[0];
    assert_eq!(listing.programmes, ["ILLICIT-DRUGS-EO14059"]);
    assert_eq!(
        listing.listed_on,
        PartialDate::new(2024, Some(8), Some(20)).ok()
    );

    let kayakiran = entity(list(), "us_ofac_cons:26182");
    let passport = &kayakiran.identifiers[0];
    assert_eq!(
        (passport.kind, passport.number.as_str(), passport.country),
        (IdKind::Passport, "U00242309", Some(country("TR")))
    );
    assert_eq!(kayakiran.citizenships, [country("TR")]);
    assert_eq!(dates(kayakiran), ["1980-02-08"]);

    let zahhar = entity(list(), "us_ofac_cons:9647");
    assert_eq!(
        names(zahhar),
        [
            ("Mahmoud Khaled ZAHHAR", NameKind::Primary),
            ("Mahmoud Khaled AL ZAHAR", NameKind::Alias),
            ("Mahmoud ZAHAR", NameKind::WeakAlias),
            ("Mahmoud AL-ZAHAR", NameKind::WeakAlias),
        ]
    );
    assert_eq!(dates(zahhar), ["1945"]);
    assert_eq!(zahhar.nationalities, [country("PS")]);
    assert_eq!(zahhar.listings[0].programmes, ["NS-PLC", "SDGT"]);
    assert_eq!(
        zahhar.listings[0].remarks.as_deref(),
        Some(
            "Secondary sanctions risk: section 1(b) of Executive Order 13224, as amended by \
             Executive Order 13886; Acting for or on behalf of: HAMAS (4695); Lists: Non-SDN \
             Palestinian Legislative Council List, Consolidated List, SDN List"
        )
    );
}

#[test]
fn the_zip_and_its_xml_read_the_same() {
    let from_xml = parse(xml().as_bytes(), "CONS_ENHANCED.XML").unwrap();
    assert_eq!(from_xml.entities, list().entities);
    assert_eq!(from_xml.meta, list().meta);
}

#[test]
fn an_unknown_reference_id_falls_back_on_the_text() {
    // Zahhar's nationality by an ID the file does not have: read by its
    // text, "Palestinian".
    let text = xml();
    let edited = text.replacen(
        "<valueRefId>91021</valueRefId>",
        "<valueRefId>99999</valueRefId>",
        1,
    );
    assert_ne!(edited, text);
    let parsed = parse(edited.as_bytes(), "edited.xml").unwrap();
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert_eq!(
        entity(&parsed, "us_ofac_cons:9647").nationalities,
        [country("PS")]
    );

    // Kayakiran's passport issued by an unknown ID whose text names no
    // country: a warning, and the text kept.
    let edited = text.replacen(
        r#"<issuingCountry refId="11205">Turkey</issuingCountry>"#,
        r#"<issuingCountry refId="99999">Anatolia</issuingCountry>"#,
        1,
    );
    assert_ne!(edited, text);
    let parsed = parse(edited.as_bytes(), "edited.xml").unwrap();
    let [warning] = parsed.warnings.as_slice() else {
        panic!("{:?}", parsed.warnings);
    };
    assert_eq!(
        (
            warning.record.as_str(),
            warning.field.as_str(),
            warning.value.as_str()
        ),
        ("us_ofac_cons:26182", "identifier_country", "Anatolia")
    );
    let kayakiran = entity(&parsed, "us_ofac_cons:26182");
    assert_eq!(kayakiran.identifiers[0].country, None);
    assert_eq!(kayakiran.unparsed[0].value, "Anatolia");
}

#[test]
fn a_truncated_zip_is_an_error_naming_the_file() {
    let archive = archive();
    let error = parse(&archive[..archive.len() / 2], "CONS_ENHANCED.ZIP (cut)").unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("CONS_ENHANCED.ZIP (cut): a zip archive that cannot be read"),
        "{error}"
    );
}

#[test]
fn a_corrupt_member_is_an_error_naming_the_file() {
    let mut archive = archive();
    let middle = archive.len() / 2;
    for byte in &mut archive[middle..middle + 16] {
        *byte = !*byte;
    }
    let error = parse(&archive, "CONS_ENHANCED.ZIP (corrupt)").unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("CONS_ENHANCED.ZIP (corrupt): "),
        "{error}"
    );
    assert!(
        error.to_string().ends_with("(in CONS_ENHANCED.XML)"),
        "{error}"
    );
}

#[test]
fn a_truncated_xml_is_an_error_naming_it() {
    let text = xml();
    let error = common::truncated_error(
        Format::OfacEnhancedXml,
        &text.as_bytes()[..text.len() / 2],
        "us_ofac_cons",
        "CONS_ENHANCED.XML (cut)",
    );
    assert!(error.to_string().contains("truncated"), "{error}");
}

#[test]
fn broken_xml_is_an_error_naming_the_byte() {
    let broken = xml().replacen("</entity>", "</entiy>", 1);
    let error = parse(broken.as_bytes(), "broken.xml").unwrap_err();
    assert!(
        error.to_string().starts_with("broken.xml: byte "),
        "{error}"
    );
    assert!(error.to_string().contains("malformed XML"), "{error}");
}
