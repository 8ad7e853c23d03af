//! Screening an Arrow record batch: one customer a row, its columns
//! recognised by name as `interdict batch` recognises a file's header (or
//! named by the caller), and out one row per hit, with the columns and
//! types of `interdict batch`'s Parquet output.

use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, Float32Array, RecordBatch, StringArray, StringBuilder, UInt32Array,
    UInt64Array,
};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Field as ArrowField, Schema, SchemaRef};
use interdict_batch::columns::{ColumnMap, Field};
use interdict_batch::record::Record;
use interdict_batch::{HitRow, Location, screen_record};
use interdict_matcher::{Options, Screener};

use crate::Error;

/// How a batch is screened.
#[derive(Debug, Clone)]
pub struct BatchScreening {
    /// Which column holds which field, beyond those recognised by name.
    pub columns: ColumnMap,
    /// Threshold and result limit.
    pub options: Options,
    /// Leave out values that cannot be read (and skip rows without a name)
    /// instead of failing the batch.
    pub lenient: bool,
    /// The number of the batch's first row, less one: the output's `row` is
    /// `first_row` plus the row's position in the batch, counted from 1,
    /// so a caller that numbers its batches gets the rows `interdict batch`
    /// would give for the whole input.
    pub first_row: u64,
}

/// The schema of the hits a batch gives: [`interdict_batch::output::COLUMNS`],
/// typed as in `interdict batch`'s Parquet output.
pub fn hits_schema() -> SchemaRef {
    let text = |name: &str| ArrowField::new(name, DataType::Utf8, false);
    Arc::new(Schema::new(vec![
        ArrowField::new("row", DataType::UInt64, false),
        ArrowField::new("key", DataType::Utf8, true),
        text("query_name"),
        ArrowField::new("rank", DataType::UInt32, false),
        text("entity_id"),
        text("entity_name"),
        text("schema"),
        text("sources"),
        text("matched_name"),
        ArrowField::new("score", DataType::Float32, false),
        ArrowField::new("name_score", DataType::Float32, false),
        text("features"),
        text("explanation"),
    ]))
}

/// How errors name the input: it has no file name.
const INPUT: &str = "record batch";

/// Reads the rows of `batch` as records: each recognised column cast to
/// text (dates print as `2021-03-22`), null cells left out.
pub fn records(
    batch: &RecordBatch,
    columns: &ColumnMap,
    first_row: u64,
) -> Result<Vec<Record>, Error> {
    let schema = batch.schema();
    let header: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    let resolved = columns.resolve(&header).map_err(|message| {
        // The message names the CLI's option; here a column is named in
        // `columns`.
        let message = message.replace("--name-column", "columns={'name': ...}");
        Error::Input(format!("{INPUT}: {message}"))
    })?;
    let mut texts: Vec<(Field, Arc<str>, StringArray)> = Vec::new();
    for (field, position, name) in resolved.columns {
        let column = batch.column(position);
        let text = cast(column, &DataType::Utf8).map_err(|e| {
            Error::Input(format!(
                "{INPUT}: column {name:?} ({}) cannot be read as text for the {field}: {e}",
                column.data_type()
            ))
        })?;
        let strings = text
            .as_any()
            .downcast_ref::<StringArray>()
            .cloned()
            .ok_or_else(|| {
                Error::Input(format!("{INPUT}: column {name:?} did not cast to text"))
            })?;
        texts.push((field, Arc::from(name.as_str()), strings));
    }
    Ok((0..batch.num_rows())
        .map(|index| {
            let mut record = Record::new(Location {
                row: first_row + index as u64 + 1,
                line: None,
            });
            for (field, column, strings) in &texts {
                if strings.is_valid(index) {
                    record.push_cell(*field, column, strings.value(index));
                }
            }
            record
        })
        .collect())
}

/// Screens every row of `batch`, in order, and returns its hits.
pub fn screen_batch(
    screener: &Screener,
    batch: &RecordBatch,
    screening: &BatchScreening,
) -> Result<RecordBatch, Error> {
    let mut rows = Vec::new();
    for record in records(batch, &screening.columns, screening.first_row)? {
        if let Some(prepared) = record.prepare(INPUT, screening.lenient)? {
            rows.extend(screen_record(
                screener,
                &prepared,
                &screening.options,
                INPUT,
            )?);
        }
    }
    hits_batch(&rows)
}

/// Hit rows as a record batch of [`hits_schema`].
pub fn hits_batch(rows: &[HitRow]) -> Result<RecordBatch, Error> {
    let text = |get: &dyn Fn(&HitRow) -> &str| -> ArrayRef {
        Arc::new(rows.iter().map(|r| Some(get(r))).collect::<StringArray>())
    };
    let mut keys = StringBuilder::new();
    for row in rows {
        keys.append_option(row.key.as_deref());
    }
    let explanations: Vec<String> = rows.iter().map(|r| r.explanation.to_string()).collect();
    let columns: Vec<ArrayRef> = vec![
        Arc::new(rows.iter().map(|r| r.row).collect::<UInt64Array>()),
        Arc::new(keys.finish()),
        text(&|r| &r.query_name),
        Arc::new(rows.iter().map(|r| r.rank).collect::<UInt32Array>()),
        text(&|r| &r.entity_id),
        text(&|r| &r.entity_name),
        text(&|r| &r.schema),
        text(&|r| &r.sources),
        text(&|r| &r.matched_name),
        Arc::new(rows.iter().map(|r| r.score).collect::<Float32Array>()),
        Arc::new(rows.iter().map(|r| r.name_score).collect::<Float32Array>()),
        text(&|r| &r.features),
        Arc::new(
            explanations
                .iter()
                .map(|e| Some(e.as_str()))
                .collect::<StringArray>(),
        ),
    ];
    RecordBatch::try_new(hits_schema(), columns)
        .map_err(|e| Error::Input(format!("cannot build the hits batch: {e}")))
}

#[cfg(test)]
mod tests {
    use arrow::array::{Date32Array, StringArray};
    use interdict_matcher::DEFAULT_THRESHOLD;

    use super::*;
    use crate::ListBundle;

    fn screener() -> Screener {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/lists/un_sc/2024-05-15/un_consolidated.xml.gz");
        let manifest =
            interdict_catalog::Manifest::from_files(&[(Some("un_sc".into()), path)]).unwrap();
        let bundle = ListBundle::from_sources(manifest.load().unwrap());
        Screener::new(bundle.entities)
    }

    fn screening() -> BatchScreening {
        BatchScreening {
            columns: ColumnMap::default(),
            options: Options {
                threshold: DEFAULT_THRESHOLD,
                limit: 10,
            },
            lenient: false,
            first_row: 0,
        }
    }

    fn customers(names: &[&str], days: &[Option<i32>]) -> RecordBatch {
        let schema = Arc::new(Schema::new(vec![
            ArrowField::new("customer_id", DataType::Utf8, false),
            ArrowField::new("full_name", DataType::Utf8, true),
            ArrowField::new("date_of_birth", DataType::Date32, true),
        ]));
        let ids: StringArray = (0..names.len()).map(|i| Some(format!("c{i}"))).collect();
        let names: StringArray = names.iter().map(|n| Some(*n)).collect();
        let days: Date32Array = days.iter().copied().collect();
        RecordBatch::try_new(schema, vec![Arc::new(ids), Arc::new(names), Arc::new(days)]).unwrap()
    }

    #[test]
    fn a_listed_person_in_a_batch_is_found_with_the_columns_of_batch_output() {
        // Aiman al-Zawahiri, UN QDi.006, born 1951-06-19: 1951-06-19 is day
        // -6771 of the Unix epoch.
        let batch = customers(
            &["Ayman al-Zawahiri", "Jane Ordinary-Customer"],
            &[Some(-6771), None],
        );
        let hits = screen_batch(&screener(), &batch, &screening()).unwrap();
        assert_eq!(hits.schema(), hits_schema());
        assert!(hits.num_rows() >= 1);
        let ids = hits
            .column(4)
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        assert!(
            (0..ids.len()).any(|i| ids.value(i) == "un_sc:QDi.006"),
            "{ids:?}"
        );
        let rows = hits
            .column(0)
            .as_any()
            .downcast_ref::<UInt64Array>()
            .unwrap();
        assert!(
            rows.iter().all(|row| row == Some(1)),
            "only the first row hits"
        );
        let keys = hits
            .column(1)
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        assert_eq!(keys.value(0), "c0");
        let explanation = hits
            .column(12)
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        let features = serde_json::from_str::<serde_json::Value>(explanation.value(0)).unwrap();
        assert!(
            features["features"].to_string().contains("1951-06-19"),
            "{features}"
        );
    }

    #[test]
    fn rows_are_numbered_from_the_batchs_first_row() {
        let batch = customers(
            &["Nobody In Particular", "Ayman al-Zawahiri"],
            &[None, None],
        );
        let mut screening = screening();
        screening.first_row = 1000;
        let hits = screen_batch(&screener(), &batch, &screening).unwrap();
        let rows = hits
            .column(0)
            .as_any()
            .downcast_ref::<UInt64Array>()
            .unwrap();
        assert!(!rows.is_empty() && rows.iter().all(|row| row == Some(1002)));
    }

    #[test]
    fn a_batch_without_a_name_column_is_refused_with_its_header() {
        let schema = Arc::new(Schema::new(vec![ArrowField::new(
            "surname_only",
            DataType::Utf8,
            false,
        )]));
        let batch =
            RecordBatch::try_new(schema, vec![Arc::new(StringArray::from(vec!["x"]))]).unwrap();
        let error = screen_batch(&screener(), &batch, &screening()).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("no name column") && message.contains("surname_only"),
            "{message}"
        );
    }

    #[test]
    fn an_unreadable_date_names_its_column_unless_lenient() {
        let schema = Arc::new(Schema::new(vec![
            ArrowField::new("name", DataType::Utf8, false),
            ArrowField::new("dob", DataType::Utf8, false),
        ]));
        let batch = RecordBatch::try_new(
            schema,
            vec![
                Arc::new(StringArray::from(vec!["Ayman al-Zawahiri"])),
                Arc::new(StringArray::from(vec!["the day before yesterday"])),
            ],
        )
        .unwrap();
        let message = screen_batch(&screener(), &batch, &screening())
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("row 1") && message.contains("dob"),
            "{message}"
        );
        let mut lenient = screening();
        lenient.lenient = true;
        let hits = screen_batch(&screener(), &batch, &lenient).unwrap();
        assert!(hits.num_rows() >= 1);
    }

    #[test]
    fn a_column_of_a_type_without_text_is_refused_by_name() {
        let schema = Arc::new(Schema::new(vec![
            ArrowField::new("name", DataType::Utf8, false),
            ArrowField::new(
                "country",
                DataType::Struct(vec![ArrowField::new("iso", DataType::Utf8, true)].into()),
                true,
            ),
        ]));
        let country = arrow::array::StructArray::from(vec![(
            Arc::new(ArrowField::new("iso", DataType::Utf8, true)),
            Arc::new(StringArray::from(vec!["IQ"])) as ArrayRef,
        )]);
        let batch = RecordBatch::try_new(
            schema,
            vec![
                Arc::new(StringArray::from(vec!["Ayman al-Zawahiri"])),
                Arc::new(country),
            ],
        )
        .unwrap();
        let message = screen_batch(&screener(), &batch, &screening())
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("\"country\"") && message.contains("text"),
            "{message}"
        );
    }
}
