//! Plain-text tables for evaluation reports.

use std::fmt::Write as _;

use crate::metrics::Scores;

/// A table: a header row and rows of cells, printed with aligned columns
/// (text left, numbers right).
#[derive(Debug, Clone, Default)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column titles.
    pub fn new(header: &[&str]) -> Self {
        Self {
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// The table as text.
    pub fn render(&self) -> String {
        let columns = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let mut out = String::new();
        let line = |out: &mut String, cells: &[String]| {
            let rendered: Vec<String> = cells
                .iter()
                .take(columns)
                .enumerate()
                .map(|(i, cell)| {
                    let width = widths.get(i).copied().unwrap_or(0);
                    if i > 0 && is_number(cell) {
                        format!("{cell:>width$}")
                    } else {
                        format!("{cell:<width$}")
                    }
                })
                .collect();
            let _ = writeln!(out, "{}", rendered.join("  ").trim_end());
        };
        line(&mut out, &self.header);
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        line(&mut out, &rule);
        for row in &self.rows {
            line(&mut out, row);
        }
        out
    }
}

fn is_number(cell: &str) -> bool {
    !cell.is_empty()
        && cell
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '%' | '-' | ','))
}

/// Precision, recall, F1 and the case count as four cells.
pub fn score_cells(scores: &Scores) -> Vec<String> {
    vec![
        format!("{:.3}", scores.precision),
        format!("{:.3}", scores.recall),
        format!("{:.3}", scores.f1),
        scores.cases.to_string(),
    ]
}

/// Four empty cells, where a reference has no figures.
pub fn blank_cells() -> Vec<String> {
    vec!["-".to_owned(); 4]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_text_left_and_numbers_right() {
        let mut table = Table::new(&["group", "f1"]);
        table.row(vec!["nk_checks".into(), "0.9".into()]);
        table.row(vec!["all".into(), "0.925".into()]);
        assert_eq!(
            table.render(),
            "group      f1\n---------  -----\nnk_checks    0.9\nall        0.925\n"
        );
    }
}
