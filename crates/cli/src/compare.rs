//! `interdict compare`: score two names, or pairs of FollowTheMoney entities,
//! directly, without screening against lists.
//!
//! Each pair is scored with [`Screener::compare_pair`] (each side screened
//! against the other, the better direction counts), as `interdict eval
//! entities` scores its checks. No list is loaded unless asked: name words
//! then weigh equally (legal forms, titles and particles still less), where
//! screening weighs them by their rarity in the lists. `--rarity-from-lists`
//! loads the lists (bundled, or `--list`/`--manifest`) to weigh them as
//! screening does.

use std::fmt::Write as _;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use interdict_eval::entity_bench::{PairDecision, Side, decide};
use interdict_eval::name_bench::entity_named;
use interdict_matcher::{DEFAULT_THRESHOLD, Explanation, Screener};
use interdict_model::{Entity, NameKind, Schema};
use interdict_sources::ftm_json::{FtmEntityError, entity_from_value};
use serde::Serialize;
use serde_json::Value;

use crate::{Cli, Format};

#[derive(clap::Args)]
pub(crate) struct CompareArgs {
    /// The first name, in any script or order.
    #[arg(required_unless_present = "pairs", conflicts_with = "pairs")]
    left: Option<String>,
    /// The second name.
    #[arg(required_unless_present = "pairs")]
    right: Option<String>,
    /// What both names are of: Person, Organization, Company, LegalEntity,
    /// Vessel or Aircraft (FtM's Airplane and PublicBody too). Default:
    /// LegalEntity, a person or an organisation.
    #[arg(long, value_parser = parse_schema)]
    schema: Option<Schema>,
    /// Compare the pairs in FILE instead (`-`: standard input): JSON Lines
    /// or a JSON array of {"left": ENTITY, "right": ENTITY}, each entity in
    /// FollowTheMoney form; writes one JSON line per pair.
    #[arg(long, value_name = "FILE", conflicts_with = "schema")]
    pairs: Option<PathBuf>,
    /// Decide a match from this score.
    #[arg(long, default_value_t = DEFAULT_THRESHOLD)]
    threshold: f32,
    /// Weigh name words by their rarity in the lists, as screening does
    /// (loads the lists); without it they weigh equally.
    #[arg(long)]
    rarity_from_lists: bool,
    /// Output format of a comparison of two names (pairs are always JSON
    /// lines).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// A schema as interdict or FollowTheMoney names it, in any case.
fn parse_schema(text: &str) -> Result<Schema, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "airplane" => Ok(Schema::Aircraft),
        "publicbody" => Ok(Schema::Organization),
        _ => text.parse().map_err(|_| {
            format!(
                "{text:?} is not a schema: Person, Organization, Company, LegalEntity, Vessel or Aircraft"
            )
        }),
    }
}

/// Runs `interdict compare`.
pub(crate) fn run(cli: &Cli, args: &CompareArgs) -> Result<()> {
    if !(0.0..=1.0).contains(&args.threshold) {
        bail!("--threshold {} is outside 0 to 1", args.threshold);
    }
    let screener = if args.rarity_from_lists {
        crate::screener(cli)?
    } else {
        Screener::new(Vec::new())
    };
    if let Some(path) = &args.pairs {
        return compare_pairs(&screener, path, args.threshold);
    }
    let (Some(left), Some(right)) = (&args.left, &args.right) else {
        bail!("give two names, or --pairs FILE");
    };
    if left.trim().is_empty() || right.trim().is_empty() {
        bail!("a name to compare is empty");
    }
    let schema = args.schema.unwrap_or(Schema::LegalEntity);
    let decision = decide(
        &screener,
        &entity_named(left, schema),
        &entity_named(right, schema),
        args.threshold,
    );
    let report = NamesReport {
        left,
        right,
        schema,
        threshold: args.threshold,
        token_weights: if args.rarity_from_lists {
            "rarity in the lists"
        } else {
            "equal"
        },
        decision,
    };
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Table => print!("{}", report.to_text()),
    }
    Ok(())
}

/// A comparison of two names, as printed.
#[derive(Serialize)]
struct NamesReport<'a> {
    left: &'a str,
    right: &'a str,
    schema: Schema,
    threshold: f32,
    /// What name words weigh: `equal`, or their rarity in the lists.
    token_weights: &'static str,
    #[serde(flatten)]
    decision: PairDecision,
}

impl NamesReport<'_> {
    fn to_text(&self) -> String {
        let decision = &self.decision;
        let mut out = format!(
            "{:?} ~ {:?} ({})\nscore {:.2}: {} at threshold {:.2}\n",
            self.left,
            self.right,
            self.schema,
            decision.score,
            if decision.is_match {
                "a match"
            } else {
                "no match"
            },
            self.threshold
        );
        if let Some(reason) = &decision.reason {
            let _ = writeln!(out, "  {reason}");
        }
        if let Some(explanation) = &decision.explanation {
            for line in explanation_lines(explanation) {
                let _ = writeln!(out, "  {line}");
            }
        }
        let _ = writeln!(out, "  (name words weigh: {})", self.token_weights);
        out
    }
}

/// An explanation as lines of text: the name comparison token by token, then
/// each other feature with its effect.
pub(crate) fn explanation_lines(explanation: &Explanation) -> Vec<String> {
    let name = &explanation.name;
    let comparison = &name.comparison;
    let tokens: Vec<String> = comparison
        .tokens
        .iter()
        .map(|t| match &t.listed {
            Some(listed) => {
                format!("{}={} {:?} {:.2}", t.query, listed, t.kind, t.similarity).to_lowercase()
            }
            None => format!("{} missing", t.query),
        })
        .collect();
    let mut lines = vec![format!(
        "name {:.2}: {:?} ({}) matched {} {:?} as {:?}: {}",
        name.score,
        name.query_form,
        name.query_romanisation,
        name_kind_label(name.listed_kind),
        name.listed_name,
        name.listed_form,
        tokens.join(", ")
    )];
    let mut costs = Vec::new();
    if comparison.listed_coverage < 1.0 {
        costs.push(format!(
            "listed name {:.0}% covered",
            comparison.listed_coverage * 100.0
        ));
    }
    if !comparison.unmatched_listed.is_empty() {
        costs.push(format!(
            "unmatched: {}",
            comparison.unmatched_listed.join(" ")
        ));
    }
    if comparison.substitution > 0.0 {
        let reasons: Vec<&str> = [
            (comparison.legal_form_conflict, "legal forms differ"),
            (comparison.unmatched_number, "a number on one side only"),
            (comparison.extra_words > 0.0, "listed name has more words"),
            (
                comparison.given_name_as_middle,
                "first name matched a later listed name",
            ),
        ]
        .into_iter()
        .filter_map(|(applies, reason)| applies.then_some(reason))
        .collect();
        if reasons.is_empty() {
            costs.push(format!("substitutions -{:.2}", comparison.substitution));
        } else {
            costs.push(format!(
                "substitutions -{:.2} ({})",
                comparison.substitution,
                reasons.join(", ")
            ));
        }
    }
    if comparison.crossed_patronymic {
        costs.push("father and son the other way round".to_owned());
    }
    if !costs.is_empty() {
        lines.push(format!("  {}", costs.join("; ")));
    }
    for feature in &explanation.features {
        lines.push(format!(
            "{} {:+.2}: {}",
            feature.feature.replace('_', " "),
            feature.effect,
            feature.detail
        ));
    }
    lines
}

fn name_kind_label(kind: NameKind) -> &'static str {
    match kind {
        NameKind::Primary => "primary name",
        NameKind::Alias => "alias",
        NameKind::WeakAlias => "weak alias",
        NameKind::Former => "former name",
    }
}

/// One output line of `--pairs`.
#[derive(Serialize)]
struct PairLine {
    #[serde(skip_serializing_if = "Option::is_none")]
    left_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    right_id: Option<String>,
    #[serde(flatten)]
    decision: PairDecision,
}

/// Compares every pair of the file, writing one JSON line each as it goes.
fn compare_pairs(screener: &Screener, path: &Path, threshold: f32) -> Result<()> {
    let (label, input): (String, Box<dyn Read>) = if path == Path::new("-") {
        ("standard input".to_owned(), Box::new(io::stdin().lock()))
    } else {
        let file = std::fs::File::open(path)
            .with_context(|| format!("{}: cannot open", path.display()))?;
        (path.display().to_string(), Box::new(file))
    };
    let mut input = BufReader::new(input);
    let mut output = BufWriter::new(io::stdout().lock());
    let starts_with_array = input
        .fill_buf()
        .with_context(|| format!("{label}: cannot read"))?
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        == Some(&b'[');
    if starts_with_array {
        let mut text = String::new();
        input
            .read_to_string(&mut text)
            .with_context(|| format!("{label}: cannot read"))?;
        let pairs: Vec<Value> =
            serde_json::from_str(&text).with_context(|| format!("{label}: not a JSON array"))?;
        for (position, pair) in pairs.iter().enumerate() {
            let line = compare_pair_value(screener, pair, threshold)
                .with_context(|| format!("{label}: pair {} of the array", position + 1))?;
            if !write_line(&mut output, &line)? {
                return Ok(());
            }
        }
    } else {
        let mut number = 0u64;
        let mut text = String::new();
        loop {
            text.clear();
            number += 1;
            let read = input
                .read_line(&mut text)
                .with_context(|| format!("{label}: line {number}: cannot read"))?;
            if read == 0 {
                break;
            }
            if text.trim().is_empty() {
                continue;
            }
            let line = serde_json::from_str(text.trim())
                .context("not JSON")
                .and_then(|pair| compare_pair_value(screener, &pair, threshold))
                .with_context(|| format!("{label}: line {number}"))?;
            if !write_line(&mut output, &line)? {
                return Ok(());
            }
        }
    }
    match output.flush() {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => {
            Err(error).context("cannot write the output")
        }
        _ => Ok(()),
    }
}

/// Writes one JSON line; `false` when the reader has gone away (`| head`)
/// and there is no point going on.
fn write_line(output: &mut impl Write, line: &PairLine) -> Result<bool> {
    let written = serde_json::to_writer(&mut *output, line)
        .map_err(io::Error::from)
        .and_then(|()| output.write_all(b"\n"));
    match written {
        Ok(()) => Ok(true),
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(error) => Err(error).context("cannot write the output"),
    }
}

/// Compares one `{"left": ENTITY, "right": ENTITY}` object. A side whose
/// schema the model has no entity for (a `Sanction`, an `Address`) makes
/// the pair score 0 with the reason; other unreadable sides are errors.
fn compare_pair_value(screener: &Screener, pair: &Value, threshold: f32) -> Result<PairLine> {
    let Value::Object(object) = pair else {
        bail!("not a {{\"left\": ..., \"right\": ...}} object");
    };
    let side = |key: &str| -> Result<(Option<String>, Result<Entity, String>)> {
        let value = object
            .get(key)
            .with_context(|| format!("no {key:?} entity"))?;
        let id = value.get("id").and_then(Value::as_str).map(str::to_owned);
        match entity_from_value(value, key) {
            Ok(entity) => Ok((id, Ok(entity))),
            Err(error @ FtmEntityError::UnsupportedSchema(_)) => {
                Ok((id, Err(format!("{key}: {error}"))))
            }
            Err(error) => Err(error).with_context(|| format!("{key} entity")),
        }
    };
    let (left_id, left) = side("left")?;
    let (right_id, right) = side("right")?;
    let decision = match (left, right) {
        (Ok(left), Ok(right)) => decide(screener, &left, &right, threshold),
        (Err(reason), _) | (_, Err(reason)) => PairDecision {
            score: 0.0,
            is_match: false,
            reason: Some(reason),
            query_side: None::<Side>,
            explanation: None,
        },
    };
    Ok(PairLine {
        left_id,
        right_id,
        decision,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(json: &str) -> Result<PairLine> {
        let value: Value = serde_json::from_str(json)?;
        compare_pair_value(&Screener::new(Vec::new()), &value, DEFAULT_THRESHOLD)
    }

    #[test]
    fn schemas_by_interdict_and_ftm_names() {
        assert_eq!(parse_schema("Person"), Ok(Schema::Person));
        assert_eq!(parse_schema("vessel"), Ok(Schema::Vessel));
        assert_eq!(parse_schema("Airplane"), Ok(Schema::Aircraft));
        assert_eq!(parse_schema("PublicBody"), Ok(Schema::Organization));
        assert!(parse_schema("Sanction").is_err());
    }

    #[test]
    fn a_pair_of_ftm_entities_with_judgement_and_ids() -> Result<()> {
        let line = pair(concat!(
            r#"{"left":{"id":"a","schema":"Person","properties":{"name":["Vladimir Putin"],"birthDate":["1952-10-07"]}},"#,
            r#""right":{"id":"b","schema":"Person","properties":{"name":["Владимир Путин"],"birthDate":["1952"]}},"#,
            r#""judgement":"positive"}"#
        ))?;
        assert_eq!(line.left_id.as_deref(), Some("a"));
        assert_eq!(line.right_id.as_deref(), Some("b"));
        assert!(line.decision.is_match, "{}", line.decision.score);
        let json = serde_json::to_value(&line)?;
        assert_eq!(json["match"], true);
        assert!(json["explanation"]["name"]["score"].is_number(), "{json}");
        Ok(())
    }

    #[test]
    fn pairs_that_cannot_be_one_subject_score_zero_with_a_reason() -> Result<()> {
        let line = pair(
            r#"{"left":{"schema":"Person","properties":{"name":["Sea Star"]}},"right":{"schema":"Vessel","properties":{"name":["Sea Star"]}}}"#,
        )?;
        assert_eq!(line.decision.score, 0.0);
        assert_eq!(
            line.decision.reason.as_deref(),
            Some("a Person cannot be a Vessel")
        );
        let line = pair(
            r#"{"left":{"schema":"Security","properties":{"name":["X"]}},"right":{"schema":"Company","properties":{"name":["X"]}}}"#,
        )?;
        assert_eq!(line.decision.score, 0.0);
        assert!(
            line.decision
                .reason
                .as_deref()
                .is_some_and(|r| r.starts_with("left: schema \"Security\"")),
            "{:?}",
            line.decision.reason
        );
        Ok(())
    }

    #[test]
    fn malformed_pairs_are_errors() {
        let message = |json: &str| match pair(json) {
            Ok(_) => panic!("accepted {json}"),
            Err(error) => format!("{error:#}"),
        };
        assert_eq!(
            message("[1]"),
            "not a {\"left\": ..., \"right\": ...} object"
        );
        assert_eq!(
            message(r#"{"left":{"schema":"Person"}}"#),
            "no \"right\" entity"
        );
        assert_eq!(
            message(r#"{"left":{"schema":"Person","properties":{"name":[1]}},"right":{}}"#),
            "left entity: property \"name\" holds 1, not a string"
        );
    }

    #[test]
    fn explanations_read_as_lines() {
        let screener = Screener::new(Vec::new());
        let decision = decide(
            &screener,
            &entity_named("Olaf Scholze", Schema::Person),
            &entity_named("Olaf Scholz", Schema::Person),
            DEFAULT_THRESHOLD,
        );
        let explanation = decision
            .explanation
            .as_ref()
            .unwrap_or_else(|| panic!("explained"));
        let lines = explanation_lines(explanation);
        assert!(
            lines[0].starts_with("name ") && lines[0].contains("olaf=olaf exact 1.00"),
            "{lines:?}"
        );
    }
}
