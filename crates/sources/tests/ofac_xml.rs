//! The OFAC legacy XML parser on the real SDN list and the non-SDN
//! consolidated lists in `shared/data`.

mod common;

use std::collections::{BTreeMap, HashSet};

use interdict_model::{Authority, Gender, IdKind, NameKind, NamePartKind, PartialDate, Schema};
use interdict_sources::{Format, Parsed};

use common::{by_schema, country, dates, entity, names, warnings_by_field};

const SDN: &str = "us_ofac/sdn_xml_2024-05-07/sdn.xml.gz";

/// The SDN list, parsed once for all the tests that read it.
fn sdn() -> &'static Parsed {
    common::cached(Format::OfacXml, SDN, "us_ofac_sdn")
}

/// What holds for every entity of every OFAC file.
fn check_invariants(parsed: &Parsed, source: &str) {
    for (entity, listing) in common::single_listings(parsed) {
        assert_eq!(listing.source, source);
        assert_eq!(listing.authority, Authority::UsOfac);
        assert!(
            !listing.programmes.is_empty(),
            "{} has no programme",
            entity.id
        );
        assert_eq!(
            Some(entity.id.as_str()),
            listing
                .reference
                .as_ref()
                .map(|r| format!("{source}:{r}"))
                .as_deref()
        );
        for id in &entity.identifiers {
            // Facts OFAC writes as ids never become identifiers.
            let label = id.label.as_deref().unwrap_or_default();
            for fact in [
                "Gender",
                "Website",
                "Email",
                "Phone",
                "Secondary sanctions",
                "Established",
                "Sanctions Information",
            ] {
                assert!(
                    !label.contains(fact),
                    "{}: {label} is an identifier",
                    entity.id
                );
            }
            assert!(!id.number.trim().is_empty());
            if id.kind == IdKind::Imo {
                // A ship's IMO number, or a shipping company's.
                let company = id.note.as_deref() == Some("IMO company number");
                assert_eq!(
                    entity.schema == Schema::Vessel,
                    !company,
                    "{}: {id:?}",
                    entity.id
                );
                assert!(id.number.len() == 7 && id.number.bytes().all(|b| b.is_ascii_digit()));
            }
        }
    }
}

#[test]
fn sdn_list_2024_05_07() {
    let parsed = sdn();
    assert_eq!(
        parsed.meta.published,
        PartialDate::new(2024, Some(5), Some(7)).ok()
    );
    assert_eq!(parsed.meta.declared_count, Some(14_966));
    assert_eq!(parsed.entities.len(), 14_966);
    assert_eq!(
        by_schema(parsed),
        BTreeMap::from([
            (Schema::Person, 6_855),
            (Schema::Organization, 6_884),
            (Schema::Vessel, 851),
            (Schema::Aircraft, 376),
        ])
    );
    check_invariants(parsed, "us_ofac_sdn");

    // Every one a country OFAC writes that is no ISO country: "undetermined"
    // (7), "None Identified", "Netherlands Antilles" (2), and regions (Kafia
    // Kingi 6, Crimea 2, Northern Mali, Commonwealth of Independent States).
    assert_eq!(warnings_by_field(parsed), BTreeMap::from([("country", 20)]));
    let unknown: HashSet<&str> = parsed.warnings.iter().map(|w| w.value.as_str()).collect();
    assert_eq!(
        unknown,
        HashSet::from([
            "undetermined",
            "None Identified",
            "Netherlands Antilles",
            "Region: Kafia Kingi",
            "Region: Crimea",
            "Region: Northern Mali",
            "Region: Commonwealth of Independent States",
        ])
    );

    let kinds = parsed.entities.iter().flat_map(|e| &e.identifiers).fold(
        BTreeMap::new(),
        |mut counts, id| {
            *counts.entry(format!("{:?}", id.kind)).or_insert(0) += 1;
            counts
        },
    );
    // 846 ships' and 138 shipping companies' IMO numbers.
    assert_eq!(kinds["Imo"], 984);
    assert_eq!(kinds["Passport"], 2_146);
    assert_eq!(kinds["Swift"], 162);
    let gendered = parsed
        .entities
        .iter()
        .filter(|e| e.gender.is_some())
        .count();
    assert_eq!(gendered, 4_265);

    // Contacts are in their own fields, not in the remarks (every one of
    // OFAC's ids of these types; an entity repeats none).
    let contacts = |list: fn(&interdict_model::Entity) -> &Vec<String>| {
        parsed.entities.iter().map(|e| list(e).len()).sum::<usize>()
    };
    assert_eq!(contacts(|e| &e.websites), 932);
    assert_eq!(contacts(|e| &e.emails), 296);
    assert_eq!(contacts(|e| &e.phones), 69);
    let irisl = entity(parsed, "us_ofac_sdn:25396");
    assert!(irisl.websites.contains(&"www.irisl.net".to_owned()));
}

#[test]
fn sdn_people() {
    let parsed = sdn();

    let zhu = entity(parsed, "us_ofac_sdn:29219");
    assert_eq!(zhu.schema, Schema::Person);
    assert_eq!(zhu.caption(), "Hailun ZHU");
    assert_eq!(zhu.names[0].part(NamePartKind::Family), Some("ZHU"));
    assert_eq!(zhu.names[0].part(NamePartKind::Given), Some("Hailun"));
    assert_eq!(dates(zhu), ["1958-01"]);
    assert_eq!(zhu.birth_places, ["Lianshui, Jiangsu, China"]);
    assert_eq!(zhu.gender, Some(Gender::Male));
    assert!(zhu.identifiers.is_empty());
    assert_eq!(zhu.addresses[0].full, "Xinjiang, China");
    assert_eq!(zhu.listings[0].programmes, ["GLOMAG"]);
    assert_eq!(zhu.listings[0].reference.as_deref(), Some("29219"));

    let calle = entity(parsed, "us_ofac_sdn:9566");
    assert_eq!(
        names(calle),
        [
            ("Luis Enrique CALLE SERNA", NameKind::Primary),
            ("Manuel CALLE SERNA", NameKind::Alias),
            ("COMBATIENTE", NameKind::WeakAlias),
            ("COMBA", NameKind::WeakAlias),
        ]
    );
    assert_eq!(dates(calle), ["1976-08-16"]);
    assert_eq!(calle.citizenships, [country("CO")]);
    assert_eq!(
        calle.birth_places,
        ["Cali, Colombia", "Armenia, Quindio, Colombia"]
    );
    let ids: Vec<_> = calle
        .identifiers
        .iter()
        .map(|id| (id.kind, id.number.as_str(), id.country, id.note.as_deref()))
        .collect();
    assert_eq!(
        ids,
        [
            (
                IdKind::NationalId,
                "94487319",
                Some(country("CO")),
                Some("issued 31 Oct 1994")
            ),
            (
                IdKind::Passport,
                "AI811078",
                Some(country("CO")),
                Some("issued 09 May 2003")
            ),
            (IdKind::Passport, "AH454934", Some(country("CO")), None),
            (
                IdKind::Passport,
                "94487319",
                Some(country("CO")),
                Some("issued 09 May 2003; expires 09 May 2013")
            ),
        ]
    );
    assert_eq!(calle.identifiers[0].label.as_deref(), Some("Cedula No."));
    assert_eq!(calle.addresses.len(), 3);
    assert_eq!(
        calle.addresses[1].full,
        "Calle 1 No. 56-109, Seminario B, Caro 31, Cali, Colombia"
    );
}

#[test]
fn sdn_organisations_vessels_and_aircraft() {
    let parsed = sdn();

    let airline = entity(parsed, "us_ofac_sdn:36");
    assert_eq!(airline.schema, Schema::Organization);
    assert_eq!(
        names(airline),
        [
            ("AEROCARIBBEAN AIRLINES", NameKind::Primary),
            ("AERO-CARIBBEAN", NameKind::Alias)
        ]
    );
    assert_eq!(airline.listings[0].programmes, ["CUBA"]);
    assert_eq!(airline.addresses[0].full, "Havana, Cuba");
    assert_eq!(airline.countries, [country("CU")]);

    let ebano = entity(parsed, "us_ofac_sdn:4243");
    assert_eq!(ebano.schema, Schema::Vessel);
    assert_eq!(
        names(ebano),
        [
            ("EBANO", NameKind::Primary),
            ("ANA I", NameKind::Former),
            ("SAND SWAN", NameKind::Former)
        ]
    );
    let imo = &ebano.identifiers[0];
    assert_eq!((imo.kind, imo.number.as_str()), (IdKind::Imo, "7406784"));
    let vessel = ebano.vessel.as_ref().unwrap();
    assert_eq!(vessel.flag, Some(country("PA")));
    assert_eq!(vessel.vessel_type.as_deref(), Some("General Cargo"));
    assert_eq!(vessel.tonnage.as_deref(), Some("2595"));
    assert_eq!(ebano.countries, [country("PA")]);

    // Ships of a few organisations carry IMO company numbers.
    let shipping = parsed
        .entities
        .iter()
        .filter(|e| e.schema == Schema::Organization)
        .flat_map(|e| &e.identifiers)
        .filter(|id| id.note.as_deref() == Some("IMO company number"))
        .count();
    assert_eq!(shipping, 138);

    let aircraft = parsed
        .entities
        .iter()
        .filter(|e| e.schema == Schema::Aircraft);
    let with_tail_number = aircraft
        .filter(|e| {
            e.identifiers
                .iter()
                .any(|id| id.label.as_deref() == Some("Aircraft Tail Number"))
        })
        .count();
    assert_eq!(with_tail_number, 150);
}

#[test]
fn consolidated_lists() {
    for (list, published, count, people, organisations, websites, emails) in [
        (
            "us_ofac/cons_xml_2024-05-06/consolidated.xml.gz",
            (2024, 5, 6),
            443,
            79,
            364,
            177,
            126,
        ),
        (
            "us_ofac/cons_xml_2026-01-08/consolidated.xml.gz",
            (2026, 1, 8),
            442,
            79,
            363,
            176,
            125,
        ),
    ] {
        let parsed = &common::load(Format::OfacXml, list, "us_ofac_cons");
        let (year, month, day) = published;
        assert_eq!(
            parsed.meta.published,
            PartialDate::new(year, Some(month), Some(day)).ok()
        );
        assert_eq!(parsed.meta.declared_count, Some(count));
        assert_eq!(parsed.entities.len(), count);
        assert_eq!(
            by_schema(parsed),
            BTreeMap::from([
                (Schema::Person, people),
                (Schema::Organization, organisations)
            ])
        );
        check_invariants(parsed, "us_ofac_cons");
        assert!(parsed.warnings.is_empty(), "{list}: {:?}", parsed.warnings);
        let sum = |list: fn(&interdict_model::Entity) -> usize| {
            parsed.entities.iter().map(list).sum::<usize>()
        };
        assert_eq!(sum(|e| e.websites.len()), websites);
        assert_eq!(sum(|e| e.emails.len()), emails);

        let haniya = entity(parsed, "us_ofac_cons:9639");
        assert_eq!(haniya.caption(), "Ismail Abdul Salah HANIYA");
        assert_eq!(dates(haniya), ["1962"]);
        assert_eq!(haniya.birth_places, ["Shati"]);
        assert_eq!(haniya.listings[0].programmes, ["NS-PLC"]);
        assert!(names(haniya).contains(&("Ismaeel HANIYYA", NameKind::Alias)));
    }
}

#[test]
fn a_truncated_file_is_an_error_naming_it() {
    let error =
        common::assert_truncated_file_fails(Format::OfacXml, SDN, "us_ofac_sdn", "sdn.xml (cut)");
    assert!(
        error.to_string().starts_with("sdn.xml (cut): byte "),
        "{error}"
    );
}
