//! Term dictionaries and their postings, laid out flat.
//!
//! A term (a token, two tokens written together, a phonetic key) gets a
//! dense id; the ids of the forms holding it are one sorted run in a single
//! vector. Sorted runs rather than roaring bitmaps: the index never
//! intersects or unions whole lists, it walks them once to add up credit or
//! binary-searches them for a few candidates, and a run of `u32` is both the
//! fastest to walk and, for lists this short (the longest holds under 10,000
//! forms), as small.
//!
//! Tokens and phonetic keys are found through a `HashMap` rather than an
//! `fst::Map`: on the 54,000 distinct tokens of the bundled lists a hash
//! lookup took 78 ns and an `fst::Map::get` 250 ns, and
//! [`crate::NameIndex::token_weight`] is called for every token of every
//! name the matcher scores. Joined pairs, looked up once per query token,
//! are five times as many: they are kept in an `fst::Map`, which holds them
//! in a tenth of the memory.

use std::collections::HashMap;

use fst::Map;

/// How terms are found.
#[derive(Debug)]
enum Terms {
    /// Fast, for the terms looked up most.
    Hashed(HashMap<Box<str>, u32>),
    /// Small, for the many terms looked up seldom.
    Compact(Map<Vec<u8>>),
}

impl Default for Terms {
    fn default() -> Self {
        Terms::Hashed(HashMap::new())
    }
}

/// Terms and, for each, the sorted ids of the forms holding it.
#[derive(Debug, Default)]
pub(crate) struct Postings {
    ids: Terms,
    /// Where each term's run starts in `forms`; one more entry than terms.
    starts: Vec<u32>,
    forms: Vec<u32>,
}

impl Postings {
    /// The id of a term.
    pub(crate) fn id(&self, term: &str) -> Option<u32> {
        match &self.ids {
            Terms::Hashed(ids) => ids.get(term).copied(),
            Terms::Compact(ids) => ids.get(term).and_then(|id| u32::try_from(id).ok()),
        }
    }

    /// The forms holding the term with this id, ascending.
    pub(crate) fn forms(&self, id: u32) -> &[u32] {
        let id = id as usize;
        match (self.starts.get(id), self.starts.get(id + 1)) {
            (Some(&start), Some(&end)) => self.forms.get(start as usize..end as usize),
            _ => None,
        }
        .unwrap_or(&[])
    }

    /// Number of terms.
    pub(crate) fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Approximate bytes held: the terms, their hash table and the runs.
    pub(crate) fn heap_size(&self) -> usize {
        let terms = match &self.ids {
            Terms::Hashed(ids) => {
                ids.keys().map(|term| term.len()).sum::<usize>()
                    + ids.capacity() * (std::mem::size_of::<(Box<str>, u32)>() + 1)
            }
            Terms::Compact(ids) => ids.as_fst().as_bytes().len(),
        };
        terms + (self.starts.capacity() + self.forms.capacity()) * 4
    }

    /// Every term with its id, in no particular order; none for compact
    /// postings.
    pub(crate) fn terms(&self) -> impl Iterator<Item = (&str, u32)> {
        let ids = match &self.ids {
            Terms::Hashed(ids) => Some(ids),
            Terms::Compact(_) => None,
        };
        ids.into_iter().flatten().map(|(term, &id)| (&**term, id))
    }
}

/// Collects `(term, form)` pairs, forms in ascending order, into [`Postings`].
#[derive(Debug, Default)]
pub(crate) struct PostingsBuilder {
    ids: HashMap<Box<str>, u32>,
    /// The last form added under each term, so a term repeated within a
    /// form is listed once.
    last: Vec<u32>,
    pairs: Vec<(u32, u32)>,
}

impl PostingsBuilder {
    /// Adds a term of `form`, which is never lower than the forms added
    /// before it; returns the term's id and whether the term is new.
    pub(crate) fn add(&mut self, term: &str, form: u32) -> (u32, bool) {
        let (id, new) = match self.ids.get(term) {
            Some(&id) => (id, false),
            None => {
                let id = self.last.len() as u32;
                self.ids.insert(term.into(), id);
                self.last.push(u32::MAX);
                (id, true)
            }
        };
        if let Some(last) = self.last.get_mut(id as usize)
            && *last != form
        {
            *last = form;
            self.pairs.push((id, form));
        }
        (id, new)
    }

    /// The postings, terms found through a hash table; each term's forms
    /// keep the order they were added in.
    pub(crate) fn finish(self) -> Postings {
        let (starts, forms, mut ids) = self.runs();
        ids.shrink_to_fit();
        Postings {
            ids: Terms::Hashed(ids),
            starts,
            forms,
        }
    }

    /// The postings, terms found through an fst (which cannot list them).
    pub(crate) fn finish_compact(self) -> Postings {
        let (starts, forms, ids) = self.runs();
        let mut terms: Vec<(Box<str>, u32)> = ids.into_iter().collect();
        terms.sort_unstable();
        let ids = Map::from_iter(
            terms
                .iter()
                .map(|(term, id)| (term.as_bytes(), u64::from(*id))),
        )
        .unwrap_or_default();
        Postings {
            ids: Terms::Compact(ids),
            starts,
            forms,
        }
    }

    /// Where each term's run starts, the runs, and the terms' ids.
    fn runs(self) -> (Vec<u32>, Vec<u32>, HashMap<Box<str>, u32>) {
        let terms = self.last.len();
        let mut starts = vec![0u32; terms + 1];
        for &(id, _) in &self.pairs {
            starts[id as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut forms = vec![0u32; self.pairs.len()];
        for (id, form) in self.pairs {
            let at = &mut next[id as usize];
            forms[*at as usize] = form;
            *at += 1;
        }
        (starts, forms, self.ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_keep_their_forms_in_order_without_repeats() {
        let mut builder = PostingsBuilder::default();
        assert_eq!(builder.add("zhu", 0), (0, true));
        builder.add("hailun", 0);
        builder.add("zhu", 0);
        assert_eq!(builder.add("zhu", 3), (0, false));
        builder.add("lavrov", 4);
        let postings = builder.finish();
        assert_eq!(postings.len(), 3);
        let zhu = postings.id("zhu").unwrap();
        assert_eq!(postings.forms(zhu), [0, 3]);
        assert_eq!(postings.forms(postings.id("lavrov").unwrap()), [4]);
        assert_eq!(postings.id("putin"), None);
        assert!(postings.forms(99).is_empty());
        assert_eq!(postings.terms().count(), 3);
    }

    #[test]
    fn compact_postings_find_the_same_terms() {
        let mut builder = PostingsBuilder::default();
        builder.add("zhuhai", 1);
        builder.add("hailun", 1);
        builder.add("hailun", 2);
        let postings = builder.finish_compact();
        assert_eq!(postings.forms(postings.id("hailun").unwrap()), [1, 2]);
        assert_eq!(postings.forms(postings.id("zhuhai").unwrap()), [1]);
        assert_eq!(postings.id("zhu"), None);
        assert_eq!(postings.terms().count(), 0);
    }
}
