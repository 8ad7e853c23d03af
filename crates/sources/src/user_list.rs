//! A list a user keeps themselves, in CSV or YAML: an internal watch list,
//! or a list no authority publishes as data (Russia's foreign-ministry
//! "stop list", announced in press statements). `docs/user-lists.md`
//! documents both layouts field by field.
//!
//! Both describe the same fields, one entity per CSV row or YAML entry:
//! `id`, `name`, `aliases`, `schema`, `birth_date`, `nationality`,
//! `id_numbers`, `authority`, `programme`, `listed_on`, `source_url` and
//! `remarks`. Each entity gets one [`Listing`] on the list (`source`).
//!
//! The readers are strict where a mistake would lose data silently: an
//! unknown column or key (a typo such as `nationalty`) is an error naming
//! it, as are a missing name, an unknown schema or identifier kind, and two
//! entities with one id (naming both). A value that merely cannot be read
//! (a date such as `spring 1960`, an unknown country) is kept in the
//! entity's `unparsed` values with a warning, as for every other list.

use std::collections::HashMap;
use std::fmt;
use std::io::BufRead;
use std::str::FromStr;

use csv::StringRecord;
use interdict_model::{
    Authority, Country, Entity, FuzzyDate, IdKind, Listing, Name, NameKind, NumericOrder,
    PartialDate, Schema, VesselDetails,
};
use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};

use crate::csv_table::{Column, Row, Table};
use crate::fields::{add_birth_date, non_blank, slug};
use crate::ftm_json::{add_identifier, imo_digits};
use crate::{Context, Location, Parsed, SourceError};

/// The columns of the CSV layout, which are also the keys of a YAML entity.
pub const COLUMNS: [&str; 12] = [
    "id",
    "name",
    "aliases",
    "schema",
    "birth_date",
    "nationality",
    "id_numbers",
    "authority",
    "programme",
    "listed_on",
    "source_url",
    "remarks",
];

/// The identifier kinds, as both layouts write them.
const KINDS: [(&str, IdKind); 7] = [
    ("passport", IdKind::Passport),
    ("national_id", IdKind::NationalId),
    ("tax_id", IdKind::TaxId),
    ("registration", IdKind::Registration),
    ("imo", IdKind::Imo),
    ("swift", IdKind::Swift),
    ("other", IdKind::Other),
];

/// One entity as either layout gives it, before it is read into the model.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Fields {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    aliases: OneOrMany,
    #[serde(default)]
    schema: Option<String>,
    #[serde(default)]
    birth_date: OneOrMany,
    #[serde(default)]
    nationality: OneOrMany,
    #[serde(default)]
    id_numbers: Vec<IdNumber>,
    #[serde(default)]
    authority: Option<String>,
    #[serde(default)]
    programme: OneOrMany,
    #[serde(default)]
    listed_on: Option<String>,
    #[serde(default)]
    source_url: Option<String>,
    #[serde(default)]
    remarks: Option<String>,
}

/// An identifier: a kind, a number and, optionally, the issuing country.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct IdNumber {
    kind: IdKind,
    number: String,
    #[serde(default)]
    country: Option<String>,
}

/// What the list as a whole says, and the defaults it sets for its entities.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListFields {
    /// For people reading the file; interdict names a list by its manifest,
    /// so the title is accepted and not read.
    #[serde(default, rename = "title")]
    _title: Option<String>,
    #[serde(default)]
    authority: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    source_url: Option<String>,
    #[serde(default)]
    programme: OneOrMany,
}

/// A YAML file: the `list` block and the `entities`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct YamlFile {
    #[serde(default)]
    list: ListFields,
    entities: Vec<Fields>,
}

/// Values written as a sequence, or as one value when there is only one
/// (`nationality: us` or `nationality: [us, gb]`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct OneOrMany(Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Values;
        impl<'de> Visitor<'de> for Values {
            type Value = OneOrMany;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value or a sequence of values")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![value.to_owned()]))
            }

            // `birth_date: 1961` is a number to YAML.
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![value.to_string()]))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![value.to_string()]))
            }

            fn visit_unit<E: de::Error>(self) -> Result<OneOrMany, E> {
                Ok(OneOrMany::default())
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut values = Vec::new();
                while let Some(value) = seq.next_element::<String>()? {
                    values.push(value);
                }
                Ok(OneOrMany(values))
            }
        }
        deserializer.deserialize_any(Values)
    }
}

// ---------------------------------------------------------------------------
// CSV.

/// Reads a user's list in CSV: a header row naming some of [`COLUMNS`]
/// (`name` is required), then one entity per row. Multi-valued cells join
/// their values with `;`; an identifier is `kind:number` or
/// `kind:number:country`.
pub fn parse_csv(input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
    let reader = csv::ReaderBuilder::new().from_reader(input);
    let declared = COLUMNS.map(Column::optional);
    let mut table = Table::new(reader, &context.label, &declared)?;
    check_header(table.header()).map_err(|message| table.header_error(message))?;

    let mut parsed = Parsed::default();
    let mut ids = Ids::default();
    while let Some(row) = table.next_row()? {
        if row.is_blank() {
            continue;
        }
        let fields = csv_fields(&row).map_err(|message| row.error(message))?;
        let entity = read_entity(fields, &ListFields::default(), context, &mut parsed)
            .map_err(|message| row.error(message))?;
        ids.claim(&entity, context, format!("line {}", row.line()))
            .map_err(|message| row.error(message))?;
        parsed.entities.push(entity);
    }
    Ok(parsed)
}

/// Checks the header: every column must be one of [`COLUMNS`], once, and
/// `name` must be there. Strict, because the values of a column with a typo
/// in its name (`nationalty`) would be lost without a word.
fn check_header(header: &[String]) -> Result<(), String> {
    let mut columns = Vec::new();
    let mut unknown = Vec::new();
    for (position, cell) in header.iter().enumerate() {
        if cell.is_empty() {
            return Err(format!("column {} has no name", position + 1));
        }
        match COLUMNS.iter().find(|c| c.eq_ignore_ascii_case(cell)) {
            Some(known) if columns.contains(known) => {
                return Err(format!("the column {known:?} appears twice"));
            }
            Some(known) => columns.push(*known),
            None => unknown.push(format!("{cell:?}")),
        }
    }
    if !unknown.is_empty() {
        let noun = if unknown.len() == 1 {
            "column"
        } else {
            "columns"
        };
        return Err(format!(
            "unknown {noun} {}: its values would be lost (the columns are {})",
            unknown.join(", "),
            COLUMNS.join(", ")
        ));
    }
    if !columns.contains(&"name") {
        return Err(format!(
            "no \"name\" column (the columns are {})",
            COLUMNS.join(", ")
        ));
    }
    Ok(())
}

fn csv_fields(row: &Row<StringRecord>) -> Result<Fields, String> {
    let text = |column: &str| row.get(column).map(str::to_owned);
    let list = |column: &str| row.get(column).map(split).unwrap_or_default();
    Ok(Fields {
        id: text("id"),
        name: text("name").unwrap_or_default(),
        aliases: list("aliases"),
        schema: text("schema"),
        birth_date: list("birth_date"),
        nationality: list("nationality"),
        id_numbers: list("id_numbers")
            .0
            .iter()
            .map(|entry| read_id_number(entry))
            .collect::<Result<_, _>>()?,
        authority: text("authority"),
        programme: list("programme"),
        listed_on: text("listed_on"),
        source_url: text("source_url"),
        remarks: text("remarks"),
    })
}

/// The non-blank values of a `;`-separated cell.
fn split(cell: &str) -> OneOrMany {
    OneOrMany(
        cell.split(';')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .collect(),
    )
}

/// Reads `kind:number` or `kind:number:country` (`passport:AB123:RU`). A
/// number with a colon in it needs the country part, even if empty
/// (`other:A:1:`).
fn read_id_number(entry: &str) -> Result<IdNumber, String> {
    let parts: Vec<&str> = entry.split(':').map(str::trim).collect();
    let (kind, number, country) = match parts.as_slice() {
        [kind, number] => (*kind, (*number).to_owned(), None),
        [kind, number @ .., country] if !number.is_empty() => {
            (*kind, number.join(":"), Some(*country))
        }
        _ => {
            return Err(format!(
                "identifier {entry:?} is not kind:number or kind:number:country (kinds: {})",
                kind_names()
            ));
        }
    };
    let kind = KINDS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(&kind.replace([' ', '-'], "_")))
        .map(|&(_, kind)| kind)
        .ok_or_else(|| {
            format!(
                "identifier {entry:?}: unknown kind {kind:?} (kinds: {})",
                kind_names()
            )
        })?;
    if number.is_empty() {
        return Err(format!("identifier {entry:?} has no number"));
    }
    Ok(IdNumber {
        kind,
        number,
        country: country.filter(|c| !c.is_empty()).map(str::to_owned),
    })
}

fn kind_names() -> String {
    KINDS.map(|(name, _)| name).join(", ")
}

// ---------------------------------------------------------------------------
// YAML.

/// Reads a user's list in YAML: an optional `list` block (`title`,
/// `authority`, `published`, `source_url`, `programme`) and `entities`, a
/// sequence of mappings with the keys of [`COLUMNS`]. `aliases`,
/// `birth_date`, `nationality` and `programme` take one value or a
/// sequence; `id_numbers` is a sequence of `{kind, number, country}`.
pub fn parse_yaml(mut input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).map_err(|e| {
        SourceError::new(&context.label, Location::File, format!("cannot read: {e}"))
    })?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let line = bytes
            .get(..e.valid_up_to())
            .map_or(0, |valid| valid.iter().filter(|&&b| b == b'\n').count());
        SourceError::new(
            &context.label,
            Location::Line(line as u64 + 1),
            format!("invalid UTF-8: {e}"),
        )
    })?;
    let file: YamlFile = serde_yaml_ng::from_str(text).map_err(|e| {
        let location = e
            .location()
            .map_or(Location::File, |l| Location::Line(l.line() as u64));
        SourceError::new(&context.label, location, format!("not a user list: {e}"))
    })?;

    let mut parsed = Parsed::default();
    if let Some(published) = file.list.published.as_deref() {
        match read_date(published) {
            Ok(date) => parsed.meta.published = Some(date),
            Err(reason) => parsed.warn(&context.label, "published", published, reason),
        }
    }
    let mut ids = Ids::default();
    for (index, fields) in file.entities.into_iter().enumerate() {
        let position = index + 1;
        let name = fields.name.trim().to_owned();
        let error = |message: String| {
            SourceError::new(
                &context.label,
                Location::Record {
                    index: position,
                    id: Some(name.clone()).filter(|n| !n.is_empty()),
                },
                message,
            )
        };
        let entity = read_entity(fields, &file.list, context, &mut parsed).map_err(error)?;
        ids.claim(&entity, context, format!("entity {position}"))
            .map_err(error)?;
        parsed.entities.push(entity);
    }
    Ok(parsed)
}

// ---------------------------------------------------------------------------
// Both layouts.

/// The ids used so far, and where.
#[derive(Default)]
struct Ids(HashMap<String, String>);

impl Ids {
    /// Records that `place` (`line 4`, `entity 2`) holds `entity`; an error
    /// if another place holds an entity with the same id.
    fn claim(&mut self, entity: &Entity, context: &Context, place: String) -> Result<(), String> {
        let Some(first) = self.0.get(&entity.id) else {
            self.0.insert(entity.id.clone(), place);
            return Ok(());
        };
        let prefix = format!("{}:", context.source);
        let id = entity.id.strip_prefix(&prefix).unwrap_or(&entity.id);
        // Only an id the user gave is the listing's reference.
        let given = entity.listings.iter().any(|l| l.reference.is_some());
        Err(if given {
            format!("the id {id:?} is already that of {first}: give each entity its own id")
        } else {
            format!(
                "the id {id:?}, made from the name, is already that of {first}: give one of them an id"
            )
        })
    }
}

/// Reads one entity. `list` gives the defaults for its authority, source
/// URL and programmes.
fn read_entity(
    fields: Fields,
    list: &ListFields,
    context: &Context,
    parsed: &mut Parsed,
) -> Result<Entity, String> {
    let name = fields.name.trim();
    if name.is_empty() {
        return Err("no name".into());
    }
    let schema = match non_blank(fields.schema.as_deref()) {
        None => Schema::LegalEntity,
        Some(text) => Schema::from_str(text).map_err(|e| e.to_string())?,
    };
    let given_id = non_blank(fields.id.as_deref());
    let local_id = match given_id {
        Some(id) => id.to_owned(),
        None => {
            let id = slug(name);
            if id.is_empty() {
                return Err(format!(
                    "no id, and the name {name:?} has no letters or digits to make one from"
                ));
            }
            id
        }
    };

    let mut entity = Entity::new(&context.source, &local_id, schema);
    entity.add_name(Name::new(name, NameKind::Primary));
    for alias in &fields.aliases.0 {
        entity.add_name(Name::new(alias, NameKind::Alias));
    }
    for date in &fields.birth_date.0 {
        add_birth_date(&mut entity, date, NumericOrder::DayFirst, parsed);
    }
    for text in &fields.nationality.0 {
        add_nationality(&mut entity, text, parsed);
    }
    for id in &fields.id_numbers {
        add_id_number(&mut entity, id, parsed)?;
    }

    let authority = non_blank(fields.authority.as_deref())
        .or(non_blank(list.authority.as_deref()))
        .map_or_else(
            || Authority::Other(context.source.clone()),
            |id| {
                id.parse()
                    .unwrap_or_else(|_| Authority::Other(id.to_owned()))
            },
        );
    let mut listing = Listing::new(&context.source, authority);
    let programmes = if fields.programme.0.is_empty() {
        &list.programme.0
    } else {
        &fields.programme.0
    };
    for programme in programmes {
        if let Some(programme) = non_blank(Some(programme)) {
            Entity::push_unique(&mut listing.programmes, programme.to_owned());
        }
    }
    if let Some(text) = non_blank(fields.listed_on.as_deref()) {
        match read_date(text) {
            Ok(date) => listing.listed_on = Some(date),
            Err(reason) => {
                entity.keep_unparsed("listed_on", text);
                parsed.warn(&entity.id, "listed_on", text, reason);
            }
        }
    }
    // The user's own id is the list's reference; a made-up one is not.
    listing.reference = given_id.map(str::to_owned);
    listing.url = non_blank(fields.source_url.as_deref())
        .or(non_blank(list.source_url.as_deref()))
        .map(str::to_owned);
    listing.remarks = non_blank(fields.remarks.as_deref()).map(str::to_owned);
    entity.listings.push(listing);
    Ok(entity)
}

/// A person's nationality; for anything else, its country, and for a ship
/// its flag as well (the first given).
fn add_nationality(entity: &mut Entity, text: &str, parsed: &mut Parsed) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    match Country::resolve(text) {
        Some(country) if entity.schema == Schema::Person => {
            Entity::push_unique(&mut entity.nationalities, country);
        }
        Some(country) => {
            Entity::push_unique(&mut entity.countries, country);
            if entity.schema == Schema::Vessel {
                let vessel = entity.vessel.get_or_insert_with(VesselDetails::default);
                vessel.flag = vessel.flag.or(Some(country));
            }
        }
        None => {
            entity.keep_unparsed("nationality", text);
            parsed.warn(&entity.id, "nationality", text, "not a known country");
        }
    }
}

fn add_id_number(entity: &mut Entity, id: &IdNumber, parsed: &mut Parsed) -> Result<(), String> {
    let number = id.number.trim();
    if number.is_empty() {
        return Err(format!("a {:?} identifier without a number", id.kind));
    }
    if id.kind == IdKind::Imo && imo_digits(number).is_none() {
        parsed.warn(
            &entity.id,
            "id_numbers",
            number,
            "not an IMO number (seven digits): kept as another identifier",
        );
    }
    let kind = match id.kind {
        IdKind::Imo if imo_digits(number).is_none() => IdKind::Other,
        kind => kind,
    };
    let country = match non_blank(id.country.as_deref()) {
        None => None,
        Some(text) => {
            let country = Country::resolve(text);
            if country.is_none() {
                entity.keep_unparsed("id_numbers", text);
                parsed.warn(
                    &entity.id,
                    "id_numbers",
                    text,
                    format!("not a known country (the issuer of {number})"),
                );
            }
            country
        }
    };
    add_identifier(entity, kind, number, None, country);
    Ok(())
}

/// A listing or publication date: ISO (`2022-03-15`, `2022-03`) or as
/// lists write it (`15 March 2022`, `15.03.2022`); it must be one date.
fn read_date(text: &str) -> Result<PartialDate, &'static str> {
    match FuzzyDate::parse_with(text, NumericOrder::DayFirst) {
        Ok(FuzzyDate::Exact(date)) => Ok(date),
        Ok(_) => Err("not a single date"),
        Err(error) => Err(error.reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "id,name,aliases,schema,birth_date,nationality,id_numbers,authority,programme,listed_on,source_url,remarks\n";

    fn csv(text: &str) -> Result<Parsed, String> {
        parse_csv(text.as_bytes(), &Context::new("acme", "watchlist.csv"))
            .map_err(|e| e.to_string())
    }

    fn yaml(text: &str) -> Result<Parsed, String> {
        parse_yaml(text.as_bytes(), &Context::new("acme", "list.yaml")).map_err(|e| e.to_string())
    }

    fn country(code: &str) -> Country {
        Country::from_alpha2(code).unwrap()
    }

    #[test]
    fn reads_every_csv_column() {
        let parsed = csv(&format!(
            "{HEADER}W-1,Ivan Petrov,Иван Петров; I. Petrov,person,1970-05-01;1971,RU;Ukraine,passport:AB123:RU;tax_id:7701,us_ofac,UKR;RUS,2022-03-15,https://example.com/1,Adverse media\n"
        ))
        .unwrap();
        let [ivan] = parsed.entities.as_slice() else {
            panic!("one entity");
        };
        assert_eq!(ivan.id, "acme:W-1");
        assert_eq!(ivan.schema, Schema::Person);
        let names: Vec<_> = ivan
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("Ivan Petrov", NameKind::Primary),
                ("Иван Петров", NameKind::Alias),
                ("I. Petrov", NameKind::Alias),
            ]
        );
        let dates: Vec<String> = ivan.birth_dates.iter().map(ToString::to_string).collect();
        assert_eq!(dates, ["1970-05-01", "1971"]);
        assert_eq!(ivan.nationalities, [country("RU"), country("UA")]);
        let ids: Vec<_> = ivan
            .identifiers
            .iter()
            .map(|i| (i.kind, i.number.as_str(), i.country))
            .collect();
        assert_eq!(
            ids,
            [
                (IdKind::Passport, "AB123", Some(country("RU"))),
                (IdKind::TaxId, "7701", None),
            ]
        );
        let [listing] = ivan.listings.as_slice() else {
            panic!("one listing");
        };
        assert_eq!(listing.source, "acme");
        assert_eq!(listing.authority, Authority::UsOfac);
        assert_eq!(listing.programmes, ["UKR", "RUS"]);
        assert_eq!(listing.listed_on, PartialDate::parse_iso("2022-03-15").ok());
        assert_eq!(listing.reference.as_deref(), Some("W-1"));
        assert_eq!(listing.url.as_deref(), Some("https://example.com/1"));
        assert_eq!(listing.remarks.as_deref(), Some("Adverse media"));
    }

    #[test]
    fn a_bare_identifier_is_an_error() {
        // The row above: `X9` is not kind:number, and says so.
        let error = csv(&format!("{HEADER},A,,,,,X9,,,,,\n")).unwrap_err();
        assert_eq!(
            error,
            "watchlist.csv: line 2: identifier \"X9\" is not kind:number or kind:number:country (kinds: passport, national_id, tax_id, registration, imo, swift, other)"
        );
    }

    #[test]
    fn columns_may_be_few_and_in_any_order() {
        let parsed = csv("name,id\nAcme Trading FZE,\n\nNorth Star Shipping,NS\n").unwrap();
        let ids: Vec<&str> = parsed.entities.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["acme:acme-trading-fze", "acme:NS"]);
        let entity = &parsed.entities[0];
        assert_eq!(entity.schema, Schema::LegalEntity);
        assert_eq!(
            entity.listings[0].authority,
            Authority::Other("acme".into())
        );
        assert_eq!(entity.listings[0].reference, None);
    }

    #[test]
    fn identifiers_read_their_parts() {
        assert_eq!(
            read_id_number("National-ID: 12:34 :").unwrap(),
            IdNumber {
                kind: IdKind::NationalId,
                number: "12:34".into(),
                country: None
            }
        );
        assert!(
            read_id_number("pasport:1")
                .unwrap_err()
                .contains("unknown kind \"pasport\"")
        );
        assert!(
            read_id_number("passport:")
                .unwrap_err()
                .contains("no number")
        );
    }

    #[test]
    fn unknown_and_missing_columns_are_errors() {
        assert_eq!(
            csv("name,nationalty,dob\nA,RU,1970\n").unwrap_err(),
            "watchlist.csv: line 1: unknown columns \"nationalty\", \"dob\": its values would be lost (the columns are id, name, aliases, schema, birth_date, nationality, id_numbers, authority, programme, listed_on, source_url, remarks)"
        );
        assert!(
            csv("id,aliases\n1,A\n")
                .unwrap_err()
                .contains("no \"name\" column")
        );
        assert!(
            csv("name,name\nA,B\n")
                .unwrap_err()
                .contains("appears twice")
        );
        assert!(
            csv("name,,id\nA,,1\n")
                .unwrap_err()
                .contains("column 2 has no name")
        );
        assert!(
            csv("\u{feff}Name,ID\nA,1\n").is_ok(),
            "a BOM and capitals are fine"
        );
    }

    #[test]
    fn row_errors_name_the_line() {
        assert_eq!(
            csv("id,name\n1,A\n2,B\n1,C\n").unwrap_err(),
            "watchlist.csv: line 4: the id \"1\" is already that of line 2: give each entity its own id"
        );
        assert_eq!(
            csv("name\nJohn Smith\nJOHN SMITH\n").unwrap_err(),
            "watchlist.csv: line 3: the id \"john-smith\", made from the name, is already that of line 2: give one of them an id"
        );
        assert_eq!(
            csv("id,name\n1,\n").unwrap_err(),
            "watchlist.csv: line 2: no name"
        );
        assert!(
            csv("name,schema\nA,boat\n")
                .unwrap_err()
                .starts_with("watchlist.csv: line 2: unknown schema \"boat\"")
        );
        assert!(
            csv("name,id\nA,1,extra\n")
                .unwrap_err()
                .starts_with("watchlist.csv: line 2: unreadable CSV")
        );
    }

    #[test]
    fn unreadable_values_are_kept_with_a_warning() {
        let parsed = csv(concat!(
            "name,schema,birth_date,nationality,id_numbers,listed_on\n",
            "A,person,spring 1960,Atlantis,imo:12;passport:P1:Narnia,1960 to 1962\n",
            "B,company,,Germany,imo:IMO 9253325,15.03.2022\n",
        ))
        .unwrap();
        let a = &parsed.entities[0];
        let unparsed: Vec<_> = a
            .unparsed
            .iter()
            .map(|u| (u.field.as_str(), u.value.as_str()))
            .collect();
        assert_eq!(
            unparsed,
            [
                ("birth_date", "spring 1960"),
                ("nationality", "Atlantis"),
                ("id_numbers", "Narnia"),
                ("listed_on", "1960 to 1962"),
            ]
        );
        assert_eq!(parsed.warnings.len(), 5);
        assert_eq!(a.identifiers[0].kind, IdKind::Other);
        assert_eq!(a.identifiers[1].number, "P1");
        let b = &parsed.entities[1];
        assert_eq!(b.countries, [country("DE")], "an organisation's country");
        assert_eq!(
            (b.identifiers[0].kind, b.identifiers[0].number.as_str()),
            (IdKind::Imo, "9253325")
        );
        assert_eq!(
            b.listings[0].listed_on,
            PartialDate::parse_iso("2022-03-15").ok()
        );
    }

    #[test]
    fn invalid_utf8_is_an_error_naming_the_line() {
        let Err(error) = parse_csv(&b"name\nA\n\xff\n"[..], &Context::new("acme", "w.csv")) else {
            panic!("accepted invalid UTF-8");
        };
        assert!(
            error
                .to_string()
                .starts_with("w.csv: line 3: unreadable CSV"),
            "{error}"
        );
        let Err(error) = parse_yaml(
            &b"entities:\n  - name: A\n  - name: \xff\n"[..],
            &Context::new("acme", "l.yaml"),
        ) else {
            panic!("accepted invalid UTF-8");
        };
        assert!(
            error
                .to_string()
                .starts_with("l.yaml: line 3: invalid UTF-8"),
            "{error}"
        );
    }

    #[test]
    fn reads_every_yaml_key() {
        let parsed = yaml(
            r#"
# A comment.
list:
  title: Test list
  authority: ru_mfa
  published: 2022-03-15
  source_url: https://example.com/list
  programme: Stop list
entities:
  - id: jb
    name: Joseph Biden
    aliases: [Джозеф Байден, Joe Biden]
    schema: person
    birth_date: 1942-11-20
    nationality: us
    id_numbers:
      - kind: passport
        number: "012345"
        country: US
    listed_on: 2022-03-15
    source_url: https://example.com/jb
    remarks: President
  - name: Acme Corp
    schema: company
    authority: eu
    programme: [A, B]
    birth_date: 1961
"#,
        )
        .unwrap();
        assert_eq!(
            parsed.meta.published,
            PartialDate::parse_iso("2022-03-15").ok()
        );
        let [jb, acme] = parsed.entities.as_slice() else {
            panic!("two entities");
        };
        assert_eq!(jb.id, "acme:jb");
        assert_eq!(jb.names.len(), 3);
        assert_eq!(jb.names[1].full, "Джозеф Байден");
        assert_eq!(jb.birth_dates[0].to_string(), "1942-11-20");
        assert_eq!(jb.nationalities, [country("US")]);
        assert_eq!(
            jb.identifiers[0].number, "012345",
            "quoted, kept as written"
        );
        assert_eq!(jb.identifiers[0].country, Some(country("US")));
        let listing = &jb.listings[0];
        assert_eq!(listing.authority, Authority::RuMfa);
        assert_eq!(listing.programmes, ["Stop list"]);
        assert_eq!(listing.url.as_deref(), Some("https://example.com/jb"));
        assert_eq!(listing.remarks.as_deref(), Some("President"));
        assert_eq!(acme.id, "acme:acme-corp");
        assert_eq!(acme.listings[0].authority, Authority::Eu);
        assert_eq!(acme.listings[0].programmes, ["A", "B"]);
        assert_eq!(
            acme.listings[0].url.as_deref(),
            Some("https://example.com/list")
        );
        assert_eq!(acme.birth_dates[0].to_string(), "1961");
    }

    #[test]
    fn yaml_errors_name_the_key_or_the_entity() {
        assert_eq!(
            yaml("entities:\n  - name: A\n    nationalty: us\n").unwrap_err(),
            "list.yaml: line 3: not a user list: entities[0]: unknown field `nationalty`, expected one of `id`, `name`, `aliases`, `schema`, `birth_date`, `nationality`, `id_numbers`, `authority`, `programme`, `listed_on`, `source_url`, `remarks` at line 3 column 5"
        );
        assert!(
            yaml("list:\n  titel: x\nentities: []\n")
                .unwrap_err()
                .contains("unknown field `titel`")
        );
        assert!(
            yaml("entities:\n  - name: A\n    id_numbers:\n      - kind: pasport\n        number: 1\n")
                .unwrap_err()
                .contains("unknown variant `pasport`")
        );
        assert_eq!(
            yaml("entities:\n  - name: A\n  - name: B\n  - name: a\n").unwrap_err(),
            "list.yaml: record 3 (a): the id \"a\", made from the name, is already that of entity 1: give one of them an id"
        );
        assert_eq!(
            yaml("entities:\n  - id: x\n    name: \"\"\n").unwrap_err(),
            "list.yaml: record 1: no name"
        );
        assert!(
            yaml("list:\n  title: x\n")
                .unwrap_err()
                .contains("missing field `entities`")
        );
        assert!(yaml("").unwrap_err().starts_with("list.yaml: "));
    }

    #[test]
    fn a_bad_published_date_is_a_warning() {
        let parsed = yaml("list:\n  published: soon\nentities: []\n").unwrap();
        assert_eq!(parsed.meta.published, None);
        assert_eq!(parsed.warnings[0].field, "published");
    }
}
