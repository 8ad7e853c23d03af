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
//! * phonetic keys (Double Metaphone), so `lavroff` finds `lavrov`;
//! * typos: vocabulary tokens one or two slips away (see [`allowed_typos`]),
//!   so `marcon` finds `macron` and `sechev` finds `sechin`;
//! * nicknames and the same given name in other languages, so `bill` finds
//!   `william` and `juan` finds `john`.
//!
//! [`NameIndex::candidates`] weighs each query token by its rarity in the
//! loaded lists (inverse document frequency), adds up the weights a listed
//! name shares with the query, and returns the best entities for the matcher
//! to score exactly. Phonetic, typo and related-name matches earn less than
//! exact ones.
//!
//! Lookup takes microseconds because it reads only short postings. A query
//! token so common that, with the other common tokens of the query, it
//! cannot carry a name to the overlap floor does not retrieve anything (the
//! *MaxScore* rule: a name sharing only such tokens could not qualify); nor
//! does a posting list longer than [`RETRIEVAL_CAP`] (`al`, `llc`,
//! `mohammad`'s phonetic key). Both still add their credit to the names
//! rarer tokens retrieved, so ranking is unchanged. Only when nothing short
//! remains does the shortest list retrieve.

use std::cell::RefCell;
use std::collections::HashMap;

use interdict_model::{Entity, NameKind};
use interdict_names::{
    LatinForm, PhoneticKeys, given_name_equivalents, latin_forms, nicknames, phonetic_keys,
    slash_alternatives,
};

mod postings;
mod typo;

use postings::{Postings, PostingsBuilder};
pub use typo::allowed_typos;
use typo::{Deletion, TypoIndex};

/// Credit for a token found only through its phonetic key, relative to an
/// exact token.
const PHONETIC_CREDIT: f32 = 0.7;
/// Credit for a token found only as a vocabulary token one slip away (see
/// [`allowed_typos`]), relative to an exact token: more than a shared
/// phonetic key, which whole families of names share.
const ONE_TYPO_CREDIT: f32 = 0.8;
/// Credit for a token found only as a vocabulary token two slips away.
const TWO_TYPO_CREDIT: f32 = 0.6;
/// Credit for a token found only as a nickname of it or the same given name
/// in another language (`bill`, `william`; `juan`, `john`).
const RELATED_NAME_CREDIT: f32 = 0.8;
/// Posting lists longer than this (in forms) rank the names that shorter
/// lists retrieved but retrieve none themselves.
pub const RETRIEVAL_CAP: usize = 1000;
/// A phonetic key slot with no key.
const NO_KEY: u32 = u32::MAX;

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
    pub phonetic: Vec<PhoneticKeys>,
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

/// A query form and a listed form of a candidate worth comparing exactly:
/// the listed form shares at least the floor of the query form's weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FormCandidate {
    /// The entity, by its position in the slice the index was built from.
    pub entity: u32,
    /// The query form, by its position in the forms looked up.
    pub query_form: u16,
    /// The listed form, by its position in [`NameIndex::forms_of`] the
    /// entity.
    pub listed_form: u16,
    /// Share of the query form's weight the listed form shares (0–1).
    pub overlap: f32,
}

/// An inverted index over every name of every entity.
#[derive(Debug, Default)]
pub struct NameIndex {
    /// The forms of each entity, kept as romanisation made them (one
    /// vector an entity) rather than copied into one.
    forms: Vec<Vec<IndexedForm>>,
    /// The entity of each form, by form id (forms numbered entity by
    /// entity).
    form_entity: Vec<u32>,
    /// The id of each entity's first form, by entity.
    first_form: Vec<u32>,
    tokens: Postings,
    /// Neighbouring tokens written together (`hai lun` as `hailun`).
    joined: Postings,
    phonetics: Postings,
    /// The phonetic key ids of each token, by token id.
    token_phonetics: Vec<[u32; 2]>,
    /// Number of entities with each token in any of their names, by token id.
    document_frequency: Vec<u32>,
    typos: TypoIndex,
    /// Entities by identifier number, in canonical form (see
    /// [`NameIndex::with_identifier`]).
    identifiers: HashMap<String, Vec<u32>>,
}

/// A posting list of the index.
#[derive(Debug, Clone, Copy)]
enum List {
    Token(u32),
    Joined(u32),
    Phonetic(u32),
}

/// One way a query token is found: a posting list and the credit each form
/// on it earns for the token (and, for two query tokens found written
/// together, for the next one too).
#[derive(Debug, Clone, Copy)]
struct Source {
    list: List,
    token: usize,
    credit: f32,
    next_credit: Option<f32>,
    /// Exact (not phonetic or typo): preferred when a list must retrieve
    /// whatever its length.
    exact: bool,
    /// Can lift a name to the floor with the other ranking-only sources.
    essential: bool,
    retrieves: bool,
}

/// Working space for one lookup, kept per thread so a lookup allocates
/// (almost) nothing.
#[derive(Debug, Default)]
struct Scratch {
    /// Per form whose `member` bit is set: its row in `candidates`. Not
    /// cleared between lookups; only the bits are.
    slot: Vec<u32>,
    /// Per form, one bit: whether it is in `candidates`. Small enough to
    /// stay in cache while long posting lists are checked against it, where
    /// `slot` would miss on nearly every form.
    member: Vec<u64>,
    candidates: Vec<u32>,
    /// Per candidate, the credit of each query token: `candidates × tokens`.
    credits: Vec<f32>,
    ids: Vec<Option<u32>>,
    weights: Vec<f32>,
    essential: Vec<bool>,
    /// Per query token, the best credit its ranking-only sources give.
    ceiling: Vec<f32>,
    order: Vec<usize>,
    sources: Vec<Source>,
    joined: String,
    deletions: Vec<Deletion>,
    typo_found: Vec<(u32, u8)>,
    neighbours: Vec<(u32, u8)>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl NameIndex {
    /// Indexes every name of every entity. Romanisation runs in parallel.
    pub fn build(entities: &[Entity]) -> Self {
        use rayon::prelude::*;
        let mut per_entity: Vec<Vec<IndexedForm>> = entities
            .par_iter()
            .enumerate()
            .map(|(entity, e)| name_forms(entity as u32, e))
            .collect();

        let mut index = NameIndex::default();
        for (position, entity) in entities.iter().enumerate() {
            for id in &entity.identifiers {
                if let Some(number) = canonical_identifier(&id.number) {
                    let list = index.identifiers.entry(number).or_default();
                    if list.last() != Some(&(position as u32)) {
                        list.push(position as u32);
                    }
                }
            }
        }
        index
            .form_entity
            .reserve_exact(per_entity.iter().map(Vec::len).sum());
        let mut tokens = PostingsBuilder::default();
        let mut joined = PostingsBuilder::default();
        let mut phonetics = PostingsBuilder::default();
        // Per token id, the last entity counted in its document frequency.
        let mut counted: Vec<u32> = Vec::new();
        let mut pair = String::new();
        index.first_form.reserve_exact(per_entity.len());
        for (entity, forms) in per_entity.iter_mut().enumerate() {
            let entity = entity as u32;
            index.first_form.push(index.form_entity.len() as u32);
            forms.shrink_to_fit();
            for form in forms.iter() {
                let id = index.form_entity.len() as u32;
                for (position, token) in form.form.tokens.iter().enumerate() {
                    let (token_id, new) = tokens.add(token, id);
                    if new {
                        index.document_frequency.push(0);
                        index.token_phonetics.push([NO_KEY; 2]);
                        counted.push(u32::MAX);
                    }
                    let t = token_id as usize;
                    if counted[t] != entity {
                        counted[t] = entity;
                        index.document_frequency[t] += 1;
                    }
                    if let Some(next) = form.form.tokens.get(position + 1) {
                        pair.clear();
                        pair.push_str(token);
                        pair.push_str(next);
                        joined.add(&pair, id);
                    }
                    let keys = form
                        .phonetic
                        .get(position)
                        .into_iter()
                        .flat_map(|k| k.iter());
                    for (slot, key) in keys.enumerate() {
                        let (key_id, _) = phonetics.add(key.as_str(), id);
                        if let Some(slot) = index.token_phonetics[t].get_mut(slot) {
                            *slot = key_id;
                        }
                    }
                }
                index.form_entity.push(entity);
            }
        }
        index.forms = per_entity;
        index.tokens = tokens.finish();
        index.joined = joined.finish_compact();
        index.phonetics = phonetics.finish();
        let mut vocabulary = vec![""; index.tokens.len()];
        for (token, id) in index.tokens.terms() {
            if let Some(slot) = vocabulary.get_mut(id as usize) {
                *slot = token;
            }
        }
        index.typos = TypoIndex::build(&vocabulary);
        index
    }

    /// The entities listing an identifier whose canonical form (letters and
    /// digits, upper case, no `IMO` prefix) is `number`.
    pub fn with_identifier(&self, number: &str) -> &[u32] {
        self.identifiers.get(number).map_or(&[], Vec::as_slice)
    }

    /// Number of entities indexed.
    pub fn entity_count(&self) -> usize {
        self.forms.len()
    }

    /// Number of name forms indexed.
    pub fn form_count(&self) -> usize {
        self.form_entity.len()
    }

    /// The indexed forms of an entity.
    pub fn forms_of(&self, entity: u32) -> &[IndexedForm] {
        self.forms.get(entity as usize).map_or(&[], Vec::as_slice)
    }

    /// Every distinct token of every indexed form, in no particular order.
    pub fn vocabulary(&self) -> impl Iterator<Item = &str> {
        self.tokens.terms().map(|(token, _)| token)
    }

    /// The vocabulary tokens a slip or two from `token` (see
    /// [`allowed_typos`]), other than `token` itself, in no particular order.
    pub fn typo_neighbours(&self, token: &str) -> Vec<&str> {
        let (mut deletions, mut found, mut out) = (Vec::new(), Vec::new(), Vec::new());
        self.typos
            .neighbours(token, &mut deletions, &mut found, &mut out);
        out.iter().map(|&(id, _)| self.typos.token(id)).collect()
    }

    /// Approximate bytes held by the postings and dictionaries, not counting
    /// the indexed forms themselves.
    pub fn postings_size(&self) -> usize {
        self.tokens.heap_size()
            + self.joined.heap_size()
            + self.phonetics.heap_size()
            + self.typos.heap_size()
            + self.token_phonetics.capacity() * 8
            + self.document_frequency.capacity() * 4
    }

    /// Whether any indexed name has this token.
    pub fn knows_token(&self, token: &str) -> bool {
        self.tokens.id(token).is_some()
    }

    /// How much a token says about identity: the log inverse share of
    /// entities whose names contain it. A token no list contains gets the
    /// highest weight, as if one entity had it.
    pub fn token_weight(&self, token: &str) -> f32 {
        self.weight_of(self.tokens.id(token))
    }

    fn weight_of(&self, token_id: Option<u32>) -> f32 {
        let total = self.entity_count().max(1) as f32;
        let frequency = token_id
            .and_then(|id| self.document_frequency.get(id as usize))
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
        let mut forms = self.candidate_forms(query, limit, min_overlap);
        forms.dedup_by_key(|f| f.entity);
        forms
            .into_iter()
            .map(|f| Candidate {
                entity: f.entity,
                overlap: f.overlap,
            })
            .collect()
    }

    /// The pairs of query and listed forms of the best `limit` entities
    /// ([`NameIndex::candidates`]) that share at least `min_overlap` of the
    /// query form's weight: entity by entity, best entity first, and within
    /// an entity best pair first.
    pub fn candidate_forms(
        &self,
        query: &[LatinForm],
        limit: usize,
        min_overlap: f32,
    ) -> Vec<FormCandidate> {
        if limit == 0 || self.form_entity.is_empty() {
            return Vec::new();
        }
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => self.candidates_in(&mut scratch, query, limit, min_overlap),
            Err(_) => self.candidates_in(&mut Scratch::default(), query, limit, min_overlap),
        })
    }

    fn candidates_in(
        &self,
        scratch: &mut Scratch,
        query: &[LatinForm],
        limit: usize,
        min_overlap: f32,
    ) -> Vec<FormCandidate> {
        if scratch.slot.len() < self.form_entity.len() {
            scratch.slot.resize(self.form_entity.len(), 0);
            scratch
                .member
                .resize(self.form_entity.len().div_ceil(64), 0);
        }
        let mut found = Vec::new();
        for (position, form) in query.iter().enumerate() {
            let position = u16::try_from(position).unwrap_or(u16::MAX);
            self.overlaps(scratch, form, position, min_overlap, &mut found);
        }
        // Entity by entity, best pair first.
        found.sort_unstable_by(|a, b| {
            a.entity
                .cmp(&b.entity)
                .then_with(|| b.overlap.total_cmp(&a.overlap))
                .then_with(|| (a.query_form, a.listed_form).cmp(&(b.query_form, b.listed_form)))
        });
        // Each entity's best pair, with where its pairs start.
        let mut best: Vec<(FormCandidate, usize)> = Vec::new();
        for (start, pair) in found.iter().enumerate() {
            if best.last().is_none_or(|(b, _)| b.entity != pair.entity) {
                best.push((*pair, start));
            }
        }
        let best_first = |a: &(FormCandidate, usize), b: &(FormCandidate, usize)| {
            b.0.overlap
                .total_cmp(&a.0.overlap)
                .then_with(|| a.0.entity.cmp(&b.0.entity))
        };
        if best.len() > limit {
            best.select_nth_unstable_by(limit - 1, best_first);
            best.truncate(limit);
        }
        best.sort_unstable_by(best_first);
        let mut out = Vec::with_capacity(best.len() * 2);
        for (first, start) in best {
            out.extend(
                found
                    .iter()
                    .skip(start)
                    .take_while(|pair| pair.entity == first.entity),
            );
        }
        out
    }

    fn list(&self, list: List) -> &[u32] {
        match list {
            List::Token(id) => self.tokens.forms(id),
            List::Joined(id) => self.joined.forms(id),
            List::Phonetic(id) => self.phonetics.forms(id),
        }
    }

    /// Adds to `out` each indexed form sharing at least `min_overlap` of the
    /// weight of `query` (the query's form at `position`), with that share.
    fn overlaps(
        &self,
        s: &mut Scratch,
        query: &LatinForm,
        position: u16,
        min_overlap: f32,
        out: &mut Vec<FormCandidate>,
    ) {
        let tokens = &query.tokens;
        let n = tokens.len();
        s.ids.clear();
        s.ids.extend(tokens.iter().map(|t| self.tokens.id(t)));
        s.weights.clear();
        s.weights.extend(s.ids.iter().map(|&id| self.weight_of(id)));
        let total: f32 = s.weights.iter().sum();
        if n == 0 || total <= 0.0 {
            return;
        }

        // MaxScore, per token: the commonest tokens, together short of the
        // floor, are not worth looking up slips of.
        let floor = min_overlap * total;
        s.order.clear();
        s.order.extend(0..n);
        let weights = &s.weights;
        s.order
            .sort_unstable_by(|&a, &b| weights[a].total_cmp(&weights[b]));
        s.essential.clear();
        s.essential.resize(n, true);
        let mut below = 0.0;
        for &i in &s.order {
            if below + s.weights[i] >= floor {
                break;
            }
            below += s.weights[i];
            s.essential[i] = false;
        }

        self.gather_sources(s, tokens);

        // MaxScore, per source: lists that, lowest credit first, together
        // cannot lift a name to the floor only rank. A token earns the best
        // of its sources, so its bound is its best ranking-only credit.
        s.order.clear();
        s.order.extend(0..s.sources.len());
        let sources = &s.sources;
        s.order
            .sort_unstable_by(|&a, &b| sources[a].credit.total_cmp(&sources[b].credit));
        s.ceiling.clear();
        s.ceiling.resize(n, 0.0);
        let mut bound = 0.0;
        for &k in &s.order {
            let Some(source) = s.sources.get_mut(k) else {
                continue;
            };
            let length = self.list(source.list).len();
            source.retrieves = length <= RETRIEVAL_CAP;
            if source.next_credit.is_some() {
                continue;
            }
            let raise = (source.credit - s.ceiling[source.token]).max(0.0);
            if bound + raise < floor {
                bound += raise;
                s.ceiling[source.token] += raise;
                source.retrieves = false;
                source.essential = false;
            }
        }
        if !s.sources.iter().any(|source| source.retrieves) {
            let fallback = s
                .sources
                .iter_mut()
                .filter(|source| source.essential && !self.list(source.list).is_empty())
                .min_by_key(|source| (!source.exact, self.list(source.list).len()));
            if let Some(source) = fallback {
                source.retrieves = true;
            }
        }

        // The membership bits are read first: they stay in cache where the
        // per-form slots (tens of megabytes at millions of entities) miss,
        // and most forms a list retrieves are new, needing only a store.
        for source in s.sources.iter().filter(|source| source.retrieves) {
            for &form in self.list(source.list) {
                let (Some(word), Some(slot)) = (
                    s.member.get_mut(form as usize / 64),
                    s.slot.get_mut(form as usize),
                ) else {
                    continue;
                };
                let bit = 1 << (form % 64);
                let row = if *word & bit == 0 {
                    *word |= bit;
                    let row = s.candidates.len();
                    *slot = row as u32;
                    s.candidates.push(form);
                    s.credits.resize(s.credits.len() + n, 0.0);
                    row
                } else {
                    *slot as usize
                };
                credit(&mut s.credits, row * n, source);
            }
        }
        for source in s.sources.iter().filter(|source| !source.retrieves) {
            let list = self.list(source.list);
            let probes = s.candidates.len() * (usize::BITS - list.len().leading_zeros()) as usize;
            if probes < list.len() {
                // A candidate whose token already has this much credit
                // (found exactly, say) gains nothing: no search for it.
                for (row, form) in s.candidates.iter().enumerate() {
                    if could_gain(&s.credits, row * n, source) && list.binary_search(form).is_ok() {
                        credit(&mut s.credits, row * n, source);
                    }
                }
            } else {
                for &form in list {
                    let member = s
                        .member
                        .get(form as usize / 64)
                        .is_some_and(|word| word & (1 << (form % 64)) != 0);
                    if member && let Some(&slot) = s.slot.get(form as usize) {
                        credit(&mut s.credits, slot as usize * n, source);
                    }
                }
            }
        }

        for (row, &form) in s.candidates.iter().enumerate() {
            if let Some(word) = s.member.get_mut(form as usize / 64) {
                *word = 0;
            }
            let shared: f32 = s.credits[row * n..(row + 1) * n].iter().sum();
            let overlap = shared / total;
            if overlap >= min_overlap
                && let Some(&entity) = self.form_entity.get(form as usize)
                && let Some(&first) = self.first_form.get(entity as usize)
            {
                out.push(FormCandidate {
                    entity,
                    query_form: position,
                    listed_form: u16::try_from(form - first).unwrap_or(u16::MAX),
                    overlap,
                });
            }
        }
        s.candidates.clear();
        s.credits.clear();
    }

    /// Every way each query token is found, into `s.sources`.
    fn gather_sources(&self, s: &mut Scratch, tokens: &[String]) {
        s.sources.clear();
        let source = |list, token, credit, exact| Source {
            list,
            token,
            credit,
            next_credit: None,
            exact,
            essential: true,
            retrieves: false,
        };
        for (i, token) in tokens.iter().enumerate() {
            // A word written twice (`Michelle Michelle Howard`) pairs with
            // one listed word only, as the matcher pairs it: the second is
            // not looked up, so the listed word is not credited twice.
            if tokens[..i].contains(token) {
                continue;
            }
            let weight = s.weights[i];
            match s.ids[i] {
                Some(id) => {
                    s.sources.push(source(List::Token(id), i, weight, true));
                    let keys = self.token_phonetics.get(id as usize).into_iter().flatten();
                    for &key in keys.filter(|&&key| key != NO_KEY) {
                        let credit = weight * PHONETIC_CREDIT;
                        s.sources
                            .push(source(List::Phonetic(key), i, credit, false));
                    }
                }
                None => {
                    for key in phonetic_keys(token).iter() {
                        if let Some(key) = self.phonetics.id(key.as_str()) {
                            let credit = weight * PHONETIC_CREDIT;
                            s.sources
                                .push(source(List::Phonetic(key), i, credit, false));
                        }
                    }
                }
            }
            // `hailun` in the query, `hai lun` listed.
            if let Some(id) = self.joined.id(token) {
                s.sources.push(source(List::Joined(id), i, weight, true));
            }
            // `hai lun` in the query, `hailun` listed.
            if let Some(next) = tokens.get(i + 1) {
                s.joined.clear();
                s.joined.push_str(token);
                s.joined.push_str(next);
                if let Some(id) = self.tokens.id(&s.joined) {
                    s.sources.push(Source {
                        next_credit: s.weights.get(i + 1).copied(),
                        ..source(List::Token(id), i, weight, true)
                    });
                }
                // `jes on` in the query, `je son` listed: split elsewhere.
                if let Some(id) = self.joined.id(&s.joined) {
                    s.sources.push(Source {
                        next_credit: s.weights.get(i + 1).copied(),
                        ..source(List::Joined(id), i, weight, true)
                    });
                }
            }
            // `bill` finds `william`, `juan` finds `john`.
            for related in nicknames(token).iter().chain(given_name_equivalents(token)) {
                if let Some(id) = self.tokens.id(related) {
                    let credit = weight * RELATED_NAME_CREDIT;
                    s.sources.push(source(List::Token(id), i, credit, false));
                }
            }
            // Typos only where they can retrieve: common tokens' slips
            // would add little and cost much.
            if s.essential[i] {
                let neighbours = match s.ids[i] {
                    Some(id) => self
                        .typos
                        .neighbours_of(id, &mut s.deletions, &mut s.typo_found),
                    None => {
                        self.typos.neighbours_of_unknown(
                            token,
                            &mut s.deletions,
                            &mut s.typo_found,
                            &mut s.neighbours,
                        );
                        &s.neighbours
                    }
                };
                for &(id, distance) in neighbours {
                    let credit = weight
                        * if distance <= 1 {
                            ONE_TYPO_CREDIT
                        } else {
                            TWO_TYPO_CREDIT
                        };
                    s.sources.push(source(List::Token(id), i, credit, false));
                }
            }
        }
    }
}

/// Whether `source` would raise the credit of the candidate whose row starts
/// at `row` (see [`credit`]).
fn could_gain(credits: &[f32], row: usize, source: &Source) -> bool {
    let below = |token: usize, credit: f32| credits.get(row + token).is_some_and(|&c| c < credit);
    below(source.token, source.credit)
        || source
            .next_credit
            .is_some_and(|next| below(source.token + 1, next))
}

/// Records the credit `source` gives the candidate whose row starts at `row`:
/// each token keeps the best way it was found.
fn credit(credits: &mut [f32], row: usize, source: &Source) {
    if let Some(slot) = credits.get_mut(row + source.token) {
        *slot = slot.max(source.credit);
    }
    if let Some(next) = source.next_credit
        && let Some(slot) = credits.get_mut(row + source.token + 1)
    {
        *slot = slot.max(next);
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

/// Every Latin form of every name of `entity`, as the index holds them;
/// `entity_position` is recorded in each form. Also used to compare entities
/// that are not in an index (a query entity, one side of a pair).
pub fn name_forms(entity_position: u32, entity: &Entity) -> Vec<IndexedForm> {
    let mut out = Vec::new();
    for (name_position, name) in entity.names.iter().enumerate() {
        let Ok(name_position) = u16::try_from(name_position) else {
            break;
        };
        let mut forms = latin_forms(&name.full);
        for alternative in slash_alternatives(&name.full) {
            for form in latin_forms(alternative) {
                if !forms.iter().any(|f| f.text == form.text) {
                    forms.push(form);
                }
            }
        }
        for form in forms {
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
    fn nicknames_and_given_names_in_other_languages_earn_credit() {
        let index = NameIndex::build(&[
            entity("1", &["William Jefferson Clinton"]),
            entity("2", &["John Doe"]),
        ]);
        let nickname = index.candidates(&latin_forms("Bill Clinton"), 10, 0.0);
        assert_eq!(nickname.first().map(|c| c.entity), Some(0));
        assert!(nickname[0].overlap > 0.85, "{nickname:?}");
        let equivalent = index.candidates(&latin_forms("Juan Doe"), 10, 0.0);
        assert_eq!(equivalent.first().map(|c| c.entity), Some(1));
        assert!(equivalent[0].overlap > 0.85, "{equivalent:?}");
    }

    #[test]
    fn a_word_written_twice_is_credited_once() {
        let index = NameIndex::build(&[
            entity("1", &["Michelle Obama"]),
            entity("2", &["John Howard"]),
        ]);
        let candidates = index.candidates(&latin_forms("Michelle Michelle Howard"), 10, 0.0);
        assert!(candidates.iter().all(|c| c.overlap < 0.5), "{candidates:?}");
    }

    #[test]
    fn a_name_split_in_another_place_is_found_whole() {
        let index = NameIndex::build(&[entity("1", &["RI Je-son"]), entity("2", &["Ri Pyong"])]);
        let candidates = index.candidates(&latin_forms("Ri Jes-on"), 10, 0.3);
        assert_eq!(candidates.first().map(|c| c.entity), Some(0));
        assert!(candidates[0].overlap > 0.99, "{candidates:?}");
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
    fn typos_in_rare_tokens_are_found_with_less_credit() {
        let mut entities = sample();
        entities.push(entity("6", &["Emmanuel Macron"]));
        entities.push(entity("7", &["Igor Ivanovich Sechin"]));
        entities.push(entity("8", &["Usama bin Laden"]));
        let index = NameIndex::build(&entities);
        assert_eq!(top(&index, "Emmanuel Marcon"), Some(5));
        assert_eq!(top(&index, "Igor Sechev"), Some(6));
        assert_eq!(top(&index, "Osama bin Ladin"), Some(7));
        let exact = index.candidates(&latin_forms("Sergey Lavrov"), 10, 0.0);
        let typo = index.candidates(&latin_forms("Sergey Lavorv"), 10, 0.0);
        assert_eq!((exact[0].entity, typo[0].entity), (1, 1));
        assert!(typo[0].overlap < exact[0].overlap);
        assert_eq!(index.typo_neighbours("marcon"), ["macron"]);
    }

    #[test]
    fn common_tokens_rank_but_do_not_retrieve() {
        // More entities named Ali than the retrieval cap, one also named
        // Qurashi.
        let mut entities: Vec<Entity> = (0..RETRIEVAL_CAP + 10)
            .map(|i| entity(&i.to_string(), &[&format!("Ali Person{i}")]))
            .collect();
        entities.push(entity("q", &["Ali Qurashi"]));
        let index = NameIndex::build(&entities);
        let qurashi = RETRIEVAL_CAP as u32 + 10;
        let found = index.candidates(&latin_forms("Ali Qurashi"), 5, 0.3);
        assert_eq!(found[0].entity, qurashi);
        assert!(found[0].overlap > 0.99, "{found:?}");
        // A query made only of common tokens still finds them.
        let found = index.candidates(&latin_forms("Ali"), 5, 0.3);
        assert_eq!(found.len(), 5);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn a_token_within_the_allowed_distance_retrieves_its_entity(
            surname in "[a-z]{3,12}",
            edits in proptest::collection::vec((0u8..4, 0usize..16, 0u8..26), 1..3),
        ) {
            let mut letters: Vec<u8> = surname.bytes().collect();
            for (kind, at, letter) in edits {
                let len = letters.len();
                let at = at % len.max(1);
                match kind {
                    0 if len > 1 => letters.swap(at, (at + 1) % len),
                    1 => { letters.remove(at); }
                    2 => letters[at] = b'a' + letter,
                    _ => letters.insert(at, b'a' + letter),
                }
                if letters.is_empty() {
                    letters.push(b'a');
                }
            }
            let typed = String::from_utf8(letters).unwrap_or_default();
            let distance = strsim::osa_distance(&typed, &surname);
            proptest::prop_assume!(distance <= allowed_typos(typed.len(), surname.len()));
            // A word normalisation reads as another (`ctr` is an
            // abbreviation of `center`) is indexed as that one: the property
            // is about tokens as they are indexed.
            let as_itself = |word: &str| {
                latin_forms(word).iter().all(|form| form.tokens == [word])
            };
            proptest::prop_assume!(as_itself(&surname) && as_itself(&typed));
            let entities = vec![
                entity("1", &[&format!("Viktor {surname}")]),
                entity("2", &["Viktor Other"]),
                entity("3", &["Someone Else"]),
            ];
            let index = NameIndex::build(&entities);
            let found = index.candidates(&latin_forms(&typed), 10, 0.3);
            proptest::prop_assert!(
                found.iter().any(|c| c.entity == 0),
                "{typed} for {surname}: {found:?}"
            );
        }
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
