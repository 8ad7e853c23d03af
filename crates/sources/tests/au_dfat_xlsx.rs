//! The DFAT consolidated list parser on the real workbook of 2024-12 in
//! `shared/data`.

mod common;

use std::collections::{BTreeMap, HashSet};

use calamine::{Reader, Xlsx, open_workbook};
use interdict_model::{Authority, IdKind, NameKind, PartialDate, Schema};
use interdict_sources::{Format, Parsed};

use common::{by_schema, country, dates, entity, names};

const LIST: &str = "au_dfat/2024-12/regulation8_consolidated.xlsx";

fn load() -> &'static Parsed {
    common::cached(Format::AuDfatXlsx, LIST, "au_dfat")
}

#[test]
fn reads_every_subject() {
    let parsed = load();
    assert_eq!(parsed.meta.published, None, "the workbook states no date");

    // Read independently of the parser: every row after the header with a
    // Reference. SOURCES.md counts 9,560 rows: the sheet's last 7 rows are
    // formatted but empty.
    let mut workbook: Xlsx<_> = open_workbook(common::path(LIST)).unwrap();
    let range = workbook.worksheet_range("Sheet1").unwrap();
    let references: Vec<String> = range
        .rows()
        .skip(1)
        .map(|row| row[0].to_string().trim().to_owned())
        .filter(|reference| !reference.is_empty())
        .collect();
    assert_eq!(references.len(), 9_553, "name rows");
    let bases: HashSet<&str> = references
        .iter()
        .map(|r| r.trim_end_matches(|c: char| !c.is_ascii_digit() || c == '.'))
        .map(|r| r.split(|c: char| !c.is_ascii_digit()).next().unwrap())
        .collect();
    assert_eq!(bases.len(), 3_062);

    assert_eq!(
        parsed.entities.len(),
        3_062,
        "one entity per base reference"
    );
    assert_eq!(
        by_schema(parsed),
        BTreeMap::from([(Schema::Person, 2_316), (Schema::Organization, 746)])
    );
    let names: usize = parsed.entities.iter().map(|e| e.names.len()).sum();
    assert_eq!(names, 9_518, "9,553 rows less 35 that repeat a name");
    assert_eq!(common::name_count(parsed, NameKind::Former), 4);

    for (entity, listing) in common::single_listings(parsed) {
        assert_eq!(listing.authority, Authority::AuDfat);
        assert_eq!(listing.programmes.len(), 1, "{}", entity.id);
        assert_eq!(
            listing
                .reference
                .as_ref()
                .map(|r| format!("au_dfat:{r}"))
                .as_ref(),
            Some(&entity.id)
        );
    }
    // The listing information states a listing date for 1,310 subjects; the
    // others name only the instrument that listed them.
    let dated = parsed
        .entities
        .iter()
        .filter(|e| e.listings[0].listed_on.is_some())
        .count();
    assert_eq!(dated, 1_310);
    let born: usize = parsed.entities.iter().map(|e| e.birth_dates.len()).sum();
    assert_eq!(born, 2_566);
}

#[test]
fn warns_only_about_unreadable_values() {
    let parsed = load();
    let warnings: Vec<String> = parsed
        .warnings
        .iter()
        .map(ToString::to_string)
        .filter(|w| !w.ends_with("citizenship \"Congolese\": not a known country"))
        .collect();
    // Misspelt months, countries and dates, two-digit years, a Hijri date,
    // an age for a date, an uncertain or former citizenship.
    assert_eq!(
        warnings,
        [
            "au_dfat:319: birth_date \"29-Aprl-1967\": unrecognised word",
            "au_dfat:483: birth_date \"23-Apr-68\": two days",
            "au_dfat:485: citizenship \"Kuwaiti citizenship withdrawn in 2002\": not a known country",
            "au_dfat:1101: citizenship \"Türkiyish\": not a known country",
            "au_dfat:1241: citizenship \"USSR (until 1991)\": not a known country",
            "au_dfat:1254: birth_date \"24/06/1402 (Hijri Calendar)\": a Hijri calendar date",
            "au_dfat:1294: citizenship \"Possibly Ethiopian\": not a known country",
            "au_dfat:2529: birth_date \"Between Aug. and Sep 1977\": no four-digit year",
            "au_dfat:2704: birth_date \"07/04/62\": unrecognised layout",
            "au_dfat:3581: birth_date \"Approximately (30-35 years old)\": two days",
            "au_dfat:6960: birth_date \"10/061962\": unrecognised layout",
            "au_dfat:7560: citizenship \"Ukranian\": not a known country",
        ]
    );
    // "Congolese" says the Congo but not which of the two.
    assert_eq!(parsed.warnings.len() - warnings.len(), 15);
    for warning in &parsed.warnings {
        let entity = entity(parsed, &warning.record);
        assert!(
            entity.unparsed.iter().any(|u| u.value == warning.value),
            "{warning} is not kept"
        );
    }
}

#[test]
fn an_original_script_name_and_a_range_of_dates() {
    let parsed = load();
    let akhund = entity(parsed, "au_dfat:2");
    assert_eq!(
        names(akhund),
        [
            ("MOHAMMAD HASSAN AKHUND", NameKind::Primary),
            ("محمد حسن أخوند", NameKind::Alias),
        ]
    );
    assert_eq!(akhund.names[1].script.as_deref(), Some("Arab"));
    // "a) Approximately 1955- 1958 b) Approximately 1945-1950"
    assert_eq!(dates(akhund), ["1955/1958", "1945/1950"]);
    assert_eq!(
        akhund.birth_places,
        ["Pashmul village, Panjwai District, Kandahar Province, Afghanistan"]
    );
    assert_eq!(akhund.citizenships, [country("AF")]);
    let listing = &akhund.listings[0];
    assert_eq!(listing.programmes, ["1988 (Taliban)"]);
    assert_eq!(listing.listed_on, PartialDate::parse_iso("2001-01-25").ok());
    let remarks = listing.remarks.as_deref().unwrap();
    assert!(
        remarks.starts_with("Title: a) Mullah b) Haji."),
        "{remarks}"
    );
    assert!(remarks.ends_with("Control date: 2014-12-15"), "{remarks}");

    let zakir = entity(parsed, "au_dfat:2551");
    assert_eq!(dates(zakir), ["1969/1971"], "Between 1969 and 1971");
}

#[test]
fn approximate_excel_and_several_dates() {
    let parsed = load();
    let kabir = entity(parsed, "au_dfat:3");
    assert_eq!(dates(kabir), ["1963~"], "Approximately 1963");
    assert!(kabir.birth_dates[0].is_approximate());

    // An Excel date.
    let radfar = entity(parsed, "au_dfat:7992");
    assert_eq!(dates(radfar), ["1971-12-22"]);
    assert_eq!(radfar.citizenships, [country("IR")]);
    assert_eq!(radfar.listings[0].programmes, ["Autonomous (Iran)"]);
    assert_eq!(radfar.listings[0].listed_on, None, "an instrument, no date");

    // "a) 14/10/1974;                     b) 19/11/1974"
    let kononov = entity(parsed, "au_dfat:3359");
    assert_eq!(dates(kononov), ["1974-10-14", "1974-11-19"]);
    assert_eq!(kononov.names.len(), 6);
    assert_eq!(kononov.addresses[0].full, "Slovyansk, Ukraine");
    assert_eq!(kononov.addresses[0].country, Some(country("UA")));
    assert_eq!(
        kononov.listings[0].listed_on,
        PartialDate::parse_iso("2017-09-01").ok()
    );

    // A year typed as a number, 1969.0 in the sheet.
    let zahir = entity(parsed, "au_dfat:8");
    assert_eq!(zahir.caption(), "Shams ur-Rahman Abdul Zahir");
    assert_eq!(dates(zahir), ["1969"]);
}

#[test]
fn an_entity_with_an_imo_number() {
    let parsed = load();
    let company = entity(parsed, "au_dfat:3164");
    assert_eq!(company.schema, Schema::Organization);
    assert_eq!(company.caption(), "CHONGCHONGANG SHIPPING COMPANY");
    assert_eq!(company.names.len(), 3);
    let imo = &company.identifiers[0];
    assert_eq!((imo.kind, imo.number.as_str()), (IdKind::Imo, "5342883"));
    assert_eq!(company.addresses.len(), 2);
    assert!(
        company
            .addresses
            .iter()
            .all(|a| a.country == Some(country("KP")))
    );
    assert_eq!(company.listings[0].programmes, ["1718 (DPRK)"]);
    assert_eq!(
        company.listings[0].listed_on,
        PartialDate::parse_iso("2016-03-02").ok()
    );
}

#[test]
fn a_truncated_workbook_is_an_error_naming_it() {
    let bytes = std::fs::read(common::path(LIST)).unwrap();
    let error = common::truncated_error(
        Format::AuDfatXlsx,
        &bytes[..bytes.len() / 2],
        "au_dfat",
        "regulation8_consolidated.xlsx (cut)",
    );
    assert!(
        error
            .to_string()
            .starts_with("regulation8_consolidated.xlsx (cut): not a readable XLSX workbook"),
        "{error}"
    );
}
