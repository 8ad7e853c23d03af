//! Candidate generation: which listed entities are worth scoring for a query.
//!
//! Scoring a query against every name of every list with a string metric is
//! far too slow for screening in a payment path. [`NameIndex`] holds every
//! Latin form of every name of every entity (see
//! [`interdict_names::latin_forms`]) in inverted postings:
//!
//! * exact tokens (`zhu`, `hailun`);
//! * joined neighbours, so `hai lun` is found by `hailun` and the other way
//!   round (romanised Chinese and Korean given names are written both ways);
//! * phonetic keys (Double Metaphone), so `lavroff` finds `lavrov`.
//!
//! [`NameIndex::candidates`] weighs each query token by its rarity in the
//! loaded lists (inverse document frequency), adds up the weights a listed
//! name shares with the query, and returns the best entities for the matcher
//! to score exactly.

use std::collections::HashMap;
use std::ops::Range;

use interdict_model::{Entity, NameKind};
use interdict_names::{LatinForm, latin_forms, phonetic_keys};

/// Credit for a token found only through its phonetic key, relative to an
/// exact token.
const PHONETIC_CREDIT: f32 = 0.7;

/// One Latin form of one name of one entity.
#[derive(Debug, Clone)]
pub struct IndexedForm {
    /// The entity, by its position in the slice the index was built from.
    pub entity: u32,
    /// The name, by its position in the entity's names.
    pub name: u16,
    /// The kind of that name.
    pub kind: NameKind,
    /// The romanised form and its tokens.
    pub form: LatinForm,
    /// Phonetic keys of each token, in token order.
    pub phonetic: Vec<Vec<String>>,
}

/// An entity worth scoring, with the share of the query's token weight its
/// best name shares (0–1). This is a retrieval score, not the match score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// The entity, by its position in the slice the index was built from.
    pub entity: u32,
    /// Share of the query's weight found in the entity's best name.
    pub overlap: f32,
}

/// An inverted index over every name of every entity.
#[derive(Debug, Default)]
pub struct NameIndex {
    forms: Vec<IndexedForm>,
    /// Forms of each entity: a contiguous range of `forms`.
    entity_forms: Vec<Range<u32>>,
    tokens: HashMap<String, Vec<u32>>,
    joined: HashMap<String, Vec<u32>>,
    phonetics: HashMap<String, Vec<u32>>,
    /// Number of entities with each token in any of their names.
    document_frequency: HashMap<String, u32>,
    /// Entities by identifier number, in canonical form (see
    /// [`NameIndex::with_identifier`]).
    identifiers: HashMap<String, Vec<u32>>,
}

impl NameIndex {
    /// Indexes every name of every entity. Romanisation runs in parallel.
    pub fn build(entities: &[Entity]) -> Self {
        use rayon::prelude::*;
        let per_entity: Vec<Vec<IndexedForm>> = entities
            .par_iter()
            .enumerate()
            .map(|(entity, e)| name_forms(entity as u32, e))
            .collect();

        let mut index = NameIndex::default();
        for (position, entity) in entities.iter().enumerate() {
            for id in &entity.identifiers {
                if let Some(number) = canonical_identifier(&id.number) {
                    push_posting(&mut index.identifiers, &number, position as u32);
                }
            }
        }
        for forms in per_entity {
            let start = index.forms.len() as u32;
            let mut entity_tokens: Vec<&str> = Vec::new();
            for form in &forms {
                entity_tokens.extend(form.form.tokens.iter().map(String::as_str));
            }
            entity_tokens.sort_unstable();
            entity_tokens.dedup();
            for token in entity_tokens {
                *index
                    .document_frequency
                    .entry(token.to_owned())
                    .or_default() += 1;
            }
            for form in forms {
                let id = index.forms.len() as u32;
                for (position, token) in form.form.tokens.iter().enumerate() {
                    push_posting(&mut index.tokens, token, id);
                    if let Some(next) = form.form.tokens.get(position + 1) {
                        push_posting(&mut index.joined, &format!("{token}{next}"), id);
                    }
                }
                for key in form.phonetic.iter().flatten() {
                    push_posting(&mut index.phonetics, key, id);
                }
                index.forms.push(form);
            }
            index.entity_forms.push(start..index.forms.len() as u32);
        }
        index
    }

    /// The entities listing an identifier whose canonical form (letters and
    /// digits, upper case, no `IMO` prefix) is `number`.
    pub fn with_identifier(&self, number: &str) -> &[u32] {
        self.identifiers.get(number).map_or(&[], Vec::as_slice)
    }

    /// Number of entities indexed.
    pub fn entity_count(&self) -> usize {
        self.entity_forms.len()
    }

    /// Number of name forms indexed.
    pub fn form_count(&self) -> usize {
        self.forms.len()
    }

    /// The indexed forms of an entity.
    pub fn forms_of(&self, entity: u32) -> &[IndexedForm] {
        self.entity_forms
            .get(entity as usize)
            .and_then(|range| self.forms.get(range.start as usize..range.end as usize))
            .unwrap_or(&[])
    }

    /// How much a token says about identity: the log inverse share of
    /// entities whose names contain it. A token no list contains gets the
    /// highest weight, as if one entity had it.
    pub fn token_weight(&self, token: &str) -> f32 {
        let total = self.entity_count().max(1) as f32;
        let frequency = self
            .document_frequency
            .get(token)
            .copied()
            .unwrap_or(1)
            .max(1) as f32;
        (1.0 + total / frequency).ln()
    }

    /// The entities whose names share most of the query's weight, best
    /// first, at most `limit`, each sharing at least `min_overlap` of it.
    pub fn candidates(
        &self,
        query: &[LatinForm],
        limit: usize,
        min_overlap: f32,
    ) -> Vec<Candidate> {
        let mut best: HashMap<u32, f32> = HashMap::new();
        for form in query {
            for (form_id, overlap) in self.overlaps(form) {
                let Some(indexed) = self.forms.get(form_id as usize) else {
                    continue;
                };
                let entry = best.entry(indexed.entity).or_default();
                *entry = entry.max(overlap);
            }
        }
        let mut candidates: Vec<Candidate> = best
            .into_iter()
            .filter(|&(_, overlap)| overlap >= min_overlap)
            .map(|(entity, overlap)| Candidate { entity, overlap })
            .collect();
        candidates.sort_by(|a, b| {
            b.overlap
                .total_cmp(&a.overlap)
                .then_with(|| a.entity.cmp(&b.entity))
        });
        candidates.truncate(limit);
        candidates
    }

    /// For each indexed form sharing something with `query`: the share of
    /// the query's token weight it shares.
    fn overlaps(&self, query: &LatinForm) -> HashMap<u32, f32> {
        let tokens = &query.tokens;
        let weights: Vec<f32> = tokens.iter().map(|t| self.token_weight(t)).collect();
        let total: f32 = weights.iter().sum();
        if total <= 0.0 {
            return HashMap::new();
        }
        // Per form: the credit each query token earned (the best way it was found).
        let mut credit: HashMap<u32, Vec<f32>> = HashMap::new();
        let mut give = |form: u32, token: usize, amount: f32| {
            let slots = credit
                .entry(form)
                .or_insert_with(|| vec![0.0; tokens.len()]);
            if let Some(slot) = slots.get_mut(token) {
                *slot = slot.max(amount);
            }
        };
        for (position, token) in tokens.iter().enumerate() {
            let weight = weights[position];
            for &form in self.tokens.get(token).into_iter().flatten() {
                give(form, position, weight);
            }
            // `hailun` in the query, `hai lun` listed.
            for &form in self.joined.get(token).into_iter().flatten() {
                give(form, position, weight);
            }
            for key in phonetic_keys(token) {
                for &form in self.phonetics.get(&key).into_iter().flatten() {
                    give(form, position, weight * PHONETIC_CREDIT);
                }
            }
            // `hai lun` in the query, `hailun` listed.
            if let Some(next) = tokens.get(position + 1) {
                let joined = format!("{token}{next}");
                for &form in self.tokens.get(&joined).into_iter().flatten() {
                    give(form, position, weight);
                    give(form, position + 1, weights[position + 1]);
                }
            }
        }
        credit
            .into_iter()
            .map(|(form, slots)| (form, slots.iter().sum::<f32>() / total))
            .collect()
    }
}

/// An identifier number in canonical form: letters and digits only, upper
/// case, without an `IMO` prefix; none when shorter than five characters,
/// which collide by chance.
pub fn canonical_identifier(number: &str) -> Option<String> {
    let mut text: String = number
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect();
    if let Some(rest) = text.strip_prefix("IMO")
        && !rest.is_empty()
        && rest.bytes().all(|b| b.is_ascii_digit())
    {
        text = rest.to_owned();
    }
    (text.chars().count() >= 5).then_some(text)
}

fn push_posting(postings: &mut HashMap<String, Vec<u32>>, key: &str, form: u32) {
    let list = postings.entry(key.to_owned()).or_default();
    if list.last() != Some(&form) {
        list.push(form);
    }
}

/// Every Latin form of every name of `entity`, as the index holds them;
/// `entity_position` is recorded in each form. Also used to compare entities
/// that are not in an index (a query entity, one side of a pair).
pub fn name_forms(entity_position: u32, entity: &Entity) -> Vec<IndexedForm> {
    let mut out = Vec::new();
    for (name_position, name) in entity.names.iter().enumerate() {
        let Ok(name_position) = u16::try_from(name_position) else {
            break;
        };
        for form in latin_forms(&name.full) {
            if form.tokens.is_empty() {
                continue;
            }
            let phonetic = form.tokens.iter().map(|t| phonetic_keys(t)).collect();
            out.push(IndexedForm {
                entity: entity_position,
                name: name_position,
                kind: name.kind,
                form,
                phonetic,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::{Name, Schema};

    fn entity(id: &str, names: &[&str]) -> Entity {
        let mut e = Entity::new("test", id, Schema::Person);
        for (i, n) in names.iter().enumerate() {
            let kind = if i == 0 {
                NameKind::Primary
            } else {
                NameKind::Alias
            };
            e.add_name(Name::new(n, kind));
        }
        e
    }

    fn sample() -> Vec<Entity> {
        vec![
            entity("1", &["ZHU Hailun", "朱海仑"]),
            entity("2", &["Sergey Viktorovich LAVROV"]),
            entity("3", &["Mohammed Ali", "Mohamed Ali"]),
            entity("4", &["Mohammed Hassan"]),
            entity("5", &["Kim Jong Un"]),
        ]
    }

    fn top(index: &NameIndex, query: &str) -> Option<u32> {
        index
            .candidates(&latin_forms(query), 10, 0.3)
            .first()
            .map(|c| c.entity)
    }

    #[test]
    fn finds_names_across_scripts_and_spellings() {
        let index = NameIndex::build(&sample());
        assert_eq!(top(&index, "Zhu Hailun"), Some(0));
        assert_eq!(top(&index, "朱海仑"), Some(0));
        assert_eq!(top(&index, "Сергей Лавров"), Some(1));
        assert_eq!(top(&index, "Sergei Lavroff"), Some(1));
        assert_eq!(top(&index, "Kim Jongun"), Some(4));
        assert_eq!(top(&index, "Zhu Hai Lun"), Some(0));
    }

    #[test]
    fn rare_tokens_weigh_more_than_common_ones() {
        let index = NameIndex::build(&sample());
        assert!(index.token_weight("mohammed") < index.token_weight("hassan"));
        assert!(index.token_weight("hassan") <= index.token_weight("neverlisted"));
        let candidates = index.candidates(&latin_forms("Mohammed Hassan"), 10, 0.0);
        assert_eq!(candidates[0].entity, 3);
        assert!(candidates[0].overlap > 0.99);
        assert!(candidates[1].overlap < 0.5, "{candidates:?}");
    }

    #[test]
    fn unrelated_names_find_nothing() {
        let index = NameIndex::build(&sample());
        assert!(
            index
                .candidates(&latin_forms("Angela Merkel"), 10, 0.3)
                .is_empty()
        );
        assert!(index.candidates(&latin_forms(""), 10, 0.0).is_empty());
    }
}
