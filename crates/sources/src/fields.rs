//! Reading common fields into the model's types, keeping what cannot be read.

use interdict_model::{Country, Entity, FuzzyDate, NumericOrder};

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
