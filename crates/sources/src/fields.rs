//! Reading common fields into the model's types, keeping what cannot be read.

use interdict_model::{Country, Entity, FuzzyDate, Gender, IdKind, NumericOrder};

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
