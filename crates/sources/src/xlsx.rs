//! Reading the rows of a spreadsheet (XLSX) as text.
//!
//! Lists published as spreadsheets (OFSI's `ConList.xlsx`, DFAT's
//! `regulation8_consolidated.xlsx`) are a zip archive, which needs random
//! access, so the file is read into memory first. The sheet itself is then
//! read cell by cell, one row at a time, rather than as a dense grid: a grid
//! would be as large as the sheet's last column times its last row, however
//! few cells the file really holds.

use std::io::{BufReader, Cursor};

use calamine::{DataRef, Reader, Xlsx, XlsxError};
use quick_xml::events::Event;

use crate::{Location, SourceError};

/// The bytes every zip archive, and so every XLSX file, starts with.
pub(crate) const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// Excel's last column (XFD); a cell beyond it is a damaged file.
const MAX_COLUMNS: u32 = 16_384;

/// One row of a sheet: its number (from 1, as spreadsheet programs show it)
/// and its cells as text, by column from 0. Parsers read its cells by
/// column name through [`crate::csv_table::Row`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    /// The row's number, counting from 1.
    pub number: u32,
    /// The cells as text (see [`cell_text`]); blank cells are empty strings.
    pub cells: Vec<String>,
}

/// Reads the first sheet of the workbook in `bytes`, calling `each` with
/// every row that has at least one cell, in order. Fails, naming the file as
/// `label`, on a file that is not a readable workbook (a truncated download,
/// a damaged archive, a sheet that does not parse), and with the first error
/// `each` returns.
pub(crate) fn for_each_row(
    bytes: &[u8],
    label: &str,
    mut each: impl FnMut(Row) -> Result<(), SourceError>,
) -> Result<(), SourceError> {
    let unreadable = |error: XlsxError| {
        SourceError::new(
            label,
            Location::File,
            format!("not a readable XLSX workbook: {error}"),
        )
    };
    check_references(bytes, label)?;
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let Some(sheet) = workbook.sheet_names().into_iter().next() else {
        return Err(SourceError::new(
            label,
            Location::File,
            "the workbook has no sheet",
        ));
    };
    let mut cells = workbook
        .worksheet_cells_reader(&sheet)
        .map_err(unreadable)?;
    let mut current: Option<Row> = None;
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let (row, column) = cell.get_position();
        if column >= MAX_COLUMNS {
            return Err(SourceError::new(
                label,
                Location::Line(u64::from(row) + 1),
                format!(
                    "a cell in column {} is beyond Excel's last column",
                    column + 1
                ),
            ));
        }
        let text = cell_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
        let number = row.saturating_add(1);
        if current.as_ref().is_some_and(|r| r.number != number)
            && let Some(done) = current.take()
        {
            each(done)?;
        }
        let current = current.get_or_insert_with(|| Row {
            number,
            cells: Vec::new(),
        });
        // The column is below MAX_COLUMNS, so this fits.
        let index = column as usize;
        if current.cells.len() <= index {
            current.cells.resize(index + 1, String::new());
        }
        if let Some(slot) = current.cells.get_mut(index) {
            *slot = text;
        }
    }
    if let Some(done) = current {
        each(done)?;
    }
    Ok(())
}

/// Refuses a workbook whose sheets hold a cell reference beyond Excel's
/// last column (XFD) or row (1048576), such as `AAAAAAAA1`: calamine 0.38
/// computes positions with unchecked arithmetic, which overflows (and panics
/// in debug builds) on them. A sheet that cannot be read to its end (a bad
/// checksum, broken XML) is refused too; other damage is left for calamine
/// to report.
fn check_references(bytes: &[u8], label: &str) -> Result<(), SourceError> {
    let unreadable = |error: zip::result::ZipError| {
        SourceError::new(
            label,
            Location::File,
            format!("not a readable XLSX workbook: {error}"),
        )
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    for index in 0..archive.len() {
        let sheet = archive.by_index(index).map_err(unreadable)?;
        let name = sheet.name().map_err(unreadable)?.to_ascii_lowercase();
        if !(name.contains("worksheets/") && name.ends_with(".xml")) {
            continue;
        }
        let mut reader = quick_xml::Reader::from_reader(BufReader::new(sheet));
        let mut buffer = Vec::new();
        loop {
            match reader.read_event_into(&mut buffer) {
                Ok(Event::Start(element) | Event::Empty(element)) => {
                    for attribute in element.attributes().flatten() {
                        // Unprefixed: `xmlns:r` is a namespace, not a cell.
                        let key = attribute.key.as_ref();
                        if (key == "r" || key == "ref")
                            && attribute
                                .value
                                .split(':')
                                .any(|reference| beyond_excel(reference.as_bytes()))
                        {
                            return Err(SourceError::new(
                                label,
                                Location::File,
                                format!(
                                    "cell reference {:?} is beyond Excel's last row or column",
                                    attribute.value
                                ),
                            ));
                        }
                    }
                }
                Ok(Event::Eof) => break,
                // A damaged sheet (a bad checksum, broken XML) is no more
                // readable by calamine.
                Err(error) => {
                    return Err(SourceError::new(
                        label,
                        Location::File,
                        format!("not a readable XLSX workbook: {name}: {error}"),
                    ));
                }
                Ok(_) => {}
            }
            buffer.clear();
        }
    }
    Ok(())
}

/// Whether a cell reference (`XFD1048576`, `$A$1`) has more than three
/// column letters or seven row digits.
fn beyond_excel(reference: &[u8]) -> bool {
    let reference: Vec<u8> = reference.iter().copied().filter(|&b| b != b'$').collect();
    let letters = reference
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let digits = reference
        .iter()
        .skip(letters)
        .take_while(|b| b.is_ascii_digit())
        .count();
    letters > 3 || digits > 7
}

/// A cell as text: strings as written, whole numbers without a decimal
/// point (a year typed as a number, `1954`, reads as `1954`, not `1954.0`),
/// dates as ISO 8601 (`1960-03-05`), errors as Excel shows them (`#N/A`).
pub(crate) fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Empty => String::new(),
        DataRef::String(text) | DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => {
            text.clone()
        }
        DataRef::SharedString(text) => (*text).to_owned(),
        DataRef::Int(n) => n.to_string(),
        DataRef::Float(x) => float_text(*x),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(date) if date.is_datetime() => {
            let (year, month, day, ..) = date.to_ymd_hms_milli();
            format!("{year:04}-{month:02}-{day:02}")
        }
        DataRef::DateTime(duration) => float_text(duration.as_f64()),
        DataRef::Error(error) => error.to_string(),
    }
}

/// A number as a person would type it: `1954`, not `1954.0`.
fn float_text(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        x.to_string()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    use calamine::{ExcelDateTime, ExcelDateTimeType};

    /// The XML of a sheet's cell holding `text` inline.
    fn cell(reference: &str, text: &str) -> String {
        let escaped = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        format!(
            r#"<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{escaped}</t></is></c>"#
        )
    }

    /// The letters of a column, from 0 (`A`, …, `Z`, `AA`).
    fn column_name(mut index: usize) -> String {
        let mut name = Vec::new();
        loop {
            name.push(b'A' + (index % 26) as u8);
            if index < 26 {
                break;
            }
            index = index / 26 - 1;
        }
        name.reverse();
        String::from_utf8(name).unwrap()
    }

    /// A minimal workbook whose one sheet holds `rows` as inline strings
    /// (blank strings leave the cell out); numbers given as `#n` are written
    /// as numbers, and `@n` as dates (Excel serial day numbers).
    pub(crate) fn workbook(rows: &[&[&str]]) -> Vec<u8> {
        let mut data = String::new();
        for (r, row) in rows.iter().enumerate() {
            data.push_str(&format!(r#"<row r="{}">"#, r + 1));
            for (c, text) in row.iter().enumerate() {
                let reference = format!("{}{}", column_name(c), r + 1);
                if let Some(number) = text.strip_prefix('#') {
                    data.push_str(&format!(r#"<c r="{reference}"><v>{number}</v></c>"#));
                } else if let Some(serial) = text.strip_prefix('@') {
                    data.push_str(&format!(r#"<c r="{reference}" s="1"><v>{serial}</v></c>"#));
                } else if !text.is_empty() {
                    data.push_str(&cell(&reference, text));
                }
            }
            data.push_str("</row>");
        }
        let files = [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#.to_owned(),
            ),
            (
                "_rels/.rels",
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned(),
            ),
            (
                "xl/workbook.xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned(),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#.to_owned(),
            ),
            (
                "xl/styles.xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"#.to_owned(),
            ),
            (
                "xl/worksheets/sheet1.xml",
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData></worksheet>"#
                ),
            ),
        ];
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in files {
            zip.start_file(name, options).unwrap();
            zip.write_all(content.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn read(bytes: &[u8]) -> Result<Vec<Row>, SourceError> {
        let mut rows = Vec::new();
        for_each_row(bytes, "book.xlsx", |row| {
            rows.push(row);
            Ok(())
        })?;
        Ok(rows)
    }

    #[test]
    fn reads_rows_as_text() {
        let bytes = workbook(&[
            &["Name", "Year", "Born"],
            &[],
            &["Zhu & Co", "#1954", "@21571"],
            &["", "#12.5"],
        ]);
        assert!(bytes.starts_with(ZIP_MAGIC));
        let rows = read(&bytes).unwrap();
        let numbers: Vec<u32> = rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 3, 4], "blank rows are skipped");
        assert_eq!(rows[1].cells, ["Zhu & Co", "1954", "1959-01-21"]);
        // Read by column name through csv_table::Row, which trims and
        // takes an empty cell, or one past the last, as blank.
        assert_eq!(rows[2].cells, ["", "12.5"]);
    }

    #[test]
    fn cells_read_as_people_type_them() {
        let date = ExcelDateTime::new(41988.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&DataRef::DateTime(date)), "2014-12-15");
        assert_eq!(cell_text(&DataRef::Float(2.0)), "2");
        assert_eq!(cell_text(&DataRef::Float(f64::NAN)), "NaN");
        assert_eq!(cell_text(&DataRef::Int(-3)), "-3");
        assert_eq!(
            cell_text(&DataRef::Error(calamine::CellErrorType::NA)),
            "#N/A"
        );
    }

    #[test]
    fn damaged_workbooks_are_errors_naming_the_file() {
        let bytes = workbook(&[&["a"], &["b"]]);
        for cut in [10, bytes.len() / 2, bytes.len() - 10] {
            let error = read(&bytes[..cut]).unwrap_err();
            assert!(
                error
                    .to_string()
                    .starts_with("book.xlsx: not a readable XLSX workbook"),
                "{error}"
            );
        }
        let error = read(b"PK\x03\x04 not really a zip").unwrap_err();
        assert!(error.to_string().starts_with("book.xlsx: "), "{error}");
    }

    #[test]
    fn references_beyond_excel_are_refused() {
        let bytes = workbook(&[&["a", "b"]]);
        // Rewrite the stored sheet with a reference calamine cannot count.
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..zip.len() {
            let mut file = zip.by_index(i).unwrap();
            let mut content = String::new();
            std::io::Read::read_to_string(&mut file, &mut content).unwrap();
            let content = content.replace(r#"r="B1""#, r#"r="AAAAAAAAB1""#);
            out.start_file(
                file.name().unwrap(),
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
            out.write_all(content.as_bytes()).unwrap();
        }
        let bytes = out.finish().unwrap().into_inner();
        let error = read(&bytes).unwrap_err();
        assert_eq!(
            error.to_string(),
            "book.xlsx: cell reference \"AAAAAAAAB1\" is beyond Excel's last row or column"
        );
        assert!(!beyond_excel(b"XFD1048576"));
        assert!(!beyond_excel(b"$A$1"));
        assert!(beyond_excel(b"A12345678"));
    }
}
