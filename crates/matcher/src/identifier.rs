//! Identifier evidence: the same passport, national ID, IMO or registration
//! number on both sides is near-certain.
//!
//! Numbers are compared in a canonical form (letters and digits only, upper
//! case, an `IMO` prefix dropped), so `A-123 456` and `a123456` agree. Very
//! short numbers are ignored: they collide by chance.

use interdict_model::{Entity, Identifier};

pub use interdict_index::canonical_identifier as canonical;

/// Added to the score when an identifier matches...
const MATCH: f32 = 0.35;
/// ...and the least the score then is: a shared number is near-certain even
/// when the names differ (ships and companies are renamed; the numbers stay).
const FLOOR: f32 = 0.95;

/// The first of the query's numbers that the entity also has, with the
/// entity's identifier.
pub fn find_match<'a>(query: &[String], entity: &'a Entity) -> Option<(String, &'a Identifier)> {
    let wanted: Vec<String> = query.iter().filter_map(|n| canonical(n)).collect();
    entity.identifiers.iter().find_map(|id| {
        let number = canonical(&id.number)?;
        wanted.contains(&number).then_some((number, id))
    })
}

/// The adjustment a matching identifier makes to a score of `base`.
pub fn effect(base: f32) -> f32 {
    (base + MATCH).max(FLOOR) - base
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::{IdKind, Schema};

    #[test]
    fn numbers_compare_in_canonical_form() {
        assert_eq!(canonical("A-123 456").as_deref(), Some("A123456"));
        assert_eq!(canonical("IMO 9870599").as_deref(), Some("9870599"));
        assert_eq!(canonical("imo9870599").as_deref(), Some("9870599"));
        assert_eq!(canonical("IMOTEX1"), Some("IMOTEX1".to_owned()));
        assert_eq!(canonical("12-3"), None);
    }

    #[test]
    fn finds_a_shared_number() {
        let mut entity = Entity::new("t", "1", Schema::Vessel);
        entity.identifiers.push(Identifier {
            kind: IdKind::Imo,
            number: "9870599".into(),
            country: None,
            label: None,
            note: None,
        });
        let found = find_match(&["IMO 9870599".to_owned()], &entity);
        assert_eq!(found.map(|(n, _)| n).as_deref(), Some("9870599"));
        assert!(find_match(&["9870598".to_owned()], &entity).is_none());
    }

    #[test]
    fn a_match_is_near_certain_whatever_the_name_score() {
        assert!((0.1 + effect(0.1) - FLOOR).abs() < 1e-6);
        assert!((0.8 + effect(0.8) - 1.15).abs() < 1e-6);
    }
}
