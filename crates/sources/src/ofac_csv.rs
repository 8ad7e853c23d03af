//! OFAC's legacy CSV set: `sdn.csv` (or the non-SDN `cons_prim.csv`) and its
//! companion files.
//!
//! The main file has no header and twelve columns: `ent_num, name, sdn_type,
//! program, title, call_sign, vess_type, tonnage, grt, vess_flag, vess_owner,
//! remarks`, with `-0- ` for a blank value and programmes joined as `A] [B`.
//! Its companions are keyed by the same `ent_num`: `add.csv` holds addresses,
//! `alt.csv` the strong aliases and `sdn_comments.csv` the rest of any remarks
//! longer than 1,000 characters (the consolidated set calls them
//! `cons_add.csv`, `cons_alt.csv` and `cons_comments.csv`). They are opened
//! through [`Context::companions`]; one that is missing is a warning, since
//! the main file alone still gives every entity.
//!
//! What the XML edition types (dates and places of birth, nationalities,
//! documents, weak aliases, gender, contacts), the CSV writes as free text in
//! `remarks`: `DOB 1973; alt. DOB 1968; nationality Pakistan; Passport A123
//! (Pakistan); a.k.a. 'X'.` [`parse_remarks`] reads it back into [`Remark`]s,
//! sorting OFAC's id types with [`crate::ofac_facts`], as every OFAC format
//! does, so both editions of a list give the same entities. The whole text
//! is kept as the listing's remarks.
//!
//! Each row becomes one [`Entity`] with id `{source}:{ent_num}` and one
//! [`Listing`] by [`Authority::UsOfac`].

use std::collections::{BTreeMap, HashSet};
use std::io::{self, BufRead, Read};

use csv::StringRecord;
use interdict_model::{
    Address, Authority, Country, Entity, FuzzyDate, IdKind, Listing, Name, NameKind, NamePart,
    NamePartKind, Schema, VesselDetails,
};

use crate::fields::{CountryField, add_country, document_kind, join_non_blank};
use crate::ofac_facts::{
    self, Contact, Fact, FactValue, ORDER, add_identifier, listing_remarks,
    strip_prefix_ignore_case,
};
use crate::{Context, Location, Parsed, SourceError};

/// How OFAC writes a blank value.
const NULL: &str = "-0-";

/// OFAC cuts `remarks` at this many characters and continues them in the
/// comments file.
const REMARKS_LIMIT: usize = 1_000;

/// Columns of the main file.
const MAIN_COLUMNS: usize = 12;

/// Reads a whole OFAC legacy CSV set, from its main file (`sdn.csv` or
/// `cons_prim.csv`) and the companions [`Context::companions`] can open.
pub fn parse(input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
    let mut parsed = Parsed::default();
    let mut extras = Extras::read(context, &mut parsed)?;
    let mut rows = Rows::new(input, &context.label);
    let mut ids = HashSet::new();
    let mut index = 0;
    while let Some(record) = rows.next()? {
        index += 1;
        let ent_num = non_null(record.get(0));
        let error = |message: String| {
            SourceError::new(
                &context.label,
                Location::Record {
                    index,
                    id: ent_num.map(str::to_owned),
                },
                message,
            )
        };
        rows.check_columns(&record, MAIN_COLUMNS, "sdn.csv or cons_prim.csv")
            .map_err(error)?;
        let ent_num = checked_ent_num(ent_num).map_err(error)?;
        if !ids.insert(ent_num.to_owned()) {
            return Err(error(
                "this ent_num was already used by an earlier row".into(),
            ));
        }
        let entity =
            read_row(&record, ent_num, context, &mut extras, &mut parsed).map_err(error)?;
        parsed.entities.push(entity);
    }
    rows.finish()?;
    if index == 0 {
        return Err(SourceError::new(
            &context.label,
            Location::File,
            "no rows: not an OFAC sdn.csv or cons_prim.csv",
        ));
    }
    extras.warn_orphans(context, &mut parsed);
    Ok(parsed)
}

/// The rows of one CSV file of the set, read one at a time.
struct Rows<'a, R> {
    reader: csv::Reader<Tail<R>>,
    label: &'a str,
}

impl<'a, R: Read> Rows<'a, R> {
    fn new(input: R, label: &'a str) -> Self {
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(Tail {
                inner: input,
                last: None,
                ended: false,
            });
        Self { reader, label }
    }

    /// The next row, past OFAC's end-of-file mark; none at the end.
    fn next(&mut self) -> Result<Option<StringRecord>, SourceError> {
        let mut record = StringRecord::new();
        loop {
            let more = self
                .reader
                .read_record(&mut record)
                .map_err(|e| csv_error(self.label, &e))?;
            if !more {
                return Ok(None);
            }
            if !is_end_of_file_mark(&record) {
                return Ok(Some(record));
            }
        }
    }

    /// Checks that a row has the `expected` number of columns, as a file
    /// of the set `what` has. A short last row means the file was cut.
    fn check_columns(
        &self,
        record: &StringRecord,
        expected: usize,
        what: &str,
    ) -> Result<(), String> {
        if record.len() == expected {
            Ok(())
        } else if self.cut_short() {
            Err(CUT_SHORT.to_owned())
        } else {
            Err(format!(
                "{} columns where {expected} were expected: not an OFAC {what}",
                record.len()
            ))
        }
    }

    /// Whether the file, read to its end, stops in the middle of a row.
    /// OFAC ends every row with a line break and the file with Ctrl-Z.
    fn cut_short(&self) -> bool {
        let tail = self.reader.get_ref();
        tail.ended && !matches!(tail.last, None | Some(b'\n' | b'\r' | 0x1a))
    }

    /// Fails if the file, read to its end, was cut in the middle of a row
    /// (the CSV reader takes an unclosed quote at the end for the end of the
    /// field). A file cut exactly at the end of a row cannot be told from a
    /// shorter list.
    fn finish(&self) -> Result<(), SourceError> {
        if self.cut_short() {
            return Err(SourceError::new(
                self.label,
                Location::Line(self.reader.position().line()),
                CUT_SHORT,
            ));
        }
        Ok(())
    }
}

const CUT_SHORT: &str = "the file ends in the middle of a row: it was cut short";

/// Reads through, remembering the last byte and whether the end was
/// reached, so that [`Rows`] can tell a file cut short.
struct Tail<R> {
    inner: R,
    last: Option<u8>,
    ended: bool,
}

impl<R: Read> Read for Tail<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        match buf.get(..n).and_then(<[u8]>::last) {
            Some(&last) => self.last = Some(last),
            None => self.ended = !buf.is_empty(),
        }
        Ok(n)
    }
}

fn csv_error(label: &str, error: &csv::Error) -> SourceError {
    let location = error
        .position()
        .map_or(Location::File, |p| Location::Line(p.line()));
    SourceError::new(label, location, format!("unreadable CSV: {error}"))
}

/// OFAC's files end with a DOS end-of-file character (Ctrl-Z) on a line of
/// its own.
fn is_end_of_file_mark(record: &StringRecord) -> bool {
    record.len() == 1
        && record.get(0).is_some_and(|field| {
            field
                .trim_matches(|c: char| c == '\u{1a}' || c.is_whitespace())
                .is_empty()
        })
}

/// The trimmed value of a field; none when blank or `-0-`.
fn non_null(field: Option<&str>) -> Option<&str> {
    field.map(str::trim).filter(|v| !v.is_empty() && *v != NULL)
}

/// A field as written, not trimmed; empty when blank or `-0-`.
fn raw_non_null(field: Option<&str>) -> &str {
    field
        .filter(|f| non_null(Some(f)).is_some())
        .unwrap_or_default()
}

/// An `ent_num`, which is always a number: anything else means the columns
/// are not OFAC's.
fn checked_ent_num(ent_num: Option<&str>) -> Result<&str, String> {
    match ent_num {
        Some(n) if n.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
        Some(n) => Err(format!("ent_num {n:?} is not a number")),
        None => Err("no ent_num".into()),
    }
}

/// Reads one row of the main file, with what the companions hold for it.
fn read_row(
    record: &StringRecord,
    ent_num: &str,
    context: &Context,
    extras: &mut Extras,
    parsed: &mut Parsed,
) -> Result<Entity, String> {
    let field = |i: usize| non_null(record.get(i));
    let schema = match field(2) {
        None => Schema::Organization,
        Some(kind) if kind.eq_ignore_ascii_case("individual") => Schema::Person,
        Some(kind) if kind.eq_ignore_ascii_case("vessel") => Schema::Vessel,
        Some(kind) if kind.eq_ignore_ascii_case("aircraft") => Schema::Aircraft,
        Some(other) => return Err(format!("unknown sdn_type {other:?}")),
    };
    let is_person = schema == Schema::Person;
    let name = field(1).ok_or("no name")?;

    let mut entity = Entity::new(&context.source, ent_num, schema);
    entity.add_name(listed_name(name, NameKind::Primary, is_person));
    if let Some(title) = field(4) {
        Entity::push_unique(&mut entity.titles, title.to_owned());
    }
    read_vessel(record, &mut entity, parsed);

    let mut listing = Listing::new(&context.source, Authority::UsOfac);
    listing.programmes = field(3).map(programmes).unwrap_or_default();
    listing.reference = Some(ent_num.to_owned());
    let mut notes = Vec::new();

    // The continuation follows the cut text exactly, even mid-word.
    let cut = raw_non_null(record.get(11));
    let continuation = extras.comments.remove(ent_num);
    let remarks = format!("{cut}{}", continuation.as_deref().unwrap_or_default());
    let remarks = remarks.trim();
    let complete = continuation.is_some() || cut.chars().count() < REMARKS_LIMIT;
    read_remarks(remarks, complete, extras, &mut entity, parsed);
    if !remarks.is_empty() {
        notes.push(remarks.to_owned());
    }

    for alias in extras.aliases.remove(ent_num).unwrap_or_default() {
        read_alias(&alias, &mut entity, &mut notes, parsed);
    }
    for address in extras.addresses.remove(ent_num).unwrap_or_default() {
        read_address(&address, &mut entity, &mut notes, parsed);
    }
    listing.remarks = listing_remarks(notes, &[]);
    entity.listings.push(listing);
    Ok(entity)
}

/// A name as OFAC writes it: people's as `LAST, First`, stored in natural
/// order ("Hailun ZHU") with their given and family parts, as the XML
/// edition gives them; other names whole.
fn listed_name(name: &str, kind: NameKind, is_person: bool) -> Name {
    if !is_person {
        return Name::new(name, kind);
    }
    let (last, first) = match name.split_once(',') {
        Some((last, first)) => (last.trim(), Some(first.trim()).filter(|f| !f.is_empty())),
        None => (name.trim(), None),
    };
    let full = join_non_blank([first, Some(last)], " ").unwrap_or_else(|| name.to_owned());
    let parts = NamePart::present([
        (NamePartKind::Given, first),
        (NamePartKind::Family, Some(last).filter(|l| !l.is_empty())),
    ]);
    Name::new(&full, kind).with_parts(parts)
}

/// `SDGT] [IFSR` → `SDGT`, `IFSR`.
fn programmes(text: &str) -> Vec<String> {
    text.split("] [")
        .map(|p| {
            p.trim()
                .trim_start_matches('[')
                .trim_end_matches(']')
                .trim()
        })
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Reads the vessel columns; the flag also counts among the entity's
/// countries.
fn read_vessel(record: &StringRecord, entity: &mut Entity, parsed: &mut Parsed) {
    let owned = |i: usize| non_null(record.get(i)).map(str::to_owned);
    let flag_text = non_null(record.get(9));
    let [call_sign, vessel_type, tonnage, grt, owner] = [5, 6, 7, 8, 10].map(owned);
    if flag_text.is_none()
        && [&call_sign, &vessel_type, &tonnage, &grt, &owner]
            .iter()
            .all(|v| v.is_none())
    {
        return;
    }
    let flag = flag_text.and_then(|text| add_country(entity, CountryField::Country, text, parsed));
    entity.vessel = Some(VesselDetails {
        flag,
        call_sign,
        vessel_type,
        tonnage: tonnage.or(grt),
        owner,
    });
}

/// Reads the remarks into the entity. When OFAC cut them and their
/// continuation is missing, the last clause may be cut too (a passport
/// number short of its last digits), so it is kept as text, not read.
fn read_remarks(
    remarks: &str,
    complete: bool,
    extras: &Extras,
    entity: &mut Entity,
    parsed: &mut Parsed,
) {
    let clauses: Vec<&str> = clauses(remarks).collect();
    let (readable, cut) = match clauses.split_last() {
        Some((last, rest)) if !complete => (rest, Some(*last)),
        _ => (clauses.as_slice(), None),
    };
    for clause in readable {
        apply(read_clause(clause), entity, parsed);
    }
    if let Some(cut) = cut {
        entity.keep_unparsed("remarks", cut);
        let comments = extras.name(Companion::Comments).map_or_else(
            || "a comments file, which is missing".to_owned(),
            |name| format!("{name}, which does not continue them"),
        );
        parsed.warn(
            &entity.id,
            "remarks",
            cut,
            format!("the remarks are cut at 1,000 characters and continue in {comments}"),
        );
    }
}

/// Adds what one clause of the remarks says to the entity, by the rules
/// every OFAC format shares.
fn apply(remark: Remark, entity: &mut Entity, parsed: &mut Parsed) {
    let (fact, value) = match remark {
        Remark::Alias(kind, name) => {
            // Weak aliases are written whole, as the XML edition's `lastName`.
            let mut alias = Name::new(name, kind);
            if entity.schema == Schema::Person {
                alias = alias.with_parts(NamePart::present([(NamePartKind::Family, Some(name))]));
            }
            entity.add_name(alias);
            return;
        }
        Remark::Document(document) => {
            let issued = document.issued.map(|d| format!("issued {d}"));
            let expires = document.expires.map(|d| format!("expires {d}"));
            let note = join_non_blank([issued.as_deref(), expires.as_deref()], "; ");
            add_identifier(
                entity,
                document.kind,
                document.number,
                document.label,
                document.country,
                note.as_deref(),
            );
            return;
        }
        Remark::Note(_) => return,
        Remark::BirthDate(text) => (Fact::BirthDate, text),
        Remark::BirthPlace(text) => (Fact::BirthPlace, text),
        Remark::Nationality(text) => (Fact::Nationality, text),
        Remark::Citizenship(text) => (Fact::Citizenship, text),
        Remark::RegistrationCountry(text) => (Fact::RegistrationCountry, text),
        Remark::Gender(text) => (Fact::Gender, text),
        Remark::Founded(text) => (Fact::Founded, text),
        Remark::Email(text) => (Fact::Contact(Contact::Email), text),
        Remark::Phone(text) => (Fact::Contact(Contact::Phone), text),
        Remark::Website(text) => (Fact::Contact(Contact::Website), text),
    };
    // What the shared rules would note as a remark (a person's "Organization
    // Established Date") is already in the remarks, which are kept whole.
    let _noted = ofac_facts::apply(fact, "", &FactValue::text(value), entity, parsed);
}

/// Reads an `alt.csv` row: `ent_num, alt_num, alt_type, alt_name,
/// alt_remarks`.
fn read_alias(
    record: &StringRecord,
    entity: &mut Entity,
    notes: &mut Vec<String>,
    parsed: &mut Parsed,
) {
    let Some(name) = non_null(record.get(3)) else {
        return;
    };
    let kind = match non_null(record.get(2))
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("fka") => NameKind::Former,
        Some("aka" | "nka") => NameKind::Alias,
        other => {
            let value = other.unwrap_or_default();
            parsed.warn(
                &entity.id,
                "alt_type",
                value,
                "not aka, fka or nka: read as an alias",
            );
            NameKind::Alias
        }
    };
    entity.add_name(listed_name(name, kind, entity.schema == Schema::Person));
    if let Some(remark) = non_null(record.get(4)) {
        notes.push(format!("{name}: {remark}"));
    }
}

/// Reads an `add.csv` row: `ent_num, add_num, address, city/state/postal
/// code, country, add_remarks`. The country also counts among the entity's
/// countries.
fn read_address(
    record: &StringRecord,
    entity: &mut Entity,
    notes: &mut Vec<String>,
    parsed: &mut Parsed,
) {
    let field = |i: usize| non_null(record.get(i));
    let country_text = field(4);
    let country =
        country_text.and_then(|text| add_country(entity, CountryField::Country, text, parsed));
    // OFAC gives the city, state and postal code in one column.
    let address = Address::from_parts(field(2), field(3), None, None, country, country_text);
    if let (Some(address), Some(remark)) = (&address, field(5)) {
        notes.push(format!("{}: {remark}", address.full));
    }
    if let Some(address) = address {
        Entity::push_unique(&mut entity.addresses, address);
    }
}

/// A companion of the main file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Companion {
    Addresses,
    Aliases,
    Comments,
}

impl Companion {
    const ALL: [Companion; 3] = [Self::Addresses, Self::Aliases, Self::Comments];

    /// The file's name beside `sdn.csv`, and beside `cons_prim.csv`.
    fn names(self) -> [&'static str; 2] {
        match self {
            Self::Addresses => ["add.csv", "cons_add.csv"],
            Self::Aliases => ["alt.csv", "cons_alt.csv"],
            Self::Comments => ["sdn_comments.csv", "cons_comments.csv"],
        }
    }

    fn holds(self) -> &'static str {
        match self {
            Self::Addresses => "addresses",
            Self::Aliases => "aliases",
            Self::Comments => "remarks past 1,000 characters",
        }
    }

    fn columns(self) -> usize {
        match self {
            Self::Addresses => 6,
            Self::Aliases => 5,
            Self::Comments => 2,
        }
    }

    /// The names it may have beside the main file called `label`: the
    /// consolidated set's beside `cons_prim.csv`, the SDN set's beside
    /// `sdn.csv`, and both, SDN first, when the name says neither.
    fn candidates(self, label: &str) -> Vec<&'static str> {
        let file = label
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(label)
            .to_ascii_lowercase();
        let [sdn, cons] = self.names();
        if file.starts_with("cons_") {
            vec![cons]
        } else if file.starts_with("sdn") {
            vec![sdn]
        } else {
            vec![sdn, cons]
        }
    }
}

/// What the companions hold, by `ent_num`, until the main file's rows take
/// it.
#[derive(Default)]
struct Extras {
    addresses: BTreeMap<String, Vec<StringRecord>>,
    aliases: BTreeMap<String, Vec<StringRecord>>,
    comments: BTreeMap<String, String>,
    /// The name of each companion that was found.
    found: Vec<(Companion, &'static str)>,
}

impl Extras {
    /// Reads every companion that can be opened; warns about each missing.
    fn read(context: &Context, parsed: &mut Parsed) -> Result<Self, SourceError> {
        let mut extras = Self::default();
        for companion in Companion::ALL {
            let candidates = companion.candidates(&context.label);
            if let Some(companions) = &context.companions {
                for name in &candidates {
                    if let Some(reader) = companions.open(name)? {
                        let label = format!("{}/{name}", companions.describe());
                        extras.read_companion(companion, reader, &label)?;
                        extras.found.push((companion, name));
                        break;
                    }
                }
            }
            if extras.name(companion).is_none() {
                let name = candidates.join(" or ");
                parsed.warn(
                    &context.label,
                    &name,
                    "",
                    format!(
                        "{name} was not found beside the main file: its {} are not read",
                        companion.holds()
                    ),
                );
            }
        }
        Ok(extras)
    }

    /// The name of `companion`, if it was found.
    fn name(&self, companion: Companion) -> Option<&'static str> {
        self.found
            .iter()
            .find(|(c, _)| *c == companion)
            .map(|&(_, name)| name)
    }

    fn read_companion(
        &mut self,
        companion: Companion,
        reader: impl Read,
        label: &str,
    ) -> Result<(), SourceError> {
        let mut rows = Rows::new(reader, label);
        while let Some(record) = rows.next()? {
            let line = record.position().map_or(0, csv::Position::line);
            let error = |message: String| SourceError::new(label, Location::Line(line), message);
            rows.check_columns(&record, companion.columns(), companion.names()[0])
                .map_err(error)?;
            let ent_num = checked_ent_num(non_null(record.get(0)))
                .map_err(error)?
                .to_owned();
            match companion {
                Companion::Addresses => self.addresses.entry(ent_num).or_default().push(record),
                Companion::Aliases => self.aliases.entry(ent_num).or_default().push(record),
                Companion::Comments => {
                    // Not trimmed: a continuation may start mid-word or with a space.
                    let text = raw_non_null(record.get(1));
                    self.comments.entry(ent_num).or_default().push_str(text);
                }
            }
        }
        rows.finish()
    }

    /// Warns about companion rows for an `ent_num` the main file lacks (a
    /// companion from another date, or a main file cut short).
    fn warn_orphans(&self, context: &Context, parsed: &mut Parsed) {
        let orphans = [
            (
                Companion::Addresses,
                self.addresses.keys().collect::<Vec<_>>(),
            ),
            (Companion::Aliases, self.aliases.keys().collect()),
            (Companion::Comments, self.comments.keys().collect()),
        ];
        for (companion, ent_nums) in orphans {
            let name = self.name(companion).unwrap_or_default();
            for ent_num in ent_nums {
                parsed.warn(
                    &format!("{}:{ent_num}", context.source),
                    name,
                    ent_num,
                    format!(
                        "{name} has rows for ent_num {ent_num}, which the main file does not list"
                    ),
                );
            }
        }
    }
}

/// What one clause of OFAC's remarks says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remark<'a> {
    /// `DOB 05 Jan 1960`, `DOB circa 1960`, `DOB 1960 to 1962`: a date of
    /// birth, as written.
    BirthDate(&'a str),
    /// `POB Kabul, Afghanistan`.
    BirthPlace(&'a str),
    /// `nationality Pakistan`.
    Nationality(&'a str),
    /// `citizen Iran`.
    Citizenship(&'a str),
    /// `Gender Male`.
    Gender(&'a str),
    /// `a.k.a. 'X'` and `n.k.a. 'X'` (OFAC's weak aliases: the strong ones
    /// are in `alt.csv`), `f.k.a. 'X'` (a former name).
    Alias(NameKind, &'a str),
    /// A document or code number: `Passport A123 (Pakistan) issued 2001`.
    Document(Document<'a>),
    /// `Organization Established Date 1969`, `Vessel Year of Build 1999`,
    /// `Aircraft Manufacture Date 1992`.
    Founded(&'a str),
    /// `Nationality of Registration Korea, North`.
    RegistrationCountry(&'a str),
    /// `Email Address x@example.com`.
    Email(&'a str),
    /// `Phone Number 982188526300`, `Telephone (357)(22660766)`, `Fax ...`.
    Phone(&'a str),
    /// `Website www.example.ir`.
    Website(&'a str),
    /// Anything else, as written: `Linked To: X`, sanctions notes,
    /// positions, descriptions.
    Note(&'a str),
}

/// A document or code number in the remarks: `{label} {number}
/// ({country}) issued {date} expires {date}`, each part but the first two
/// optional.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document<'a> {
    /// OFAC's id type (`Passport`, `Cedula No.`, `Registration Number`).
    pub label: &'a str,
    /// The kind the label names (an IMO number is read from `number` later,
    /// when the entity's schema is known).
    pub kind: IdKind,
    /// The number as written.
    pub number: &'a str,
    /// The issuing country.
    pub country: Option<Country>,
    /// When it was issued, as written.
    pub issued: Option<&'a str>,
    /// When it expires, as written.
    pub expires: Option<&'a str>,
}

/// Reads OFAC's remarks, one [`Remark`] per clause (clauses are separated
/// by `;`; a leading `alt.` marks a second value of the same kind).
pub fn parse_remarks(text: &str) -> Vec<Remark<'_>> {
    clauses(text).map(read_clause).collect()
}

/// The clauses of the remarks, trimmed, without the full stop OFAC ends
/// them with.
fn clauses(text: &str) -> impl Iterator<Item = &str> {
    let text = text.trim();
    let text = text.strip_suffix('.').unwrap_or(text);
    text.split(';').map(str::trim).filter(|c| !c.is_empty())
}

/// `DOB`, `POB`, `nationality` and `citizen`: the facts about a person
/// that OFAC writes only in the remarks.
fn person_fact(body: &str) -> Option<Remark<'_>> {
    let value = |label| labelled_value(body, label);
    value("DOB")
        .map(Remark::BirthDate)
        .or_else(|| value("POB").map(Remark::BirthPlace))
        .or_else(|| value("nationality").map(Remark::Nationality))
        .or_else(|| value("citizen").map(Remark::Citizenship))
}

/// Labels of contact details written as free text, besides OFAC's own id
/// types (`Email Address`, `Phone Number`, `Website`).
const CONTACT_LABELS: [(&str, Contact); 12] = [
    ("Telephone Number", Contact::Phone),
    ("Telephone No.", Contact::Phone),
    ("Telephone", Contact::Phone),
    ("Phone No.", Contact::Phone),
    ("Phone", Contact::Phone),
    ("Fax Number", Contact::Phone),
    ("Fax No.", Contact::Phone),
    ("Fax", Contact::Phone),
    ("E-mail", Contact::Email),
    ("Email", Contact::Email),
    ("Web site", Contact::Website),
    ("Website", Contact::Website),
];

/// Reads one clause.
fn read_clause(clause: &str) -> Remark<'_> {
    let body = strip_prefix_ignore_case(clause, "alt.").map_or(clause, str::trim_start);
    for (prefix, kind) in [
        ("a.k.a.", NameKind::WeakAlias),
        ("f.k.a.", NameKind::Former),
        ("n.k.a.", NameKind::WeakAlias),
    ] {
        if let Some(rest) = strip_prefix_ignore_case(body, prefix) {
            let name = rest.trim();
            let name = name.strip_prefix('\'').unwrap_or(name);
            let name = name.strip_suffix('\'').unwrap_or(name).trim();
            if !name.is_empty() {
                return Remark::Alias(kind, name);
            }
        }
    }
    if let Some(remark) = read_id_type(clause, body) {
        return remark;
    }
    if let Some(remark) = person_fact(body) {
        return remark;
    }
    for (label, contact) in CONTACT_LABELS {
        if let Some(value) = labelled_value(body, label) {
            return contact_remark(clause, contact, value);
        }
    }
    read_other_document(body).unwrap_or(Remark::Note(clause))
}

/// Reads a clause that starts with one of OFAC's id types, written as OFAC
/// writes it (not `passport place of issue: ...`), the longest that fits
/// (`Diplomatic Passport` rather than `Passport`).
fn read_id_type<'a>(clause: &'a str, body: &'a str) -> Option<Remark<'a>> {
    let (label, value) = ID_TYPES
        .iter()
        .filter(|label| body.starts_with(*label))
        .filter_map(|label| Some((*label, labelled_value(body, label)?)))
        .max_by_key(|(label, _)| label.len())?;
    Some(match ofac_facts::classify(label) {
        Fact::Document(kind) => {
            document(label, kind, value).map_or(Remark::Note(clause), Remark::Document)
        }
        Fact::BirthDate => Remark::BirthDate(value),
        Fact::BirthPlace => Remark::BirthPlace(value),
        Fact::Nationality => Remark::Nationality(value),
        Fact::Citizenship => Remark::Citizenship(value),
        Fact::RegistrationCountry => Remark::RegistrationCountry(value),
        Fact::Gender => Remark::Gender(value),
        Fact::Founded => Remark::Founded(value),
        Fact::Contact(contact) => contact_remark(clause, contact, value),
        // No id type names an address, a title or a ship's details (the CSV
        // has columns for those); a note stays in the remarks, kept whole.
        Fact::Address
        | Fact::Title
        | Fact::VesselFlag
        | Fact::VesselCallSign
        | Fact::VesselType
        | Fact::VesselTonnage
        | Fact::VesselOwner
        | Fact::Remark => Remark::Note(clause),
    })
}

/// A contact detail, when the value looks like one: one word for an e-mail
/// address (with an `@`) or a website, digits for a phone number. Free text
/// such as `Website: www.x.org. Offices Worldwide` stays a note.
fn contact_remark<'a>(clause: &'a str, contact: Contact, value: &'a str) -> Remark<'a> {
    let one_word = value.split_whitespace().count() == 1;
    match contact {
        Contact::Email if one_word && value.contains('@') => Remark::Email(value),
        Contact::Phone if value.bytes().any(|b| b.is_ascii_digit()) => Remark::Phone(value),
        Contact::Website if one_word => Remark::Website(value),
        _ => Remark::Note(clause),
    }
}

/// A clause that names a document OFAC has no id type for (`Kenyan ID No.
/// 12773667` before it had one): words that name a kind of document, then
/// a number of one or two words. Free text with a date or a number in it
/// (`arrested 30 Sep 2002`, `Branch 15`) is not one.
fn read_other_document(body: &str) -> Option<Remark<'_>> {
    let start = body
        .split_whitespace()
        .find(|word| word.bytes().any(|b| b.is_ascii_digit()))
        .and_then(|word| body.find(word))?;
    let (label, value) = body.split_at_checked(start)?;
    let label = label.trim();
    let lower = label.to_ascii_lowercase();
    // `Linked To: COMPANY 1`, `Company ID: No. 59 531 at ...`: OFAC's own
    // labels with a colon are all known.
    if label.is_empty()
        || label.contains(':')
        || lower.contains("issued")
        || lower.contains("expire")
    {
        return None;
    }
    let kind = document_kind(label)?;
    let document = document(label, kind, value)?;
    (document.number.split_whitespace().count() <= 2).then_some(Remark::Document(document))
}

/// Splits what follows a document's label into its number, issuing country
/// and dates, as OFAC writes them: `A123 (Pakistan) issued 01 Jan 2001
/// expires 31 Dec 2010`. None when there is no number, or when the text is
/// not written that way but is a sentence that starts with a label
/// (`Passport and National ID were issued in Ulm`, `Passport 4117921 issued
/// under the name ...`).
fn document<'a>(label: &'a str, kind: IdKind, value: &'a str) -> Option<Document<'a>> {
    let mut rest = value.trim();
    let mut expires = None;
    let mut issued = None;
    if let Some((head, date)) = rest.rsplit_once(" expires ") {
        expires = Some(checked_date(date)?);
        rest = head.trim_end();
    }
    if let Some((head, date)) = rest.rsplit_once(" issued ") {
        issued = Some(checked_date(date)?);
        rest = head.trim_end();
    }
    // `(Russia)`; not `(Stuttgart)`, which is part of the number, nor two
    // letters, which could be anything. Free text writes `1372584, Kenya`.
    let mut country = None;
    let named = rest
        .strip_suffix(')')
        .and_then(|inner| inner.rsplit_once(" ("))
        .or_else(|| rest.rsplit_once(", "));
    if let Some((head, name)) = named
        && name.len() > 2
        && let Some(resolved) = Country::resolve(name)
    {
        country = Some(resolved);
        rest = head.trim_end();
    }
    let number = non_blank(rest)?;
    // Numbers are codes: they have no words in lower case (`FN 161285 i`
    // has a letter) and no stray parenthesis.
    let has_word = number
        .split_whitespace()
        .any(|word| word.len() > 1 && word.bytes().all(|b| b.is_ascii_lowercase()));
    if has_word || number.matches('(').count() != number.matches(')').count() {
        return None;
    }
    Some(Document {
        label,
        kind,
        number,
        country,
        issued,
        expires,
    })
}

/// A document's date, when it is one.
fn checked_date(text: &str) -> Option<&str> {
    let text = non_blank(text)?;
    FuzzyDate::parse_with(text, ORDER).is_ok().then_some(text)
}

fn non_blank(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

/// The value after `label` at the start of `text` (any case), when the
/// label is a whole word and a value follows (after an optional colon).
fn labelled_value<'a>(text: &'a str, label: &str) -> Option<&'a str> {
    let rest = strip_prefix_ignore_case(text, label)?;
    let ends_word = !label.ends_with(|c: char| c.is_ascii_alphanumeric())
        || !rest.starts_with(|c: char| c.is_alphanumeric() || c == '\'' || c == '-');
    if !ends_word {
        return None;
    }
    non_blank(rest.trim_start().strip_prefix(':').unwrap_or(rest))
}

/// OFAC's id types, as its XML edition names them (every one in the 2024 SDN
/// and the 2024 and 2026 consolidated lists). The CSV writes each before its
/// value in the remarks; [`ofac_facts::classify`] sorts them.
const ID_TYPES: &[&str] = &[
    "Additional Sanctions Information -",
    "Afghan Money Service Provider License Number",
    "Aircraft Construction Number (also called L/N or S/N or F/N)",
    "Aircraft Manufacture Date",
    "Aircraft Manufacturer's Serial Number (MSN)",
    "Aircraft Mode S Transponder Code",
    "Aircraft Model",
    "Aircraft Operator",
    "Aircraft Serial Identification",
    "Aircraft Tail Number",
    "BIK (RU)",
    "Birth Certificate Number",
    "Bosnian Personal ID No.",
    "Branch Unit Number",
    "British National Overseas Passport",
    "Business Number",
    "Business Registration Document #",
    "Business Registration Number",
    "C.I.F.",
    "C.I.N.",
    "C.R. No.",
    "C.U.I.",
    "C.U.I.P.",
    "C.U.I.T.",
    "C.U.R.P.",
    "CAATSA Section 235 Information:",
    "CNP (Personal Numerical Code)",
    "Cartilla de Servicio Militar Nacional",
    "Cedula No.",
    "Central Registration System Number",
    "Certificate of Incorporation Number",
    "Chamber of Commerce Number",
    "Chinese Commercial Code",
    "Citizen's Card Number",
    "Commercial Registry Number",
    "Company Number",
    "Credencial electoral",
    "D-U-N-S Number",
    "D.N.I.",
    "Digital Currency Address - ARB",
    "Digital Currency Address - BCH",
    "Digital Currency Address - BSC",
    "Digital Currency Address - BSV",
    "Digital Currency Address - BTG",
    "Digital Currency Address - DASH",
    "Digital Currency Address - ETC",
    "Digital Currency Address - ETH",
    "Digital Currency Address - LTC",
    "Digital Currency Address - TRX",
    "Digital Currency Address - USDC",
    "Digital Currency Address - USDT",
    "Digital Currency Address - XBT",
    "Digital Currency Address - XMR",
    "Digital Currency Address - XRP",
    "Digital Currency Address - XVG",
    "Digital Currency Address - ZEC",
    "Diplomatic Passport",
    "Driver's License No.",
    "Dubai Chamber of Commerce Membership No.",
    "Economic Register Number (CBLS)",
    "Effective Date (CMIC)",
    "Effective Date (EO 14014 Directive 1):",
    "Effective Date (EO 14024 Directive 1a):",
    "Effective Date (EO 14024 Directive 2):",
    "Effective Date (EO 14024 Directive 3):",
    "Electoral Registry No.",
    "Email Address",
    "Enterprise Number",
    "Equity Ticker",
    "Executive Order 13662 Directive Determination -",
    "Executive Order 13846 information:",
    "Executive Order 14014 Directive Information:",
    "Executive Order 14024 Directive Information",
    "Executive Order 14024 Directive Information -",
    "Executive Order 14059 information:",
    "File Number",
    "Fiscal Code",
    "Folio Mercantil No.",
    "Former Vessel Flag",
    "Gender",
    "Government Gazette Number",
    "I.F.E.",
    "IFCA Determination -",
    "ISIN",
    "Identification Number",
    "Immigration No.",
    "Issuer Name",
    "Istanbul Chamber of Comm. No.",
    "Italian Fiscal Code",
    "Kenyan ID No.",
    "LE Number",
    "Legal Entity Number",
    "License",
    "Listing Date (CMIC)",
    "Listing Date (EO 14014 Directive 1):",
    "Listing Date (EO 14024 Directive 1a):",
    "Listing Date (EO 14024 Directive 2):",
    "Listing Date (EO 14024 Directive 3):",
    "MICEX Code",
    "MMSI",
    "MSB Registration Number",
    "Matricula Mercantil No",
    "Military Registration Number",
    "Moroccan Personal ID No.",
    "N.I.E.",
    "N.I.F.",
    "NIT #",
    "National Foreign ID Number",
    "National ID No.",
    "Nationality of Registration",
    "Numero Unico de Identificacao Tributaria (NUIT)",
    "Numero de Identidad",
    "Organization Code",
    "Organization Established Date",
    "Organization Type:",
    "Other Vessel Call Sign",
    "Other Vessel Flag",
    "Other Vessel Type",
    "PEESA Information:",
    "Paraguayan tax identification number",
    "Passport",
    "Permit Number",
    "Personal ID Card",
    "Phone Number",
    "Pilot License Number",
    "Previous Aircraft Tail Number",
    "Public Registration Number",
    "Public Security and Immigration No.",
    "Purchase/Sales For Divestment Date (CMIC)",
    "R.F.C.",
    "RFC",
    "RIF #",
    "RTN",
    "RUC #",
    "Refugee ID Card",
    "Registered Charity No.",
    "Registration Certificate Number (Dubai)",
    "Registration Country",
    "Registration ID",
    "Registration Number",
    "Residency Number",
    "Romanian C.R.",
    "Romanian Permanent Resident",
    "Romanian Tax Registration",
    "Russian State Individual Business Registration Number Pattern (OGRNIP)",
    "SRE Permit No.",
    "SSN",
    "SWIFT/BIC",
    "Seafarer's Identification Document",
    "Secondary sanctions risk:",
    "Serial No.",
    "Stateless Person ID Card",
    "Stateless Person Passport",
    "Target Type",
    "Tax ID No.",
    "Tazkira National ID Card",
    "Tourism License No.",
    "Trade License No.",
    "Trademark number",
    "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions:",
    "Travel Document Number",
    "Turkish Identification Number",
    "UAE Identification",
    "UK Company Number",
    "UN/LOCODE",
    "US FEIN",
    "United Social Credit Code Certificate (USCCC)",
    "Unified Social Credit Code (USCC)",
    "V.A.T. Number",
    "Vessel Registration Identification",
    "Vessel Year of Build",
    "VisaNumberID",
    "Website",
];

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use interdict_model::Gender;

    use super::*;
    use crate::Companions;

    /// Companion files held in memory.
    struct Files(Vec<(&'static str, String)>);

    impl Companions for Files {
        fn open(&self, name: &str) -> Result<Option<Box<dyn BufRead + Send + '_>>, SourceError> {
            Ok(self
                .0
                .iter()
                .find(|(file, _)| *file == name)
                .map(|(_, text)| Box::new(text.as_bytes()) as Box<dyn BufRead + Send>))
        }

        fn describe(&self) -> String {
            "memory".into()
        }
    }

    fn parse_with(
        main: &str,
        label: &str,
        files: &[(&'static str, &str)],
    ) -> Result<Parsed, SourceError> {
        let files = files
            .iter()
            .map(|&(name, text)| (name, text.to_owned()))
            .collect();
        let context = Context::new("us_ofac_sdn", label).with_companions(Arc::new(Files(files)));
        parse(main.as_bytes(), &context)
    }

    /// Parses `main` as `sdn.csv` with no companions (so three warnings).
    fn parse_alone(main: &str) -> Result<Parsed, SourceError> {
        parse(main.as_bytes(), &Context::new("us_ofac_sdn", "sdn.csv"))
    }

    fn country(code: &str) -> Option<Country> {
        Country::from_alpha2(code)
    }

    const CALLE_SERNA: &str = "9566,\"CALLE SERNA, Luis Enrique\",\"individual\",\"SDNT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 16 Aug 1976; POB Cali, Colombia; alt. POB Armenia, Quindio, Colombia; citizen Colombia; Cedula No. 94487319 (Colombia) issued 31 Oct 1994; Passport AI811078 (Colombia) issued 09 May 2003; alt. Passport AH454934 (Colombia); alt. Passport 94487319 (Colombia) issued 09 May 2003 expires 09 May 2013; a.k.a. 'COMBATIENTE'; a.k.a. 'COMBA'.\"\r\n";
    const BANCO: &str = "306,\"BANCO NACIONAL DE CUBA\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"a.k.a. 'BNC'.\"\r\n";
    const EBANO: &str = "4243,\"EBANO\",\"vessel\",\"CUBA\",-0- ,-0- ,\"General Cargo\",\"2595\",\"1865\",\"Panama\",-0- ,\"Vessel Registration Identification IMO 7406784; f.k.a. 'ANA I'; f.k.a. 'SAND SWAN'.\"\r\n";
    const END: &str = "\u{1a}";

    #[test]
    fn reads_a_person_from_the_remarks() {
        let parsed = parse_alone(&format!("{CALLE_SERNA}{END}")).unwrap();
        let [entity] = parsed.entities.as_slice() else {
            panic!("expected one entity");
        };
        assert_eq!(entity.id, "us_ofac_sdn:9566");
        assert_eq!(entity.schema, Schema::Person);
        let primary = &entity.names[0];
        assert_eq!(primary.full, "Luis Enrique CALLE SERNA");
        assert_eq!(primary.part(NamePartKind::Given), Some("Luis Enrique"));
        assert_eq!(primary.part(NamePartKind::Family), Some("CALLE SERNA"));
        let aliases: Vec<_> = entity.names[1..]
            .iter()
            .map(|n| (n.full.as_str(), n.kind))
            .collect();
        assert_eq!(
            aliases,
            [
                ("COMBATIENTE", NameKind::WeakAlias),
                ("COMBA", NameKind::WeakAlias)
            ]
        );
        assert_eq!(
            entity.names[1].part(NamePartKind::Family),
            Some("COMBATIENTE")
        );
        let dates: Vec<String> = entity.birth_dates.iter().map(ToString::to_string).collect();
        assert_eq!(dates, ["1976-08-16"]);
        assert_eq!(
            entity.birth_places,
            ["Cali, Colombia", "Armenia, Quindio, Colombia"]
        );
        assert_eq!(entity.citizenships, [country("CO").unwrap()]);
        let ids: Vec<_> = entity
            .identifiers
            .iter()
            .map(|id| {
                (
                    id.kind,
                    id.number.as_str(),
                    id.country,
                    id.label.as_deref(),
                    id.note.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            ids,
            [
                (
                    IdKind::NationalId,
                    "94487319",
                    country("CO"),
                    Some("Cedula No."),
                    Some("issued 31 Oct 1994")
                ),
                (
                    IdKind::Passport,
                    "AI811078",
                    country("CO"),
                    Some("Passport"),
                    Some("issued 09 May 2003")
                ),
                (
                    IdKind::Passport,
                    "AH454934",
                    country("CO"),
                    Some("Passport"),
                    None
                ),
                (
                    IdKind::Passport,
                    "94487319",
                    country("CO"),
                    Some("Passport"),
                    Some("issued 09 May 2003; expires 09 May 2013")
                ),
            ]
        );
        let listing = &entity.listings[0];
        assert_eq!(listing.authority, Authority::UsOfac);
        assert_eq!(listing.programmes, ["SDNT"]);
        assert_eq!(listing.reference.as_deref(), Some("9566"));
        assert!(
            listing
                .remarks
                .as_deref()
                .unwrap()
                .starts_with("DOB 16 Aug 1976; POB Cali")
        );
        assert!(entity.unparsed.is_empty());
    }

    #[test]
    fn joins_the_companions_on_ent_num() {
        let add = "306,199,\"Zweierstrasse 35\",\"Zurich CH-8022\",\"Switzerland\",-0- \r\n\
                   306,202,\"Federico Boyd Avenue & 51 Street\",\"Panama City\",\"Panama\",\"Head office\"\r\n\
                   36,25,-0- ,\"Havana\",\"Cuba\",-0- \r\n\u{1a}";
        let alt = "306,220,\"aka\",\"NATIONAL BANK OF CUBA\",-0- \r\n\
                   9566,9000,\"aka\",\"CALLE SERNA, Manuel\",-0- \r\n\
                   9566,9001,\"fka\",\"SERNA, Luis\",-0- \r\n";
        let parsed = parse_with(
            &format!("{BANCO}{CALLE_SERNA}"),
            "lists/sdn.csv",
            &[("add.csv", add), ("alt.csv", alt), ("sdn_comments.csv", "")],
        )
        .unwrap();
        let banco = &parsed.entities[0];
        let names: Vec<_> = banco
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("BANCO NACIONAL DE CUBA", NameKind::Primary),
                ("BNC", NameKind::WeakAlias),
                ("NATIONAL BANK OF CUBA", NameKind::Alias),
            ]
        );
        assert!(banco.names.iter().all(|n| n.parts.is_empty()));
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
                    country("CH")
                ),
                (
                    "Federico Boyd Avenue & 51 Street, Panama City, Panama",
                    country("PA")
                ),
            ]
        );
        assert_eq!(banco.addresses[0].city.as_deref(), Some("Zurich CH-8022"));
        assert_eq!(
            banco.countries,
            [country("CH").unwrap(), country("PA").unwrap()]
        );
        assert_eq!(
            banco.listings[0].remarks.as_deref(),
            Some(
                "a.k.a. 'BNC'.; Federico Boyd Avenue & 51 Street, Panama City, Panama: Head office"
            )
        );

        let calle = &parsed.entities[1];
        let aliases: Vec<_> = calle
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.kind))
            .collect();
        assert_eq!(
            aliases[3..],
            [
                ("Manuel CALLE SERNA", NameKind::Alias),
                ("Luis SERNA", NameKind::Former)
            ]
        );
        assert_eq!(calle.names[3].part(NamePartKind::Given), Some("Manuel"));

        // Ent_num 36 has an address but no row in the main file.
        let [orphan] = parsed.warnings.as_slice() else {
            panic!("{:?}", parsed.warnings);
        };
        assert_eq!(orphan.record, "us_ofac_sdn:36");
        assert_eq!(orphan.field, "add.csv");
    }

    #[test]
    fn the_consolidated_set_has_its_own_companions() {
        let alt = "306,220,\"aka\",\"NATIONAL BANK OF CUBA\",-0- \r\n";
        let files = [
            ("cons_alt.csv", alt),
            ("alt.csv", "306,1,\"aka\",\"WRONG\",-0- \r\n"),
        ];
        let parsed = parse_with(BANCO, "data/CONS_PRIM.CSV", &files).unwrap();
        assert_eq!(parsed.entities[0].names[2].full, "NATIONAL BANK OF CUBA");
        let missing: Vec<_> = parsed.warnings.iter().map(|w| w.field.as_str()).collect();
        assert_eq!(missing, ["cons_add.csv", "cons_comments.csv"]);

        // A name that says neither: the SDN names first, then the others.
        let parsed = parse_with(BANCO, "-", &[("cons_alt.csv", alt)]).unwrap();
        assert_eq!(parsed.entities[0].names[2].full, "NATIONAL BANK OF CUBA");
        assert_eq!(parsed.warnings[0].field, "add.csv or cons_add.csv");
    }

    #[test]
    fn a_missing_companion_is_a_warning_naming_it() {
        let parsed = parse_alone(BANCO).unwrap();
        assert_eq!(parsed.entities.len(), 1);
        let warnings: Vec<_> = parsed
            .warnings
            .iter()
            .map(|w| (w.record.as_str(), w.field.as_str(), w.message.as_str()))
            .collect();
        assert_eq!(
            warnings,
            [
                (
                    "sdn.csv",
                    "add.csv",
                    "add.csv was not found beside the main file: its addresses are not read"
                ),
                (
                    "sdn.csv",
                    "alt.csv",
                    "alt.csv was not found beside the main file: its aliases are not read"
                ),
                (
                    "sdn.csv",
                    "sdn_comments.csv",
                    "sdn_comments.csv was not found beside the main file: its remarks past 1,000 characters are not read"
                ),
            ]
        );
    }

    #[test]
    fn reads_a_vessel() {
        let parsed = parse_alone(EBANO).unwrap();
        let entity = &parsed.entities[0];
        assert_eq!(entity.schema, Schema::Vessel);
        let names: Vec<_> = entity
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("EBANO", NameKind::Primary),
                ("ANA I", NameKind::Former),
                ("SAND SWAN", NameKind::Former)
            ]
        );
        let imo = &entity.identifiers[0];
        assert_eq!((imo.kind, imo.number.as_str()), (IdKind::Imo, "7406784"));
        assert_eq!(
            imo.label.as_deref(),
            Some("Vessel Registration Identification")
        );
        let vessel = entity.vessel.as_ref().unwrap();
        assert_eq!(vessel.flag, country("PA"));
        assert_eq!(vessel.vessel_type.as_deref(), Some("General Cargo"));
        assert_eq!(vessel.tonnage.as_deref(), Some("2595"));
        assert_eq!(vessel.call_sign, None);
        assert_eq!(entity.countries, [country("PA").unwrap()]);
    }

    #[test]
    fn reads_organisations_facts() {
        let rows = "23149,\"YUSONG SHIPPING CO\",-0- ,\"DPRK4\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"Nationality of Registration Korea, North; Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and 510.210; Company Number IMO 5146578.\"\n\
            15117,\"NATIONAL IRANIAN TANKER COMPANY\",-0- ,\"IRAN] [SDGT] [IFSR] [IFCA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"Website www.nitc.co.ir; Email Address info@nitc.co.ir; alt. Email Address administrator@nitc.co.ir; National ID No. 4891 (Iran); Telephone (98)(21)(66153220);  Fax (98)(21)(22224537); Organization Established Date 14 Apr 1994; Linked To: ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE.\"\n";
        let parsed = parse_alone(rows).unwrap();
        let yusong = &parsed.entities[0];
        assert_eq!(yusong.schema, Schema::Organization);
        assert_eq!(yusong.countries, [country("KP").unwrap()]);
        let imo = &yusong.identifiers[0];
        assert_eq!(
            (
                imo.kind,
                imo.number.as_str(),
                imo.label.as_deref(),
                imo.note.as_deref()
            ),
            (
                IdKind::Imo,
                "5146578",
                Some("Company Number"),
                Some("IMO company number")
            )
        );

        let nitc = &parsed.entities[1];
        assert_eq!(
            nitc.listings[0].programmes,
            ["IRAN", "SDGT", "IFSR", "IFCA"]
        );
        assert_eq!(nitc.websites, ["www.nitc.co.ir"]);
        assert_eq!(nitc.emails, ["info@nitc.co.ir", "administrator@nitc.co.ir"]);
        assert_eq!(nitc.phones, ["(98)(21)(66153220)", "(98)(21)(22224537)"]);
        // Organisations have no national ids: OFAC's is a registration.
        let id = &nitc.identifiers[0];
        assert_eq!(
            (id.kind, id.number.as_str(), id.country),
            (IdKind::Registration, "4891", country("IR"))
        );
        assert_eq!(nitc.birth_dates[0].to_string(), "1994-04-14");
        assert_eq!(parsed.warnings.len(), 3, "{:?}", parsed.warnings);
    }

    #[test]
    fn remarks_continue_in_the_comments_file() {
        // OFAC cuts at 1,000 characters, here in the middle of a passport number.
        let full = format!(
            "DOB 12 Jul 1986; Linked To: {}; Passport E1234567 (China).",
            "X".repeat(956)
        );
        let (cut, rest) = full.split_at(REMARKS_LIMIT);
        assert_eq!(rest, "567 (China).");
        let row = format!(
            "28263,\"TIAN, Yinyin\",\"individual\",\"CYBER2\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"{cut}\"\r\n"
        );

        let comments = format!("28263,\"{rest}\"\r\n");
        let parsed =
            parse_with(&row, "sdn.csv", &[("sdn_comments.csv", comments.as_str())]).unwrap();
        let entity = &parsed.entities[0];
        let passport = &entity.identifiers[0];
        assert_eq!(
            (passport.number.as_str(), passport.country),
            ("E1234567", country("CN"))
        );
        assert!(
            entity.listings[0]
                .remarks
                .as_deref()
                .unwrap()
                .ends_with("Passport E1234567 (China).")
        );
        assert!(parsed.warnings.iter().all(|w| w.field != "remarks"));

        // Without the continuation, the last clause is kept as text, not read
        // as a passport number short of its last digits.
        let parsed = parse_alone(&row).unwrap();
        let entity = &parsed.entities[0];
        assert!(entity.identifiers.is_empty());
        assert_eq!(entity.birth_dates.len(), 1);
        assert_eq!(entity.unparsed[0].field, "remarks");
        assert_eq!(entity.unparsed[0].value, "Passport E1234");
        let warning = parsed.warnings.last().unwrap();
        assert_eq!(warning.field, "remarks");
        assert!(
            warning
                .message
                .contains("a comments file, which is missing"),
            "{warning}"
        );
    }

    #[test]
    fn malformed_rows_are_errors_naming_the_record() {
        for (csv, location, message) in [
            (
                format!(
                    "{BANCO}4243,\"EBANO\",\"boat\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n"
                ),
                Location::Record {
                    index: 2,
                    id: Some("4243".into()),
                },
                "unknown sdn_type \"boat\"",
            ),
            (
                "4243,-0- ,\"vessel\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n".to_owned(),
                Location::Record {
                    index: 1,
                    id: Some("4243".into()),
                },
                "no name",
            ),
            (
                format!("{BANCO}{BANCO}"),
                Location::Record {
                    index: 2,
                    id: Some("306".into()),
                },
                "already used",
            ),
            (
                "306,\"BANCO\",-0- \n".to_owned(),
                Location::Record {
                    index: 1,
                    id: Some("306".into()),
                },
                "3 columns where 12 were expected",
            ),
            (
                "ent_num,name,a,b,c,d,e,f,g,h,i,j\n".to_owned(),
                Location::Record {
                    index: 1,
                    id: Some("ent_num".into()),
                },
                "ent_num \"ent_num\" is not a number",
            ),
            // An unclosed quote runs to the end of the file.
            (
                format!("{BANCO}4243,\"EBANO,-0- \n"),
                Location::Record {
                    index: 2,
                    id: Some("4243".into()),
                },
                "2 columns where 12 were expected",
            ),
            (String::new(), Location::File, "no rows"),
            // Cut short: in the remarks, then in the second column.
            (
                CALLE_SERNA[..200].to_owned(),
                Location::Line(1),
                "it was cut short",
            ),
            (
                format!("{BANCO}4243,\"EB"),
                Location::Record {
                    index: 2,
                    id: Some("4243".into()),
                },
                "it was cut short",
            ),
        ] {
            let error = parse_alone(&csv).unwrap_err();
            assert_eq!(error.file, "sdn.csv");
            assert_eq!(error.location, location, "{error}");
            assert!(error.message.contains(message), "{error}");
        }
        let error = parse(
            &b"306,\"BANCO \xff\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n"[..],
            &Context::new("s", "sdn.csv"),
        )
        .unwrap_err();
        assert_eq!(error.location, Location::Line(1));
        assert!(error.message.contains("UTF-8"), "{error}");
    }

    #[test]
    fn a_malformed_companion_is_an_error_naming_it() {
        let error = parse_with(
            BANCO,
            "sdn.csv",
            &[("alt.csv", "306,220,\"aka\",\"X\",-0- \n306,221,\"aka\"\n")],
        )
        .unwrap_err();
        assert_eq!(error.file, "memory/alt.csv");
        assert_eq!(error.location, Location::Line(2));
        assert!(
            error.message.contains("3 columns where 5 were expected"),
            "{error}"
        );
        let error = parse_with(
            BANCO,
            "sdn.csv",
            &[("add.csv", "x,1,-0- ,-0- ,-0- ,-0- \n")],
        )
        .unwrap_err();
        assert_eq!(error.file, "memory/add.csv");
        assert!(error.message.contains("not a number"), "{error}");
    }

    #[test]
    fn reads_each_kind_of_clause() {
        let cases: &[(&str, Remark)] = &[
            ("DOB 1973", Remark::BirthDate("1973")),
            ("alt. DOB 1968", Remark::BirthDate("1968")),
            ("DOB circa 1960", Remark::BirthDate("circa 1960")),
            (
                "DOB 01 Jan 1960 to 31 Dec 1962",
                Remark::BirthDate("01 Jan 1960 to 31 Dec 1962"),
            ),
            (
                "POB Kabul, Afghanistan",
                Remark::BirthPlace("Kabul, Afghanistan"),
            ),
            ("nationality Pakistan", Remark::Nationality("Pakistan")),
            (
                "alt. nationality Congo, Democratic Republic of the",
                Remark::Nationality("Congo, Democratic Republic of the"),
            ),
            ("citizen Iran", Remark::Citizenship("Iran")),
            ("Gender Male", Remark::Gender("Male")),
            (
                "a.k.a. 'RAYYAN, Abu'",
                Remark::Alias(NameKind::WeakAlias, "RAYYAN, Abu"),
            ),
            ("f.k.a. 'ANA I'", Remark::Alias(NameKind::Former, "ANA I")),
            (
                "n.k.a. 'NEW NAME'",
                Remark::Alias(NameKind::WeakAlias, "NEW NAME"),
            ),
            (
                "a.k.a. 'ABU MUS'AB'",
                Remark::Alias(NameKind::WeakAlias, "ABU MUS'AB"),
            ),
            (
                "Organization Established Date 1969",
                Remark::Founded("1969"),
            ),
            ("Vessel Year of Build 1999", Remark::Founded("1999")),
            (
                "Nationality of Registration Korea, North",
                Remark::RegistrationCountry("Korea, North"),
            ),
            (
                "Website http://waatasemu.org.ly",
                Remark::Website("http://waatasemu.org.ly"),
            ),
            (
                "alt. Email Address 3507656950@qq.com",
                Remark::Email("3507656950@qq.com"),
            ),
            (
                "Email:adelb@shabakah.net.sa",
                Remark::Email("adelb@shabakah.net.sa"),
            ),
            ("Phone Number 982188526300", Remark::Phone("982188526300")),
            (
                "Telephone Number: (971) (4) (3248000)",
                Remark::Phone("(971) (4) (3248000)"),
            ),
            ("Alt. Fax: 9221227700019", Remark::Phone("9221227700019")),
            ("PHONE 850 2 381 8221", Remark::Phone("850 2 381 8221")),
            ("Linked To: HIZBALLAH", Remark::Note("Linked To: HIZBALLAH")),
            (
                "Linked To: LIMITED LIABILITY COMPANY YUP 1",
                Remark::Note("Linked To: LIMITED LIABILITY COMPANY YUP 1"),
            ),
            (
                "Additional Sanctions Information - Subject to Secondary Sanctions",
                Remark::Note("Additional Sanctions Information - Subject to Secondary Sanctions"),
            ),
            (
                "Secondary sanctions risk: section 1(b) of Executive Order 13224, as amended by Executive Order 13886",
                Remark::Note(
                    "Secondary sanctions risk: section 1(b) of Executive Order 13224, as amended by Executive Order 13886",
                ),
            ),
            (
                "Target Type Financial Institution",
                Remark::Note("Target Type Financial Institution"),
            ),
            (
                "Member of the State Duma",
                Remark::Note("Member of the State Duma"),
            ),
            ("arrested 30 Sep 2002", Remark::Note("arrested 30 Sep 2002")),
            (
                "Website www.alturath.org. Revival of Islamic Heritage Society Offices Worldwide",
                Remark::Note(
                    "Website www.alturath.org. Revival of Islamic Heritage Society Offices Worldwide",
                ),
            ),
            (
                "TELEX 360230 and 37041 KDP KP",
                Remark::Note("TELEX 360230 and 37041 KDP KP"),
            ),
            (
                "Citizen's Card Number 211226197812154256 (China)",
                document(
                    "Citizen's Card Number",
                    IdKind::NationalId,
                    "211226197812154256",
                    country("CN"),
                ),
            ),
        ];
        for (clause, expected) in cases {
            assert_eq!(&read_clause(clause), expected, "{clause}");
        }
    }

    fn document<'a>(
        label: &'a str,
        kind: IdKind,
        number: &'a str,
        country: Option<Country>,
    ) -> Remark<'a> {
        Remark::Document(Document {
            label,
            kind,
            number,
            country,
            issued: None,
            expires: None,
        })
    }

    #[test]
    fn reads_documents_as_ofac_writes_them() {
        let cases = [
            (
                "Tax ID No. 100036386 (Serbia)",
                document("Tax ID No.", IdKind::TaxId, "100036386", country("RS")),
            ),
            (
                "National ID No. 216040 (Yemen)",
                document(
                    "National ID No.",
                    IdKind::NationalId,
                    "216040",
                    country("YE"),
                ),
            ),
            (
                "Cedula No. 6068015 (Colombia)",
                document("Cedula No.", IdKind::NationalId, "6068015", country("CO")),
            ),
            (
                "SWIFT/BIC BNCUCUHH",
                document("SWIFT/BIC", IdKind::Swift, "BNCUCUHH", None),
            ),
            (
                "Diplomatic Passport 008827 (Iran)",
                document(
                    "Diplomatic Passport",
                    IdKind::Passport,
                    "008827",
                    country("IR"),
                ),
            ),
            (
                "alt. Passport RL 1794375 (Lebanon)",
                document("Passport", IdKind::Passport, "RL 1794375", country("LB")),
            ),
            (
                "Registration Number HRA 738077 (Stuttgart) (Germany)",
                document(
                    "Registration Number",
                    IdKind::Registration,
                    "HRA 738077 (Stuttgart)",
                    country("DE"),
                ),
            ),
            (
                "Registration ID MAT 46-47 TOMO 460 L. (Mexico)",
                document(
                    "Registration ID",
                    IdKind::Registration,
                    "MAT 46-47 TOMO 460 L.",
                    country("MX"),
                ),
            ),
            (
                "Vessel Registration Identification IMO 7406784",
                document(
                    "Vessel Registration Identification",
                    IdKind::Imo,
                    "IMO 7406784",
                    None,
                ),
            ),
            (
                "Italian Fiscal Code: KMMMHD68D03Z352N",
                document(
                    "Italian Fiscal Code",
                    IdKind::TaxId,
                    "KMMMHD68D03Z352N",
                    None,
                ),
            ),
            (
                "National ID No. 1372584, Kenya",
                document(
                    "National ID No.",
                    IdKind::NationalId,
                    "1372584",
                    country("KE"),
                ),
            ),
            (
                "BIK (RU) 044030707",
                document("BIK (RU)", IdKind::Other, "044030707", None),
            ),
            (
                "Digital Currency Address - XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h",
                document(
                    "Digital Currency Address - XBT",
                    IdKind::Other,
                    "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h",
                    None,
                ),
            ),
            // A label OFAC has no id type for.
            (
                "Kosovo ID Card No. 1234567 (Kosovo)",
                document(
                    "Kosovo ID Card No.",
                    IdKind::NationalId,
                    "1234567",
                    country("XK"),
                ),
            ),
        ];
        for (clause, expected) in cases {
            assert_eq!(read_clause(clause), expected, "{clause}");
        }
        assert_eq!(
            read_clause("Passport L 191609 issued 28 Feb 1996 expires 27 Feb 2001"),
            Remark::Document(Document {
                label: "Passport",
                kind: IdKind::Passport,
                number: "L 191609",
                country: None,
                issued: Some("28 Feb 1996"),
                expires: Some("27 Feb 2001"),
            })
        );
        // Sentences that start with a label are notes.
        for clause in [
            "Passport and National ID were issued in Ulm, Germany",
            "Passport issued in Sarajevo, Bosnia-Herzegovina",
            "Passport 4117921 issued under the name Dilawar Khan Zain Khan",
            "Passport No.: 0310857, Eritrea, Issue Date 21 August 2006, Expire Date 20 August 2008)",
            "passport place of issue: Al-Anbar, Iraq",
            "Company ID: No. 59 531 at Commercial Registry of the Civil Court of First Instance at Baabda, Lebanon",
            "U.S.A. Passport issued 21 Jun 1992 in Amman, Jordan",
        ] {
            assert_eq!(read_clause(clause), Remark::Note(clause), "{clause}");
        }
    }

    #[test]
    fn splits_the_remarks_into_clauses() {
        let remarks = parse_remarks(
            "DOB 1973; alt. DOB 1968; nationality Pakistan; Passport A123 (Pakistan); a.k.a. 'X'.",
        );
        assert_eq!(
            remarks,
            [
                Remark::BirthDate("1973"),
                Remark::BirthDate("1968"),
                Remark::Nationality("Pakistan"),
                document("Passport", IdKind::Passport, "A123", country("PK")),
                Remark::Alias(NameKind::WeakAlias, "X"),
            ]
        );
        assert_eq!(parse_remarks(" ; . "), []);
        assert_eq!(parse_remarks("Gender Female."), [Remark::Gender("Female")]);
    }

    #[test]
    fn dates_and_values_that_cannot_be_read_are_kept() {
        let row = "11748,\"MAHAMOUD, Bashir Mohamed\",\"individual\",\"SOMALIA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"nationality Somalia; DOB circa 1979-1982; alt. DOB 1982; alt. DOB Sep-99; nationality possibly Palestinian; Gender unknown; a.k.a. 'QORGAB'.\"\n";
        let parsed = parse_alone(row).unwrap();
        let entity = &parsed.entities[0];
        let dates: Vec<String> = entity.birth_dates.iter().map(ToString::to_string).collect();
        assert_eq!(dates, ["1979/1982", "1982"]);
        assert_eq!(entity.nationalities, [country("SO").unwrap()]);
        let unparsed: Vec<_> = entity
            .unparsed
            .iter()
            .map(|u| (u.field.as_str(), u.value.as_str()))
            .collect();
        assert_eq!(
            unparsed,
            [
                ("birth_date", "Sep-99"),
                ("nationality", "possibly Palestinian"),
                ("gender", "unknown")
            ]
        );
        assert_eq!(parsed.warnings.len(), 3 + 3);
        assert_eq!(entity.gender, None);
        assert!(matches!(Gender::parse("Male"), Some(Gender::Male)));
    }

    #[test]
    fn skips_the_end_of_file_mark() {
        let parsed = parse_alone(&format!("{BANCO}\u{1a}\r\n")).unwrap();
        assert_eq!(parsed.entities.len(), 1);
        assert!(parse_alone("\u{1a}").is_err());
    }

    /// A small deterministic generator (xorshift), so the property test
    /// needs no extra crate and fails the same way every time.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            usize::try_from(self.0 % 1_000_000).unwrap()
        }
    }

    #[test]
    fn any_remarks_are_read_without_panicking() {
        // Pieces of real remarks, and pieces that break them.
        const PIECES: &[&str] = &[
            "DOB ",
            "POB ",
            "alt. ",
            "a.k.a. '",
            "f.k.a. ",
            "'",
            "; ",
            ";",
            ".",
            " ",
            "(",
            ")",
            " (Iran)",
            " issued ",
            " expires ",
            "01 Jan 1960",
            "circa ",
            "1979-1982",
            " to ",
            "Passport ",
            "Tax ID No. ",
            "Registration Number ",
            "IMO 1234567",
            "Website ",
            "Email Address ",
            "Telephone: ",
            "nationality ",
            "citizen ",
            "Gender ",
            "Male",
            "Linked To: ",
            "X",
            "é",
            "漢",
            "\u{1a}",
            ":",
            ",",
            "Korea, North",
            "12345",
            "Secondary sanctions risk: ",
            "Vessel Registration Identification ",
            "-0- ",
        ];
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..rng.next() % 12 {
                text.push_str(PIECES[rng.next() % PIECES.len()]);
            }
            let range = text.as_ptr() as usize..=text.as_ptr() as usize + text.len();
            for remark in parse_remarks(&text) {
                // Every value is a slice of the text, never made up.
                let value = match &remark {
                    Remark::Document(d) => d.number,
                    Remark::Alias(_, v) | Remark::Note(v) | Remark::BirthDate(v) => v,
                    _ => continue,
                };
                assert!(range.contains(&(value.as_ptr() as usize)), "{text:?}");
                assert!(!value.trim().is_empty(), "{text:?}: {remark:?}");
            }
            let row = format!(
                "1,\"A, B\",\"individual\",\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"{}\"\n",
                text.replace('"', "\"\"")
            );
            parse_alone(&row).unwrap();
        }
    }
}
