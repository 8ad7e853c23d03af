//! Australia's consolidated sanctions list (DFAT,
//! `regulation8_consolidated.xlsx`).
//!
//! One sheet, a header row, then **one row per name**. The `Reference`
//! groups the names of one subject: `2` is its primary name and `2a`, `2b`,
//! `2b1` its other names, so the subject is `{source}:2`. Every row repeats
//! the subject's facts: `Type` (Individual, Entity), `Name Type` (Primary
//! Name, aka, Original Script, Formerly known as), `Date of Birth`, `Place
//! of Birth`, `Citizenship`, `Address`, `Additional Information`, `Listing
//! Information`, `Committees` (the sanctions regime: the programme) and
//! `Control Date`. Each subject has one [`Listing`] by
//! [`Authority::AuDfat`].
//!
//! The data is typed by hand and messy: case and trailing spaces vary
//! (`Entity `, `Aka`), several values share a cell (`a) 01/01/1960; b)
//! 1962`, `Russian and Ukrainian`), and dates of birth come as Excel dates,
//! years, `Approximately 1955-1958`, `Between 1958 and 1963`, `12. Jul
//! 1965` or with notes (`(as Ali Thafir Abdallah)`). `NA` means blank.
//!
//! The list gives no listing date field. `Listing Information` is free text
//! that usually states one (`Listed on: 12 Nov. 2003 (amended …)`, `Listed
//! by UN 1267 Committee on 25 January 2001`, `Designated under … on 2 March
//! 2012`), which becomes the listing date; when it only names the
//! instrument, there is none. `Control Date` is not the listing date: in
//! the data it is mostly the date of the entry's latest change (it matches
//! the latest amendment the listing information mentions, often years after
//! the listing), so it is kept in the remarks as `Control date: …`.

use std::collections::HashMap;
use std::io::BufRead;

use interdict_model::{
    Address, Authority, Entity, FuzzyDate, IdKind, Identifier, Listing, Name, NameKind,
    NumericOrder, PartialDate, Schema,
};

use crate::csv_table::{self, Column, Columns, HeaderMatch};
use crate::fields::{CountryField, add_countries, nationality_country, strip_prefix_ignore_case};
use crate::grouped::{Remarks, Seen, add_name, put_primary_first};
use crate::xlsx::{self, ZIP_MAGIC};
use crate::{Context, Location, Parsed, SourceError, input};

/// Australian dates put the day first.
const ORDER: NumericOrder = NumericOrder::DayFirst;

/// Reads a whole DFAT consolidated list.
pub fn parse(input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
    let bytes = input::read_all(input, &context.label)?;
    if !bytes.starts_with(ZIP_MAGIC) {
        return Err(SourceError::new(
            &context.label,
            Location::File,
            "not an XLSX workbook (it is not a zip archive)",
        ));
    }
    let mut list = ListReader {
        context,
        parsed: Parsed::default(),
        columns: None,
        subjects: Vec::new(),
        by_reference: HashMap::new(),
    };
    xlsx::for_each_row(&bytes, &context.label, |row| list.row(&row))?;
    list.finish()
}

/// The columns read, by their headers (found whatever their spacing and
/// case).
const COLUMNS: [Column; 12] = [
    Column::required("Reference"),
    Column::required("Name of Individual or Entity"),
    Column::required("Type"),
    Column::required("Name Type"),
    Column::optional("Date of Birth"),
    Column::optional("Place of Birth"),
    Column::optional("Citizenship"),
    Column::optional("Address"),
    Column::optional("Additional Information"),
    Column::optional("Listing Information"),
    Column::optional("Committees"),
    Column::optional("Control Date"),
];

/// One row of the sheet, read through its columns.
type Row<'a> = csv_table::Row<'a, [String]>;

/// One subject (one base reference) as read so far.
struct Subject {
    entity: Entity,
    listing: Listing,
    /// The values already read, so each is read once however many rows
    /// repeat it.
    seen: Seen,
    remarks: Remarks,
    control_dates: Vec<String>,
}

struct ListReader<'c> {
    context: &'c Context,
    parsed: Parsed,
    columns: Option<Columns>,
    subjects: Vec<Subject>,
    by_reference: HashMap<String, usize>,
}

impl ListReader<'_> {
    fn error(&self, line: u32, message: impl Into<String>) -> SourceError {
        SourceError::new(
            &self.context.label,
            Location::Line(u64::from(line)),
            message,
        )
    }

    /// Reads one row: the header, or a name.
    fn row(&mut self, sheet_row: &xlsx::Row) -> Result<(), SourceError> {
        let Some(columns) = &self.columns else {
            let columns = Columns::find(&sheet_row.cells, &COLUMNS, HeaderMatch::LettersAndDigits)
                .map_err(|column| {
                    self.error(sheet_row.number, format!("missing column {column:?}"))
                })?;
            self.columns = Some(columns);
            return Ok(());
        };
        let line = u64::from(sheet_row.number);
        let row = Row::new(&sheet_row.cells[..], columns, line, &self.context.label);
        let reference = row
            .get("Reference")
            .ok_or_else(|| row.error("no Reference"))?;
        let digits = reference
            .find(|c: char| !c.is_ascii_digit())
            .map_or(reference, |end| &reference[..end]);
        if digits.is_empty() {
            return Err(row.error(format!(
                "Reference {reference:?} does not start with a number"
            )));
        }
        let name = row
            .get("Name of Individual or Entity")
            .ok_or_else(|| row.error(format!("no name for Reference {reference}")))?;
        let index = match self.by_reference.get(digits) {
            Some(&index) => index,
            None => {
                let subject = new_subject(&row, digits, self.context, &mut self.parsed);
                self.subjects.push(subject);
                self.by_reference
                    .insert(digits.to_owned(), self.subjects.len() - 1);
                self.subjects.len() - 1
            }
        };
        let Some(subject) = self.subjects.get_mut(index) else {
            return Err(row.error("internal error: lost the row's subject"));
        };
        read_row(&row, name, subject, &mut self.parsed);
        Ok(())
    }

    fn finish(mut self) -> Result<Parsed, SourceError> {
        if self.columns.is_none() {
            return Err(SourceError::new(
                &self.context.label,
                Location::File,
                "no header row: the sheet is empty",
            ));
        }
        for subject in self.subjects {
            self.parsed.entities.push(finish_subject(subject));
        }
        Ok(self.parsed)
    }
}

/// A new subject for the first row of its reference.
fn new_subject(row: &Row, reference: &str, context: &Context, parsed: &mut Parsed) -> Subject {
    let kind = row.get("Type").unwrap_or_default();
    let schema = match kind.to_lowercase().as_str() {
        "individual" => Schema::Person,
        "entity" => Schema::Organization,
        "vessel" | "ship" => Schema::Vessel,
        "aircraft" => Schema::Aircraft,
        _ => Schema::LegalEntity,
    };
    let mut entity = Entity::new(&context.source, reference, schema);
    if schema == Schema::LegalEntity {
        entity.keep_unparsed("schema", kind);
        parsed.warn(
            &entity.id,
            "Type",
            kind,
            "not Individual, Entity or Vessel: read as a legal entity",
        );
    }
    let mut listing = Listing::new(&context.source, Authority::AuDfat);
    listing.reference = Some(reference.to_owned());
    Subject {
        entity,
        listing,
        seen: Seen::default(),
        remarks: Remarks::default(),
        control_dates: Vec::new(),
    }
}

/// A cell's text, none when blank or `NA`.
fn value<'a>(row: &Row<'a>, column: &str) -> Option<&'a str> {
    row.get(column)
        .filter(|text| !text.eq_ignore_ascii_case("na") && !text.eq_ignore_ascii_case("n/a"))
}

/// Reads one row into its subject.
fn read_row(row: &Row, name: &str, subject: &mut Subject, parsed: &mut Parsed) {
    let name_type = row.get("Name Type").unwrap_or_default();
    let folded = name_type
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let kind = match folded.as_str() {
        "primary name" => NameKind::Primary,
        "aka" | "alias" | "also known as" | "original script" | "" => NameKind::Alias,
        "formerly known as" | "previously listed as" | "fka" => NameKind::Former,
        _ => {
            if subject.seen.first_time("name_type", name_type) {
                parsed.warn(
                    &subject.entity.id,
                    "Name Type",
                    name_type,
                    "not a known name type: read as an alias",
                );
            }
            NameKind::Alias
        }
    };
    add_name(&mut subject.entity, Name::new(name, kind));

    if let Some(text) = value(row, "Date of Birth")
        && subject.seen.first_time("birth_date", text)
    {
        read_birth_dates(text, &mut subject.entity, parsed);
    }
    if let Some(text) = value(row, "Place of Birth")
        && subject.seen.first_time("birth_place", text)
    {
        for place in lettered(text) {
            Entity::push_unique(&mut subject.entity.birth_places, collapse(place));
        }
    }
    if let Some(text) = value(row, "Citizenship")
        && subject.seen.first_time("citizenship", text)
    {
        for item in lettered(text) {
            add_countries(&mut subject.entity, CountryField::Citizenship, item, parsed);
        }
    }
    if let Some(text) = value(row, "Address")
        && subject.seen.first_time("address", text)
    {
        for item in lettered(text) {
            let full = collapse(item);
            let country = full.rsplit(',').next().and_then(nationality_country);
            let address = Address {
                full,
                country,
                ..Address::default()
            };
            Entity::push_unique(&mut subject.entity.addresses, address);
        }
    }
    if let Some(text) = value(row, "Additional Information")
        && subject.seen.first_time("information", text)
    {
        for number in imo_numbers(text) {
            let imo = Identifier {
                kind: IdKind::Imo,
                number: number.to_owned(),
                country: None,
                label: None,
                note: None,
            };
            Entity::push_unique(&mut subject.entity.identifiers, imo);
        }
        subject.remarks.add(text);
    }
    if let Some(text) = value(row, "Listing Information")
        && subject.seen.first_time("listing", text)
    {
        if subject.listing.listed_on.is_none() {
            subject.listing.listed_on = listing_date(text);
        }
        subject.remarks.add(text);
    }
    if let Some(text) = value(row, "Committees") {
        let committee = collapse(text);
        if !subject.listing.programmes.contains(&committee) {
            subject.listing.programmes.push(committee);
        }
    }
    if let Some(text) = value(row, "Control Date")
        && subject.seen.first_time("control_date", text)
    {
        let date = match FuzzyDate::parse_with(text, ORDER) {
            Ok(FuzzyDate::Exact(date)) => date.to_string(),
            _ => {
                parsed.warn(&subject.entity.id, "Control Date", text, "not a date");
                text.to_owned()
            }
        };
        subject.control_dates.push(date);
    }
}

/// The subject's entity, with its primary name first and its listing.
fn finish_subject(subject: Subject) -> Entity {
    let Subject {
        mut entity,
        mut listing,
        remarks,
        control_dates,
        ..
    } = subject;
    put_primary_first(&mut entity, &[]);
    let mut lines = remarks.into_lines();
    lines.extend(
        control_dates
            .into_iter()
            .map(|date| format!("Control date: {date}")),
    );
    listing.remarks = (!lines.is_empty()).then(|| lines.join("\n"));
    entity.listings.push(listing);
    entity
}

/// Whitespace runs (line breaks included) as single spaces.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The items of a cell that lists several as `a) … b) …` (or `(a) … (b)
/// …`), in order; a cell without letters is one item. A label before the
/// first item (`Address: a) …`) is left out.
fn lettered(text: &str) -> Vec<&str> {
    let mut markers = Vec::new();
    let mut from = 0;
    let mut letter = 'a';
    while letter <= 'z' {
        let next = char::from(letter as u8 + 1);
        match find_marker(text, letter, from) {
            Some((start, end)) => {
                markers.push((start, end));
                from = end;
                letter = next;
            }
            // Items may start at b): "Karachi, Pakistan b) Quetta".
            None if letter == 'a' => letter = next,
            // A letter written twice: "c) 1969 c) 1971".
            None => match markers.last().and_then(|_| {
                let previous = char::from(letter as u8 - 1);
                find_marker(text, previous, from)
            }) {
                Some((start, end)) => {
                    markers.push((start, end));
                    from = end;
                }
                None => break,
            },
        }
    }
    let Some(&(first_start, _)) = markers.first() else {
        return non_blank_items([text]);
    };
    let mut items = Vec::new();
    let before = text[..first_start].trim();
    if !before.ends_with(':') {
        items.push(before);
    }
    for (i, &(_, end)) in markers.iter().enumerate() {
        let to = markers.get(i + 1).map_or(text.len(), |&(next, _)| next);
        items.push(&text[end..to]);
    }
    non_blank_items(items)
}

fn non_blank_items<'a>(items: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    items
        .into_iter()
        .map(|item| item.trim().trim_end_matches([';', ',']).trim())
        .filter(|item| !item.is_empty())
        .collect()
}

/// Where the marker `x)` of `letter` is, at or after `from`: its start
/// (with an opening bracket, `(x)`) and end. A marker follows the start of
/// the text, a space or punctuation, never a letter (`Club)`).
fn find_marker(text: &str, letter: char, from: usize) -> Option<(usize, usize)> {
    let marker = format!("{letter})");
    let tail = text.get(from..)?;
    tail.match_indices(&marker).find_map(|(at, _)| {
        let at = from + at;
        let before = text[..at].chars().next_back();
        let start = match before {
            Some('(') => at - 1,
            _ => at,
        };
        let boundary = text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || matches!(c, ';' | ',' | '.' | ':'));
        boundary.then_some((start, at + marker.len()))
    })
}

/// Reads a `Date of Birth` cell, which may hold several dates with notes.
/// Each date that cannot be read is kept as written and reported; words
/// without digits between dates (`For this aka only`) are skipped when the
/// cell gives a date.
fn read_birth_dates(text: &str, entity: &mut Entity, parsed: &mut Parsed) {
    let mut unreadable = Vec::new();
    let mut found = false;
    for piece in date_pieces(text) {
        match read_date(&piece) {
            Ok(dates) => {
                found |= !dates.is_empty();
                for date in dates {
                    Entity::push_unique(&mut entity.birth_dates, date);
                }
            }
            Err(reason) => unreadable.push((piece, reason)),
        }
    }
    for (piece, reason) in unreadable {
        if found && !piece.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        entity.keep_unparsed("birth_date", &piece);
        parsed.warn(&entity.id, "birth_date", &piece, reason);
    }
}

/// The separate dates of a cell: its lettered items, split at `;`, line
/// breaks, `or`, `>>` and `alt DOB:`.
fn date_pieces(text: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    for item in lettered(&text.replace(['\n', '\r'], ";")) {
        let lower = item.to_lowercase();
        let mut rest = item;
        let mut lower_rest = lower.as_str();
        loop {
            let next = [";", ">>", " or ", "alt dob:", "alt. dob:", "alt dob"]
                .iter()
                .filter_map(|sep| lower_rest.find(sep).map(|at| (at, sep.len())))
                // The longest separator where two start together.
                .min_by_key(|&(at, len)| (at, std::cmp::Reverse(len)));
            match next {
                Some((at, len)) => {
                    pieces.push(rest[..at].to_owned());
                    rest = &rest[at + len..];
                    lower_rest = &lower_rest[at + len..];
                }
                None => {
                    pieces.push(rest.to_owned());
                    break;
                }
            }
        }
    }
    pieces
        .iter()
        .flat_map(|piece| sentences(piece))
        .map(|piece| {
            let piece = piece.trim_matches([',', ';', ':', ' ']);
            // The end of a note split at `alt DOB` inside its brackets.
            let piece = match piece.strip_suffix(')') {
                Some(inner) if !inner.contains('(') => inner,
                _ => piece,
            };
            collapse(piece)
        })
        .filter(|piece| !piece.is_empty())
        .collect()
}

/// Splits text at a full stop after a year (`Approximately 1960. For this
/// aka only`); a full stop after a day (`12. Jul 1965`) is not a sentence's
/// end.
fn sentences(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (at, _) in text.match_indices(". ") {
        let year = text
            .get(at.saturating_sub(4)..at)
            .is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()));
        if year && at >= start {
            parts.push(&text[start..at]);
            start = at + 2;
        }
    }
    parts.push(&text[start..]);
    parts
}

/// Reads one date as DFAT writes it; notes in brackets are left out, and
/// may themselves hold another date (`(this aka only, alt DOB 1961)`).
/// Dates between notes are read each (`15 May 1968 (as Yasir) 1970 (as
/// Ali)`).
fn read_date(piece: &str) -> Result<Vec<FuzzyDate>, &'static str> {
    let (segments, notes) = split_notes(piece);
    if notes
        .iter()
        .any(|note| note.to_lowercase().contains("hijri"))
    {
        return Err("a Hijri calendar date");
    }
    let dated: Vec<&str> = segments
        .iter()
        .map(String::as_str)
        .filter(|segment| segment.chars().any(|c| c.is_ascii_digit()))
        .collect();
    // `(Aug. 1960)`: a date written only in brackets.
    let main: Vec<&str> = match (dated.is_empty(), notes.first()) {
        (false, _) => dated,
        (true, Some(note)) => vec![note.as_str()],
        (true, None) => segments.iter().map(String::as_str).collect(),
    };
    let mut dates = Vec::new();
    for text in main {
        dates.extend(read_one_or_several(text)?);
    }
    for note in &notes {
        let lower = note.to_lowercase();
        if let Some(at) = ["alt dob", "born"]
            .iter()
            .find_map(|k| lower.find(k).map(|at| at + k.len()))
            && let Ok(more) = read_one_or_several(note[at..].trim())
        {
            dates.extend(more);
        }
    }
    Ok(dates)
}

/// The texts between brackets, and the notes inside them (an unclosed
/// bracket runs to the end).
fn split_notes(text: &str) -> (Vec<String>, Vec<String>) {
    let mut segments = Vec::new();
    let mut notes = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        segments.push(rest[..open].trim().to_owned());
        let inner = &rest[open + 1..];
        match inner.find(')') {
            Some(close) => {
                notes.push(inner[..close].trim().to_owned());
                rest = &inner[close + 1..];
            }
            None => {
                notes.push(inner.trim().to_owned());
                rest = "";
            }
        }
    }
    segments.push(rest.trim().to_owned());
    segments.retain(|segment| !segment.trim_matches([',', ';', ' ']).is_empty());
    (segments, notes)
}

/// Reads one date, or several written side by side (`01/01/1960
/// 02/02/1961`, `1960, 1961`) when every one of them is a date.
fn read_one_or_several(text: &str) -> Result<Vec<FuzzyDate>, &'static str> {
    let text = text.trim().trim_end_matches([',', ';', '.']).trim();
    let first_error = match read_single(text) {
        Ok(date) => return Ok(vec![date]),
        Err(reason) => reason,
    };
    for separator in [",", " "] {
        let parts: Vec<&str> = text
            .split(separator)
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() > 1
            && let Ok(dates) = parts.iter().map(|p| read_single(p)).collect()
        {
            return Ok(dates);
        }
    }
    Err(first_error)
}

/// Reads a single date: what [`FuzzyDate`] reads, plus an approximate range
/// (`Approximately 1955- 1958`, read as the range) and full stops after days
/// or before years (`12. Jul 1965`, `16 Jul.2020`).
fn read_single(text: &str) -> Result<FuzzyDate, &'static str> {
    let attempt = |text: &str| -> Result<FuzzyDate, &'static str> {
        let first = match FuzzyDate::parse_with(text, ORDER) {
            Ok(date) => return Ok(date),
            Err(error) => error.reason,
        };
        let lower = text.to_lowercase();
        let approximate = [
            "approximately",
            "approx.",
            "approx",
            "circa",
            "c.",
            "ca.",
            "about",
        ]
        .iter()
        .find_map(|prefix| lower.strip_prefix(prefix));
        match approximate.map(|rest| FuzzyDate::parse_with(rest.trim(), ORDER)) {
            Some(Ok(FuzzyDate::Exact(date))) => Ok(FuzzyDate::Approximate(date)),
            Some(Ok(date)) => Ok(date),
            _ => Err(first),
        }
    };
    let first = match attempt(text) {
        Ok(date) => return Ok(date),
        Err(reason) => reason,
    };
    let chars: Vec<char> = text.chars().collect();
    let undotted: String = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let digit = |j: Option<usize>| {
                j.and_then(|j| chars.get(j))
                    .is_some_and(char::is_ascii_digit)
            };
            if c == '.' && !(digit(i.checked_sub(1)) && digit(Some(i + 1))) {
                ' '
            } else {
                c
            }
        })
        .collect();
    if undotted != text {
        return attempt(&collapse(&undotted)).map_err(|_| first);
    }
    Err(first)
}

/// The listing date `Listing Information` states, if it states one:
/// `Listed on: 12 Nov. 2003 (amended …)`, `Listed by UN 1267 Committee on 25
/// January 2001`, `Designated under … on 2 March 2012`, or a bare date.
fn listing_date(text: &str) -> Option<PartialDate> {
    let exact = |text: &str| match read_single(text) {
        Ok(FuzzyDate::Exact(date)) => Some(date),
        _ => None,
    };
    // A date at the start, up to three words long.
    let date_at = |text: &str| -> Option<PartialDate> {
        let text = text.trim_start_matches([':', ' ']);
        // `on: 12 Nov. 2003`, `on 20 Feb. 2024`.
        let text = ["on:", "on "]
            .iter()
            .find_map(|on| strip_prefix_ignore_case(text, on))
            .map_or(text, |rest| rest.trim_start_matches([':', ' ']));
        let end = text.find(['(', ';', '\n']).unwrap_or(text.len());
        let words: Vec<&str> = text[..end].split_whitespace().collect();
        (1..=words.len().min(3))
            .rev()
            .find_map(|n| exact(&words[..n].join(" ")))
    };
    if let Some(date) = date_at(text) {
        return Some(date);
    }
    let lower = text.to_lowercase();
    for keyword in ["listed", "designated"] {
        for (at, _) in lower.match_indices(keyword) {
            // A whole word: not `Relisted`.
            if lower[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic)
            {
                continue;
            }
            let after = at + keyword.len();
            if let Some(date) = date_at(&text[after..]) {
                return Some(date);
            }
            // `… on DATE` in the same sentence.
            if let Some(on) = lower[after..].find(" on ") {
                let gap = &lower[after..after + on];
                if !gap.contains(". ")
                    && let Some(date) = date_at(&text[after + on + 4..])
                {
                    return Some(date);
                }
            }
        }
    }
    None
}

/// The IMO numbers (seven digits) that free text gives, as `IMO Number:
/// 5342883`, `IMO 1556069` or `IMO number: 5571322`.
fn imo_numbers(text: &str) -> Vec<&str> {
    text.match_indices("IMO")
        .filter_map(|(at, _)| {
            let rest = &text[at + 3..];
            let start = rest.find(|c: char| c.is_ascii_digit())?;
            let label = &rest[..start];
            let label_ok = label.len() <= 10
                && label
                    .chars()
                    .all(|c| c.is_alphabetic() || c == ' ' || c == ':' || c == '.');
            let digits = &rest[start..];
            let end = digits
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(digits.len());
            (label_ok && end == 7).then(|| &digits[..end])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xlsx::tests::workbook;
    use interdict_model::Country;

    const HEADER: &[&str] = &[
        "Reference",
        "Name of Individual or Entity",
        "Type",
        "Name Type",
        "Date of Birth",
        "Place of Birth",
        "Citizenship",
        "Address",
        "Additional Information",
        "Listing Information",
        "Committees",
        "Control Date",
    ];

    fn parse_rows(rows: &[&[&str]]) -> Result<Parsed, SourceError> {
        let mut all = vec![HEADER];
        all.extend_from_slice(rows);
        let bytes = workbook(&all);
        parse(
            bytes.as_slice(),
            &Context::new("au_dfat", "regulation8_consolidated.xlsx"),
        )
    }

    fn dates(entity: &Entity) -> Vec<String> {
        entity.birth_dates.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn groups_the_names_of_a_reference() {
        let parsed = parse_rows(&[
            &[
                "#2",
                "MOHAMMAD HASSAN AKHUND",
                "Individual",
                "Primary Name",
                "a) Approximately 1955- 1958 b) Approximately 1945-1950",
                "Pashmul village, Panjwai District, Kandahar Province, Afghanistan",
                "Afghan",
                "NA",
                "Title: a) Mullah b) Haji.",
                "Listed by UN 1267 Committee on 25 January 2001 (amended on 20 December 2005)",
                "1988 (Taliban)",
                "@41988",
            ],
            &[
                "2a",
                "محمد حسن أخوند",
                "Individual ",
                "Original Script",
                "a) Approximately 1955- 1958 b) Approximately 1945-1950",
                "Pashmul village, Panjwai District, Kandahar Province, Afghanistan",
                "Afghan",
                "NA",
                "Title: a) Mullah b) Haji.",
                "Listed by UN 1267 Committee on 25 January 2001 (amended on 20 December 2005)",
                "1988 (Taliban) ",
                "@41988",
            ],
            &[
                "2b",
                "Mullah Hassan",
                "individual",
                "aka ",
                "",
                "",
                "",
                "",
                "",
                "",
                "1988 (Taliban)",
                "@41988",
            ],
        ])
        .unwrap();
        let [akhund] = parsed.entities.as_slice() else {
            panic!("one reference, one entity");
        };
        assert_eq!(akhund.id, "au_dfat:2");
        assert_eq!(akhund.schema, Schema::Person);
        let names: Vec<_> = akhund
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("MOHAMMAD HASSAN AKHUND", NameKind::Primary),
                ("محمد حسن أخوند", NameKind::Alias),
                ("Mullah Hassan", NameKind::Alias),
            ]
        );
        assert_eq!(dates(akhund), ["1955/1958", "1945/1950"]);
        assert_eq!(
            akhund.birth_places,
            ["Pashmul village, Panjwai District, Kandahar Province, Afghanistan"]
        );
        assert_eq!(akhund.citizenships, [Country::from_alpha2("AF").unwrap()]);
        assert!(akhund.addresses.is_empty(), "NA is no address");
        let listing = &akhund.listings[0];
        assert_eq!(listing.authority, Authority::AuDfat);
        assert_eq!(listing.programmes, ["1988 (Taliban)"]);
        assert_eq!(listing.reference.as_deref(), Some("2"));
        assert_eq!(listing.listed_on, PartialDate::parse_iso("2001-01-25").ok());
        assert_eq!(
            listing.remarks.as_deref(),
            Some(
                "Title: a) Mullah b) Haji.\nListed by UN 1267 Committee on 25 January 2001 (amended on 20 December 2005)\nControl date: 2014-12-15"
            )
        );
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    }

    #[test]
    fn dates_of_birth_as_written() {
        let cases: &[(&str, &[&str])] = &[
            ("@21916", &["1960-01-01"]),
            ("#1954", &["1954"]),
            ("Approximately 1955", &["1955~"]),
            ("Between 1958 and 1963", &["1958/1963"]),
            ("a) 01/01/1960; b) 1962", &["1960-01-01", "1962"]),
            ("a)1960 b)1961 c)1962", &["1960", "1961", "1962"]),
            ("12 Mar 1960 >> 14 Apr 1961", &["1960-03-12", "1961-04-14"]),
            ("1960 or 1961", &["1960", "1961"]),
            ("05/05/1960; alt DOB: 1961", &["1960-05-05", "1961"]),
            ("12. Jul 1965; 1966", &["1965-07-12", "1966"]),
            ("16 Jul.2020", &["2020-07-16"]),
            ("10/10/1960  11/11/1961", &["1960-10-10", "1961-11-11"]),
            (
                "15 May 1968 (as Yasir Al-Tikriti) 1970 (as Ali Abdallah)",
                &["1968-05-15", "1970"],
            ),
            (
                "a) 1966 b) 1964 c) 1969 c) 1971",
                &["1966", "1964", "1969", "1971"],
            ),
            (
                "01/01/1960 (this aka only, alt DOB 1961)",
                &["1960-01-01", "1961"],
            ),
            (
                "Approximately 1960. For this aka only, alt DOB 02/02/1962",
                &["1960~", "1962-02-02"],
            ),
            ("Circa 1958-1963", &["1958/1963"]),
            ("approximately 1960/1961", &["1960/1961"]),
            ("March 1960 to March 1961", &["1960-03/1961-03"]),
            ("a) 1950 b) (Aug. 1960)", &["1950", "1960-08"]),
            (
                "9 Aug. 1966, (appears in false passport number S123456)",
                &["1966-08-09"],
            ),
        ];
        for (text, expected) in cases {
            let parsed = parse_rows(&[&["#1", "X", "Individual", "Primary Name", text]]).unwrap();
            let entity = &parsed.entities[0];
            assert_eq!(dates(entity), *expected, "{text}");
            assert!(parsed.warnings.is_empty(), "{text}: {:?}", parsed.warnings);
        }
    }

    #[test]
    fn unreadable_dates_are_kept_and_reported() {
        let parsed = parse_rows(&[&[
            "#1",
            "X",
            "Individual",
            "Primary Name",
            "a) 01/01/1960 b) 12/05/1380 (Hijri Calendar) c) 10-Aprl-1961 d) Approximately (30-35 years old)",
        ]])
        .unwrap();
        let entity = &parsed.entities[0];
        assert_eq!(dates(entity), ["1960-01-01"]);
        let unparsed: Vec<&str> = entity.unparsed.iter().map(|u| u.value.as_str()).collect();
        assert_eq!(
            unparsed,
            [
                "12/05/1380 (Hijri Calendar)",
                "10-Aprl-1961",
                "Approximately (30-35 years old)"
            ]
        );
        let reasons: Vec<&str> = parsed.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(reasons[0], "a Hijri calendar date");
    }

    #[test]
    fn lettered_items() {
        assert_eq!(lettered("Kabul"), ["Kabul"]);
        assert_eq!(
            lettered("a) Pakistani b) Saudi Arabian"),
            ["Pakistani", "Saudi Arabian"]
        );
        assert_eq!(
            lettered("(a) ST-1/A, Karachi, Pakistan; (b) Gulistan-e-Jauhar, Karachi"),
            ["ST-1/A, Karachi, Pakistan", "Gulistan-e-Jauhar, Karachi"]
        );
        assert_eq!(
            lettered("Address: a) Grenoble, France b) Turkey"),
            ["Grenoble, France", "Turkey"]
        );
        assert_eq!(
            lettered("Boghra Road, Chaman, Pakistan, b) Kalay Rangin, Afghanistan"),
            ["Boghra Road, Chaman, Pakistan", "Kalay Rangin, Afghanistan"]
        );
        assert_eq!(lettered("Sports Club) b"), ["Sports Club) b"]);
    }

    #[test]
    fn countries_addresses_and_imo_numbers() {
        let parsed = parse_rows(&[&[
            "#3164",
            "CHONGCHONGANG SHIPPING COMPANY",
            "Entity ",
            "Primary Name",
            "",
            "",
            "a) Russian and Ukrainian b) Possibly Ethiopian",
            "a) Pyongyang, Democratic People's Republic of Korea b) Somewhere",
            "IMO Number: 5342883. Vessel IMO 1234567 and IMO 12345678.",
            "Autonomous Sanctions Amendment Instrument 2024",
            "1718 (DPRK)",
        ]])
        .unwrap();
        let company = &parsed.entities[0];
        assert_eq!(company.schema, Schema::Organization);
        assert_eq!(
            company.citizenships,
            [
                Country::from_alpha2("RU").unwrap(),
                Country::from_alpha2("UA").unwrap()
            ]
        );
        let addresses: Vec<_> = company
            .addresses
            .iter()
            .map(|a| (a.full.as_str(), a.country))
            .collect();
        assert_eq!(
            addresses,
            [
                (
                    "Pyongyang, Democratic People's Republic of Korea",
                    Country::from_alpha2("KP")
                ),
                ("Somewhere", None),
            ]
        );
        let imo: Vec<&str> = company
            .identifiers
            .iter()
            .map(|id| id.number.as_str())
            .collect();
        assert_eq!(imo, ["5342883", "1234567"]);
        assert_eq!(
            company.listings[0].listed_on, None,
            "an instrument, no date"
        );
        let warnings: Vec<_> = parsed
            .warnings
            .iter()
            .map(|w| (w.field.as_str(), w.value.as_str()))
            .collect();
        assert_eq!(warnings, [("citizenship", "Possibly Ethiopian")]);
    }

    #[test]
    fn listing_dates_in_free_text() {
        let cases = [
            (
                "Listed on: 12 Nov. 2003 (amended on 9 Sep. 2005)",
                Some("2003-11-12"),
            ),
            (
                "Listed on:5 August 2017 (amended on 29 June 2023)",
                Some("2017-08-05"),
            ),
            (
                "Listed 26 Feb. 2011 (amended on 2 Apr. 2012)",
                Some("2011-02-26"),
            ),
            ("First listed on 20 Feb. 2024", Some("2024-02-20")),
            ("16 Jul.2020 (amended on 19 Dec. 2023)", Some("2020-07-16")),
            ("2000-10-12", Some("2000-10-12")),
            (
                "Listed by the Foreign Minister under section 15 of the Charter of the United Nations Act 1945 on 16 March 2013.",
                Some("2013-03-16"),
            ),
            (
                "Designated under the Autonomous Sanctions Regulations 2011 on 2 March 2012. Formerly listed on the RBA Consolidated List as 2008IRN0018.",
                Some("2012-03-02"),
            ),
            (
                "Designated under the Autonomous Sanctions Regulations 2011. Instrument of first designation. Relisted on 12 January 2024.",
                None,
            ),
            (
                "Autonomous Sanctions (Russia and Ukraine) Amendment (No. 5) Instrument 2024",
                None,
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(
                listing_date(text).map(|d| d.to_string()).as_deref(),
                expected,
                "{text}"
            );
        }
    }

    #[test]
    fn broken_files_are_errors_naming_the_line() {
        let error = parse_rows(&[&["x1", "X", "Individual", "Primary Name"]]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "regulation8_consolidated.xlsx: line 2: Reference \"x1\" does not start with a number"
        );
        let error = parse_rows(&[&["#5", "", "Individual", "Primary Name"]]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "regulation8_consolidated.xlsx: line 2: no name for Reference 5"
        );
        let bytes = workbook(&[&["Reference", "Type", "Name Type"]]);
        let error = parse(bytes.as_slice(), &Context::new("au_dfat", "dfat.xlsx")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "dfat.xlsx: line 1: missing column \"Name of Individual or Entity\""
        );
        let error = parse(
            &b"Reference,Name\n"[..],
            &Context::new("au_dfat", "dfat.csv"),
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "dfat.csv: not an XLSX workbook (it is not a zip archive)"
        );
        let bytes = workbook(&[HEADER, &["#1", "X", "Individual", "Primary Name"]]);
        let error = parse(
            &bytes[..bytes.len() - 30],
            &Context::new("au_dfat", "cut.xlsx"),
        )
        .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("cut.xlsx: not a readable XLSX workbook"),
            "{error}"
        );
    }

    #[test]
    fn unknown_types_are_kept_and_reported() {
        let parsed = parse_rows(&[
            &["#7", "X", "Organisation", "Primary Name"],
            &["7a", "Y", "Organisation", "Nickname"],
            &["7b", "Z", "Organisation", "Previously listed as"],
        ])
        .unwrap();
        let x = &parsed.entities[0];
        assert_eq!(x.schema, Schema::LegalEntity);
        let kinds: Vec<_> = x.names.iter().map(|n| n.kind).collect();
        assert_eq!(
            kinds,
            [NameKind::Primary, NameKind::Alias, NameKind::Former]
        );
        let fields: Vec<_> = parsed.warnings.iter().map(|w| w.field.as_str()).collect();
        assert_eq!(fields, ["Type", "Name Type"]);
    }
}
