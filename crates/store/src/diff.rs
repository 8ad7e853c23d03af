//! What changed between two versions of a list.
//!
//! Entities are matched by id. An entity in both versions is *changed* when
//! any of its facts differ, compared without regard to the order the list
//! gives them in; the report names each field that changed.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use interdict_model::Entity;
use serde::Serialize;

use crate::versions::ListVersion;
use crate::{Store, StoreError};

/// A field of an entity that a diff reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// Person, organisation, vessel...
    Schema,
    /// Names and aliases.
    Names,
    /// Dates of birth or incorporation.
    BirthDates,
    /// Places of birth.
    BirthPlaces,
    /// Nationalities and citizenships.
    Nationalities,
    /// Other countries (seat, jurisdiction, flag, regime).
    Countries,
    /// Passports, national ids, registration and IMO numbers.
    Identifiers,
    /// Addresses.
    Addresses,
    /// Gender, titles and positions.
    PersonalDetails,
    /// Vessel particulars.
    Vessel,
    /// E-mail addresses, telephones and websites.
    Contacts,
    /// Programmes or regimes of the listings.
    Programmes,
    /// Listing dates.
    ListingDates,
    /// End dates of listings.
    EndDates,
    /// The lists' references.
    References,
    /// Remarks and reasons.
    Remarks,
    /// Authorities and URLs of listings.
    ListingDetails,
    /// Values kept as written.
    Unparsed,
}

impl Field {
    /// The field's name in reports.
    pub fn label(self) -> &'static str {
        match self {
            Field::Schema => "schema",
            Field::Names => "names",
            Field::BirthDates => "birth_dates",
            Field::BirthPlaces => "birth_places",
            Field::Nationalities => "nationalities",
            Field::Countries => "countries",
            Field::Identifiers => "identifiers",
            Field::Addresses => "addresses",
            Field::PersonalDetails => "personal_details",
            Field::Vessel => "vessel",
            Field::Contacts => "contacts",
            Field::Programmes => "programmes",
            Field::ListingDates => "listing_dates",
            Field::EndDates => "end_dates",
            Field::References => "references",
            Field::Remarks => "remarks",
            Field::ListingDetails => "listing_details",
            Field::Unparsed => "unparsed",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Each field's values as sorted text, so that order does not count.
fn field_values(entity: &Entity) -> Vec<(Field, Vec<String>)> {
    fn texts<T: Serialize>(values: impl IntoIterator<Item = T>) -> Vec<String> {
        let mut out: Vec<String> = values
            .into_iter()
            .map(|v| serde_json::to_string(&v).unwrap_or_default())
            .collect();
        out.sort();
        out
    }
    let listings = &entity.listings;
    vec![
        (Field::Schema, texts([entity.schema])),
        (Field::Names, texts(&entity.names)),
        (Field::BirthDates, texts(&entity.birth_dates)),
        (Field::BirthPlaces, texts(&entity.birth_places)),
        (
            Field::Nationalities,
            texts(entity.nationalities.iter().chain(&entity.citizenships)),
        ),
        (Field::Countries, texts(&entity.countries)),
        (Field::Identifiers, texts(&entity.identifiers)),
        (Field::Addresses, texts(&entity.addresses)),
        (
            Field::PersonalDetails,
            texts(
                [serde_json::to_string(&entity.gender).unwrap_or_default()]
                    .into_iter()
                    .chain(entity.titles.iter().map(|t| format!("title:{t}")))
                    .chain(entity.positions.iter().map(|p| format!("position:{p}"))),
            ),
        ),
        (Field::Vessel, texts([&entity.vessel])),
        (
            Field::Contacts,
            texts(
                entity
                    .emails
                    .iter()
                    .chain(&entity.phones)
                    .chain(&entity.websites),
            ),
        ),
        (
            Field::Programmes,
            texts(listings.iter().flat_map(|l| &l.programmes)),
        ),
        (
            Field::ListingDates,
            texts(listings.iter().map(|l| l.listed_on)),
        ),
        (Field::EndDates, texts(listings.iter().map(|l| l.ended_on))),
        (
            Field::References,
            texts(listings.iter().map(|l| &l.reference)),
        ),
        (Field::Remarks, texts(listings.iter().map(|l| &l.remarks))),
        (
            Field::ListingDetails,
            texts(listings.iter().map(|l| (&l.source, &l.authority, &l.url))),
        ),
        (Field::Unparsed, texts(&entity.unparsed)),
    ]
}

/// The fields in which two records of one entity differ.
pub fn changed_fields(old: &Entity, new: &Entity) -> Vec<Field> {
    field_values(old)
        .into_iter()
        .zip(field_values(new))
        .filter(|((_, a), (_, b))| a != b)
        .map(|((field, _), _)| field)
        .collect()
}

/// An entity added or removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntitySummary {
    /// Its id.
    pub id: String,
    /// Its name.
    pub caption: String,
}

impl EntitySummary {
    fn of(entity: &Entity) -> Self {
        Self {
            id: entity.id.clone(),
            caption: entity.caption().to_owned(),
        }
    }
}

/// An entity in both versions whose facts changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangedEntity {
    /// Its id.
    pub id: String,
    /// Its name in the newer version.
    pub caption: String,
    /// What changed.
    pub fields: Vec<Field>,
}

/// The differences between two sets of entities.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EntityDiff {
    /// In the newer set only, in its order.
    pub added: Vec<EntitySummary>,
    /// In the older set only, in its order.
    pub removed: Vec<EntitySummary>,
    /// In both, with different facts, in the newer set's order.
    pub changed: Vec<ChangedEntity>,
    /// In both, the same.
    pub unchanged: usize,
    /// Records whose id changed (the list renumbered them) but whose kind
    /// and names are the same, and no other record has: not counted as
    /// added or removed. `fields` says what else changed.
    pub reidentified: Vec<Reidentified>,
}

/// A record the newer version gives a new id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reidentified {
    /// Its id in the older version.
    pub old_id: String,
    /// Its id in the newer version.
    pub new_id: String,
    /// Its name in the newer version.
    pub caption: String,
    /// What changed besides the id.
    pub fields: Vec<Field>,
}

impl EntityDiff {
    /// How many entities changed each field, most first.
    pub fn field_counts(&self) -> Vec<(Field, usize)> {
        let mut counts: BTreeMap<Field, usize> = BTreeMap::new();
        for changed in &self.changed {
            for field in &changed.fields {
                *counts.entry(*field).or_default() += 1;
            }
        }
        let mut counts: Vec<(Field, usize)> = counts.into_iter().collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        counts
    }
}

/// Compares two sets of entities by id. When a set has an id twice, its
/// last record counts.
pub fn diff_entities(old: &[Entity], new: &[Entity]) -> EntityDiff {
    let old_by_id: HashMap<&str, &Entity> = old.iter().map(|e| (e.id.as_str(), e)).collect();
    let new_by_id: HashMap<&str, &Entity> = new.iter().map(|e| (e.id.as_str(), e)).collect();
    let mut diff = EntityDiff::default();
    let mut seen = std::collections::HashSet::new();
    for entity in new {
        if !seen.insert(entity.id.as_str()) {
            continue;
        }
        let latest = new_by_id.get(entity.id.as_str()).copied().unwrap_or(entity);
        match old_by_id.get(entity.id.as_str()) {
            None => diff.added.push(EntitySummary::of(latest)),
            Some(before) => {
                let fields = changed_fields(before, latest);
                if fields.is_empty() {
                    diff.unchanged += 1;
                } else {
                    diff.changed.push(ChangedEntity {
                        id: latest.id.clone(),
                        caption: latest.caption().to_owned(),
                        fields,
                    });
                }
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    for entity in old {
        if !new_by_id.contains_key(entity.id.as_str()) && seen.insert(entity.id.as_str()) {
            diff.removed.push(EntitySummary::of(entity));
        }
    }
    pair_renumbered(&mut diff, &old_by_id, &new_by_id);
    diff
}

/// The kind and names of a record, as one key.
fn identity_key(entity: &Entity) -> String {
    let mut names: Vec<String> = entity.names.iter().map(|n| n.full.to_lowercase()).collect();
    names.sort();
    names.dedup();
    format!("{:?}|{}", entity.schema, names.join("|"))
}

/// Moves added and removed records that are one record renumbered (same
/// kind and names, unique on both sides) to `reidentified`.
fn pair_renumbered(
    diff: &mut EntityDiff,
    old_by_id: &HashMap<&str, &Entity>,
    new_by_id: &HashMap<&str, &Entity>,
) {
    let mut removed_by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, summary) in diff.removed.iter().enumerate() {
        if let Some(entity) = old_by_id.get(summary.id.as_str()) {
            removed_by_key
                .entry(identity_key(entity))
                .or_default()
                .push(i);
        }
    }
    let mut added_by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, summary) in diff.added.iter().enumerate() {
        if let Some(entity) = new_by_id.get(summary.id.as_str()) {
            added_by_key
                .entry(identity_key(entity))
                .or_default()
                .push(i);
        }
    }
    let mut paired_removed = std::collections::HashSet::new();
    let mut paired_added = std::collections::HashSet::new();
    for (i, summary) in diff.added.iter().enumerate() {
        let (Some(new), Some(key)) = (
            new_by_id.get(summary.id.as_str()),
            new_by_id.get(summary.id.as_str()).map(|e| identity_key(e)),
        ) else {
            continue;
        };
        let (Some([old_index]), Some([_])) = (
            removed_by_key.get(&key).map(Vec::as_slice),
            added_by_key.get(&key).map(Vec::as_slice),
        ) else {
            continue;
        };
        let Some(old) = diff
            .removed
            .get(*old_index)
            .and_then(|r| old_by_id.get(r.id.as_str()))
        else {
            continue;
        };
        diff.reidentified.push(Reidentified {
            old_id: old.id.clone(),
            new_id: new.id.clone(),
            caption: new.caption().to_owned(),
            fields: changed_fields(old, new),
        });
        paired_removed.insert(*old_index);
        paired_added.insert(i);
    }
    let mut index = 0;
    diff.added.retain(|_| {
        index += 1;
        !paired_added.contains(&(index - 1))
    });
    let mut index = 0;
    diff.removed.retain(|_| {
        index += 1;
        !paired_removed.contains(&(index - 1))
    });
}

/// The differences between two versions of one source.
#[derive(Debug, Clone, Serialize)]
pub struct VersionDiff {
    /// The older version.
    pub old: ListVersion,
    /// The newer version.
    pub new: ListVersion,
    /// What changed.
    #[serde(flatten)]
    pub entities: EntityDiff,
}

impl Store {
    /// Compares two versions (see [`Store::find_version`] for how they are
    /// named); without them, the previous version with the active one.
    pub fn diff(
        &self,
        source: &str,
        versions: Option<(&str, &str)>,
    ) -> Result<VersionDiff, StoreError> {
        let (old, new) = match versions {
            Some((old, new)) => (
                self.find_version(source, old)?,
                self.find_version(source, new)?,
            ),
            None => {
                let new =
                    self.active_version(source)?
                        .ok_or_else(|| StoreError::NothingToCompare {
                            source_id: source.to_owned(),
                            message: "no version is loaded".into(),
                        })?;
                let old =
                    self.previous_version(source)?
                        .ok_or_else(|| StoreError::NothingToCompare {
                            source_id: source.to_owned(),
                            message: "only one version has been served; name two versions".into(),
                        })?;
                (old, new)
            }
        };
        let entities = diff_entities(&self.entities(old.id)?, &self.entities(new.id)?);
        Ok(VersionDiff { old, new, entities })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::{FuzzyDate, Name, NameKind, Schema};

    fn entity(id: &str, name: &str) -> Entity {
        let mut entity = Entity::new("t", id, Schema::Person);
        entity.add_name(Name::new(name, NameKind::Primary));
        entity
    }

    #[test]
    fn added_removed_and_changed_are_told_apart() {
        let old = vec![entity("1", "A"), entity("2", "B"), entity("3", "C")];
        let mut changed = entity("2", "B");
        changed.add_name(Name::new("Bee", NameKind::Alias));
        changed.birth_dates.push(FuzzyDate::parse("1960").unwrap());
        let new = vec![entity("3", "C"), changed, entity("4", "D")];
        let diff = diff_entities(&old, &new);
        assert_eq!(diff.added, vec![EntitySummary::of(&entity("4", "D"))]);
        assert_eq!(diff.removed, vec![EntitySummary::of(&entity("1", "A"))]);
        assert_eq!(diff.changed.len(), 1);
        assert_eq!(
            diff.changed[0].fields,
            vec![Field::Names, Field::BirthDates]
        );
        assert_eq!(diff.unchanged, 1);
    }

    #[test]
    fn a_renumbered_record_is_reidentified_not_added_and_removed() {
        let old = vec![entity("burma-1-item-1", "Air Bagan"), entity("x", "Same")];
        let mut moved = entity("burma-1-part-1-item-1", "Air Bagan");
        moved.birth_dates.push(FuzzyDate::parse("1990").unwrap());
        let new = vec![moved, entity("y", "Same"), entity("z", "Same")];
        let diff = diff_entities(&old, &new);
        assert_eq!(diff.reidentified.len(), 1);
        assert_eq!(diff.reidentified[0].old_id, "t:burma-1-item-1");
        assert_eq!(diff.reidentified[0].fields, vec![Field::BirthDates]);
        // "Same" is named twice in the newer set: not paired.
        assert_eq!(diff.added.len(), 2);
        assert_eq!(diff.removed.len(), 1);
    }

    #[test]
    fn order_of_values_is_not_a_change() {
        let mut a = entity("1", "A");
        a.add_name(Name::new("Alias one", NameKind::Alias));
        a.add_name(Name::new("Alias two", NameKind::Alias));
        let mut b = a.clone();
        b.names.reverse();
        assert!(changed_fields(&a, &b).is_empty());
    }
}
