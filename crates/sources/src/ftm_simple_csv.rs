//! OpenSanctions' `targets.simple.csv`: one row per target, flattened from
//! its FollowTheMoney entity.
//!
//! Columns, found by their header: `id`, `schema` and `name` (required),
//! `aliases`, `birth_date`, `countries`, `addresses`, `identifiers`,
//! `sanctions`, `phones`, `emails`, `program_ids`, `dataset`, `first_seen`,
//! `last_seen`, `last_change`. A cell holding several values is itself a
//! line of CSV separated by `;`, so a value with a `;`, a quote or a line
//! break is quoted inside the cell (`"a ""b"";c";d` is `a "b";c` and `d`).
//!
//! Each row becomes one [`Entity`] with id `{source}:{id}`; rows of schemas
//! other than people, organisations, companies, legal entities, vessels and
//! aircraft (a `CryptoWallet`, a `Security`) are skipped with a warning. The
//! export flattens, so some of the JSON form's distinctions are gone:
//!
//! * `name` is the entity's caption (its primary name) and `aliases` every
//!   other name, whatever its kind (alias, weak alias, former name, name
//!   part): all are read as aliases;
//! * `countries` mixes nationality, citizenship, jurisdiction and flag:
//!   all go to [`Entity::countries`];
//! * `identifiers` are numbers without their kind: an IMO number is
//!   recognised by its `IMO` prefix, the others are [`IdKind::Other`];
//! * `dataset` holds dataset titles (`Ukraine War and Sanctions`), read into
//!   dataset names where known ([`ftm_json::dataset_from_title`]);
//! * `sanctions` holds one text per sanction (its programme, reason, status
//!   and dates joined with ` - `), which cannot be split back reliably and
//!   becomes the remarks; `program_ids` are the programmes.
//!
//! Each dataset gives the entity a listing. With one dataset, that listing
//! carries the programmes and sanction texts. With several, the export does
//! not say which list each belongs to, so they go on one more listing by
//! `source` itself rather than be pinned on the wrong list.
//!
//! `first_seen`, `last_seen` and `last_change` are OpenSanctions' crawl
//! dates, not listing dates, and are not read.

use std::collections::HashMap;
use std::io::BufRead;

use csv::StringRecord;
use interdict_model::{Address, Authority, Entity, IdKind, Listing, Name, NameKind, NumericOrder};

use crate::csv_table::{self, Column, Table};
use crate::fields::{CountryField, add_birth_date};
use crate::ftm_json::{
    self, add_ftm_country, add_identifier, dataset_from_title, dataset_listing, imo_digits,
};
use crate::{Context, Parsed, SourceError};

/// The columns read, by their headers.
const COLUMNS: [Column; 13] = [
    Column::required("id"),
    Column::required("schema"),
    Column::required("name"),
    Column::optional("aliases"),
    Column::optional("birth_date"),
    Column::optional("countries"),
    Column::optional("addresses"),
    Column::optional("identifiers"),
    Column::optional("sanctions"),
    Column::optional("phones"),
    Column::optional("emails"),
    Column::optional("program_ids"),
    Column::optional("dataset"),
];

/// One row of the file.
type Row<'a> = csv_table::Row<'a, StringRecord>;

/// Reads a whole `targets.simple.csv`.
pub fn parse(input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
    let reader = csv::ReaderBuilder::new().from_reader(input);
    let mut table = Table::new_for_format(
        reader,
        &context.label,
        &COLUMNS,
        "an OpenSanctions targets.simple.csv",
    )?;
    let mut parsed = Parsed::default();
    let mut lines: HashMap<String, u64> = HashMap::new();
    while let Some(row) = table.next_row()? {
        let Some(entity) = read_row(&row, context, &mut parsed).map_err(|m| row.error(m))? else {
            continue;
        };
        if let Some(first) = lines.insert(entity.id.clone(), row.line()) {
            return Err(row.error(format!(
                "id {:?} is already the id of line {first}",
                row.get("id").unwrap_or_default()
            )));
        }
        parsed.entities.push(entity);
    }
    Ok(parsed)
}

/// The values of a multi-valued column.
fn values(row: &Row, column: &str) -> Result<Vec<String>, String> {
    row.get(column).map_or(Ok(Vec::new()), split_values)
}

/// Splits a cell holding `;`-separated values, quoted as CSV where needed.
/// Blank values are dropped: OpenSanctions writes one sanction with no text
/// as `""`.
pub(crate) fn split_values(cell: &str) -> Result<Vec<String>, String> {
    if !cell.contains('"') {
        // Most cells: no value in them needed quoting.
        return Ok(cell
            .split(';')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .collect());
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(b';')
        .flexible(true)
        .from_reader(cell.as_bytes());
    let mut values = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("cannot split {cell:?} into values: {e}"))?;
        values.extend(
            record
                .iter()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned),
        );
    }
    Ok(values)
}

/// Reads one row; none when its schema is not one the model has.
fn read_row(row: &Row, context: &Context, parsed: &mut Parsed) -> Result<Option<Entity>, String> {
    let id = row.get("id").ok_or("no id")?;
    let schema_name = row.get("schema").ok_or("no schema")?;
    let Some(schema) = ftm_json::entity_schema(schema_name) else {
        parsed.warn(
            &format!("{}:{id}", context.source),
            "schema",
            schema_name,
            "not a person, organisation, vessel or aircraft: row skipped",
        );
        return Ok(None);
    };
    let mut entity = Entity::new(&context.source, id, schema);
    let name = row.get("name").ok_or("no name")?;
    entity.add_name(Name::new(name, NameKind::Primary));
    for alias in values(row, "aliases")? {
        if alias != name {
            entity.add_name(Name::new(&alias, NameKind::Alias));
        }
    }
    for date in values(row, "birth_date")? {
        add_birth_date(&mut entity, &date, NumericOrder::DayFirst, parsed);
    }
    for code in values(row, "countries")? {
        add_ftm_country(&mut entity, CountryField::Country, &code, parsed);
    }
    for full in values(row, "addresses")? {
        Entity::push_unique(
            &mut entity.addresses,
            Address {
                full,
                ..Address::default()
            },
        );
    }
    for number in values(row, "identifiers")? {
        match imo_digits(&number).filter(|_| number.to_ascii_uppercase().starts_with("IMO")) {
            Some(_) => add_identifier(&mut entity, IdKind::Imo, &number, Some("IMO"), None),
            None => add_identifier(&mut entity, IdKind::Other, &number, None, None),
        }
    }
    entity.phones = values(row, "phones")?;
    entity.emails = values(row, "emails")?;

    let programmes = values(row, "program_ids")?;
    let remarks = values(row, "sanctions")?;
    let datasets: Vec<String> = values(row, "dataset")?
        .iter()
        .map(|title| dataset_from_title(title))
        .collect();
    let mut listings: Vec<Listing> = datasets.iter().map(|d| dataset_listing(d)).collect();
    let details = match listings.as_mut_slice() {
        [only] => Some(only),
        _ if programmes.is_empty() && remarks.is_empty() => None,
        _ => {
            listings.push(Listing::new(
                &context.source,
                Authority::Other(context.source.clone()),
            ));
            listings.last_mut()
        }
    };
    if let Some(listing) = details {
        listing.programmes = programmes;
        listing.remarks = (!remarks.is_empty()).then(|| remarks.join("\n"));
    }
    if listings.is_empty() {
        listings.push(Listing::new(
            &context.source,
            Authority::Other(context.source.clone()),
        ));
    }
    entity.listings = listings;
    Ok(Some(entity))
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::{Country, Schema};

    const HEADER: &str = "\"id\",\"schema\",\"name\",\"aliases\",\"birth_date\",\"countries\",\"addresses\",\"identifiers\",\"sanctions\",\"phones\",\"emails\",\"program_ids\",\"dataset\",\"first_seen\",\"last_seen\",\"last_change\"\n";

    fn parse_rows(rows: &str) -> Result<Parsed, String> {
        let text = format!("{HEADER}{rows}");
        parse(text.as_bytes(), &Context::new("os", "targets.simple.csv")).map_err(|e| e.to_string())
    }

    #[test]
    fn splits_quoted_values() {
        assert_eq!(split_values("a;b; c").unwrap(), ["a", "b", "c"]);
        assert_eq!(
            split_values("\"x; \"\"y\"\"\nz\";w").unwrap(),
            ["x; \"y\"\nz", "w"]
        );
        assert!(split_values("\"\"").unwrap().is_empty());
    }

    #[test]
    fn reads_a_row() {
        let parsed = parse_rows(concat!(
            "\"NK-1\",\"Person\",\"IVAKHA Denis\",\"ІВАХА Денис;ИВАХА Денис\",\"1987-09-14\",\"ru;ua\",\"Moscow\",\"IMO1234567;1125042006462\",",
            "\"\"\"Participates in \"\"\"\"re-education\"\"\"\"\"\";Other reason\",\"+7 1\",\"a@b.ru\",\"UA-WS-EXECUTIVES\",\"Ukraine War and Sanctions\",\"2025-10-06T14:15:21\",\"2026-03-13T05:41:01\",\"2026-02-05T14:54:48\"\n",
        ))
        .unwrap();
        let [person] = parsed.entities.as_slice() else {
            panic!("one entity");
        };
        assert_eq!(person.id, "os:NK-1");
        assert_eq!(person.schema, Schema::Person);
        let names: Vec<_> = person
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("IVAKHA Denis", NameKind::Primary),
                ("ІВАХА Денис", NameKind::Alias),
                ("ИВАХА Денис", NameKind::Alias),
            ]
        );
        assert_eq!(person.birth_dates[0].to_string(), "1987-09-14");
        assert_eq!(
            person.countries,
            [
                Country::from_alpha2("RU").unwrap(),
                Country::from_alpha2("UA").unwrap()
            ]
        );
        assert_eq!(person.addresses[0].full, "Moscow");
        let ids: Vec<_> = person
            .identifiers
            .iter()
            .map(|i| (i.kind, i.number.as_str()))
            .collect();
        assert_eq!(
            ids,
            [(IdKind::Imo, "1234567"), (IdKind::Other, "1125042006462")]
        );
        assert_eq!(person.phones, ["+7 1"]);
        assert_eq!(person.emails, ["a@b.ru"]);
        let [listing] = person.listings.as_slice() else {
            panic!("one listing");
        };
        assert_eq!(listing.source, "ua_war_sanctions");
        assert_eq!(
            listing.authority,
            Authority::Other("ua_war_sanctions".into())
        );
        assert_eq!(listing.programmes, ["UA-WS-EXECUTIVES"]);
        assert_eq!(
            listing.remarks.as_deref(),
            Some("Participates in \"re-education\"\nOther reason")
        );
        assert!(parsed.warnings.is_empty());
    }

    #[test]
    fn several_datasets_keep_programmes_apart() {
        let parsed = parse_rows(concat!(
            "x,Company,Acme,,,,,,\"\",,,US-X,\"EU Financial Sanctions Files (FSF);US OFAC Specially Designated Nationals (SDN) List\",,,\n",
            "y,Vessel,Boat,,,,,,,,,,UK FCDO Sanctions List;Other List,,,\n",
        ))
        .unwrap();
        let listings: Vec<_> = parsed.entities[0]
            .listings
            .iter()
            .map(|l| (l.source.as_str(), l.authority.clone(), l.programmes.clone()))
            .collect();
        assert_eq!(
            listings,
            [
                ("eu_fsf", Authority::Eu, vec![]),
                ("us_ofac_sdn", Authority::UsOfac, vec![]),
                ("os", Authority::Other("os".into()), vec!["US-X".to_owned()]),
            ]
        );
        let boat: Vec<_> = parsed.entities[1]
            .listings
            .iter()
            .map(|l| l.source.as_str())
            .collect();
        assert_eq!(boat, ["gb_fcdo_sanctions", "other_list"]);
    }

    #[test]
    fn odd_rows() {
        let parsed = parse_rows(concat!(
            "w,CryptoWallet,1Abc,,,,,,,,,,,,,\n",
            "p,Person,P,,1960-13-01,suhh,,,,,,,,,,\n",
        ))
        .unwrap();
        assert_eq!(parsed.entities.len(), 1);
        let warnings: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "os:w: schema \"CryptoWallet\": not a person, organisation, vessel or aircraft: row skipped",
                "os:p: birth_date \"1960-13-01\": month out of range",
                "os:p: country \"suhh\": not a known country",
            ]
        );
        assert_eq!(
            parsed.entities[0].listings[0].authority,
            Authority::Other("os".into())
        );
    }

    #[test]
    fn broken_files_are_errors() {
        assert_eq!(
            parse_rows(
                "a,Person,A,,,,,,,,,,,,,\nb,Person,B,,,,,,,,,,,,,\na,Person,A2,,,,,,,,,,,,,\n"
            )
            .unwrap_err(),
            "targets.simple.csv: line 4: id \"a\" is already the id of line 2"
        );
        assert_eq!(
            parse_rows("a,Person,,,,,,,,,,,,,,\n").unwrap_err(),
            "targets.simple.csv: line 2: no name"
        );
        let Err(error) = parse("id,name\n1,x\n".as_bytes(), &Context::new("os", "t.csv")) else {
            panic!("accepted a file without a schema column");
        };
        assert_eq!(
            error.to_string(),
            "t.csv: line 1: missing column \"schema\": not an OpenSanctions targets.simple.csv"
        );
        let mut bytes = HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(b"a,Person,\xff,,,,,,,,,,,,,\n");
        let Err(error) = parse(&bytes[..], &Context::new("os", "t.csv")) else {
            panic!("accepted invalid UTF-8");
        };
        assert!(
            error
                .to_string()
                .starts_with("t.csv: line 2: unreadable CSV"),
            "{error}"
        );
    }
}
