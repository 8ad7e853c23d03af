//! The OFAC Advanced XML parser on the real non-SDN consolidated list in
//! `shared/data`.

mod common;

use std::collections::BTreeMap;

use interdict_model::{
    Authority, Entity, Gender, IdKind, NameKind, NamePartKind, PartialDate, Schema,
};
use interdict_sources::{Format, Parsed, input};

use common::{by_schema, country, dates, entity, names};

const LIST: &str = "us_ofac/cons_advanced_2020-03-17/cons_advanced.xml.gz";

/// The list, parsed once for all the tests that read it.
fn list() -> &'static Parsed {
    common::cached(Format::OfacAdvancedXml, LIST, "us_ofac_cons")
}

/// How many identifiers of each kind all the entities have together.
fn identifier_kinds(parsed: &Parsed) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for id in parsed.entities.iter().flat_map(|e| &e.identifiers) {
        *counts.entry(format!("{:?}", id.kind)).or_default() += 1;
    }
    counts
}

/// How many values of a field all the entities have together.
fn total(parsed: &Parsed, field: impl Fn(&Entity) -> usize) -> usize {
    parsed.entities.iter().map(field).sum()
}

#[test]
fn reads_every_party() {
    let parsed = list();
    assert_eq!(
        parsed.meta.published,
        PartialDate::new(2020, Some(3), Some(17)).ok()
    );
    // SOURCES.md: 375 `DistinctParty`.
    assert_eq!(parsed.entities.len(), 375);
    assert_eq!(
        by_schema(parsed),
        BTreeMap::from([(Schema::Person, 82), (Schema::Organization, 293)])
    );
    for (entity, listing) in common::single_listings(parsed) {
        assert_eq!(listing.authority, Authority::UsOfac);
        assert_eq!(listing.source, "us_ofac_cons");
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
        // Every party of the file is on the consolidated list.
        let remarks = listing.remarks.as_deref().unwrap_or_default();
        assert!(
            remarks.contains("Consolidated List"),
            "{}: {remarks}",
            entity.id
        );
        // The file's only script is Latin.
        for name in &entity.names {
            assert_eq!(name.script.as_deref(), Some("Latn"), "{}", name.full);
        }
    }
    // Every reference resolves and every value is readable. The 53
    // locations that hold nothing but the country "undetermined" are no
    // address, as in the legacy files.
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert!(parsed.entities.iter().all(|e| e.unparsed.is_empty()));

    assert_eq!(
        identifier_kinds(parsed),
        BTreeMap::from([
            ("Other".to_owned(), 4),
            ("Passport".to_owned(), 3),
            ("Registration".to_owned(), 387),
            ("Swift".to_owned(), 34),
            ("TaxId".to_owned(), 182),
        ])
    );
    assert_eq!(total(parsed, |e| e.names.len()), 1_289);
    assert_eq!(total(parsed, |e| e.birth_dates.len()), 77);
    assert_eq!(total(parsed, |e| e.citizenships.len()), 2);
    assert_eq!(total(parsed, |e| e.addresses.len()), 407);
    assert_eq!(total(parsed, |e| e.websites.len()), 184);
    assert_eq!(total(parsed, |e| e.emails.len()), 147);
    assert_eq!(total(parsed, |e| usize::from(e.gender.is_some())), 1);
}

#[test]
fn a_person_with_a_passport() {
    let kayakiran = entity(list(), "us_ofac_cons:26182");
    assert_eq!(kayakiran.schema, Schema::Person);
    assert_eq!(names(kayakiran), [("Evren KAYAKIRAN", NameKind::Primary)]);
    let name = &kayakiran.names[0];
    assert_eq!(name.part(NamePartKind::Family), Some("KAYAKIRAN"));
    assert_eq!(name.part(NamePartKind::Given), Some("Evren"));
    assert_eq!(dates(kayakiran), ["1980-02-08"]);
    assert_eq!(kayakiran.citizenships, [country("TR")]);
    assert_eq!(kayakiran.gender, Some(Gender::Male));
    let [passport] = kayakiran.identifiers.as_slice() else {
        panic!("{:?}", kayakiran.identifiers);
    };
    assert_eq!(
        (passport.kind, passport.number.as_str(), passport.country),
        (IdKind::Passport, "U00242309", Some(country("TR")))
    );
    assert_eq!(passport.label.as_deref(), Some("Passport"));
    let listing = &kayakiran.listings[0];
    assert_eq!(listing.programmes, ["FSE-IR"]);
    assert_eq!(
        listing.listed_on,
        PartialDate::new(2019, Some(2), Some(7)).ok()
    );
    assert_eq!(listing.reference.as_deref(), Some("26182"));
}

#[test]
fn a_person_with_aliases_and_a_year_of_birth() {
    let haniya = entity(list(), "us_ofac_cons:9639");
    assert_eq!(
        names(haniya),
        [
            ("Ismail Abdul Salah HANIYA", NameKind::Primary),
            ("Ismail HANIYA", NameKind::Alias),
            ("Ismaeel HANIYYA", NameKind::Alias),
        ]
    );
    // Written as the days from 1962-01-01 to 1962-12-31.
    assert_eq!(dates(haniya), ["1962"]);
    assert_eq!(haniya.birth_places, ["Shati"]);
    // Its only location is "undetermined".
    assert!(haniya.addresses.is_empty());
    let listing = &haniya.listings[0];
    assert_eq!(listing.programmes, ["NS-PLC"]);
    // On the PLC list since 2006, on the consolidated list since 2014.
    assert_eq!(
        listing.listed_on,
        PartialDate::new(2006, Some(4), Some(12)).ok()
    );
    assert_eq!(
        listing.remarks.as_deref(),
        Some("Lists: Consolidated List, Non-SDN Palestinian Legislative Council List")
    );
}

#[test]
fn an_organisation() {
    let vtb = entity(list(), "us_ofac_cons:17013");
    assert_eq!(vtb.schema, Schema::Organization);
    assert_eq!(vtb.caption(), "VTB BANK OAO");
    assert!(vtb.names[0].parts.is_empty());
    assert!(names(vtb).contains(&("VNESHTORGBANK", NameKind::Former)));
    assert!(names(vtb).contains(&("VTB Bank, open joint-stock company", NameKind::Alias)));
    let ids: Vec<_> = vtb
        .identifiers
        .iter()
        .map(|id| (id.kind, id.number.as_str(), id.label.as_deref()))
        .collect();
    assert_eq!(
        ids,
        [
            (
                IdKind::Registration,
                "1027739609391",
                Some("Registration ID")
            ),
            (
                IdKind::Registration,
                "00032520",
                Some("Government Gazette Number")
            ),
            (IdKind::TaxId, "7702070139", Some("Tax ID No.")),
            (IdKind::Other, "1000", Some("License")),
            (IdKind::Swift, "VTBRRUMM", Some("SWIFT/BIC")),
        ]
    );
    assert_eq!(vtb.identifiers[0].country, Some(country("RU")));
    assert_eq!(vtb.identifiers[0].note.as_deref(), Some("issued in Russia"));
    assert_eq!(vtb.websites, ["www.vtb.com"]);
    assert_eq!(vtb.countries, [country("RU")]);
    assert_eq!(vtb.addresses.len(), 3);
    assert_eq!(
        vtb.addresses[0].full,
        "29, Bolshaya Morskaya str., St. Petersburg, 190000, Russia"
    );
    let listing = &vtb.listings[0];
    assert_eq!(listing.programmes, ["UKRAINE-EO13662"]);
    assert_eq!(
        listing.listed_on,
        PartialDate::new(2014, Some(7), Some(29)).ok()
    );
    let remarks = listing.remarks.as_deref().unwrap_or_default();
    assert!(
        remarks.contains("Executive Order 13662 Directive Determination - Subject to Directive 1"),
        "{remarks}"
    );

    // Relationships are written on the party they start from.
    let orenburgneft = entity(list(), "us_ofac_cons:18267");
    let remarks = orenburgneft.listings[0]
        .remarks
        .as_deref()
        .unwrap_or_default();
    assert!(
        remarks.contains(
            "Owned or Controlled By: Open Joint-Stock Company Rosneft Oil Company (17022)"
        ),
        "{remarks}"
    );
}

/// The decompressed file with `from` replaced by `to` once.
fn edited(from: &str, to: &str) -> Vec<u8> {
    let text =
        String::from_utf8(common::decompressed(LIST)).unwrap_or_else(|e| panic!("{LIST}: {e}"));
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1).into_bytes()
}

#[test]
fn an_unknown_reference_id_is_a_warning_and_the_value_is_kept() {
    // The first feature of the file is Haniya's date of birth.
    let bytes = edited(r#"FeatureTypeID="8""#, r#"FeatureTypeID="99999""#);
    let parsed = interdict_sources::Format::OfacAdvancedXml
        .parse(
            bytes.as_slice(),
            &interdict_sources::Context::new("us_ofac_cons", "edited.xml"),
        )
        .unwrap();
    let [warning] = parsed.warnings.as_slice() else {
        panic!("{:?}", parsed.warnings);
    };
    assert_eq!(
        (
            warning.record.as_str(),
            warning.field.as_str(),
            warning.value.as_str()
        ),
        ("us_ofac_cons:9639", "FeatureType", "99999")
    );
    let haniya = entity(&parsed, "us_ofac_cons:9639");
    assert!(haniya.birth_dates.is_empty());
    assert_eq!(haniya.unparsed[0].value, "1962");
}

#[test]
fn a_truncated_gzip_is_an_error_naming_the_file() {
    let compressed = std::fs::read(common::path(LIST)).unwrap();
    let cut = &compressed[..compressed.len() / 2];
    let error = common::truncated_error(
        Format::OfacAdvancedXml,
        input::from_bytes(cut),
        "us_ofac_cons",
        "cons_advanced.xml.gz (cut)",
    );
    assert!(error.to_string().contains("byte "), "{error}");
}

#[test]
fn a_truncated_file_is_an_error_naming_it() {
    let error = common::assert_truncated_file_fails(
        Format::OfacAdvancedXml,
        LIST,
        "us_ofac_cons",
        "cons_advanced.xml (cut)",
    );
    assert!(error.to_string().contains("truncated"), "{error}");
}

#[test]
fn broken_xml_is_an_error_naming_the_byte() {
    let bytes = edited("</DistinctParty>", "</DistinctPart>");
    let error = common::truncated_error(
        Format::OfacAdvancedXml,
        bytes.as_slice(),
        "us_ofac_cons",
        "broken.xml",
    );
    assert!(
        error.to_string().starts_with("broken.xml: byte "),
        "{error}"
    );
    assert!(error.to_string().contains("malformed XML"), "{error}");
}
