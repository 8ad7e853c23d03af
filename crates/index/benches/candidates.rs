//! Candidate lookup over all bundled lists: `cargo bench -p interdict-index`.
//!
//! * `candidates`: [`NameIndex::candidates`] with the limit and floor the
//!   matcher uses, on queries romanised outside the timed loop.
//! * `typo`: finding the vocabulary tokens a slip or two from a query token,
//!   with the index's deletion dictionary and, for comparison, with an
//!   `fst::Set` of the same vocabulary searched by fst's Levenshtein
//!   automaton (which counts two swapped letters as two edits).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use fst::automaton::Levenshtein;
use fst::{IntoStreamer, Set, Streamer};
use interdict_index::NameIndex;
use interdict_names::latin_forms;

/// Queries covering the index's paths: exact rare tokens, typos in rare
/// tokens, names made only of common tokens, a company, Han and Cyrillic.
const QUERIES: &[(&str, &str)] = &[
    ("exact", "Zhu Hailun"),
    ("typo_surname", "Emmanuel Marcon"),
    ("typo_two_edits", "Igor Sechev"),
    ("common_tokens", "Mohammed Ali"),
    ("arabic_long", "Abu Bakr al Baghdadi al Husseini al Qurashi"),
    ("company", "Rosneft Oil Company"),
    ("han", "朱海仑"),
    ("cyrillic", "Сергей Викторович Лавров"),
    ("unlisted", "Angela Merkel"),
];

/// Query tokens for the typo group: short, typical and long.
const TYPO_TOKENS: &[&str] = &["zhu", "marcon", "sechev", "vladimirovihc"];

fn bench(c: &mut Criterion) {
    let entities: Vec<_> = match interdict_catalog::Manifest::bundled().and_then(|m| m.load()) {
        Ok(sources) => sources.into_iter().flat_map(|s| s.entities).collect(),
        Err(error) => panic!("the bundled lists do not load: {error}"),
    };
    let index = NameIndex::build(&entities);
    let mut group = c.benchmark_group("candidates");
    for &(label, name) in QUERIES {
        let forms = latin_forms(name);
        group.bench_function(label, |b| {
            b.iter(|| black_box(index.candidates(black_box(&forms), 200, 0.3)))
        });
    }
    group.finish();

    let mut vocabulary: Vec<&str> = index.vocabulary().collect();
    vocabulary.sort_unstable();
    let set = match Set::from_iter(vocabulary) {
        Ok(set) => set,
        Err(error) => panic!("the vocabulary does not make an fst: {error}"),
    };
    let mut group = c.benchmark_group("typo");
    for token in TYPO_TOKENS {
        group.bench_function(format!("deletions/{token}"), |b| {
            b.iter(|| black_box(index.typo_neighbours(black_box(token))))
        });
        for distance in [1, 2] {
            group.bench_function(format!("levenshtein_{distance}/{token}"), |b| {
                b.iter(|| {
                    let Ok(automaton) = Levenshtein::new(black_box(token), distance) else {
                        return 0;
                    };
                    let mut stream = set.search(automaton).into_stream();
                    let mut found = 0;
                    while stream.next().is_some() {
                        found += 1;
                    }
                    black_box(found)
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
