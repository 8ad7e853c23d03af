//! Country evidence: does the query's country agree with the list's?
//!
//! A nationality or citizenship the list states is strong evidence either
//! way; other countries tied to the entity (seat, addresses, the regime's
//! country) only support a match, never contradict it, because people live
//! and companies trade far from home.

use interdict_model::{Country, Entity};

/// The query's country is one the list states as nationality or citizenship.
const NATIONALITY_MATCH: f32 = 0.05;
/// The most a country can raise a score.
pub const MAX_EFFECT: f32 = NATIONALITY_MATCH;
/// The query's country is tied to the entity some other way.
const OTHER_COUNTRY_MATCH: f32 = 0.02;
/// The list states nationalities and the query's country is none of them.
const NATIONALITY_CONFLICT: f32 = -0.08;

/// How a query's countries relate to a listed entity's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CountryAgreement {
    /// A listed nationality or citizenship.
    Nationality,
    /// A country otherwise tied to the entity (seat, address, regime).
    Associated,
    /// The list states other nationalities only.
    Conflict,
    /// The list says nothing that bears on it.
    Unknown,
}

impl CountryAgreement {
    /// The adjustment to the score.
    pub fn effect(self) -> f32 {
        match self {
            CountryAgreement::Nationality => NATIONALITY_MATCH,
            CountryAgreement::Associated => OTHER_COUNTRY_MATCH,
            CountryAgreement::Conflict => NATIONALITY_CONFLICT,
            CountryAgreement::Unknown => 0.0,
        }
    }
}

/// Compares the query's countries with what the list says of the entity.
pub fn compare(query: &[Country], entity: &Entity) -> CountryAgreement {
    if query.is_empty() {
        return CountryAgreement::Unknown;
    }
    let mut nationalities = entity.nationality_like().peekable();
    let has_nationality = nationalities.peek().is_some();
    if nationalities.any(|c| query.contains(&c)) {
        return CountryAgreement::Nationality;
    }
    let associated = entity
        .countries
        .iter()
        .chain(entity.addresses.iter().filter_map(|a| a.country.as_ref()))
        .any(|c| query.contains(c));
    if associated {
        CountryAgreement::Associated
    } else if has_nationality {
        CountryAgreement::Conflict
    } else {
        CountryAgreement::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::Schema;

    fn country(code: &str) -> Country {
        Country::from_alpha2(code).unwrap()
    }

    #[test]
    fn nationality_decides_and_other_ties_only_support() {
        let mut entity = Entity::new("t", "1", Schema::Person);
        assert_eq!(
            compare(&[country("CN")], &entity),
            CountryAgreement::Unknown
        );
        entity.countries.push(country("CN"));
        assert_eq!(
            compare(&[country("CN")], &entity),
            CountryAgreement::Associated
        );
        assert_eq!(
            compare(&[country("DE")], &entity),
            CountryAgreement::Unknown
        );
        entity.citizenships.push(country("RU"));
        assert_eq!(
            compare(&[country("RU")], &entity),
            CountryAgreement::Nationality
        );
        assert_eq!(
            compare(&[country("DE")], &entity),
            CountryAgreement::Conflict
        );
        assert_eq!(compare(&[], &entity), CountryAgreement::Unknown);
    }
}
