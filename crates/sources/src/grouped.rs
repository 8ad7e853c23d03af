//! Subjects that a list gives in pieces: one row per name variant, each
//! repeating the subject's other facts (OFSI's consolidated list, DFAT's
//! list), or one designation with several name elements (the FCDO's UK
//! Sanctions List). The pieces are gathered into one entity whose facts are
//! read, warned about and remarked on once, and whose primary name comes
//! first.

use std::collections::HashSet;

use interdict_model::{Entity, Name, NameKind};

/// The values of a subject already read, by field, so that a value its
/// pieces repeat is read (and warned about) once.
#[derive(Debug, Default)]
pub(crate) struct Seen(HashSet<(&'static str, String)>);

impl Seen {
    /// Whether `value` of `field` is new for this subject (and notes it).
    pub(crate) fn first_time(&mut self, field: &'static str, value: &str) -> bool {
        self.0.insert((field, value.to_owned()))
    }
}

/// A subject's remarks, in the order first read, each once.
#[derive(Debug, Default, Clone)]
pub(crate) struct Remarks(Vec<String>);

impl Remarks {
    /// Adds `text`, trimmed, unless it is blank or already there.
    pub(crate) fn add(&mut self, text: &str) {
        let text = text.trim();
        if !text.is_empty() && !self.0.iter().any(|r| r == text) {
            self.0.push(text.to_owned());
        }
    }

    /// The remarks, in order.
    pub(crate) fn into_lines(self) -> Vec<String> {
        self.0
    }
}

/// Adds a name unless the entity has the same text already; a primary name
/// makes an earlier alias of the same text primary (a subject's primary
/// name is often also written as one of its aliases).
pub(crate) fn add_name(entity: &mut Entity, name: Name) {
    match entity.names.iter_mut().find(|n| n.full == name.full) {
        Some(existing) => {
            if name.kind == NameKind::Primary && existing.kind != NameKind::Primary {
                *existing = name;
            }
        }
        None => entity.add_name(name),
    }
}

/// Puts the primary names first, the others keeping their order. A subject
/// none of whose pieces says which name is primary gets one: the first of
/// `variations` (names the list calls variations of the primary name) that
/// it has, else its first name.
pub(crate) fn put_primary_first(entity: &mut Entity, variations: &[String]) {
    if !entity.names.iter().any(|n| n.kind == NameKind::Primary) {
        let promoted = variations
            .first()
            .and_then(|full| entity.names.iter().position(|n| &n.full == full))
            .unwrap_or(0);
        if let Some(name) = entity.names.get_mut(promoted) {
            name.kind = NameKind::Primary;
        }
    }
    // Stable: the other names keep the file's order.
    entity
        .names
        .sort_by_key(|name| name.kind != NameKind::Primary);
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::Schema;

    fn names(entity: &Entity) -> Vec<(&str, NameKind)> {
        entity
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.kind))
            .collect()
    }

    #[test]
    fn a_primary_name_read_late_goes_first() {
        let mut entity = Entity::new("test", "1", Schema::Person);
        add_name(&mut entity, Name::new("B", NameKind::Alias));
        add_name(&mut entity, Name::new("A", NameKind::Alias));
        add_name(&mut entity, Name::new("A", NameKind::Primary));
        add_name(&mut entity, Name::new("B", NameKind::WeakAlias));
        put_primary_first(&mut entity, &[]);
        assert_eq!(
            names(&entity),
            [("A", NameKind::Primary), ("B", NameKind::Alias)]
        );
    }

    #[test]
    fn a_subject_without_a_primary_name_gets_one() {
        let mut entity = Entity::new("test", "1", Schema::Person);
        add_name(&mut entity, Name::new("B", NameKind::Alias));
        add_name(&mut entity, Name::new("A", NameKind::Alias));
        let mut first = entity.clone();
        put_primary_first(&mut entity, &["A".to_owned()]);
        assert_eq!(
            names(&entity),
            [("A", NameKind::Primary), ("B", NameKind::Alias)]
        );
        put_primary_first(&mut first, &[]);
        assert_eq!(
            names(&first),
            [("B", NameKind::Primary), ("A", NameKind::Alias)]
        );
    }

    #[test]
    fn repeats_are_read_once() {
        let mut seen = Seen::default();
        assert!(seen.first_time("dob", "1960"));
        assert!(!seen.first_time("dob", "1960"));
        assert!(seen.first_time("address", "1960"));
        let mut remarks = Remarks::default();
        for text in ["Listed.", " Listed. ", "", "Other."] {
            remarks.add(text);
        }
        assert_eq!(remarks.into_lines(), ["Listed.", "Other."]);
    }
}
