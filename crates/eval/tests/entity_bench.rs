//! The entity benchmark on the real `checks.yml` in `shared/data`: every
//! check is read, and accuracy does not fall below what was measured.

use std::path::Path;

use interdict_eval::entity_bench::{read_checks, run};
use interdict_matcher::{DEFAULT_THRESHOLD, Screener};

const CHECKS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/eval/nomenklatura_entity_bench/checks.yml"
);

/// Measured 0.820 (187 of 228) with equal name-word weights, as `interdict
/// eval entities` runs by default; a regression guard, not a goal (issue 5
/// asks for 0.95).
const ACCURACY_FLOOR: f64 = 0.80;

#[test]
fn every_check_is_read_and_accuracy_holds() {
    let checks = read_checks(Path::new(CHECKS)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(checks.len(), 228);
    assert_eq!(checks.iter().filter(|c| c.is_match).count(), 127);
    let report = run(&Screener::new(Vec::new()), &checks, DEFAULT_THRESHOLD);
    assert_eq!(report.overall.cases, 228);
    assert!(
        report.overall.accuracy >= ACCURACY_FLOOR,
        "accuracy {:.3} fell below {ACCURACY_FLOOR}; wrong: {:?}",
        report.overall.accuracy,
        report
            .errors
            .iter()
            .map(|e| (e.check, &e.query, &e.candidate, e.decision.score))
            .collect::<Vec<_>>()
    );
}
