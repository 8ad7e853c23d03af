//! Canada's Consolidated Autonomous Sanctions List, `sema-lmes.xml`.
//!
//! The root `data-set` holds one flat `record` per person, entity or ship:
//! `Country` (the regime, bilingual: `Belarus / Bélarus`), `LastName` and
//! `GivenName` (people) or `EntityOrShip`, `TitleOrShip` (a title, or a
//! ship's type), `ShipIMONumber`, `Aliases` (one free-text string),
//! `DateOfBirthOrShipBuildDate`, `Schedule`, `Item` and `DateOfListing`.
//! Files from 2020 name three of these `Entity`, `Title` and `DateOfBirth`,
//! and have no `DateOfListing`.
//!
//! The file states no publication date and no record ids: an entity's id is
//! built from its regime, schedule and item (`ca_sema:china-part-1-item-1`).

use std::collections::HashMap;
use std::io::BufRead;

use interdict_model::{
    Authority, Country, Entity, IdKind, Identifier, Listing, Name, NameKind, NamePart,
    NamePartKind, NumericOrder, PartialDate, Schema, VesselDetails,
};

use crate::fields::{add_birth_date, slug};
use crate::xml::{Node, RecordReader};
use crate::{Context, Location, Parsed, SourceError};

/// Reads a whole `sema-lmes.xml` file.
pub fn parse(input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
    let mut reader = RecordReader::new(input, &context.label);
    let mut parsed = Parsed::default();
    let mut ids = HashMap::new();
    let mut index = 0;
    while let Some(record) = reader.next_record(&["record"])? {
        index += 1;
        let entity = read_record(&record, context, &mut ids, &mut parsed).map_err(|message| {
            SourceError::new(
                &context.label,
                Location::Record { index, id: None },
                message,
            )
        })?;
        parsed.entities.push(entity);
    }
    Ok(parsed)
}

/// The first of several fields the format has named differently over time.
fn value<'a>(record: &'a Node, names: &[&str]) -> Option<&'a str> {
    names.iter().find_map(|name| record.child_value(name))
}

/// The English half of a bilingual value (`Belarus / Bélarus` → `Belarus`,
/// `Major General/major-général` → `Major General`).
fn english(text: &str) -> &str {
    text.split('/').next().unwrap_or(text).trim()
}

fn read_record(
    record: &Node,
    context: &Context,
    ids: &mut HashMap<String, usize>,
    parsed: &mut Parsed,
) -> Result<Entity, String> {
    let regime = record
        .child_value("Country")
        .map(english)
        .ok_or("record has no Country (regime)")?;
    let item = record.child_value("Item").ok_or("record has no Item")?;
    let schedule = record
        .child_value("Schedule")
        .filter(|s| !s.eq_ignore_ascii_case("N/A"));

    let given = record.child_value("GivenName");
    let last = record.child_value("LastName");
    let entity_name = value(record, &["EntityOrShip", "Entity"]);
    let imo = record.child_value("ShipIMONumber");
    let schema = match (given.or(last), entity_name, imo) {
        (Some(_), _, _) => Schema::Person,
        (None, Some(_), Some(_)) => Schema::Vessel,
        (None, Some(_), None) => Schema::Organization,
        (None, None, _) => {
            return Err("record has neither LastName/GivenName nor EntityOrShip".into());
        }
    };

    let base = record_id(regime, schedule, item);
    let seen = ids.entry(base.clone()).or_insert(0);
    *seen += 1;
    let local_id = match *seen {
        1 => base,
        n => format!("{base}-{n}"),
    };
    let mut entity = Entity::new(&context.source, &local_id, schema);
    if *seen > 1 {
        parsed.warn(
            &entity.id,
            "Item",
            item,
            "another record has the same regime, schedule and item: id suffixed",
        );
    }

    let primary = match entity_name.filter(|_| schema != Schema::Person) {
        Some(name) => Name::new(name, NameKind::Primary),
        None => {
            let full: Vec<&str> = [given, last].into_iter().flatten().collect();
            let parts =
                NamePart::present([(NamePartKind::Given, given), (NamePartKind::Family, last)]);
            Name::new(&full.join(" "), NameKind::Primary).with_parts(parts)
        }
    };
    entity.add_name(primary);
    if let Some(name) = entity_name.filter(|_| schema == Schema::Person) {
        entity.add_name(Name::new(name, NameKind::Alias));
    }
    if let Some(aliases) = record.child("Aliases").map(|a| a.text.as_str()) {
        add_aliases(&mut entity, aliases);
    }

    if let Some(title) = value(record, &["TitleOrShip", "Title"]) {
        if schema == Schema::Vessel {
            entity.vessel = Some(VesselDetails {
                vessel_type: Some(title.to_owned()),
                ..VesselDetails::default()
            });
        } else {
            Entity::push_unique(&mut entity.titles, english(title).to_owned());
        }
    }
    if let Some(imo) = imo {
        entity.identifiers.push(Identifier {
            kind: IdKind::Imo,
            number: imo.to_owned(),
            country: None,
            label: None,
            note: None,
        });
    }
    if let Some(dates) = value(record, &["DateOfBirthOrShipBuildDate", "DateOfBirth"]) {
        // `1963 or 1964`, `1965-07-15 OR 1969-09-28`: several dates.
        for date in dates.split(" or ").flat_map(|d| d.split(" OR ")) {
            add_birth_date(&mut entity, date, NumericOrder::DayFirst, parsed);
        }
    }
    // Most regimes are countries; some are themes (JVCFOR, Hamas Terrorist
    // Attacks), which tie the entity to no country.
    if let Some(country) = Country::resolve(regime) {
        Entity::push_unique(&mut entity.countries, country);
    }

    let mut listing = Listing::new(&context.source, Authority::CaGac);
    listing.programmes.push(regime.to_owned());
    if let Some(text) = record.child_value("DateOfListing") {
        match PartialDate::parse_iso(text) {
            Ok(date) => listing.listed_on = Some(date),
            Err(error) => {
                entity.keep_unparsed("listed_on", text);
                parsed.warn(&entity.id, "DateOfListing", text, error.reason);
            }
        }
    }
    listing.reference = Some(match schedule {
        Some(schedule) => format!("Schedule {schedule}, Item {item}"),
        None => format!("Item {item}"),
    });
    entity.listings.push(listing);
    Ok(entity)
}

/// The id of a record: its regime, schedule and item, slugged
/// (`china-part-1-item-1`, `russia-1-part-2-item-341`). A regime named with
/// an acronym in brackets goes by the acronym (`jvcfor-item-12`).
fn record_id(regime: &str, schedule: Option<&str>, item: &str) -> String {
    let acronym = regime
        .strip_suffix(')')
        .and_then(|r| r.rsplit_once('('))
        .map(|(_, acronym)| acronym)
        .filter(|a| a.len() >= 2 && a.chars().all(|c| c.is_ascii_uppercase()));
    let regime = slug(acronym.unwrap_or(regime));
    match schedule {
        Some(schedule) => format!("{regime}-{}-item-{}", slug(schedule), slug(item)),
        None => format!("{regime}-item-{}", slug(item)),
    }
}

/// Adds the names of an `Aliases` text. A person's alias that gives only
/// some of their names is completed from the primary name (see
/// [`complete`]); one that stays a single word (`Batya`, `Hemedti`) is a
/// nickname or a part of a name: a weak alias.
fn add_aliases(entity: &mut Entity, text: &str) {
    let person = entity.schema == Schema::Person;
    let primary = entity.caption().to_owned();
    for alias in split_aliases(text, person) {
        let full = if person {
            complete(&alias.name, &primary).unwrap_or(alias.name)
        } else {
            alias.name
        };
        let mut name = Name::new(&full, NameKind::Alias);
        if person && !name.full.contains(' ') {
            name.kind = NameKind::WeakAlias;
        }
        // A language label also covers transliterations that follow it; only
        // names in another script are in that language.
        if let Some(language) = alias.language
            && name.script.as_deref() != Some("Latn")
        {
            name = name.with_language(language);
        }
        if !entity.names.iter().any(|n| n.full == name.full) {
            entity.add_name(name);
        }
    }
}

/// Completes a one-word alias of a person that is a spelling of one of the
/// words of the primary name with the primary name's other words: `Andrei`
/// for `Andrey Igorevich AKIMOV` gives `Andrei Igorevich AKIMOV`, `PASHENKO`
/// for `Natalya Aleksandrovna PASHCHENKO` gives `Natalya Aleksandrovna
/// PASHENKO`. (Longer aliases such as `Salah Gosh` are names in their own
/// right.)
fn complete(alias: &str, primary: &str) -> Option<String> {
    if alias.contains(char::is_whitespace) {
        return None;
    }
    let mut words: Vec<&str> = primary.split_whitespace().collect();
    if words.len() < 2 {
        return None;
    }
    let position = words.iter().position(|word| same_word(alias, word))?;
    words[position] = alias;
    Some(words.join(" "))
}

/// Whether two words are spellings of one name: at most one edit in three
/// letters of the shorter (`Andrei`/`Andrey`, `Alexander`/`Aleksandr`,
/// `PASHENKO`/`PASHCHENKO`), ignoring case.
fn same_word(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    let (a_len, b_len) = (a.chars().count(), b.chars().count());
    let allowed = (a_len.min(b_len) / 3).max(1);
    // No name is that long; the bound keeps the distance cheap on any input.
    let longest_name = 64;
    a_len.abs_diff(b_len) <= allowed
        && a_len.max(b_len) <= longest_name
        && strsim::levenshtein(&a, &b) <= allowed
}

/// One name from an `Aliases` text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Alias {
    name: String,
    /// The language a label before it states (`Russian:` → `ru`).
    language: Option<&'static str>,
}

/// Labels that introduce names in a language.
const LANGUAGE_LABELS: &[(&str, &str)] = &[
    ("Belarusian", "be"),
    ("Belarussian", "be"),
    ("Russian", "ru"),
    ("Ukrainian", "uk"),
    ("Arabic", "ar"),
    ("Persian", "fa"),
    ("Farsi", "fa"),
    ("Hebrew", "he"),
    ("Armenian", "hy"),
    ("Chinese", "zh"),
];

/// Legal forms written after a comma (`Невское ПКБ, АО`): part of the name,
/// not a name of their own.
const LEGAL_FORMS: &[&str] = &[
    "ао", "оао", "зао", "пао", "ооо", "сао", "фгуп", "мк", "ao", "oao", "zao", "pao", "ooo", "jsc",
    "ojsc", "pjsc", "llc", "fsue", "ltd", "ltd.", "inc", "inc.", "co", "co.", "sarl", "sau",
];

/// More combinations than this from one alias (`Nikolay or Nikolai …`) means
/// the alternatives were not word for word: each part is then a name.
const MAX_COMBINATIONS: usize = 16;

/// Splits an `Aliases` text into names.
///
/// * Names are separated by commas and semicolons outside brackets and
///   quotation marks, and by language labels (`…, Belarusian: Мікалай …;
///   Russian: Николай …`), which give the language of the names after them.
///   A legal form after a comma belongs to the name before it (`Невское
///   ПКБ, АО`), and so does a comma before a lower-case Cyrillic word.
/// * ` or `, `/` (and, in people's names, ` and `) separate alternatives.
///   Between two full names (`Hanna Borisovna Liavusik or Anna Borisovna
///   Leusik`) each is a name; otherwise the alternative is for one word
///   (`Aleksandr Evgenyevich or Evgenievich Kon’kov`, `Aleksander/ Aleksandr
///   or Alexander /Alexandr Vladimirovich Karnienko`) and every combination
///   is a name. In organisations' names ` and ` separates names only next to
///   another script (`ООО Машприборинторг-Волна and МПИ-Волна`): `Myanma
///   Investment and Commercial Bank` is one name.
/// * A bracketed word in a person's name is another spelling of the word
///   before it: `Dzmitry (Zmitser) Karsiuk` gives `Dzmitry Karsiuk` and
///   `Zmitser Karsiuk`.
/// * A name in Latin letters followed by one in Arabic or Hebrew letters
///   without a separator is two names.
fn split_aliases(text: &str, person: bool) -> Vec<Alias> {
    let text: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let mut aliases = Vec::new();
    for (piece, language) in merge_pieces(split_pieces(&text)) {
        for name in alternatives(&piece, person)
            .iter()
            .flat_map(|name| split_scripts(name))
        {
            let name = clean(&name);
            if name.chars().any(char::is_alphanumeric) {
                aliases.push(Alias {
                    name: name.to_owned(),
                    language,
                });
            }
        }
    }
    aliases
}

/// A language label at the start of `text` (`Russian:`, `Russian :`,
/// `Arabic:`): the language and the text after it.
fn language_label(text: &str) -> Option<(&'static str, &str)> {
    LANGUAGE_LABELS.iter().find_map(|&(label, code)| {
        let rest = text.strip_prefix(label)?.trim_start();
        let rest = rest.strip_prefix(':')?.trim_start_matches(':');
        Some((code, rest))
    })
}

/// The quotation marks of the lists. They use `"`, `“`, `”` and even `«` both
/// to open and to close a quotation.
fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»')
}

/// Whether the brackets, and the quotation marks, of `text` balance: every
/// one closed, in order.
fn nesting(text: &str) -> (bool, bool) {
    let (mut brackets, mut quotes) = (0i32, 0i32);
    let (mut brackets_ok, mut quotes_ok) = (true, true);
    let mut previous: Option<char> = None;
    for c in text.chars() {
        match c {
            '(' => brackets += 1,
            ')' => brackets -= 1,
            c if is_quote(c) => quotes += quote_step(previous),
            _ => {}
        }
        brackets_ok &= brackets >= 0;
        quotes_ok &= quotes >= 0;
        previous = Some(c);
    }
    (brackets_ok && brackets == 0, quotes_ok && quotes == 0)
}

/// +1 for a quotation mark that opens (at the start, or after a space, a
/// bracket or another mark), -1 for one that closes.
fn quote_step(previous: Option<char>) -> i32 {
    if previous.is_none_or(|p| p.is_whitespace() || p == '(' || is_quote(p)) {
        1
    } else {
        -1
    }
}

/// Splits at commas, semicolons and language labels outside brackets and
/// quotations (either is ignored when it does not balance). A comma before a
/// lower-case Cyrillic word is part of a name (`Министерство образования,
/// науки и молодежи`). Each piece comes with the language of the last label
/// before it.
fn split_pieces(text: &str) -> Vec<(String, Option<&'static str>)> {
    let (brackets_balanced, quotes_balanced) = nesting(text);
    let mut pieces = Vec::new();
    let mut language = None;
    let mut current = String::new();
    let mut depth = 0i32;
    let mut previous = None;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let at_word_start = current.is_empty() || current.ends_with([' ', '(']);
        if depth == 0
            && at_word_start
            && let Some((code, after)) = language_label(rest)
        {
            pieces.push((std::mem::take(&mut current), language));
            language = Some(code);
            previous = Some(':');
            rest = after;
            continue;
        }
        rest = &rest[c.len_utf8()..];
        let before = previous.replace(c);
        match c {
            '(' if brackets_balanced => depth += 1,
            ')' if brackets_balanced => depth -= 1,
            c if is_quote(c) && quotes_balanced => depth += quote_step(before),
            ';' if depth == 0 => {
                pieces.push((std::mem::take(&mut current), language));
                continue;
            }
            ',' if depth == 0 && !rest.trim_start().starts_with(is_lower_cyrillic) => {
                pieces.push((std::mem::take(&mut current), language));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    pieces.push((current, language));
    pieces
}

fn is_lower_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}') && c.is_lowercase()
}

/// Joins pieces that are not names of their own: a bare legal form
/// (`Невское ПКБ, АО`) and an alternative after a comma (`Alexander, or
/// Alexandr Valerievich Kalinin`). Drops a leading `and` or `also`.
fn merge_pieces(
    pieces: Vec<(String, Option<&'static str>)>,
) -> Vec<(String, Option<&'static str>)> {
    let mut merged: Vec<(String, Option<&'static str>)> = Vec::new();
    let mut leading_form: Option<String> = None;
    for (piece, language) in pieces {
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        // `РЕСО-Гарантия, САО or Страховое Акционерное Общество …`
        if let Some((form, alternative)) = piece.split_once(" or ")
            && is_legal_form(form)
            && let Some((last, _)) = merged.last_mut()
        {
            *last = format!("{last}, {form} or {alternative}");
            continue;
        }
        if is_legal_form(piece) {
            match merged.last_mut() {
                Some((last, _)) => *last = format!("{last}, {piece}"),
                None => leading_form = Some(piece.to_owned()),
            }
            continue;
        }
        if let Some(alternative) = piece.strip_prefix("or ")
            && let Some((last, _)) = merged.last_mut()
        {
            *last = format!("{last} or {alternative}");
            continue;
        }
        let piece = piece
            .strip_prefix("and ")
            .or_else(|| piece.strip_prefix("also "))
            .unwrap_or(piece);
        let piece = match leading_form.take() {
            Some(form) => format!("{form}, {piece}"),
            None => piece.to_owned(),
        };
        merged.push((piece, language));
    }
    if let Some(form) = leading_form {
        merged.push((form, None));
    }
    merged
}

fn is_legal_form(text: &str) -> bool {
    LEGAL_FORMS.contains(&text.to_lowercase().as_str())
}

/// Whether a word has letters of a script other than Latin (Cyrillic,
/// Arabic, …).
fn is_non_latin(word: &str) -> bool {
    word.chars()
        .any(|c| c.is_alphabetic() && !c.is_ascii() && u32::from(c) >= 0x250)
}

/// The names one piece gives: the piece itself, or the combinations of its
/// alternatives (see [`split_aliases`]).
fn alternatives(piece: &str, person: bool) -> Vec<String> {
    let spaced = piece.replace('/', " / ");
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let (balanced, _) = nesting(piece);

    // Segments between the alternative markers outside brackets.
    let mut segments: Vec<Vec<&str>> = vec![Vec::new()];
    let mut depth = 0i32;
    for (i, &word) in words.iter().enumerate() {
        let marker = depth == 0
            && match word {
                "or" | "/" => true,
                "and" => {
                    person
                        || [i.checked_sub(1), Some(i + 1)]
                            .into_iter()
                            .flatten()
                            .filter_map(|j| words.get(j))
                            .any(|w| is_non_latin(w))
                }
                _ => false,
            };
        if marker {
            segments.push(Vec::new());
            continue;
        }
        if balanced {
            depth += word.matches('(').count() as i32 - word.matches(')').count() as i32;
        }
        if let Some(segment) = segments.last_mut() {
            segment.push(word);
        }
    }
    segments.retain(|s| !s.is_empty());
    if !person {
        return segments.iter().map(|s| s.join(" ")).collect();
    }

    // Two full names side by side are alternatives as wholes; anything
    // else is an alternative for the words where they meet.
    let whole = |left: &[&str], right: &[&str]| {
        left.len() >= 2
            && right.len() >= 2
            && (left.len() + right.len() >= 5 || left.first() == right.first())
    };
    let mut groups: Vec<Vec<&[&str]>> = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        let joins_previous = i > 0 && !whole(&segments[i - 1], segment);
        match groups.last_mut() {
            Some(group) if joins_previous => group.push(segment),
            _ => groups.push(vec![segment]),
        }
    }
    groups
        .iter()
        .flat_map(|group| combinations(group))
        .collect()
}

/// Every name a run of word-for-word alternatives stands for: `Ilia
/// Vasilyevich` + `Vasilievich` gives `Ilia Vasilyevich` and `Ilia
/// Vasilievich`.
fn combinations(group: &[&[&str]]) -> Vec<String> {
    // Each slot holds the words that can stand at one position.
    let mut slots: Vec<Vec<&str>> = Vec::new();
    for (i, segment) in group.iter().enumerate() {
        for (j, &word) in segment.iter().enumerate() {
            let alternative = (i > 0 && j == 0) || bracketed_spelling(word).is_some();
            match slots.last_mut() {
                Some(slot) if alternative => slot.push(bracketed_spelling(word).unwrap_or(word)),
                _ => slots.push(vec![word]),
            }
        }
    }
    let count = slots
        .iter()
        .map(Vec::len)
        .try_fold(1usize, |n, len| n.checked_mul(len));
    if count.is_none_or(|n| n > MAX_COMBINATIONS) {
        return group.iter().map(|segment| segment.join(" ")).collect();
    }
    let mut names = vec![String::new()];
    for slot in slots {
        names = names
            .iter()
            .flat_map(|name| {
                slot.iter().map(move |word| {
                    if name.is_empty() {
                        (*word).to_owned()
                    } else {
                        format!("{name} {word}")
                    }
                })
            })
            .collect();
    }
    names
}

/// `(Zmitser)`: another spelling of the word before it, in brackets.
fn bracketed_spelling(word: &str) -> Option<&str> {
    let inner = word.strip_prefix('(')?.strip_suffix(')')?;
    let mut chars = inner.chars();
    let starts_upper = chars.next().is_some_and(char::is_uppercase);
    (starts_upper && chars.any(char::is_lowercase) && !inner.contains(['(', ')'])).then_some(inner)
}

/// Splits a name where Latin words meet Arabic or Hebrew ones: no name mixes
/// those scripts, so a missing separator is the only explanation.
fn split_scripts(name: &str) -> Vec<String> {
    #[derive(PartialEq, Clone, Copy)]
    enum Kind {
        Latin,
        RightToLeft,
    }
    let kind = |word: &str| {
        if word
            .chars()
            .any(|c| matches!(u32::from(c), 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF))
        {
            Some(Kind::RightToLeft)
        } else if word.chars().any(|c| c.is_ascii_alphabetic()) {
            Some(Kind::Latin)
        } else {
            None
        }
    };
    let mut names: Vec<String> = Vec::new();
    let mut last_kind = None;
    for word in name.split_whitespace() {
        let this = kind(word);
        let starts_new = matches!((last_kind, this), (Some(a), Some(b)) if a != b);
        match names.last_mut() {
            Some(current) if !starts_new => {
                current.push(' ');
                current.push_str(word);
            }
            _ => names.push(word.to_owned()),
        }
        if this.is_some() {
            last_kind = this;
        }
    }
    names
}

/// Trims separators and stray brackets from the ends of a name.
fn clean(name: &str) -> &str {
    let mut name = name.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':'));
    loop {
        let opens = name.matches('(').count();
        let closes = name.matches(')').count();
        let trimmed = if name.starts_with('(')
            && name.ends_with(')')
            && nesting(&name[1..name.len() - 1]).0
        {
            &name[1..name.len() - 1]
        } else if name.ends_with('(') || (opens > closes && name.starts_with('(')) {
            name.strip_suffix('(')
                .or_else(|| name.strip_prefix('('))
                .unwrap_or(name)
        } else if name.starts_with(')') || (closes > opens && name.ends_with(')')) {
            name.strip_prefix(')')
                .or_else(|| name.strip_suffix(')'))
                .unwrap_or(name)
        } else {
            return name;
        };
        name = trimmed.trim();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str, person: bool) -> Vec<String> {
        split_aliases(text, person)
            .into_iter()
            .map(|a| a.name)
            .collect()
    }

    fn with_languages(text: &str) -> Vec<(String, Option<&'static str>)> {
        split_aliases(text, true)
            .into_iter()
            .map(|a| (a.name, a.language))
            .collect()
    }

    #[test]
    fn splits_at_commas_semicolons_and_language_labels() {
        assert_eq!(
            with_languages(
                "Mikalay Alyaksandravich Lukashenka, Kolya Lukashenko, Belarusian: Мікалай Аляксандравіч Лукашэнка; Russian: Николай Александрович Лукашенко, Коля Лукашенко"
            ),
            [
                ("Mikalay Alyaksandravich Lukashenka".to_owned(), None),
                ("Kolya Lukashenko".to_owned(), None),
                ("Мікалай Аляксандравіч Лукашэнка".to_owned(), Some("be")),
                ("Николай Александрович Лукашенко".to_owned(), Some("ru")),
                ("Коля Лукашенко".to_owned(), Some("ru")),
            ]
        );
        assert_eq!(
            with_languages(
                "Andrey Sergeevich, Belarusian: Aндрэй Сяргеевiч Пальчык, Russian\u{a0}: Андрей Сергеевич Пальчик"
            ),
            [
                ("Andrey Sergeevich".to_owned(), None),
                ("Aндрэй Сяргеевiч Пальчык".to_owned(), Some("be")),
                ("Андрей Сергеевич Пальчик".to_owned(), Some("ru")),
            ]
        );
        // A label without a separator before it, and Arabic after Latin.
        assert_eq!(
            with_languages(
                "Motah General Trading LLC, Tradive General Trading Co                Arabic: تراديف للتجارة العامة"
            ),
            [
                ("Motah General Trading LLC".to_owned(), None),
                ("Tradive General Trading Co".to_owned(), None),
                ("تراديف للتجارة العامة".to_owned(), Some("ar")),
            ]
        );
        assert_eq!(
            names(
                "Abbas Morteza Nilforoushan Abbas Morteza Nilforushan\n عباس نیلفروشان",
                true
            ),
            [
                "Abbas Morteza Nilforoushan Abbas Morteza Nilforushan",
                "عباس نیلفروشان"
            ]
        );
    }

    #[test]
    fn keeps_brackets_and_legal_forms_together() {
        assert_eq!(
            names(
                "Центральный научно-исследовательский институт машиностроения (ЦНИИМаш, АО)",
                false
            ),
            ["Центральный научно-исследовательский институт машиностроения (ЦНИИМаш, АО)"]
        );
        assert_eq!(
            names(
                "Невское ПКБ, АО; Акционерное Общество \"Невское Проектно-Конструкторское Бюро\"",
                false
            ),
            [
                "Невское ПКБ, АО",
                "Акционерное Общество \"Невское Проектно-Конструкторское Бюро\""
            ]
        );
        assert_eq!(names("ОАО, БЭТО", false), ["ОАО, БЭТО"]);
        assert_eq!(
            names(
                "РЕСО-Гарантия, САО or Страховое Акционерное Общество \"РЕСО-Гарантия\"",
                false
            ),
            [
                "РЕСО-Гарантия, САО",
                "Страховое Акционерное Общество \"РЕСО-Гарантия\""
            ]
        );
        // Commas inside quotation marks, and before a lower-case word.
        assert_eq!(
            names("Акционерное Общество \"Корпорация \"Космические Системы Мониторинга, Информационно-Управляющие Комплексы\" Имени А.Г. Иосифьяна\"", false).len(),
            1
        );
        assert_eq!(
            names("Общероссийская организация «Добровольное общество содействия армии, авиации и флоту России»", false).len(),
            1
        );
        assert_eq!(
            names(
                "Войска радиационной, химической и биологической защиты, РХБЗ",
                false
            ),
            [
                "Войска радиационной, химической и биологической защиты",
                "РХБЗ"
            ]
        );
        assert_eq!(names("(Rosselkhozbank)", false), ["Rosselkhozbank"]);
        // Brackets that do not balance are ignored, and stray ones trimmed.
        assert_eq!(
            with_languages(
                "Беларускi народны банк) (Russian: Открытое акционерное общество \"Белорусский народный банк\"/ ОАО \"БНБ-Банк\""
            ),
            [
                ("Беларускi народны банк".to_owned(), None),
                (
                    "Открытое акционерное общество \"Белорусский народный банк\"".to_owned(),
                    Some("ru")
                ),
                ("ОАО \"БНБ-Банк\"".to_owned(), Some("ru")),
            ]
        );
        assert_eq!(
            names("(Юрий Николаевич ГОВТВИН / Юрiй Миколайович ГОВТВIН", true),
            ["Юрий Николаевич ГОВТВИН", "Юрiй Миколайович ГОВТВIН"]
        );
    }

    #[test]
    fn reads_alternatives_for_whole_names_and_for_words() {
        assert_eq!(
            names("Hanna Borisovna Liavusik or Anna Borisovna Leusik", true),
            ["Hanna Borisovna Liavusik", "Anna Borisovna Leusik"]
        );
        assert_eq!(
            names("Наталья Браунинг or Наталья Тимченко", true),
            ["Наталья Браунинг", "Наталья Тимченко"]
        );
        assert_eq!(
            names(
                "Александр Евгеньевич Коньков; Aleksandr Evgenyevich or Evgenievich Kon’kov",
                true
            ),
            [
                "Александр Евгеньевич Коньков",
                "Aleksandr Evgenyevich Kon’kov",
                "Aleksandr Evgenievich Kon’kov"
            ]
        );
        assert_eq!(
            names(
                "Aleksander/ Aleksandr or Alexander /Alexandr Vladimirovich Karnienko",
                true
            ),
            [
                "Aleksander Vladimirovich Karnienko",
                "Aleksandr Vladimirovich Karnienko",
                "Alexander Vladimirovich Karnienko",
                "Alexandr Vladimirovich Karnienko"
            ]
        );
        assert_eq!(
            names("Alexander, or Alexandr Valerievich Kalinin", true),
            [
                "Alexander Valerievich Kalinin",
                "Alexandr Valerievich Kalinin"
            ]
        );
        assert_eq!(
            names("Сергей Евгеньевич Цивилев, or Цивилёв", true),
            ["Сергей Евгеньевич Цивилев", "Сергей Евгеньевич Цивилёв"]
        );
        assert_eq!(
            names("Тетяна Юріївна Томіліна and Томилина Татьяна Юрьевна", true),
            ["Тетяна Юріївна Томіліна", "Томилина Татьяна Юрьевна"]
        );
        assert_eq!(
            names(
                "Ольга Александровна КРАВЦОВА / Ольга Олександрiвна КРАВЦОВА",
                true
            ),
            [
                "Ольга Александровна КРАВЦОВА",
                "Ольга Олександрiвна КРАВЦОВА"
            ]
        );
        // Too many combinations: each part is a name.
        assert_eq!(
            names("A or B or C / D E or F or G or H or I", true),
            ["A", "B", "C", "D E", "F", "G", "H", "I"]
        );
    }

    #[test]
    fn and_separates_organisation_names_only_next_to_another_script() {
        assert_eq!(
            names("ООО Машприборинторг-Волна and МПИ-Волна", false),
            ["ООО Машприборинторг-Волна", "МПИ-Волна"]
        );
        assert_eq!(
            names(
                "Myanma Investment and Commercial Bank, Burma Investment and Commercial Bank",
                false
            ),
            [
                "Myanma Investment and Commercial Bank",
                "Burma Investment and Commercial Bank"
            ]
        );
        assert_eq!(
            names("Министерство финансов or МинФин; MinFin", false),
            ["Министерство финансов", "МинФин", "MinFin"]
        );
        assert_eq!(names("GORT/ORTAS", false), ["GORT", "ORTAS"]);
    }

    #[test]
    fn completes_partial_names_of_people() {
        let primary = "Andrey Igorevich AKIMOV";
        assert_eq!(
            complete("Andrei", primary).as_deref(),
            Some("Andrei Igorevich AKIMOV")
        );
        assert_eq!(
            complete("AKIMOFF", primary).as_deref(),
            Some("Andrey Igorevich AKIMOFF")
        );
        assert_eq!(
            complete("Alexander Alexandrovich", "Aleksandr Aleksandrovich ZHAROV"),
            None
        );
        assert_eq!(complete("Batya", "Pavel DREMOV"), None);
        assert_eq!(complete("Баранов", "Oleg Anatolievich BARANOV"), None);
        assert_eq!(complete("Pavel", "Pavel"), None);
    }

    #[test]
    fn a_bracketed_word_is_another_spelling() {
        assert_eq!(
            names("Dzmitry (Zmitser) Karsiuk", true),
            ["Dzmitry Karsiuk", "Zmitser Karsiuk"]
        );
        assert_eq!(
            names("Myanmar Ar (Power) Construction Services", false),
            ["Myanmar Ar (Power) Construction Services"],
            "only in people's names"
        );
        assert_eq!(
            names("ZAO Interavtomatika (IA)", true),
            ["ZAO Interavtomatika (IA)"]
        );
    }

    const RECORDS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<data-set xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
	<record>
		<Country>China / Chine</Country>
		<LastName>Chen</LastName>
		<GivenName>Quanguo</GivenName>
		<DateOfBirthOrShipBuildDate>1955-11</DateOfBirthOrShipBuildDate>
		<Schedule>Part 1</Schedule>
		<Item>5</Item>
		<DateOfListing>2024-12-09</DateOfListing>
	</record>
	<record>
		<Country>Russia / Russie</Country>
		<EntityOrShip>Lady R</EntityOrShip>
		<TitleOrShip>Ro-Ro Cargo</TitleOrShip>
		<ShipIMONumber>9161003</ShipIMONumber>
		<DateOfBirthOrShipBuildDate>2004</DateOfBirthOrShipBuildDate>
		<Schedule>1.1</Schedule>
		<Item>7</Item>
		<DateOfListing>2025-02-21</DateOfListing>
	</record>
	<record>
		<Country>Syria / Syrie</Country>
		<LastName>Al-Ahmad</LastName>
		<GivenName>Jumah </GivenName>
		<TitleOrShip>Major General/major-général</TitleOrShip>
		<Aliases>Batya, Kazak Ahmad</Aliases>
		<DateOfBirthOrShipBuildDate>1963 or 1964</DateOfBirthOrShipBuildDate>
		<Schedule>1, Part 1</Schedule>
		<Item>1</Item>
		<DateOfListing>2011-05-24</DateOfListing>
	</record>
	<record>
		<Country>Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR) / Règlement (RJVDEC)</Country>
		<EntityOrShip>Some Company</EntityOrShip>
		<DateOfBirthOrShipBuildDate>Sep-99</DateOfBirthOrShipBuildDate>
		<Item>12</Item>
		<DateOfListing>2017-11-03</DateOfListing>
	</record>
	<record>
		<Country>China / Chine</Country>
		<EntityOrShip>Duplicate</EntityOrShip>
		<Schedule>Part 1</Schedule>
		<Item>5</Item>
		<DateOfListing>2024-12-09</DateOfListing>
	</record>
</data-set>"#;

    #[test]
    fn reads_people_ships_and_organisations() {
        let parsed = parse(
            RECORDS.as_bytes(),
            &Context::new("ca_sema", "sema-lmes.xml"),
        )
        .unwrap();
        assert_eq!(parsed.meta.published, None);
        let [chen, ship, general, company, duplicate] = parsed.entities.as_slice() else {
            panic!("expected five entities");
        };
        assert_eq!(chen.id, "ca_sema:china-part-1-item-5");
        assert_eq!(chen.schema, Schema::Person);
        assert_eq!(chen.caption(), "Quanguo Chen");
        assert_eq!(chen.names[0].part(NamePartKind::Family), Some("Chen"));
        assert_eq!(chen.birth_dates[0].to_string(), "1955-11");
        assert_eq!(chen.countries, [Country::from_alpha2("CN").unwrap()]);
        let listing = &chen.listings[0];
        assert_eq!(listing.authority, Authority::CaGac);
        assert_eq!(listing.programmes, ["China"]);
        assert_eq!(
            listing.listed_on.map(|d| d.to_string()).as_deref(),
            Some("2024-12-09")
        );
        assert_eq!(
            listing.reference.as_deref(),
            Some("Schedule Part 1, Item 5")
        );

        assert_eq!(ship.id, "ca_sema:russia-1-1-item-7");
        assert_eq!(ship.schema, Schema::Vessel);
        assert_eq!(ship.identifiers[0].kind, IdKind::Imo);
        assert_eq!(ship.identifiers[0].number, "9161003");
        assert_eq!(
            ship.vessel.as_ref().and_then(|v| v.vessel_type.as_deref()),
            Some("Ro-Ro Cargo")
        );
        assert_eq!(ship.birth_dates[0].to_string(), "2004");

        assert_eq!(general.caption(), "Jumah Al-Ahmad");
        assert_eq!(general.titles, ["Major General"]);
        let aliases: Vec<_> = general.names[1..]
            .iter()
            .map(|n| (n.full.as_str(), n.kind))
            .collect();
        assert_eq!(
            aliases,
            [
                ("Batya", NameKind::WeakAlias),
                ("Kazak Ahmad", NameKind::Alias)
            ]
        );
        let dates: Vec<String> = general
            .birth_dates
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(dates, ["1963", "1964"]);

        assert_eq!(company.id, "ca_sema:jvcfor-item-12");
        assert_eq!(company.schema, Schema::Organization);
        assert!(company.countries.is_empty());
        assert_eq!(company.listings[0].reference.as_deref(), Some("Item 12"));
        assert_eq!(company.unparsed[0].value, "Sep-99");

        assert_eq!(duplicate.id, "ca_sema:china-part-1-item-5-2");
        let warnings: Vec<_> = parsed.warnings.iter().map(|w| w.field.as_str()).collect();
        assert_eq!(warnings, ["birth_date", "Item"]);
    }

    #[test]
    fn reads_the_2020_field_names() {
        let xml = r#"<data-set><record><Country>Burma / Birmanie</Country><Entity>Air Bagan</Entity>
            <Aliases>Air Bagan Holdings Pte. Ltd., Air Bagan Limited</Aliases><Schedule>1</Schedule><Item>1</Item></record>
            <record><Country>Venezuela </Country><LastName>X</LastName><GivenName>Y</GivenName><Title>Brigadier</Title>
            <DateOfBirth>1960-01-02</DateOfBirth><Schedule>N/A</Schedule><Item>3</Item></record></data-set>"#;
        let parsed = parse(xml.as_bytes(), &Context::new("ca_sema", "old.xml")).unwrap();
        let [bagan, person] = parsed.entities.as_slice() else {
            panic!("expected two entities");
        };
        assert_eq!(bagan.id, "ca_sema:burma-1-item-1");
        assert_eq!(bagan.names.len(), 3);
        assert_eq!(bagan.countries, [Country::from_alpha2("MM").unwrap()]);
        assert_eq!(person.id, "ca_sema:venezuela-item-3");
        assert_eq!(person.titles, ["Brigadier"]);
        assert_eq!(person.birth_dates[0].to_string(), "1960-01-02");
        assert_eq!(person.listings[0].listed_on, None);
    }

    #[test]
    fn broken_records_are_errors() {
        let xml = "<data-set><record><Country>Iran</Country><Item>1</Item></record></data-set>";
        let error = parse(xml.as_bytes(), &Context::new("ca_sema", "sema.xml")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "sema.xml: record 1: record has neither LastName/GivenName nor EntityOrShip"
        );
        let error = parse(
            &RECORDS.as_bytes()[..400],
            &Context::new("ca_sema", "sema.xml"),
        )
        .unwrap_err();
        assert!(error.to_string().starts_with("sema.xml: byte "), "{error}");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn splitting_never_panics(text in r"[ a-zA-ZАб()«»\x22“”,;/:]{0,60}( or | and |Russian: )?[ a-zА()\x22,;/]{0,20}", person: bool) {
                for alias in split_aliases(&text, person) {
                    prop_assert!(!alias.name.is_empty());
                    let _ = complete(&alias.name, "Andrey Igorevich AKIMOV");
                }
            }
        }
    }
}
