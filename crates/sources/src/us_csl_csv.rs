//! The US Consolidated Screening List (CSL) of trade.gov, in its CSV form
//! (`consolidated.csv`).
//!
//! The CSL puts together the export screening lists of three departments:
//! Treasury (OFAC's SDN list and its non-SDN lists: SSI, FSE, PLC, CAPTA,
//! NS-MBS, CMIC), Commerce (BIS's Entity List, Denied Persons List,
//! Unverified List and Military End User List) and State (ITAR debarred
//! parties, nonproliferation sanctions). A header names the columns; each
//! row is one party on one list, with its list in `source` ("Specially
//! Designated Nationals (SDN) - Treasury Department"). Cells that hold
//! several values join them with `; `.
//!
//! Rows are keyed by `_id`: OFAC's entity number for Treasury's lists, a
//! hash for the others. A party OFAC lists on several of its lists (SDN and
//! SSI, say) is several rows with the same `_id`, the same but for `source`;
//! they become one [`Entity`] with id `{source}:{_id}` and one [`Listing`]
//! per list, under that list's authority.
//!
//! The `ids` cell mixes documents with other facts, as OFAC's own files do:
//! each item is `[country, ][dates, ]value, type`, where the type (last)
//! says what the value is: a passport or tax number, but also a gender, a
//! website, an establishment date or a sanctions note. The types are OFAC's
//! `idType`s, sorted and added by [`crate::ofac_facts`] as OFAC's own
//! formats are.

use std::collections::HashMap;
use std::io::BufRead;

use csv::StringRecord;
use interdict_model::{
    Address, Authority, Country, Entity, IdKind, Listing, Name, NameKind, NamePart, NamePartKind,
    NumericOrder, PartialDate, Schema, VesselDetails,
};

use crate::fields::{CountryField, add_birth_date, add_country, join_non_blank, non_blank};
use crate::ofac_facts::{self, Fact, FactValue, add_identifier};
use crate::{Context, Location, Parsed, SourceError};

/// Numeric dates in US lists put the month first.
const ORDER: NumericOrder = NumericOrder::MonthFirst;

/// Reads a whole `consolidated.csv`.
pub fn parse(input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
    let mut reader = csv::ReaderBuilder::new().from_reader(input);
    let header = reader
        .headers()
        .map_err(|e| csv_error(&context.label, &e))?
        .clone();
    let columns = Columns::find(&header).map_err(|column| {
        SourceError::new(
            &context.label,
            Location::Line(1),
            format!("missing column {column:?}"),
        )
    })?;

    let mut parsed = Parsed::default();
    let mut parties = Parties::default();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(&context.label, &e))?;
        let line = record.position().map_or(0, csv::Position::line);
        let row = Row {
            record: &record,
            columns: &columns,
        };
        read_row(&row, context, &mut parties, &mut parsed)
            .map_err(|message| SourceError::new(&context.label, Location::Line(line), message))?;
    }
    parsed.entities = parties.entities;
    Ok(parsed)
}

/// The entities read so far, by `_id`.
#[derive(Default)]
struct Parties {
    entities: Vec<Entity>,
    by_id: HashMap<String, usize>,
}

fn csv_error(label: &str, error: &csv::Error) -> SourceError {
    let location = error
        .position()
        .map_or(Location::File, |p| Location::Line(p.line()));
    SourceError::new(label, location, format!("unreadable CSV: {error}"))
}

/// Where each column is, found by its header.
struct Columns {
    id: usize,
    source: usize,
    name: usize,
    entity_number: Option<usize>,
    kind: Option<usize>,
    programs: Option<usize>,
    title: Option<usize>,
    addresses: Option<usize>,
    federal_register_notice: Option<usize>,
    start_date: Option<usize>,
    end_date: Option<usize>,
    standard_order: Option<usize>,
    license_requirement: Option<usize>,
    license_policy: Option<usize>,
    call_sign: Option<usize>,
    vessel_type: Option<usize>,
    gross_tonnage: Option<usize>,
    gross_registered_tonnage: Option<usize>,
    vessel_flag: Option<usize>,
    vessel_owner: Option<usize>,
    remarks: Option<usize>,
    alt_names: Option<usize>,
    citizenships: Option<usize>,
    dates_of_birth: Option<usize>,
    nationalities: Option<usize>,
    places_of_birth: Option<usize>,
    source_information_url: Option<usize>,
    ids: Option<usize>,
}

impl Columns {
    /// Finds the columns; the error is the first required one missing.
    fn find(header: &StringRecord) -> Result<Self, &'static str> {
        let find = |name: &str| {
            header.iter().position(|h| {
                h.trim_start_matches('\u{feff}')
                    .trim()
                    .eq_ignore_ascii_case(name)
            })
        };
        let required = |name: &'static str| find(name).ok_or(name);
        Ok(Self {
            id: required("_id")?,
            source: required("source")?,
            name: required("name")?,
            entity_number: find("entity_number"),
            kind: find("type"),
            programs: find("programs"),
            title: find("title"),
            addresses: find("addresses"),
            federal_register_notice: find("federal_register_notice"),
            start_date: find("start_date"),
            end_date: find("end_date"),
            standard_order: find("standard_order"),
            license_requirement: find("license_requirement"),
            license_policy: find("license_policy"),
            call_sign: find("call_sign"),
            vessel_type: find("vessel_type"),
            gross_tonnage: find("gross_tonnage"),
            gross_registered_tonnage: find("gross_registered_tonnage"),
            vessel_flag: find("vessel_flag"),
            vessel_owner: find("vessel_owner"),
            remarks: find("remarks"),
            alt_names: find("alt_names"),
            citizenships: find("citizenships"),
            dates_of_birth: find("dates_of_birth"),
            nationalities: find("nationalities"),
            places_of_birth: find("places_of_birth"),
            source_information_url: find("source_information_url"),
            ids: find("ids"),
        })
    }
}

/// One row, read through its columns.
struct Row<'a> {
    record: &'a StringRecord,
    columns: &'a Columns,
}

impl Row<'_> {
    /// The trimmed value of a column; none when blank or absent.
    fn get(&self, column: impl Into<Option<usize>>) -> Option<&str> {
        non_blank(column.into().and_then(|i| self.record.get(i)))
    }

    /// The values of a multi-valued column, trimmed, blanks left out.
    fn values(&self, column: Option<usize>) -> impl Iterator<Item = &str> {
        self.get(column)
            .into_iter()
            .flat_map(|cell| cell.split("; "))
            .filter_map(|value| non_blank(Some(value)))
    }
}

fn read_row(
    row: &Row,
    context: &Context,
    parties: &mut Parties,
    parsed: &mut Parsed,
) -> Result<(), String> {
    let columns = row.columns;
    let id = row.get(columns.id).ok_or("no _id")?;
    let written = row.get(columns.name).ok_or("no name")?;
    let index = match parties.by_id.get(id) {
        Some(&index) => index,
        None => {
            let mut entity = Entity::new(&context.source, id, Schema::LegalEntity);
            entity.schema = match row.get(columns.kind) {
                Some("Individual") => Schema::Person,
                Some("Entity") => Schema::Organization,
                Some("Vessel") => Schema::Vessel,
                Some("Aircraft") => Schema::Aircraft,
                // The lists of Commerce and State do not say.
                None => Schema::LegalEntity,
                Some(other) => {
                    entity.keep_unparsed("schema", other);
                    parsed.warn(
                        &entity.id,
                        "type",
                        other,
                        "not Individual, Entity, Vessel or Aircraft: read as a legal entity",
                    );
                    Schema::LegalEntity
                }
            };
            parties.entities.push(entity);
            parties
                .by_id
                .insert(id.to_owned(), parties.entities.len() - 1);
            parties.entities.len() - 1
        }
    };
    let Some(entity) = parties.entities.get_mut(index) else {
        return Err("internal error: lost the row's entity".to_owned());
    };
    read_facts(row, written, context, entity, parsed);
    Ok(())
}

/// Reads the names, facts and listing of one row into its entity.
fn read_facts(
    row: &Row,
    written: &str,
    context: &Context,
    entity: &mut Entity,
    parsed: &mut Parsed,
) {
    let columns = row.columns;
    let is_person = entity.schema == Schema::Person;

    // A name that is nothing but an alias ("F.K.A. X") stays as written.
    let (name, embedded) = match split_embedded_aliases(written) {
        (name, _) if name.is_empty() => (written.to_owned(), Vec::new()),
        split => split,
    };
    let kind = if entity.names.is_empty() {
        NameKind::Primary
    } else {
        NameKind::Alias
    };
    add_new_name(entity, read_name(&name, kind, is_person));
    for (kind, alias) in embedded {
        add_new_name(entity, read_name(&alias, kind, is_person));
    }
    for written in row.values(columns.alt_names) {
        // The Entity List introduces its last alias with "and".
        let written = written.strip_prefix("and ").unwrap_or(written);
        let (alias, embedded) = split_embedded_aliases(written);
        if !alias.is_empty() {
            add_new_name(entity, read_name(&alias, NameKind::Alias, is_person));
        }
        for (kind, alias) in embedded {
            add_new_name(entity, read_name(&alias, kind, is_person));
        }
    }

    if let Some(title) = row.get(columns.title) {
        Entity::push_unique(&mut entity.titles, title.to_owned());
    }
    for date in row.values(columns.dates_of_birth) {
        add_birth_date(entity, date, ORDER, parsed);
    }
    for place in row.values(columns.places_of_birth) {
        Entity::push_unique(&mut entity.birth_places, place.to_owned());
    }
    for code in row.values(columns.nationalities) {
        add_country(entity, CountryField::Nationality, code, parsed);
    }
    for code in row.values(columns.citizenships) {
        add_country(entity, CountryField::Citizenship, code, parsed);
    }
    for address in row.values(columns.addresses) {
        read_address(address, entity);
    }
    read_vessel(row, entity, parsed);

    let mut remarks: Vec<String> = Vec::new();
    for item in row.values(columns.ids) {
        read_id(item, entity, &mut remarks, parsed);
    }
    let listing = read_listing(row, context, remarks, entity, parsed);
    Entity::push_unique(&mut entity.listings, listing);
}

/// Adds a name unless the entity has one with the same text already.
fn add_new_name(entity: &mut Entity, name: Name) {
    if !entity.names.iter().any(|n| n.full == name.full) {
        entity.add_name(name);
    }
}

/// A name as the CSL writes it. OFAC writes people's names `FAMILY, Given`;
/// they are turned into natural order, with their parts, as in OFAC's own
/// files. A name with more than one comma is left as written.
fn read_name(text: &str, kind: NameKind, is_person: bool) -> Name {
    if is_person
        && let Some((family, given)) = text.split_once(',')
        && !given.contains(',')
        && let (Some(family), Some(given)) = (non_blank(Some(family)), non_blank(Some(given)))
    {
        return Name::new(&format!("{given} {family}"), kind).with_parts(NamePart::present([
            (NamePartKind::Given, Some(given)),
            (NamePartKind::Family, Some(family)),
        ]));
    }
    Name::new(text, kind)
}

/// Markers of an alias written inside a name, lower case, longest first
/// where one starts another; with the kind of name they introduce, and
/// whether they count only just inside a bracket. Bare words (`aka`,
/// `formerly`) could be part of a name (`AKA Group`); the dotted forms
/// cannot.
const ALIAS_MARKERS: &[(&str, NameKind, bool)] = &[
    ("formerly known as", NameKind::Former, true),
    ("formerly", NameKind::Former, true),
    ("a.k.a.,", NameKind::Alias, false),
    ("a.k.a.", NameKind::Alias, false),
    ("a.k.a", NameKind::Alias, false),
    ("aka", NameKind::Alias, true),
    ("f.k.a.,", NameKind::Former, false),
    ("f.k.a.", NameKind::Former, false),
    ("f.k.a", NameKind::Former, false),
    ("fka", NameKind::Former, true),
    ("a/k/a", NameKind::Alias, false),
    ("d/b/a", NameKind::Alias, false),
];

/// Splits the aliases that some lists write inside a name: `PEARL (A.K.A.
/// NEI-CHIEN CHU) LI` is PEARL LI, also known as NEI-CHIEN CHU; `Gazprom
/// Sotsinvest, OOO (f.k.a., Gazprominvestarena OOO)` has a former name;
/// `JSC NIIP, f.k.a., Otkrytoe …` runs to the end. An alias in brackets may
/// list several names joined by `; `. The name is empty when the text is
/// only an alias (`F.K.A. Office of Scientific and Industrial Studies`).
/// Shared by the CSL and the Denied Persons List, which write them alike.
pub(crate) fn split_embedded_aliases(text: &str) -> (String, Vec<(NameKind, String)>) {
    let (name, mut pending) = split_aliases_once(text);
    // An alias may carry its own (`X (a.k.a. Y (f.k.a. Z))`): each is split
    // in turn, in order, without recursion.
    pending.reverse();
    let mut aliases = Vec::new();
    while let Some((kind, alias)) = pending.pop() {
        let (alias, nested) = split_aliases_once(&alias);
        if !alias.is_empty() {
            aliases.push((kind, alias));
        }
        pending.extend(nested.into_iter().rev());
    }
    (name, aliases)
}

/// Splits the aliases off a name, leaving the aliases' own aliases in them.
fn split_aliases_once(text: &str) -> (String, Vec<(NameKind, String)>) {
    let mut name = text.trim().to_owned();
    let mut aliases = Vec::new();
    // Each pass removes a marker, so the loop ends.
    while let Some((start, end, kind)) = find_alias_marker(&name) {
        let before = name[..start].trim_end();
        let (alias, after) = match before.chars().last() {
            Some(open @ ('(' | '[')) => {
                let close = if open == '(' { ')' } else { ']' };
                let rest = &name[end..];
                match closing_bracket(rest, open, close) {
                    Some(at) => (&rest[..at], &rest[at + close.len_utf8()..]),
                    None => (rest, ""),
                }
            }
            _ => (&name[end..], ""),
        };
        let before = before
            .trim_end_matches(['(', '['])
            .trim_end()
            .trim_end_matches(',')
            .trim_end();
        for alias in alias.split("; ") {
            let alias = alias.trim().trim_start_matches([',', ':']).trim();
            if !alias.is_empty() {
                aliases.push((kind, alias.to_owned()));
            }
        }
        name = join_non_blank([Some(before), Some(after.trim())], " ").unwrap_or_default();
    }
    (name, aliases)
}

/// The first alias marker in `text` that stands as a word of its own: its
/// start and end (byte offsets) and the kind of name it introduces.
fn find_alias_marker(text: &str) -> Option<(usize, usize, NameKind)> {
    // ASCII lower-casing keeps every byte offset.
    let lower = text.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    for start in 0..bytes.len() {
        let previous = start.checked_sub(1).and_then(|i| bytes.get(i));
        let in_bracket = matches!(previous, Some(b'(' | b'['));
        let preceded = in_bracket || matches!(previous, None | Some(b' ' | b',' | b';'));
        if !preceded || !lower.is_char_boundary(start) {
            continue;
        }
        for &(marker, kind, needs_bracket) in ALIAS_MARKERS {
            let end = start + marker.len();
            if (in_bracket || !needs_bracket)
                && lower.get(start..end) == Some(marker)
                && matches!(bytes.get(end), None | Some(b' ' | b',' | b':'))
            {
                return Some((start, end, kind));
            }
        }
    }
    None
}

/// Where the bracket closing an already opened one is in `text`.
fn closing_bracket(text: &str, open: char, close: char) -> Option<usize> {
    let mut depth = 0usize;
    for (at, c) in text.char_indices() {
        if c == open {
            depth += 1;
        } else if c == close {
            if depth == 0 {
                return Some(at);
            }
            depth -= 1;
        }
    }
    None
}

/// Reads one address. The CSL joins OFAC's address lines, city, state,
/// postal code and country code with commas, and not every part is always
/// there, so the parts cannot be told apart except the trailing country
/// code; the address is kept whole, with its country.
fn read_address(text: &str, entity: &mut Entity) {
    let last = text.rsplit(", ").next().unwrap_or(text).trim();
    let country = (last.len() == 2 && last.bytes().all(|b| b.is_ascii_uppercase()))
        .then(|| Country::from_alpha2(last))
        .flatten();
    if let Some(country) = country {
        Entity::push_unique(&mut entity.countries, country);
    }
    let address = if country.is_some() && last == text.trim() {
        // Only a country: "SY".
        Address::from_parts(None, None, None, None, country, None)
    } else {
        Some(Address {
            full: text.trim().to_owned(),
            country,
            ..Address::default()
        })
    };
    if let Some(address) = address {
        Entity::push_unique(&mut entity.addresses, address);
    }
}

/// Reads the vessel columns, when there are any; the flag also counts among
/// the entity's countries.
fn read_vessel(row: &Row, entity: &mut Entity, parsed: &mut Parsed) {
    let columns = row.columns;
    let owned = |column: Option<usize>| row.get(column).map(str::to_owned);
    // "None Identified" says there is no flag, not which.
    let flag_text = row
        .get(columns.vessel_flag)
        .filter(|f| !f.eq_ignore_ascii_case("none identified"));
    let details = VesselDetails {
        flag: flag_text.and_then(|text| add_country(entity, CountryField::Country, text, parsed)),
        call_sign: owned(columns.call_sign),
        vessel_type: owned(columns.vessel_type),
        tonnage: owned(columns.gross_tonnage).or_else(|| owned(columns.gross_registered_tonnage)),
        owner: owned(columns.vessel_owner),
    };
    if details != VesselDetails::default() || flag_text.is_some() {
        entity.vessel = Some(details);
    }
}

/// Reads one item of the `ids` cell (`CA, BC166787, Passport`, `Male,
/// Gender`, `www.x.ru, Website`) into its field.
fn read_id(item: &str, entity: &mut Entity, remarks: &mut Vec<String>, parsed: &mut Parsed) {
    let Some((value, id_type)) = item.rsplit_once(", ") else {
        entity.keep_unparsed("identifier", item);
        parsed.warn(&entity.id, "ids", item, "no type after the value");
        return;
    };
    let value = value.trim();
    match ofac_facts::classify(id_type) {
        Fact::Document(kind) => add_document(item, value, id_type, kind, entity, parsed),
        fact => {
            let value = FactValue::text(value);
            // The cell sometimes gives an item twice; a note is kept once,
            // as a repeated document is.
            if let Some(remark) = ofac_facts::apply(fact, id_type, &value, entity, parsed) {
                Entity::push_unique(remarks, remark);
            }
        }
    }
}

/// Adds a document from the value of an `ids` item: `[country, ][expiry
/// date, ][issue date, ]number`. The CSL leaves out the dates it does not
/// have, so a lone date may be either.
fn add_document(
    item: &str,
    value: &str,
    label: &str,
    kind: IdKind,
    entity: &mut Entity,
    parsed: &mut Parsed,
) {
    let mut parts: Vec<&str> = value.split(", ").map(str::trim).collect();
    let country = match parts.first() {
        Some(code)
            if parts.len() > 1
                && code.len() == 2
                && code.bytes().all(|b| b.is_ascii_uppercase()) =>
        {
            let country = Country::from_alpha2(code);
            if country.is_some() {
                parts.remove(0);
            }
            country
        }
        _ => None,
    };
    let mut dates = Vec::new();
    while parts.len() > 1
        && let Some(date) = parts.first().and_then(|p| PartialDate::parse_iso(p).ok())
    {
        dates.push(date);
        parts.remove(0);
    }
    let number = parts.join(", ");
    if number.is_empty() {
        entity.keep_unparsed("identifier", item);
        parsed.warn(&entity.id, "ids", item, "a document without a number");
        return;
    }
    let dates_note = match dates.as_slice() {
        [] => None,
        [date] => Some(format!("dated {date} (issue or expiry)")),
        [expires, issued] => Some(format!("issued {issued}; expires {expires}")),
        more => Some(format!(
            "dates {}",
            more.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    };

    add_identifier(entity, kind, &number, label, country, dates_note.as_deref());
}

/// The listing of one row: its list (from `source`) and programmes, dates,
/// notes and page.
fn read_listing(
    row: &Row,
    context: &Context,
    mut remarks: Vec<String>,
    entity: &mut Entity,
    parsed: &mut Parsed,
) -> Listing {
    let columns = row.columns;
    let source = row.get(columns.source).unwrap_or_default();
    let (code, authority) = list_of(source);
    let authority = authority.unwrap_or_else(|| {
        parsed.warn(&entity.id, "source", source, "not a known US list");
        Authority::Other("us".to_owned())
    });
    let mut listing = Listing::new(&context.source, authority);
    if !code.is_empty() {
        listing.programmes.push(code.to_owned());
    }
    for programme in row.values(columns.programs) {
        Entity::push_unique(&mut listing.programmes, programme.to_owned());
    }
    listing.listed_on = read_date(row.get(columns.start_date), "start_date", entity, parsed);
    listing.ended_on = read_date(row.get(columns.end_date), "end_date", entity, parsed);
    listing.reference = row.get(columns.entity_number).map(str::to_owned);

    let labelled = |column: Option<usize>, label: &str| {
        row.get(column).map(|value| format!("{label}: {value}"))
    };
    let notes = [
        row.get(columns.remarks).map(str::to_owned),
        labelled(columns.federal_register_notice, "Federal Register"),
        row.get(columns.standard_order)
            .map(|flag| match flag.to_ascii_uppercase().as_str() {
                "Y" => "Standard order".to_owned(),
                "N" => "Non-standard order".to_owned(),
                _ => format!("Standard order: {flag}"),
            }),
        labelled(columns.license_requirement, "License requirement"),
        labelled(columns.license_policy, "License policy"),
    ];
    let mut all: Vec<String> = notes.into_iter().flatten().collect();
    all.append(&mut remarks);
    listing.remarks = (!all.is_empty()).then(|| all.join("\n"));
    listing.url = row.get(columns.source_information_url).map(str::to_owned);
    listing
}

/// Reads an ISO date of the listing; one that is not is kept and reported.
fn read_date(
    text: Option<&str>,
    field: &str,
    entity: &mut Entity,
    parsed: &mut Parsed,
) -> Option<PartialDate> {
    let text = text?;
    match PartialDate::parse_iso(text) {
        Ok(date) => Some(date),
        Err(error) => {
            let kept = if field == "end_date" {
                "ended_on"
            } else {
                "listed_on"
            };
            entity.keep_unparsed(kept, text);
            parsed.warn(&entity.id, field, text, error.reason);
            None
        }
    }
}

/// The list a `source` names, by its short code (`SDN`, `EL`, `NS-MBS`),
/// and the authority that keeps it: "Specially Designated Nationals (SDN) -
/// Treasury Department" is `SDN`, by OFAC. A bare code is understood too.
fn list_of(source: &str) -> (&str, Option<Authority>) {
    let (title, department) = match source.rsplit_once(" - ") {
        Some((title, department)) => (title.trim(), Some(department.trim())),
        None => (source.trim(), None),
    };
    let code = title
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .map_or(title, |(code, _)| code.trim());
    let code = code.strip_suffix(" List").unwrap_or(code);
    let authority = match department.map(str::to_lowercase).as_deref() {
        Some("treasury department") => Some(Authority::UsOfac),
        Some("bureau of industry and security") => Some(Authority::UsBis),
        Some("state department") => Some(Authority::UsState),
        Some(_) => None,
        None => match code {
            "SDN" | "SSI" | "FSE" | "PLC" | "CAP" | "NS-MBS" | "MBS" | "CMIC" => {
                Some(Authority::UsOfac)
            }
            "EL" | "DPL" | "UVL" | "MEU" => Some(Authority::UsBis),
            "DTC" | "ISN" => Some(Authority::UsState),
            _ => None,
        },
    };
    (code, authority)
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::{FuzzyDate, Gender};

    const HEADER: &str = "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,source_information_url,ids\n";

    const SDN: &str = "Specially Designated Nationals (SDN) - Treasury Department";

    fn parse_rows(rows: &str) -> Result<Parsed, SourceError> {
        let text = format!("{HEADER}{rows}");
        parse(
            text.as_bytes(),
            &Context::new("us_trade_csl", "consolidated.csv"),
        )
    }

    fn country(code: &str) -> Country {
        Country::from_alpha2(code).unwrap()
    }

    #[test]
    fn reads_a_person() {
        let parsed = parse_rows(&format!(
            "9935,{SDN},9935,Individual,SDGT,\"'ABD AL-RAZZIQ, Abu Sufian\",Employee,\"Khartoum, SD\",,,,,,,,,,,,,(Linked To: X),http://bit.ly/1,\"ABDELRAZIK, Sofian; ABOU EL LAYTH\",CA,1962-08-06; circa 1960,CA; SD,\"Al-Bawgah, Sudan\",http://bit.ly/2,\"CA, BC166787, Passport; JO, 2014-08-30, 2009-08-31, K475336, Passport; Male, Gender; section 1(b), Secondary sanctions risk:\"\n"
        ))
        .unwrap();
        let [person] = parsed.entities.as_slice() else {
            panic!("expected one entity");
        };
        assert_eq!(person.id, "us_trade_csl:9935");
        assert_eq!(person.schema, Schema::Person);
        let primary = &person.names[0];
        assert_eq!(primary.full, "Abu Sufian 'ABD AL-RAZZIQ");
        assert_eq!(primary.kind, NameKind::Primary);
        assert_eq!(primary.part(NamePartKind::Family), Some("'ABD AL-RAZZIQ"));
        assert_eq!(person.names[1].full, "Sofian ABDELRAZIK");
        assert_eq!(person.names[2].full, "ABOU EL LAYTH");
        assert_eq!(person.titles, ["Employee"]);
        assert_eq!(person.gender, Some(Gender::Male));
        assert_eq!(
            person.birth_dates,
            [
                FuzzyDate::parse("1962-08-06").unwrap(),
                FuzzyDate::parse("circa 1960").unwrap()
            ]
        );
        assert_eq!(person.birth_places, ["Al-Bawgah, Sudan"]);
        assert_eq!(person.nationalities, [country("CA"), country("SD")]);
        assert_eq!(person.citizenships, [country("CA")]);
        assert_eq!(person.countries, [country("SD")]);
        assert_eq!(person.addresses[0].full, "Khartoum, SD");
        let [canadian, jordanian] = person.identifiers.as_slice() else {
            panic!("expected two passports");
        };
        assert_eq!(
            (canadian.kind, canadian.number.as_str(), canadian.country),
            (IdKind::Passport, "BC166787", Some(country("CA")))
        );
        assert_eq!(
            jordanian.note.as_deref(),
            Some("issued 2009-08-31; expires 2014-08-30")
        );
        let listing = &person.listings[0];
        assert_eq!(listing.authority, Authority::UsOfac);
        assert_eq!(listing.programmes, ["SDN", "SDGT"]);
        assert_eq!(listing.reference.as_deref(), Some("9935"));
        assert_eq!(
            listing.remarks.as_deref(),
            Some("(Linked To: X)\nSecondary sanctions risk: section 1(b)")
        );
        assert_eq!(listing.url.as_deref(), Some("http://bit.ly/2"));
        assert!(parsed.warnings.is_empty());
    }

    #[test]
    fn one_party_on_several_lists_is_one_entity() {
        let row = |source: &str| {
            format!(
                "18725,{source},18725,Entity,UKRAINE-EO13662; RUSSIA-EO14024,BANCO VTB AFRICA SA,,\"22, Rua da Missao, Luanda, AO\",,,,,,,,,,,,,,,VTB AFRICA,,,,,http://bit.ly/3,\"www.vtb.ao, Website; VTBLAOLU, SWIFT/BIC; 1992, Organization Established Date\"\n"
            )
        };
        let rows = [
            row("Capta List (CAP) - Treasury Department"),
            row(SDN),
            row("Sectoral Sanctions Identifications List (SSI) - Treasury Department"),
            row(SDN),
        ]
        .concat();
        let parsed = parse_rows(&rows).unwrap();
        let [bank] = parsed.entities.as_slice() else {
            panic!("expected one entity");
        };
        assert_eq!(bank.schema, Schema::Organization);
        assert_eq!(bank.names.len(), 2);
        let lists: Vec<_> = bank
            .listings
            .iter()
            .map(|l| l.programmes[0].as_str())
            .collect();
        assert_eq!(
            lists,
            ["CAP", "SDN", "SSI"],
            "the repeated row is one listing"
        );
        assert_eq!(bank.websites, ["www.vtb.ao"]);
        assert_eq!(bank.identifiers[0].kind, IdKind::Swift);
        assert_eq!(bank.birth_dates[0].to_string(), "1992");
        assert_eq!(bank.addresses[0].country, Some(country("AO")));
    }

    #[test]
    fn reads_the_lists_of_commerce_and_state() {
        let parsed = parse_rows(concat!(
            "a1,Entity List (EL) - Bureau of Industry and Security,,,,140 Repair Plant JSC,,\"19 Luysi Chalovskoy St., Borisov, 222512, BY\",87 FR 20299,2022-04-07,,,For all items subject to the EAR.,Policy of denial.,,,,,,,,,Open Joint Stock Company 140 Repair Plant; and JSC 140 Repair Plant,,,,,http://bit.ly/4,\n",
            "b2,Denied Persons List (DPL) - Bureau of Industry and Security,,,,PEARL (A.K.A. NEI-CHIEN CHU) LI,,,66 F.R. 1,2001-07-31,2026-07-31,Y,,,,,,,,,,,,,,,,,\n",
            "c3,ITAR Debarred (DTC) - State Department,,,,\"Mexpar International, Inc. (a.k.a. Pasadena Aerospace; Aviation Logistics and Supply)\",,,67 FR 10033,,,,,,,,,,,,,,,,,,,,\n",
            "d4,Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department,31695,Entity,MBS,CENTRAL BANK,,,,,,,,,,,,,,,,,,,,,,,\n",
        ))
        .unwrap();
        let [plant, pearl, mexpar, bank] = parsed.entities.as_slice() else {
            panic!("expected four entities");
        };
        assert_eq!(plant.schema, Schema::LegalEntity);
        let names: Vec<_> = plant.names.iter().map(|n| n.full.as_str()).collect();
        assert_eq!(
            names,
            [
                "140 Repair Plant JSC",
                "Open Joint Stock Company 140 Repair Plant",
                "JSC 140 Repair Plant"
            ]
        );
        let listing = &plant.listings[0];
        assert_eq!(listing.authority, Authority::UsBis);
        assert_eq!(listing.programmes, ["EL"]);
        assert_eq!(listing.listed_on, PartialDate::parse_iso("2022-04-07").ok());
        assert_eq!(
            listing.remarks.as_deref(),
            Some(
                "Federal Register: 87 FR 20299\nLicense requirement: For all items subject to the EAR.\nLicense policy: Policy of denial."
            )
        );
        assert_eq!(plant.countries, [country("BY")]);

        assert_eq!(pearl.caption(), "PEARL LI");
        assert_eq!(pearl.names[1].full, "NEI-CHIEN CHU");
        assert_eq!(
            pearl.listings[0].ended_on,
            PartialDate::parse_iso("2026-07-31").ok()
        );

        let names: Vec<_> = mexpar.names.iter().map(|n| n.full.as_str()).collect();
        assert_eq!(
            names,
            [
                "Mexpar International, Inc.",
                "Pasadena Aerospace",
                "Aviation Logistics and Supply"
            ]
        );
        assert_eq!(mexpar.listings[0].authority, Authority::UsState);
        assert_eq!(bank.listings[0].programmes, ["NS-MBS", "MBS"]);
    }

    #[test]
    fn splits_aliases_written_inside_names() {
        let split = |text: &str| {
            let (name, aliases) = split_embedded_aliases(text);
            let aliases: Vec<(NameKind, String)> = aliases;
            (name, aliases)
        };
        assert_eq!(
            split("Gazprom Sotsinvest, OOO (f.k.a., Gazprominvestarena OOO)"),
            (
                "Gazprom Sotsinvest, OOO".to_owned(),
                vec![(NameKind::Former, "Gazprominvestarena OOO".to_owned())]
            )
        );
        assert_eq!(
            split(
                "Chitron Electronics Company Ltd., a.k.a. Chi-Chung Electronics (Chitron-Shenzhen)"
            ),
            (
                "Chitron Electronics Company Ltd.".to_owned(),
                vec![(
                    NameKind::Alias,
                    "Chi-Chung Electronics (Chitron-Shenzhen)".to_owned()
                )]
            )
        );
        assert_eq!(
            split("Ri Sung Chol (aka Ri Su'ng-ch'o'l) (DPRK individual)"),
            (
                "Ri Sung Chol (DPRK individual)".to_owned(),
                vec![(NameKind::Alias, "Ri Su'ng-ch'o'l".to_owned())]
            )
        );
        assert_eq!(
            split(
                "Astronautics Research Institute [aka Astronautics Systems Research Center, Aerospace Research Institute]"
            ),
            (
                "Astronautics Research Institute".to_owned(),
                vec![(
                    NameKind::Alias,
                    "Astronautics Systems Research Center, Aerospace Research Institute".to_owned()
                )]
            )
        );
        assert_eq!(
            split("F.K.A. Office of Scientific and Industrial Studies (OSIS)"),
            (
                String::new(),
                vec![(
                    NameKind::Former,
                    "Office of Scientific and Industrial Studies (OSIS)".to_owned()
                )]
            )
        );
        assert_eq!(
            split("FUYI SUN A/K/A FRANK SUN"),
            (
                "FUYI SUN".to_owned(),
                vec![(NameKind::Alias, "FRANK SUN".to_owned())]
            )
        );
        assert_eq!(split("YK-AKA"), ("YK-AKA".to_owned(), vec![]));
        assert_eq!(
            split("AKA Group aka X"),
            ("AKA Group aka X".to_owned(), vec![])
        );
        assert_eq!(
            split("X (a.k.a. Y (formerly Z)"),
            (
                "X".to_owned(),
                vec![
                    (NameKind::Alias, "Y".to_owned()),
                    (NameKind::Former, "Z".to_owned())
                ]
            ),
            "an unclosed bracket runs to the end"
        );
    }

    #[test]
    fn reads_vessels_and_their_imo_numbers() {
        let parsed = parse_rows(&format!(
            "1,{SDN},1,Vessel,IRAN,ADRIAN DARYA 1,,,,,,,,,9HA4713,Crude Oil Tanker,,,Iran,NITC,,,GRACE 1,,,,,,\"IMO 9116412, Vessel Registration Identification; 1997, Vessel Year of Build; Panama, Former Vessel Flag\"\n2,{SDN},2,Entity,IRAN,SHIPPING CO,,,,,,,,,,,,,,,,,,,,,,,\"IMO 5342883, Company Number; RS 150443, Vessel Registration Identification\"\n"
        ))
        .unwrap();
        let vessel = &parsed.entities[0];
        assert_eq!(vessel.schema, Schema::Vessel);
        let details = vessel.vessel.as_ref().unwrap();
        assert_eq!(details.flag, Some(country("IR")));
        assert_eq!(details.call_sign.as_deref(), Some("9HA4713"));
        assert_eq!(details.vessel_type.as_deref(), Some("Crude Oil Tanker"));
        assert_eq!(details.owner.as_deref(), Some("NITC"));
        assert_eq!(vessel.identifiers[0].kind, IdKind::Imo);
        assert_eq!(vessel.identifiers[0].number, "9116412");
        assert_eq!(vessel.birth_dates[0].to_string(), "1997");
        assert_eq!(
            vessel.listings[0].remarks.as_deref(),
            Some("Former Vessel Flag: Panama")
        );
        // A shipping company's IMO number is an IMO number too, as in
        // OFAC's own files.
        let company = &parsed.entities[1];
        assert_eq!(
            (
                company.identifiers[0].kind,
                company.identifiers[0].number.as_str(),
                company.identifiers[0].note.as_deref()
            ),
            (IdKind::Imo, "5342883", Some("IMO company number"))
        );
        assert_eq!(company.identifiers[1].kind, IdKind::Other);
        assert!(company.vessel.is_none());
    }

    #[test]
    fn unreadable_values_are_kept_and_reported() {
        let parsed = parse_rows(&format!(
            "1,{SDN},1,Individual,X,\"DOE, John\",,,,2020-13-01,,,,,,,,,,,,,,XX,Sep-99,,,,\"unknown, Gender; lonely\"\n2,Some List (SL) - Agency,,Thing,,Y,,,,,,,,,,,,,,,,,,,,,,,\n"
        ))
        .unwrap();
        let fields: Vec<_> = parsed.warnings.iter().map(|w| w.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "birth_date",
                "citizenship",
                "gender",
                "ids",
                "start_date",
                "type",
                "source"
            ]
        );
        assert_eq!(parsed.entities[1].schema, Schema::LegalEntity);
        assert_eq!(
            parsed.entities[1].listings[0].authority,
            Authority::Other("us".into())
        );
        let unparsed: Vec<_> = parsed.entities[0]
            .unparsed
            .iter()
            .map(|u| u.field.as_str())
            .collect();
        assert_eq!(
            unparsed,
            [
                "birth_date",
                "citizenship",
                "gender",
                "identifier",
                "listed_on"
            ]
        );
    }

    #[test]
    fn names_lists_by_their_codes() {
        assert_eq!(
            list_of("Military End User (MEU) List - Bureau of Industry and Security"),
            ("MEU", Some(Authority::UsBis))
        );
        assert_eq!(
            list_of("Nonproliferation Sanctions (ISN) - State Department"),
            ("ISN", Some(Authority::UsState))
        );
        assert_eq!(list_of("SSI"), ("SSI", Some(Authority::UsOfac)));
        assert_eq!(list_of("Other"), ("Other", None));
    }

    #[test]
    fn broken_files_are_errors_naming_the_line() {
        let context = Context::new("us_trade_csl", "csl.csv");
        let error = parse(&b"_id,name,type\n1,A,Entity\n"[..], &context).unwrap_err();
        assert_eq!(
            error.to_string(),
            "csl.csv: line 1: missing column \"source\""
        );

        let error = parse_rows(&format!(",{SDN},,,,A,,,,,,,,,,,,,,,,,,,,,,,\n")).unwrap_err();
        assert_eq!(error.to_string(), "consolidated.csv: line 2: no _id");

        let error = parse_rows(&format!("1,{SDN},,,,,,,,,,,,,,,,,,,,,,,,,,,\n")).unwrap_err();
        assert_eq!(error.to_string(), "consolidated.csv: line 2: no name");

        let error = parse_rows(&format!("1,{SDN},1,Entity,X,A\n")).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("consolidated.csv: line 2: unreadable CSV"),
            "{error}"
        );

        let mut bytes = HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(b"1,SDN,1,Entity,X,\xff\xfe,,,,,,,,,,,,,,,,,,,,,,,\n");
        let error = parse(bytes.as_slice(), &context).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("csl.csv: line 2: unreadable CSV"),
            "{error}"
        );

        let parsed = parse_rows(&format!(
            "1,{SDN},,,,F.K.A. Old Name,,,,,,,,,,,,,,,,,,,,,,,\n"
        ))
        .unwrap();
        assert_eq!(
            parsed.entities[0].caption(),
            "F.K.A. Old Name",
            "a name that is only an alias stays as written"
        );
    }
}
