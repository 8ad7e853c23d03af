//! The EU FSF parser on the real full file of 2024-05-13.

mod common;

use interdict_model::{Authority, Country, Gender, IdKind, NameKind, PartialDate, Schema};
use interdict_sources::{Format, Parsed};

use common::{country, entity, name_count, schemas};

const FILE: &str = "eu_fsf/2024-05-13/20240513-FULL-1_1(xsd).xml.gz";

/// The file, parsed once for all the tests that read it.
fn parse_file() -> &'static Parsed {
    common::cached(Format::EuFsfXml, FILE, "eu_fsf")
}

#[test]
fn reads_every_entity_and_name() {
    let parsed = parse_file();
    assert_eq!(
        parsed.meta.published,
        PartialDate::parse_iso("2024-05-13").ok()
    );
    assert_eq!(parsed.entities.len(), 4_811);
    assert_eq!(schemas(parsed, Schema::Person), 3_755);
    assert_eq!(schemas(parsed, Schema::Organization), 1_056);

    // The file has 25,257 nameAlias. 312 repeat a name of the same entity
    // word for word; 279 of them also have the same kind and are merged, the
    // other 33 differ in kind (one copy is marked "low quality alias") and
    // are kept.
    let names: usize = parsed.entities.iter().map(|e| e.names.len()).sum();
    assert_eq!(names, 24_978);
    assert_eq!(
        name_count(parsed, NameKind::Primary),
        4_811,
        "one primary each"
    );
    assert_eq!(name_count(parsed, NameKind::Alias), 19_821);
    assert_eq!(name_count(parsed, NameKind::WeakAlias), 181);
    assert_eq!(name_count(parsed, NameKind::Former), 165);
    assert!(
        parsed
            .entities
            .iter()
            .all(|e| e.names[0].kind == NameKind::Primary && e.listings.len() == 1)
    );
    assert!(
        parsed
            .entities
            .iter()
            .all(|e| e.listings[0].listed_on.is_some())
    );

    let un_references = parsed
        .entities
        .iter()
        .filter(|e| {
            e.identifiers
                .iter()
                .any(|i| i.label.as_deref() == Some("UN reference"))
        })
        .count();
    assert_eq!(un_references, 82);
}

#[test]
fn warns_only_about_unreadable_values() {
    let parsed = parse_file();
    let warnings: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
    // Four Iranian (solar Hijri) birth years given without their Gregorian
    // equivalent, and the retired country code CS (Serbia and Montenegro).
    assert_eq!(
        warnings,
        [
            "eu_fsf:EU.6131.26: birth_date \"1343\": ISLAMIC calendar date with no Gregorian equivalent given",
            "eu_fsf:EU.6133.24: birth_date \"1339\": ISLAMIC calendar date with no Gregorian equivalent given",
            "eu_fsf:EU.6135.22: birth_date \"1340\": ISLAMIC calendar date with no Gregorian equivalent given",
            "eu_fsf:EU.6140.93: birth_date \"1352\": ISLAMIC calendar date with no Gregorian equivalent given",
            "eu_fsf:EU.8330.21: citizenship \"SERBIA AND MONTENEGRO\": not a known country",
        ]
    );
}

#[test]
fn zhu_hailun() {
    let parsed = parse_file();
    let zhu = entity(parsed, "eu_fsf:EU.6251.70");
    assert_eq!(zhu.schema, Schema::Person);
    assert_eq!(zhu.caption(), "ZHU Hailun");
    let chinese = zhu.names.iter().find(|n| n.full == "朱海仑").unwrap();
    assert_eq!(chinese.kind, NameKind::Alias);
    assert_eq!(chinese.language.as_deref(), Some("zh"));
    assert_eq!(chinese.script.as_deref(), Some("Hani"));
    assert_eq!(zhu.birth_dates.len(), 1);
    assert_eq!(zhu.birth_dates[0].to_string(), "1958-01");
    assert_eq!(zhu.birth_places, ["Lianshui, Jiangsu, CHINA"]);
    assert_eq!(zhu.citizenships, [country("CN")]);
    assert_eq!(zhu.gender, Some(Gender::Male));
    let listing = &zhu.listings[0];
    assert_eq!(listing.authority, Authority::Eu);
    assert_eq!(listing.programmes, ["HR"]);
    assert_eq!(listing.listed_on, PartialDate::parse_iso("2021-03-22").ok());
    assert_eq!(listing.reference.as_deref(), Some("EU.6251.70"));
    assert!(
        listing
            .url
            .as_deref()
            .unwrap()
            .starts_with("https://eur-lex.europa.eu/")
    );
    assert!(
        listing
            .remarks
            .as_deref()
            .unwrap()
            .starts_with("ZHU Hailun: Former Secretary")
    );
}

#[test]
fn sergey_lavrov() {
    let parsed = parse_file();
    let lavrov = entity(parsed, "eu_fsf:EU.7511.15");
    // The French and Swedish spellings come first in the file.
    assert_eq!(lavrov.caption(), "Sergey Viktorovich LAVROV");
    let cyrillic = lavrov
        .names
        .iter()
        .find(|n| n.full == "Сергей Викторович ЛАВРОВ")
        .unwrap();
    assert_eq!(cyrillic.kind, NameKind::Alias);
    assert_eq!(cyrillic.script.as_deref(), Some("Cyrl"));
    let french = lavrov
        .names
        .iter()
        .find(|n| n.full == "Sergueï Viktorovich LAVROV")
        .unwrap();
    assert_eq!(french.language.as_deref(), Some("fr"));
    assert_eq!(lavrov.birth_dates[0].to_string(), "1950-03-21");
    assert_eq!(
        lavrov.positions,
        ["Minister of Foreign Affairs of the Russian Federation"]
    );
    assert_eq!(lavrov.listings[0].programmes, ["UKR"]);
    assert_eq!(
        lavrov.listings[0].listed_on,
        PartialDate::parse_iso("2022-02-25").ok()
    );
}

#[test]
fn a_passport() {
    let parsed = parse_file();
    let gul = entity(parsed, "eu_fsf:EU.320.35");
    assert_eq!(gul.caption(), "Haji Gulab Gul");
    let passport = gul
        .identifiers
        .iter()
        .find(|i| i.kind == IdKind::Passport)
        .unwrap();
    assert_eq!(passport.number, "TR024417");
    assert_eq!(passport.country, Country::from_alpha2("AF"));
    assert_eq!(passport.label.as_deref(), Some("National passport"));
    assert_eq!(
        passport.note.as_deref(),
        Some(
            "known expired; valid from 2003-12-20; valid to 2006-12-29; \
             passport number issued under the name Haji Gulab Gul"
        )
    );
    let passports = parsed
        .entities
        .iter()
        .flat_map(|e| &e.identifiers)
        .filter(|i| i.kind == IdKind::Passport)
        .count();
    assert!(passports > 450, "{passports}");
}

#[test]
fn a_truncated_file_is_an_error_naming_it() {
    let error =
        common::assert_truncated_file_fails(Format::EuFsfXml, FILE, "eu_fsf", "eu-truncated.xml");
    assert!(error.to_string().contains("truncated"), "{error}");
}

#[test]
fn contact_details_are_typed() {
    let parsed = parse_file();
    let total = |field: fn(&interdict_model::Entity) -> usize| -> usize {
        parsed.entities.iter().map(field).sum()
    };
    // 266 EMAIL, 311 PHONE + 98 FAX and 291 WEB `contactInfo`: several
    // hold more than one value ("a@x.sy; b@x.sy", "a@x.sy and b@x.sy"),
    // others repeat on several addresses of one entity.
    assert_eq!(
        (
            total(|e| e.emails.len()),
            total(|e| e.phones.len()),
            total(|e| e.websites.len()),
        ),
        (285, 447, 313)
    );
    let unparsed: usize = total(|e| e.unparsed.len());
    assert_eq!(unparsed, 5, "only the values warned about");
    let fadjr = parsed
        .entities
        .iter()
        .find(|e| e.emails.iter().any(|m| m == "fadjr@isiran-net.com"))
        .unwrap();
    assert!(fadjr.emails.iter().any(|m| m == "info@sanamel.com"));
}
