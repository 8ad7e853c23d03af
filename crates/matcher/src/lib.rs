//! Screening: scoring listed entities against a query, and explaining why.
//!
//! A [`Screener`] owns the loaded entities and their [`NameIndex`]. For a
//! [`Query`] it romanises the query name, asks the index for candidates, and
//! scores each candidate exactly:
//!
//! 1. **Name** ([`name_score`]): the best token alignment between any Latin
//!    form of the query and any Latin form of any of the entity's names,
//!    tokens weighted by their rarity in the lists. Weak aliases count a
//!    little less.
//! 2. **Date of birth** ([`birth_date`]): agreement raises the score by up to
//!    0.10 depending on precision; dates a few years apart lower it by 0.10,
//!    dates far apart by 0.25.
//! 3. **Country** ([`country`]): a matching nationality raises the score; a
//!    listed nationality that differs lowers it.
//! 4. **Identifier** ([`identifier`]): the same passport, national ID, IMO or
//!    registration number raises the score to at least 0.95, and finds the
//!    entity even when its name differs (a renamed ship keeps its IMO number).
//!
//! Every [`Hit`] carries an [`Explanation`] of each contribution. Hits that
//! look like the same subject on different lists (same name, no conflicting
//! date of birth or nationality) are grouped into one [`Group`], so an analyst
//! sees one person listed by the US, the EU and Canada as one result.

pub mod birth_date;
pub mod consolidate;
pub mod country;
pub mod identifier;
pub mod name_score;

use interdict_index::{FormCandidate, IndexedForm, NameIndex};
use interdict_model::{Country, Entity, FuzzyDate, NameKind, Schema};
use interdict_names::{
    Convention, LatinForm, Romanisation, TokenClass, character_agreement, latin_forms,
    phonetic_keys, respellings, token_class,
};
use serde::Serialize;

use birth_date::DateAgreement;
use country::CountryAgreement;
use name_score::{
    Assessment, NameComparison, NameStyle, SimilarityMemo, WeightedToken, capped_weight,
};
use std::cell::RefCell;

/// The score from which a hit is reported unless the caller says otherwise.
pub const DEFAULT_THRESHOLD: f32 = 0.80;
/// How much a weak alias's name score is scaled by.
const WEAK_ALIAS_FACTOR: f32 = 0.9;
/// How much a legal form, particle or title counts, relative to a name word.
const LEGAL_FORM_WEIGHT: f32 = 0.3;
const PARTICLE_WEIGHT: f32 = 0.4;
const TITLE_WEIGHT: f32 = 0.1;
/// How many candidates the index hands to exact scoring.
const CANDIDATE_LIMIT: usize = 100;
/// Name forms sharing less than this share of the query's weight, times the
/// threshold, are not scored: at the default threshold, forms sharing less
/// than 40%. Measured with `interdict eval index`, which scores every form of
/// every entity: at 0.5 of the threshold 4,568 of 4,571 hits are kept, at
/// 0.625 typos of common names are lost (see docs/performance.md).
const CANDIDATE_FLOOR: f32 = 0.5;
/// Two records' names that score this both ways are one name spelled two
/// ways, for grouping hits into subjects.
const SAME_NAME_SCORE: f32 = 0.9;
/// The share of a shorter name that must be found in a longer one for the
/// longer to contain it.
const CONTAINED_NAME_COVERAGE: f32 = 0.95;
/// Most forms of each record compared when grouping hits.
const MAX_GROUPING_FORMS: usize = 8;

/// What to screen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// The names, in any script or order (`ZHU, Hailun`, `朱海仑`); the best
    /// matching one counts.
    pub names: Vec<String>,
    /// Dates of birth (or of incorporation or build), if known; the best
    /// agreeing one counts.
    pub birth_dates: Vec<FuzzyDate>,
    /// Nationalities or countries, if known.
    pub countries: Vec<Country>,
    /// Identifier numbers (passport, national ID, IMO, registration), if
    /// known, in any punctuation.
    pub identifiers: Vec<String>,
    /// What kind of subject it is, if known: entities of incompatible kinds
    /// (a person and a vessel) are never hits.
    pub schema: Option<Schema>,
}

impl Query {
    /// A query for one name and nothing else.
    pub fn name(name: &str) -> Self {
        Self {
            names: vec![name.to_owned()],
            ..Self::default()
        }
    }

    /// A query made of everything an entity says about itself: its names,
    /// dates, countries, identifiers and schema.
    pub fn from_entity(entity: &Entity) -> Self {
        let mut countries: Vec<Country> = entity.nationality_like().collect();
        for country in &entity.countries {
            Entity::push_unique(&mut countries, *country);
        }
        Self {
            names: entity.names.iter().map(|n| n.full.clone()).collect(),
            birth_dates: entity.birth_dates.clone(),
            countries,
            identifiers: entity
                .identifiers
                .iter()
                .map(|i| i.number.clone())
                .collect(),
            schema: Some(entity.schema),
        }
    }

    /// The Latin forms of all the query's names, and of their respellings
    /// from German, French, Turkish, Polish or Wade-Giles conventions into
    /// the lists' romanisation, without repeats.
    fn forms(&self) -> Vec<LatinForm> {
        self.forms_knowing(None)
    }

    /// The query's forms for screening against `index`: a name every word
    /// of which the lists already know (`John Smith`, `Michelle Howard`) is
    /// written as lists write names, and is not respelled from European
    /// conventions (`zhohn smith`, `mikhelle hovard` would only find other
    /// names); Wade-Giles still applies (`Mao Tse-tung`'s words are all
    /// listed somewhere).
    fn forms_knowing(&self, index: Option<&NameIndex>) -> Vec<LatinForm> {
        let mut forms: Vec<LatinForm> = Vec::new();
        let mut add = |form: LatinForm| {
            if !forms.iter().any(|f| f.text == form.text) {
                forms.push(form);
            }
        };
        for name in &self.names {
            let latin = latin_forms(name);
            let known = index.is_some_and(|index| {
                latin
                    .first()
                    .is_some_and(|form| form.tokens.iter().all(|token| index.knows_token(token)))
            });
            latin.into_iter().for_each(&mut add);
            for (convention, text) in respellings(name) {
                if known && convention != Convention::WadeGiles {
                    continue;
                }
                for mut form in latin_forms(&text) {
                    form.method = Romanisation::Respelled(convention);
                    add(form);
                }
            }
        }
        forms
    }
}

/// How to screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Hits scoring below this are not reported.
    pub threshold: f32,
    /// At most this many groups are returned.
    pub limit: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            threshold: DEFAULT_THRESHOLD,
            limit: 10,
        }
    }
}

/// One listed entity that matches the query.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// The entity, by its position in [`Screener::entities`].
    #[serde(skip)]
    pub entity: usize,
    /// The score, 0–1.
    pub score: f32,
    /// Why.
    pub explanation: Explanation,
}

/// Why an entity scored what it did: every contribution.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The name evidence, which the score starts from.
    pub name: NameEvidence,
    /// Evidence that raised or lowered the name score.
    pub features: Vec<Feature>,
}

/// Which query form matched which listed name, and how well.
#[derive(Debug, Clone, Serialize)]
pub struct NameEvidence {
    /// The name score, 0–1, after the weak-alias factor.
    pub score: f32,
    /// The romanised query form that matched best.
    pub query_form: String,
    /// How the query form was romanised.
    pub query_romanisation: String,
    /// The listed name, as the list writes it.
    pub listed_name: String,
    /// What kind of name it is on the list.
    pub listed_kind: NameKind,
    /// The romanised form of the listed name that matched.
    pub listed_form: String,
    /// The token-by-token comparison.
    pub comparison: NameComparison,
}

/// One piece of evidence besides the name.
#[derive(Debug, Clone, Serialize)]
pub struct Feature {
    /// What it is: `birth_date`, `country`, `weak_alias`.
    pub feature: &'static str,
    /// Its effect on the score (positive raises it).
    pub effect: f32,
    /// In words.
    pub detail: String,
}

/// How well two entities match each other (see [`Screener::compare_pair`]).
#[derive(Debug, Clone, Serialize)]
pub struct PairComparison {
    /// The score, 0–1.
    pub score: f32,
    /// Why the score is 0 without comparing, when the schemas cannot
    /// describe the same thing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The first entity screened against the second.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forward: Option<Hit>,
    /// The second entity screened against the first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backward: Option<Hit>,
}

/// Hits that appear to be one subject on several lists, best first.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// The best score in the group.
    pub score: f32,
    /// The consolidated subject's id, when hits are grouped by a
    /// [`consolidate::Consolidation`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The hits, best first.
    pub hits: Vec<Hit>,
}

/// Screens queries against loaded entities.
pub struct Screener {
    entities: Vec<Entity>,
    index: NameIndex,
    /// The weight and class of every token of each entity's indexed forms,
    /// worked out once at load rather than for every comparison.
    listed_tokens: Vec<ListedTokens>,
}

/// The weights (capped as [`WeightedToken`]'s are) and classes of the tokens
/// of an entity's forms, form after form, token after token.
#[derive(Default)]
struct ListedTokens {
    weights: Box<[f32]>,
    classes: Box<[TokenClass]>,
    /// Where each form's tokens start, and after the last form the total.
    starts: Box<[u32]>,
}

impl ListedTokens {
    /// Where the tokens of the form at `position` are.
    fn range(&self, position: usize) -> Option<std::ops::Range<usize>> {
        let start = *self.starts.get(position)? as usize;
        let end = *self.starts.get(position + 1)? as usize;
        Some(start..end)
    }

    /// The weights of the tokens of the form at `position`.
    fn weights_of(&self, position: usize) -> &[f32] {
        self.range(position)
            .and_then(|range| self.weights.get(range))
            .unwrap_or(&[])
    }

    /// The tokens of the form at `position` of `forms`, weighed.
    fn of<'f>(
        &self,
        forms: &'f [IndexedForm],
        position: usize,
        out: &mut Vec<WeightedToken<'f>>,
    ) -> Option<()> {
        let indexed = forms.get(position)?;
        let range = self.range(position)?;
        let (weights, classes) = (self.weights.get(range.clone())?, self.classes.get(range)?);
        out.clear();
        out.extend(
            indexed
                .form
                .tokens
                .iter()
                .zip(&indexed.phonetic)
                .zip(weights.iter().zip(classes))
                .map(|((text, &phonetic), (&weight, &class))| {
                    WeightedToken::listed_capped(text, phonetic, weight, class)
                }),
        );
        Some(())
    }
}

/// A query's tokens, form by form, and the similarities of the token pairs
/// compared so far.
struct QueryTokens<'f> {
    forms: Vec<Vec<WeightedToken<'f>>>,
    memo: RefCell<SimilarityMemo<'f>>,
}

impl<'f> QueryTokens<'f> {
    /// Compares the query form at `position` with a listed form.
    fn assess(
        &self,
        position: usize,
        listed: &[WeightedToken<'f>],
        style: NameStyle,
    ) -> Option<Assessment> {
        let query = self.forms.get(position)?;
        Some(match self.memo.try_borrow_mut() {
            Ok(mut memo) => name_score::assess_remembering(query, listed, style, &mut memo),
            Err(_) => name_score::assess(query, listed, style),
        })
    }
}

impl<'f> std::ops::Deref for QueryTokens<'f> {
    type Target = [Vec<WeightedToken<'f>>];

    fn deref(&self) -> &Self::Target {
        &self.forms
    }
}

/// Which pairs of query and listed forms to compare.
#[derive(Clone, Copy)]
enum Pairs<'a> {
    /// Every query form with every listed form.
    All,
    /// Those the index found sharing enough weight (see
    /// [`NameIndex::candidate_forms`]).
    Only(&'a [FormCandidate]),
}

/// The best comparison of a query's names with an entity's, in figures.
struct BestName {
    score: f32,
    query_form: usize,
    listed_form: usize,
    assessment: Assessment,
}

impl Screener {
    /// Indexes `entities` for screening.
    pub fn new(entities: Vec<Entity>) -> Self {
        let index = NameIndex::build(&entities);
        let mut screener = Self {
            entities,
            index,
            listed_tokens: Vec::new(),
        };
        screener.listed_tokens = (0..screener.entities.len())
            .map(|position| screener.weigh_forms(screener.index.forms_of(position as u32)))
            .collect();
        screener
    }

    /// The entities, in the order they were given.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The name index.
    pub fn index(&self) -> &NameIndex {
        &self.index
    }

    /// Screens one query: the groups of hits at or above the threshold, best
    /// first.
    pub fn screen(&self, query: &Query, options: &Options) -> Vec<Group> {
        self.group_hits(self.hits(query, options.threshold), options.limit)
    }

    /// Screens one query without grouping: every hit at or above
    /// `threshold`, best first.
    pub fn hits(&self, query: &Query, threshold: f32) -> Vec<Hit> {
        let forms = query.forms_knowing(Some(&self.index));
        let tokens = self.query_tokens(&forms);
        let pairs = self
            .index
            .candidate_forms(&forms, CANDIDATE_LIMIT, candidate_floor(threshold));
        let mut hits: Vec<Hit> = pairs
            .chunk_by(|a, b| a.entity == b.entity)
            .filter_map(|run| {
                let entity = run.first()?.entity as usize;
                self.score(
                    query,
                    (&forms, &tokens),
                    entity,
                    Pairs::Only(run),
                    threshold,
                )
            })
            .collect();
        // The index finds names; a listed identifier finds its entity
        // whatever the name (a renamed ship keeps its IMO number).
        let by_identifier = self
            .listing_identifiers(query)
            .into_iter()
            .filter(|entity| !pairs.iter().any(|pair| pair.entity == *entity));
        hits.extend(by_identifier.filter_map(|entity| {
            self.score(
                query,
                (&forms, &tokens),
                entity as usize,
                Pairs::All,
                threshold,
            )
        }));
        sort_best_first(&mut hits);
        hits
    }

    /// The entities screening scores for a query at `threshold`: those the
    /// index finds by name, and those listed with one of its identifiers.
    pub fn candidates(&self, query: &Query, threshold: f32) -> Vec<u32> {
        let mut candidates: Vec<u32> = self
            .index
            .candidates(
                &query.forms_knowing(Some(&self.index)),
                CANDIDATE_LIMIT,
                candidate_floor(threshold),
            )
            .into_iter()
            .map(|candidate| candidate.entity)
            .collect();
        for entity in self.listing_identifiers(query) {
            if !candidates.contains(&entity) {
                candidates.push(entity);
            }
        }
        candidates
    }

    /// The entities listed with one of the query's identifiers, each once.
    fn listing_identifiers(&self, query: &Query) -> Vec<u32> {
        let mut entities: Vec<u32> = query
            .identifiers
            .iter()
            .filter_map(|n| identifier::canonical(n))
            .flat_map(|number| self.index.with_identifier(&number).iter().copied())
            .collect();
        entities.sort_unstable();
        entities.dedup();
        entities
    }

    /// Scores every loaded entity against the query, every form of its
    /// names with every form screening makes of the query's (see
    /// `Query::forms_knowing`), without the index: the hits at
    /// or above `threshold`, best first. Slow; it is the yardstick
    /// screening's recall is measured against.
    pub fn screen_exhaustively(&self, query: &Query, threshold: f32) -> Vec<Hit> {
        let forms = query.forms_knowing(Some(&self.index));
        let tokens = self.query_tokens(&forms);
        let mut hits: Vec<Hit> = (0..self.entities.len())
            .filter_map(|entity| {
                self.score(query, (&forms, &tokens), entity, Pairs::All, threshold)
            })
            .collect();
        sort_best_first(&mut hits);
        hits
    }

    /// Scores one loaded entity against a query, whatever the score; none
    /// when the schemas cannot describe the same thing or no name is
    /// comparable.
    pub fn score_entity(&self, query: &Query, entity: usize) -> Option<Hit> {
        let forms = query.forms();
        let tokens = self.query_tokens(&forms);
        self.score(
            query,
            (&forms, &tokens),
            entity,
            Pairs::All,
            f32::NEG_INFINITY,
        )
    }

    /// Scores any entity (one not loaded, such as one side of a pair) against
    /// a query, weighing name tokens by their rarity in the loaded lists.
    pub fn score_against(&self, query: &Query, candidate: &Entity) -> Option<Hit> {
        let listed = interdict_index::name_forms(0, candidate);
        let listed_tokens = self.weigh_forms(&listed);
        let forms = query.forms();
        let tokens = self.query_tokens(&forms);
        self.score_with_forms(
            query,
            (&forms, &tokens),
            (candidate, 0),
            (&listed, &listed_tokens),
            (Pairs::All, f32::NEG_INFINITY),
        )
    }

    /// The query's tokens of each form, weighed and looked up once for all
    /// the entities they are compared with.
    fn query_tokens<'f>(&self, forms: &'f [LatinForm]) -> QueryTokens<'f> {
        let forms = forms
            .iter()
            .map(|form| {
                form.tokens
                    .iter()
                    .map(|text| {
                        WeightedToken::query(text, phonetic_keys(text), self.token_weight(text))
                    })
                    .collect()
            })
            .collect();
        QueryTokens {
            forms,
            memo: RefCell::new(SimilarityMemo::default()),
        }
    }

    /// The weights and classes of the tokens of `forms`.
    fn weigh_forms(&self, forms: &[IndexedForm]) -> ListedTokens {
        let tokens = forms.iter().flat_map(|f| &f.form.tokens);
        let mut start = 0;
        let mut starts: Vec<u32> = forms
            .iter()
            .map(|f| {
                let this = start;
                start += f.form.tokens.len() as u32;
                this
            })
            .collect();
        starts.push(start);
        ListedTokens {
            weights: tokens
                .clone()
                .map(|t| capped_weight(t, self.token_weight(t)))
                .collect(),
            classes: tokens.map(|t| token_class(t)).collect(),
            starts: starts.into_boxed_slice(),
        }
    }

    /// How well two entities match each other, for pair benchmarks and
    /// deduplication: each is screened against the other and the better
    /// direction counts, so a short name found whole in a longer one (`Boris
    /// Johnson`, `Alexandre Boris de Pfeffel Johnson`) matches as it would
    /// in screening. Entities whose schemas cannot describe the same thing
    /// score 0, with the reason.
    pub fn compare_pair(&self, a: &Entity, b: &Entity) -> PairComparison {
        if !a.schema.can_match(b.schema) {
            return PairComparison {
                score: 0.0,
                reason: Some(format!("a {} cannot be a {}", a.schema, b.schema)),
                forward: None,
                backward: None,
            };
        }
        let forward = self.score_against(&Query::from_entity(a), b);
        let backward = self.score_against(&Query::from_entity(b), a);
        let score = match (&forward, &backward) {
            (Some(f), Some(b)) => f.score.max(b.score),
            _ => 0.0,
        };
        PairComparison {
            score,
            reason: None,
            forward,
            backward,
        }
    }

    /// Scores a loaded entity against a query: none when it cannot be a hit
    /// at `threshold` (checked before any explanation is written).
    fn score<'t>(
        &'t self,
        query: &Query,
        (forms, tokens): (&[LatinForm], &QueryTokens<'t>),
        entity_position: usize,
        pairs: Pairs<'_>,
        threshold: f32,
    ) -> Option<Hit> {
        let entity = self.entities.get(entity_position)?;
        let listed = self.index.forms_of(entity_position as u32);
        let listed_tokens = self.listed_tokens.get(entity_position)?;
        self.score_with_forms(
            query,
            (forms, tokens),
            (entity, entity_position),
            (listed, listed_tokens),
            (pairs, threshold),
        )
    }

    fn score_with_forms<'t>(
        &self,
        query: &Query,
        (forms, tokens): (&[LatinForm], &QueryTokens<'t>),
        (entity, entity_position): (&Entity, usize),
        (listed_forms, listed_tokens): (&'t [IndexedForm], &ListedTokens),
        (pairs, threshold): (Pairs<'_>, f32),
    ) -> Option<Hit> {
        if let Some(schema) = query.schema
            && !schema.can_match(entity.schema)
        {
            return None;
        }
        let style = name_style(query.schema, entity.schema);
        let best = best_name(tokens, (listed_forms, listed_tokens), style, pairs)?;
        // The most the other evidence could add; an identifier can lift any
        // name to a hit.
        let reach = if query.identifiers.is_empty() {
            best.score
                + if query.birth_dates.is_empty() {
                    0.0
                } else {
                    birth_date::MAX_EFFECT
                }
                + if query.countries.is_empty() {
                    0.0
                } else {
                    country::MAX_EFFECT
                }
        } else {
            f32::INFINITY
        };
        if reach < threshold {
            return None;
        }
        let name = name_evidence(best, (forms, tokens), (listed_forms, listed_tokens), entity)?;
        let mut features = Vec::new();
        if name.listed_kind == NameKind::WeakAlias {
            features.push(Feature {
                feature: "weak_alias",
                effect: 0.0,
                detail: format!("matched a weak alias; name score scaled by {WEAK_ALIAS_FACTOR}"),
            });
        }
        if let Some(feature) = character_feature(&query.names, entity, name.score) {
            features.push(feature);
        }
        if !query.birth_dates.is_empty() {
            features.push(birth_date_feature(&query.birth_dates, entity));
        }
        if !query.countries.is_empty() {
            features.push(country_feature(&query.countries, entity));
        }
        let base = name.score + features.iter().map(|f| f.effect).sum::<f32>();
        if let Some((number, listed)) = identifier::find_match(&query.identifiers, entity) {
            let label = listed.label.as_deref().unwrap_or("identifier");
            features.push(Feature {
                feature: "identifier",
                effect: identifier::effect(base),
                detail: format!("{label} {number} is listed for it: near-certain"),
            });
        }
        let score = (name.score + features.iter().map(|f| f.effect).sum::<f32>()).clamp(0.0, 1.0);
        (score >= threshold).then_some(Hit {
            entity: entity_position,
            score,
            explanation: Explanation { name, features },
        })
    }

    /// How much a token says about identity: its rarity in the loaded lists,
    /// scaled down for legal forms, titles and particles, which say little
    /// whatever their rarity.
    fn token_weight(&self, token: &str) -> f32 {
        let rarity = self.index.token_weight(token);
        rarity
            * match token_class(token) {
                TokenClass::Name => 1.0,
                TokenClass::LegalForm => LEGAL_FORM_WEIGHT,
                TokenClass::Particle => PARTICLE_WEIGHT,
                TokenClass::Title => TITLE_WEIGHT,
            }
    }
}

/// The best comparison between a query form and a form of one of the
/// entity's names, among `pairs`, in figures: nothing is written until it
/// is known to count.
fn best_name<'t>(
    query_tokens: &QueryTokens<'t>,
    (listed_forms, listed_tokens): (&'t [IndexedForm], &ListedTokens),
    style: NameStyle,
    pairs: Pairs<'_>,
) -> Option<BestName> {
    let mut best: Option<BestName> = None;
    let mut listed = Vec::new();
    let mut consider = |query_form: usize, listed_form: usize, listed: &[WeightedToken<'t>]| {
        let (Some(assessment), Some(indexed)) = (
            query_tokens.assess(query_form, listed, style),
            listed_forms.get(listed_form),
        ) else {
            return;
        };
        let score = assessment.score
            * if indexed.kind == NameKind::WeakAlias {
                WEAK_ALIAS_FACTOR
            } else {
                1.0
            };
        if best.as_ref().is_none_or(|b| score > b.score) {
            best = Some(BestName {
                score,
                query_form,
                listed_form,
                assessment,
            });
        }
    };
    match pairs {
        Pairs::All => {
            for listed_form in 0..listed_forms.len() {
                if listed_tokens
                    .of(listed_forms, listed_form, &mut listed)
                    .is_none()
                {
                    break;
                }
                for query_form in 0..query_tokens.len() {
                    consider(query_form, listed_form, &listed);
                }
            }
        }
        Pairs::Only(pairs) => {
            // Pairs come best first, so sort by listed form to weigh each
            // listed form once.
            let mut order: Vec<(u16, u16)> = pairs
                .iter()
                .map(|p| (p.listed_form, p.query_form))
                .collect();
            order.sort_unstable();
            let mut current = None;
            for (listed_form, query_form) in order {
                let listed_form = usize::from(listed_form);
                if current != Some(listed_form) {
                    if listed_tokens
                        .of(listed_forms, listed_form, &mut listed)
                        .is_none()
                    {
                        continue;
                    }
                    current = Some(listed_form);
                }
                consider(usize::from(query_form), listed_form, &listed);
            }
        }
    }
    best
}

/// The words explaining the best name comparison.
fn name_evidence(
    best: BestName,
    (forms, query_tokens): (&[LatinForm], &[Vec<WeightedToken<'_>>]),
    (listed_forms, listed_tokens): (&[IndexedForm], &ListedTokens),
    entity: &Entity,
) -> Option<NameEvidence> {
    let mut listed = Vec::new();
    listed_tokens.of(listed_forms, best.listed_form, &mut listed)?;
    let (form, indexed) = (
        forms.get(best.query_form)?,
        listed_forms.get(best.listed_form)?,
    );
    let comparison =
        name_score::explain(query_tokens.get(best.query_form)?, &listed, best.assessment);
    let listed_name = entity
        .names
        .get(usize::from(indexed.name))
        .map_or_else(String::new, |n| n.full.clone());
    Some(NameEvidence {
        score: best.score,
        query_form: form.text.clone(),
        query_romanisation: romanisation_label(form.method).to_owned(),
        listed_name,
        listed_kind: indexed.kind,
        listed_form: indexed.form.text.clone(),
        comparison,
    })
}

/// The least share of a query form's weight a listed form must share to be
/// compared at `threshold`.
fn candidate_floor(threshold: f32) -> f32 {
    (threshold * CANDIDATE_FLOOR).clamp(0.0, 1.0)
}

/// Sorts hits best first, ties in list order.
fn sort_best_first(hits: &mut [Hit]) {
    hits.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.entity.cmp(&b.entity))
    });
}

/// How the names of a query and an entity are compared, from their
/// schemas: the entity's, unless it is the vague `LegalEntity`.
fn name_style(query: Option<Schema>, entity: Schema) -> NameStyle {
    let schema = match (entity, query) {
        (Schema::LegalEntity, Some(query)) => query,
        _ => entity,
    };
    match schema {
        Schema::Person => NameStyle::Person,
        Schema::LegalEntity => NameStyle::Unknown,
        Schema::Organization | Schema::Company | Schema::Vessel | Schema::Aircraft => {
            NameStyle::Organisation
        }
    }
}

fn romanisation_label(method: Romanisation) -> &'static str {
    match method {
        Romanisation::Latin => "latin",
        Romanisation::Pinyin => "pinyin",
        Romanisation::CyrillicBgn => "cyrillic_bgn_pcgn",
        Romanisation::CyrillicGost => "cyrillic_gost_7.79",
        Romanisation::CyrillicIcao => "cyrillic_icao",
        Romanisation::Fallback => "any_ascii",
        Romanisation::Respelled(Convention::German) => "german_spelling",
        Romanisation::Respelled(Convention::French) => "french_spelling",
        Romanisation::Respelled(Convention::Turkish) => "turkish_spelling",
        Romanisation::Respelled(Convention::WestSlavic) => "polish_czech_spelling",
        Romanisation::Respelled(Convention::WadeGiles) => "wade_giles",
        Romanisation::Respelled(Convention::Baltic) => "baltic_spelling",
    }
}

/// When the query and the entity both have a name in Chinese, Japanese or
/// Korean script, whether their characters agree: a different character is
/// a different name, whatever the romanisation says (`习近朋`, `习近平`). The
/// effect takes off the name score's share of the characters that differ.
fn character_feature(query_names: &[String], entity: &Entity, name_score: f32) -> Option<Feature> {
    let (agreement, query_name, listed_name) = query_names
        .iter()
        .flat_map(|q| entity.names.iter().map(move |l| (q, l)))
        .filter_map(|(q, l)| Some((character_agreement(q, &l.full)?, q, &l.full)))
        .max_by(|a, b| a.0.total_cmp(&b.0))?;
    (agreement < 1.0).then(|| Feature {
        feature: "characters",
        effect: -name_score * (1.0 - agreement),
        detail: format!(
            "{query_name} and {listed_name} agree in {:.0}% of their characters; in this script each character is a chosen syllable of the name",
            agreement * 100.0
        ),
    })
}

fn birth_date_feature(query: &[FuzzyDate], entity: &Entity) -> Feature {
    let asked = query
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" or ");
    let best = query
        .iter()
        .filter_map(|date| {
            birth_date::compare(date, &entity.birth_dates).map(|found| (*date, found))
        })
        .min_by_key(|(_, (agreement, _))| *agreement as u8);
    match best {
        None => Feature {
            feature: "birth_date",
            effect: 0.0,
            detail: format!("the list gives no date of birth to compare with {asked}"),
        },
        Some((date, (agreement, listed))) => {
            let how = match agreement {
                DateAgreement::SameDay => "same day as",
                DateAgreement::SameMonth => "same month as",
                DateAgreement::SameYear => "compatible with",
                DateAgreement::Near => "about a year from",
                DateAgreement::Different => "a few years from",
                DateAgreement::Conflict => "conflicts with",
            };
            Feature {
                feature: "birth_date",
                effect: agreement.effect(),
                detail: format!("{date} {how} listed {listed}"),
            }
        }
    }
}

fn country_feature(query: &[Country], entity: &Entity) -> Feature {
    let agreement = country::compare(query, entity);
    let codes = |countries: &mut dyn Iterator<Item = Country>| {
        countries
            .map(|c| c.code().to_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let asked = codes(&mut query.iter().copied());
    let detail = match agreement {
        CountryAgreement::Nationality => format!("{asked}: a listed nationality or citizenship"),
        CountryAgreement::Associated => format!("{asked}: a country the list ties to it"),
        CountryAgreement::Conflict => format!(
            "{asked}: listed nationality is {}",
            codes(&mut entity.nationality_like())
        ),
        CountryAgreement::Unknown => format!("{asked}: the list states no nationality"),
    };
    Feature {
        feature: "country",
        effect: agreement.effect(),
        detail,
    }
}

impl Screener {
    /// Groups hits that look like one subject on several lists (see
    /// [`Screener::subject_numbers`]). At most `limit` groups: a hit that
    /// would start another is left out.
    fn group_hits(&self, hits: Vec<Hit>, limit: usize) -> Vec<Group> {
        let positions: Vec<usize> = hits.iter().map(|hit| hit.entity).collect();
        let mut groups: Vec<Group> = Vec::new();
        for (hit, number) in hits.into_iter().zip(self.subject_numbers(&positions)) {
            if let Some(group) = groups.get_mut(number) {
                group.hits.push(hit);
            } else if groups.len() < limit {
                groups.push(Group {
                    score: hit.score,
                    subject: None,
                    hits: vec![hit],
                });
            }
        }
        groups
    }

    /// Numbers the subjects of the entities of hits given best first:
    /// entities that look like one subject on several lists get the same
    /// number, counted from 0 in the order of their best hit. They look
    /// alike when they share a romanised name, their schemas are
    /// compatible, their dates of birth and nationalities do not conflict,
    /// and they come from different lists (one list naming two records
    /// alike means two subjects); an entity joins the first subject all
    /// of whose entities it is alike with.
    pub fn subject_numbers(&self, positions: &[usize]) -> Vec<usize> {
        let mut subjects: Vec<Vec<usize>> = Vec::new();
        positions
            .iter()
            .map(|&position| {
                // A subject with a record from one of the entity's lists
                // is refused before any name is compared: among the
                // dozens of hits of a common name, most subjects are.
                let joined = subjects.iter().position(|members| {
                    !members
                        .iter()
                        .any(|&other| self.share_a_list(position, other))
                        && members
                            .iter()
                            .all(|&other| self.same_subject(position, other))
                });
                match joined.and_then(|number| Some((number, subjects.get_mut(number)?))) {
                    Some((number, members)) => {
                        members.push(position);
                        number
                    }
                    None => {
                        subjects.push(vec![position]);
                        subjects.len() - 1
                    }
                }
            })
            .collect()
    }

    fn same_subject(&self, a_position: usize, b_position: usize) -> bool {
        self.subject_evidence(a_position, b_position, true)
            .is_some()
    }

    /// Whether two loaded entities come from one list: then they are two
    /// subjects, however alike (see [`Screener::subject_numbers`]).
    fn share_a_list(&self, a_position: usize, b_position: usize) -> bool {
        match (self.entities.get(a_position), self.entities.get(b_position)) {
            (Some(a), Some(b)) => listed_together(a, b),
            _ => false,
        }
    }

    /// Why two loaded entities look like one subject on two lists (see
    /// [`Screener::subject_numbers`]); none when they do not. When
    /// `may_be_same_name` is false, the caller knows the names can at most
    /// be one found whole in the other, so records with neither a date of
    /// birth nor a nationality agreeing are not compared by name.
    pub(crate) fn subject_evidence(
        &self,
        a_position: usize,
        b_position: usize,
        may_be_same_name: bool,
    ) -> Option<SubjectEvidence> {
        let (a, b) = (
            self.entities.get(a_position)?,
            self.entities.get(b_position)?,
        );
        if listed_together(a, b) || conflicts(a, b) {
            return None;
        }
        let date = agreeing_date(a, b);
        let a_nationalities: Vec<Country> = a.nationality_like().collect();
        let nationality = b.nationality_like().find(|c| a_nationalities.contains(c));
        if !may_be_same_name && date.is_none() && nationality.is_none() {
            // At most one name found whole in the other, which takes a date
            // of birth or nationality agreeing too (below).
            return None;
        }
        let (agreement, a_form, b_form) = self.names_agree(a_position, b_position, a.schema);
        let contained = match agreement {
            NameAgreement::Same | NameAgreement::Exact => false,
            // One name with middle names left out of it (`Khamis Qadhafi`,
            // `Khamis Muammar Qadhafi`) may be another person of that name:
            // a date of birth or nationality both give must agree too.
            NameAgreement::Contained if nationality.is_some() || date.is_some() => true,
            NameAgreement::Contained | NameAgreement::Different => return None,
        };
        let name_of = |position: usize, entity: &Entity, form: usize| {
            self.index
                .forms_of(position as u32)
                .get(form)
                .and_then(|f| entity.names.get(usize::from(f.name)))
                .map_or_else(String::new, |n| n.full.clone())
        };
        Some(SubjectEvidence {
            contained,
            exact: matches!(agreement, NameAgreement::Exact),
            names: (
                name_of(a_position, a, a_form),
                name_of(b_position, b, b_form),
            ),
            date,
            nationality,
        })
    }

    /// How the names of two loaded entities agree: the best agreement of any
    /// name of one with any name of the other.
    /// Also says which form of each (by position in
    /// [`NameIndex::forms_of`]) agreed best.
    fn names_agree(&self, a: usize, b: usize, schema: Schema) -> (NameAgreement, usize, usize) {
        let forms = |position: usize| -> Vec<&IndexedForm> {
            self.index
                .forms_of(position as u32)
                .iter()
                .take(MAX_GROUPING_FORMS)
                .collect()
        };
        let (a_forms, b_forms) = (forms(a), forms(b));
        let b_keys: Vec<Vec<&str>> = b_forms
            .iter()
            .map(|f| sorted_tokens(&f.form.text))
            .collect();
        for (i, form) in a_forms.iter().enumerate() {
            if let Some(j) = b_keys
                .iter()
                .position(|key| *key == sorted_tokens(&form.form.text))
            {
                return (NameAgreement::Exact, i, j);
            }
        }
        let style = name_style(None, schema);
        // The tokens' weights, worked out at load.
        let weights = |position: usize, form: usize| -> &[f32] {
            self.listed_tokens
                .get(position)
                .map_or(&[], |listed| listed.weights_of(form))
        };
        let b_tokens: Vec<Vec<WeightedToken<'_>>> = b_forms
            .iter()
            .enumerate()
            .map(|(i, form)| weighted_tokens(form, weights(b, i)))
            .collect();
        let mut best = (NameAgreement::Different, 0, 0);
        for (i, a_form) in a_forms.iter().enumerate() {
            let a_tokens = weighted_tokens(a_form, weights(a, i));
            for (j, b_tokens) in b_tokens.iter().enumerate() {
                let forward = name_score::assess(&a_tokens, b_tokens, style);
                let backward = name_score::assess(b_tokens, &a_tokens, style);
                if forward.score.min(backward.score) >= SAME_NAME_SCORE {
                    return (NameAgreement::Same, i, j);
                }
                let (shorter, shorter_tokens) = if a_tokens.len() <= b_tokens.len() {
                    (&forward, a_tokens.len())
                } else {
                    (&backward, b_tokens.len())
                };
                if shorter_tokens >= 2
                    && shorter.query_coverage >= CONTAINED_NAME_COVERAGE
                    && shorter.score >= DEFAULT_THRESHOLD
                    && matches!(best.0, NameAgreement::Different)
                {
                    best = (NameAgreement::Contained, i, j);
                }
            }
        }
        best
    }
}

/// Why two records look like one subject on two lists.
#[derive(Debug, Clone)]
pub(crate) struct SubjectEvidence {
    /// Whether one's name is found whole in the other's longer name,
    /// rather than the same name.
    pub(crate) contained: bool,
    /// Whether the names agree word for word (in any order).
    pub(crate) exact: bool,
    /// The names that agree, as each list writes them.
    pub(crate) names: (String, String),
    /// The dates of birth that agree, if both give one.
    pub(crate) date: Option<(FuzzyDate, FuzzyDate, DateAgreement)>,
    /// A nationality both give.
    pub(crate) nationality: Option<Country>,
}

/// Whether two records are listed by one list.
fn listed_together(a: &Entity, b: &Entity) -> bool {
    a.listings
        .iter()
        .any(|l| b.listings.iter().any(|m| m.source == l.source))
}

/// Whether two records cannot be one subject whatever their names: their
/// schemas cannot describe one thing, no date of birth of one agrees with
/// the other's (lists give alternative dates, `1972`, `1976`), or both
/// state nationalities and none is shared.
pub(crate) fn conflicts(a: &Entity, b: &Entity) -> bool {
    if !a.schema.can_match(b.schema) {
        return true;
    }
    let dates_conflict = a
        .birth_dates
        .iter()
        .filter_map(|d| birth_date::compare(d, &b.birth_dates))
        .fold(None, |all_differ, (agreement, _)| {
            Some(
                all_differ.unwrap_or(true)
                    && matches!(
                        agreement,
                        DateAgreement::Different | DateAgreement::Conflict
                    ),
            )
        })
        .unwrap_or(false);
    let a_nationalities: Vec<Country> = a.nationality_like().collect();
    let mut b_nationalities = b.nationality_like().peekable();
    let nationalities_conflict = !a_nationalities.is_empty()
        && b_nationalities.peek().is_some()
        && !b_nationalities.any(|c| a_nationalities.contains(&c));
    dates_conflict || nationalities_conflict
}

/// The best agreeing pair of dates of birth of two records, if any agree.
fn agreeing_date(a: &Entity, b: &Entity) -> Option<(FuzzyDate, FuzzyDate, DateAgreement)> {
    a.birth_dates
        .iter()
        .filter_map(|d| {
            let (agreement, listed) = birth_date::compare(d, &b.birth_dates)?;
            (!matches!(
                agreement,
                DateAgreement::Different | DateAgreement::Conflict
            ))
            .then_some((*d, listed, agreement))
        })
        .min_by_key(|(_, _, agreement)| *agreement as u8)
}

/// How the names of two records agree, for telling whether they are one
/// subject.
enum NameAgreement {
    /// The same words.
    Exact,
    /// The same name, perhaps spelled another way (`Amid Hussain al-Kuni`,
    /// `Amid Husain al-Kuni`).
    Same,
    /// One name found whole in the other, which has more words.
    Contained,
    /// Neither.
    Different,
}

/// Tokens of an indexed form with their weights, as a query's (either
/// side may be the query when two records' names are compared).
fn weighted_tokens<'a>(form: &'a IndexedForm, weights: &'a [f32]) -> Vec<WeightedToken<'a>> {
    form.form
        .tokens
        .iter()
        .zip(&form.phonetic)
        .zip(weights)
        .map(|((text, &phonetic), &weight)| WeightedToken::query(text, phonetic, weight))
        .collect()
}

fn sorted_tokens(text: &str) -> Vec<&str> {
    let mut tokens: Vec<&str> = text.split(' ').collect();
    tokens.sort_unstable();
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::{Name, Schema};

    fn person(id: &str, names: &[&str]) -> Entity {
        let mut entity = Entity::new("test", id, Schema::Person);
        for (i, name) in names.iter().enumerate() {
            let kind = if i == 0 {
                NameKind::Primary
            } else {
                NameKind::Alias
            };
            entity.add_name(Name::new(name, kind));
        }
        entity
    }

    fn screener() -> Screener {
        Screener::new(vec![
            person("gorbachev", &["Mikhail Sergeyevich Gorbachev"]),
            person("zelenskyy", &["Volodymyr Oleksandrovych Zelenskyy"]),
            person("xi", &["Xi Jinping", "习近平"]),
            person("mao", &["Mao Zedong"]),
            person("putin", &["Vladimir Vladimirovich Putin"]),
            person("khrushchev", &["Nikita Sergeyevich Khrushchev"]),
            person(
                "lavrov",
                &["Sergey Viktorovich Lavrov", "Сергей Викторович Лавров"],
            ),
            person("zhu", &["ZHU Hailun", "朱海仑"]),
        ])
    }

    #[test]
    fn screening_finds_what_scoring_every_form_finds() {
        let screener = screener();
        for name in [
            "Zhu Hailun",
            "朱海仑",
            "Michail Gorbatschow",
            "Sergei Lavrof",
            "LAVROV, Sergey",
            "Xi Jin Ping",
            "Vladimir Putin",
            "Mao Tse-tung",
        ] {
            let query = Query::name(name);
            let fast: Vec<(usize, String)> = screener
                .hits(&query, 0.5)
                .iter()
                .map(|h| (h.entity, format!("{:.4}", h.score)))
                .collect();
            let exhaustive: Vec<(usize, String)> = screener
                .screen_exhaustively(&query, 0.5)
                .iter()
                .map(|h| (h.entity, format!("{:.4}", h.score)))
                .collect();
            assert!(!exhaustive.is_empty(), "{name}");
            assert_eq!(fast, exhaustive, "{name}");
        }
    }

    #[test]
    fn names_the_lists_know_word_for_word_are_not_respelled() {
        let screener = screener();
        let texts = |name: &str| -> Vec<String> {
            Query::name(name)
                .forms_knowing(Some(screener.index()))
                .into_iter()
                .map(|f| f.text)
                .collect()
        };
        assert_eq!(texts("Sergey Lavrov"), ["sergey lavrov"]);
        assert!(Query::name("Sergey Lavrov").forms().len() > 1);
        // A word no list has: respelled from the conventions it may follow.
        assert!(texts("Michail Gorbatschow").contains(&"mikhail gorbachov".to_owned()));
        // Wade-Giles applies even to words the lists have.
        assert!(texts("Mao Tse-tung").contains(&"mao zedong".to_owned()));
    }

    /// The id of the best hit for `name`, if any reaches the default threshold.
    fn found(screener: &Screener, name: &str) -> Option<String> {
        let groups = screener.screen(&Query::name(name), &Options::default());
        let hit = groups.first()?.hits.first()?;
        Some(screener.entities()[hit.entity].id.clone())
    }

    /// A person listed on `source`, born on `born` (if given).
    fn listed(source: &str, id: &str, name: &str, born: Option<&str>) -> Entity {
        let mut entity = Entity::new(source, id, Schema::Person);
        entity.add_name(Name::new(name, NameKind::Primary));
        entity.listings.push(interdict_model::Listing::new(
            source,
            interdict_model::Authority::UnSc,
        ));
        entity
            .birth_dates
            .extend(born.and_then(|d| d.parse::<FuzzyDate>().ok()));
        entity
    }

    /// The ids in each group screening `name` gives.
    fn grouped(screener: &Screener, name: &str) -> Vec<Vec<String>> {
        screener
            .screen(&Query::name(name), &Options::default())
            .iter()
            .map(|group| {
                group
                    .hits
                    .iter()
                    .map(|hit| screener.entities()[hit.entity].id.clone())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn one_person_on_several_lists_is_one_group() {
        // Spelled another way, with nothing else known.
        let screener = Screener::new(vec![
            listed("uk", "1", "Amid Hussain AL KUNI", None),
            listed("un", "1", "Amid Husain AL KUNI", None),
        ]);
        assert_eq!(grouped(&screener, "Amid al-Kuni").len(), 1);
        // A middle name left out, with dates of birth a year apart.
        let screener = Screener::new(vec![
            listed("us", "1", "Khamis QADHAFI", Some("1980")),
            listed("un", "1", "Khamis Muammar QADHAFI", Some("1978")),
        ]);
        assert_eq!(grouped(&screener, "Khamis Qadhafi").len(), 1);
        // Without a date both give, a shorter name may be another person.
        let screener = Screener::new(vec![
            listed("us", "1", "Khamis QADHAFI", None),
            listed("un", "1", "Khamis Muammar QADHAFI", Some("1978")),
        ]);
        assert_eq!(grouped(&screener, "Khamis Qadhafi").len(), 2);
        // Dates far apart are two people.
        let screener = Screener::new(vec![
            listed("us", "1", "Khamis QADHAFI", Some("1950")),
            listed("un", "1", "Khamis QADHAFI", Some("1978")),
        ]);
        assert_eq!(grouped(&screener, "Khamis Qadhafi").len(), 2);
    }

    #[test]
    fn russian_and_ukrainian_names_as_german_french_turkish_and_polish_write_them() {
        let screener = screener();
        for (query, id) in [
            ("Michail Gorbatschow", "test:gorbachev"),
            ("Mikhaïl Gorbatchev", "test:gorbachev"),
            ("Mihail Gorbaçov", "test:gorbachev"),
            ("Michaił Gorbaczow", "test:gorbachev"),
            ("Wolodymyr Selenskyj", "test:zelenskyy"),
            ("Vladimir Poutine", "test:putin"),
            ("Wladimir Putin", "test:putin"),
            ("Nikita Chruschtschow", "test:khrushchev"),
            ("Sergej Lawrow", "test:lavrov"),
            ("Sergueï Lavrov", "test:lavrov"),
        ] {
            assert_eq!(found(&screener, query).as_deref(), Some(id), "{query}");
        }
    }

    #[test]
    fn chinese_names_in_wade_giles_turkish_and_han() {
        let screener = screener();
        for (query, id) in [
            ("Mao Tse-tung", "test:mao"),
            ("Hsi Chin-p'ing", "test:xi"),
            ("Şi Cinping", "test:xi"),
            ("习近平", "test:xi"),
            ("朱海仑", "test:zhu"),
            ("ZHU, Hailun", "test:zhu"),
        ] {
            assert_eq!(found(&screener, query).as_deref(), Some(id), "{query}");
        }
    }

    #[test]
    fn other_people_are_not_found() {
        let screener = screener();
        for query in ["Mao Ning", "Angela Merkel", "Mikhail Gorelov", "Xi Wang"] {
            assert_eq!(found(&screener, query), None, "{query}");
        }
    }

    #[test]
    fn explanations_name_the_romanisation() {
        let screener = screener();
        let groups = screener.screen(&Query::name("Michail Gorbatschow"), &Options::default());
        let name = &groups[0].hits[0].explanation.name;
        assert_eq!(name.query_romanisation, "german_spelling");
        assert_eq!(name.listed_name, "Mikhail Sergeyevich Gorbachev");
    }

    #[test]
    fn pairs_of_incompatible_schemas_score_zero_with_a_reason() {
        let screener = screener();
        let person = person("a", &["Sea Star"]);
        let mut vessel = Entity::new("test", "b", Schema::Vessel);
        vessel.add_name(Name::new("Sea Star", NameKind::Primary));
        let pair = screener.compare_pair(&person, &vessel);
        assert_eq!(pair.score, 0.0);
        assert_eq!(pair.reason.as_deref(), Some("a Person cannot be a Vessel"));
    }
}
