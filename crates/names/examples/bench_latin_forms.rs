//! Times `latin_forms` over a file of names, one per line.
//!
//! `cargo run --release -p interdict-names --example bench_latin_forms -- names.txt`

use std::time::Instant;

fn main() -> std::io::Result<()> {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: bench_latin_forms NAMES_FILE");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(path)?;
    let names: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut sets: Vec<(String, Vec<&str>)> = vec![
        ("all".into(), names.clone()),
        (
            "ASCII".into(),
            names.iter().copied().filter(|n| n.is_ascii()).collect(),
        ),
    ];
    for name in names.iter().copied().filter(|n| !n.is_ascii()) {
        let script = interdict_names::dominant_script(name).unwrap_or("none");
        let label = format!("non-ASCII {script}");
        match sets.iter_mut().find(|(l, _)| *l == label) {
            Some((_, set)) => set.push(name),
            None => sets.push((label, vec![name])),
        }
    }
    // Warm the lazily built tables.
    names
        .iter()
        .for_each(|n| drop(interdict_names::latin_forms(n)));
    for (label, set) in &sets {
        let rounds = 5;
        let start = Instant::now();
        let mut forms = 0usize;
        for _ in 0..rounds {
            for name in set.iter() {
                forms += interdict_names::latin_forms(name).len();
            }
        }
        let elapsed = start.elapsed();
        let per_name = elapsed.as_secs_f64() * 1e6 / (rounds * set.len().max(1)) as f64;
        println!(
            "{label:>15}: {:>6} names, {:.2} forms/name, {per_name:.2} µs/name, {:.1} ms per pass",
            set.len(),
            forms as f64 / (rounds * set.len().max(1)) as f64,
            elapsed.as_secs_f64() * 1e3 / rounds as f64
        );
    }
    Ok(())
}
