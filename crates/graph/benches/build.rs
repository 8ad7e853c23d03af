//! Building the graph of every bundled list, as the server does each time
//! it loads them: `cargo bench -p interdict-graph`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use interdict_graph::SanctionsGraph;

fn bench(c: &mut Criterion) {
    let entities: Vec<_> = match interdict_catalog::Manifest::bundled().and_then(|m| m.load()) {
        Ok(sources) => sources.into_iter().flat_map(|s| s.entities).collect(),
        Err(error) => panic!("the bundled lists do not load: {error}"),
    };
    let mut group = c.benchmark_group("graph");
    group.sample_size(10);
    group.bench_function("build_bundled", |b| {
        b.iter(|| black_box(SanctionsGraph::build(black_box(&entities))))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
