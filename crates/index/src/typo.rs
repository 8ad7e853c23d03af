//! Typo-tolerant token lookup: the vocabulary tokens one or two typing slips
//! (a letter added, dropped, changed, or two neighbours swapped: optimal
//! string alignment distance) from a query token.
//!
//! A SymSpell-style deletion dictionary: every vocabulary token is stored
//! under each string obtained by deleting up to two of its letters, and a
//! query token looks up its own deletions. Two tokens within distance `d`
//! always share a string obtained by deleting at most `d` letters from each,
//! so every neighbour is found; those that only share a deletion by chance
//! are weeded out by computing the distance. Only the first [`PREFIX`]
//! letters are indexed (the prefixes of two tokens within `d` are still
//! within `d` deletions of a common string), which keeps the dictionary and
//! the number of lookups small; the distance check covers the rest.
//!
//! Measured on the 54,000 distinct tokens of the bundled lists (release
//! build, one core; `cargo bench -p interdict-index -- typo`), against an
//! `fst::Set` of the same vocabulary searched with fst's Levenshtein
//! automaton: for `zhu`, `marcon`, `sechev` and `vladimirovihc` the
//! deletion dictionary took 2.4, 9.6, 4.6 and 24 µs; the automaton 110, 190,
//! 180 and 270 µs for one edit and 0.65, 1.1, 1.0 and 2.1 ms for two, most
//! of it building the automaton, and it counts two swapped letters as two
//! edits. The deletion strings are themselves kept in an `fst::Map`, which
//! holds the 1.2 million of them in a few MB.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::{OnceLock, PoisonError, RwLock};

use fst::{Map, MapBuilder};
use rayon::prelude::*;

/// Shards of the cache of neighbours of tokens outside the vocabulary:
/// screening threads rarely wait on one another's lock.
const UNKNOWN_SHARDS: usize = 16;

/// Tokens outside the vocabulary each shard remembers the neighbours of;
/// beyond that, neighbours are worked out each time (about 20 µs). 16 × 8,192
/// tokens take a few MB.
const UNKNOWN_PER_SHARD: usize = 8_192;

/// Letters of a token whose deletions are indexed; eight ASCII letters pack
/// into a `u64`, which keeps building cheap.
const PREFIX: usize = 8;

/// The largest optimal string alignment distance at which two tokens are
/// taken for one another, as the matcher does: one slip when the shorter
/// has at least three letters, two when the longer also has at least five;
/// none for shorter tokens, where one letter makes another name (`li`,
/// `le`). Lengths are in letters.
pub fn allowed_typos(a_len: usize, b_len: usize) -> usize {
    let (shorter, longer) = (a_len.min(b_len), a_len.max(b_len));
    if shorter < 3 {
        0
    } else if longer >= 5 {
        2
    } else {
        1
    }
}

/// Deletions ever needed from a token of `len` letters: a token of four
/// letters or fewer is only ever one slip from another (two need a longer
/// partner, which supplies the extra deletion).
fn max_deletions(len: usize) -> usize {
    if len <= 4 { 1 } else { 2 }
}

/// The vocabulary stored under its deletions.
#[derive(Debug, Default)]
pub(crate) struct TypoIndex {
    /// Deletion string → `start << 32 | count` of its run in `entries`.
    keys: Map<Vec<u8>>,
    /// Token id `<< 2 |` letters deleted from it, in runs per key.
    entries: Vec<u32>,
    /// The tokens' text, by id: `text[ends[id - 1]..ends[id]]`.
    text: String,
    ends: Vec<u32>,
    /// The neighbours of each vocabulary token, by id, worked out the first
    /// time a query holds it: customer names repeat their words (`mohammad`,
    /// `john`), and a lookup costs microseconds.
    known: Box<[OnceLock<Neighbours>]>,
    /// The neighbours of tokens outside the vocabulary, by text, for the
    /// first [`UNKNOWN_PER_SHARD`] of each shard: customers' names that no
    /// list holds (`makayla`, `valérie`) repeat too.
    unknown: Box<[UnknownShard]>,
    hasher: RandomState,
}

/// Vocabulary tokens near one token, with their distance from it.
type Neighbours = Box<[(u32, u8)]>;

/// Some tokens outside the vocabulary, with their neighbours.
type UnknownShard = RwLock<HashMap<Box<str>, Neighbours>>;

/// One deletion string of a token prefix: its bytes packed big-endian into a
/// `u64` (so integer order is byte order), and how many letters were deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Deletion {
    key: u64,
    len: u8,
    deleted: u8,
}

impl Deletion {
    fn bytes(&self) -> [u8; PREFIX] {
        self.key.to_be_bytes()
    }
}

/// Every string obtained by deleting up to `most` letters from the first
/// [`PREFIX`] bytes of `token`, each once with its fewest deletions.
fn deletions(token: &[u8], most: usize, out: &mut Vec<Deletion>) {
    out.clear();
    let prefix = &token[..token.len().min(PREFIX)];
    let pack = |skip: [usize; 2]| {
        let mut key = 0u64;
        let mut len = 0u8;
        for (i, &b) in prefix.iter().enumerate() {
            if i != skip[0] && i != skip[1] {
                key |= u64::from(b) << (8 * (PREFIX - 1 - len as usize));
                len += 1;
            }
        }
        (key, len)
    };
    let none = usize::MAX;
    let (key, len) = pack([none, none]);
    out.push(Deletion {
        key,
        len,
        deleted: 0,
    });
    for i in 0..prefix.len() {
        if most >= 1 {
            let (key, len) = pack([i, none]);
            out.push(Deletion {
                key,
                len,
                deleted: 1,
            });
        }
        if most >= 2 {
            for j in i + 1..prefix.len() {
                let (key, len) = pack([i, j]);
                out.push(Deletion {
                    key,
                    len,
                    deleted: 2,
                });
            }
        }
    }
    out.sort_unstable();
    out.dedup_by_key(|d| d.key);
}

/// Tokens the deletion dictionary holds: ASCII (as every romanised form is)
/// and long enough for a slip to be allowed.
fn indexable(token: &str) -> bool {
    token.len() >= 3 && token.is_ascii()
}

impl TypoIndex {
    /// Indexes `vocabulary`, whose position is each token's id.
    pub(crate) fn build(vocabulary: &[&str]) -> Self {
        let mut text = String::with_capacity(vocabulary.iter().map(|t| t.len()).sum());
        let mut ends = Vec::with_capacity(vocabulary.len());
        for token in vocabulary {
            text.push_str(token);
            ends.push(text.len() as u32);
        }
        // Counted first, so the pairs, the largest thing built, take no
        // more memory than they need.
        let count: usize = vocabulary
            .par_iter()
            .filter(|token| indexable(token))
            .map_init(Vec::new, |out, token| {
                deletions(token.as_bytes(), max_deletions(token.len()), out);
                out.len()
            })
            .sum();
        let mut pairs: Vec<(u64, u32)> = Vec::with_capacity(count);
        let mut out = Vec::new();
        for (id, token) in vocabulary.iter().enumerate() {
            if indexable(token) {
                deletions(token.as_bytes(), max_deletions(token.len()), &mut out);
                pairs.extend(
                    out.iter()
                        .map(|d| (d.key, (id as u32) << 2 | u32::from(d.deleted))),
                );
            }
        }
        pairs.par_sort_unstable();
        let mut builder = MapBuilder::memory();
        let mut entries = Vec::with_capacity(pairs.len());
        let mut run_start = 0;
        while run_start < pairs.len() {
            let key = pairs[run_start].0;
            let run_end = pairs[run_start..]
                .iter()
                .position(|&(k, _)| k != key)
                .map_or(pairs.len(), |n| run_start + n);
            let start = entries.len() as u64;
            entries.extend(pairs[run_start..run_end].iter().map(|&(_, e)| e));
            let bytes = key.to_be_bytes();
            let len = PREFIX - (key.trailing_zeros() / 8) as usize;
            // Keys arrive sorted and distinct, which is all insert checks.
            if builder
                .insert(&bytes[..len], start << 32 | (run_end - run_start) as u64)
                .is_err()
            {
                return TypoIndex::default();
            }
            run_start = run_end;
        }
        drop(pairs);
        let keys = builder
            .into_inner()
            .ok()
            .and_then(|bytes| Map::new(bytes).ok())
            .unwrap_or_default();
        entries.shrink_to_fit();
        TypoIndex {
            keys,
            entries,
            text,
            ends,
            known: (0..vocabulary.len()).map(|_| OnceLock::new()).collect(),
            unknown: (0..UNKNOWN_SHARDS).map(|_| RwLock::default()).collect(),
            hasher: RandomState::new(),
        }
    }

    /// The token with this id.
    pub(crate) fn token(&self, id: u32) -> &str {
        let id = id as usize;
        let start = if id == 0 {
            0
        } else {
            self.ends.get(id - 1).copied().unwrap_or(0) as usize
        };
        let end = self.ends.get(id).copied().unwrap_or(0) as usize;
        self.text.get(start..end).unwrap_or("")
    }

    /// The tokens within [`allowed_typos`] of `query`, other than `query`
    /// itself, as their ids and distances, ascending, into `out`; `scratch`
    /// and `found` are working space.
    /// The neighbours of the vocabulary token `id`, as [`Self::neighbours`]
    /// gives them; worked out once.
    pub(crate) fn neighbours_of(
        &self,
        id: u32,
        scratch: &mut Vec<Deletion>,
        found: &mut Vec<(u32, u8)>,
    ) -> &[(u32, u8)] {
        let Some(cell) = self.known.get(id as usize) else {
            return &[];
        };
        cell.get_or_init(|| {
            let mut out = Vec::new();
            self.neighbours(self.token(id), scratch, found, &mut out);
            out.into_boxed_slice()
        })
    }

    /// The neighbours of a token outside the vocabulary, as
    /// [`Self::neighbours`] gives them, into `out`; remembered for the next
    /// query while there is room.
    pub(crate) fn neighbours_of_unknown(
        &self,
        query: &str,
        scratch: &mut Vec<Deletion>,
        found: &mut Vec<(u32, u8)>,
        out: &mut Vec<(u32, u8)>,
    ) {
        let shard = self
            .unknown
            .get(self.hasher.hash_one(query) as usize % UNKNOWN_SHARDS);
        if let Some(shard) = shard {
            let remembered = shard.read().unwrap_or_else(PoisonError::into_inner);
            if let Some(neighbours) = remembered.get(query) {
                out.clear();
                out.extend_from_slice(neighbours);
                return;
            }
        }
        self.neighbours(query, scratch, found, out);
        if let Some(shard) = shard {
            let mut remembered = shard.write().unwrap_or_else(PoisonError::into_inner);
            if remembered.len() < UNKNOWN_PER_SHARD {
                remembered.insert(query.into(), out.as_slice().into());
            }
        }
    }

    pub(crate) fn neighbours(
        &self,
        query: &str,
        scratch: &mut Vec<Deletion>,
        found: &mut Vec<(u32, u8)>,
        out: &mut Vec<(u32, u8)>,
    ) {
        out.clear();
        found.clear();
        if !indexable(query) {
            return;
        }
        let q = query.as_bytes();
        let pattern = Pattern::new(q);
        deletions(q, max_deletions(q.len()), scratch);
        for deletion in scratch.iter() {
            let bytes = deletion.bytes();
            let Some(run) = self.keys.get(&bytes[..deletion.len as usize]) else {
                continue;
            };
            let (start, count) = ((run >> 32) as usize, (run & 0xffff_ffff) as usize);
            let Some(entries) = self.entries.get(start..start + count) else {
                continue;
            };
            found.extend(
                entries
                    .iter()
                    .map(|&e| (e >> 2, (e & 3) as u8 + deletion.deleted)),
            );
        }
        found.sort_unstable();
        found.dedup_by_key(|(id, _)| *id);
        for &(id, deleted) in found.iter() {
            let token = self.token(id);
            if token == query {
                continue;
            }
            let allowed = allowed_typos(q.len(), token.len());
            // Deleting `deleted` letters in all makes the two equal, so they
            // are at most that far apart when nothing was cut off; one
            // deletion from either is one slip exactly.
            let distance = if deleted == 1 && q.len() <= PREFIX && token.len() <= PREFIX {
                Some(1)
            } else if allowed > 0 {
                pattern.distance(token.as_bytes(), allowed)
            } else {
                None
            };
            if let Some(distance) = distance.filter(|&d| d <= allowed) {
                out.push((id, distance as u8));
            }
        }
    }

    /// Bytes held, for reporting.
    pub(crate) fn heap_size(&self) -> usize {
        self.keys.as_fst().as_bytes().len()
            + self.entries.capacity() * 4
            + self.text.capacity()
            + self.ends.capacity() * 4
    }
}

/// A query token prepared for computing its optimal string alignment
/// distance to many vocabulary tokens: Hyyrö's bit-parallel algorithm
/// ("A bit-vector algorithm for computing Levenshtein and Damerau edit
/// distances", 2003), one machine word per token of up to 64 letters.
/// Written out rather than calling `strsim::osa_distance`, which allocates
/// three rows and two character vectors per call and fills the whole table:
/// it took a quarter of each lookup, and a query token is checked against
/// dozens of vocabulary tokens.
struct Pattern<'a> {
    text: &'a [u8],
    /// For each ASCII byte, the positions in `text` holding it.
    masks: [u64; 128],
}

impl<'a> Pattern<'a> {
    fn new(text: &'a [u8]) -> Self {
        let mut masks = [0u64; 128];
        for (i, &b) in text.iter().enumerate().take(64) {
            if let Some(mask) = masks.get_mut(usize::from(b)) {
                *mask |= 1 << i;
            }
        }
        Pattern { text, masks }
    }

    /// The distance from the pattern to `other`, if it is at most `bound`.
    fn distance(&self, other: &[u8], bound: usize) -> Option<usize> {
        let n = self.text.len();
        if n.abs_diff(other.len()) > bound {
            return None;
        }
        if n == 0 || n > 64 || !self.text.is_ascii() {
            return match (std::str::from_utf8(self.text), std::str::from_utf8(other)) {
                (Ok(a), Ok(b)) => Some(strsim::osa_distance(a, b)).filter(|&d| d <= bound),
                _ => None,
            };
        }
        let last = 1u64 << (n - 1);
        let (mut vp, mut vn, mut d0, mut previous) = (!0u64, 0u64, 0u64, 0u64);
        let mut distance = n;
        for &b in other {
            let pm = self.masks.get(usize::from(b)).copied().unwrap_or(0);
            let transposition = ((!d0 & pm) << 1) & previous;
            d0 = ((((pm & vp).wrapping_add(vp)) ^ vp) | pm | vn) | transposition;
            let hp = vn | !(d0 | vp);
            let hn = d0 & vp;
            if hp & last != 0 {
                distance += 1;
            } else if hn & last != 0 {
                distance -= 1;
            }
            let hp = (hp << 1) | 1;
            let hn = hn << 1;
            vp = hn | !(d0 | hp);
            vn = hp & d0;
            previous = pm;
        }
        (distance <= bound).then_some(distance)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn neighbours(index: &TypoIndex, query: &str) -> Vec<String> {
        let (mut scratch, mut found, mut out) = (Vec::new(), Vec::new(), Vec::new());
        index.neighbours(query, &mut scratch, &mut found, &mut out);
        out.iter()
            .map(|&(id, distance)| {
                let token = index.token(id);
                assert_eq!(usize::from(distance), strsim::osa_distance(query, token));
                token.to_owned()
            })
            .collect()
    }

    #[test]
    fn an_unknown_tokens_neighbours_are_the_same_when_remembered() {
        let index = TypoIndex::build(&["mohammad", "muhammad", "makayla", "michaela"]);
        let (mut scratch, mut found, mut out) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..2 {
            index.neighbours_of_unknown("mohamad", &mut scratch, &mut found, &mut out);
            let tokens: Vec<&str> = out.iter().map(|&(id, _)| index.token(id)).collect();
            assert_eq!(tokens, ["mohammad", "muhammad"]);
        }
        let remembered: usize = index
            .unknown
            .iter()
            .map(|shard| shard.read().unwrap().len())
            .sum();
        assert_eq!(remembered, 1);
    }

    fn brute_force(vocabulary: &[&str], query: &str) -> Vec<String> {
        vocabulary
            .iter()
            .filter(|t| indexable(t) && indexable(query) && **t != query)
            .filter(|t| {
                let allowed = allowed_typos(query.len(), t.len());
                allowed > 0 && strsim::osa_distance(query, t) <= allowed
            })
            .map(|t| (*t).to_owned())
            .collect()
    }

    #[test]
    fn finds_slips_within_the_allowed_distance() {
        let vocabulary = [
            "macron",
            "sechin",
            "laden",
            "ali",
            "aly",
            "al",
            "vladimirovich",
            "li",
        ];
        let index = TypoIndex::build(&vocabulary);
        assert_eq!(neighbours(&index, "marcon"), ["macron"]);
        assert_eq!(neighbours(&index, "sechev"), ["sechin"]);
        assert_eq!(neighbours(&index, "ladin"), ["laden"]);
        assert_eq!(neighbours(&index, "ali"), ["aly"]);
        assert_eq!(neighbours(&index, "vladimirovihc"), ["vladimirovich"]);
        // Two letters: a slip makes another name.
        assert!(neighbours(&index, "le").is_empty());
        // Four letters: one slip only.
        assert!(neighbours(&index, "alyx").contains(&"aly".to_owned()));
        assert!(!neighbours(&index, "axyl").contains(&"aly".to_owned()));
        assert_eq!(index.token(0), "macron");
        let long = "ab".repeat(40);
        let pattern = Pattern::new(long.as_bytes());
        assert_eq!(pattern.distance(format!("{long}c").as_bytes(), 1), Some(1));
        assert_eq!(pattern.distance(format!("{long}cc").as_bytes(), 1), None);
        assert_eq!(index.token(99), "");
    }

    #[test]
    fn a_vocabulary_tokens_neighbours_are_remembered_as_found() {
        let index = TypoIndex::build(&["ali", "aly", "al", "macron"]);
        let (mut scratch, mut found) = (Vec::new(), Vec::new());
        for _ in 0..2 {
            let known = index.neighbours_of(0, &mut scratch, &mut found).to_vec();
            assert_eq!(known, [(1, 1)]);
        }
        assert!(index.neighbours_of(9, &mut scratch, &mut found).is_empty());
    }

    proptest! {
        #[test]
        fn distance_check_agrees_with_strsim(a in "[abc]{0,12}", b in "[abc]{0,12}", bound in 0usize..4) {
            let distance = strsim::osa_distance(&a, &b);
            let expected = (distance <= bound).then_some(distance);
            prop_assert_eq!(Pattern::new(a.as_bytes()).distance(b.as_bytes(), bound), expected);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        #[test]
        fn agrees_with_brute_force(
            vocabulary in prop::collection::vec("[abc]{1,12}", 1..60),
            query in "[abc]{1,12}",
        ) {
            let vocabulary: Vec<&str> = vocabulary.iter().map(String::as_str).collect();
            let index = TypoIndex::build(&vocabulary);
            let mut expected = brute_force(&vocabulary, &query);
            expected.sort();
            expected.dedup();
            let mut got = neighbours(&index, &query);
            got.sort();
            got.dedup();
            prop_assert_eq!(got, expected);
        }
    }
}
