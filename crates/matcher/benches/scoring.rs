//! Scoring: `cargo bench -p interdict-matcher`.
//!
//! * `compare`: two names token by token ([`name_score::compare`]), as the
//!   matcher compares a query form with a listed form.
//! * `screen`: one query against all bundled lists (candidates from the
//!   index, then exact scoring), for queries that hit and queries that do
//!   not.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use interdict_matcher::name_score::{NameStyle, WeightedToken, compare};
use interdict_matcher::{Options, Query, Screener};
use interdict_names::{PhoneticKeys, latin_forms, phonetic_keys, token_class};

/// Pairs of names the scorer sees: the same name, a typo, reordered words,
/// a dropped middle name, different people, and companies.
const PAIRS: &[(&str, &str, &str)] = &[
    ("same", "zhu hailun", "zhu hailun"),
    ("typo", "sergei lavorv", "sergey viktorovich lavrov"),
    ("reordered", "hailun zhu", "zhu hailun"),
    ("other_person", "igor sokolov", "igor ivanovich sechin"),
    ("company", "rosneft oil company", "rosneft oil co pjsc"),
];

/// Queries screened against the bundled lists.
const QUERIES: &[(&str, &str)] = &[
    ("listed", "Zhu Hailun"),
    ("listed_han", "朱海仑"),
    ("common_tokens", "Mohammed Ali"),
    ("unlisted", "Maria Clara Moura"),
];

/// A name's tokens, with their phonetic keys, weighing the same.
struct Tokens {
    tokens: Vec<String>,
    keys: Vec<PhoneticKeys>,
}

impl Tokens {
    fn new(name: &str) -> Self {
        let tokens = latin_forms(name)
            .into_iter()
            .next()
            .map(|f| f.tokens)
            .unwrap_or_default();
        let keys = tokens.iter().map(|t| phonetic_keys(t)).collect();
        Self { tokens, keys }
    }

    fn weighted(&self) -> Vec<WeightedToken<'_>> {
        self.tokens
            .iter()
            .zip(&self.keys)
            .map(|(t, &k)| WeightedToken::listed(t, k, 1.0, token_class(t)))
            .collect()
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("compare");
    for (label, query, listed) in PAIRS {
        let (q, l) = (Tokens::new(query), Tokens::new(listed));
        let (q, l) = (q.weighted(), l.weighted());
        group.bench_function(*label, |b| {
            b.iter(|| compare(black_box(&q), black_box(&l), NameStyle::Unknown))
        });
    }
    group.finish();

    let entities: Vec<_> = match interdict_catalog::Manifest::bundled().and_then(|m| m.load()) {
        Ok(sources) => sources.into_iter().flat_map(|s| s.entities).collect(),
        Err(error) => panic!("the bundled lists do not load: {error}"),
    };
    let screener = Screener::new(entities);
    let options = Options::default();
    let mut group = c.benchmark_group("screen");
    for (label, name) in QUERIES {
        let query = Query::name(name);
        group.bench_function(*label, |b| {
            b.iter(|| screener.screen(black_box(&query), &options))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
