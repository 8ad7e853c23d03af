//! The FollowTheMoney JSON Lines parser on OpenSanctions' sample files: an
//! `entities.ftm.json`, an `.ijson`, a delta stream and a
//! `targets.nested.json`.

mod common;

use std::collections::BTreeMap;

use interdict_model::{Authority, IdKind, NameKind, PartialDate, Schema};
use interdict_sources::{Context, Format, Location, Parsed};

use common::{by_schema, country, dates, entity, warnings_by_field};

const ZALA: &str = "opensanctions_ftm/zala_entities.ftm.json.gz";
const DONATIONS: &str = "opensanctions_ftm/nomenklatura_donations.ijson.gz";
const DELTA: &str = "opensanctions_ftm/yente_entities.delta.json.gz";
const NESTED: &str = "opensanctions_ftm/wd_persons_targets.nested.json.gz";

fn zala() -> &'static Parsed {
    common::cached(Format::FtmJson, ZALA, "zala")
}

fn delta() -> &'static Parsed {
    common::cached(Format::FtmJson, DELTA, "yente")
}

fn date(text: &str) -> Option<PartialDate> {
    Some(PartialDate::parse_iso(text).unwrap_or_else(|e| panic!("{e}")))
}

/// How many listings there are by each authority.
fn listings_by_authority(parsed: &Parsed) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for listing in parsed.entities.iter().flat_map(|e| &e.listings) {
        *counts.entry(listing.authority.id().to_owned()).or_default() += 1;
    }
    counts
}

/// Listings made from `Sanction` entities: OpenSanctions gives every one a
/// source URL, and a listing by a dataset alone has none.
fn sanction_listings(parsed: &Parsed) -> usize {
    parsed
        .entities
        .iter()
        .flat_map(|e| &e.listings)
        .filter(|l| l.url.is_some())
        .count()
}

#[test]
fn zala_entities() {
    let parsed = zala();
    // 91 lines: 6 Person and 11 Company are entities; 41 Sanction become
    // listings, 11 Address addresses and 1 Passport (without a number)
    // nothing; 14 Ownership, 4 Family and 3 Directorship are skipped.
    assert_eq!(
        by_schema(parsed),
        BTreeMap::from([(Schema::Person, 6), (Schema::Company, 11)])
    );
    let listings: usize = parsed.entities.iter().map(|e| e.listings.len()).sum();
    assert_eq!(listings, 150);
    assert_eq!(sanction_listings(parsed), 41, "every sanction is read");
    let authorities = listings_by_authority(parsed);
    assert_eq!(
        authorities["us_ofac"], 15,
        "10 SDN and 5 SAM exclusions by OFAC"
    );
    assert_eq!(authorities["eu"], 15);
    assert_eq!(authorities["gb_fcdo"], 8);
    assert_eq!(authorities["ch_seco"], 8);
    assert_eq!(authorities["ca_gac"], 2);
    assert_eq!(authorities["au_dfat"], 2);
    assert_eq!(authorities["us_bis"], 1);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert!(parsed.entities.iter().all(|e| !e.listings.is_empty()));
}

#[test]
fn a_russian_person_with_transliteration_variants() {
    let zakharov = entity(zala(), "zala:NK-aU5ybkbRFJucf8YMwsJvDw");
    assert_eq!(zakharov.schema, Schema::Person);
    assert_eq!(zakharov.caption(), "Alexander Vyacheslavovich ZAKHAROV");
    let named = |full: &str| {
        zakharov
            .names
            .iter()
            .find(|n| n.full == full)
            .map(|n| (n.kind, n.script.as_deref()))
    };
    assert_eq!(
        named("Александр Вячеславович Захаров"),
        Some((NameKind::Primary, Some("Cyrl")))
    );
    assert_eq!(
        named("Захаров Олександр В'ячеславович"),
        Some((NameKind::Primary, Some("Cyrl")))
    );
    assert_eq!(
        named("Aleksandr Vjačeslavovič Zacharov"),
        Some((NameKind::Primary, Some("Latn")))
    );
    assert_eq!(
        named("Zakharov Oleksandr Viacheslavovych"),
        Some((NameKind::Alias, Some("Latn")))
    );
    assert_eq!(zakharov.names.len(), 18);
    assert_eq!(dates(zakharov), ["1965-09-21"]);
    assert_eq!(zakharov.nationalities, [country("RU")]);
    assert_eq!(zakharov.gender, Some(interdict_model::Gender::Male));
    assert!(zakharov.birth_places.iter().any(|p| p == "Izhevsk"));
    let inn = &zakharov.identifiers[0];
    assert_eq!(
        (inn.kind, inn.number.as_str(), inn.label.as_deref()),
        (IdKind::TaxId, "183111242406", Some("INN")),
        "one identifier for the INN that is also his taxNumber"
    );
    let address = &zakharov.addresses[0];
    assert_eq!(
        address.full,
        "272 Pushkinskaya Street, Apt 41, Izhevsk, 426008"
    );
    assert_eq!(address.city.as_deref(), Some("Izhevsk"));
    assert_eq!(address.country, Some(country("RU")));

    assert_eq!(zakharov.listings.len(), 15);
    let eu = zakharov
        .listings
        .iter()
        .find(|l| l.source == "eu_fsf")
        .unwrap();
    assert_eq!(eu.authority, Authority::Eu);
    assert_eq!(eu.programmes, ["UKR", "EU-UKR"]);
    assert_eq!(eu.listed_on, date("2025-02-24"));
    assert_eq!(eu.reference.as_deref(), Some("EU.12789.10"));
    assert_eq!(eu.remarks.as_deref(), Some("2025/389 (OJ L24022025)"));
    let uk = zakharov
        .listings
        .iter()
        .find(|l| l.source == "gb_fcdo_sanctions")
        .unwrap();
    assert_eq!(uk.authority, Authority::GbFcdo);
    assert_eq!(uk.listed_on, date("2023-12-06"));
    assert!(uk.programmes.contains(&"GB-RUS".to_owned()));
    let ofac = zakharov
        .listings
        .iter()
        .find(|l| l.source == "us_ofac_sdn")
        .unwrap();
    assert_eq!(ofac.authority, Authority::UsOfac);
    assert_eq!(ofac.programmes, ["RUSSIA-EO14024", "US-RUSHAR"]);
    assert_eq!(ofac.reference.as_deref(), Some("45937"));
    let ukraine = zakharov
        .listings
        .iter()
        .find(|l| l.source == "ua_nsdc_sanctions")
        .unwrap();
    assert_eq!(
        ukraine.authority,
        Authority::Other("ua_nsdc_sanctions".into())
    );
    assert_eq!(
        (ukraine.listed_on, ukraine.ended_on),
        (date("2023-07-01"), date("2033-07-01"))
    );
    // His datasets without a sanction still list him.
    let egrul = zakharov
        .listings
        .iter()
        .find(|l| l.source == "ext_ru_egrul")
        .unwrap();
    assert_eq!(egrul.authority, Authority::Other("ext_ru_egrul".into()));
    assert!(egrul.programmes.is_empty());
}

#[test]
fn a_company_and_its_registry_numbers() {
    let company = entity(zala(), "zala:NK-56Edov9bas9puzaChH5pBy");
    assert_eq!(company.schema, Schema::Company);
    assert_eq!(
        company.caption(),
        "ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ \"ИЖТЕЛЕКОМ\""
    );
    assert_eq!(company.countries, [country("RU")]);
    assert_eq!(dates(company), ["2002-12-31", "2002-10-02"]);
    let numbers: Vec<_> = company
        .identifiers
        .iter()
        .map(|i| (i.kind, i.number.as_str()))
        .collect();
    assert_eq!(
        numbers,
        [
            (IdKind::TaxId, "1835045074"),
            (IdKind::TaxId, "1831006638"),
            (IdKind::Registration, "1021801671462"),
            (IdKind::Registration, "1021801149754"),
            (IdKind::Other, "183101001"),
            (IdKind::Other, "183501001"),
        ]
    );
    assert_eq!(company.addresses.len(), 2);
    let [listing] = company.listings.as_slice() else {
        panic!("one dataset");
    };
    assert_eq!(listing.source, "ext_ru_egrul");
}

#[test]
fn delta_stream_final_state() {
    let parsed = delta();
    // 1,700 operations (90 ADD, 1,039 MOD, 571 DEL of ids the stream does
    // not otherwise hold) leave 1,129 records: these entities, 547
    // sanctions, 2 addresses, 1 passport and 3 skipped links.
    assert_eq!(
        by_schema(parsed),
        BTreeMap::from([
            (Schema::Person, 451),
            (Schema::Organization, 97),
            (Schema::Company, 1),
            (Schema::LegalEntity, 27),
        ])
    );
    let listings: usize = parsed.entities.iter().map(|e| e.listings.len()).sum();
    assert_eq!(listings, 9328);
    assert_eq!(
        sanction_listings(parsed),
        539,
        "547 sanctions, 8 of them on entities the stream does not hold"
    );
    let authorities = listings_by_authority(parsed);
    assert_eq!(authorities["eu"], 842);
    assert_eq!(authorities["un_sc"], 466);
    assert_eq!(authorities["gb_ofsi"], 469);
    assert_eq!(authorities["gb_fcdo"], 470);
    assert_eq!(authorities["us_ofac"], 368);
    assert_eq!(authorities["id_dttot"], 475);
}

#[test]
fn delta_warnings_are_unreadable_values_or_missing_targets() {
    let parsed = delta();
    // 50 Iranian counter-sanctions targets are European bodies, country
    // `eu`; one organisation is `zz` (global) and one person was born in
    // the Soviet Union (`suhh`, as nationality and country): none is an
    // ISO 3166-1 country. The stream holds changes only, so 8 sanctions
    // name entities that are not in it.
    assert_eq!(
        warnings_by_field(parsed),
        BTreeMap::from([("country", 52), ("nationality", 1), ("entity", 8)])
    );
    let values: BTreeMap<&str, usize> =
        parsed
            .warnings
            .iter()
            .fold(BTreeMap::new(), |mut counts, w| {
                if w.field != "entity" {
                    *counts.entry(w.value.as_str()).or_default() += 1;
                }
                counts
            });
    assert_eq!(values, BTreeMap::from([("eu", 50), ("suhh", 2), ("zz", 1)]));
    let soviet = entity(parsed, "yente:Q58813");
    assert_eq!(soviet.unparsed.len(), 2);
    assert!(
        parsed
            .warnings
            .iter()
            .filter(|w| w.field == "entity")
            .all(|w| w.message.contains("names an entity the file does not hold"))
    );
}

#[test]
fn a_sanctioned_person_in_the_delta_stream() {
    let shihata = entity(delta(), "yente:NK-4UybuJisrLt66d4CNMG9m2");
    assert_eq!(shihata.caption(), "Tharwat Salah Shihata");
    assert_eq!(dates(shihata), ["1960-06-29"]);
    assert_eq!(shihata.nationalities, [country("EG")]);
    for (full, script) in [
        ("ثروت صالح شحاتة علي", "Arab"),
        ("ת'רות צאלח שחאתה עלי", "Hebr"),
        ("サルワト・サーレフ・シャハータ", "Kana"),
        (
            "Таруат Салах Абдаллах, Салах Шихата Тхируат, Шахата Тхируат",
            "Cyrl",
        ),
    ] {
        let name = shihata.names.iter().find(|n| n.full == full).unwrap();
        assert_eq!(name.script.as_deref(), Some(script), "{full}");
    }
    // Listed on 21 lists. The stream carries one Sanction for him (from
    // Indonesia's DTTOT); his EU, UK, UN and US listings are known by their
    // datasets.
    assert_eq!(shihata.listings.len(), 21);
    let by = |source: &str| {
        shihata
            .listings
            .iter()
            .find(|l| l.source == source)
            .map(|l| l.authority.clone())
    };
    assert_eq!(by("eu_fsf"), Some(Authority::Eu));
    assert_eq!(by("eu_travel_bans"), Some(Authority::Eu));
    assert_eq!(by("gb_hmt_sanctions"), Some(Authority::GbOfsi));
    assert_eq!(by("gb_fcdo_sanctions"), Some(Authority::GbFcdo));
    assert_eq!(by("un_sc_sanctions"), Some(Authority::UnSc));
    assert_eq!(by("us_ofac_sdn"), Some(Authority::UsOfac));
    let dttot = &shihata.listings[0];
    assert_eq!(dttot.source, "id_dttot");
    assert_eq!(dttot.programmes, ["DTTOT"]);
    assert!(
        dttot
            .url
            .as_deref()
            .unwrap()
            .starts_with("https://www.ppatk.go.id/")
    );

    // A sanction with a date: Israel's listing of Mohammad Sadiq.
    let sadiq = entity(delta(), "yente:NK-mpPgbiv7TrdJsvPny2hHFY");
    let israel = sadiq
        .listings
        .iter()
        .find(|l| l.source == "il_mod_terrorists")
        .unwrap();
    assert_eq!(israel.listed_on, date("2011-11-22"));
    assert_eq!(israel.reference.as_deref(), Some("161"));
    assert_eq!(israel.programmes.len(), 2);
}

#[test]
fn delta_ended_listings_and_a_passport() {
    let dnpp = entity(delta(), "yente:NK-H62A9T7WLJGEYmxABrWunP");
    assert_eq!(dnpp.caption(), "JSC DNPP");
    let ended: Vec<_> = dnpp
        .listings
        .iter()
        .filter_map(|l| l.ended_on.map(|end| (l.listed_on, end)))
        .collect();
    assert_eq!(
        ended,
        [
            (
                date("2018-05-14"),
                PartialDate::parse_iso("2021-05-14").unwrap()
            ),
            (
                date("2021-06-24"),
                PartialDate::parse_iso("2024-06-24").unwrap()
            ),
            (
                date("2018-06-21"),
                PartialDate::parse_iso("2021-06-21").unwrap()
            ),
        ]
    );
    let csl = dnpp
        .listings
        .iter()
        .find(|l| l.authority == Authority::UsBis)
        .unwrap();
    assert_eq!(csl.source, "us_trade_csl");
    assert_eq!(csl.reference.as_deref(), Some("79 FR  55608"));

    let holder = entity(delta(), "yente:NK-Ld5SyGNpr7mmysNh4czCXJ");
    let passport = holder
        .identifiers
        .iter()
        .find(|i| i.number == "B 4286562")
        .unwrap();
    assert_eq!(passport.kind, IdKind::Passport);
    assert_eq!(passport.country, Some(country("ID")));
}

#[test]
fn ijson_fragments() {
    let parsed = common::load(Format::FtmJson, DONATIONS, "donations");
    // 474 lines: these entities, 89 addresses and 290 payments (skipped).
    assert_eq!(
        by_schema(&parsed),
        BTreeMap::from([
            (Schema::Person, 22),
            (Schema::Organization, 17),
            (Schema::Company, 56),
        ])
    );
    assert!(parsed.warnings.is_empty());
    // Entities with no dataset are listed by the file's source.
    assert!(parsed.entities.iter().all(|e| {
        matches!(e.listings.as_slice(), [l] if l.source == "donations"
            && l.authority == Authority::Other("donations".into()))
    }));
    let with_address = parsed
        .entities
        .iter()
        .filter(|e| !e.addresses.is_empty())
        .count();
    assert_eq!(with_address, 84);
    let mlpd = entity(
        &parsed,
        "donations:6d03aec76fdeec8f9697d8b19954ab6fc2568bc8",
    );
    assert_eq!(
        (mlpd.schema, mlpd.caption()),
        (Schema::Organization, "MLPD")
    );
}

#[test]
fn nested_targets() {
    let parsed = common::load(Format::FtmJson, NESTED, "wd");
    // 20 targets. The 88 people nested in their Family and Occupancy
    // records are context: the 8 who are targets too have their own line,
    // the other 80 are not entities.
    assert_eq!(by_schema(&parsed), BTreeMap::from([(Schema::Person, 20)]));
    assert!(parsed.warnings.is_empty());
    let abdullah = entity(&parsed, "wd:Q262597");
    assert_eq!(abdullah.caption(), "Abdullah");
    assert!(
        abdullah
            .names
            .iter()
            .any(|n| n.full == "阿卜杜拉·本·穆罕默德·謝赫" && n.kind == NameKind::Alias)
    );
    assert_eq!(dates(abdullah), ["1948-01-01"]);
    assert_eq!(abdullah.nationalities, [country("SA")]);
    assert_eq!(
        abdullah.positions,
        [
            "Minister of Justice",
            "Member of the Consultative Assembly of Saudi Arabia"
        ]
    );
    let wikidata = &abdullah.identifiers[0];
    assert_eq!(
        (wikidata.number.as_str(), wikidata.label.as_deref()),
        ("Q262597", Some("Wikidata"))
    );
    // Wikidata's politicians are in no sanctions list: the dataset is
    // their only listing.
    let [listing] = abdullah.listings.as_slice() else {
        panic!("one listing");
    };
    assert_eq!(
        (listing.source.as_str(), &listing.authority),
        ("wd_persons", &Authority::Other("wd_persons".into()))
    );
}

#[test]
fn a_nested_target_with_its_sanctions() {
    // The sample has no sanctioned target; this one is shaped like
    // OpenSanctions' nested export of a sanctioned person.
    let line = concat!(
        r#"{"id":"Q1","caption":"Ivan Example","schema":"Person","properties":{"name":["Ivan Example"],"#,
        r#""sanctions":[{"id":"eu-1","caption":"Sanction","schema":"Sanction","properties":{"entity":["Q1"],"#,
        r#""authority":["Council of the European Union"],"country":["eu"],"program":["RUS"],"startDate":["2022-02-23"],"authorityId":["EU.1.1"]},"datasets":["eu_fsf"]},"#,
        r#"{"id":"gb-1","schema":"Sanction","properties":{"program":["Russia"],"listingDate":["2022-03-15"]},"datasets":["gb_hmt_sanctions"]}],"#,
        r#""addressEntity":[{"id":"a1","schema":"Address","properties":{"full":["Moscow"],"country":["ru"]}}]},"#,
        r#""datasets":["eu_fsf","gb_hmt_sanctions","us_ofac_sdn"],"target":true}"#,
        "\n"
    );
    let parsed = Format::FtmJson
        .parse(line.as_bytes(), &Context::new("os", "targets.nested.json"))
        .unwrap();
    let [ivan] = parsed.entities.as_slice() else {
        panic!("one entity");
    };
    let listings: Vec<_> = ivan
        .listings
        .iter()
        .map(|l| {
            (
                l.source.as_str(),
                l.authority.clone(),
                l.programmes.clone(),
                l.listed_on,
            )
        })
        .collect();
    assert_eq!(
        listings,
        [
            (
                "eu_fsf",
                Authority::Eu,
                vec!["RUS".to_owned()],
                date("2022-02-23")
            ),
            (
                "gb_hmt_sanctions",
                Authority::GbOfsi,
                vec!["Russia".to_owned()],
                date("2022-03-15")
            ),
            ("us_ofac_sdn", Authority::UsOfac, vec![], None),
        ]
    );
    assert_eq!(ivan.addresses[0].country, Some(country("RU")));
}

#[test]
fn invalid_json_names_the_line() {
    let bytes = common::decompressed(ZALA);
    let text = String::from_utf8(bytes).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[4] = r#"{"id": "NK-broken", "schema": "Person", "properties": {"name": ["#;
    let broken = lines.join("\n");
    let Err(error) = Format::FtmJson.parse(broken.as_bytes(), &Context::new("zala", "zala.json"))
    else {
        panic!("accepted invalid JSON");
    };
    assert_eq!(error.location, Location::Line(5));
    assert!(
        error
            .to_string()
            .starts_with("zala.json: line 5: invalid JSON: "),
        "{error}"
    );
}

#[test]
fn a_line_that_is_not_an_entity_is_an_error() {
    // An OpenSanctions Pairs judgement is JSON, but no entity.
    let text = concat!(
        r#"{"id":"a","schema":"Person","properties":{"name":["A"]}}"#,
        "\n",
        r#"{"left":"a","right":"b","judgement":"positive"}"#,
        "\n"
    );
    let Err(error) = Format::FtmJson.parse(text.as_bytes(), &Context::new("os", "pairs.json"))
    else {
        panic!("accepted a pairs line");
    };
    assert_eq!(
        error.to_string(),
        "pairs.json: line 2: an object without an \"id\": not a FollowTheMoney entity"
    );
}

#[test]
fn truncated_files_are_errors() {
    let error = common::assert_truncated_file_fails(Format::FtmJson, DELTA, "yente", "delta.json");
    let bytes = common::decompressed(DELTA);
    let half = &bytes[..bytes.len() / 2];
    let last_line = half.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    assert_eq!(error.location, Location::Line(last_line));

    // A gzip stream cut short is an error too, not a shorter list.
    let path = common::path(ZALA);
    let compressed = std::fs::read(&path).unwrap();
    let cut = &compressed[..compressed.len() / 2];
    let error = common::truncated_error(
        Format::FtmJson,
        interdict_sources::input::from_bytes(cut),
        "zala",
        "zala.json.gz",
    );
    assert!(error.to_string().contains("cannot read"), "{error}");
}
