//! The UK consolidated list of financial sanctions targets (HM Treasury,
//! OFSI): `ConList.xlsx`, or the CSV of the same layout (`ConList.csv`, and
//! the Bank of England's older `data.csv`).
//!
//! The format is told apart by content: a zip archive is the workbook, and
//! anything else is read as CSV. Row 1 says `Last Updated` and the list's
//! date, row 2 names the columns, and every further row is **one name
//! variant** of a subject. The rows of one subject share a `Group ID`, which
//! is the entity's id (`gb_ofsi:12944`); they are scattered through the file
//! (it is sorted by surname), and the sheet repeats every other fact of the
//! subject on each of its rows, crossed with each date of birth, address and
//! regime, so every value is read once per subject.
//!
//! Each `Regime` a subject is listed under (with its own `Listed On` date)
//! becomes one [`Listing`] by [`Authority::GbOfsi`]. `Other Information`
//! holds tagged facts (`(UK Sanctions List Ref):RUS0001`, `(Gender):Male`,
//! `(IMO number):…`), which are read into their fields; the rest of it is
//! the listing's remarks.
//!
//! Columns are found by their header, whatever the spacing and case, so the
//! 2016 layout (`Passport Details`, `NI Number`, no non-Latin names) and the
//! current one are both read. Older CSV files are in Windows-1252, not
//! UTF-8: a field that is not valid UTF-8 is read as Windows-1252.
//!
//! Many values list several items as `(1) … (2) …`, sometimes as ranges
//! (`(1)-(2) Tunisia (3) Libya`); the items of the town and country of birth
//! columns, and of a document's number and details, are paired by their
//! numbers.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::BufRead;
use std::ops::RangeInclusive;

use interdict_model::{
    Address, Authority, Entity, FuzzyDate, IdKind, Identifier, Listing, Name, NameKind, NamePart,
    NamePartKind, NumericOrder, PartialDate, Schema, VesselDetails,
};

use crate::csv_table::{self, Column, Columns, HeaderMatch};
use crate::fields::{
    CountryField, add_birth_date, add_countries, document_kind, join_non_blank, language_code,
    nationality_country, non_blank, non_blank_item, numbered, read_emails, registration,
    set_gender, strip_prefix_ignore_case,
};
use crate::grouped::{Remarks, Seen, add_name, put_primary_first};
use crate::xlsx::{self, ZIP_MAGIC};
use crate::{Context, Location, Parsed, SourceError, input};

/// Dates are written `dd/mm/yyyy`.
const ORDER: NumericOrder = NumericOrder::DayFirst;

/// Reads a whole consolidated list, as XLSX or CSV.
pub fn parse(mut input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
    let head = input.fill_buf().map_err(|e| {
        SourceError::new(&context.label, Location::File, format!("cannot read: {e}"))
    })?;
    let mut list = ListReader::new(context);
    if head.starts_with(ZIP_MAGIC) {
        let bytes = input::read_all(input, &context.label)?;
        xlsx::for_each_row(&bytes, &context.label, |row| {
            let cells: Vec<Cow<str>> = row
                .cells
                .iter()
                .map(|c| Cow::Borrowed(c.as_str()))
                .collect();
            list.row(u64::from(row.number), &cells)
        })?;
    } else {
        csv_table::for_each_record(input, &context.label, |line, cells| list.row(line, cells))?;
    }
    list.finish()
}

/// The columns read, by their headers (found whatever their spacing and
/// case), with the 2016 layout's names for some.
const COLUMNS: [Column; 35] = [
    Column::optional("Name 1"),
    Column::optional("Name 2"),
    Column::optional("Name 3"),
    Column::optional("Name 4"),
    Column::optional("Name 5"),
    Column::required("Name 6"),
    Column::required("Group ID"),
    Column::required("Group Type"),
    Column::required("Regime"),
    Column::optional("Title"),
    Column::optional("Name Non-Latin Script"),
    Column::optional("Non-Latin Script Language"),
    Column::optional("DOB").or(&["Date of Birth"]),
    Column::optional("Town of Birth"),
    Column::optional("Country of Birth"),
    Column::optional("Nationality"),
    Column::optional("Passport Number"),
    Column::optional("Passport Details"),
    Column::optional("National Identification Number"),
    // The 2016 file's `NI Number` holds free text ("Ration card no.
    // 1729765"), like the later details column.
    Column::optional("National Identification Details").or(&["NI Number"]),
    Column::optional("Position"),
    Column::optional("Address 1"),
    Column::optional("Address 2"),
    Column::optional("Address 3"),
    Column::optional("Address 4"),
    Column::optional("Address 5"),
    Column::optional("Address 6"),
    Column::optional("Post/Zip Code").or(&["Postcode"]),
    Column::optional("Country"),
    Column::optional("Other Information"),
    Column::optional("Alias Type"),
    Column::optional("Alias Quality"),
    Column::optional("Listed On"),
    Column::optional("UK Sanctions List Date Designated"),
    Column::optional("Last Updated"),
];

/// `Name 1` to `Name 5`: a person's given and middle names.
const GIVEN: [&str; 5] = ["Name 1", "Name 2", "Name 3", "Name 4", "Name 5"];

/// The address lines; `Address 6` is the town.
const ADDRESS: [&str; 6] = [
    "Address 1",
    "Address 2",
    "Address 3",
    "Address 4",
    "Address 5",
    "Address 6",
];

/// One row, from the workbook or the CSV file.
type Row<'a> = csv_table::Row<'a, [Cow<'a, str>]>;

/// One subject (one `Group ID`) as read so far.
struct Group {
    entity: Entity,
    /// The values already read, so each is read once however many rows
    /// repeat it.
    seen: Seen,
    /// Each listing's `UK Sanctions List Date Designated`, by position in
    /// `entity.listings`.
    designated: Vec<Option<String>>,
    /// The listings read, by regime and dates.
    listing_keys: Vec<(String, Option<String>, Option<String>)>,
    /// UK Sanctions List references (`RUS0001`), in order.
    references: Vec<String>,
    remarks: Remarks,
    /// Names written as `Primary name variation`: the first one is the
    /// primary name of a subject that has no `Primary name` row.
    variations: Vec<String>,
    /// When OFSI last changed the subject's entry.
    last_updated: Option<String>,
}

/// Reads rows, from whichever file format, into subjects.
struct ListReader<'c> {
    context: &'c Context,
    parsed: Parsed,
    columns: Option<Columns>,
    groups: Vec<Group>,
    by_id: HashMap<String, usize>,
}

impl<'c> ListReader<'c> {
    fn new(context: &'c Context) -> Self {
        Self {
            context,
            parsed: Parsed::default(),
            columns: None,
            groups: Vec::new(),
            by_id: HashMap::new(),
        }
    }

    fn error(&self, line: u64, message: impl Into<String>) -> SourceError {
        SourceError::new(&self.context.label, Location::Line(line), message)
    }

    /// Reads one row: the `Last Updated` line, the header, or a name.
    fn row(&mut self, line: u64, cells: &[Cow<str>]) -> Result<(), SourceError> {
        let Some(columns) = &self.columns else {
            return self.read_preamble(line, cells);
        };
        let row = Row::new(cells, columns, line, &self.context.label);
        if row.is_blank() {
            return Ok(());
        }
        let group_id = row
            .get("Group ID")
            .ok_or_else(|| row.error("no Group ID"))?;
        let index = match self.by_id.get(group_id) {
            Some(&index) => index,
            None => {
                let group = new_group(&row, group_id, self.context, &mut self.parsed);
                self.groups.push(group);
                self.by_id
                    .insert(group_id.to_owned(), self.groups.len() - 1);
                self.groups.len() - 1
            }
        };
        let Some(group) = self.groups.get_mut(index) else {
            return Err(row.error("internal error: lost the row's subject"));
        };
        read_row(&row, group, self.context, &mut self.parsed).map_err(|message| row.error(message))
    }

    /// Reads a row before the first name: `Last Updated` or the header.
    fn read_preamble(&mut self, line: u64, cells: &[Cow<str>]) -> Result<(), SourceError> {
        let cell = |index: usize| non_blank(cells.get(index).map(AsRef::as_ref));
        let first = cell(0).unwrap_or_default();
        if let Some(rest) = strip_prefix_ignore_case(first, "Last Updated") {
            // `Last Updated,12/02/2016`, or the date in the same cell.
            let rest = rest.trim_start_matches([':', ' ']);
            let date = if rest.is_empty() { cell(1) } else { Some(rest) };
            if let Some(text) = date {
                match parse_day(text) {
                    Ok(date) => self.parsed.meta.published = Some(date),
                    Err(reason) => {
                        let label = self.context.label.clone();
                        self.parsed.warn(&label, "Last Updated", text, reason);
                    }
                }
            }
            return Ok(());
        }
        let columns = Columns::find(cells, &COLUMNS, HeaderMatch::LettersAndDigits)
            .map_err(|column| self.error(line, format!("missing column {column:?}")))?;
        self.columns = Some(columns);
        Ok(())
    }

    /// The entities, once every row is read.
    fn finish(mut self) -> Result<Parsed, SourceError> {
        if self.columns.is_none() {
            return Err(SourceError::new(
                &self.context.label,
                Location::File,
                "no header row naming Group ID and Name 6: not an OFSI consolidated list",
            ));
        }
        for group in self.groups {
            self.parsed.entities.push(finish_group(group));
        }
        Ok(self.parsed)
    }
}

/// A new subject for the first row of its group.
fn new_group(row: &Row, group_id: &str, context: &Context, parsed: &mut Parsed) -> Group {
    let kind = row.get("Group Type").unwrap_or_default();
    let schema = match kind.to_ascii_lowercase().as_str() {
        "individual" => Schema::Person,
        "entity" => Schema::Organization,
        "ship" => Schema::Vessel,
        _ => Schema::LegalEntity,
    };
    let mut entity = Entity::new(&context.source, group_id, schema);
    if schema == Schema::LegalEntity {
        entity.keep_unparsed("schema", kind);
        parsed.warn(
            &entity.id,
            "Group Type",
            kind,
            "not Individual, Entity or Ship: read as a legal entity",
        );
    }
    Group {
        entity,
        seen: Seen::default(),
        designated: Vec::new(),
        listing_keys: Vec::new(),
        references: Vec::new(),
        remarks: Remarks::default(),
        variations: Vec::new(),
        last_updated: None,
    }
}

/// Reads one row into its subject.
fn read_row(
    row: &Row,
    group: &mut Group,
    context: &Context,
    parsed: &mut Parsed,
) -> Result<(), String> {
    read_names(row, group, parsed)?;
    if let Some(text) = row.get("DOB")
        && group.seen.first_time("dob", text)
    {
        for (_, date) in numbered(text) {
            if let Some(date) = non_blank_item(date) {
                add_birth_date(&mut group.entity, date, ORDER, parsed);
            }
        }
    }
    for (_, item) in row.get("Title").map(numbered).unwrap_or_default() {
        if let Some(title) = non_blank_item(item) {
            Entity::push_unique(&mut group.entity.titles, title.to_owned());
        }
    }
    for (_, item) in row.get("Position").map(numbered).unwrap_or_default() {
        if let Some(position) = non_blank_item(item) {
            Entity::push_unique(&mut group.entity.positions, position.to_owned());
        }
    }
    read_birth_places(row, &mut group.entity);
    if let Some(text) = row.get("Nationality")
        && group.seen.first_time("nationality", text)
    {
        for (_, item) in numbered(text) {
            if let Some(item) = non_blank_item(item) {
                add_countries(&mut group.entity, CountryField::Nationality, item, parsed);
            }
        }
    }
    read_documents(
        row,
        ["Passport Number", "Passport Details"],
        IdKind::Passport,
        group,
        parsed,
    );
    read_documents(
        row,
        [
            "National Identification Number",
            "National Identification Details",
        ],
        IdKind::NationalId,
        group,
        parsed,
    );
    read_address(row, group, parsed);
    if let Some(text) = row.get("Other Information")
        && group.seen.first_time("other_information", text)
    {
        read_other_information(text, group, parsed);
    }
    read_listing(row, group, context, parsed);
    if let Some(text) = row.get("Last Updated")
        && group.last_updated.is_none()
    {
        let date = parse_day(text).map(|date| date.to_string());
        if let Err(reason) = &date {
            parsed.warn(&group.entity.id, "Last Updated", text, *reason);
        }
        group.last_updated = Some(date.unwrap_or_else(|_| text.to_owned()));
    }
    Ok(())
}

/// Reads the row's name, and its name in another script.
fn read_names(row: &Row, group: &mut Group, parsed: &mut Parsed) -> Result<(), String> {
    let name6 = row.get("Name 6");
    let given = GIVEN.map(|column| row.get(column));
    let full = join_non_blank(given.into_iter().chain([name6]), " ");
    let alias_type = row.get("Alias Type").unwrap_or_default();
    let quality = row.get("Alias Quality").unwrap_or_default();
    let mut kind = match alias_type.to_ascii_lowercase().as_str() {
        "primary name" | "prime alias" => NameKind::Primary,
        "primary name variation" | "aka" | "" => NameKind::Alias,
        "fka" => NameKind::Former,
        _ => {
            if group.seen.first_time("alias_type", alias_type) {
                parsed.warn(
                    &group.entity.id,
                    "Alias Type",
                    alias_type,
                    "not a known alias type: read as an alias",
                );
            }
            NameKind::Alias
        }
    };
    if kind == NameKind::Alias && quality.eq_ignore_ascii_case("Low quality") {
        kind = NameKind::WeakAlias;
    }
    let non_latin = row.get("Name Non-Latin Script");
    let Some(full) = full else {
        if non_latin.is_none() {
            return Err("no name: Name 1 to Name 6 are blank".to_owned());
        }
        return Ok(());
    };
    let mut name = Name::new(&full, kind);
    if group.entity.schema == Schema::Person {
        let [first, second, third, fourth, fifth] = given;
        name = name.with_parts(NamePart::present([
            (NamePartKind::Given, first),
            (NamePartKind::Middle, second),
            (NamePartKind::Middle, third),
            (NamePartKind::Middle, fourth),
            (NamePartKind::Middle, fifth),
            (NamePartKind::Family, name6),
        ]));
    }
    if alias_type.eq_ignore_ascii_case("primary name variation") {
        group.variations.push(name.full.clone());
    }
    add_name(&mut group.entity, name);

    if let Some(text) = non_latin {
        // The name as written in its own script: another form of the row's
        // name, so an alias of a primary name.
        let kind = if kind == NameKind::Primary {
            NameKind::Alias
        } else {
            kind
        };
        let mut name = Name::new(text, kind);
        if let Some(language) = row.get("Non-Latin Script Language") {
            match language_code(language) {
                Some(code) => name = name.with_language(code),
                None => {
                    if group.seen.first_time("name_language", language) {
                        group.entity.keep_unparsed("name_language", language);
                        parsed.warn(
                            &group.entity.id,
                            "Non-Latin Script Language",
                            language,
                            "not a known language",
                        );
                    }
                }
            }
        }
        add_name(&mut group.entity, name);
    }
    Ok(())
}

/// Reads the towns and countries of birth, paired by their numbers.
fn read_birth_places(row: &Row, entity: &mut Entity) {
    let towns = row.get("Town of Birth").map(numbered).unwrap_or_default();
    let countries = row
        .get("Country of Birth")
        .map(numbered)
        .unwrap_or_default();
    for (town, country) in paired(&towns, &countries) {
        let country = country.map(|c| c.trim_end_matches('.'));
        if let Some(place) = join_non_blank([town, country], ", ") {
            Entity::push_unique(&mut entity.birth_places, place);
        }
    }
}

/// Reads passports or national ids from a number column and a details
/// column, paired by their numbers. A document given only as details (the
/// 2016 file has no number column) takes the first word with digits in it
/// as its number.
fn read_documents(
    row: &Row,
    [number_column, details_column]: [&str; 2],
    kind: IdKind,
    group: &mut Group,
    parsed: &mut Parsed,
) {
    let numbers = row.get(number_column).map(numbered).unwrap_or_default();
    let details = row.get(details_column).map(numbered).unwrap_or_default();
    for (number, details) in paired(&numbers, &details) {
        let kind = match (kind, details.and_then(document_kind)) {
            // Details name other documents in the national id column: a
            // ration card, a tax code.
            (IdKind::NationalId, Some(other @ (IdKind::Other | IdKind::TaxId))) => other,
            _ => kind,
        };
        let Some(number) = number.or_else(|| details.and_then(number_in)) else {
            if let Some(details) = details
                && group.seen.first_time("identifier", details)
            {
                group.entity.keep_unparsed("identifier", details);
                parsed.warn(
                    &group.entity.id,
                    "identifier",
                    details,
                    "a document without a number",
                );
            }
            continue;
        };
        let identifier = Identifier {
            kind,
            number: number.to_owned(),
            country: None,
            label: None,
            note: details.filter(|d| *d != number).map(str::to_owned),
        };
        Entity::push_unique(&mut group.entity.identifiers, identifier);
    }
}

/// The first word of free text that looks like a document number: it has
/// at least three digits and is not a date or a year (`W374031, Tunisian
/// national identity number issued on 11 April 2011` → `W374031`).
fn number_in(text: &str) -> Option<&str> {
    text.split(|c: char| c.is_whitespace() || c == ':')
        .map(|word| {
            word.trim_matches(|c: char| matches!(c, ',' | '.' | ';' | '(' | ')' | '‘' | '’'))
        })
        .map(|word| {
            ["no.", "no", "nr."]
                .iter()
                .find_map(|prefix| {
                    strip_prefix_ignore_case(word, prefix)
                        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
                })
                .unwrap_or(word)
        })
        .find(|word| {
            word.chars().filter(char::is_ascii_digit).count() >= 3
                && FuzzyDate::parse_with(word, ORDER).is_err()
        })
}

/// Reads the address lines, postcode and country.
fn read_address(row: &Row, group: &mut Group, parsed: &mut Parsed) {
    let lines = ADDRESS.map(|column| row.get(column));
    let [first, second, third, fourth, fifth, sixth] = lines;
    let street = join_non_blank([first, second, third, fourth, fifth], ", ");
    let postcode = row.get("Post/Zip Code");
    let country_text = row.get("Country");
    let country = country_text.and_then(nationality_country);
    if let Some(text) = country_text
        && group.seen.first_time("country", text)
    {
        add_countries(&mut group.entity, CountryField::Country, text, parsed);
    }
    if street.is_none() && sixth.is_none() && postcode.is_none() {
        return;
    }
    if let Some(address) = Address::from_parts(
        street.as_deref(),
        sixth,
        None,
        postcode,
        country,
        country_text,
    ) {
        Entity::push_unique(&mut group.entity.addresses, address);
    }
}

/// The tags `Other Information` uses for facts with a field of their own
/// (and a few without, kept in the remarks under their tag).
const TAGS: &[&str] = &[
    "UK Sanctions List Ref",
    "UK Statement of Reasons",
    "UN Ref",
    "Gender",
    "Phone number",
    "Tel",
    "Fax",
    "Email address",
    "Website",
    "Type of entity",
    "Parent company",
    "Subsidiaries",
    "Business Reg No",
    "IMO number",
    "Current owners",
    "Flag of ship",
    "Previous flags",
    "Type of ship",
    "Tonnage of ship",
    "Length of ship",
    "Year built",
];

/// Splits `Other Information` into its untagged text and its tagged values,
/// in order.
fn tagged_segments(text: &str) -> (&str, Vec<(&'static str, &str)>) {
    let mut starts: Vec<(usize, &'static str)> = TAGS
        .iter()
        .flat_map(|&tag| {
            let marker = format!("({tag}):");
            text.match_indices(&marker)
                .map(|(at, _)| (at, tag))
                .collect::<Vec<_>>()
        })
        .collect();
    starts.sort_unstable();
    let untagged = starts
        .first()
        .and_then(|&(at, _)| text.get(..at))
        .unwrap_or(text);
    let mut segments = Vec::new();
    for (i, &(at, tag)) in starts.iter().enumerate() {
        let from = at + tag.len() + 3;
        let to = starts.get(i + 1).map_or(text.len(), |&(next, _)| next);
        if let Some(value) = text.get(from..to) {
            segments.push((tag, value.trim()));
        }
    }
    (untagged.trim(), segments)
}

/// Reads the tagged facts of `Other Information` into their fields, and the
/// rest into the remarks.
fn read_other_information(text: &str, group: &mut Group, parsed: &mut Parsed) {
    let (untagged, segments) = tagged_segments(text);
    // The 2016 file writes the UN reference untagged: `UN Ref QI.B.62.02. …`.
    if let Some(rest) = untagged.strip_prefix("UN Ref ") {
        read_un_reference(rest, group);
    } else {
        group.remarks.add(untagged);
    }
    for (tag, value) in segments {
        if value.is_empty() {
            continue;
        }
        let single = value.trim_end_matches('.').trim();
        let entity = &mut group.entity;
        match tag {
            "UK Sanctions List Ref" => {
                let (codes, rest) = leading_codes(value);
                if codes.is_empty() {
                    group.remarks.add(&format!("{tag}: {value}"));
                    continue;
                }
                for code in codes {
                    if !group.references.iter().any(|r| r == code) {
                        group.references.push(code.to_owned());
                    }
                }
                group.remarks.add(rest);
            }
            "UK Statement of Reasons" => group.remarks.add(value),
            "UN Ref" => read_un_reference(value, group),
            "Gender" => set_gender(entity, single, parsed),
            "Phone number" | "Tel" | "Fax" => {
                for (_, item) in numbered(value) {
                    if let Some(phone) = non_blank_item(item) {
                        Entity::push_unique(&mut entity.phones, phone.to_owned());
                    }
                }
            }
            "Email address" => read_emails(value, entity, parsed),
            "Website" => {
                for (_, item) in numbered(value) {
                    if let Some(site) = non_blank_item(item) {
                        Entity::push_unique(&mut entity.websites, site.to_owned());
                    }
                }
            }
            "Business Reg No" => {
                for (_, item) in numbered(value) {
                    if let Some(item) = non_blank_item(item) {
                        Entity::push_unique(&mut entity.identifiers, registration(item));
                    }
                }
            }
            "IMO number" => {
                let number = single.trim_start_matches("IMO").trim();
                let imo = Identifier {
                    kind: IdKind::Imo,
                    number: number.to_owned(),
                    country: None,
                    label: None,
                    note: None,
                };
                Entity::push_unique(&mut entity.identifiers, imo);
            }
            "Current owners" => vessel(entity).owner = Some(single.to_owned()),
            "Type of ship" => vessel(entity).vessel_type = Some(single.to_owned()),
            "Tonnage of ship" => vessel(entity).tonnage = Some(single.to_owned()),
            // The flag also counts among the entity's countries.
            "Flag of ship" => {
                let flag = add_countries(entity, CountryField::Country, single, parsed);
                vessel(entity).flag = flag.first().copied();
            }
            "Year built" => add_birth_date(entity, single, ORDER, parsed),
            _ => group.remarks.add(&format!("{tag}: {single}")),
        }
    }
}

/// Reads a UN reference (`TAi.174. Key commander …`): the code is an
/// identifier, so the same subject on the UN list can be found, and the
/// text after it a remark.
fn read_un_reference(value: &str, group: &mut Group) {
    let (codes, rest) = leading_codes(value);
    for code in &codes {
        let un = Identifier {
            kind: IdKind::Other,
            number: (*code).to_owned(),
            country: None,
            label: Some("UN Reference Number".to_owned()),
            note: None,
        };
        Entity::push_unique(&mut group.entity.identifiers, un);
    }
    if codes.is_empty() {
        group.remarks.add(&format!("UN Ref: {value}"));
    } else {
        group.remarks.add(rest);
    }
}

/// Splits `RUS0001. Free text` or `BEL0047 and GHR0046. Listed …` into the
/// reference codes and the text after them; no codes when the value does not
/// start with codes.
fn leading_codes(value: &str) -> (Vec<&str>, &str) {
    let value = value.trim();
    let (head, rest) = match value.find(". ") {
        Some(at) => (&value[..at], &value[at + 2..]),
        None => (value.trim_end_matches('.'), ""),
    };
    let codes: Vec<&str> = head
        .split([',', '&', ';'])
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .filter(|code| !code.is_empty())
        .collect();
    let is_code = |code: &&str| {
        code.len() <= 24
            && code.chars().any(|c| c.is_ascii_digit())
            && code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    };
    if !codes.is_empty() && codes.iter().all(is_code) {
        (codes, rest.trim())
    } else {
        (Vec::new(), value)
    }
}

fn vessel(entity: &mut Entity) -> &mut VesselDetails {
    entity.vessel.get_or_insert_with(VesselDetails::default)
}

/// Adds the row's regime as a listing, unless the subject has it already.
fn read_listing(row: &Row, group: &mut Group, context: &Context, parsed: &mut Parsed) {
    let regime = row.get("Regime").unwrap_or_default().to_owned();
    let listed = row.get("Listed On").map(str::to_owned);
    let designated = row
        .get("UK Sanctions List Date Designated")
        .map(str::to_owned);
    let key = (regime, listed, designated);
    if group.listing_keys.contains(&key) {
        return;
    }
    let (regime, listed, designated) = key.clone();
    group.listing_keys.push(key);

    let mut listing = Listing::new(&context.source, Authority::GbOfsi);
    if !regime.is_empty() {
        listing.programmes.push(regime);
    }
    if let Some(text) = &listed {
        match parse_day(text) {
            Ok(date) => listing.listed_on = Some(date),
            Err(reason) => {
                group.entity.keep_unparsed("listed_on", text);
                parsed.warn(&group.entity.id, "Listed On", text, reason);
            }
        }
    }
    let designated = designated.map(|text| match parse_day(&text) {
        Ok(date) => date.to_string(),
        Err(reason) => {
            parsed.warn(
                &group.entity.id,
                "UK Sanctions List Date Designated",
                &text,
                reason,
            );
            text
        }
    });
    group.entity.listings.push(listing);
    group.designated.push(designated);
}

/// Reads `dd/mm/yyyy` (or any single date [`FuzzyDate`] reads).
fn parse_day(text: &str) -> Result<PartialDate, &'static str> {
    match FuzzyDate::parse_with(text, ORDER) {
        Ok(FuzzyDate::Exact(date)) => Ok(date),
        Ok(_) => Err("an approximate date or a range, not a single date"),
        Err(error) => Err(error.reason),
    }
}

/// The subject's entity, with its primary names first and its listings'
/// references and remarks.
fn finish_group(group: Group) -> Entity {
    let Group {
        mut entity,
        designated,
        references,
        remarks,
        variations,
        last_updated,
        ..
    } = group;
    put_primary_first(&mut entity, &variations);

    let several = entity.listings.len() > 1;
    for (listing, designated) in entity.listings.iter_mut().zip(designated) {
        listing.reference = reference_for(listing, &references, several);
        let mut lines = remarks.clone().into_lines();
        if let Some(date) = designated {
            lines.push(format!("UK Sanctions List date designated: {date}"));
        }
        if let Some(date) = &last_updated {
            lines.push(format!("Last updated: {date}"));
        }
        listing.remarks = (!lines.is_empty()).then(|| lines.join("\n"));
    }
    entity
}

/// The UK Sanctions List reference of a listing. A subject listed under
/// several regimes has a reference per regime (`BEL0047 and GHR0046`), told
/// apart by their prefix; when the prefix says nothing, every reference is
/// given.
fn reference_for(listing: &Listing, references: &[String], several: bool) -> Option<String> {
    if references.is_empty() {
        return None;
    }
    if several
        && let Some(prefix) = listing.programmes.first().and_then(|r| regime_prefix(r))
        && let Some(reference) = references.iter().find(|r| r.starts_with(prefix))
    {
        return Some(reference.clone());
    }
    Some(references.join(" and "))
}

/// The prefix of the UK Sanctions List references of a regime.
fn regime_prefix(regime: &str) -> Option<&'static str> {
    const PREFIXES: &[(&str, &str)] = &[
        ("Afghanistan", "AFG"),
        ("ISIL (Da'esh) and Al-Qaida", "AQD"),
        ("Belarus", "BEL"),
        ("Bosnia and Herzegovina", "BIH"),
        ("Central African Republic", "CAF"),
        ("Chemical Weapons", "CHW"),
        ("Counter-Terrorism (Domestic)", "CTD"),
        ("Counter-Terrorism (International)", "CTI"),
        ("Cyber", "CYB"),
        ("Democratic People's Republic of Korea", "DPR"),
        ("Democratic Republic of the Congo", "DRC"),
        ("Global Anti-Corruption", "GAC"),
        ("Global Human Rights", "GHR"),
        ("Guinea-Bissau", "GUB"),
        ("Guinea", "GUC"),
        ("Haiti", "HAI"),
        ("Iran (Human Rights)", "IHR"),
        ("Iran (Nuclear)", "INU"),
        ("Iran", "IRN"),
        ("Iraq", "IRQ"),
        ("Libya", "LIB"),
        ("Mali", "MAL"),
        ("Myanmar", "MYA"),
        ("Nicaragua", "NIC"),
        ("Russia", "RUS"),
        ("Somalia", "SOM"),
        ("South Sudan", "SSU"),
        ("Sudan", "SUD"),
        ("Syria", "SYR"),
        ("Venezuela", "VEN"),
        ("Yemen", "YEM"),
        ("Zimbabwe", "ZIM"),
    ];
    PREFIXES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(regime.trim()))
        .map(|&(_, prefix)| prefix)
}

/// The items of two numbered values, paired by their numbers: a value
/// without numbers goes with every item of the other.
fn paired<'a>(
    left: &[(Option<RangeInclusive<u32>>, &'a str)],
    right: &[(Option<RangeInclusive<u32>>, &'a str)],
) -> Vec<(Option<&'a str>, Option<&'a str>)> {
    let at = |items: &[(Option<RangeInclusive<u32>>, &'a str)], n: Option<u32>| {
        items
            .iter()
            .find(|(range, _)| match (range, n) {
                (None, _) => true,
                (Some(range), Some(n)) => range.contains(&n),
                (Some(_), None) => false,
            })
            .and_then(|&(_, text)| non_blank_item(text))
    };
    let mut numbers: Vec<u32> = left
        .iter()
        .chain(right)
        .filter_map(|(range, _)| range.clone())
        .flatten()
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    if numbers.is_empty() {
        return vec![(at(left, None), at(right, None))];
    }
    numbers
        .into_iter()
        .map(|n| (at(left, Some(n)), at(right, Some(n))))
        .filter(|(a, b)| a.is_some() || b.is_some())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xlsx::tests::workbook;
    use interdict_model::Country;

    const HEADER: &str = "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,Name Non-Latin Script,Non-Latin Script Type,Non-Latin Script Language,DOB,Town of Birth,Country of Birth,Nationality,Passport Number,Passport Details,National Identification Number,National Identification Details,Position,Address 1,Address 2,Address 3,Address 4,Address 5,Address 6,Post/Zip Code,Country,Other Information,Group Type,Alias Type,Alias Quality,Regime,Listed On,UK Sanctions List Date Designated,Last Updated,Group ID\n";

    fn context() -> Context {
        Context::new("gb_ofsi", "ConList.csv")
    }

    fn parse_rows(rows: &str) -> Parsed {
        let text = format!("Last Updated,14/04/2025\n{HEADER}{rows}");
        parse(text.as_bytes(), &context()).unwrap()
    }

    fn names(entity: &Entity) -> Vec<(&str, NameKind)> {
        entity
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.kind))
            .collect()
    }

    const KISELEV: &str = concat!(
        "KISELEV,Dmitrii,Konstantinovich,,,,,,,,26/04/1954,Moscow,Russia,Russia,,,,,Head of 'Rossiya Segodnya'.,,,,,,,,Russia,",
        "\"(UK Sanctions List Ref):RUS0001. Trust services sanctions. (UK Statement of Reasons):Central figure of propaganda. (Gender):Male\",",
        "Individual,Primary name variation,,Russia,21/03/2014,31/12/2020,21/03/2023,12944\n",
        "KISELYOV,Dmitry,Konstantinovich,,,,,Дмитрий Константинович Киселёв,Cyrillic,Russian,26/04/1954,Moscow,Russia,Russia,,,,,Head of 'Rossiya Segodnya'.,,,,,,,,Russia,",
        "\"(UK Sanctions List Ref):RUS0001. Trust services sanctions. (UK Statement of Reasons):Central figure of propaganda. (Gender):Male\",",
        "Individual,Primary name,,Russia,21/03/2014,31/12/2020,21/03/2023,12944\n",
    );

    #[test]
    fn groups_name_rows_into_one_person() {
        let parsed = parse_rows(KISELEV);
        assert_eq!(
            parsed.meta.published,
            PartialDate::parse_iso("2025-04-14").ok()
        );
        let [kiselev] = parsed.entities.as_slice() else {
            panic!("one group, one entity");
        };
        assert_eq!(kiselev.id, "gb_ofsi:12944");
        assert_eq!(kiselev.schema, Schema::Person);
        assert_eq!(
            names(kiselev),
            [
                ("Dmitry Konstantinovich KISELYOV", NameKind::Primary),
                ("Dmitrii Konstantinovich KISELEV", NameKind::Alias),
                ("Дмитрий Константинович Киселёв", NameKind::Alias),
            ]
        );
        let primary = &kiselev.names[0];
        assert_eq!(primary.part(NamePartKind::Given), Some("Dmitry"));
        assert_eq!(primary.part(NamePartKind::Middle), Some("Konstantinovich"));
        assert_eq!(primary.part(NamePartKind::Family), Some("KISELYOV"));
        assert_eq!(kiselev.names[2].language.as_deref(), Some("ru"));
        assert_eq!(kiselev.names[2].script.as_deref(), Some("Cyrl"));
        assert_eq!(
            kiselev
                .birth_dates
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            ["1954-04-26"]
        );
        assert_eq!(kiselev.birth_places, ["Moscow, Russia"]);
        let ru = Country::from_alpha2("RU").unwrap();
        assert_eq!(kiselev.nationalities, [ru]);
        assert_eq!(kiselev.countries, [ru]);
        assert!(
            kiselev.addresses.is_empty(),
            "a country alone is no address"
        );
        assert_eq!(kiselev.positions, ["Head of 'Rossiya Segodnya'."]);
        assert_eq!(kiselev.gender, Some(interdict_model::Gender::Male));

        let [listing] = kiselev.listings.as_slice() else {
            panic!("one regime, one listing");
        };
        assert_eq!(listing.authority, Authority::GbOfsi);
        assert_eq!(listing.programmes, ["Russia"]);
        assert_eq!(listing.reference.as_deref(), Some("RUS0001"));
        assert_eq!(listing.listed_on, PartialDate::parse_iso("2014-03-21").ok());
        assert_eq!(
            listing.remarks.as_deref(),
            Some(
                "Trust services sanctions.\nCentral figure of propaganda.\nUK Sanctions List date designated: 2020-12-31\nLast updated: 2023-03-21"
            )
        );
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    }

    #[test]
    fn reads_the_workbook_like_the_csv() {
        let mut rows: Vec<Vec<String>> = vec![vec!["Last Updated".into(), "14/04/2025".into()]];
        for line in format!("{HEADER}{KISELEV}").lines() {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(line.as_bytes());
            let record = reader.records().next().unwrap().unwrap();
            rows.push(record.iter().map(str::to_owned).collect());
        }
        let rows: Vec<Vec<&str>> = rows
            .iter()
            .map(|row| row.iter().map(String::as_str).collect())
            .collect();
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        let bytes = workbook(&rows);
        let from_xlsx = parse(bytes.as_slice(), &Context::new("gb_ofsi", "ConList.xlsx")).unwrap();
        let from_csv = parse_rows(KISELEV);
        assert_eq!(from_xlsx.entities, from_csv.entities);
        assert_eq!(from_xlsx.meta, from_csv.meta);
    }

    #[test]
    fn name_kinds_follow_alias_type_and_quality() {
        let row = |name: &str, kind: &str, quality: &str| {
            format!(
                "{name},,,,,,,,,,,,,,,,,,,,,,,,,,,,Entity,{kind},{quality},Cyber,01/01/2020,,,77\n"
            )
        };
        let parsed = parse_rows(
            &[
                row("LOW", "AKA", "Low quality"),
                row("GOOD", "AKA", "Good quality"),
                row("OLD", "FKA", ""),
                row("VARIANT", "Primary name variation", ""),
                row("ODD", "Nickname", ""),
            ]
            .concat(),
        );
        let entity = &parsed.entities[0];
        assert_eq!(entity.schema, Schema::Organization);
        assert_eq!(
            names(entity),
            [
                ("VARIANT", NameKind::Primary),
                ("LOW", NameKind::WeakAlias),
                ("GOOD", NameKind::Alias),
                ("OLD", NameKind::Former),
                ("ODD", NameKind::Alias),
            ],
            "without a primary name row, the first variation is the primary name"
        );
        assert!(
            entity.names[0].parts.is_empty(),
            "an entity's name has no parts"
        );
        assert_eq!(parsed.warnings.len(), 1);
        assert_eq!(parsed.warnings[0].field, "Alias Type");
    }

    #[test]
    fn numbered_values_are_split_and_paired() {
        let parsed = parse_rows(concat!(
            "AL-SALAM,Said Jan,,,,,(1) Mullah (2) Maulavi,,,,(1) 05/02/1981 (2) 00/00/1972,(1) Kabul (2)-(3) -,(1)-(2) Afghanistan (3) Pakistan,",
            "(1) Afghanistan. (2) Pakistan,(1) OR801168 (2) 4117921,(1) Afghan number (2) Pakistan number,281020505755,Kuwait Civil Identification number,",
            "(1) Commander (2) Governor,,,,,,,,,,Individual,Primary name,,Afghanistan,28/02/2011,,,11634\n",
        ));
        let said = &parsed.entities[0];
        assert_eq!(said.titles, ["Mullah", "Maulavi"]);
        assert_eq!(said.positions, ["Commander", "Governor"]);
        let dates: Vec<String> = said.birth_dates.iter().map(ToString::to_string).collect();
        assert_eq!(dates, ["1981-02-05", "1972"]);
        assert_eq!(
            said.birth_places,
            ["Kabul, Afghanistan", "Afghanistan", "Pakistan"]
        );
        assert_eq!(
            said.nationalities,
            [
                Country::from_alpha2("AF").unwrap(),
                Country::from_alpha2("PK").unwrap()
            ]
        );
        let documents: Vec<_> = said
            .identifiers
            .iter()
            .map(|id| (id.kind, id.number.as_str(), id.note.as_deref()))
            .collect();
        assert_eq!(
            documents,
            [
                (IdKind::Passport, "OR801168", Some("Afghan number")),
                (IdKind::Passport, "4117921", Some("Pakistan number")),
                (
                    IdKind::NationalId,
                    "281020505755",
                    Some("Kuwait Civil Identification number")
                ),
            ]
        );
    }

    #[test]
    fn numbered_items_and_ranges() {
        assert_eq!(numbered("Kabul"), [(None, "Kabul")]);
        assert_eq!(
            numbered("(1) Manzil Tmim (2)-(6) -"),
            [(Some(1..=1), "Manzil Tmim"), (Some(2..=6), "-")]
        );
        assert_eq!(
            numbered("(1) to (6) Algeria (7) Morocco"),
            [(Some(1..=6), "Algeria"), (Some(7..=7), "Morocco")]
        );
        assert_eq!(
            numbered("(1) resolution 1822 (2008) (2) other"),
            [
                (Some(1..=1), "resolution 1822 (2008)"),
                (Some(2..=2), "other")
            ]
        );
        assert_eq!(numbered("(1)"), [(Some(1..=1), "")]);
        assert_eq!(
            numbered("(1)-(99999999999)x"),
            [(Some(1..=1), "-(99999999999)x")]
        );
    }

    #[test]
    fn other_information_fills_its_fields() {
        let info = concat!(
            "(UK Sanctions List Ref):DPR0097. Pursuant to resolution 2371 (2017). ",
            "(UN Ref):KPe.062. Listed as asset. (IMO number):7303803 (Current owners):Korean Ansan Shipping ",
            "(Flag of ship):North Korea (Previous flags):Russia (Type of ship):Chemical Carrier ",
            "(Tonnage of ship):1757 (Length of ship):86 (Year built):1973"
        );
        let parsed = parse_rows(&format!(
            "AN SAN 1,,,,,,,,,,,,,,,,,,,,,,,,,,,\"{info}\",Ship,Primary name,,Democratic People's Republic of Korea,16/10/2018,31/12/2020,,13648\n"
        ));
        let ship = &parsed.entities[0];
        assert_eq!(ship.schema, Schema::Vessel);
        let vessel = ship.vessel.as_ref().unwrap();
        assert_eq!(vessel.flag, Country::from_alpha2("KP"));
        assert_eq!(vessel.owner.as_deref(), Some("Korean Ansan Shipping"));
        assert_eq!(vessel.vessel_type.as_deref(), Some("Chemical Carrier"));
        assert_eq!(vessel.tonnage.as_deref(), Some("1757"));
        let ids: Vec<_> = ship
            .identifiers
            .iter()
            .map(|id| (id.kind, id.number.as_str()))
            .collect();
        assert_eq!(ids, [(IdKind::Other, "KPe.062"), (IdKind::Imo, "7303803")]);
        assert_eq!(
            ship.identifiers[0].label.as_deref(),
            Some("UN Reference Number")
        );
        assert_eq!(ship.birth_dates[0].to_string(), "1973", "the year built");
        let listing = &ship.listings[0];
        assert_eq!(listing.reference.as_deref(), Some("DPR0097"));
        assert_eq!(
            listing.remarks.as_deref(),
            Some(
                "Pursuant to resolution 2371 (2017).\nListed as asset.\nPrevious flags: Russia\nLength of ship: 86\nUK Sanctions List date designated: 2020-12-31"
            )
        );
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    }

    #[test]
    fn contacts_and_registration_numbers() {
        let info = concat!(
            "(UK Sanctions List Ref):INU0109. (Phone number):(1) +98 21 222 11 922 (2) +98 21 (222) 36 900 ",
            "(Email address):a@b.ir. c@d.com (Website):www.x.ir (Business Reg No):Tax Identification Number: INN: 7840392660 ",
            "(Type of entity):Limited Liability Company (Fax): +98 21 22827481 (Email address):unknown"
        );
        let parsed = parse_rows(&format!(
            "SCHILER NOVIN,,,,,,,,,,,,,,,,,,,#153,3rd floor,,,,Tehran,19389,Iran,\"{info}\",Entity,Primary name,,Iran (Nuclear),27/07/2010,,,11241\n"
        ));
        let company = &parsed.entities[0];
        assert_eq!(
            company.phones,
            [
                "+98 21 222 11 922",
                "+98 21 (222) 36 900",
                "+98 21 22827481"
            ]
        );
        assert_eq!(company.emails, ["a@b.ir", "c@d.com"]);
        assert_eq!(company.websites, ["www.x.ir"]);
        let tin = &company.identifiers[0];
        assert_eq!(
            (tin.kind, tin.number.as_str(), tin.label.as_deref()),
            (
                IdKind::TaxId,
                "7840392660",
                Some("Tax Identification Number: INN")
            )
        );
        let address = &company.addresses[0];
        assert_eq!(address.full, "#153, 3rd floor, Tehran, 19389, Iran");
        assert_eq!(address.city.as_deref(), Some("Tehran"));
        assert_eq!(address.country, Country::from_alpha2("IR"));
        let warnings: Vec<_> = parsed.warnings.iter().map(|w| w.field.as_str()).collect();
        assert_eq!(warnings, ["Email address"]);
        assert_eq!(company.unparsed[0].value, "unknown");
    }

    #[test]
    fn registration_numbers_keep_their_label() {
        let cases = [
            (
                "OGRN 1027700000151",
                IdKind::Registration,
                "1027700000151",
                Some("OGRN"),
            ),
            ("TIN - 7805060220", IdKind::TaxId, "7805060220", Some("TIN")),
            (
                "UK Company no. 06527449",
                IdKind::Registration,
                "06527449",
                Some("UK Company no."),
            ),
            (
                "1 149 102 007 933",
                IdKind::Registration,
                "1 149 102 007 933",
                None,
            ),
            (
                "9731001285 - TIN",
                IdKind::Registration,
                "9731001285 - TIN",
                None,
            ),
        ];
        for (value, kind, number, label) in cases {
            let id = registration(value);
            assert_eq!(
                (id.kind, id.number.as_str(), id.label.as_deref()),
                (kind, number, label),
                "{value}"
            );
        }
    }

    #[test]
    fn several_regimes_are_several_listings() {
        let row = |regime: &str, listed: &str| {
            format!(
                "LUKASHENKO,Alexander,,,,,,,,,30/08/1954,,,,,,,,,,,,,,,,,\"(UK Sanctions List Ref):BEL0001 and GHR0060. (Gender):Male\",Individual,Primary name,,{regime},{listed},,,13918\n"
            )
        };
        let parsed = parse_rows(
            &[
                row("Belarus", "06/11/2020"),
                row("Global Human Rights", "29/09/2020"),
                row("Belarus", "06/11/2020"),
            ]
            .concat(),
        );
        let listings: Vec<_> = parsed.entities[0]
            .listings
            .iter()
            .map(|l| {
                (
                    l.programmes[0].as_str(),
                    l.reference.as_deref(),
                    l.listed_on.map(|d| d.to_string()),
                )
            })
            .collect();
        assert_eq!(
            listings,
            [
                ("Belarus", Some("BEL0001"), Some("2020-11-06".to_owned())),
                (
                    "Global Human Rights",
                    Some("GHR0060"),
                    Some("2020-09-29".to_owned())
                ),
            ]
        );
    }

    #[test]
    fn reads_the_2016_layout_in_windows_1252() {
        let mut bytes = b"Last Updated,12/02/2016\nName 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,DOB,Town of Birth,Country of Birth,Nationality,Passport Details,NI Number,Position,Address 1,Address 2,Address 3,Address 4,Address 5,Address 6,Post/Zip Code,Country,Other Information,Group Type,Alias Type,Regime,Listed On,Last Updated,Group ID\n".to_vec();
        bytes.extend_from_slice(b"AL-HUTHI,\x91Abd al-Khaliq,,,,,,00/00/1984,,,Yemeni,\"W374031, Tunisian number issued on 11 April 2011.\",Ration card no. 1729765,,,,,,,,,,\"UN Ref YEi.001. Huthi military commander.\",Individual,Prime Alias,Yemen,07/11/2014,20/01/2015,13191\n");
        let parsed = parse(bytes.as_slice(), &context()).unwrap();
        let huthi = &parsed.entities[0];
        assert_eq!(huthi.caption(), "‘Abd al-Khaliq AL-HUTHI");
        assert_eq!(huthi.nationalities, [Country::from_alpha2("YE").unwrap()]);
        assert_eq!(huthi.birth_dates[0].to_string(), "1984");
        let ids: Vec<_> = huthi
            .identifiers
            .iter()
            .map(|id| (id.kind, id.number.as_str(), id.label.as_deref()))
            .collect();
        assert_eq!(
            ids,
            [
                (IdKind::Passport, "W374031", None),
                (IdKind::Other, "1729765", None),
                (IdKind::Other, "YEi.001", Some("UN Reference Number")),
            ]
        );
        assert_eq!(
            huthi.listings[0].remarks.as_deref(),
            Some("Huthi military commander.\nLast updated: 2015-01-20")
        );
        assert_eq!(huthi.listings[0].reference, None);
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    }

    #[test]
    fn unreadable_values_are_kept_and_reported() {
        let parsed = parse_rows(
            "X,,,,,,,,,,31/02/1960,,,Atlantis,,,,,,,,,,,,,,(Gender):Unknown,Individual,Primary name,,Cyber,sometime,,,1\n",
        );
        let x = &parsed.entities[0];
        let unparsed: Vec<_> = x
            .unparsed
            .iter()
            .map(|u| (u.field.as_str(), u.value.as_str()))
            .collect();
        assert_eq!(
            unparsed,
            [
                ("birth_date", "31/02/1960"),
                ("nationality", "Atlantis"),
                ("gender", "Unknown"),
                ("listed_on", "sometime"),
            ]
        );
        let fields: Vec<_> = parsed.warnings.iter().map(|w| w.field.as_str()).collect();
        assert_eq!(fields, ["birth_date", "nationality", "gender", "Listed On"]);
    }

    #[test]
    fn broken_files_are_errors_naming_the_line() {
        let context = context();
        let error = parse(
            &b"Last Updated,01/01/2020\nName 6,Group Type,Regime\nX,Entity,Cyber\n"[..],
            &context,
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "ConList.csv: line 2: missing column \"Group ID\""
        );

        let text = format!("{HEADER}X,,,,,,,,,,,,,,,,,,,,,,,,,,,,Entity,Primary name,,Cyber,,,,\n");
        let error = parse(text.as_bytes(), &context).unwrap_err();
        assert_eq!(error.to_string(), "ConList.csv: line 2: no Group ID");

        let text = format!("{HEADER},,,,,,,,,,,,,,,,,,,,,,,,,,,,Entity,Primary name,,Cyber,,,,5\n");
        let error = parse(text.as_bytes(), &context).unwrap_err();
        assert_eq!(
            error.to_string(),
            "ConList.csv: line 2: no name: Name 1 to Name 6 are blank"
        );

        let error = parse(&b"Last Updated,01/01/2020\n"[..], &context).unwrap_err();
        assert!(
            error.to_string().starts_with("ConList.csv: no header row"),
            "{error}"
        );

        let text = format!("{HEADER}\"X,unclosed\n");
        assert!(parse(text.as_bytes(), &context).is_err());
    }

    #[test]
    fn a_broken_workbook_is_an_error_naming_the_file() {
        let bytes = workbook(&[&["Last Updated", "01/01/2020"], &["Name 6", "Group ID"]]);
        let context = Context::new("gb_ofsi", "ConList.xlsx");
        let error = parse(&bytes[..bytes.len() / 2], &context).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("ConList.xlsx: not a readable XLSX workbook"),
            "{error}"
        );
        let error = parse(bytes.as_slice(), &context).unwrap_err();
        assert_eq!(
            error.to_string(),
            "ConList.xlsx: line 2: missing column \"Group Type\""
        );
    }

    #[test]
    fn document_numbers_in_free_text() {
        let cases = [
            (
                "W374031, Tunisian national identity number",
                Some("W374031"),
            ),
            (
                "Passport: Pakistani Passport no. FA0157612. Issued: 23/01/2009",
                Some("FA0157612"),
            ),
            ("Passport number:F50859", Some("F50859")),
            (
                "Pakistani national ID no.54201-247561-5",
                Some("54201-247561-5"),
            ),
            ("issued 23/01/2009 in 1996", None),
            ("Ration card.", None),
        ];
        for (text, number) in cases {
            assert_eq!(number_in(text), number, "{text}");
        }
    }
}
