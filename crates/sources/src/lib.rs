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

use std::fmt;
use std::io::BufRead;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

mod csv_table;
mod error;
mod fields;
mod grouped;
pub mod input;
mod ofac_facts;
mod xlsx;
pub mod xml;

pub mod au_dfat_xlsx;
pub mod ca_sema_xml;
pub mod ch_seco_xml;
pub mod cn_sanctions_csv;
pub mod detect;
pub mod eu_fsf_legacy_xml;
pub mod eu_fsf_xml;
pub mod ftm_json;
pub mod ftm_simple_csv;
pub mod gb_fcdo_xml;
pub mod gb_ofsi_conlist;
pub mod ofac_advanced_xml;
pub mod ofac_csv;
pub mod ofac_enhanced_xml;
pub mod ofac_xml;
pub mod un_sc_xml;
pub mod us_bis_dpl_txt;
pub mod us_csl_csv;
pub mod us_dod_1260h_csv;
pub mod user_list;

pub use error::{Location, SourceError, Warning};

use interdict_model::{Authority, Entity, PartialDate};

/// What a parser needs to know besides the bytes.
#[derive(Clone)]
pub struct Context {
    /// The source id that prefixes entity ids and names the listing's list
    /// (`us_ofac_sdn`, `eu_fsf`).
    pub source: String,
    /// How to name the file in errors and warnings.
    pub label: String,
    /// The files that come with the main one, for formats published as a
    /// set (OFAC's legacy CSV: `sdn.csv` with `add.csv`, `alt.csv` and
    /// `sdn_comments.csv`).
    pub companions: Option<Arc<dyn Companions>>,
}

impl Context {
    /// A context for `source`, reading the file called `label`.
    pub fn new(source: &str, label: &str) -> Self {
        Self {
            source: source.to_owned(),
            label: label.to_owned(),
            companions: None,
        }
    }

    /// The same context, able to open the main file's companions.
    pub fn with_companions(mut self, companions: Arc<dyn Companions>) -> Self {
        self.companions = Some(companions);
        self
    }
}

impl fmt::Debug for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Context")
            .field("source", &self.source)
            .field("label", &self.label)
            .field(
                "companions",
                &self.companions.as_ref().map(|c| c.describe()),
            )
            .finish()
    }
}

/// Opens the files published with a list's main file.
pub trait Companions: Send + Sync {
    /// Opens the companion called `name` (`add.csv`), decompressed if it is
    /// gzip, or `Ok(None)` when there is no such file.
    fn open(&self, name: &str) -> Result<Option<Box<dyn BufRead + Send + '_>>, SourceError>;

    /// Where the companions are, for messages.
    fn describe(&self) -> String;
}

/// Companions in a folder on disk: `name`, or else `name.gz`.
#[derive(Debug, Clone)]
pub struct Directory(pub PathBuf);

impl Companions for Directory {
    fn open(&self, name: &str) -> Result<Option<Box<dyn BufRead + Send + '_>>, SourceError> {
        for candidate in [name.to_owned(), format!("{name}.gz")] {
            let path = self.0.join(&candidate);
            if path.is_file() {
                return input::open(&path).map(Some);
            }
        }
        Ok(None)
    }

    fn describe(&self) -> String {
        self.0.display().to_string()
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

/// The list formats interdict reads. They serialise as their [`Format::id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// OFAC legacy XML (`sdn.xml`, `consolidated.xml`).
    OfacXml,
    /// OFAC legacy CSV set (`sdn.csv` with `add.csv`, `alt.csv`, `sdn_comments.csv`; or the `cons_*.csv` set).
    OfacCsv,
    /// OFAC Advanced Sanctions Data Model XML (`SDN_ADVANCED.XML`, `cons_advanced.xml`).
    OfacAdvancedXml,
    /// OFAC Enhanced XML (`SDN_ENHANCED.XML`, or the `.ZIP` holding it).
    OfacEnhancedXml,
    /// EU Financial Sanctions Files XML, version 1.1.
    EuFsfXml,
    /// EU consolidated list in the retired XML 1.0 format (`WHOLE`/`ENTITY`).
    EuFsfLegacyXml,
    /// UN Security Council consolidated list XML.
    UnScXml,
    /// UK HM Treasury OFSI consolidated list (`ConList.xlsx` or `ConList.csv`).
    GbOfsiConlist,
    /// UK FCDO "UK Sanctions List" XML (`Designations`).
    GbFcdoXml,
    /// Canada's consolidated autonomous sanctions list (`sema-lmes.xml`).
    CaSemaXml,
    /// Switzerland SECO sanctions XML (`swiss-sanctions-list`).
    ChSecoXml,
    /// Australia DFAT consolidated list (`regulation8_consolidated.xlsx`).
    AuDfatXlsx,
    /// US trade.gov Consolidated Screening List CSV.
    UsCslCsv,
    /// US DoD Section 1260H Chinese military companies (CSV, as curated by OpenSanctions).
    UsDod1260hCsv,
    /// US BIS Denied Persons List (`dpl.txt`, tab-separated).
    UsBisDplTxt,
    /// China's counter-sanctions, as curated by OpenSanctions (CSV).
    CnSanctionsCsv,
    /// FollowTheMoney entities as JSON lines: `entities.ftm.json`, `.ijson`, the delta stream and `targets.nested.json`.
    FtmJson,
    /// OpenSanctions' `targets.simple.csv`.
    FtmSimpleCsv,
    /// A user's own list in interdict's documented CSV layout.
    UserCsv,
    /// A user's own list in interdict's documented YAML layout.
    UserYaml,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 20] = [
        Format::OfacXml,
        Format::OfacCsv,
        Format::OfacAdvancedXml,
        Format::OfacEnhancedXml,
        Format::EuFsfXml,
        Format::EuFsfLegacyXml,
        Format::UnScXml,
        Format::GbOfsiConlist,
        Format::GbFcdoXml,
        Format::CaSemaXml,
        Format::ChSecoXml,
        Format::AuDfatXlsx,
        Format::UsCslCsv,
        Format::UsDod1260hCsv,
        Format::UsBisDplTxt,
        Format::CnSanctionsCsv,
        Format::FtmJson,
        Format::FtmSimpleCsv,
        Format::UserCsv,
        Format::UserYaml,
    ];

    /// The format's identifier, as the manifest writes it.
    pub fn id(&self) -> &'static str {
        match self {
            Format::OfacXml => "ofac_xml",
            Format::OfacCsv => "ofac_csv",
            Format::OfacAdvancedXml => "ofac_advanced_xml",
            Format::OfacEnhancedXml => "ofac_enhanced_xml",
            Format::EuFsfXml => "eu_fsf_xml",
            Format::EuFsfLegacyXml => "eu_fsf_legacy_xml",
            Format::UnScXml => "un_sc_xml",
            Format::GbOfsiConlist => "gb_ofsi_conlist",
            Format::GbFcdoXml => "gb_fcdo_xml",
            Format::CaSemaXml => "ca_sema_xml",
            Format::ChSecoXml => "ch_seco_xml",
            Format::AuDfatXlsx => "au_dfat_xlsx",
            Format::UsCslCsv => "us_csl_csv",
            Format::UsDod1260hCsv => "us_dod_1260h_csv",
            Format::UsBisDplTxt => "us_bis_dpl_txt",
            Format::CnSanctionsCsv => "cn_sanctions_csv",
            Format::FtmJson => "ftm_json",
            Format::FtmSimpleCsv => "ftm_simple_csv",
            Format::UserCsv => "user_csv",
            Format::UserYaml => "user_yaml",
        }
    }

    /// The authority whose list this format is, for formats that belong to
    /// one (for the US CSL, its publisher, trade.gov); none for formats that
    /// carry several authorities' listings (FollowTheMoney, China's list, a
    /// user's list).
    pub fn authority(&self) -> Option<Authority> {
        Some(match self {
            Format::OfacXml
            | Format::OfacCsv
            | Format::OfacAdvancedXml
            | Format::OfacEnhancedXml => Authority::UsOfac,
            Format::EuFsfXml | Format::EuFsfLegacyXml => Authority::Eu,
            Format::UnScXml => Authority::UnSc,
            Format::GbOfsiConlist => Authority::GbOfsi,
            Format::GbFcdoXml => Authority::GbFcdo,
            Format::CaSemaXml => Authority::CaGac,
            Format::ChSecoXml => Authority::ChSeco,
            Format::AuDfatXlsx => Authority::AuDfat,
            Format::UsDod1260hCsv => Authority::UsDod,
            Format::UsBisDplTxt => Authority::UsBis,
            Format::UsCslCsv => Authority::UsTrade,
            Format::CnSanctionsCsv
            | Format::FtmJson
            | Format::FtmSimpleCsv
            | Format::UserCsv
            | Format::UserYaml => return None,
        })
    }

    /// Reads a whole list in this format. Each entity comes without spare
    /// capacity (see [`Entity::shrink_to_fit`]), as it will be held for as
    /// long as the list is loaded.
    pub fn parse(&self, input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
        let mut parsed = self.parse_records(input, context)?;
        parsed.entities.iter_mut().for_each(Entity::shrink_to_fit);
        parsed.entities.shrink_to_fit();
        Ok(parsed)
    }

    fn parse_records(&self, input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
        match self {
            Format::OfacXml => ofac_xml::parse(input, context),
            Format::OfacCsv => ofac_csv::parse(input, context),
            Format::OfacAdvancedXml => ofac_advanced_xml::parse(input, context),
            Format::OfacEnhancedXml => ofac_enhanced_xml::parse(input, context),
            Format::EuFsfXml => eu_fsf_xml::parse(input, context),
            Format::EuFsfLegacyXml => eu_fsf_legacy_xml::parse(input, context),
            Format::UnScXml => un_sc_xml::parse(input, context),
            Format::GbOfsiConlist => gb_ofsi_conlist::parse(input, context),
            Format::GbFcdoXml => gb_fcdo_xml::parse(input, context),
            Format::CaSemaXml => ca_sema_xml::parse(input, context),
            Format::ChSecoXml => ch_seco_xml::parse(input, context),
            Format::AuDfatXlsx => au_dfat_xlsx::parse(input, context),
            Format::UsCslCsv => us_csl_csv::parse(input, context),
            Format::UsDod1260hCsv => us_dod_1260h_csv::parse(input, context),
            Format::UsBisDplTxt => us_bis_dpl_txt::parse(input, context),
            Format::CnSanctionsCsv => cn_sanctions_csv::parse(input, context),
            Format::FtmJson => ftm_json::parse(input, context),
            Format::FtmSimpleCsv => ftm_simple_csv::parse(input, context),
            Format::UserCsv => user_list::parse_csv(input, context),
            Format::UserYaml => user_list::parse_yaml(input, context),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl serde::Serialize for Format {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl<'de> serde::Deserialize<'de> for Format {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(|_| {
            let known: Vec<&str> = Format::ALL.iter().map(Format::id).collect();
            serde::de::Error::custom(format!(
                "unknown list format {text:?}; known: {}",
                known.join(", ")
            ))
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_ids_round_trip_through_text_and_serde() {
        for format in Format::ALL {
            assert_eq!(format.id().parse::<Format>(), Ok(format));
            let json = serde_json::to_string(&format).unwrap();
            assert_eq!(json, format!("\"{}\"", format.id()));
            assert_eq!(serde_json::from_str::<Format>(&json).unwrap(), format);
        }
        assert!(serde_json::from_str::<Format>("\"pdf\"").is_err());
    }
}
