//! Recognising a list's format from its content, not its file name.
//!
//! Authorities rename their files, users save them under any name, and one
//! extension (`.xml`, `.csv`, `.xlsx`) covers many formats. [`detect`] looks
//! at what the file holds: the root element of an XML document, the header
//! of a CSV file, the first line of JSON Lines, the sheets of a workbook, the
//! members of a zip archive. When nothing fits it says what it saw.

use std::io::{BufRead, Cursor, Read};
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::{Format, Location, SourceError, input};

/// How much of a text file detection reads.
const HEAD_BYTES: usize = 64 * 1024;
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// XML root elements and the formats they start.
const XML_ROOTS: &[(&str, Format)] = &[
    ("sdnList", Format::OfacXml),
    ("Sanctions", Format::OfacAdvancedXml),
    ("sanctionsData", Format::OfacEnhancedXml),
    ("export", Format::EuFsfXml),
    ("WHOLE", Format::EuFsfLegacyXml),
    ("CONSOLIDATED_LIST", Format::UnScXml),
    ("data-set", Format::CaSemaXml),
    ("Designations", Format::GbFcdoXml),
    ("swiss-sanctions-list", Format::ChSecoXml),
];

/// CSV headers, by the first columns that tell them apart.
const CSV_HEADERS: &[(&[&str], Format)] = &[
    (
        &["Type", "QID", "Name", "Alias", "Chinese name"],
        Format::CnSanctionsCsv,
    ),
    (&["_id", "source", "entity_number"], Format::UsCslCsv),
    (
        &["Name", "Clean Name", "Alias", "Previous Name"],
        Format::UsDod1260hCsv,
    ),
    (
        &["id", "schema", "name", "aliases", "birth_date"],
        Format::FtmSimpleCsv,
    ),
    (&["Name", "Street_Address", "City"], Format::UsBisDplTxt),
];

/// The columns of interdict's own list layout (see `docs/user-lists.md`);
/// a header made only of these, including `name`, is a user list.
const USER_COLUMNS: &[&str] = &[
    "id",
    "name",
    "aliases",
    "schema",
    "birth_date",
    "nationality",
    "id_numbers",
    "authority",
    "programme",
    "listed_on",
    "source_url",
    "remarks",
];

/// Recognises the format of the file at `path` (plain or gzip-compressed).
pub fn detect_path(path: &Path) -> Result<Format, SourceError> {
    let label = path.display().to_string();
    let mut reader = input::open(path)?;
    let head = read_head(&mut reader, &label)?;
    if head.starts_with(ZIP_MAGIC) {
        let mut whole = head;
        reader
            .read_to_end(&mut whole)
            .map_err(|e| SourceError::new(&label, Location::File, format!("cannot read: {e}")))?;
        return detect(&whole, &label);
    }
    detect(&head, &label)
}

/// Recognises the format of a file held in memory (plain or gzip). For a
/// zip archive or workbook the whole file is needed; for anything else the
/// first 64 KiB are enough.
pub fn detect_bytes(bytes: &[u8], label: &str) -> Result<Format, SourceError> {
    let mut reader = input::from_bytes(bytes);
    let head = read_head(&mut reader, label)?;
    if head.starts_with(ZIP_MAGIC) {
        let mut whole = head;
        reader
            .read_to_end(&mut whole)
            .map_err(|e| SourceError::new(label, Location::File, format!("cannot read: {e}")))?;
        return detect(&whole, label);
    }
    detect(&head, label)
}

fn read_head(reader: &mut dyn BufRead, label: &str) -> Result<Vec<u8>, SourceError> {
    let mut head = Vec::with_capacity(HEAD_BYTES);
    reader
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| SourceError::new(label, Location::File, format!("cannot read: {e}")))?;
    Ok(head)
}

/// Recognises the format of decompressed content: the start of a text file,
/// or a whole zip archive or workbook. `label` names the file in the error.
pub fn detect(content: &[u8], label: &str) -> Result<Format, SourceError> {
    let cannot = |reason: String| {
        SourceError::new(
            label,
            Location::File,
            format!("cannot tell which list format this is: {reason}"),
        )
    };
    if content.starts_with(ZIP_MAGIC) {
        return detect_zip(content).map_err(cannot);
    }
    let text = content.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(content);
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&[][..], |i| &text[i..]);
    match start.first() {
        None => Err(cannot("the file is empty".into())),
        Some(b'<') => detect_xml(start).map_err(cannot),
        Some(b'{') => detect_json(start).map_err(cannot),
        _ => detect_text(start).map_err(cannot),
    }
}

fn detect_xml(text: &[u8]) -> Result<Format, String> {
    let mut reader = Reader::from_reader(text);
    let mut buffer = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer) {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                let name = e.local_name();
                let name = name.as_ref();
                return XML_ROOTS
                    .iter()
                    .find(|(root, _)| *root == name)
                    .map(|&(_, format)| format)
                    .ok_or_else(|| {
                        let known: Vec<&str> = XML_ROOTS.iter().map(|(root, _)| *root).collect();
                        format!(
                            "its XML root element <{name}> is none of those interdict reads ({})",
                            known.join(", ")
                        )
                    });
            }
            Ok(Event::Eof) => return Err("an XML file without a root element".into()),
            Err(e) => return Err(format!("malformed XML before the root element: {e}")),
            Ok(_) => buffer.clear(),
        }
    }
}

fn detect_json(text: &[u8]) -> Result<Format, String> {
    let first_line = text.split(|&b| b == b'\n').next().unwrap_or_default();
    let value: serde_json::Value = serde_json::from_slice(first_line)
        .map_err(|e| format!("its first line is not a JSON object: {e}"))?;
    // A delta stream's line is an operation on an entity; a deletion carries
    // only the entity's id.
    if value.get("op").is_some() && value.get("entity").is_some() {
        return Ok(Format::FtmJson);
    }
    if value.get("schema").is_some() && value.get("properties").is_some() {
        Ok(Format::FtmJson)
    } else {
        Err(
            "its first line is JSON but not a FollowTheMoney entity (no schema and properties)"
                .into(),
        )
    }
}

/// CSV, tab-separated text or YAML.
fn detect_text(text: &[u8]) -> Result<Format, String> {
    let mut lines = text.split(|&b| b == b'\n').map(|line| {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        String::from_utf8_lossy(line)
    });
    let first = lines.next().unwrap_or_default();
    let second = lines.next().unwrap_or_default();

    if is_yaml_start(&first) {
        return Ok(Format::UserYaml);
    }
    let delimiter = if first.contains('\t') { b'\t' } else { b',' };
    let header = split_row(&first, delimiter);
    if header.first().is_some_and(|c| c == "Last Updated")
        && split_row(&second, b',').iter().any(|c| c == "Name 6")
    {
        return Ok(Format::GbOfsiConlist);
    }
    for (columns, format) in CSV_HEADERS {
        if header.len() >= columns.len() && header.iter().zip(columns.iter()).all(|(a, b)| a == b) {
            return Ok(*format);
        }
    }
    if header.iter().any(|c| c == "name")
        && header.iter().all(|c| USER_COLUMNS.contains(&c.as_str()))
    {
        return Ok(Format::UserCsv);
    }
    // OFAC's legacy CSV has no header: a number, a quoted name, `-0-` for null.
    if header
        .first()
        .is_some_and(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit()))
    {
        return match header.len() {
            12 => Ok(Format::OfacCsv),
            4..=6 => Err(format!(
                "it looks like a companion file of OFAC's legacy CSV set ({} columns: add.csv, alt.csv or sdn_comments.csv); load sdn.csv (or cons_prim.csv) beside it instead",
                header.len()
            )),
            n => Err(format!(
                "a headerless CSV file with {n} columns is no known list"
            )),
        };
    }
    let shown: Vec<&str> = header.iter().take(8).map(String::as_str).collect();
    Err(format!(
        "its first line ({}) is no known list header",
        shown.join(", ")
    ))
}

fn is_yaml_start(line: &str) -> bool {
    let line = line.trim_end();
    line == "---"
        || line.starts_with("list:")
        || line.starts_with("entities:")
        || line.starts_with('#')
}

/// The cells of one CSV line (quotes removed); enough to read a header.
fn split_row(line: &str, delimiter: u8) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(line.as_bytes());
    reader
        .records()
        .next()
        .and_then(Result::ok)
        .map(|record| record.iter().map(|c| c.trim().to_owned()).collect())
        .unwrap_or_default()
}

fn detect_zip(bytes: &[u8]) -> Result<Format, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("a zip archive that cannot be read: {e}"))?;
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(|name| name.into_owned())
        .collect();
    if names.iter().any(|n| n == "xl/workbook.xml") {
        return detect_workbook(bytes);
    }
    let Some(xml) = names
        .iter()
        .find(|n| n.to_ascii_lowercase().ends_with(".xml"))
    else {
        return Err(format!(
            "a zip archive with no XML or workbook in it ({})",
            names.join(", ")
        ));
    };
    let mut member = archive
        .by_name(xml)
        .map_err(|e| format!("cannot open {xml} in the zip archive: {e}"))?;
    let mut head = Vec::with_capacity(HEAD_BYTES);
    (&mut member)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| format!("cannot read {xml} in the zip archive: {e}"))?;
    match detect_xml(&head)? {
        Format::OfacEnhancedXml => Ok(Format::OfacEnhancedXml),
        other => Err(format!(
            "a zip archive holding {xml} in {} format; unzip it and load the XML",
            other.id()
        )),
    }
}

fn detect_workbook(bytes: &[u8]) -> Result<Format, String> {
    use calamine::{Reader as _, Xlsx};
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| format!("a workbook that cannot be read: {e}"))?;
    let Some(Ok(sheet)) = workbook.worksheet_range_at(0) else {
        return Err("a workbook without a readable first sheet".into());
    };
    let top: Vec<String> = sheet
        .rows()
        .take(3)
        .flat_map(|row| row.iter().map(|cell| cell.to_string().trim().to_owned()))
        .collect();
    if top.iter().any(|c| c == "Name 6") {
        Ok(Format::GbOfsiConlist)
    } else if top.iter().any(|c| c == "Name of Individual or Entity") {
        Ok(Format::AuDfatXlsx)
    } else {
        let shown: Vec<&str> = top
            .iter()
            .filter(|c| !c.is_empty())
            .take(8)
            .map(String::as_str)
            .collect();
        Err(format!(
            "a workbook whose first rows ({}) match no known list",
            shown.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(text: &str) -> Result<Format, String> {
        detect(text.as_bytes(), "test").map_err(|e| e.to_string())
    }

    #[test]
    fn recognises_xml_by_root_element() {
        let cases = [
            (
                r#"<?xml version="1.0"?><sdnList xmlns="x"><publshInformation/>"#,
                Format::OfacXml,
            ),
            (
                "\u{feff}<?xml version='1.0'?>\n<!-- c -->\n<WHOLE Date=\"1\">",
                Format::EuFsfLegacyXml,
            ),
            (
                "<CONSOLIDATED_LIST dateGenerated=\"2026\">",
                Format::UnScXml,
            ),
            (
                "<swiss-sanctions-list list-type=\"full\">",
                Format::ChSecoXml,
            ),
            (
                "<s:Sanctions xmlns:s=\"http://www.un.org/sanctions/1.0\">",
                Format::OfacAdvancedXml,
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(format(text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn recognises_csv_by_header() {
        let cases = [
            (
                "Type,QID,Name,Alias,Chinese name,Country\n",
                Format::CnSanctionsCsv,
            ),
            (
                "\"id\",\"schema\",\"name\",\"aliases\",\"birth_date\",\"countries\"\n",
                Format::FtmSimpleCsv,
            ),
            (
                "Last Updated,12/02/2016\nName 6,Name 1,Name 2\n",
                Format::GbOfsiConlist,
            ),
            (
                "\"Name\"\t\"Street_Address\"\t\"City\"\t\"State\"\n",
                Format::UsBisDplTxt,
            ),
            (
                "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n",
                Format::OfacCsv,
            ),
            ("name,aliases,birth_date\nJohn Doe,,1970\n", Format::UserCsv),
            ("list:\n  title: x\n", Format::UserYaml),
        ];
        for (text, expected) in cases {
            assert_eq!(format(text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn recognises_followthemoney_lines() {
        assert_eq!(
            format(r#"{"id":"x","schema":"Person","properties":{}}"#),
            Ok(Format::FtmJson)
        );
        assert_eq!(
            format(r#"{"op":"ADD","entity":{"id":"x","schema":"Person","properties":{}}}"#),
            Ok(Format::FtmJson)
        );
        assert_eq!(
            format(r#"{"op":"DEL","entity":{"id":"x"}}"#),
            Ok(Format::FtmJson)
        );
    }

    #[test]
    fn says_what_it_saw_when_nothing_fits() {
        let error = format("<html><body>").unwrap_err();
        assert!(
            error.starts_with(
                "test: cannot tell which list format this is: its XML root element <html>"
            ),
            "{error}"
        );
        let error = format("a,b,c\n1,2,3\n").unwrap_err();
        assert!(
            error.contains("its first line (a, b, c) is no known list header"),
            "{error}"
        );
        let error = format("36,25,-0- ,\"Havana\",\"Cuba\",-0- \n").unwrap_err();
        assert!(
            error.contains("companion file of OFAC's legacy CSV"),
            "{error}"
        );
        assert!(format("").unwrap_err().contains("empty"));
        assert!(
            format("{\"a\":1}")
                .unwrap_err()
                .contains("not a FollowTheMoney entity")
        );
        assert!(
            detect(b"PK\x03\x04garbage", "x.zip")
                .unwrap_err()
                .to_string()
                .contains("zip archive that cannot be read")
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
                let _ = detect(&bytes, "fuzz");
                let _ = detect_bytes(&bytes, "fuzz");
            }
        }
    }
}
