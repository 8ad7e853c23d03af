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
//! Terms are found through a `HashMap` rather than an `fst::Map`: on the
//! 54,000 distinct tokens of the bundled lists a hash lookup took 78 ns and an
//! `fst::Map::get` 250 ns, and [`crate::NameIndex::token_weight`] is called for
//! every token of every name the matcher scores. The vocabulary is small
//! (about 3 MB either way); the large typo dictionary is an fst (see
//! [`crate::typo`]).

use std::collections::HashMap;

/// Terms and, for each, the sorted ids of the forms holding it.
#[derive(Debug, Default)]
pub(crate) struct Postings {
    ids: HashMap<Box<str>, u32>,
    /// Where each term's run starts in `forms`; one more entry than terms.
    starts: Vec<u32>,
    forms: Vec<u32>,
}

impl Postings {
    /// The id of a term.
    pub(crate) fn id(&self, term: &str) -> Option<u32> {
        self.ids.get(term).copied()
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
        let terms: usize = self.ids.keys().map(|term| term.len()).sum();
        terms
            + self.ids.capacity() * (std::mem::size_of::<(Box<str>, u32)>() + 1)
            + (self.starts.capacity() + self.forms.capacity()) * 4
    }

    /// Every term with its id, in no particular order.
    pub(crate) fn terms(&self) -> impl Iterator<Item = (&str, u32)> {
        self.ids.iter().map(|(term, &id)| (&**term, id))
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

    /// The postings; each term's forms keep the order they were added in.
    pub(crate) fn finish(self) -> Postings {
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
        let mut ids = self.ids;
        ids.shrink_to_fit();
        Postings { ids, starts, forms }
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
}
