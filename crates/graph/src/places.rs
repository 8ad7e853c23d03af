//! Where a target belongs and what an authority's jurisdiction covers, as
//! place codes: ISO 3166-1 alpha-2 country codes, and `EU` for the
//! European Union's own bodies.

use interdict_model::{Authority, Entity};

/// The code of the European Union's own bodies (the Council's Political
/// and Security Committee, a committee of the European Parliament), which
/// lists name as a country `EU` though ISO 3166-1 assigns it to none.
pub const EU: &str = "EU";

/// The member states of the European Union (since the United Kingdom left
/// on 2020-02-01).
pub const EU_MEMBERS: [&str; 27] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

/// The place codes an authority's jurisdiction covers: its country, or for
/// the EU its member states and `EU`. None for the UN Security Council and
/// for user authorities the model does not know, so their listings are
/// never counter-sanctions or answered by them.
pub fn jurisdiction(authority: &Authority) -> Vec<String> {
    match authority {
        Authority::Eu => EU_MEMBERS
            .iter()
            .copied()
            .chain([EU])
            .map(str::to_owned)
            .collect(),
        other => other
            .jurisdiction()
            .map(|country| vec![country.code().to_owned()])
            .unwrap_or_default(),
    }
}

/// The places a target belongs to: its nationalities and citizenships if
/// the list gives any, else the other countries it ties the target to
/// (seat, jurisdiction, flag), else its addresses' countries; and `EU`
/// where the list names the European
/// Union as its country (kept as an unparsed country, as no ISO code is).
pub fn target_places(entity: &Entity) -> Vec<String> {
    let mut places: Vec<String> = entity
        .nationality_like()
        .map(|country| country.code().to_owned())
        .collect();
    if places.is_empty() {
        places = entity
            .countries
            .iter()
            .map(|country| country.code().to_owned())
            .collect();
    }
    if places.is_empty() {
        for country in entity.addresses.iter().filter_map(|a| a.country) {
            Entity::push_unique(&mut places, country.code().to_owned());
        }
    }
    let names_eu = entity.unparsed.iter().any(|unparsed| {
        matches!(
            unparsed.field.as_str(),
            "country" | "nationality" | "citizenship"
        ) && is_eu(&unparsed.value)
    });
    if names_eu && !places.iter().any(|place| place == EU) {
        places.push(EU.to_owned());
    }
    places
}

fn is_eu(text: &str) -> bool {
    let text = text.trim();
    text.eq_ignore_ascii_case(EU) || text.eq_ignore_ascii_case("European Union")
}

#[cfg(test)]
mod tests {
    use interdict_model::{Country, Schema};

    use super::*;

    fn country(code: &str) -> Country {
        Country::from_alpha2(code).unwrap_or_else(|| panic!("{code} is a country"))
    }

    #[test]
    fn the_eu_covers_its_members_and_itself() {
        let eu = jurisdiction(&Authority::Eu);
        assert!(eu.iter().any(|p| p == "DE"));
        assert!(eu.iter().any(|p| p == EU));
        assert!(!eu.iter().any(|p| p == "GB"), "the UK left in 2020");
        assert_eq!(jurisdiction(&Authority::CnMfa), ["CN"]);
        assert_eq!(jurisdiction(&Authority::RuMfa), ["RU"]);
        assert!(jurisdiction(&Authority::UnSc).is_empty());
        assert!(jurisdiction(&Authority::Other("acme".into())).is_empty());
    }

    #[test]
    fn nationality_comes_before_other_countries() {
        let mut entity = Entity::new("test", "1", Schema::Person);
        entity.addresses.push(interdict_model::Address {
            full: "Kashgar".into(),
            country: Some(country("CN")),
            ..Default::default()
        });
        assert_eq!(target_places(&entity), ["CN"]);
        entity.countries.push(country("RU"));
        assert_eq!(target_places(&entity), ["RU"]);
        entity.nationalities.push(country("CN"));
        assert_eq!(target_places(&entity), ["CN"]);
    }

    #[test]
    fn an_eu_body_is_placed_in_the_eu() {
        let mut entity = Entity::new("test", "1", Schema::Organization);
        entity.keep_unparsed("country", "EU");
        assert_eq!(target_places(&entity), [EU]);
        let mut other = Entity::new("test", "2", Schema::Organization);
        other.keep_unparsed("country", "Atlantis");
        assert!(target_places(&other).is_empty());
    }
}
