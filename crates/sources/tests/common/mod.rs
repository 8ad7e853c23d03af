//! Helpers shared by the parser tests on the real lists in `shared/data`.

// Each test binary uses only some of these.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashSet};
use std::io::BufRead;
use std::path::Path;
use std::sync::{Mutex, OnceLock, PoisonError};

use interdict_model::{Country, Entity, Listing, NameKind, Schema};
use interdict_sources::{Context, Format, Parsed, SourceError, input};

/// Where the list files are, relative to which `list` arguments are given.
pub const LISTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/lists/");

/// The full path of `list` (such as `"un_sc/2026-02-27/consolidated.xml.gz"`).
pub fn path(list: &str) -> String {
    format!("{LISTS}{list}")
}

/// Parses `list` as `format`, its entities' ids prefixed by `source`.
pub fn load(format: Format, list: &str, source: &str) -> Parsed {
    let path = path(list);
    let input = input::open(Path::new(&path)).unwrap_or_else(|e| panic!("{e}"));
    format
        .parse(input, &Context::new(source, &path))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Like [`load`], but parsed once for all the tests of a binary that read it.
pub fn cached(format: Format, list: &str, source: &str) -> &'static Parsed {
    type Cells = BTreeMap<(&'static str, String, String), &'static OnceLock<Parsed>>;
    static CELLS: Mutex<Cells> = Mutex::new(BTreeMap::new());
    // The lock is held only to find the list's cell, not while parsing.
    let cell = *CELLS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .entry((format.id(), list.to_owned(), source.to_owned()))
        .or_insert_with(|| Box::leak(Box::default()));
    cell.get_or_init(|| load(format, list, source))
}

/// The decompressed bytes of `list`.
pub fn decompressed(list: &str) -> Vec<u8> {
    let path = path(list);
    let reader = input::open(Path::new(&path)).unwrap_or_else(|e| panic!("{e}"));
    input::read_all(reader, &path).unwrap_or_else(|e| panic!("{e}"))
}

/// The error from parsing `input`, a file cut short, as `format` under the
/// name `label`. Fails if the parser accepts it, or if the error does not
/// start by naming the file.
pub fn truncated_error(
    format: Format,
    input: impl BufRead,
    source: &str,
    label: &str,
) -> SourceError {
    let Err(error) = format.parse(input, &Context::new(source, label)) else {
        panic!("a truncated file was accepted");
    };
    assert!(
        error.to_string().starts_with(&format!("{label}: ")),
        "{error}"
    );
    error
}

/// Cuts the decompressed `list` in half and checks that parsing it is an
/// error naming the file as `label` (see [`truncated_error`]), which it
/// returns for further checks.
pub fn assert_truncated_file_fails(
    format: Format,
    list: &str,
    source: &str,
    label: &str,
) -> SourceError {
    let bytes = decompressed(list);
    truncated_error(format, &bytes[..bytes.len() / 2], source, label)
}

/// The entity with the id `id`.
pub fn entity<'a>(parsed: &'a Parsed, id: &str) -> &'a Entity {
    parsed
        .entities
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no entity {id}"))
}

/// Checks that no two entities share an id, and that each has its primary
/// name first and exactly one listing; returns each entity with its listing.
pub fn single_listings(parsed: &Parsed) -> Vec<(&Entity, &Listing)> {
    let mut ids = HashSet::new();
    parsed
        .entities
        .iter()
        .map(|entity| {
            assert!(ids.insert(entity.id.as_str()), "{} twice", entity.id);
            assert_eq!(entity.names[0].kind, NameKind::Primary, "{}", entity.id);
            let [listing] = entity.listings.as_slice() else {
                panic!("{} has {} listings", entity.id, entity.listings.len());
            };
            (entity, listing)
        })
        .collect()
}

/// How many entities there are of each schema.
pub fn by_schema(parsed: &Parsed) -> BTreeMap<Schema, usize> {
    let mut counts = BTreeMap::new();
    for entity in &parsed.entities {
        *counts.entry(entity.schema).or_default() += 1;
    }
    counts
}

/// How many entities there are of `schema`.
pub fn schemas(parsed: &Parsed, schema: Schema) -> usize {
    parsed
        .entities
        .iter()
        .filter(|e| e.schema == schema)
        .count()
}

/// How many warnings there are about each field.
pub fn warnings_by_field(parsed: &Parsed) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for warning in &parsed.warnings {
        *counts.entry(warning.field.as_str()).or_default() += 1;
    }
    counts
}

/// How many names of `kind` all the entities have together.
pub fn name_count(parsed: &Parsed, kind: NameKind) -> usize {
    parsed
        .entities
        .iter()
        .flat_map(|e| &e.names)
        .filter(|n| n.kind == kind)
        .count()
}

/// The country with the ISO 3166-1 alpha-2 code `code`.
pub fn country(code: &str) -> Country {
    Country::from_alpha2(code).unwrap_or_else(|| panic!("no country {code}"))
}

/// The entity's names, each with its kind.
pub fn names(entity: &Entity) -> Vec<(&str, NameKind)> {
    entity
        .names
        .iter()
        .map(|n| (n.full.as_str(), n.kind))
        .collect()
}

/// The entity's birth dates, as text.
pub fn dates(entity: &Entity) -> Vec<String> {
    entity.birth_dates.iter().map(ToString::to_string).collect()
}
