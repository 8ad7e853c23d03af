//! The OFAC legacy CSV parser on the real SDN and consolidated CSV sets in
//! `shared/data`, and against the XML edition of the same list.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use interdict_model::{Authority, Entity, Gender, IdKind, NameKind, NamePartKind, Schema};
use interdict_sources::{Context, Directory, Format, Parsed, input};

use common::{by_schema, country, dates, entity, name_count, names, warnings_by_field};

/// The SDN CSV of May 2024, alone: its companions were not kept.
const SDN_2024: &str = "us_ofac/sdn_csv_2024-05-03/sdn.csv.gz";

/// Parses the main file `main` of the set in the folder `dir`, with the
/// companions beside it.
fn load_set(dir: &str, main: &str, source: &str) -> Parsed {
    let dir = common::path(dir);
    let path = format!("{dir}/{main}");
    let input = input::open(Path::new(&path)).unwrap_or_else(|e| panic!("{e}"));
    let context =
        Context::new(source, &path).with_companions(Arc::new(Directory(dir.clone().into())));
    Format::OfacCsv
        .parse(input, &context)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The complete SDN set of July 2021, parsed once.
fn sdn_2021() -> &'static Parsed {
    static PARSED: OnceLock<Parsed> = OnceLock::new();
    PARSED.get_or_init(|| load_set("us_ofac/sdn_csv_2021-07", "sdn.csv.gz", "us_ofac_sdn"))
}

fn sdn_2024() -> &'static Parsed {
    common::cached(Format::OfacCsv, SDN_2024, "us_ofac_sdn")
}

/// What holds for every entity of every OFAC CSV set.
fn check_invariants(parsed: &Parsed, source: &str) {
    for (entity, listing) in common::single_listings(parsed) {
        assert_eq!(listing.source, source);
        assert_eq!(listing.authority, Authority::UsOfac);
        assert!(
            !listing.programmes.is_empty(),
            "{} has no programme",
            entity.id
        );
        for programme in &listing.programmes {
            assert!(!programme.contains(['[', ']']), "{}", entity.id);
        }
        assert_eq!(
            Some(entity.id.as_str()),
            listing
                .reference
                .as_ref()
                .map(|r| format!("{source}:{r}"))
                .as_deref()
        );
        for name in &entity.names {
            assert!(!name.full.contains("-0-"), "{}", entity.id);
        }
        for id in &entity.identifiers {
            assert!(!id.number.trim().is_empty(), "{}", entity.id);
            // A number never swallows the next clause or the list's full stop.
            assert!(!id.number.contains(';'), "{}: {id:?}", entity.id);
            if id.kind == IdKind::Imo {
                assert!(id.number.len() == 7 && id.number.bytes().all(|b| b.is_ascii_digit()));
            }
        }
        for email in &entity.emails {
            assert!(email.contains('@') && !email.contains(' '), "{email}");
        }
    }
}

#[test]
fn sdn_set_2021_07() {
    let parsed = sdn_2021();
    assert_eq!(parsed.meta.published, None);
    assert_eq!(parsed.entities.len(), 8_976);
    assert_eq!(
        by_schema(parsed),
        BTreeMap::from([
            (Schema::Person, 4_620),
            (Schema::Organization, 3_673),
            (Schema::Vessel, 406),
            (Schema::Aircraft, 277),
        ])
    );
    check_invariants(parsed, "us_ofac_sdn");

    // All four files were read: 11,523 aka, 18 nka and 369 fka rows of
    // alt.csv (two aka repeat a name), plus the weak a.k.a. and f.k.a. of
    // the remarks; every address of add.csv but the 2,397 that are blank.
    assert_eq!(name_count(parsed, NameKind::Alias), 11_539);
    assert_eq!(name_count(parsed, NameKind::WeakAlias), 2_417);
    assert_eq!(name_count(parsed, NameKind::Former), 393);
    let addresses: usize = parsed.entities.iter().map(|e| e.addresses.len()).sum();
    assert_eq!(addresses, 13_837 - 2_397);

    // Every warning is a value that names no country: in add.csv, the
    // spellings the XML edition also has ("undetermined" 8, "None
    // Identified" 4, "Netherlands Antilles" 2, regions 9); and in the
    // remarks, "nationality possibly Palestinian" (3). The demonym
    // "Eritrean" resolves to ER.
    assert_eq!(
        warnings_by_field(parsed),
        BTreeMap::from([("country", 23), ("nationality", 3)])
    );
    let nationalities: Vec<&str> = parsed
        .warnings
        .iter()
        .filter(|w| w.field == "nationality")
        .map(|w| w.value.as_str())
        .collect();
    assert_eq!(
        nationalities,
        [
            "possibly Palestinian",
            "possibly Palestinian",
            "possibly Palestinian",
        ]
    );
    let robow = entity(parsed, "us_ofac_sdn:11313");
    assert_eq!(
        robow.nationalities,
        [country("ER")],
        "`nationality: Eritrean`"
    );
    let unknown: HashSet<&str> = parsed
        .warnings
        .iter()
        .filter(|w| w.field == "country")
        .map(|w| w.value.as_str())
        .collect();
    assert_eq!(
        unknown,
        HashSet::from([
            "undetermined",
            "None Identified",
            "Netherlands Antilles",
            "Region: Kafia Kingi",
            "Region: Crimea",
            "Region: Northern Mali",
        ])
    );

    assert_eq!(
        identifier_kinds(parsed),
        kinds([
            ("Imo", 481),
            ("NationalId", 1_759),
            ("Other", 725),
            ("Passport", 1_551),
            ("Registration", 1_241),
            ("Swift", 82),
            ("TaxId", 1_295),
        ])
    );
}

#[test]
fn sdn_2021_people() {
    let parsed = sdn_2021();

    // DOB, POB, nationality and documents from the remarks; the address
    // from add.csv.
    let trabelsi = entity(parsed, "us_ofac_sdn:8273");
    assert_eq!(trabelsi.caption(), "Chabaane Ben Mohamed TRABELSI");
    assert_eq!(dates(trabelsi), ["1966-05-01"]);
    assert_eq!(trabelsi.birth_places, ["Rainneen, Tunisia"]);
    assert_eq!(trabelsi.nationalities, [country("TN")]);
    let ids: Vec<_> = trabelsi
        .identifiers
        .iter()
        .map(|id| {
            (
                id.kind,
                id.number.as_str(),
                id.label.as_deref(),
                id.note.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        ids,
        [
            (
                IdKind::Passport,
                "L 945660",
                Some("Passport"),
                Some("issued 04 Dec 1998; expires 03 Dec 2001")
            ),
            (
                IdKind::TaxId,
                "TRBCBN66E01Z352O",
                Some("Italian Fiscal Code"),
                None
            ),
        ]
    );
    assert_eq!(
        trabelsi.addresses[0].full,
        "via Cuasso, n. 2, Porto Ceresio, Varese, Italy"
    );
    assert_eq!(trabelsi.countries, [country("IT")]);

    // Circa dates, and strong aliases from alt.csv as "LAST, First".
    let al_sheibani = entity(parsed, "us_ofac_sdn:10485");
    assert_eq!(al_sheibani.caption(), "Abu Mustafa AL-SHEIBANI");
    assert_eq!(dates(al_sheibani), ["1959~", "1960~"]);
    assert_eq!(al_sheibani.birth_places, ["Nasiriyah, Iraq"]);
    assert_eq!(al_sheibani.citizenships, [country("IR"), country("IQ")]);
    let shaybani = al_sheibani
        .names
        .iter()
        .find(|n| n.full == "Abu Mustafa AL-SHAYBANI")
        .expect("an alias from alt.csv");
    assert_eq!(shaybani.kind, NameKind::Alias);
    assert_eq!(shaybani.part(NamePartKind::Given), Some("Abu Mustafa"));
    assert_eq!(shaybani.part(NamePartKind::Family), Some("AL-SHAYBANI"));
    assert_eq!(name_count_of(al_sheibani, NameKind::Alias), 7);

    let calle = entity(parsed, "us_ofac_sdn:9566");
    assert_eq!(
        names(calle),
        [
            ("Luis Enrique CALLE SERNA", NameKind::Primary),
            ("COMBATIENTE", NameKind::WeakAlias),
            ("COMBA", NameKind::WeakAlias),
            ("Manuel CALLE SERNA", NameKind::Alias),
        ]
    );
    assert_eq!(dates(calle), ["1976-08-16"]);
    assert_eq!(
        calle.birth_places,
        ["Cali, Colombia", "Armenia, Quindio, Colombia"]
    );
    assert_eq!(calle.citizenships, [country("CO")]);
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
    assert_eq!(calle.addresses.len(), 3);
    assert_eq!(
        calle.addresses[1].full,
        "Calle 1 No. 56-109, Seminario B, Caro 31, Cali, Colombia"
    );
    assert_eq!(calle.listings[0].programmes, ["SDNT"]);
    assert_eq!(calle.listings[0].reference.as_deref(), Some("9566"));

    // Remarks past 1,000 characters, continued in sdn_comments.csv in the
    // middle of a word: the weak alias 'snowsjohn' is whole again.
    let tian = entity(parsed, "us_ofac_sdn:28263");
    assert_eq!(tian.caption(), "Yinyin TIAN");
    assert!(names(tian).contains(&("snowsjohn", NameKind::WeakAlias)));
    assert_eq!(tian.gender, Some(Gender::Male));
    assert_eq!(tian.emails, ["417136259@qq.com"]);
    assert_eq!(tian.phones, ["8613621583465"]);
    let remarks = tian.listings[0].remarks.as_deref().unwrap();
    assert!(remarks.ends_with("a.k.a. 'snowsjohn'; Linked To: LAZARUS GROUP."));
    assert!(tian.unparsed.is_empty());
}

#[test]
fn sdn_2021_organisations_and_vessels() {
    let parsed = sdn_2021();

    // Aliases from alt.csv and the remarks, addresses from add.csv.
    let banco = entity(parsed, "us_ofac_sdn:306");
    assert_eq!(banco.schema, Schema::Organization);
    assert_eq!(
        names(banco),
        [
            ("BANCO NACIONAL DE CUBA", NameKind::Primary),
            ("BNC", NameKind::WeakAlias),
            ("NATIONAL BANK OF CUBA", NameKind::Alias),
        ]
    );
    let addresses: Vec<_> = banco
        .addresses
        .iter()
        .map(|a| (a.full.as_str(), a.country))
        .collect();
    assert_eq!(
        addresses,
        [
            (
                "Zweierstrasse 35, Zurich CH-8022, Switzerland",
                Some(country("CH"))
            ),
            (
                "Avenida de Concha Espina 8, Madrid E-28036, Spain",
                Some(country("ES"))
            ),
            (
                "Dai-Ichi Bldg. 6th Floor, 10-2 Nihombashi, 2-chome, Chuo-ku, Tokyo 103, Japan",
                Some(country("JP"))
            ),
            (
                "Federico Boyd Avenue & 51 Street, Panama City, Panama",
                Some(country("PA"))
            ),
        ]
    );
    assert_eq!(
        banco.addresses[0].street.as_deref(),
        Some("Zweierstrasse 35")
    );
    assert_eq!(banco.countries.len(), 4);
    assert_eq!(banco.listings[0].programmes, ["CUBA"]);

    let sand_swan = entity(parsed, "us_ofac_sdn:4243");
    assert_eq!(sand_swan.schema, Schema::Vessel);
    assert_eq!(
        names(sand_swan),
        [
            ("SAND SWAN", NameKind::Primary),
            ("ANA I", NameKind::Former)
        ]
    );
    let vessel = sand_swan.vessel.as_ref().unwrap();
    assert_eq!(vessel.flag, Some(country("CY")));
    assert_eq!(vessel.call_sign.as_deref(), Some("P3QG3"));
    assert_eq!(vessel.vessel_type.as_deref(), Some("General Cargo"));
    assert_eq!(vessel.tonnage.as_deref(), Some("2595"));
    assert_eq!(
        vessel.owner.as_deref(),
        Some("Sand & Swan Navigation Co. Ltd.")
    );
    assert_eq!(sand_swan.countries, [country("CY")]);
}

#[test]
fn sdn_list_2024_05_03_alone() {
    let parsed = sdn_2024();
    assert_eq!(parsed.entities.len(), 14_965);
    assert_eq!(
        by_schema(parsed),
        BTreeMap::from([
            (Schema::Person, 6_854),
            (Schema::Organization, 6_884),
            (Schema::Vessel, 851),
            (Schema::Aircraft, 376),
        ])
    );
    check_invariants(parsed, "us_ofac_sdn");

    // One warning for each missing companion; 18 remarks cut at 1,000
    // characters whose last clause is kept as text; the free-text
    // nationalities of 2021; one vessel flag "None Identified".
    assert_eq!(
        warnings_by_field(parsed),
        BTreeMap::from([
            ("add.csv", 1),
            ("alt.csv", 1),
            ("sdn_comments.csv", 1),
            ("remarks", 18),
            ("nationality", 3),
            ("country", 1),
        ])
    );
    let cut = parsed
        .entities
        .iter()
        .filter(|e| e.unparsed.iter().any(|u| u.field == "remarks"))
        .count();
    assert_eq!(cut, 18);
    let tian = entity(parsed, "us_ofac_sdn:28263");
    assert_eq!(tian.unparsed[0].value, "a.k.a. 'snowsjo");
    assert!(
        !names(tian)
            .iter()
            .any(|(name, _)| name.starts_with("snowsjo"))
    );

    // Without alt.csv, only the remarks' weak aliases and former names.
    assert_eq!(name_count(parsed, NameKind::Alias), 0);
    assert_eq!(name_count(parsed, NameKind::WeakAlias), 3_576);
    assert_eq!(name_count(parsed, NameKind::Former), 87);
    assert!(parsed.entities.iter().all(|e| e.addresses.is_empty()));

    // As in the XML edition: 846 ships' and 138 companies' IMO numbers.
    assert_eq!(
        identifier_kinds(parsed),
        kinds([
            ("Imo", 984),
            ("NationalId", 2_194),
            ("Other", 1_372),
            ("Passport", 2_140),
            ("Registration", 4_962),
            ("Swift", 162),
            ("TaxId", 3_846),
        ])
    );
    let count = |f: fn(&Entity) -> usize| parsed.entities.iter().map(f).sum::<usize>();
    assert_eq!(count(|e| usize::from(e.gender.is_some())), 4_264);
    assert_eq!(count(|e| e.websites.len()), 935);
    assert_eq!(count(|e| e.emails.len()), 300);
    assert_eq!(count(|e| e.phones.len()), 157);

    let zhu = entity(parsed, "us_ofac_sdn:29219");
    assert_eq!(zhu.caption(), "Hailun ZHU");
    assert_eq!(dates(zhu), ["1958-01"]);
    assert_eq!(zhu.birth_places, ["Lianshui, Jiangsu, China"]);
    assert_eq!(zhu.gender, Some(Gender::Male));
    assert_eq!(zhu.listings[0].programmes, ["GLOMAG"]);

    let nikousokhan = entity(parsed, "us_ofac_sdn:15962");
    assert_eq!(dates(nikousokhan), ["1961-01-01/1962-12-31"]);
    assert_eq!(nikousokhan.nationalities, [country("IR")]);
    assert_eq!(
        nikousokhan.titles,
        [
            "Finance Director, National Iranian Oil Company; Director, Hong Kong Intertrade Company; Director, Petro Suisse Intertrade Company"
        ]
    );

    // An IMO company number, and the country of registration.
    let yusong = entity(parsed, "us_ofac_sdn:23149");
    assert_eq!(yusong.countries, [country("KP")]);

    let aircraft = entity(parsed, "us_ofac_sdn:15453");
    assert_eq!(aircraft.schema, Schema::Aircraft);
    assert_eq!(dates(aircraft), ["1982-02-02"]);
    assert_eq!(aircraft.identifiers[0].number, "175");
    assert_eq!(
        aircraft.identifiers[0].label.as_deref(),
        Some("Aircraft Construction Number (also called L/N or S/N or F/N)")
    );
}

#[test]
fn consolidated_set_2025_12() {
    let parsed = &load_set(
        "us_ofac/cons_csv_2025-12",
        "cons_prim.csv.gz",
        "us_ofac_cons",
    );
    assert_eq!(parsed.entities.len(), 442);
    assert_eq!(
        by_schema(parsed),
        BTreeMap::from([(Schema::Person, 79), (Schema::Organization, 363)])
    );
    check_invariants(parsed, "us_ofac_cons");
    // cons_add.csv, cons_alt.csv and cons_comments.csv were all found, and
    // every value was read.
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert_eq!(name_count(parsed, NameKind::Alias), 932);
    assert_eq!(name_count(parsed, NameKind::Former), 144);
    let addresses: usize = parsed.entities.iter().map(|e| e.addresses.len()).sum();
    assert_eq!(addresses, 574 - 52);

    let haniya = entity(parsed, "us_ofac_cons:9639");
    assert_eq!(haniya.caption(), "Ismail Abdul Salah HANIYA");
    assert_eq!(dates(haniya), ["1962"]);
    assert_eq!(haniya.birth_places, ["Shati"]);
    assert_eq!(haniya.listings[0].programmes, ["NS-PLC"]);
    assert!(names(haniya).contains(&("Ismaeel HANIYYA", NameKind::Alias)));

    // Remarks continued in cons_comments.csv, cut in the middle of a
    // registration number.
    let sberbank = entity(parsed, "us_ofac_cons:17018");
    let numbers: Vec<&str> = sberbank
        .identifiers
        .iter()
        .map(|id| id.number.as_str())
        .collect();
    assert!(numbers.contains(&"7707083893"), "{numbers:?}");
    assert!(sberbank.unparsed.is_empty());
}

/// The CSV and XML editions of the SDN list, four days apart, give the same
/// primary names, dates of birth and identifiers for the parties in both,
/// except where the CSV holds less (remarks cut at 1,000 characters, whose
/// continuation this snapshot lacks) or more (facts OFAC wrote in the free
/// text of its remarks, which the XML parser leaves as text). Aliases other
/// than the weak ones are in alt.csv, which this snapshot also lacks, so
/// only the weak ones are compared.
#[test]
fn agrees_with_the_xml_edition() {
    let csv = sdn_2024();
    let xml = common::cached(
        Format::OfacXml,
        "us_ofac/sdn_xml_2024-05-07/sdn.xml.gz",
        "us_ofac_sdn",
    );
    let by_id: HashMap<&str, &Entity> = xml.entities.iter().map(|e| (e.id.as_str(), e)).collect();
    // One party was listed in the four days between the two.
    let only_xml: Vec<&str> = xml
        .entities
        .iter()
        .map(|e| e.id.as_str())
        .filter(|id| !csv.entities.iter().any(|c| c.id == *id))
        .collect();
    assert_eq!(only_xml, ["us_ofac_sdn:48603"]);

    let mut quoted = Vec::new();
    let mut more_ids = Vec::new();
    let mut more_dates = Vec::new();
    let mut agree = 0;
    let mut less = 0;
    for ours in &csv.entities {
        let theirs = by_id[ours.id.as_str()];
        assert_eq!(ours.schema, theirs.schema, "{}", ours.id);
        // The CSV writes OFAC's double quotes as single quotes.
        let (name, their_name) = (&ours.names[0], &theirs.names[0]);
        if name != their_name {
            assert_eq!(name.full, their_name.full.replace('"', "'"));
            quoted.push(ours.id.as_str());
        }
        // The same values, not always in the same order (the CSV writes
        // the main nationality first, the XML in its own order).
        assert_eq!(ours.gender, theirs.gender, "{}", ours.id);
        for (field, list) in [
            (
                "nationalities",
                same(&ours.nationalities, &theirs.nationalities),
            ),
            (
                "citizenships",
                same(&ours.citizenships, &theirs.citizenships),
            ),
            (
                "programmes",
                same(&ours.listings[0].programmes, &theirs.listings[0].programmes),
            ),
        ] {
            assert!(list, "{}: {field}", ours.id);
        }

        let ids = (&ours.identifiers, &theirs.identifiers);
        let dates = (&ours.birth_dates, &theirs.birth_dates);
        if same(ids.0, ids.1) && same(dates.0, dates.1) {
            agree += 1;
        }
        if ours.unparsed.iter().any(|u| u.field == "remarks") {
            // Remarks cut at 1,000 characters: the CSV has less, never other.
            assert!(ids.0.iter().all(|id| ids.1.contains(id)), "{}", ours.id);
            assert!(dates.0.iter().all(|d| dates.1.contains(d)), "{}", ours.id);
            if ids.0.len() < ids.1.len() || dates.0.len() < dates.1.len() {
                less += 1;
            }
            continue;
        }
        let weak = |e: &Entity| -> Vec<String> {
            e.names
                .iter()
                .filter(|n| n.kind == NameKind::WeakAlias)
                .map(|n| n.full.replace('"', "'"))
                .collect()
        };
        assert!(same(&weak(ours), &weak(theirs)), "{}", ours.id);
        // Everything the XML types, the CSV gives too...
        assert!(ids.1.iter().all(|id| ids.0.contains(id)), "{}", ours.id);
        assert!(dates.1.iter().all(|d| dates.0.contains(d)), "{}", ours.id);
        for list in [
            (&ours.emails, &theirs.emails),
            (&ours.phones, &theirs.phones),
            (&ours.websites, &theirs.websites),
        ] {
            assert!(list.1.iter().all(|v| list.0.contains(v)), "{}", ours.id);
        }
        // ... and more where the XML's free-text remarks state a fact
        // (`Italian Fiscal Code: ...`), which the CSV copies into its
        // remarks with the rest.
        let their_remarks = theirs.listings[0].remarks.as_deref().unwrap_or_default();
        for id in ids.0.iter().filter(|id| !ids.1.contains(id)) {
            assert!(their_remarks.contains(&id.number), "{}: {id:?}", ours.id);
            more_ids.push(ours.id.as_str());
        }
        if dates.0.len() != dates.1.len() {
            more_dates.push(ours.id.as_str());
        }
    }
    assert_eq!(quoted, ["us_ofac_sdn:18318"]);
    assert_eq!(more_ids, ["us_ofac_sdn:7255", "us_ofac_sdn:8200"]);
    // `DOB circa 1979-1982; alt. DOB 1982` in the XML's remarks.
    assert_eq!(more_dates, ["us_ofac_sdn:11748"]);
    // Of the 18 whose remarks were cut, 14 lost an identifier or a date
    // (the other 4 lost a note).
    assert_eq!(less, 14);
    assert_eq!(agree, 14_965 - 14 - 3);
}

#[test]
fn a_truncated_file_is_an_error_naming_it() {
    let error = common::assert_truncated_file_fails(
        Format::OfacCsv,
        SDN_2024,
        "us_ofac_sdn",
        "sdn.csv (cut)",
    );
    assert!(error.to_string().contains("cut short"), "{error}");

    // A compressed file cut short, and a companion cut short.
    let dir = std::env::temp_dir().join(format!("interdict-ofac-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let alt = common::decompressed("us_ofac/sdn_csv_2021-07/alt.csv.gz");
    std::fs::write(dir.join("alt.csv"), &alt[..alt.len() / 2]).unwrap();
    let main = std::fs::read(common::path("us_ofac/sdn_csv_2021-07/sdn.csv.gz")).unwrap();
    let context =
        Context::new("us_ofac_sdn", "sdn.csv.gz").with_companions(Arc::new(Directory(dir.clone())));
    let error = Format::OfacCsv
        .parse(input::from_bytes(&main[..main.len() / 2]), &context)
        .unwrap_err();
    let alt_label = format!("{}/alt.csv", dir.display());
    assert!(
        error
            .to_string()
            .starts_with(&format!("{alt_label}: line ")),
        "{error}"
    );
    std::fs::remove_file(dir.join("alt.csv")).unwrap();
    let error = Format::OfacCsv
        .parse(input::from_bytes(&main[..main.len() / 2]), &context)
        .unwrap_err();
    std::fs::remove_dir(&dir).unwrap();
    assert!(error.to_string().starts_with("sdn.csv.gz: "), "{error}");
}

/// Whether two lists hold the same values, in any order.
fn same<T: std::fmt::Debug>(a: &[T], b: &[T]) -> bool {
    let sorted = |list: &[T]| {
        let mut list: Vec<String> = list.iter().map(|v| format!("{v:?}")).collect();
        list.sort();
        list
    };
    sorted(a) == sorted(b)
}

/// How many identifiers there are of each kind, by the kind's name.
fn identifier_kinds(parsed: &Parsed) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for id in parsed.entities.iter().flat_map(|e| &e.identifiers) {
        *counts.entry(format!("{:?}", id.kind)).or_insert(0) += 1;
    }
    counts
}

fn kinds<const N: usize>(counts: [(&str, usize); N]) -> BTreeMap<String, usize> {
    counts.into_iter().map(|(k, n)| (k.to_owned(), n)).collect()
}

fn name_count_of(entity: &Entity, kind: NameKind) -> usize {
    entity.names.iter().filter(|n| n.kind == kind).count()
}
