//! Counting right and wrong decisions, and the figures derived from them.

use serde::Serialize;

/// Decisions against the truth: true and false positives and negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Confusion {
    /// Predicted a match, and it is one.
    pub true_positives: usize,
    /// Predicted a match, and it is not one.
    pub false_positives: usize,
    /// Predicted no match, and there is none.
    pub true_negatives: usize,
    /// Predicted no match, and there is one.
    pub false_negatives: usize,
}

impl Confusion {
    /// Counts one decision.
    pub fn add(&mut self, predicted: bool, actual: bool) {
        match (predicted, actual) {
            (true, true) => self.true_positives += 1,
            (true, false) => self.false_positives += 1,
            (false, false) => self.true_negatives += 1,
            (false, true) => self.false_negatives += 1,
        }
    }

    /// Counts every `(score, actual)` pair, predicting a match at or above
    /// `threshold`.
    pub fn at_threshold(scored: &[(f32, bool)], threshold: f32) -> Self {
        let mut confusion = Self::default();
        for &(score, actual) in scored {
            confusion.add(score >= threshold, actual);
        }
        confusion
    }

    /// Number of decisions.
    pub fn total(&self) -> usize {
        self.true_positives + self.false_positives + self.true_negatives + self.false_negatives
    }

    /// Share of predicted matches that are matches (1 when none predicted).
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    /// Share of matches that were predicted (1 when there are none).
    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Share of decisions that were right.
    pub fn accuracy(&self) -> f64 {
        ratio(self.true_positives + self.true_negatives, self.total())
    }

    /// The figures, for printing.
    pub fn scores(&self) -> Scores {
        Scores {
            cases: self.total(),
            precision: self.precision(),
            recall: self.recall(),
            f1: self.f1(),
            accuracy: self.accuracy(),
            tp: self.true_positives,
            fp: self.false_positives,
            tn: self.true_negatives,
            fn_: self.false_negatives,
        }
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

/// Precision, recall, F1 and accuracy with the counts behind them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    /// Number of decisions.
    pub cases: usize,
    /// Share of predicted matches that are matches.
    pub precision: f64,
    /// Share of matches predicted.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Share of decisions that were right.
    pub accuracy: f64,
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// True negatives.
    pub tn: usize,
    /// False negatives.
    #[serde(rename = "fn")]
    pub fn_: usize,
}

/// The threshold that gives the best F1 on `scored`, trying every score that
/// occurs (ties broken towards the higher threshold, which alerts less).
pub fn best_threshold(scored: &[(f32, bool)]) -> (f32, Confusion) {
    let mut candidates: Vec<f32> = scored.iter().map(|&(score, _)| score).collect();
    candidates.sort_by(|a, b| b.total_cmp(a));
    candidates.dedup();
    let mut best = (1.0, Confusion::at_threshold(scored, 1.0));
    for threshold in candidates {
        let confusion = Confusion::at_threshold(scored, threshold);
        if confusion.f1() > best.1.f1() {
            best = (threshold, confusion);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_from_counts() {
        let mut confusion = Confusion::default();
        for (predicted, actual) in [
            (true, true),
            (true, true),
            (true, false),
            (false, true),
            (false, false),
        ] {
            confusion.add(predicted, actual);
        }
        assert_eq!(confusion.total(), 5);
        assert!((confusion.precision() - 2.0 / 3.0).abs() < 1e-9);
        assert!((confusion.recall() - 2.0 / 3.0).abs() < 1e-9);
        assert!((confusion.f1() - 2.0 / 3.0).abs() < 1e-9);
        assert!((confusion.accuracy() - 0.6).abs() < 1e-9);
    }

    #[test]
    fn the_best_threshold_separates_what_can_be_separated() {
        let scored = [
            (0.95, true),
            (0.9, true),
            (0.85, false),
            (0.8, true),
            (0.3, false),
        ];
        let (threshold, confusion) = best_threshold(&scored);
        assert_eq!(threshold, 0.8);
        assert_eq!(confusion.false_negatives, 0);
        assert_eq!(confusion.false_positives, 1);
        let perfect = [(0.9, true), (0.2, false)];
        assert_eq!(best_threshold(&perfect).0, 0.9);
    }
}
