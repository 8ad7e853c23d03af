//! Parsers for official sanctions list formats.
//!
//! Each format has its own module, named after the list and format
//! (`ofac_xml`, `eu_fsf_xml`, `un_sc_xml`, `ca_sema_xml`, `cn_sanctions_csv`).
//! Every parser streams its input, one record at a time, into
//! [`interdict_model::Entity`] values, and returns them with the list's own
//! metadata and any [`Warning`]s about values it kept as text.
//!
//! Parsers never panic on input. A file that cannot be read (malformed or
//! truncated XML, a missing column, invalid UTF-8) gives a [`SourceError`]
//! naming the file and the record, line or byte.

use std::io::BufRead;
use std::str::FromStr;

mod error;
mod fields;
pub mod input;
pub mod xml;

pub mod ca_sema_xml;
pub mod cn_sanctions_csv;
pub mod eu_fsf_xml;
pub mod ofac_xml;
pub mod un_sc_xml;

pub use error::{Location, SourceError, Warning};

use interdict_model::{Entity, PartialDate};

/// What a parser needs to know besides the bytes.
#[derive(Debug, Clone)]
pub struct Context {
    /// The source id that prefixes entity ids and names the listing's list
    /// (`us_ofac_sdn`, `eu_fsf`).
    pub source: String,
    /// How to name the file in errors and warnings.
    pub label: String,
}

impl Context {
    /// A context for `source`, reading the file called `label`.
    pub fn new(source: &str, label: &str) -> Self {
        Self {
            source: source.to_owned(),
            label: label.to_owned(),
        }
    }
}

/// What a list file holds.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// The list's own metadata.
    pub meta: ListMeta,
    /// Every entity, in the file's order.
    pub entities: Vec<Entity>,
    /// Values kept as text and records skipped.
    pub warnings: Vec<Warning>,
}

impl Parsed {
    /// Records a warning about `value` in `field` of `record`.
    pub fn warn(&mut self, record: &str, field: &str, value: &str, message: impl Into<String>) {
        self.warnings.push(Warning {
            record: record.to_owned(),
            field: field.to_owned(),
            value: value.to_owned(),
            message: message.into(),
        });
    }
}

/// Metadata a list states about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListMeta {
    /// The publication or generation date the file states.
    pub published: Option<PartialDate>,
    /// The number of records the file says it holds, where it says so.
    pub declared_count: Option<usize>,
}

/// The list formats interdict reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// OFAC legacy XML (`sdn.xml`, `consolidated.xml`).
    OfacXml,
    /// EU Financial Sanctions Files XML, version 1.1.
    EuFsfXml,
    /// UN Security Council consolidated list XML.
    UnScXml,
    /// Canada's consolidated autonomous sanctions list (`sema-lmes.xml`).
    CaSemaXml,
    /// China's counter-sanctions, as curated by OpenSanctions (CSV).
    CnSanctionsCsv,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 5] = [
        Format::OfacXml,
        Format::EuFsfXml,
        Format::UnScXml,
        Format::CaSemaXml,
        Format::CnSanctionsCsv,
    ];

    /// The format's identifier, as the manifest writes it.
    pub fn id(&self) -> &'static str {
        match self {
            Format::OfacXml => "ofac_xml",
            Format::EuFsfXml => "eu_fsf_xml",
            Format::UnScXml => "un_sc_xml",
            Format::CaSemaXml => "ca_sema_xml",
            Format::CnSanctionsCsv => "cn_sanctions_csv",
        }
    }

    /// Reads a whole list in this format.
    pub fn parse(&self, input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
        match self {
            Format::OfacXml => ofac_xml::parse(input, context),
            Format::EuFsfXml => eu_fsf_xml::parse(input, context),
            Format::UnScXml => un_sc_xml::parse(input, context),
            Format::CaSemaXml => ca_sema_xml::parse(input, context),
            Format::CnSanctionsCsv => cn_sanctions_csv::parse(input, context),
        }
    }
}

/// Why a text is not a format identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown list format {0:?}")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.id() == s.trim())
            .ok_or_else(|| UnknownFormat(s.to_owned()))
    }
}
