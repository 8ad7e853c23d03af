//! Streaming XML: one record at a time, as a small tree.
//!
//! Sanctions XML files are long sequences of self-contained records
//! (`sdnEntry`, `sanctionEntity`, `INDIVIDUAL`, `record`). [`RecordReader`]
//! pulls events from quick-xml and builds a [`Node`] tree for one record at a
//! time, so memory holds one record, never the whole file, while each format
//! module reads its records with simple lookups instead of a state machine.

use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::{Location, SourceError};

/// One XML element: its local name (namespace prefix removed), attributes,
/// text and child elements.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Node {
    /// Local name of the element.
    pub name: String,
    /// Attributes by local name, in document order.
    pub attributes: Vec<(String, String)>,
    /// The element's own text (not its children's), entities resolved.
    pub text: String,
    /// Child elements in document order.
    pub children: Vec<Node>,
}

impl Node {
    /// The value of an attribute, trimmed; none when absent or blank.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim())
            .filter(|value| !value.is_empty())
    }

    /// The first child element with this name.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child element with this name.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Follows a path of child names (`["programList", "program"]`) and
    /// yields every element at its end.
    pub fn find_all<'a>(&'a self, path: &'a [&'a str]) -> Box<dyn Iterator<Item = &'a Node> + 'a> {
        match path {
            [] => Box::new(std::iter::once(self)),
            [first, rest @ ..] => Box::new(
                self.children_named(first)
                    .flat_map(move |child| child.find_all(rest)),
            ),
        }
    }

    /// The element's text, trimmed; none when blank.
    pub fn value(&self) -> Option<&str> {
        let text = self.text.trim();
        (!text.is_empty()).then_some(text)
    }

    /// The trimmed, non-blank text of the first child with this name.
    pub fn child_value(&self, name: &str) -> Option<&str> {
        self.child(name).and_then(Node::value)
    }
}

/// Reads an XML file record by record.
pub struct RecordReader<R: BufRead> {
    reader: Reader<R>,
    buffer: Vec<u8>,
    label: String,
    /// Names of the open elements above the reader's position.
    open: Vec<String>,
    root_attributes: Vec<(String, String)>,
}

impl<R: BufRead> RecordReader<R> {
    /// A reader over `input`; `label` names the file in errors.
    pub fn new(input: R, label: &str) -> Self {
        let mut reader = Reader::from_reader(input);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        Self {
            reader,
            buffer: Vec::with_capacity(4096),
            label: label.to_owned(),
            open: Vec::new(),
            root_attributes: Vec::new(),
        }
    }

    /// The root element's attributes (available once the first record, or
    /// the end of the file, has been read).
    pub fn root_attributes(&self) -> &[(String, String)] {
        &self.root_attributes
    }

    /// The name of the root element, once reading has started.
    pub fn root_name(&self) -> Option<&str> {
        self.open.first().map(String::as_str)
    }

    /// An error at the reader's current byte offset.
    pub fn error(&self, message: impl Into<String>) -> SourceError {
        SourceError::new(
            &self.label,
            Location::Byte(self.reader.buffer_position()),
            message,
        )
    }

    /// Reads up to the next element whose name is one of `names`, at any
    /// depth, and returns it whole. Returns `None` at the end of the file.
    /// Fails on malformed XML, and on a file that ends before its elements
    /// are closed (a truncated download).
    pub fn next_record(&mut self, names: &[&str]) -> Result<Option<Node>, SourceError> {
        loop {
            let event = next_event(&mut self.reader, &mut self.buffer, &self.label)?;
            match event {
                Event::Start(start) => {
                    let node = start_node(&start, &self.label, self.reader.buffer_position())?;
                    if self.open.is_empty() {
                        self.root_attributes = node.attributes.clone();
                    }
                    if names.contains(&node.name.as_str()) {
                        return self.read_children(node).map(Some);
                    }
                    self.open.push(node.name);
                }
                Event::Empty(start) => {
                    let node = start_node(&start, &self.label, self.reader.buffer_position())?;
                    if self.open.is_empty() {
                        self.root_attributes = node.attributes.clone();
                    }
                    if names.contains(&node.name.as_str()) {
                        return Ok(Some(node));
                    }
                }
                Event::End(_) => {
                    self.open.pop();
                }
                Event::Eof => {
                    if let Some(open) = self.open.last() {
                        return Err(self.error(format!(
                            "unexpected end of file inside <{open}>: the file is truncated"
                        )));
                    }
                    return Ok(None);
                }
                _ => {}
            }
        }
    }

    /// Reads the content of `node` (whose start tag was just read) up to its
    /// end tag.
    fn read_children(&mut self, node: Node) -> Result<Node, SourceError> {
        let mut stack = vec![node];
        loop {
            let event = next_event(&mut self.reader, &mut self.buffer, &self.label)?;
            match event {
                Event::Start(start) => {
                    let child = start_node(&start, &self.label, self.reader.buffer_position())?;
                    stack.push(child);
                }
                Event::Empty(start) => {
                    let child = start_node(&start, &self.label, self.reader.buffer_position())?;
                    if let Some(parent) = stack.last_mut() {
                        parent.children.push(child);
                    }
                }
                Event::Text(text) => {
                    if let Some(current) = stack.last_mut() {
                        current.text.push_str(&text.xml10_content());
                    }
                }
                Event::CData(data) => {
                    if let Some(current) = stack.last_mut() {
                        current.text.push_str(&data.xml10_content());
                    }
                }
                Event::GeneralRef(reference) => {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        Ok(None) => {
                            let name = reference.xml10_content();
                            quick_xml::escape::resolve_predefined_entity(&name)
                                .map(str::to_owned)
                                .ok_or_else(|| {
                                    SourceError::new(
                                        &self.label,
                                        Location::Byte(self.reader.buffer_position()),
                                        format!("unknown entity &{name};"),
                                    )
                                })?
                        }
                        Err(e) => return Err(self.error(format!("bad character reference: {e}"))),
                    };
                    if let Some(current) = stack.last_mut() {
                        current.text.push_str(&resolved);
                    }
                }
                Event::End(_) => {
                    let Some(done) = stack.pop() else {
                        return Err(self.error("unbalanced end tag"));
                    };
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(done),
                        None => return Ok(done),
                    }
                }
                Event::Eof => {
                    let open = stack.last().map_or("", |n| n.name.as_str());
                    return Err(self.error(format!(
                        "unexpected end of file inside <{open}>: the file is truncated"
                    )));
                }
                Event::Decl(_) | Event::PI(_) | Event::DocType(_) | Event::Comment(_) => {}
            }
        }
    }
}

/// Reads the next event into `buffer`, naming the file and byte offset on
/// malformed XML.
fn next_event<'b, R: BufRead>(
    reader: &mut Reader<R>,
    buffer: &'b mut Vec<u8>,
    label: &str,
) -> Result<Event<'b>, SourceError> {
    buffer.clear();
    reader.read_event_into(buffer).map_err(|e| {
        SourceError::new(
            label,
            Location::Byte(reader.error_position()),
            format!("malformed XML: {e}"),
        )
    })
}

/// The element a start tag opens, without its content yet; `label` and
/// `position` name the place in errors.
fn start_node(start: &BytesStart<'_>, label: &str, position: u64) -> Result<Node, SourceError> {
    let malformed = |e: String| {
        SourceError::new(
            label,
            Location::Byte(position),
            format!("malformed attribute: {e}"),
        )
    };
    let name = start.local_name().as_ref().to_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| malformed(e.to_string()))?;
        let key = attribute.key.local_name();
        if attribute.key.as_ref().starts_with("xmlns") {
            continue;
        }
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| malformed(e.to_string()))?;
        attributes.push((key.as_ref().to_owned(), value.into_owned()));
    }
    Ok(Node {
        name,
        attributes,
        text: String::new(),
        children: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0"?>
<list xmlns="urn:x" date="2024-01-01">
  <header><count>2</count></header>
  <entry id="1"><name>A &amp; B&#x20;Co</name><alias/><alias>X</alias></entry>
  <entry id="2"><name><![CDATA[C<D]]></name></entry>
</list>"#;

    #[test]
    fn reads_records_one_by_one() {
        let mut reader = RecordReader::new(SAMPLE.as_bytes(), "sample.xml");
        let header = reader.next_record(&["header", "entry"]).unwrap().unwrap();
        assert_eq!(header.child_value("count"), Some("2"));
        assert_eq!(
            reader.root_attributes(),
            &[("date".to_owned(), "2024-01-01".to_owned())]
        );
        let first = reader.next_record(&["header", "entry"]).unwrap().unwrap();
        assert_eq!(first.attr("id"), Some("1"));
        assert_eq!(first.child_value("name"), Some("A & B Co"));
        assert_eq!(first.children_named("alias").count(), 2);
        let second = reader.next_record(&["entry"]).unwrap().unwrap();
        assert_eq!(second.child_value("name"), Some("C<D"));
        assert!(reader.next_record(&["entry"]).unwrap().is_none());
    }

    #[test]
    fn truncated_file_is_an_error() {
        for cut in [60, 120, 150, SAMPLE.len() - 3] {
            let mut reader = RecordReader::new(&SAMPLE.as_bytes()[..cut], "cut.xml");
            let result = (|| {
                while reader.next_record(&["entry"])?.is_some() {}
                Ok::<_, SourceError>(())
            })();
            let error = result.expect_err("truncated XML was accepted");
            assert!(error.to_string().starts_with("cut.xml: byte "), "{error}");
        }
    }

    #[test]
    fn mismatched_tags_are_an_error() {
        let mut reader = RecordReader::new(&b"<a><entry><b></c></entry></a>"[..], "bad.xml");
        assert!(reader.next_record(&["entry"]).is_err());
    }
}
