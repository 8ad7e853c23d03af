//! Consolidation: every loaded record clustered into subjects, one subject
//! however many lists name it ("sanctioned by US, EU, UK, CA since
//! 2021-03-22").
//!
//! Records are linked by evidence, each link with its reasons:
//!
//! 1. **analysts' merges** ([`DecisionKind::Merge`]);
//! 2. **a shared UN reference** (`QDi.043`): the UN's record, and the EU and
//!    UK records that say they implement it;
//! 3. **a shared identifier** of the same kind and number (passport,
//!    national ID, tax or registration number, IMO number, SWIFT code) on
//!    two lists; a number that one list gives two records, or that many
//!    records share, is a placeholder and links nothing;
//! 4. **the same name**: each record's names are looked up in the name
//!    index, and candidates on other lists are checked with the rule that
//!    groups screening hits ([`Screener::subject_numbers`]): the same
//!    romanised name (or one found whole in the other, with a date of birth
//!    or nationality both agree on), compatible schemas, no conflicting
//!    date of birth or nationality.
//!
//! Links are then joined strongest first, a union of clusters at a time
//! (not record by record, so the order hits come in plays no part). A union
//! is refused when an analyst split two records it would join
//! ([`DecisionKind::Split`]); a union by name or identifier is also refused
//! when it would put two records of one list in one cluster (one list
//! naming two records alike means two subjects) or join records whose dates
//! of birth, nationalities or schemas conflict, or that carry different UN
//! references. A merge or a shared UN reference is the lists' or an
//! analyst's own word, and joins regardless.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use interdict_model::{Entity, IdKind, PartialDate, Schema};
use interdict_names::PhoneticKey;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::birth_date::DateAgreement;
use crate::{Group, Hit, MAX_GROUPING_FORMS, NameAgreement, Screener, SubjectEvidence, conflicts};

/// The source id of the UN Security Council's list, whose record ids are
/// its reference numbers.
pub const UN_SOURCE: &str = "un_sc";

/// An identifier number that more records than this carry is a
/// placeholder or a shared office's number, not one subject's.
const MAX_SHARED_IDENTIFIER: usize = 6;

/// The version of the clustering rules. A stored clustering
/// ([`StoredConsolidation`]) made under another version is not used: bump
/// it whenever a change to this module (evidence, thresholds, the order
/// links are joined in, the reasons' wording) would cluster the same records
/// differently or describe them otherwise.
pub const CONSOLIDATION_VERSION: u32 = 1;

/// A UN reference as compared: upper case, without spaces, a final dot or
/// the leading zeros of its number (the EU writes `LYi.28` for `LYi.028`).
pub fn canonical_reference(text: &str) -> Option<String> {
    let reference: String = text
        .trim()
        .trim_end_matches('.')
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    // `QDi.043`, `KPe.062`, `QI.B.62.02`: letters, a dot, more.
    if reference.len() < 5 || !reference.contains('.') {
        return None;
    }
    let parts: Vec<String> = reference
        .split('.')
        .map(|part| {
            if part.len() > 1 && part.bytes().all(|b| b.is_ascii_digit()) {
                let trimmed = part.trim_start_matches('0');
                if trimmed.is_empty() { "0" } else { trimmed }.to_owned()
            } else {
                part.to_owned()
            }
        })
        .collect();
    Some(parts.join("."))
}

/// The UN references of an entity: its own id on the UN's list, and the
/// identifiers other lists label as UN references.
pub fn un_references(entity: &Entity) -> BTreeSet<String> {
    let mut references = BTreeSet::new();
    if let Some(number) = entity
        .id
        .strip_prefix(UN_SOURCE)
        .and_then(|rest| rest.strip_prefix(':'))
        && entity.listings.iter().any(|l| l.source == UN_SOURCE)
        && let Some(reference) = canonical_reference(number)
    {
        references.insert(reference);
    }
    for identifier in &entity.identifiers {
        let is_un = identifier
            .label
            .as_deref()
            .is_some_and(|label| label.to_ascii_lowercase().starts_with("un reference"));
        if is_un && let Some(reference) = canonical_reference(&identifier.number) {
            references.insert(reference);
        }
    }
    references
}

/// What an analyst decided about two records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    /// They are two subjects: never in one cluster.
    Split,
    /// They are one subject: always in one cluster, unless a split says
    /// otherwise.
    Merge,
}

impl DecisionKind {
    /// `split` or `merge`.
    pub fn id(self) -> &'static str {
        match self {
            DecisionKind::Split => "split",
            DecisionKind::Merge => "merge",
        }
    }

    /// Reads `split` or `merge`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "split" => Some(DecisionKind::Split),
            "merge" => Some(DecisionKind::Merge),
            _ => None,
        }
    }
}

/// An analyst's decision about two records, by entity id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairDecision {
    /// Split or merge.
    pub kind: DecisionKind,
    /// One record's id.
    pub a: String,
    /// The other's.
    pub b: String,
    /// Why, as the analyst wrote it.
    #[serde(default)]
    pub comment: String,
}

/// Which evidence links records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evidence {
    /// Shared UN references. Off, the clustering can be measured against
    /// the references without having seen them.
    pub un_references: bool,
}

impl Default for Evidence {
    fn default() -> Self {
        Self {
            un_references: true,
        }
    }
}

/// What links two records, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// An analyst merged them.
    Merge,
    /// They share a UN reference.
    UnReference,
    /// They share an identifier.
    Identifier,
    /// The same name, and a date of birth and a nationality agree.
    NameDateNationality,
    /// The same name, and a date of birth or a nationality agrees.
    NameAndMore,
    /// The same name, nothing else known to agree.
    Name,
    /// One name found whole in the other's, and a date of birth or a
    /// nationality agrees.
    ContainedName,
}

impl LinkKind {
    /// Whether the link is the lists' or an analyst's own word, which joins
    /// clusters whatever else they hold.
    fn is_hard(self) -> bool {
        matches!(self, LinkKind::Merge | LinkKind::UnReference)
    }
}

/// Why two records of a cluster are one subject.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// One record, by position among the screener's entities.
    #[serde(skip)]
    pub a: usize,
    /// The other.
    #[serde(skip)]
    pub b: usize,
    /// The strongest evidence.
    pub kind: LinkKind,
    /// Whether the names agree word for word (such links are joined before
    /// those of names spelled another way).
    #[serde(skip)]
    pub exact_name: bool,
    /// Every piece of evidence, in words ("shared UN reference QDI.43";
    /// "same name 'ZHU Hailun', date of birth 1958-01 agrees, nationality
    /// CN agrees").
    pub reasons: Vec<String>,
}

/// One subject: records on one or more lists, and the links that joined
/// them.
#[derive(Debug, Clone, PartialEq)]
pub struct Subject {
    /// The smallest member id: stable while the members are.
    pub id: String,
    /// The records, by position among the screener's entities, in id order.
    pub members: Vec<usize>,
    /// The links that joined them.
    pub links: Vec<Link>,
}

/// Every loaded record in a subject.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Consolidation {
    subjects: Vec<Subject>,
    /// The subject of each entity, by position.
    subject_of: Vec<u32>,
    /// Decisions that named a record not loaded.
    unknown_decisions: Vec<PairDecision>,
}

/// Disjoint sets of records, with what a union must check.
struct Clusters<'a> {
    entities: &'a [Entity],
    parent: Vec<usize>,
    members: Vec<Vec<usize>>,
    links: Vec<Vec<Link>>,
    references: Vec<BTreeSet<String>>,
    splits: Vec<(usize, usize)>,
}

impl Clusters<'_> {
    fn find(&mut self, mut x: usize) -> usize {
        while let Some(&parent) = self.parent.get(x) {
            if parent == x {
                break;
            }
            let grandparent = self.parent.get(parent).copied().unwrap_or(parent);
            if let Some(slot) = self.parent.get_mut(x) {
                *slot = grandparent;
            }
            x = parent;
        }
        x
    }

    fn members(&self, root: usize) -> &[usize] {
        self.members.get(root).map_or(&[], Vec::as_slice)
    }

    /// Whether the clusters `x` and `y` (roots) may become one for `kind`.
    fn may_join(&mut self, x: usize, y: usize, kind: LinkKind) -> bool {
        let splits = self.splits.clone();
        for (p, q) in splits {
            let (p, q) = (self.find(p), self.find(q));
            if (p == x && q == y) || (p == y && q == x) {
                return false;
            }
        }
        if kind.is_hard() {
            return true;
        }
        let sources = |cluster: &[usize]| -> BTreeSet<&str> {
            cluster
                .iter()
                .filter_map(|&m| self.entities.get(m))
                .flat_map(|e| e.listings.iter().map(|l| l.source.as_str()))
                .collect()
        };
        let (xs, ys) = (self.members(x), self.members(y));
        if !sources(xs).is_disjoint(&sources(ys)) {
            return false;
        }
        let reference = |m: usize| self.references.get(m).filter(|r| !r.is_empty());
        !xs.iter().any(|&a| {
            ys.iter().any(|&b| {
                let (Some(ea), Some(eb)) = (self.entities.get(a), self.entities.get(b)) else {
                    return true;
                };
                conflicts(ea, eb)
                    || matches!((reference(a), reference(b)), (Some(ra), Some(rb)) if ra.is_disjoint(rb))
            })
        })
    }

    /// Joins the clusters of the link's records if it may; keeps the link
    /// when they are (or become) one cluster.
    fn join(&mut self, link: Link) {
        let (x, y) = (self.find(link.a), self.find(link.b));
        if x == y {
            if let Some(links) = self.links.get_mut(x) {
                links.push(link);
            }
            return;
        }
        if !self.may_join(x, y, link.kind) {
            return;
        }
        // The larger cluster absorbs the smaller.
        let (keep, gone) = if self.members(x).len() >= self.members(y).len() {
            (x, y)
        } else {
            (y, x)
        };
        let moved_members = self.members.get_mut(gone).map(std::mem::take);
        let moved_links = self.links.get_mut(gone).map(std::mem::take);
        if let Some(slot) = self.parent.get_mut(gone) {
            *slot = keep;
        }
        if let Some(members) = self.members.get_mut(keep) {
            members.extend(moved_members.into_iter().flatten());
        }
        if let Some(links) = self.links.get_mut(keep) {
            links.extend(moved_links.into_iter().flatten());
            links.push(link);
        }
    }
}

impl Screener {
    /// Clusters every loaded record into subjects, applying analysts'
    /// `decisions` (see the [module](crate::consolidate) for how).
    pub fn consolidate(&self, decisions: &[PairDecision], evidence: Evidence) -> Consolidation {
        let entities = self.entities();
        let position: HashMap<&str, usize> = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        let mut unknown_decisions = Vec::new();
        let mut splits = Vec::new();
        let mut links: Vec<Link> = Vec::new();
        for decision in decisions {
            let (Some(&a), Some(&b)) = (
                position.get(decision.a.as_str()),
                position.get(decision.b.as_str()),
            ) else {
                unknown_decisions.push(decision.clone());
                continue;
            };
            match decision.kind {
                DecisionKind::Split => splits.push((a, b)),
                DecisionKind::Merge => links.push(Link {
                    a,
                    b,
                    kind: LinkKind::Merge,
                    exact_name: false,
                    reasons: vec![format!("merged by an analyst: {}", decision.comment)],
                }),
            }
        }
        let references: Vec<BTreeSet<String>> = if evidence.un_references {
            entities.par_iter().map(un_references).collect()
        } else {
            vec![BTreeSet::new(); entities.len()]
        };
        links.extend(reference_links(&references));
        links.extend(
            identifier_links(entities)
                .into_iter()
                .filter(|link| !self.people_apart(link.a, link.b)),
        );
        links.extend(self.name_links());
        links.sort_by_key(|link| {
            (
                link.kind,
                !link.exact_name,
                link.a.min(link.b),
                link.a.max(link.b),
            )
        });

        let mut clusters = Clusters {
            entities,
            parent: (0..entities.len()).collect(),
            members: (0..entities.len()).map(|i| vec![i]).collect(),
            links: vec![Vec::new(); entities.len()],
            references,
            splits,
        };
        for link in links {
            clusters.join(link);
        }

        let mut subjects = Vec::new();
        let mut subject_of = vec![0; entities.len()];
        // Each cluster is taken at its first record, so subjects come in
        // the order of their first record, as `from_stored` rebuilds them.
        for position in 0..entities.len() {
            let root = clusters.find(position);
            let mut members = clusters
                .members
                .get_mut(root)
                .map(std::mem::take)
                .unwrap_or_default();
            if members.is_empty() {
                continue;
            }
            members.sort_by(|&a, &b| id_of(entities, a).cmp(id_of(entities, b)));
            let number = subjects.len() as u32;
            for &member in &members {
                if let Some(slot) = subject_of.get_mut(member) {
                    *slot = number;
                }
            }
            let links = merge_links(
                clusters
                    .links
                    .get_mut(root)
                    .map(std::mem::take)
                    .unwrap_or_default(),
            );
            subjects.push(Subject {
                id: members
                    .first()
                    .map_or_else(String::new, |&m| id_of(entities, m).to_owned()),
                members,
                links,
            });
        }
        Consolidation {
            subjects,
            subject_of,
            unknown_decisions,
        }
    }

    /// Whether two records are people whose names have nothing in common and
    /// whose dates of birth do not agree to the day: a number they share is
    /// then more likely a list's copying slip (the UK once gave one board
    /// member's national ID to another) than one person. Vessels and
    /// companies keep their numbers when renamed, so only people are held
    /// apart.
    fn people_apart(&self, a: usize, b: usize) -> bool {
        let (Some(x), Some(y)) = (self.entities().get(a), self.entities().get(b)) else {
            return false;
        };
        if x.schema != Schema::Person || y.schema != Schema::Person {
            return false;
        }
        let same_day = matches!(
            crate::agreeing_date(x, y),
            Some((_, _, DateAgreement::SameDay))
        );
        !same_day && matches!(self.names_agree(a, b, x.schema).0, NameAgreement::Different)
    }

    /// Links between records on different lists that look like one subject
    /// by name, each checked with [`Screener::subject_evidence`].
    ///
    /// A name that is another's, or found whole in it, keeps its rarest
    /// words: so the candidates of a name are the records with a word
    /// sounding like its rarest word (by phonetic key) and, when it has two
    /// words or more, one sounding like its second rarest too. Pairing every
    /// record that shares one rare key took minutes and checked a million
    /// pairs, most of them strangers sharing a surname.
    fn name_links(&self) -> Vec<Link> {
        let keyed = KeyedNames::new(self);
        let mut found: Vec<(u32, u32, bool)> = (0..keyed.forms.len())
            .into_par_iter()
            .flat_map_iter(|a| keyed.candidates_of(a))
            .collect();
        found.par_sort_unstable();
        // A pair found from both sides keeps whether either saw both names
        // covered. In place: the pairs run to millions.
        found.dedup_by(|next, kept| {
            let same = (next.0, next.1) == (kept.0, kept.1);
            if same {
                kept.2 |= next.2;
            }
            same
        });
        found
            .into_par_iter()
            .filter_map(|(a, b, both)| {
                let (a, b) = (a as usize, b as usize);
                let evidence = self.subject_evidence(a, b, both)?;
                Some(name_link(a, b, &evidence))
            })
            .collect()
    }
}

/// Every record's names as phonetic keys (numbered), for finding which
/// records may name one subject.
struct KeyedNames {
    /// Each record's keys, over every word of every name form, sorted.
    keys: Vec<Vec<u32>>,
    /// For each key, the records with a word of that key, in order.
    postings: Vec<Vec<u32>>,
    /// For each record, its name forms as weighted words, rarest first.
    forms: Vec<Vec<Vec<KeyedWord>>>,
}

/// A word of a name form: its weight (rarity) and phonetic keys.
struct KeyedWord {
    weight: f32,
    keys: Vec<u32>,
}

/// The share of a name form's word weight whose words must sound like words
/// of another record for the two to be checked as one subject. The same
/// name, or a name found whole in another, keeps nearly all of it (checking
/// needs 0.9 or 0.95 of the scored weight); a word misspelled into another
/// key still leaves most of a name.
const KEYED_COVERAGE: f32 = 0.6;

impl KeyedNames {
    fn new(screener: &Screener) -> Self {
        fn number(key: PhoneticKey, numbers: &mut HashMap<PhoneticKey, u32>) -> u32 {
            let next = numbers.len() as u32;
            *numbers.entry(key).or_insert(next)
        }
        let mut numbers: HashMap<PhoneticKey, u32> = HashMap::new();
        let count = screener.entities().len();
        let (mut keys, mut forms) = (Vec::with_capacity(count), Vec::with_capacity(count));
        for position in 0..count {
            let mut own: Vec<u32> = Vec::new();
            let mut own_forms = Vec::new();
            for form in screener
                .index()
                .forms_of(position as u32)
                .iter()
                .take(MAX_GROUPING_FORMS)
            {
                let mut words: Vec<KeyedWord> = form
                    .form
                    .tokens
                    .iter()
                    .zip(&form.phonetic)
                    .map(|(token, token_keys)| KeyedWord {
                        weight: screener.token_weight(token),
                        keys: token_keys
                            .iter()
                            .map(|&key| number(key, &mut numbers))
                            .collect(),
                    })
                    .filter(|word| !word.keys.is_empty())
                    .collect();
                words.sort_by(|a, b| b.weight.total_cmp(&a.weight));
                own.extend(words.iter().flat_map(|word| word.keys.iter().copied()));
                // Spellings of one name often sound alike word for word:
                // one of them finds the same records.
                let sounds_as_before = own_forms.iter().any(|seen: &Vec<KeyedWord>| {
                    seen.len() == words.len()
                        && seen.iter().zip(&words).all(|(x, y)| x.keys == y.keys)
                });
                if !words.is_empty() && !sounds_as_before {
                    own_forms.push(words);
                }
            }
            own.sort_unstable();
            own.dedup();
            keys.push(own);
            forms.push(own_forms);
        }
        let mut postings = vec![Vec::new(); numbers.len()];
        for (position, own) in keys.iter().enumerate() {
            for &key in own {
                if let Some(list) = postings.get_mut(key as usize) {
                    list.push(position as u32);
                }
            }
        }
        Self {
            keys,
            postings,
            forms,
        }
    }

    /// The records that may name one subject with record `a`: those with a
    /// word sounding like the rarest word of one of `a`'s names, whose
    /// words sound like most of that name. Each is an ordered pair, with
    /// whether the other record's name is as well covered by `a`'s words
    /// (else the two can at most have one name found whole in the other).
    fn candidates_of(&self, a: usize) -> Vec<(u32, u32, bool)> {
        let mut found = Vec::new();
        let Some(own) = self.keys.get(a) else {
            return found;
        };
        for words in self.forms.get(a).into_iter().flatten() {
            let Some(rarest) = words.first() else {
                continue;
            };
            for &key in &rarest.keys {
                for &b in self.postings.get(key as usize).into_iter().flatten() {
                    if b as usize == a {
                        continue;
                    }
                    let Some(other) = self.keys.get(b as usize) else {
                        continue;
                    };
                    if covered(words, other) {
                        let both = self
                            .forms
                            .get(b as usize)
                            .into_iter()
                            .flatten()
                            .any(|words| covered(words, own));
                        found.push(((a as u32).min(b), (a as u32).max(b), both));
                    }
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// Whether the words of a name form whose keys are among `keys` (sorted)
/// carry at least [`KEYED_COVERAGE`] of its weight.
fn covered(words: &[KeyedWord], keys: &[u32]) -> bool {
    let (mut total, mut found) = (0.0, 0.0);
    for word in words {
        total += word.weight;
        if word.keys.iter().any(|k| keys.binary_search(k).is_ok()) {
            found += word.weight;
        }
    }
    found >= KEYED_COVERAGE * total
}

fn id_of(entities: &[Entity], position: usize) -> &str {
    entities.get(position).map_or("", |e| e.id.as_str())
}

/// The link the name evidence makes, in words.
fn name_link(a: usize, b: usize, evidence: &SubjectEvidence) -> Link {
    let (a_name, b_name) = &evidence.names;
    let mut reasons = Vec::new();
    let mut words = if evidence.contained {
        format!("name '{a_name}' and '{b_name}', one found whole in the other")
    } else if a_name == b_name {
        format!("same name '{a_name}'")
    } else {
        format!("same name '{a_name}' ~ '{b_name}'")
    };
    if let Some((a_date, b_date, agreement)) = &evidence.date {
        let how = match agreement {
            DateAgreement::SameDay | DateAgreement::SameMonth | DateAgreement::SameYear => "agrees",
            _ => "is about a year from",
        };
        if a_date == b_date {
            words.push_str(&format!(", date of birth {a_date} {how}"));
        } else {
            words.push_str(&format!(", date of birth {a_date} {how} {b_date}"));
        }
    }
    if let Some(country) = evidence.nationality {
        words.push_str(&format!(", nationality {} agrees", country.code()));
    }
    reasons.push(words);
    let kind = match (
        evidence.contained,
        evidence.date.is_some(),
        evidence.nationality.is_some(),
    ) {
        (true, _, _) => LinkKind::ContainedName,
        (false, true, true) => LinkKind::NameDateNationality,
        (false, false, false) => LinkKind::Name,
        (false, _, _) => LinkKind::NameAndMore,
    };
    Link {
        a,
        b,
        kind,
        exact_name: evidence.exact,
        reasons,
    }
}

/// Links every record carrying a UN reference to the first that does.
fn reference_links(references: &[BTreeSet<String>]) -> Vec<Link> {
    let mut by_reference: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, refs) in references.iter().enumerate() {
        for reference in refs {
            by_reference.entry(reference).or_default().push(i);
        }
    }
    by_reference
        .into_iter()
        .flat_map(|(reference, members)| {
            let first = members.first().copied().unwrap_or_default();
            members.into_iter().skip(1).map(move |b| Link {
                a: first,
                b,
                kind: LinkKind::UnReference,
                exact_name: false,
                reasons: vec![format!("shared UN reference {reference}")],
            })
        })
        .collect()
}

/// The identifier kinds that name one subject: not `Other`, whose label
/// may say anything (a UN reference is linked on its own).
fn identifying_kind(kind: IdKind) -> Option<&'static str> {
    match kind {
        IdKind::Passport => Some("passport"),
        IdKind::NationalId => Some("national ID"),
        IdKind::TaxId => Some("tax number"),
        IdKind::Registration => Some("registration number"),
        IdKind::Imo => Some("IMO number"),
        IdKind::Swift => Some("SWIFT code"),
        IdKind::Other => None,
    }
}

/// Links records on different lists that carry an identifier of the same
/// kind and number; numbers one list gives two records, or that many
/// records carry, are left out.
fn identifier_links(entities: &[Entity]) -> Vec<Link> {
    let mut by_number: HashMap<(&'static str, String), Vec<usize>> = HashMap::new();
    for (i, entity) in entities.iter().enumerate() {
        for identifier in &entity.identifiers {
            let (Some(kind), Some(number)) = (
                identifying_kind(identifier.kind),
                crate::identifier::canonical(&identifier.number),
            ) else {
                continue;
            };
            let holders = by_number.entry((kind, number)).or_default();
            if !holders.contains(&i) {
                holders.push(i);
            }
        }
    }
    let mut links = Vec::new();
    for ((kind, number), holders) in by_number {
        if holders.len() < 2 || holders.len() > MAX_SHARED_IDENTIFIER {
            continue;
        }
        let sources: Vec<BTreeSet<&str>> = holders
            .iter()
            .filter_map(|&h| entities.get(h))
            .map(|e| e.listings.iter().map(|l| l.source.as_str()).collect())
            .collect();
        let one_list_twice = sources
            .iter()
            .enumerate()
            .any(|(n, s)| sources.iter().skip(n + 1).any(|t| !s.is_disjoint(t)));
        if one_list_twice {
            continue;
        }
        for (n, &a) in holders.iter().enumerate() {
            for &b in holders.iter().skip(n + 1) {
                links.push(Link {
                    a,
                    b,
                    kind: LinkKind::Identifier,
                    exact_name: false,
                    reasons: vec![format!("same {kind} {number}")],
                });
            }
        }
    }
    links
}

/// One link per pair of records, with every reason given for it.
fn merge_links(links: Vec<Link>) -> Vec<Link> {
    let mut merged: Vec<Link> = Vec::new();
    for link in links {
        let key = (link.a.min(link.b), link.a.max(link.b));
        match merged
            .iter_mut()
            .find(|m| (m.a.min(m.b), m.a.max(m.b)) == key)
        {
            Some(existing) => {
                existing.kind = existing.kind.min(link.kind);
                for reason in link.reasons {
                    if !existing.reasons.contains(&reason) {
                        existing.reasons.push(reason);
                    }
                }
            }
            None => merged.push(link),
        }
    }
    merged
}

/// One authority's listings of a subject.
#[derive(Debug, Clone, Serialize)]
pub struct AuthorityListing {
    /// The authority's id (`us_ofac`).
    pub authority: String,
    /// Its badge (`US`).
    pub badge: String,
    /// Its name.
    pub name: String,
    /// Its first listing of any member, where the lists date them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<PartialDate>,
}

/// One listing of one member record.
#[derive(Debug, Clone, Serialize)]
pub struct MemberListing {
    /// The record's id.
    pub entity_id: String,
    /// Its main name on that list.
    pub caption: String,
    /// The list (source id).
    pub source: String,
    /// The authority's id.
    pub authority: String,
    /// The authority's badge.
    pub badge: String,
    /// Programmes or regimes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub programmes: Vec<String>,
    /// When it was listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listed_on: Option<PartialDate>,
}

/// A link between two members, by id.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// One record's id.
    pub a: String,
    /// The other's.
    pub b: String,
    /// The strongest evidence.
    pub kind: LinkKind,
    /// Every piece of evidence, in words.
    pub reasons: Vec<String>,
}

/// A consolidated subject as the CLI and the API show it.
#[derive(Debug, Clone, Serialize)]
pub struct SubjectView {
    /// The subject's id: its smallest member id.
    pub id: String,
    /// The name to show.
    pub caption: String,
    /// "sanctioned by US, EU, UK, CA since 2021-03-22".
    pub summary: String,
    /// The authorities, first to list it first.
    pub authorities: Vec<AuthorityListing>,
    /// The earliest listing date of any member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<PartialDate>,
    /// Every listing of every member record.
    pub listings: Vec<MemberListing>,
    /// Why the records are one subject.
    pub links: Vec<LinkView>,
}

impl Consolidation {
    /// The subjects, in the order of their first record.
    pub fn subjects(&self) -> &[Subject] {
        &self.subjects
    }

    /// The subject of the entity at `position`.
    pub fn subject_of(&self, position: usize) -> Option<&Subject> {
        let number = *self.subject_of.get(position)?;
        self.subjects.get(number as usize)
    }

    /// Decisions that named a record not loaded, and so did nothing.
    pub fn unknown_decisions(&self) -> &[PairDecision] {
        &self.unknown_decisions
    }

    /// Groups hits (best first) by subject, groups in the order of their
    /// best hit; at most `limit` groups. Each group carries its subject's
    /// id.
    pub fn group_hits(&self, hits: Vec<Hit>, limit: usize) -> Vec<Group> {
        let mut groups: Vec<Group> = Vec::new();
        for hit in hits {
            let subject = self.subject_of(hit.entity).map(|s| s.id.clone());
            if let Some(group) = groups
                .iter_mut()
                .find(|g| g.subject.is_some() && g.subject == subject)
            {
                group.hits.push(hit);
            } else if groups.len() < limit {
                groups.push(Group {
                    score: hit.score,
                    subject,
                    hits: vec![hit],
                });
            }
        }
        groups
    }

    /// The subject as shown: its members' listings, its authorities with
    /// their first listing dates, and the reasons its records are one.
    pub fn view(&self, subject: &Subject, entities: &[Entity]) -> SubjectView {
        let members: Vec<&Entity> = subject
            .members
            .iter()
            .filter_map(|&m| entities.get(m))
            .collect();
        let mut listings = Vec::new();
        let mut authorities: Vec<AuthorityListing> = Vec::new();
        for entity in &members {
            for listing in &entity.listings {
                listings.push(MemberListing {
                    entity_id: entity.id.clone(),
                    caption: entity.caption().to_owned(),
                    source: listing.source.clone(),
                    authority: listing.authority.id().to_owned(),
                    badge: listing.authority.badge().to_owned(),
                    programmes: listing.programmes.clone(),
                    listed_on: listing.listed_on,
                });
                let id = listing.authority.id();
                match authorities.iter_mut().find(|a| a.authority == id) {
                    Some(known) => known.since = earliest(known.since, listing.listed_on),
                    None => authorities.push(AuthorityListing {
                        authority: id.to_owned(),
                        badge: listing.authority.badge().to_owned(),
                        name: listing.authority.name().to_owned(),
                        since: listing.listed_on,
                    }),
                }
            }
        }
        // Dated first, earliest first; undated after, as found.
        authorities.sort_by_key(|a| (a.since.is_none(), a.since.map(|d| d.first_day())));
        let since = authorities
            .iter()
            .filter_map(|a| a.since)
            .min_by_key(PartialDate::first_day);
        let mut badges: Vec<&str> = Vec::new();
        for authority in &authorities {
            if !badges.contains(&authority.badge.as_str()) {
                badges.push(&authority.badge);
            }
        }
        let summary = match since {
            Some(date) => format!("sanctioned by {} since {date}", badges.join(", ")),
            None => format!("sanctioned by {}", badges.join(", ")),
        };
        // The UN's name when the UN lists it, else the first member's.
        let caption = members
            .iter()
            .find(|e| e.listings.iter().any(|l| l.source == UN_SOURCE))
            .or(members.first())
            .map_or_else(String::new, |e| e.caption().to_owned());
        SubjectView {
            id: subject.id.clone(),
            caption,
            summary,
            authorities,
            since,
            listings,
            links: subject
                .links
                .iter()
                .map(|link| LinkView {
                    a: id_of(entities, link.a).to_owned(),
                    b: id_of(entities, link.b).to_owned(),
                    kind: link.kind,
                    reasons: link.reasons.clone(),
                })
                .collect(),
        }
    }
}

/// A clustering as kept between runs: records are named by entity id,
/// since positions change from one load to the next. Subjects of a single
/// record without links are left out; [`Consolidation::from_stored`] puts
/// every record it does not name in a subject of its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredConsolidation {
    /// The [`CONSOLIDATION_VERSION`] it was made with.
    pub version: u32,
    /// The subjects of several records, in the order of their first record.
    pub subjects: Vec<StoredSubject>,
    /// Decisions that named a record not loaded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown_decisions: Vec<PairDecision>,
}

/// A subject as kept: its members, and its links by member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredSubject {
    /// The members, in id order (the first's id is the subject's id).
    pub members: Vec<StoredRecord>,
    /// The links that joined them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<StoredLink>,
}

/// A record as kept: its id, and when a list gives that id to several
/// records (the EU's file repeats a few), which of them, counted from 0 in
/// the order they are loaded: `"eu_fsf:EU.1"` or `["eu_fsf:EU.1", 1]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StoredRecord {
    /// The first (usually the only) record with this id.
    Id(String),
    /// The record with this id after as many others with it.
    Repeated(String, u32),
}

impl StoredRecord {
    /// The record's id.
    pub fn id(&self) -> &str {
        match self {
            StoredRecord::Id(id) | StoredRecord::Repeated(id, _) => id,
        }
    }

    /// How many records with its id are loaded before it.
    pub fn occurrence(&self) -> u32 {
        match self {
            StoredRecord::Id(_) => 0,
            StoredRecord::Repeated(_, n) => *n,
        }
    }

    fn new(id: &str, occurrence: u32) -> Self {
        match occurrence {
            0 => StoredRecord::Id(id.to_owned()),
            n => StoredRecord::Repeated(id.to_owned(), n),
        }
    }
}

impl std::fmt::Display for StoredRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoredRecord::Id(id) => f.write_str(id),
            StoredRecord::Repeated(id, n) => write!(f, "{id} (record {} with that id)", n + 1),
        }
    }
}

/// How many records before each (by position) have its id.
fn occurrences(entities: &[Entity]) -> Vec<u32> {
    let mut seen: HashMap<&str, u32> = HashMap::with_capacity(entities.len());
    entities
        .iter()
        .map(|entity| {
            let count = seen.entry(entity.id.as_str()).or_insert(0);
            let occurrence = *count;
            *count += 1;
            occurrence
        })
        .collect()
}

/// A link as kept: its two records as positions in the subject's
/// `members`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredLink {
    /// One record, by its position among the members.
    pub a: u32,
    /// The other.
    pub b: u32,
    /// The strongest evidence.
    pub kind: LinkKind,
    /// Whether the names agree word for word.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exact_name: bool,
    /// Every piece of evidence, in words.
    pub reasons: Vec<String>,
}

/// Why a stored clustering cannot serve the loaded records: it is then
/// made again, never trusted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoredConsolidationError {
    /// It was made by other clustering rules.
    #[error(
        "the stored clustering was made by clustering version {found}, this build's is {CONSOLIDATION_VERSION}"
    )]
    OtherVersion {
        /// The version it was made with.
        found: u32,
    },
    /// It names a record that is not loaded.
    #[error("the stored clustering names record {record}, which is not loaded")]
    UnknownRecord {
        /// The record.
        record: StoredRecord,
    },
    /// It puts one record in two subjects, or twice in one.
    #[error("the stored clustering puts record {record} in a subject twice or in two subjects")]
    RecordTwice {
        /// The record.
        record: StoredRecord,
    },
    /// A subject has no members.
    #[error("the stored clustering holds a subject without members")]
    EmptySubject,
    /// A link names a member the subject does not have.
    #[error(
        "the stored subject {subject:?} has a link to member {member}, and only {members} members"
    )]
    BadLink {
        /// The subject's id.
        subject: String,
        /// The member the link names.
        member: u32,
        /// How many members the subject has.
        members: usize,
    },
}

impl Consolidation {
    /// The clustering in the form kept between runs, naming the records of
    /// `entities` (the screener's, as clustered) by id.
    pub fn to_stored(&self, entities: &[Entity]) -> StoredConsolidation {
        let occurrence = occurrences(entities);
        let subjects = self
            .subjects
            .iter()
            .filter(|subject| subject.members.len() > 1 || !subject.links.is_empty())
            .map(|subject| {
                let member_number = |position: usize| {
                    subject
                        .members
                        .iter()
                        .position(|&m| m == position)
                        .unwrap_or_default() as u32
                };
                StoredSubject {
                    members: subject
                        .members
                        .iter()
                        .map(|&m| {
                            StoredRecord::new(
                                id_of(entities, m),
                                occurrence.get(m).copied().unwrap_or_default(),
                            )
                        })
                        .collect(),
                    links: subject
                        .links
                        .iter()
                        .map(|link| StoredLink {
                            a: member_number(link.a),
                            b: member_number(link.b),
                            kind: link.kind,
                            exact_name: link.exact_name,
                            reasons: link.reasons.clone(),
                        })
                        .collect(),
                }
            })
            .collect();
        StoredConsolidation {
            version: CONSOLIDATION_VERSION,
            subjects,
            unknown_decisions: self.unknown_decisions.clone(),
        }
    }

    /// The clustering `stored` describes, over `entities` (the screener's):
    /// every record it does not name is a subject of its own. Refused when
    /// it was made by other clustering rules, names a record not loaded or
    /// one twice, or a link names a member its subject lacks.
    pub fn from_stored(
        stored: StoredConsolidation,
        entities: &[Entity],
    ) -> Result<Self, StoredConsolidationError> {
        if stored.version != CONSOLIDATION_VERSION {
            return Err(StoredConsolidationError::OtherVersion {
                found: stored.version,
            });
        }
        let position_of: HashMap<(&str, u32), usize> = entities
            .iter()
            .zip(occurrences(entities))
            .enumerate()
            .map(|(position, (entity, occurrence))| ((entity.id.as_str(), occurrence), position))
            .collect();
        // The stored subject of each record it names.
        let mut stored_subject_of: Vec<Option<usize>> = vec![None; entities.len()];
        let mut resolved: Vec<Subject> = Vec::with_capacity(stored.subjects.len());
        for (number, subject) in stored.subjects.into_iter().enumerate() {
            let mut members = Vec::with_capacity(subject.members.len());
            for record in &subject.members {
                let &position = position_of
                    .get(&(record.id(), record.occurrence()))
                    .ok_or_else(|| StoredConsolidationError::UnknownRecord {
                        record: record.clone(),
                    })?;
                match stored_subject_of.get_mut(position) {
                    Some(slot @ None) => *slot = Some(number),
                    _ => {
                        return Err(StoredConsolidationError::RecordTwice {
                            record: record.clone(),
                        });
                    }
                }
                members.push(position);
            }
            let id = subject
                .members
                .first()
                .map(|record| record.id().to_owned())
                .ok_or(StoredConsolidationError::EmptySubject)?;
            let member_at = |member: u32| {
                members.get(member as usize).copied().ok_or_else(|| {
                    StoredConsolidationError::BadLink {
                        subject: id.clone(),
                        member,
                        members: members.len(),
                    }
                })
            };
            let links = subject
                .links
                .into_iter()
                .map(|link| {
                    Ok(Link {
                        a: member_at(link.a)?,
                        b: member_at(link.b)?,
                        kind: link.kind,
                        exact_name: link.exact_name,
                        reasons: link.reasons,
                    })
                })
                .collect::<Result<Vec<Link>, StoredConsolidationError>>()?;
            resolved.push(Subject { id, members, links });
        }
        // Subjects in the order of their first record, as clustering makes
        // them.
        let mut resolved: Vec<Option<Subject>> = resolved.into_iter().map(Some).collect();
        let mut subjects = Vec::with_capacity(entities.len());
        let mut subject_of = vec![0_u32; entities.len()];
        for (position, entity) in entities.iter().enumerate() {
            let subject = match stored_subject_of.get(position).copied().flatten() {
                Some(number) => match resolved.get_mut(number).and_then(Option::take) {
                    Some(subject) => subject,
                    None => continue,
                },
                None => Subject {
                    id: entity.id.clone(),
                    members: vec![position],
                    links: Vec::new(),
                },
            };
            let number = subjects.len() as u32;
            for &member in &subject.members {
                if let Some(slot) = subject_of.get_mut(member) {
                    *slot = number;
                }
            }
            subjects.push(subject);
        }
        Ok(Consolidation {
            subjects,
            subject_of,
            unknown_decisions: stored.unknown_decisions,
        })
    }
}

fn earliest(a: Option<PartialDate>, b: Option<PartialDate>) -> Option<PartialDate> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.first_day() < a.first_day() { b } else { a }),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::{Authority, Identifier, Listing, Name, NameKind, Schema};

    /// A person listed on `source` by `authority`, born on `born`.
    fn person(source: &str, id: &str, name: &str, born: Option<&str>) -> Entity {
        let mut entity = Entity::new(source, id, Schema::Person);
        entity.add_name(Name::new(name, NameKind::Primary));
        let authority = match source {
            "un_sc" => Authority::UnSc,
            "eu_fsf" => Authority::Eu,
            "gb_ofsi" => Authority::GbOfsi,
            "ca_sema" => Authority::CaGac,
            _ => Authority::UsOfac,
        };
        entity.listings.push(Listing::new(source, authority));
        entity
            .birth_dates
            .extend(born.and_then(|d| d.parse::<FuzzyDate>().ok()));
        entity
    }

    fn identifier(kind: IdKind, number: &str, label: Option<&str>) -> Identifier {
        Identifier {
            kind,
            number: number.to_owned(),
            country: None,
            label: label.map(str::to_owned),
            note: None,
        }
    }

    /// The member ids of each subject with more than one member.
    fn clusters(screener: &Screener, decisions: &[PairDecision]) -> Vec<Vec<String>> {
        let consolidation = screener.consolidate(decisions, Evidence::default());
        consolidation
            .subjects()
            .iter()
            .filter(|s| s.members.len() > 1)
            .map(|s| {
                s.members
                    .iter()
                    .map(|&m| screener.entities()[m].id.clone())
                    .collect()
            })
            .collect()
    }

    fn decision(kind: DecisionKind, a: &str, b: &str) -> PairDecision {
        PairDecision {
            kind,
            a: a.to_owned(),
            b: b.to_owned(),
            comment: "checked".to_owned(),
        }
    }

    use interdict_model::FuzzyDate;

    #[test]
    fn one_name_on_three_lists_is_one_subject_with_its_reasons() {
        let screener = Screener::new(vec![
            person("eu_fsf", "EU.1", "ZHU Hailun", Some("1958-01")),
            person("gb_ofsi", "14090", "ZHU Hailun", Some("1958-01")),
            person("ca_sema", "77", "Hailun Zhu", None),
            person("us_ofac_sdn", "9", "Somebody Else", None),
        ]);
        assert_eq!(
            clusters(&screener, &[]),
            [["ca_sema:77", "eu_fsf:EU.1", "gb_ofsi:14090"]]
        );
        let consolidation = screener.consolidate(&[], Evidence::default());
        let subject = consolidation.subject_of(0).unwrap();
        assert_eq!(subject.id, "ca_sema:77");
        let reasons: Vec<&str> = subject
            .links
            .iter()
            .flat_map(|l| l.reasons.iter().map(String::as_str))
            .collect();
        assert!(
            reasons.contains(&"same name 'ZHU Hailun', date of birth 1958-01 agrees"),
            "{reasons:?}"
        );
        let view = consolidation.view(subject, screener.entities());
        assert_eq!(view.listings.len(), 3);
        assert!(
            view.summary.starts_with("sanctioned by "),
            "{}",
            view.summary
        );
    }

    #[test]
    fn two_records_of_one_list_never_merge_on_names_alone() {
        let screener = Screener::new(vec![
            person("un_sc", "QDi.1", "Said ARIF", None),
            person("un_sc", "QDi.2", "Said ARIF", None),
            person("gb_ofsi", "1", "Said ARIF", None),
        ]);
        let found = clusters(&screener, &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].len(), 2, "{found:?}");
    }

    #[test]
    fn hard_evidence_joins_whatever_the_names() {
        let mut un = person("un_sc", "QDi.043", "Ayman al-Zawahiri", None);
        un.listings[0].listed_on = "2001-01-25".parse().ok();
        let mut uk = person("gb_ofsi", "6911", "Aiman Muhammed Rabi al-Zawahri", None);
        uk.identifiers.push(identifier(
            IdKind::Other,
            "QDi.043",
            Some("UN Reference Number"),
        ));
        // A renamed ship keeps its IMO number.
        let mut old = Entity::new("us_ofac_sdn", "7", Schema::Vessel);
        old.add_name(Name::new("SEA STAR", NameKind::Primary));
        old.listings
            .push(Listing::new("us_ofac_sdn", Authority::UsOfac));
        old.identifiers
            .push(identifier(IdKind::Imo, "IMO 9870599", None));
        let mut new = Entity::new("eu_fsf", "EU.3", Schema::Vessel);
        new.add_name(Name::new("OCEAN PEARL", NameKind::Primary));
        new.listings.push(Listing::new("eu_fsf", Authority::Eu));
        new.identifiers
            .push(identifier(IdKind::Imo, "9870599", None));
        let screener = Screener::new(vec![un, uk, old, new]);
        let found = clusters(&screener, &[]);
        assert_eq!(
            found,
            [
                vec!["gb_ofsi:6911", "un_sc:QDi.043"],
                vec!["eu_fsf:EU.3", "us_ofac_sdn:7"]
            ]
        );
        let consolidation = screener.consolidate(&[], Evidence::default());
        let subject = consolidation.subject_of(0).unwrap();
        assert_eq!(subject.links[0].reasons, ["shared UN reference QDI.43"]);
        let view = consolidation.view(subject, screener.entities());
        assert_eq!(view.summary, "sanctioned by UN, UK since 2001-01-25");
        // Without the references, the names alone do not join them.
        let blind = screener.consolidate(
            &[],
            Evidence {
                un_references: false,
            },
        );
        assert_ne!(
            blind.subject_of(0).map(|s| &s.id),
            blind.subject_of(1).map(|s| &s.id)
        );
    }

    #[test]
    fn a_split_decision_separates_and_a_merge_joins() {
        let screener = Screener::new(vec![
            person("un_sc", "QDe.1", "Ansar al-Charia", None),
            person("gb_ofsi", "2", "Ansar al-Charia", None),
            person("eu_fsf", "EU.3", "Someone Quite Different", None),
        ]);
        assert_eq!(clusters(&screener, &[]).len(), 1);
        let split = decision(DecisionKind::Split, "gb_ofsi:2", "un_sc:QDe.1");
        assert!(clusters(&screener, std::slice::from_ref(&split)).is_empty());
        let merge = decision(DecisionKind::Merge, "eu_fsf:EU.3", "un_sc:QDe.1");
        assert_eq!(
            clusters(&screener, std::slice::from_ref(&merge)),
            [["eu_fsf:EU.3", "gb_ofsi:2", "un_sc:QDe.1"]]
        );
        // A split holds against a merge that would join the pair through a
        // third record.
        assert_eq!(
            clusters(&screener, &[split, merge]),
            [["eu_fsf:EU.3", "un_sc:QDe.1"]]
        );
        let unknown = decision(DecisionKind::Split, "xx:1", "un_sc:QDe.1");
        let consolidation = screener.consolidate(&[unknown], Evidence::default());
        assert_eq!(consolidation.unknown_decisions().len(), 1);
    }

    #[test]
    fn records_that_conflict_are_not_joined_through_a_third() {
        // The undated record is alike with both; the two dated ones are
        // two people, so it joins one of them only.
        let screener = Screener::new(vec![
            person("us_ofac_sdn", "1", "Khamis QADHAFI", Some("1950")),
            person("un_sc", "2", "Khamis QADHAFI", None),
            person("eu_fsf", "3", "Khamis QADHAFI", Some("1978")),
        ]);
        let found = clusters(&screener, &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].len(), 2, "{found:?}");
    }

    #[test]
    fn a_stored_clustering_reads_back_as_the_same_subjects_and_links() {
        let entities: Vec<Entity> = interdict_catalog::Manifest::bundled()
            .and_then(|m| m.select(&["eu_fsf".to_owned(), "gb_ofsi".to_owned()]))
            .and_then(|m| m.load())
            .unwrap()
            .into_iter()
            .flat_map(|s| s.entities)
            .collect();
        let screener = Screener::new(entities);
        // The EU's file gives a few ids to two records: ids alone would
        // not tell them apart.
        assert!(
            occurrences(screener.entities()).iter().any(|&n| n > 0),
            "no repeated id"
        );
        let unknown = decision(DecisionKind::Split, "xx:1", "un_sc:QDi.043");
        let made = screener.consolidate(&[unknown], Evidence::default());
        let joined = made
            .subjects()
            .iter()
            .filter(|s| s.members.len() > 1)
            .count();
        assert!(joined > 500, "only {joined} subjects of several records");

        let stored = made.to_stored(screener.entities());
        assert_eq!(stored.subjects.len(), joined);
        let json = serde_json::to_string(&stored).unwrap();
        let read: StoredConsolidation = serde_json::from_str(&json).unwrap();
        let back = Consolidation::from_stored(read, screener.entities()).unwrap();
        assert_eq!(back.subjects(), made.subjects());
        assert_eq!(back.unknown_decisions(), made.unknown_decisions());
        for position in 0..screener.entities().len() {
            assert_eq!(back.subject_of(position), made.subject_of(position));
        }
        assert_eq!(back, made);
    }

    #[test]
    fn records_sharing_an_id_keep_their_own_subjects_when_stored() {
        let screener = Screener::new(vec![
            person("eu_fsf", "EU.1", "ZHU Hailun", Some("1958-01")),
            person("eu_fsf", "EU.1", "Wang Junzheng", None),
            person("gb_ofsi", "7", "WANG Junzheng", None),
        ]);
        let made = screener.consolidate(&[], Evidence::default());
        assert_eq!(made.subject_of(1), made.subject_of(2));
        assert_ne!(made.subject_of(0), made.subject_of(1));
        let stored = made.to_stored(screener.entities());
        assert_eq!(
            stored.subjects[0].members,
            [
                StoredRecord::Repeated("eu_fsf:EU.1".to_owned(), 1),
                StoredRecord::Id("gb_ofsi:7".to_owned())
            ]
        );
        let back = Consolidation::from_stored(stored, screener.entities()).unwrap();
        assert_eq!(back, made);
    }

    #[test]
    fn a_stored_clustering_naming_a_record_not_loaded_is_refused() {
        let screener = Screener::new(vec![
            person("un_sc", "QDe.1", "Ansar al-Charia", None),
            person("gb_ofsi", "2", "Ansar al-Charia", None),
        ]);
        let mut stored = screener
            .consolidate(&[], Evidence::default())
            .to_stored(screener.entities());
        stored.subjects[0].members[1] = StoredRecord::Id("un_sc:QDe.999".to_owned());
        let error = Consolidation::from_stored(stored.clone(), screener.entities()).unwrap_err();
        assert_eq!(
            error,
            StoredConsolidationError::UnknownRecord {
                record: StoredRecord::Id("un_sc:QDe.999".to_owned())
            }
        );
        assert!(error.to_string().contains("un_sc:QDe.999"), "{error}");
        // The second record with a loaded id is not loaded either.
        stored.subjects[0].members[1] = StoredRecord::Repeated("un_sc:QDe.1".to_owned(), 1);
        assert!(matches!(
            Consolidation::from_stored(stored.clone(), screener.entities()),
            Err(StoredConsolidationError::UnknownRecord { .. })
        ));
        stored.subjects[0].members[1] = StoredRecord::Id("gb_ofsi:2".to_owned());
        assert!(matches!(
            Consolidation::from_stored(stored.clone(), screener.entities()),
            Err(StoredConsolidationError::RecordTwice { .. })
        ));
        stored.version += 1;
        assert!(matches!(
            Consolidation::from_stored(stored, screener.entities()),
            Err(StoredConsolidationError::OtherVersion { .. })
        ));
    }

    #[test]
    fn placeholder_numbers_link_nothing() {
        let entities: Vec<Entity> = [
            "us_ofac_sdn",
            "eu_fsf",
            "gb_ofsi",
            "un_sc",
            "ca_sema",
            "au",
            "ch",
            "x",
        ]
        .iter()
        .enumerate()
        .map(|(i, source)| {
            let mut e = person(source, &i.to_string(), &format!("Person Number{i}"), None);
            e.identifiers
                .push(identifier(IdKind::Passport, "0000000", None));
            e
        })
        .collect();
        let screener = Screener::new(entities);
        assert!(clusters(&screener, &[]).is_empty());
    }
}
