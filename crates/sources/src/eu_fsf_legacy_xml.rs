//! The EU consolidated list in its retired XML 1.0 format (until 2017).
//!
//! The root `WHOLE{Date DD/MM/YYYY}` holds one `ENTITY{Id, Type P/E,
//! legal_basis, reg_date, pdf_link, programme, remark}` per listed person or
//! organisation. Its facts are child elements, each with the same
//! regulation attributes as the entity (the act that added that fact):
//! `NAME{LASTNAME, FIRSTNAME, MIDDLENAME, WHOLENAME, GENDER, TITLE,
//! FUNCTION, LANGUAGE}`, `BIRTH{DATE, PLACE, COUNTRY}`, `PASSPORT{NUMBER,
//! COUNTRY}`, `CITIZEN{COUNTRY}` and `ADDRESS{NUMBER, STREET, ZIPCODE, CITY,
//! COUNTRY, OTHER}`. Countries are ISO alpha-3 codes.
//!
//! Some values pack several facts into one text, which is unpacked here: a
//! document's `NUMBER` is `AD001095 (passport-National passport) (remark)`,
//! a birth `DATE` may be `1965 (approximative)` or `1953 - 1958
//! (approximative)`, and an address's `OTHER` holds `PHONE[…]` and `FAX[…]`.

use std::io::BufRead;

use interdict_model::{
    Address, Authority, Entity, FuzzyDate, IdKind, Identifier, Listing, Name, NameKind, NamePart,
    NamePartKind, NumericOrder, PartialDate, Schema,
};

use crate::fields::{
    CountryField, GenderVotes, add_country, add_new_name, document_kind, join_non_blank,
    resolve_country, set_eu_subject_type, take_primary_name,
};
use crate::xml::{Node, RecordReader};
use crate::{Context, Location, Parsed, SourceError};

/// Reads a whole EU XML 1.0 file (`WHOLE` / `ENTITY`).
pub fn parse(input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
    let mut reader = RecordReader::new(input, &context.label);
    let mut parsed = Parsed::default();
    let mut index = 0;
    while let Some(record) = reader.next_record(&["ENTITY"])? {
        if let Some(root) = reader.root_name()
            && root != "WHOLE"
        {
            return Err(reader.error(format!(
                "root element is <{root}>, not <WHOLE>: not an EU XML 1.0 file"
            )));
        }
        index += 1;
        let entity = read_entity(&record, context, &mut parsed).map_err(|message| {
            SourceError::new(
                &context.label,
                Location::Record {
                    index,
                    id: record.attr("Id").map(str::to_owned),
                },
                message,
            )
        })?;
        parsed.entities.push(entity);
    }

    let date = reader
        .root_attributes()
        .iter()
        .find(|(key, _)| key == "Date")
        .map(|(_, value)| value.trim())
        .filter(|value| !value.is_empty());
    match date {
        Some(text) => match FuzzyDate::parse_with(text, NumericOrder::DayFirst) {
            Ok(FuzzyDate::Exact(date)) => parsed.meta.published = Some(date),
            _ => parsed.warn(&context.label, "Date", text, "not a DD/MM/YYYY date"),
        },
        None if parsed.entities.is_empty() => {
            return Err(SourceError::new(
                &context.label,
                Location::File,
                "neither a Date nor any ENTITY: not an EU XML 1.0 file",
            ));
        }
        None => {}
    }
    Ok(parsed)
}

fn read_entity(record: &Node, context: &Context, parsed: &mut Parsed) -> Result<Entity, String> {
    let id = record.attr("Id").ok_or("ENTITY has no Id")?;
    let mut entity = Entity::new(&context.source, id, Schema::LegalEntity);
    set_eu_subject_type(&mut entity, record.attr("Type"), "Type", parsed);

    let mut remarks: Vec<String> = record
        .attr("remark")
        .map(str::to_owned)
        .into_iter()
        .collect();
    read_names(record, &mut entity)?;
    for birth in record.children_named("BIRTH") {
        read_birth(birth, &mut entity, parsed);
    }
    for citizen in record.children_named("CITIZEN") {
        if let Some(code) = citizen.child_value("COUNTRY") {
            add_country(&mut entity, CountryField::Citizenship, code, parsed);
        }
    }
    for passport in record.children_named("PASSPORT") {
        read_document(passport, &mut entity, parsed);
    }
    for address in record.children_named("ADDRESS") {
        read_address(address, &mut entity, &mut remarks, parsed);
    }

    let mut listing = Listing::new(&context.source, Authority::Eu);
    if let Some(programme) = record.attr("programme") {
        listing.programmes.push(programme.to_owned());
    }
    listing.listed_on = earliest_regulation(record);
    listing.reference = Some(id.to_owned());
    if let Some(basis) = record.attr("legal_basis") {
        remarks.push(format!("Regulation {basis}"));
    }
    listing.remarks = (!remarks.is_empty()).then(|| remarks.join("\n"));
    listing.url = record.attr("pdf_link").map(str::to_owned);
    entity.listings.push(listing);
    Ok(entity)
}

/// Reads every `NAME`, with the gender, titles and functions it carries. The
/// primary name is the first in Latin script with no language or English
/// (the French spelling sometimes comes first; see [`take_primary_name`]);
/// it goes first.
fn read_names(record: &Node, entity: &mut Entity) -> Result<(), String> {
    let mut names = Vec::new();
    let mut genders = GenderVotes::default();
    for node in record.children_named("NAME") {
        let first = node.child_value("FIRSTNAME");
        let middle = node.child_value("MIDDLENAME");
        let last = node.child_value("LASTNAME");
        let whole = node
            .child_value("WHOLENAME")
            .map(str::to_owned)
            .or_else(|| join_non_blank([first, middle, last], " "));
        if let Some(whole) = whole {
            let parts = NamePart::present([
                (NamePartKind::Given, first),
                (NamePartKind::Middle, middle),
                (NamePartKind::Family, last),
            ]);
            names.push(
                Name::new(&whole, NameKind::Alias)
                    .with_parts(parts)
                    .with_language(node.child_value("LANGUAGE").unwrap_or_default()),
            );
        }
        genders.count(node.child_value("GENDER"));
        // Each act repeats them, in its own capitals ("President",
        // "president").
        if let Some(title) = node.child_value("TITLE") {
            push_unique_ignoring_case(&mut entity.titles, title);
        }
        if let Some(function) = node.child_value("FUNCTION") {
            push_unique_ignoring_case(&mut entity.positions, function);
        }
    }
    if names.is_empty() {
        return Err("ENTITY has no NAME with a name".to_owned());
    }
    entity.gender = genders.majority();

    // Every name is read as an alias, so the first is a candidate.
    if let Some(primary) = take_primary_name(&mut names) {
        entity.add_name(primary);
    }
    // Each act that amended an entry repeats its names.
    for name in names {
        add_new_name(entity, name);
    }
    Ok(())
}

fn push_unique_ignoring_case(list: &mut Vec<String>, value: &str) {
    if !list.iter().any(|known| known.eq_ignore_ascii_case(value)) {
        list.push(value.to_owned());
    }
}

/// Reads a `BIRTH`: its date, and its place with the country's name.
fn read_birth(birth: &Node, entity: &mut Entity, parsed: &mut Parsed) {
    if let Some(text) = birth.child_value("DATE") {
        match birth_date(text) {
            Ok(date) => Entity::push_unique(&mut entity.birth_dates, date),
            Err(reason) => {
                entity.keep_unparsed("birth_date", text);
                parsed.warn(&entity.id, "birth_date", text, reason);
            }
        }
    }
    let country = birth
        .child_value("COUNTRY")
        .and_then(|code| resolve_country(entity, "birth_country", code, parsed));
    let place = join_non_blank(
        [birth.child_value("PLACE"), country.map(|c| c.name())],
        ", ",
    );
    if let Some(place) = place {
        Entity::push_unique(&mut entity.birth_places, place);
    }
}

/// Reads `1937-04-28`, `1965`, `1965 (approximative)` or `1953 - 1958
/// (approximative)`.
fn birth_date(text: &str) -> Result<FuzzyDate, &'static str> {
    let (date, approximate) = match text.strip_suffix("(approximative)") {
        Some(date) => (date.trim(), true),
        None => (text, false),
    };
    let date = FuzzyDate::parse_with(date, NumericOrder::DayFirst).map_err(|e| e.reason)?;
    Ok(match date {
        FuzzyDate::Exact(date) if approximate => FuzzyDate::Approximate(date),
        date => date,
    })
}

/// Reads a `PASSPORT`, which holds any identity document: its `NUMBER` is
/// `number (code-Description) remark`, such as `AD001095
/// (passport-National passport) ((passport))` or `347834
/// (passport-National passport) [known to be expired](issued under …)`.
fn read_document(node: &Node, entity: &mut Entity, parsed: &mut Parsed) {
    let Some(text) = node.child_value("NUMBER") else {
        return;
    };
    let document = Document::parse(text);
    if document.number.is_empty() || document.number.eq_ignore_ascii_case("unknown") {
        entity.keep_unparsed("identifier", text);
        parsed.warn(&entity.id, "PASSPORT", text, "a document without a number");
        return;
    }
    let country = node
        .child_value("COUNTRY")
        .and_then(|code| resolve_country(entity, "identifier_country", code, parsed));
    let kind = match document.code {
        Some("passport") => IdKind::Passport,
        Some("id" | "ssn") => IdKind::NationalId,
        Some("fiscalcode") => IdKind::TaxId,
        Some("regnumber") => IdKind::Registration,
        _ => IdKind::Other,
    };
    Entity::push_unique(
        &mut entity.identifiers,
        Identifier {
            kind,
            number: document.number.to_owned(),
            country,
            label: document.description.map(str::to_owned),
            note: document.note,
        },
    );
}

/// The parts of a `PASSPORT`'s `NUMBER`.
#[derive(Debug, PartialEq)]
struct Document<'a> {
    number: &'a str,
    /// `passport`, `id`, `ssn`, `other`, `drivinglicence`, `travelcardid`.
    code: Option<&'a str>,
    /// `National passport`.
    description: Option<&'a str>,
    /// What follows: "known to be expired" and the remark, whose lines often
    /// repeat one another.
    note: Option<String>,
}

impl<'a> Document<'a> {
    fn parse(text: &'a str) -> Self {
        let text = text.trim();
        // The type is the first parenthesis that holds `code-Description`
        // with a lower-case code.
        let typed = text.match_indices(" (").find_map(|(at, _)| {
            let rest = &text[at + 2..];
            let (inside, after) = rest.split_once(')')?;
            let (code, description) = inside.split_once('-')?;
            (!code.is_empty() && code.bytes().all(|b| b.is_ascii_lowercase())).then_some((
                at,
                code,
                description,
                after,
            ))
        });
        let Some((at, code, description, after)) = typed else {
            return Self {
                number: text,
                code: None,
                description: None,
                note: None,
            };
        };
        let mut lines: Vec<String> = Vec::new();
        for group in bracket_groups(after) {
            for line in group.lines() {
                let line = unwrap_parentheses(line.trim());
                // "(passport)" after "(passport-National passport)" says
                // nothing more.
                let restates = line.eq_ignore_ascii_case(code)
                    || line.eq_ignore_ascii_case(description.trim());
                if !line.is_empty() && !restates {
                    Entity::push_unique(&mut lines, line.to_owned());
                }
            }
        }
        Self {
            number: text[..at].trim(),
            code: Some(code),
            description: Some(description.trim()).filter(|d| !d.is_empty()),
            note: (!lines.is_empty()).then(|| lines.join("; ")),
        }
    }
}

/// Splits the remarks after a document's type into their top-level groups:
/// `[known to be expired](issued …) issued on …` is "known to be expired",
/// "issued …" and "issued on …". A group left open runs to the end; a
/// closing bracket with no opening one is left out.
fn bracket_groups(text: &str) -> Vec<&str> {
    let mut groups = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (at, c) in text.char_indices() {
        match c {
            '(' | '[' => {
                if depth == 0 {
                    groups.push(&text[start..at]);
                    start = at + 1;
                }
                depth += 1;
            }
            ')' | ']' => match depth {
                0 => {
                    groups.push(&text[start..at]);
                    start = at + 1;
                }
                1 => {
                    groups.push(&text[start..at]);
                    start = at + 1;
                    depth = 0;
                }
                _ => depth -= 1,
            },
            _ => {}
        }
    }
    groups.push(&text[start..]);
    groups
        .into_iter()
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .collect()
}

/// `(passport)` → `passport`; `(a) and (b)` stays as it is.
fn unwrap_parentheses(mut text: &str) -> &str {
    while let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        let mut depth = 0i32;
        let balanced = inner.chars().all(|c| {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            depth >= 0
        });
        if !balanced || depth != 0 {
            break;
        }
        text = inner.trim();
    }
    text
}

/// Reads an `ADDRESS`. Its `OTHER` holds telephone and fax numbers
/// (`PHONE[0300-820 91 99, 668 33 01]`, `FAX[662 38 14]`), which are read,
/// and remarks ("(former location)"), which go to the listing.
fn read_address(node: &Node, entity: &mut Entity, remarks: &mut Vec<String>, parsed: &mut Parsed) {
    let country_code = node.child_value("COUNTRY");
    let country =
        country_code.and_then(|code| add_country(entity, CountryField::Country, code, parsed));
    let street = join_non_blank(
        [node.child_value("NUMBER"), node.child_value("STREET")],
        " ",
    );
    if let Some(address) = Address::from_parts(
        street.as_deref(),
        node.child_value("CITY"),
        None,
        node.child_value("ZIPCODE"),
        country,
        // An unknown code is kept as written.
        country_code.filter(|_| country.is_none()),
    ) {
        Entity::push_unique(&mut entity.addresses, address);
    }
    if let Some(other) = node.child_value("OTHER") {
        let rest = read_phones(other, entity);
        let mut lines: Vec<&str> = Vec::new();
        for group in bracket_groups(&rest) {
            for line in group.lines().map(|l| unwrap_parentheses(l.trim())) {
                if !line.is_empty() {
                    Entity::push_unique(&mut lines, line);
                }
            }
        }
        for line in lines {
            if !read_written_identifier(line, entity) {
                Entity::push_unique(remarks, format!("Address: {line}"));
            }
        }
    }
}

/// Reads an identifier that an address's `OTHER` gives in words:
/// "Italian Fiscal Code: DAOMMD74T11Z352Z", "SSN 156-92-9858 (USA)",
/// "United States Social Security Number 548-91-5411.". The number is what
/// follows a colon, or else the trailing words that hold digits. Returns
/// whether the text was one.
fn read_written_identifier(text: &str, entity: &mut Entity) -> bool {
    let Some(kind) = document_kind(text).filter(|k| *k != IdKind::Other) else {
        return false;
    };
    // A trailing note in brackets, such as the issuing country: "(USA)".
    let (body, note) = match text
        .trim_end()
        .strip_suffix(')')
        .and_then(|t| t.rsplit_once('('))
    {
        Some((body, note)) => (body.trim(), Some(note.trim())),
        None => (text.trim(), None),
    };
    let body = body.trim_end_matches('.');
    let (label, number) = match body.split_once(':') {
        Some((label, number)) => (label.trim().to_owned(), number.trim().to_owned()),
        None => {
            let words: Vec<&str> = body.split_whitespace().collect();
            let split = words
                .iter()
                .rposition(|w| !w.bytes().any(|b| b.is_ascii_digit()))
                .map_or(0, |at| at + 1);
            let (label, number) = words.split_at(split.min(words.len()));
            (label.join(" "), number.join(" "))
        }
    };
    if number.is_empty() || label.is_empty() {
        return false;
    }
    // Organisations have no national ids: a "Federal Employer Identification
    // Number" is a tax number.
    let kind = match (kind, entity.schema) {
        (IdKind::NationalId, Schema::Organization) => IdKind::TaxId,
        (kind, _) => kind,
    };
    Entity::push_unique(
        &mut entity.identifiers,
        Identifier {
            kind,
            number,
            country: None,
            label: Some(label),
            note: note.map(str::to_owned),
        },
    );
    true
}

/// Takes the `PHONE[…]` and `FAX[…]` out of an address's `OTHER` into the
/// entity's phones; returns what is left.
fn read_phones(other: &str, entity: &mut Entity) -> String {
    let mut rest = String::new();
    let mut text = other;
    loop {
        let next = ["PHONE[", "FAX["]
            .iter()
            .filter_map(|marker| text.find(marker).map(|at| (at, marker.len())))
            .min();
        let Some((at, length)) = next else {
            rest.push_str(text);
            return rest;
        };
        let Some(close) = text[at + length..].find(']') else {
            rest.push_str(text);
            return rest;
        };
        rest.push_str(&text[..at]);
        for phone in text[at + length..at + length + close].split(',') {
            let phone = phone.trim();
            if !phone.is_empty() {
                Entity::push_unique(&mut entity.phones, phone.to_owned());
            }
        }
        text = &text[at + length + close + 1..];
    }
}

/// The earliest `reg_date` of the entity and of its facts. The entity's own
/// is that of the latest act that amended it; each fact carries the date of
/// the act that added it, so the earliest is the closest the file comes to
/// the listing date.
fn earliest_regulation(record: &Node) -> Option<PartialDate> {
    std::iter::once(record)
        .chain(record.children.iter())
        .filter_map(|node| node.attr("reg_date"))
        .filter_map(|text| PartialDate::parse_iso(text).ok())
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::Country;
    use interdict_model::Gender;

    const HEADER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- GENERATED BY FSD -->\n<WHOLE Date=\"11/02/2016\">\n";

    fn parse_entities(body: &str) -> Parsed {
        let xml = format!("{HEADER}{body}</WHOLE>");
        parse(xml.as_bytes(), &Context::new("eu_fsf", "data.xml")).unwrap()
    }

    const SADDAM: &str = r#"
<ENTITY Id="13" Type="P" legal_basis="1210/2003 (OJ L169)" reg_date="2003-07-07" pdf_link="http://eur-lex.europa.eu/x.pdf" programme="IRQ" remark="(UNSC RESOLUTION 1483)">
<NAME Id="380" Entity_id="13" reg_date="2003-07-08" programme="IRQ">
<LASTNAME/><FIRSTNAME/><MIDDLENAME/><WHOLENAME>Abou Ali</WHOLENAME><GENDER/><TITLE/><FUNCTION/><LANGUAGE>FR</LANGUAGE>
</NAME>
<NAME Id="17" Entity_id="13" reg_date="2003-07-08" programme="IRQ">
<LASTNAME>Hussein Al-Tikriti</LASTNAME><FIRSTNAME>Saddam</FIRSTNAME><MIDDLENAME/><WHOLENAME>Saddam Hussein Al-Tikriti</WHOLENAME><GENDER>M</GENDER><TITLE/><FUNCTION>President</FUNCTION><LANGUAGE/>
</NAME>
<NAME Id="19" Entity_id="13" reg_date="2003-07-08" programme="IRQ">
<LASTNAME/><FIRSTNAME/><MIDDLENAME/><WHOLENAME>Abu Ali</WHOLENAME><GENDER/><TITLE>Mr</TITLE><FUNCTION/><LANGUAGE/>
</NAME>
<BIRTH Id="14" Entity_id="13" reg_date="2003-07-08" programme="IRQ">
<DATE>1937-04-28</DATE><PLACE>al-Awja, near Tikrit</PLACE><COUNTRY>IRQ</COUNTRY>
</BIRTH>
<BIRTH Id="15" Entity_id="13" reg_date="2003-07-08" programme="IRQ">
<DATE>1936 - 1938 (approximative)</DATE><PLACE/><COUNTRY/>
</BIRTH>
<CITIZEN Id="1" Entity_id="13" reg_date="2003-07-08" programme="IRQ"><COUNTRY>IRQ</COUNTRY></CITIZEN>
<PASSPORT Id="2" Entity_id="13" reg_date="2003-07-08" programme="IRQ">
<NUMBER>27082171 (passport-National passport) ((usa passport (issued 21.6.1992 in amman, jordan))
(usa passport (issued 21.6.1992 in amman, jordan)))</NUMBER>
<COUNTRY>USA</COUNTRY>
</PASSPORT>
</ENTITY>"#;

    #[test]
    fn reads_a_person() {
        let parsed = parse_entities(SADDAM);
        assert_eq!(
            parsed.meta.published,
            PartialDate::parse_iso("2016-02-11").ok()
        );
        let [saddam] = parsed.entities.as_slice() else {
            panic!("expected one entity");
        };
        assert_eq!(saddam.id, "eu_fsf:13");
        assert_eq!(saddam.schema, Schema::Person);
        let names: Vec<_> = saddam
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.kind, n.language.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("Saddam Hussein Al-Tikriti", NameKind::Primary, None),
                ("Abou Ali", NameKind::Alias, Some("fr")),
                ("Abu Ali", NameKind::Alias, None),
            ]
        );
        assert_eq!(
            saddam.names[0].part(NamePartKind::Family),
            Some("Hussein Al-Tikriti")
        );
        assert_eq!(saddam.gender, Some(Gender::Male));
        assert_eq!(saddam.positions, ["President"]);
        assert_eq!(saddam.titles, ["Mr"]);
        let dates: Vec<_> = saddam.birth_dates.iter().map(ToString::to_string).collect();
        assert_eq!(dates, ["1937-04-28", "1936/1938"]);
        assert_eq!(saddam.birth_places, ["al-Awja, near Tikrit, Iraq"]);
        assert_eq!(saddam.citizenships, [Country::from_alpha2("IQ").unwrap()]);
        let passport = &saddam.identifiers[0];
        assert_eq!(
            (passport.kind, passport.number.as_str()),
            (IdKind::Passport, "27082171")
        );
        assert_eq!(passport.country, Country::from_alpha2("US"));
        assert_eq!(passport.label.as_deref(), Some("National passport"));
        assert_eq!(
            passport.note.as_deref(),
            Some("usa passport (issued 21.6.1992 in amman, jordan)")
        );
        let listing = &saddam.listings[0];
        assert_eq!(listing.authority, Authority::Eu);
        assert_eq!(listing.programmes, ["IRQ"]);
        assert_eq!(listing.listed_on, PartialDate::parse_iso("2003-07-07").ok());
        assert_eq!(listing.reference.as_deref(), Some("13"));
        assert_eq!(
            listing.url.as_deref(),
            Some("http://eur-lex.europa.eu/x.pdf")
        );
        assert_eq!(
            listing.remarks.as_deref(),
            Some("(UNSC RESOLUTION 1483)\nRegulation 1210/2003 (OJ L169)")
        );
        assert!(parsed.warnings.is_empty());
    }

    #[test]
    fn reads_an_organisation_with_addresses() {
        let parsed = parse_entities(
            r#"
<ENTITY Id="230" Type="E" legal_basis="2119/2003 (OJ L318)" reg_date="2012-12-03" programme="IRQ" remark="">
<NAME Id="1" reg_date="2003-12-03"><WHOLENAME>Al-Bilad Company</WHOLENAME><LANGUAGE/></NAME>
<ADDRESS Id="4" reg_date="2003-12-03">
<NUMBER>12</NUMBER><STREET>Rashid Street</STREET><ZIPCODE>PO Box 7177</ZIPCODE><CITY>Baghdad</CITY><COUNTRY>IRQ</COUNTRY>
<OTHER>PHONE[0300-820 91 99, 668 33 01]
FAX[662 38 14]
(former location
former location)</OTHER>
</ADDRESS>
<ADDRESS Id="5" reg_date="2003-12-03"><NUMBER/><STREET/><ZIPCODE/><CITY>Belgrade</CITY><COUNTRY>YUG</COUNTRY><OTHER/></ADDRESS>
</ENTITY>"#,
        );
        let entity = &parsed.entities[0];
        assert_eq!(entity.schema, Schema::Organization);
        assert_eq!(
            entity.addresses[0].full,
            "12 Rashid Street, Baghdad, PO Box 7177, Iraq"
        );
        assert_eq!(entity.addresses[1].full, "Belgrade, YUG");
        assert_eq!(entity.phones, ["0300-820 91 99", "668 33 01", "662 38 14"]);
        assert_eq!(entity.countries, [Country::from_alpha2("IQ").unwrap()]);
        let listing = &entity.listings[0];
        assert_eq!(
            listing.listed_on,
            PartialDate::parse_iso("2003-12-03").ok(),
            "the earliest act"
        );
        assert_eq!(
            listing.remarks.as_deref(),
            Some("Address: former location\nRegulation 2119/2003 (OJ L318)")
        );
        let warnings: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            ["eu_fsf:230: country \"YUG\": not a known country"]
        );
    }

    #[test]
    fn reads_identifiers_written_in_words() {
        let read = |text: &str, schema: Schema| {
            let mut entity = Entity::new("eu_fsf", "1", schema);
            let found = read_written_identifier(text, &mut entity);
            (found, entity.identifiers.pop())
        };
        let (found, id) = read("Italian fiscal Code: JMM MDI 68A25 Z352D", Schema::Person);
        assert!(found);
        let id = id.unwrap();
        assert_eq!(
            (id.kind, id.number.as_str(), id.label.as_deref()),
            (
                IdKind::TaxId,
                "JMM MDI 68A25 Z352D",
                Some("Italian fiscal Code")
            )
        );
        let (_, id) = read("SSN 156-92-9858 (USA)", Schema::Person);
        let id = id.unwrap();
        assert_eq!(
            (id.kind, id.number.as_str(), id.note.as_deref()),
            (IdKind::NationalId, "156-92-9858", Some("USA"))
        );
        let (_, id) = read(
            "US Federal Employer Identification Number 36-3823186",
            Schema::Organization,
        );
        assert_eq!(id.map(|i| i.kind), Some(IdKind::TaxId));
        assert_eq!(read("former location", Schema::Person), (false, None));
        assert_eq!(
            read("national identity card", Schema::Person),
            (false, None)
        );
    }

    #[test]
    fn reads_approximate_dates() {
        assert_eq!(
            birth_date("1965 (approximative)").map(|d| d.to_string()),
            Ok("1965~".to_owned())
        );
        assert_eq!(
            birth_date("1965").map(|d| d.to_string()),
            Ok("1965".to_owned())
        );
        assert!(birth_date("sometime").is_err());
    }

    #[test]
    fn unpacks_document_numbers() {
        assert_eq!(
            Document::parse(
                "347834 (passport-National passport)  (valid to 2014-02-21)[known to be expired](issued under name X)"
            ),
            Document {
                number: "347834",
                code: Some("passport"),
                description: Some("National passport"),
                note: Some(
                    "valid to 2014-02-21; known to be expired; issued under name X".to_owned()
                ),
            }
        );
        assert_eq!(
            Document::parse(
                "SE-011697 (passport-National passport) [known to be expired](afghan passport)"
            ),
            Document {
                number: "SE-011697",
                code: Some("passport"),
                description: Some("National passport"),
                note: Some("known to be expired; afghan passport".to_owned()),
            }
        );
        assert_eq!(
            Document::parse(
                "Ration Card no. 0094195 (other-Other identification number) (Ration Card no. 0094195)"
            ),
            Document {
                number: "Ration Card no. 0094195",
                code: Some("other"),
                description: Some("Other identification number"),
                note: Some("Ration Card no. 0094195".to_owned()),
            }
        );
        assert_eq!(
            Document::parse(
                "OR 1961825 (other-Other identification number) [known to be expired](issued under the name A, born in 1965) issued on 4.2.2003, expired 2.2.2006)"
            )
            .note
            .as_deref(),
            Some(
                "known to be expired; issued under the name A, born in 1965; issued on 4.2.2003, expired 2.2.2006"
            )
        );
        assert_eq!(
            Document::parse(
                "D 00857 (passport-National passport) (passport issued on 1997-11-20\npassport (issued on 1997-11-20 )\npassport issued on 1997-11-20)"
            )
            .note
            .as_deref(),
            Some("passport issued on 1997-11-20; passport (issued on 1997-11-20 )")
        );
        assert_eq!(Document::parse("A123").number, "A123");
        assert_eq!(unwrap_parentheses("((passport))"), "passport");
        assert_eq!(unwrap_parentheses("(a) and (b)"), "(a) and (b)");
    }

    #[test]
    fn unreadable_values_are_kept_and_reported() {
        let parsed = parse_entities(
            r#"<ENTITY Id="9" Type="X" programme="AFG"><NAME><WHOLENAME>X</WHOLENAME></NAME>
<BIRTH><DATE>sometime</DATE><PLACE>Kabul</PLACE><COUNTRY>ATL</COUNTRY></BIRTH>
<PASSPORT><NUMBER>UNKNOWN (other-Other identification number) </NUMBER><COUNTRY/></PASSPORT></ENTITY>"#,
        );
        let fields: Vec<_> = parsed.warnings.iter().map(|w| w.field.as_str()).collect();
        assert_eq!(fields, ["Type", "birth_date", "birth_country", "PASSPORT"]);
        let entity = &parsed.entities[0];
        assert_eq!(entity.schema, Schema::LegalEntity);
        assert_eq!(entity.birth_places, ["Kabul"]);
        assert!(entity.identifiers.is_empty());
        assert_eq!(entity.unparsed.len(), 4);
    }

    #[test]
    fn broken_files_are_errors() {
        let context = Context::new("eu_fsf", "old.xml");
        let xml = format!("{HEADER}<ENTITY Id=\"7\" Type=\"P\"><BIRTH/></ENTITY></WHOLE>");
        let error = parse(xml.as_bytes(), &context).unwrap_err();
        assert_eq!(
            error.to_string(),
            "old.xml: record 1 (7): ENTITY has no NAME with a name"
        );

        let xml = format!(
            "{HEADER}<ENTITY Type=\"P\"><NAME><WHOLENAME>A</WHOLENAME></NAME></ENTITY></WHOLE>"
        );
        let error = parse(xml.as_bytes(), &context).unwrap_err();
        assert_eq!(error.to_string(), "old.xml: record 1: ENTITY has no Id");

        let truncated = &SADDAM[..SADDAM.len() / 2];
        let xml = format!("{HEADER}{truncated}");
        let error = parse(xml.as_bytes(), &context).unwrap_err();
        assert!(error.to_string().starts_with("old.xml: byte "), "{error}");

        let error = parse(&b"<export><ENTITY Id=\"1\"/></export>"[..], &context).unwrap_err();
        assert!(error.to_string().contains("not <WHOLE>"), "{error}");

        let error = parse(&b"<WHOLE></WHOLE>"[..], &context).unwrap_err();
        assert!(
            error.to_string().contains("not an EU XML 1.0 file"),
            "{error}"
        );
    }
}
