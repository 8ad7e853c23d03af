//! Global consolidation of the bundled lists:
//! `cargo bench -p interdict-matcher --bench consolidate`.
//!
//! Prints how long clustering every bundled record into subjects takes
//! (with and without the UN references as evidence) and how many subjects
//! it makes. A whole run takes seconds, so it is timed a few times rather
//! than sampled by criterion.

use std::time::Instant;

use interdict_catalog::Manifest;
use interdict_matcher::Screener;
use interdict_matcher::consolidate::Evidence;

const RUNS: usize = 3;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let entities = Manifest::bundled()?
        .load()?
        .into_iter()
        .flat_map(|source| source.entities)
        .collect();
    let screener = Screener::new(entities);
    println!(
        "loaded and indexed {} records in {:.2} s",
        screener.entities().len(),
        started.elapsed().as_secs_f64()
    );
    for un_references in [false, true] {
        let mut times = Vec::new();
        let mut subjects = 0;
        let mut on_several = 0;
        for _ in 0..RUNS {
            let started = Instant::now();
            let consolidation = screener.consolidate(&[], Evidence { un_references });
            times.push(started.elapsed().as_secs_f64());
            subjects = consolidation.subjects().len();
            on_several = consolidation
                .subjects()
                .iter()
                .filter(|subject| subject.members.len() > 1)
                .count();
        }
        times.sort_by(f64::total_cmp);
        println!(
            "consolidate (UN references {}): {subjects} subjects, {on_several} of several records; \
             median {:.2} s, best {:.2} s of {RUNS} runs",
            if un_references { "used" } else { "unused" },
            times.get(RUNS / 2).copied().unwrap_or_default(),
            times.first().copied().unwrap_or_default(),
        );
    }
    Ok(())
}
