//! Normalisation and transliteration: `cargo bench -p interdict-names`.
//!
//! * `normalize`: case folding, accents and punctuation of a Latin name.
//! * `latin_forms`: every romanisation of a name in each script interdict
//!   reads (what the index builds for every listed name, and screening for
//!   every query).
//! * `respellings`: a name respelled from the European conventions.
//! * `phonetic_keys`: the Double Metaphone keys of one token.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use interdict_names::{latin_forms, normalize, phonetic_keys, respellings};

/// One name in each script and romanisation the matcher handles.
const NAMES: &[(&str, &str)] = &[
    ("latin", "Reinhard Bütikofer"),
    ("han", "朱海仑"),
    ("cyrillic", "Сергей Викторович Лавров"),
    ("arabic", "أبو بكر البغدادي"),
    ("greek", "Αλέξης Τσίπρας"),
    ("hangul", "김정은"),
    (
        "company",
        "Obshchestvo s ogranichennoy otvetstvennostyu Rosneft",
    ),
];

fn bench(c: &mut Criterion) {
    c.bench_function("normalize/latin", |b| {
        b.iter(|| normalize(black_box("ZHU, Hailun (Dr.)")))
    });
    let mut group = c.benchmark_group("latin_forms");
    for (label, name) in NAMES {
        group.bench_function(*label, |b| b.iter(|| latin_forms(black_box(name))));
    }
    group.finish();
    c.bench_function("respellings/german", |b| {
        b.iter(|| respellings(black_box("Michail Sergejewitsch Gorbatschow")))
    });
    c.bench_function("phonetic_keys/token", |b| {
        b.iter(|| phonetic_keys(black_box("gorbachev")))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
