//! The UK Sanctions List (FCDO) parser on a hand-made fixture: no real file
//! is in `shared/data`, so `tests/fixtures/gb_fcdo/UK_Sanctions_List.xml`
//! holds one designation of each kind with every element the parser reads.

mod common;

use std::collections::BTreeMap;

use interdict_model::{
    Authority, Entity, Gender, IdKind, Identifier, NameKind, NamePartKind, PartialDate, Schema,
};
use interdict_sources::{Context, Format, Parsed, gb_fcdo_xml};

use common::{by_schema, country, dates, entity, names};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/gb_fcdo/UK_Sanctions_List.xml"
);

fn fixture() -> Vec<u8> {
    std::fs::read(FIXTURE).unwrap_or_else(|e| panic!("{FIXTURE}: {e}"))
}

fn parse_fixture() -> Parsed {
    gb_fcdo_xml::parse(
        fixture().as_slice(),
        &Context::new("gb_fcdo", "UK_Sanctions_List.xml"),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn identifiers(entity: &Entity) -> Vec<(IdKind, &str, Option<&str>, Option<&str>)> {
    entity
        .identifiers
        .iter()
        .map(
            |Identifier {
                 kind,
                 number,
                 label,
                 note,
                 ..
             }| { (*kind, number.as_str(), label.as_deref(), note.as_deref()) },
        )
        .collect()
}

#[test]
fn reads_every_designation() {
    let parsed = parse_fixture();
    assert_eq!(
        parsed.meta.published,
        PartialDate::parse_iso("2025-04-14").ok()
    );
    assert_eq!(
        by_schema(&parsed),
        BTreeMap::from([
            (Schema::Person, 2),
            (Schema::Organization, 1),
            (Schema::Vessel, 1)
        ])
    );
    let ids: Vec<&str> = parsed.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "gb_fcdo:RUS0001",
            "gb_fcdo:AFG0006",
            "gb_fcdo:RUS0263",
            "gb_fcdo:DPR0075"
        ]
    );
    for (entity, listing) in common::single_listings(&parsed) {
        assert_eq!(listing.authority, Authority::GbFcdo);
        assert_eq!(
            listing
                .reference
                .as_ref()
                .map(|r| format!("gb_fcdo:{r}"))
                .as_ref(),
            Some(&entity.id),
            "the UniqueID is the listing's reference"
        );
        assert_eq!(listing.programmes.len(), 1);
        assert!(listing.listed_on.is_some());
    }
    // The one deliberately unreadable date of birth.
    let warnings: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        ["gb_fcdo:AFG0006: birth_date \"15/08/19yy\": two days"]
    );
}

#[test]
fn an_individual() {
    let parsed = parse_fixture();
    let kiselev = entity(&parsed, "gb_fcdo:RUS0001");
    assert_eq!(kiselev.schema, Schema::Person);
    assert_eq!(
        names(kiselev),
        [
            ("Dmitry Konstantinovich KISELYOV", NameKind::Primary),
            ("Dmitrii Konstantinovich KISELEV", NameKind::Alias),
            ("Dmitriy KISELEV", NameKind::Alias),
            ("Kiselyov", NameKind::WeakAlias),
            ("Дмитрий Константинович Киселёв", NameKind::Alias),
        ]
    );
    let primary = &kiselev.names[0];
    assert_eq!(primary.part(NamePartKind::Given), Some("Dmitry"));
    assert_eq!(primary.part(NamePartKind::Middle), Some("Konstantinovich"));
    assert_eq!(primary.part(NamePartKind::Family), Some("KISELYOV"));
    let cyrillic = &kiselev.names[4];
    assert_eq!(cyrillic.script.as_deref(), Some("Cyrl"));
    assert_eq!(cyrillic.language.as_deref(), Some("ru"));

    assert_eq!(
        dates(kiselev),
        ["1954-04-26", "1957"],
        "dd/mm/1957 is a year"
    );
    assert_eq!(kiselev.titles, ["Mr"]);
    assert_eq!(kiselev.nationalities, [country("RU"), country("UA")]);
    assert_eq!(kiselev.gender, Some(Gender::Male));
    assert_eq!(kiselev.birth_places, ["Moscow, Russia"]);
    assert_eq!(
        kiselev.positions,
        [
            "Head of the Russian Federal State News Agency 'Rossiya Segodnya'",
            "Television presenter"
        ]
    );
    assert_eq!(
        identifiers(kiselev),
        [
            (
                IdKind::Passport,
                "530293463",
                None,
                Some("Russia, expiry date: 18/03/2023")
            ),
            (
                IdKind::NationalId,
                "4509 123456",
                None,
                Some("Russian Federation internal passport")
            ),
            (IdKind::Other, "12944", Some("OFSI Group ID"), None),
        ]
    );
    let address = &kiselev.addresses[0];
    assert_eq!(address.full, "4 Zubovsky Boulevard, Moscow, 119021, Russia");
    assert_eq!(address.street.as_deref(), Some("4 Zubovsky Boulevard"));
    assert_eq!(address.city.as_deref(), Some("Moscow"));
    assert_eq!(address.postal_code.as_deref(), Some("119021"));
    assert_eq!(address.country, Some(country("RU")));
    assert_eq!(kiselev.countries, [country("RU")]);

    let listing = &kiselev.listings[0];
    assert_eq!(
        listing.programmes,
        ["The Russia (Sanctions) (EU Exit) Regulations 2019"]
    );
    assert_eq!(listing.listed_on, PartialDate::parse_iso("2020-12-31").ok());
    assert_eq!(
        listing.remarks.as_deref(),
        Some(concat!(
            "Financial sanctions imposed in addition to an asset freeze: Trust services.\n",
            "Appointed by Presidential Decree on 9 December 2013 Head of the Russian Federal State news agency \"Rossiya Segodnya\". Central figure of the Russian government propaganda.\n",
            "Sanctions imposed: Asset freeze; Travel Ban; Trust services sanctions\n",
            "Designation source: UK\n",
            "Last updated: 2023-03-21"
        ))
    );
}

#[test]
fn a_un_designation_with_partial_dates() {
    let parsed = parse_fixture();
    let baradar = entity(&parsed, "gb_fcdo:AFG0006");
    assert_eq!(
        names(baradar),
        [
            ("Abdul Ghani Baradar ABDUL AHMAD TURK", NameKind::Primary),
            ("Mullah Baradar Akhund", NameKind::Alias),
            ("عبدالغنی برادر عبد الاحمد ترک", NameKind::Alias),
        ]
    );
    assert!(baradar.names[1].parts.is_empty(), "a name given whole");
    assert_eq!(baradar.names[2].language.as_deref(), Some("fa"));
    assert_eq!(dates(baradar), ["1968", "1967-03"]);
    assert_eq!(baradar.unparsed[0].value, "15/08/19yy");
    assert_eq!(baradar.titles, ["Mullah"]);
    assert_eq!(baradar.gender, Some(Gender::Male));
    assert_eq!(
        baradar.birth_places,
        [
            "Yatimak village, Dehrawood District, Afghanistan",
            "Weetmak village"
        ]
    );
    assert_eq!(
        identifiers(baradar),
        [
            (IdKind::Other, "7060", Some("OFSI Group ID"), None),
            (IdKind::Other, "TAi.024", Some("UN Reference Number"), None),
        ]
    );
    assert_eq!(
        baradar.listings[0].remarks.as_deref(),
        Some(
            "Sanctions imposed: AssetFreeze; ArmsEmbargo; TravelBan\nDesignation source: UN\nLast updated: 2021-02-01"
        ),
        "without SanctionsImposed, the indicators say which"
    );
}

#[test]
fn an_entity_with_addresses_and_contacts() {
    let parsed = parse_fixture();
    let rosneft = entity(&parsed, "gb_fcdo:RUS0263");
    assert_eq!(rosneft.schema, Schema::Organization);
    assert_eq!(
        names(rosneft),
        [
            (
                "PUBLIC JOINT STOCK COMPANY ROSNEFT OIL COMPANY",
                NameKind::Primary
            ),
            ("ROSNEFT", NameKind::Alias),
            ("OAO NEFTYANAYA KOMPANIYA ROSNEFT", NameKind::Alias),
            ("ПАО НК Роснефть", NameKind::Alias),
        ]
    );
    assert!(
        rosneft.names[0].parts.is_empty(),
        "an entity's name has no parts"
    );
    let addresses: Vec<_> = rosneft
        .addresses
        .iter()
        .map(|a| (a.full.as_str(), a.country.map(|c| c.to_string())))
        .collect();
    assert_eq!(
        addresses,
        [
            (
                "26/1 Sofiyskaya Embankment, Moscow, 115035, Russia",
                Some("RU".to_owned())
            ),
            (
                "Office 5, 12 Example Street, Dubai, United Arab Emirates",
                Some("AE".to_owned())
            ),
        ]
    );
    assert_eq!(rosneft.countries, [country("RU"), country("AE")]);
    assert_eq!(rosneft.phones, ["+7 (499) 517-88-99", "+7 (499) 517-72-35"]);
    assert_eq!(rosneft.emails, ["postman@rosneft.ru", "press@rosneft.ru"]);
    assert_eq!(rosneft.websites, ["www.rosneft.ru"]);
    assert_eq!(
        identifiers(rosneft),
        [
            (IdKind::Registration, "1027700043502", Some("OGRN"), None),
            (
                IdKind::TaxId,
                "7706107510",
                Some("Tax Identification Number: INN"),
                None
            ),
            (IdKind::Other, "14188", Some("OFSI Group ID"), None),
        ]
    );
    assert_eq!(
        rosneft.listings[0].remarks.as_deref(),
        Some(concat!(
            "A Russian state-owned oil company.\n",
            "Sanctions imposed: Asset freeze; Loan and credit prohibitions\n",
            "Designation source: UK\n",
            "Type of entity: Public Joint Stock Company\n",
            "Parent company: Rosneftegaz\n",
            "Subsidiary: Rosneft Trading S.A.\n",
            "Last updated: 2022-09-15"
        ))
    );
}

#[test]
fn a_ship() {
    let parsed = parse_fixture();
    let petrel = entity(&parsed, "gb_fcdo:DPR0075");
    assert_eq!(petrel.schema, Schema::Vessel);
    assert_eq!(
        names(petrel),
        [
            ("PETREL 8", NameKind::Primary),
            ("JAL VAHINI", NameKind::Alias)
        ],
        "`Primary name` in any case"
    );
    assert_eq!(
        identifiers(petrel),
        [
            (IdKind::Imo, "9562233", None, None),
            (IdKind::Other, "13557", Some("OFSI Group ID"), None),
            (IdKind::Other, "KPe.075", Some("UN Reference Number"), None),
        ]
    );
    let vessel = petrel.vessel.as_ref().unwrap();
    assert_eq!(vessel.flag, Some(country("KM")));
    assert_eq!(vessel.vessel_type.as_deref(), Some("Bulk Carrier"));
    assert_eq!(vessel.tonnage.as_deref(), Some("7078"));
    assert_eq!(
        vessel.owner.as_deref(),
        Some("Global United Shipping India")
    );
    assert_eq!(petrel.countries, [country("KM")]);
    assert_eq!(dates(petrel), ["2011"], "the year built");
    let listing = &petrel.listings[0];
    assert_eq!(listing.listed_on, PartialDate::parse_iso("2017-10-03").ok());
    assert_eq!(
        listing.remarks.as_deref(),
        Some(concat!(
            "Involved in ship-to-ship transfers.\n",
            "Sanctions imposed: Prohibition of port entry; Deflag\n",
            "Designation source: UN\n",
            "Previous owner or operator: Petrel Shipping Co\n",
            "Previous flag: India\n",
            "Length of ship: 120\n",
            "Last updated: 2021-12-18"
        ))
    );
}

#[test]
fn a_truncated_file_is_an_error_naming_it() {
    let bytes = fixture();
    for cut in [bytes.len() / 3, bytes.len() / 2, bytes.len() - 20] {
        let error = common::truncated_error(
            Format::GbFcdoXml,
            &bytes[..cut],
            "gb_fcdo",
            "UK_Sanctions_List.xml (cut)",
        );
        assert!(
            error
                .to_string()
                .starts_with("UK_Sanctions_List.xml (cut): byte "),
            "{error}"
        );
    }
}

#[test]
fn malformed_xml_is_an_error_naming_the_byte() {
    let text = String::from_utf8(fixture())
        .unwrap()
        .replacen("</Name6>", "</Name7>", 1);
    let error = gb_fcdo_xml::parse(text.as_bytes(), &Context::new("gb_fcdo", "list.xml"))
        .expect_err("mismatched tags were accepted");
    assert!(error.to_string().starts_with("list.xml: byte "), "{error}");
}

#[test]
fn another_list_is_refused() {
    let un = common::decompressed("un_sc/2026-02-27/consolidated.xml.gz");
    let error = gb_fcdo_xml::parse(un.as_slice(), &Context::new("gb_fcdo", "consolidated.xml"))
        .expect_err("a UN file was accepted");
    assert!(
        error.to_string().contains("not a UK Sanctions List"),
        "{error}"
    );
}
