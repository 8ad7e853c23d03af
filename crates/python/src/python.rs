//! The Python module `interdict._native` (built by maturin with the
//! `python` feature). The package `python/interdict` re-exports it and adds
//! the Spark job.

use std::path::PathBuf;

use arrow::array::RecordBatch;
use arrow::pyarrow::PyArrowType;
use interdict_batch::columns::{ColumnMap, Field};
use interdict_batch::record::Record;
use interdict_batch::{Location, screen_record};
use interdict_matcher::{DEFAULT_THRESHOLD, Options, Screener};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::{BatchScreening, Error, ListBundle, ListSummary, screen_batch};

create_exception!(
    _native,
    InterdictError,
    PyException,
    "An error from interdict: bad input, lists that cannot be loaded, or a store that cannot be read."
);

impl From<Error> for PyErr {
    fn from(error: Error) -> Self {
        InterdictError::new_err(error.to_string())
    }
}

/// Lists loaded and indexed, ready to screen names and record batches.
#[pyclass(name = "Screener", module = "interdict._native", frozen)]
struct PyScreener {
    screener: Screener,
    lists: Vec<ListSummary>,
}

impl PyScreener {
    fn build(
        py: Python<'_>,
        load: impl FnOnce() -> Result<ListBundle, Error> + Send,
    ) -> PyResult<Self> {
        let bundle = py.detach(load)?;
        let lists = bundle.lists;
        let screener = py.detach(|| Screener::new(bundle.entities));
        Ok(Self { screener, lists })
    }
}

/// Reads `field=column` pairs (`{"name": "full_name"}`) into a column map.
fn column_map(columns: Option<Vec<(String, String)>>) -> PyResult<ColumnMap> {
    let mut map = ColumnMap::default();
    for (label, column) in columns.unwrap_or_default() {
        let field = Field::ALL
            .into_iter()
            .find(|f| f.label() == label)
            .ok_or_else(|| {
                let known: Vec<&str> = Field::ALL.iter().map(|f| f.label()).collect();
                InterdictError::new_err(format!(
                    "columns: unknown field {label:?} (known: {})",
                    known.join(", ")
                ))
            })?;
        map = map.with(field, &column);
    }
    Ok(map)
}

#[pymethods]
impl PyScreener {
    /// The lists built into interdict.
    #[staticmethod]
    fn bundled(py: Python<'_>) -> PyResult<Self> {
        Self::build(py, ListBundle::bundled)
    }

    /// The lists a manifest file (`manifest.toml`) names.
    #[staticmethod]
    fn from_manifest(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        Self::build(py, move || ListBundle::from_manifest(&path))
    }

    /// The versions an interdict store serves now.
    #[staticmethod]
    fn from_store(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        Self::build(py, move || ListBundle::from_store(&path))
    }

    /// Lists from bytes made by `to_bytes` (as a Spark broadcast carries
    /// them).
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: Vec<u8>) -> PyResult<Self> {
        Self::build(py, move || ListBundle::from_bytes(&data))
    }

    /// The lists and their entities as bytes, for `from_bytes` elsewhere.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = py.detach(|| {
            ListBundle {
                lists: self.lists.clone(),
                entities: self.screener.entities().to_vec(),
            }
            .to_bytes()
        })?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// The lists loaded, as JSON: source, title, published, content_hash,
    /// entities.
    fn lists_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.lists)
            .map_err(|e| InterdictError::new_err(format!("cannot describe the lists: {e}")))
    }

    /// How many entities are loaded.
    fn __len__(&self) -> usize {
        self.screener.entities().len()
    }

    /// Screens one subject; the hits as JSON, one object per hit with the
    /// columns of `interdict batch`'s output.
    #[pyo3(signature = (name, *, aliases=Vec::new(), birth_dates=Vec::new(), countries=Vec::new(), identifiers=Vec::new(), schema=None, key=None, threshold=DEFAULT_THRESHOLD, limit=10))]
    #[allow(clippy::too_many_arguments)]
    fn screen_json(
        &self,
        py: Python<'_>,
        name: &str,
        aliases: Vec<String>,
        birth_dates: Vec<String>,
        countries: Vec<String>,
        identifiers: Vec<String>,
        schema: Option<String>,
        key: Option<String>,
        threshold: f32,
        limit: usize,
    ) -> PyResult<String> {
        let mut record = Record::new(Location { row: 1, line: None });
        let mut cell = |field: Field, text: &str| {
            record.push_cell(field, &std::sync::Arc::from(field.label()), text);
        };
        cell(Field::Name, name);
        for (field, values) in [
            (Field::Alias, &aliases),
            (Field::BirthDate, &birth_dates),
            (Field::Country, &countries),
            (Field::Identifier, &identifiers),
        ] {
            for value in values {
                cell(field, value);
            }
        }
        if let Some(schema) = &schema {
            cell(Field::Schema, schema);
        }
        if let Some(key) = &key {
            cell(Field::Key, key);
        }
        let options = Options { threshold, limit };
        let rows = py.detach(|| -> Result<_, Error> {
            let Some(prepared) = record.prepare("query", false)? else {
                return Err(Error::Usage("the name is empty".into()));
            };
            Ok(screen_record(&self.screener, &prepared, &options, "query")?)
        })?;
        serde_json::to_string(&rows)
            .map_err(|e| InterdictError::new_err(format!("cannot write the hits: {e}")))
    }

    /// Screens every row of a `pyarrow.RecordBatch`; returns the hits as a
    /// `pyarrow.RecordBatch` with the columns of `interdict batch`'s output.
    #[pyo3(signature = (batch, *, columns=None, threshold=DEFAULT_THRESHOLD, limit=10, lenient=false, first_row=0))]
    #[allow(clippy::too_many_arguments)]
    fn screen_batch(
        &self,
        py: Python<'_>,
        batch: PyArrowType<RecordBatch>,
        columns: Option<Vec<(String, String)>>,
        threshold: f32,
        limit: usize,
        lenient: bool,
        first_row: u64,
    ) -> PyResult<PyArrowType<RecordBatch>> {
        let screening = BatchScreening {
            columns: column_map(columns)?,
            options: Options { threshold, limit },
            lenient,
            first_row,
        };
        let hits = py.detach(|| screen_batch(&self.screener, &batch.0, &screening))?;
        Ok(PyArrowType(hits))
    }
}

/// The hits schema as a `pyarrow.Schema`.
#[pyfunction]
fn hits_schema() -> PyArrowType<arrow::datatypes::Schema> {
    PyArrowType(crate::hits_schema().as_ref().clone())
}

/// interdict's matching core.
#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<PyScreener>()?;
    module.add_function(wrap_pyfunction!(hits_schema, module)?)?;
    module.add("InterdictError", module.py().get_type::<InterdictError>())?;
    module.add("DEFAULT_THRESHOLD", DEFAULT_THRESHOLD)?;
    module.add("VERSION", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
