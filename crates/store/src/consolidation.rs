//! Analysts' decisions on consolidated subjects: two records that the
//! clustering joined but are two subjects (a split), or that it left apart
//! but are one (a merge). Each decision names the two records, the analyst
//! and why, and goes into the audit log in the same transaction. The latest
//! decision on a pair holds; [`Store::pair_decisions`] hands them to
//! [`interdict_matcher::Screener::consolidate`].

use interdict_matcher::consolidate::{DecisionKind, PairDecision};
use serde::Serialize;
use serde_json::json;

use crate::audit::append_in;
use crate::backend::{DbError, Row, params};
use crate::versions::time_column;
use crate::{SqlContext as _, Store, StoreError, Timestamp};

/// A recorded decision on two records.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubjectDecision {
    /// Its number.
    pub id: i64,
    /// Split or merge.
    pub decision: DecisionKind,
    /// One record's id (the smaller).
    pub a: String,
    /// The other's.
    pub b: String,
    /// Why.
    pub comment: String,
    /// Who decided.
    pub actor: String,
    /// When.
    pub decided_at: Timestamp,
    /// The audit log row that records it.
    pub audit_seq: i64,
}

impl Store {
    /// Records that records `a` and `b` are two subjects (a split) or one
    /// (a merge), and the decision in the audit log, in one transaction.
    /// The comment is required.
    pub fn decide_subjects(
        &mut self,
        decision: DecisionKind,
        a: &str,
        b: &str,
        comment: &str,
        actor: &str,
    ) -> Result<SubjectDecision, StoreError> {
        let (a, b) = (a.trim(), b.trim());
        if a.is_empty() || b.is_empty() {
            return Err(StoreError::BadDecision(
                "give the ids of two records".to_owned(),
            ));
        }
        if a == b {
            return Err(StoreError::BadDecision(format!(
                "{a} and {b} are one record: give two"
            )));
        }
        if comment.trim().is_empty() {
            return Err(StoreError::BadDecision(
                "the comment is empty: say why".to_owned(),
            ));
        }
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        let now = self.now();
        let (id, entry) = self.write("recording a subject decision", |tx| {
            let entry = append_in(
                tx,
                now,
                actor,
                "subject_decision",
                &json!({
                    "decision": decision,
                    "entity_a": a,
                    "entity_b": b,
                    "comment": comment,
                }),
            )?;
            let id = tx
                .query_one(
                    "INSERT INTO subject_decision (decision, entity_a, entity_b, comment, actor, \
                     decided_at, audit_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
                    params![
                        decision.id(),
                        a,
                        b,
                        comment,
                        actor,
                        now.to_string(),
                        entry.seq
                    ],
                )
                .and_then(|row| row.int(0))
                .sql("recording a subject decision")?;
            Ok((id, entry))
        })?;
        Ok(SubjectDecision {
            id,
            decision,
            a: a.to_owned(),
            b: b.to_owned(),
            comment: comment.to_owned(),
            actor: actor.to_owned(),
            decided_at: now,
            audit_seq: entry.seq,
        })
    }

    /// The decision that holds on each pair of records (the latest), in
    /// the order they were made.
    pub fn subject_decisions(&self) -> Result<Vec<SubjectDecision>, StoreError> {
        self.db()
            .query(
                "SELECT id, decision, entity_a, entity_b, comment, actor, decided_at, audit_seq \
                 FROM subject_decision d WHERE id = (SELECT MAX(id) FROM subject_decision \
                 WHERE entity_a = d.entity_a AND entity_b = d.entity_b) ORDER BY id",
                params![],
            )
            .and_then(|rows| rows.iter().map(decision_from_row).collect())
            .sql("reading subject decisions")
    }

    /// The decisions that hold, as the clustering takes them.
    pub fn pair_decisions(&self) -> Result<Vec<PairDecision>, StoreError> {
        Ok(self
            .subject_decisions()?
            .into_iter()
            .map(|d| PairDecision {
                kind: d.decision,
                a: d.a,
                b: d.b,
                comment: d.comment,
            })
            .collect())
    }
}

/// A `subject_decision` row, in the order the query above selects.
fn decision_from_row(row: &Row) -> Result<SubjectDecision, DbError> {
    let text = row.text(1)?;
    let decision = DecisionKind::parse(&text).ok_or_else(|| DbError::Column {
        column: 1,
        expected: "split or merge",
        found: text.clone(),
    })?;
    Ok(SubjectDecision {
        id: row.int(0)?,
        decision,
        a: row.text(2)?,
        b: row.text(3)?,
        comment: row.text(4)?,
        actor: row.text(5)?,
        decided_at: time_column(row, 6)?,
        audit_seq: row.int(7)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{TestBackend, TestStore};

    crate::on_both_backends!(
        decisions_are_stored_audited_and_the_latest_holds,
        a_decision_needs_a_comment_and_two_records,
    );

    fn decisions_are_stored_audited_and_the_latest_holds(backend: TestBackend) {
        let Some(place) = TestStore::new(backend) else {
            return;
        };
        let mut store = place.open();
        let split = store
            .decide_subjects(
                DecisionKind::Split,
                "un_sc:LYe.001",
                "gb_ofsi:13300",
                "Derna and Benghazi are two groups",
                "ana",
            )
            .unwrap();
        // Stored with the smaller id first.
        assert_eq!(
            (split.a.as_str(), split.b.as_str()),
            ("gb_ofsi:13300", "un_sc:LYe.001")
        );
        store
            .decide_subjects(
                DecisionKind::Merge,
                "eu_fsf:EU.1",
                "us_ofac_sdn:2",
                "same passport",
                "ben",
            )
            .unwrap();
        let merged_back = store
            .decide_subjects(
                DecisionKind::Merge,
                "gb_ofsi:13300",
                "un_sc:LYe.001",
                "was right after all",
                "ana",
            )
            .unwrap();
        let held = store.pair_decisions().unwrap();
        assert_eq!(held.len(), 2, "{held:?}");
        assert!(
            held.iter().all(|d| d.kind == DecisionKind::Merge),
            "{held:?}"
        );
        assert!(held.iter().any(|d| d.comment == "was right after all"));

        let entries = store.audit_entries(1, 10).unwrap();
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].kind, "subject_decision");
        assert_eq!(entries[0].body["decision"], "split");
        assert_eq!(entries[2].seq, merged_back.audit_seq);
        assert_eq!(entries[2].actor, "ana");
        assert!(store.verify_audit().unwrap().first_bad.is_none());
    }

    fn a_decision_needs_a_comment_and_two_records(backend: TestBackend) {
        let Some(place) = TestStore::new(backend) else {
            return;
        };
        let mut store = place.open();
        for (a, b, comment) in [
            ("a:1", "b:2", " "),
            ("a:1", "a:1", "why"),
            ("", "b:2", "why"),
        ] {
            let error = store
                .decide_subjects(DecisionKind::Split, a, b, comment, "ana")
                .unwrap_err();
            assert!(matches!(error, StoreError::BadDecision(_)), "{error}");
        }
        assert!(store.subject_decisions().unwrap().is_empty());
        assert!(store.audit_entries(1, 10).unwrap().is_empty());
    }
}
