//! China's counter-sanctions and trade restrictions, as curated by
//! OpenSanctions from official notices (`sanctions.csv`).
//!
//! One row per designation, with a header row naming the columns: `Type`
//! (Person, Company, Organization), `QID` (Wikidata), `Name`, `Alias`
//! (`;`-separated), `Chinese name`, `Country`, `Topics`, `Summary`, `Chinese
//! summary`, `Body` (the ministry), `List`, `Date` (`DD.MM.YYYY` or
//! `DD.MM.YY`), `End date`, `Source URL` and `Address`. Rows of the same
//! subject (same Wikidata id, or same type and name) become one entity with a
//! listing per row.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;

use csv::StringRecord;
use interdict_model::{
    Address, Authority, Entity, IdKind, Identifier, Listing, Name, NameKind, PartialDate, Schema,
};

use crate::csv_table::{self, Column, Table};
use crate::fields::{CountryField, add_country, add_new_name, slug};
use crate::{Context, Parsed, SourceError};

/// The columns read, by their headers.
const COLUMNS: [Column; 15] = [
    Column::required("Type"),
    Column::required("Name"),
    Column::required("Body"),
    Column::required("List"),
    Column::required("Date"),
    Column::optional("QID"),
    Column::optional("Alias"),
    Column::optional("Chinese name"),
    Column::optional("Country"),
    Column::optional("Topics"),
    Column::optional("Summary"),
    Column::optional("Chinese summary"),
    Column::optional("End date"),
    Column::optional("Source URL"),
    Column::optional("Address"),
];

/// One row of the file.
type Row<'a> = csv_table::Row<'a, StringRecord>;

/// Reads a whole `sanctions.csv`.
pub fn parse(input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
    let reader = csv::ReaderBuilder::new().from_reader(input);
    let mut table = Table::new(reader, &context.label, &COLUMNS)?;
    let mut parsed = Parsed::default();
    let mut subjects = Subjects::default();
    while let Some(row) = table.next_row()? {
        read_row(&row, context, &mut subjects, &mut parsed)
            .map_err(|message| row.error(message))?;
    }
    parsed.entities = subjects.entities;
    Ok(parsed)
}

/// The entities read so far, and the keys that identify their subjects.
#[derive(Default)]
struct Subjects {
    entities: Vec<Entity>,
    /// `qid:Q123` and `Person:adrian-zenz` → index in `entities`.
    by_key: HashMap<String, usize>,
    ids: HashSet<String>,
}

impl Subjects {
    /// A new, unused local id for a subject: the slug of its name, with its
    /// type if another subject has the same slug, then a number.
    fn new_id(&mut self, name_slug: &str, kind: &str) -> String {
        let mut id = name_slug.to_owned();
        if self.ids.contains(&id) {
            id = format!("{name_slug}-{}", slug(kind));
        }
        let base = id.clone();
        let mut n = 2;
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.ids.insert(id.clone());
        id
    }
}

fn read_row(
    row: &Row,
    context: &Context,
    subjects: &mut Subjects,
    parsed: &mut Parsed,
) -> Result<(), String> {
    let name = row.get("Name").ok_or("no Name")?;
    let kind = row.get("Type").unwrap_or_default();
    let name_slug = slug(name);
    if name_slug.is_empty() {
        return Err(format!("Name {name:?} has no letters or digits"));
    }

    // Rows of one subject share a Wikidata id, or a type and a name
    // (`Skydio, Inc.` and `Skydio Inc.` are one company).
    let qid = row.get("QID");
    let keys: Vec<String> = qid
        .map(|q| format!("qid:{q}"))
        .into_iter()
        .chain([format!("{kind}:{name_slug}")])
        .collect();
    let known = keys
        .iter()
        .find_map(|key| subjects.by_key.get(key))
        .copied();
    let index = match known {
        Some(index) => index,
        None => {
            let local_id = subjects.new_id(&name_slug, kind);
            let mut entity = Entity::new(&context.source, &local_id, Schema::LegalEntity);
            entity.schema = match kind {
                "Person" => Schema::Person,
                "Company" => Schema::Company,
                "Organization" => Schema::Organization,
                other => {
                    entity.keep_unparsed("schema", other);
                    parsed.warn(
                        &entity.id,
                        "Type",
                        other,
                        "not Person, Company or Organization: read as a legal entity",
                    );
                    Schema::LegalEntity
                }
            };
            subjects.entities.push(entity);
            subjects.entities.len() - 1
        }
    };
    for key in keys {
        subjects.by_key.entry(key).or_insert(index);
    }
    let Some(entity) = subjects.entities.get_mut(index) else {
        return Err("internal error: lost the row's entity".to_owned());
    };

    let name_kind = if entity.names.is_empty() {
        NameKind::Primary
    } else {
        NameKind::Alias
    };
    add_new_name(entity, Name::new(name, name_kind));
    for alias in row.get("Alias").into_iter().flat_map(|a| a.split(';')) {
        add_new_name(entity, Name::new(alias, NameKind::Alias));
    }
    if let Some(chinese) = row.get("Chinese name") {
        add_new_name(
            entity,
            Name::new(chinese, NameKind::Alias).with_language("zh"),
        );
    }
    if let Some(country) = row.get("Country") {
        add_country(entity, CountryField::Country, country, parsed);
    }
    if let Some(address) = row.get("Address") {
        let address = Address {
            full: address.to_owned(),
            ..Address::default()
        };
        Entity::push_unique(&mut entity.addresses, address);
    }
    if let Some(qid) = qid {
        let wikidata = Identifier {
            kind: IdKind::Other,
            number: qid.to_owned(),
            country: None,
            label: Some("Wikidata".to_owned()),
            note: None,
        };
        Entity::push_unique(&mut entity.identifiers, wikidata);
    }

    let listing = read_listing(row, context, entity, parsed);
    entity.listings.push(listing);
    Ok(())
}

fn read_listing(row: &Row, context: &Context, entity: &mut Entity, parsed: &mut Parsed) -> Listing {
    let body = row.get("Body").unwrap_or_default();
    let authority = authority(body).unwrap_or_else(|| {
        parsed.warn(&entity.id, "Body", body, "not a known Chinese authority");
        // China, the body not stated: the listing is kept all the same.
        Authority::Other("cn".to_owned())
    });
    let mut listing = Listing::new(&context.source, authority);

    // A blank List (76 rows, mostly MFA countermeasures) is named by topic.
    let programme = match (row.get("List"), row.get("Topics")) {
        (Some(list), _) => list,
        (None, Some(topics)) if topics.contains("export.control") => "Export control",
        (None, Some(topics)) if topics.contains("sanction.counter") => "Countermeasures",
        (None, _) => "Sanctions",
    };
    listing.programmes.push(programme.to_owned());
    // The topic says what the list's name may not (`AFSL`, `UEL`): the
    // listing answers other countries' sanctions.
    let countermeasure = row
        .get("Topics")
        .is_some_and(|topics| topics.contains("sanction.counter"));
    if countermeasure && !programme.to_lowercase().contains("countermeasure") {
        listing.programmes.push("Countermeasures".to_owned());
    }

    if let Some(text) = row.get("Date") {
        match parse_date(text) {
            Ok(date) => listing.listed_on = Some(date),
            Err(reason) => {
                entity.keep_unparsed("listed_on", text);
                parsed.warn(&entity.id, "Date", text, reason);
            }
        }
    }

    if let Some(text) = row.get("End date") {
        match parse_date(text) {
            Ok(date) => listing.ended_on = Some(date),
            Err(reason) => {
                entity.keep_unparsed("ended_on", text);
                parsed.warn(&entity.id, "End date", text, reason);
            }
        }
    }

    let remarks: Vec<&str> = [row.get("Summary"), row.get("Chinese summary")]
        .into_iter()
        .flatten()
        .collect();
    listing.remarks = (!remarks.is_empty()).then(|| remarks.join("\n"));
    listing.url = row.get("Source URL").map(str::to_owned);
    listing
}

/// The authority a `Body` names.
fn authority(body: &str) -> Option<Authority> {
    let body = body.to_lowercase();
    if body.contains("foreign affairs") || body == "mfa" {
        Some(Authority::CnMfa)
    } else if body.contains("commerce") || body == "mofcom" {
        Some(Authority::CnMofcom)
    } else if body.contains("taiwan") || body == "tao" {
        // The Taiwan Affairs Office of the State Council is also the Taiwan
        // Work Office of the CPC Central Committee: one office, two names.
        Some(Authority::CnTao)
    } else {
        None
    }
}

/// Reads `DD.MM.YYYY`, and `DD.MM.YY` as 20YY: the designations began in
/// 2019, so no two-digit year means the 1900s.
fn parse_date(text: &str) -> Result<PartialDate, &'static str> {
    let parts: Vec<&str> = text.split('.').map(str::trim).collect();
    let [day, month, year] = parts.as_slice() else {
        return Err("expected DD.MM.YYYY");
    };
    let number = |part: &str| part.parse::<u16>().map_err(|_| "expected DD.MM.YYYY");
    let year = match (year.len(), number(year)?) {
        (4, year) => year,
        (2, year) => 2000 + year,
        _ => return Err("expected a two- or four-digit year"),
    };
    let day = u8::try_from(number(day)?).map_err(|_| "day out of range")?;
    let month = u8::try_from(number(month)?).map_err(|_| "month out of range")?;
    PartialDate::new(year, Some(month), Some(day)).map_err(|e| e.reason)
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::Country;

    const HEADER: &str = "Type,QID,Name,Alias,Chinese name,Country,Topics,Summary,Chinese summary,Body,List,Date,End date,Source URL,Address\n";

    fn parse_rows(rows: &str) -> Parsed {
        let text = format!("{HEADER}{rows}");
        parse(
            text.as_bytes(),
            &Context::new("cn_sanctions", "sanctions.csv"),
        )
        .unwrap()
    }

    #[test]
    fn reads_a_person_with_several_designations() {
        let parsed = parse_rows(concat!(
            "Person,Q82831631,Adrian Zenz,,郑国恩,DE,sanction.counter,\"Academic, Victims of Communism Memorial Foundation\",,Ministry of Foreign Affairs,,22.03.21,,https://www.fmprc.gov.cn/a,\n",
            "Person,Q82831631,Adrian  Zenz,Zenz Adrian;A. Zenz,,Germany,sanction.counter,,,Ministry of Commerce,UEL,01.02.2023,13.07.23,https://mofcom/b,Berlin\n",
        ));
        let [zenz] = parsed.entities.as_slice() else {
            panic!("expected one entity");
        };
        assert_eq!(zenz.id, "cn_sanctions:adrian-zenz");
        assert_eq!(zenz.schema, Schema::Person);
        let names: Vec<_> = zenz
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.kind, n.language.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("Adrian Zenz", NameKind::Primary, None),
                ("郑国恩", NameKind::Alias, Some("zh")),
                ("Zenz Adrian", NameKind::Alias, None),
                ("A. Zenz", NameKind::Alias, None),
            ]
        );
        assert_eq!(zenz.countries, [Country::from_alpha2("DE").unwrap()]);
        assert_eq!(zenz.addresses[0].full, "Berlin");
        assert_eq!(zenz.identifiers[0].number, "Q82831631");
        assert_eq!(zenz.identifiers[0].label.as_deref(), Some("Wikidata"));

        let [mfa, mofcom] = zenz.listings.as_slice() else {
            panic!("expected two listings");
        };
        assert_eq!(mfa.authority, Authority::CnMfa);
        assert_eq!(
            mfa.programmes,
            ["Countermeasures"],
            "a blank List is named by topic"
        );
        assert_eq!(
            mfa.listed_on.map(|d| d.to_string()).as_deref(),
            Some("2021-03-22")
        );
        assert_eq!(
            mfa.remarks.as_deref(),
            Some("Academic, Victims of Communism Memorial Foundation")
        );
        assert_eq!(mfa.url.as_deref(), Some("https://www.fmprc.gov.cn/a"));
        assert_eq!(mofcom.authority, Authority::CnMofcom);
        assert_eq!(
            mofcom.programmes,
            ["UEL", "Countermeasures"],
            "the topic marks a countermeasure the list's name does not"
        );
        assert_eq!(
            mofcom.listed_on.map(|d| d.to_string()).as_deref(),
            Some("2023-02-01")
        );
        assert_eq!(mofcom.remarks, None);
        assert_eq!(
            mofcom.ended_on.map(|d| d.to_string()).as_deref(),
            Some("2023-07-13")
        );
        assert_eq!(mfa.ended_on, None);
        assert!(parsed.warnings.is_empty());
    }

    #[test]
    fn groups_rows_by_name_and_keeps_ids_unique() {
        let parsed = parse_rows(concat!(
            "Company,,\"Skydio, Inc.\",,,US,export.control,,,Ministry of Commerce,List of Export Controls,02.01.2025,,,\n",
            "Company,,Skydio Inc.,,,US,sanction.counter,,,Ministry of Foreign Affairs,,11.10.2024,,,\n",
            "Organization,,Skydio Inc,,,US,sanction.counter,,,Taiwan Work Office of the CPC Central Committee,,11.10.2024,,,\n",
            "Person,,Someone,,,EU,sanction.counter,,,,,,,,\n",
        ));
        let ids: Vec<_> = parsed.entities.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "cn_sanctions:skydio-inc",
                "cn_sanctions:skydio-inc-organization",
                "cn_sanctions:someone"
            ]
        );
        let skydio = &parsed.entities[0];
        assert_eq!(skydio.schema, Schema::Company);
        assert_eq!(skydio.listings.len(), 2);
        assert_eq!(skydio.names[1].full, "Skydio Inc.");
        assert_eq!(parsed.entities[1].listings[0].authority, Authority::CnTao);

        let someone = &parsed.entities[2];
        assert_eq!(someone.listings[0].authority, Authority::Other("cn".into()));
        assert_eq!(someone.listings[0].listed_on, None);
        let warnings: Vec<_> = parsed.warnings.iter().map(|w| w.field.as_str()).collect();
        assert_eq!(warnings, ["country", "Body"]);
    }

    #[test]
    fn reads_two_and_four_digit_years() {
        assert_eq!(
            parse_date("22.03.21").map(|d| d.to_string()),
            Ok("2021-03-22".to_owned())
        );
        assert_eq!(
            parse_date("02.12.2019").map(|d| d.to_string()),
            Ok("2019-12-02".to_owned())
        );
        assert!(parse_date("31.02.2020").is_err());
        assert!(parse_date("2020-01-01").is_err());
        assert!(parse_date("1.1.202").is_err());
    }

    #[test]
    fn an_unreadable_date_is_kept_and_reported() {
        let parsed = parse_rows(
            "Company,,X Corp,,,US,sanction.counter,,,Ministry of Commerce,UEL,sometime,later,,\n",
        );
        let unparsed: Vec<_> = parsed.entities[0]
            .unparsed
            .iter()
            .map(|u| (u.field.as_str(), u.value.as_str()))
            .collect();
        assert_eq!(unparsed, [("listed_on", "sometime"), ("ended_on", "later")]);
        let warnings: Vec<_> = parsed.warnings.iter().map(|w| w.field.as_str()).collect();
        assert_eq!(warnings, ["Date", "End date"]);
        assert_eq!(parsed.entities[0].listings[0].ended_on, None);
    }

    #[test]
    fn broken_files_are_errors_naming_the_line() {
        let context = Context::new("cn_sanctions", "cn.csv");
        let error = parse(
            &b"Type,QID,Alias,Body,List,Date\nPerson,,x,,,\n"[..],
            &context,
        )
        .unwrap_err();
        assert_eq!(error.to_string(), "cn.csv: line 1: missing column \"Name\"");

        let text = format!(
            "{HEADER}Person,,A,,,US,,,,Ministry of Commerce,UEL,01.01.2020,,,\nPerson,,B\n"
        );
        let error = parse(text.as_bytes(), &context).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("cn.csv: line 3: unreadable CSV"),
            "{error}"
        );

        let mut bytes = HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(
            b"Person,,\xff\xfe,,,US,,,,Ministry of Commerce,UEL,01.01.2020,,,\n",
        );
        let error = parse(bytes.as_slice(), &context).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("cn.csv: line 2: unreadable CSV"),
            "{error}"
        );

        let text = format!("{HEADER}Person,,,,,US,,,,Ministry of Commerce,UEL,01.01.2020,,,\n");
        let error = parse(text.as_bytes(), &context).unwrap_err();
        assert_eq!(error.to_string(), "cn.csv: line 2: no Name");

        let text = format!(
            "{HEADER}Person,,\"Unclosed,,,US,,,,Ministry of Commerce,UEL,01.01.2020,,,\nPerson,,B,,,US,,,,MFA,,01.01.2020,,,\n"
        );
        assert!(
            parse(text.as_bytes(), &context).is_err(),
            "an unclosed quote swallows the file"
        );
    }
}
