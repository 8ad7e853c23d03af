//! Reading common fields into the model's types, keeping what cannot be read.

use std::ops::RangeInclusive;

use interdict_model::{
    Country, Entity, FuzzyDate, Gender, IdKind, Identifier, Name, NameKind, NumericOrder, Schema,
};

use crate::Parsed;

/// Reads a date of birth into `entity.birth_dates`. A value that is not a
/// date is kept in `entity.unparsed` and reported as a warning.
pub(crate) fn add_birth_date(
    entity: &mut Entity,
    text: &str,
    order: NumericOrder,
    parsed: &mut Parsed,
) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    match FuzzyDate::parse_with(text, order) {
        Ok(date) => Entity::push_unique(&mut entity.birth_dates, date),
        Err(error) => {
            entity.keep_unparsed("birth_date", text);
            parsed.warn(&entity.id, "birth_date", text, error.reason);
        }
    }
}

/// Which country list of an entity a value belongs to.
#[derive(Debug, Clone, Copy)]
pub(crate) enum CountryField {
    Nationality,
    Citizenship,
    Country,
}

impl CountryField {
    fn name(self) -> &'static str {
        match self {
            CountryField::Nationality => "nationality",
            CountryField::Citizenship => "citizenship",
            CountryField::Country => "country",
        }
    }
}

/// Reads a country name or code into the given list of `entity`. A value
/// that names no country is kept in `entity.unparsed` and reported.
pub(crate) fn add_country(
    entity: &mut Entity,
    field: CountryField,
    text: &str,
    parsed: &mut Parsed,
) -> Option<Country> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match Country::resolve(text) {
        Some(country) => {
            let list = match field {
                CountryField::Nationality => &mut entity.nationalities,
                CountryField::Citizenship => &mut entity.citizenships,
                CountryField::Country => &mut entity.countries,
            };
            Entity::push_unique(list, country);
            Some(country)
        }
        None => {
            entity.keep_unparsed(field.name(), text);
            parsed.warn(&entity.id, field.name(), text, "not a known country");
            None
        }
    }
}

/// Reads a value naming one country or several (`Estonia, Russia`,
/// `Russian and Ukrainian`), by name, code or nationality adjective, into
/// the given list of `entity`, and returns them. A value that names no
/// country is kept in `entity.unparsed` and reported. Unlike
/// [`add_country`], which takes the value whole, this is for lists that
/// write nationalities as prose (the UK's, Australia's).
pub(crate) fn add_countries(
    entity: &mut Entity,
    field: CountryField,
    text: &str,
    parsed: &mut Parsed,
) -> Vec<Country> {
    let text = text.trim().trim_end_matches(['.', ';', ',']).trim();
    if text.is_empty() {
        return Vec::new();
    }
    match resolve_countries(text) {
        Some(countries) => {
            let list = match field {
                CountryField::Nationality => &mut entity.nationalities,
                CountryField::Citizenship => &mut entity.citizenships,
                CountryField::Country => &mut entity.countries,
            };
            for &country in &countries {
                Entity::push_unique(list, country);
            }
            countries
        }
        None => {
            entity.keep_unparsed(field.name(), text);
            parsed.warn(&entity.id, field.name(), text, "not a known country");
            Vec::new()
        }
    }
}

/// The countries a value names: one ([`nationality_country`]), or several
/// joined by commas, slashes, `and` or full stops, each of which must be a
/// country. None when any part is not.
pub(crate) fn resolve_countries(text: &str) -> Option<Vec<Country>> {
    if let Some(country) = nationality_country(text) {
        return Some(vec![country]);
    }
    let parts: Vec<&str> = text
        .split([',', ';', '/'])
        .flat_map(|part| part.split(" and "))
        .flat_map(|part| part.split(". "))
        .map(without_qualifier)
        .filter(|part| !part.is_empty())
        .collect();
    if parts.len() < 2 {
        return None;
    }
    let mut countries: Vec<Country> = Vec::new();
    for part in parts {
        let country = nationality_country(part)?;
        Entity::push_unique(&mut countries, country);
    }
    Some(countries)
}

/// The country a value names as nationality columns write it: a name, a
/// code, a list spelling or a nationality adjective (`Afghan`, `Saudi Arabian`, `Iranian
/// citizenship`, `Iranian (Iranian citizenship)`), all of which
/// [`Country::resolve`] knows once the qualifier is gone.
pub(crate) fn nationality_country(text: &str) -> Option<Country> {
    let text = without_qualifier(text);
    if text.is_empty() {
        return None;
    }
    Country::resolve(text).or_else(|| {
        text.split_once('(')
            .and_then(|(before, _)| Country::resolve(without_qualifier(before)))
    })
}

/// A nationality without the word that says it is one (`Kuwaiti
/// citizenship`, `US national`).
fn without_qualifier(text: &str) -> &str {
    let text = text.trim().trim_end_matches(['.', ';', ',']).trim();
    let lower = text.to_ascii_lowercase();
    for word in ["citizenship", "citizen", "nationality", "national"] {
        let Some(at) = lower.len().checked_sub(word.len()) else {
            continue;
        };
        let Some(before) = lower.get(..at) else {
            continue;
        };
        let whole_word = before.is_empty() || before.ends_with(' ');
        if lower.ends_with(word)
            && whole_word
            && let Some(rest) = text.get(..at)
        {
            return rest.trim();
        }
    }
    text
}

/// Trims a value; none when blank.
pub(crate) fn non_blank(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

/// A lower-case form of `text` for building ids: letters and digits (of any
/// script) are kept, every run of anything else becomes one hyphen
/// (`Skydio, Inc.` → `skydio-inc`, `1, Part 1` → `1-part-1`).
pub(crate) fn slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    if slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// Resolves a country name or code that belongs to a single value (a
/// document's issuer), not to the entity's own country lists. A value that
/// names no country is kept in `entity.unparsed` and reported.
pub(crate) fn resolve_country(
    entity: &mut Entity,
    field: &str,
    text: &str,
    parsed: &mut Parsed,
) -> Option<Country> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let country = Country::resolve(text);
    if country.is_none() {
        entity.keep_unparsed(field, text);
        parsed.warn(&entity.id, field, text, "not a known country");
    }
    country
}

/// Reads a gender into `entity.gender`. A value that is neither male nor
/// female is kept in `entity.unparsed` and reported.
pub(crate) fn set_gender(entity: &mut Entity, text: &str, parsed: &mut Parsed) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    match Gender::parse(text) {
        Some(gender) => entity.gender = Some(gender),
        None => {
            entity.keep_unparsed("gender", text);
            parsed.warn(&entity.id, "gender", text, "not a known gender");
        }
    }
}

/// Joins the non-blank parts, trimmed, with `separator`; none when every
/// part is blank.
pub(crate) fn join_non_blank<'a>(
    parts: impl IntoIterator<Item = Option<&'a str>>,
    separator: &str,
) -> Option<String> {
    let parts: Vec<&str> = parts.into_iter().filter_map(non_blank).collect();
    (!parts.is_empty()).then(|| parts.join(separator))
}

/// Adds a name unless the entity has one with the same text already,
/// whatever its kind: lists that repeat a subject's names (one row per
/// listing, one element per amending act) give each name once.
pub(crate) fn add_new_name(entity: &mut Entity, name: Name) {
    if !entity.names.iter().any(|n| n.full == name.full) {
        entity.add_name(name);
    }
}

/// Picks the primary name among names read as aliases, removes it from
/// `names` and returns it as primary: the first ordinary alias (neither weak
/// nor former) in Latin script in English or no stated language, else the
/// first ordinary alias in Latin script, else the first ordinary alias. For
/// lists that give every name in several languages, often the French or
/// Swedish spelling first (the EU's).
pub(crate) fn take_primary_name(names: &mut Vec<Name>) -> Option<Name> {
    let latin =
        |name: &Name| name.kind == NameKind::Alias && name.script.as_deref() == Some("Latn");
    let index = names
        .iter()
        .position(|n| latin(n) && matches!(n.language.as_deref(), None | Some("en")))
        .or_else(|| names.iter().position(latin))
        .or_else(|| names.iter().position(|n| n.kind == NameKind::Alias))?;
    let mut name = names.remove(index);
    name.kind = NameKind::Primary;
    Some(name)
}

/// The genders a subject's names give, counted so that the majority wins:
/// names rarely disagree (one in ~25,000 of the EU list's does).
#[derive(Debug, Default)]
pub(crate) struct GenderVotes {
    male: usize,
    female: usize,
}

impl GenderVotes {
    /// Counts a name's gender, if it gives one that [`Gender::parse`] reads.
    pub(crate) fn count(&mut self, text: Option<&str>) {
        match text.and_then(Gender::parse) {
            Some(Gender::Male) => self.male += 1,
            Some(Gender::Female) => self.female += 1,
            None => {}
        }
    }

    /// The gender most names give; male on a tie, none when no name gives
    /// one.
    pub(crate) fn majority(&self) -> Option<Gender> {
        match (self.male, self.female) {
            (0, 0) => None,
            (m, f) if m >= f => Some(Gender::Male),
            _ => Some(Gender::Female),
        }
    }
}

/// Sets the schema from the EU lists' subject type, `P` (a person) or `E`
/// (an organisation). Any other value, or none, leaves the entity a legal
/// entity, kept in `entity.unparsed` and reported under `field`.
pub(crate) fn set_eu_subject_type(
    entity: &mut Entity,
    code: Option<&str>,
    field: &str,
    parsed: &mut Parsed,
) {
    match code {
        Some("P") => entity.schema = Schema::Person,
        Some("E") => entity.schema = Schema::Organization,
        other => {
            let value = other.unwrap_or_default();
            entity.keep_unparsed("schema", value);
            parsed.warn(
                &entity.id,
                field,
                value,
                "not P or E: read as a legal entity",
            );
        }
    }
}

/// `text` without `prefix`, compared ignoring ASCII case; none when it does
/// not start with it.
pub(crate) fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

/// The items of a value that lists several as `(1) … (2) …`, each with the
/// numbers it stands for (`(1)-(2) Tunisia` and `(1) to (6) Algeria` stand
/// for several). A value without numbers is one item that stands for all.
pub(crate) fn numbered(text: &str) -> Vec<(Option<RangeInclusive<u32>>, &str)> {
    let text = text.trim();
    let Some(mut rest) = text.strip_prefix("(1)") else {
        return vec![(None, text)];
    };
    let mut items = Vec::new();
    let mut first = 1u32;
    loop {
        let (last, body) = range_end(rest, first).unwrap_or((first, rest));
        let marker = format!("({})", last + 1);
        match body.find(&marker) {
            Some(at) => {
                items.push((Some(first..=last), body[..at].trim()));
                rest = &body[at + marker.len()..];
                first = last + 1;
            }
            None => {
                items.push((Some(first..=last), body.trim()));
                return items;
            }
        }
    }
}

/// The end of a range marker after `(first)`: `-(6)` or ` to (6)`.
fn range_end(rest: &str, first: u32) -> Option<(u32, &str)> {
    let after = rest.trim_start();
    let after = after
        .strip_prefix('-')
        .or_else(|| after.strip_prefix("to "))?
        .trim_start()
        .strip_prefix('(')?;
    let close = after.find(')')?;
    let last: u32 = after.get(..close)?.parse().ok()?;
    (last > first && last - first < 100).then(|| (last, &after[close + 1..]))
}

/// An item's text, none when blank or a dash (`(2)-(6) -`).
pub(crate) fn non_blank_item(item: &str) -> Option<&str> {
    let item = item.trim().trim_end_matches([';', ',']).trim();
    (!item.is_empty() && item != "-").then_some(item)
}

/// Reads e-mail addresses; a value with none in it is kept as text.
pub(crate) fn read_emails(value: &str, entity: &mut Entity, parsed: &mut Parsed) {
    let mut found = false;
    for (_, item) in numbered(value) {
        for word in item.split(|c: char| c.is_whitespace() || matches!(c, ';' | ',')) {
            let word = word.trim_end_matches('.');
            if word.contains('@') {
                found = true;
                Entity::push_unique(&mut entity.emails, word.to_owned());
            }
        }
    }
    if !found {
        entity.keep_unparsed("email", value);
        parsed.warn(&entity.id, "Email address", value, "not an e-mail address");
    }
}

/// An identifier from a `Business Reg No` value. A label before the number
/// (`Tax Identification Number: INN: 7840392660`, `OGRN 1027700000151`)
/// becomes the identifier's label and says its kind; anything else is kept
/// whole as a registration number.
pub(crate) fn registration(value: &str) -> Identifier {
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    let split = value
        .rsplit_once([' ', ':'])
        .map(|(label, number)| (label.trim_end_matches([':', ' ', '-', '–']).trim(), number))
        .filter(|(label, number)| {
            !label.is_empty()
                && !label.chars().any(|c| c.is_ascii_digit())
                && number.chars().any(|c| c.is_ascii_digit())
        });
    match split {
        Some((label, number)) => Identifier {
            kind: document_kind(label).unwrap_or(IdKind::Registration),
            number: number.trim_end_matches('.').to_owned(),
            country: None,
            label: Some(label.to_owned()),
            note: None,
        },
        None => Identifier {
            kind: IdKind::Registration,
            number: value.clone(),
            country: None,
            label: None,
            note: None,
        },
    }
}

/// The ISO 639-1 code of a language the UK lists name (`Russian`,
/// `Persian/Farsi`, `Romanian; Moldavian; Moldovan`); none for one this does
/// not know, or a script given as a language (`Cyrillic`).
pub(crate) fn language_code(language: &str) -> Option<&'static str> {
    const LANGUAGES: &[(&str, &str)] = &[
        ("arabic", "ar"),
        ("belarusian", "be"),
        ("bosnian", "bs"),
        ("bulgarian", "bg"),
        ("burmese", "my"),
        ("chinese", "zh"),
        ("farsi", "fa"),
        ("georgian", "ka"),
        ("greek", "el"),
        ("hebrew", "he"),
        ("japanese", "ja"),
        ("kazakh", "kk"),
        ("korean", "ko"),
        ("moldavian", "ro"),
        ("moldovan", "ro"),
        ("persian", "fa"),
        ("romanian", "ro"),
        ("russia", "ru"),
        ("russian", "ru"),
        ("serbian", "sr"),
        ("spanish", "es"),
        ("thai", "th"),
        ("turkish", "tr"),
        ("ukraine", "uk"),
        ("ukrainian", "uk"),
    ];
    language
        .split(['/', ';', ','])
        .map(|part| part.trim().to_lowercase())
        .find_map(|part| {
            LANGUAGES
                .iter()
                .find(|(name, _)| *name == part)
                .map(|&(_, code)| code)
        })
}

// Words and phrases of document labels, by the kind they name. Labels are
// folded to lower case without dots first, so `R.F.C.` is `rfc` and
// `D-U-N-S` is `d u n s`.

/// Identity documents other than passports and national ids (their numbers
/// are kept, as [`IdKind::Other`]).
const OTHER_DOCUMENT_WORDS: &str = "birth driver driving military militar serviceman student \
    ration seafarer visa visanumberid license licence permit pilot immigration residency \
    residential resident refugee travel trademark";
const PASSPORT_WORDS: &str = "passport pasaporte passeport";
const SWIFT_WORDS: &str = "swift bic";
const TAX_WORDS: &str =
    "tax fiscal vat rfc nit ruc rif rtn cuit cif nif inn fein nuit tin tributaria";
/// National-id words that win over registration words (`Electoral Registry No.`).
const PERSONAL_ID_WORDS: &str = "cedula cédula curp dni ssn tazkira electoral voter ife cui \
    cnp le identidad credencial citizen personal";
const PERSONAL_ID_PHRASES: &[&str] = &["social security"];
const REGISTRATION_WORDS: &str = "registration registry register registered company business \
    enterprise incorporation chamber commercial mercantil cr uscc usccc ogrn ogrnip gazette \
    cin lei charity";
const REGISTRATION_PHRASES: &[&str] = &[
    "social credit",
    "legal entity",
    "d u n s",
    "organization code",
];
const NATIONAL_ID_WORDS: &str = "national nacional identity identification";
const NATIONAL_ID_PHRASES: &[&str] = &["id card", "id no", "id number"];

/// Reads what kind of identifier a list's label for a document names
/// (`Passport`, `Cedula No.`, `R.F.C.`, `Registration Number`, `national
/// identity card`), from its words. `Some(IdKind::Other)` for documents that
/// are neither passports nor identity, tax or registration numbers (a birth
/// certificate, a driving licence); none for a label that says nothing this
/// knows (`MMSI`, a bare `number:`).
pub(crate) fn document_kind(label: &str) -> Option<IdKind> {
    let folded = label.to_lowercase().replace('.', "");
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let spaced = format!(" {} ", words.join(" "));
    let has_word = |list: &str| list.split_whitespace().any(|known| words.contains(&known));
    let has_phrase = |list: &[&str]| list.iter().any(|p| spaced.contains(&format!(" {p} ")));

    // Order matters: `Birth Certificate`, `Military Registration Number` and
    // `Driver's License` are not registration or national ids, and `Romanian
    // Tax Registration` is a tax number.
    if has_word(OTHER_DOCUMENT_WORDS) {
        Some(IdKind::Other)
    } else if has_word(PASSPORT_WORDS) {
        Some(IdKind::Passport)
    } else if has_word(SWIFT_WORDS) {
        Some(IdKind::Swift)
    } else if has_word(TAX_WORDS) {
        Some(IdKind::TaxId)
    } else if has_word(PERSONAL_ID_WORDS) || has_phrase(PERSONAL_ID_PHRASES) {
        Some(IdKind::NationalId)
    } else if has_word(REGISTRATION_WORDS) || has_phrase(REGISTRATION_PHRASES) {
        Some(IdKind::Registration)
    } else if has_word(NATIONAL_ID_WORDS) || has_phrase(NATIONAL_ID_PHRASES) {
        Some(IdKind::NationalId)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_labels_name_their_kind() {
        let cases = [
            ("Passport", Some(IdKind::Passport)),
            ("Diplomatic Passport", Some(IdKind::Passport)),
            ("Numéro de passeport ", Some(IdKind::Passport)),
            ("National ID No.", Some(IdKind::NationalId)),
            ("National Identification Number", Some(IdKind::NationalId)),
            ("Cedula No.", Some(IdKind::NationalId)),
            ("C.U.R.P.", Some(IdKind::NationalId)),
            ("Electoral Registry No.", Some(IdKind::NationalId)),
            (
                "United States Social Security Number:",
                Some(IdKind::NationalId),
            ),
            ("Kenyan ID No.", Some(IdKind::NationalId)),
            ("Tax ID No.", Some(IdKind::TaxId)),
            ("R.F.C.", Some(IdKind::TaxId)),
            ("NIT #", Some(IdKind::TaxId)),
            ("Italian Fiscal Code:", Some(IdKind::TaxId)),
            ("Romanian Tax Registration", Some(IdKind::TaxId)),
            ("Registration Number", Some(IdKind::Registration)),
            ("Registration ID", Some(IdKind::Registration)),
            (
                "Unified Social Credit Code (USCC)",
                Some(IdKind::Registration),
            ),
            ("D-U-N-S Number", Some(IdKind::Registration)),
            ("C.R. No.", Some(IdKind::Registration)),
            ("SWIFT/BIC", Some(IdKind::Swift)),
            ("Birth Certificate Number", Some(IdKind::Other)),
            ("Military Registration Number", Some(IdKind::Other)),
            ("Driver's License No.", Some(IdKind::Other)),
            ("MMSI", None),
            ("number: ", None),
            ("", None),
        ];
        for (label, kind) in cases {
            assert_eq!(document_kind(label), kind, "{label:?}");
        }
    }

    #[test]
    fn countries_by_adjective() {
        let code = |text: &str| nationality_country(text).map(|c| c.code().to_owned());
        assert_eq!(code("Afghan").as_deref(), Some("AF"));
        assert_eq!(code("Saudi Arabian").as_deref(), Some("SA"));
        assert_eq!(code("Congo (Democratic Republic)").as_deref(), Some("CD"));
        assert_eq!(code("North Korea").as_deref(), Some("KP"));
        assert_eq!(code("Congolese"), None, "ambiguous");
        assert_eq!(code("UK").as_deref(), Some("GB"));
        assert_eq!(code("Türkiye").as_deref(), Some("TR"));
        assert_eq!(code("ü national").as_deref(), None);
        assert_eq!(code("Kuwaiti citizenship").as_deref(), Some("KW"));
        assert_eq!(code("Iranian (Iranian citizenship)").as_deref(), Some("IR"));
        let codes = |text: &str| {
            resolve_countries(text)
                .map(|cs| cs.iter().map(|c| c.code().to_owned()).collect::<Vec<_>>())
        };
        assert_eq!(
            codes("Estonia, Russia"),
            Some(vec!["EE".to_owned(), "RU".to_owned()])
        );
        assert_eq!(
            codes("Germany. Russia"),
            Some(vec!["DE".to_owned(), "RU".to_owned()])
        );
        assert_eq!(
            codes("Iranian national and US national/citizen"),
            Some(vec!["IR".to_owned(), "US".to_owned()])
        );
        assert_eq!(codes("Trinidad and Tobago"), Some(vec!["TT".to_owned()]));
        assert_eq!(codes("Possibly Ethiopian"), None);
        assert_eq!(codes("Russia and Atlantis"), None);
        assert_eq!(language_code("Persian/Farsi"), Some("fa"));
        assert_eq!(language_code("Romanian; Moldavian; Moldovan"), Some("ro"));
        assert_eq!(language_code("Cyrillic"), None);
    }

    #[test]
    fn joins_only_what_is_written() {
        assert_eq!(
            join_non_blank([Some(" Zhu "), None, Some(""), Some("Hailun")], " ").as_deref(),
            Some("Zhu Hailun")
        );
        assert_eq!(join_non_blank([None, Some("  ")], ", "), None);
    }

    #[test]
    fn unknown_values_are_kept_and_reported() {
        let mut entity = Entity::new("test", "1", interdict_model::Schema::Person);
        let mut parsed = Parsed::default();
        set_gender(&mut entity, "Male", &mut parsed);
        set_gender(&mut entity, "unknown", &mut parsed);
        assert_eq!(entity.gender, Some(Gender::Male));
        assert_eq!(
            resolve_country(&mut entity, "identifier_country", "Atlantis", &mut parsed),
            None
        );
        assert_eq!(
            resolve_country(&mut entity, "identifier_country", "Cuba", &mut parsed),
            Country::resolve("CU")
        );
        assert_eq!(entity.unparsed.len(), 2);
        assert_eq!(parsed.warnings.len(), 2);
    }
}
