//! FollowTheMoney (FtM) entities as JSON Lines, as OpenSanctions publishes
//! them: `entities.ftm.json`, nomenklatura's `.ijson`, the delta stream
//! `entities.delta.json` and `targets.nested.json`.
//!
//! Every line is one JSON object, and each line says which variant it is:
//!
//! * an entity, `{id, caption, schema, properties: {prop: [value, …]},
//!   datasets, referents, first_seen, last_seen, last_change, target}`.
//!   Lines with the same id are fragments of one entity (as in `.ijson`)
//!   and are merged;
//! * a delta operation, `{"op": "ADD" | "MOD" | "DEL", "entity": {…}}`,
//!   applied in order: ADD and MOD replace the entity with that id (or add
//!   it), DEL removes it. The result is the final state;
//! * a nested target: property values may be entity objects instead of ids
//!   (`sanctions: [{schema: "Sanction", …}]`, `addressEntity: [{schema:
//!   "Address", …}]`). Nested entities are read as if they were lines of
//!   their own, except that only top-level lines become entities: a
//!   relative nested in a `Family`, say, is context, not a target.
//!
//! A blank line is skipped. A line that is not JSON, or is JSON but neither
//! an entity nor a delta operation (no `id` and `schema`, an unknown `op`),
//! is an error naming the line: such a file is not FtM, and reading part of
//! it would hide that.
//!
//! Entities of the schemas `Person`, `Organization`, `Company`,
//! `LegalEntity`, `PublicBody` (read as an organisation), `Vessel` and
//! `Airplane` (an aircraft) become [`Entity`] values with id
//! `{source}:{ftm id}`, in the order they first appear. Of the other
//! schemas:
//!
//! * a `Sanction` becomes a [`Listing`] on the entity its `entity` property
//!   names (see [`sanction_listing`]); a sanction pointing to an entity the
//!   file does not hold is reported;
//! * an `Address` fills the addresses of the entities whose `addressEntity`
//!   names it;
//! * a `Passport` or `Identification` adds an identifier to its `holder`;
//! * everything else (`Ownership`, `Family`, `Directorship`, `Occupancy`,
//!   `UnknownLink`, `Payment`, …) is a relation or a record this model has
//!   no place for, and is skipped without a warning. In the sample files
//!   that is 32 of the 91 lines of `zala_entities.ftm.json` (14 Ownership,
//!   4 Family, 3 Directorship and 11 Address, which are read into
//!   addresses), 290 Payments of `nomenklatura_donations.ijson`, and 3
//!   records of the final delta state (2 UnknownLink, 1 Ownership).
//!
//! Each dataset an entity belongs to that none of its sanctions comes from
//! gives one more listing, by that dataset, so that the entity's provenance
//! is never lost; an entity with no dataset at all is listed by `source`.
//! The property mapping shared with [`crate::ftm_simple_csv`] (schemas,
//! datasets and their authorities, identifiers, dates) is in this module.
//! One entity object on its own, such as a side of a benchmark pair, is read
//! by [`entity_from_value`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::BufRead;

use interdict_model::{
    Address, Authority, Country, Entity, IdKind, Identifier, Listing, Name, NameKind, NamePart,
    NamePartKind, NumericOrder, PartialDate, Schema, VesselDetails,
};
use serde_json::{Map, Value};

use crate::fields::{CountryField, add_birth_date, add_country, set_gender};
use crate::{Context, Location, Parsed, SourceError};

/// Reads a whole FtM JSON Lines file, in any of its variants.
pub fn parse(mut input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
    let mut store = Store::default();
    let mut buffer = Vec::new();
    let mut line = 0u64;
    let mut objects = 0usize;
    loop {
        buffer.clear();
        let read = input.read_until(b'\n', &mut buffer).map_err(|e| {
            SourceError::new(
                &context.label,
                Location::Line(line + 1),
                format!("cannot read: {e}"),
            )
        })?;
        if read == 0 {
            break;
        }
        line += 1;
        let error =
            |message: String| SourceError::new(&context.label, Location::Line(line), message);
        let text = std::str::from_utf8(&buffer)
            .map_err(|e| error(format!("invalid UTF-8: {e}")))?
            .trim();
        if text.is_empty() {
            continue;
        }
        let value: Value =
            serde_json::from_str(text).map_err(|e| error(format!("invalid JSON: {e}")))?;
        read_line(&value, line, &mut store).map_err(error)?;
        objects += 1;
    }
    if objects == 0 {
        return Err(SourceError::new(
            &context.label,
            Location::File,
            "the file is empty: no FollowTheMoney entities",
        ));
    }
    Ok(resolve(store.into_records(), context))
}

/// Why one FtM entity object cannot be read (see [`entity_from_value`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FtmEntityError {
    /// The value is JSON but not an object.
    #[error("not a FollowTheMoney entity: {0} is not an object")]
    NotAnObject(String),
    /// The object has no `schema`.
    #[error("the entity has no \"schema\"")]
    MissingSchema,
    /// The schema is one the model has no entity for (`Sanction`,
    /// `Address`, `Ownership`, ...).
    #[error(
        "schema {0:?} is not a subject interdict compares (Person, Organization, Company, LegalEntity, PublicBody, Vessel or Airplane)"
    )]
    UnsupportedSchema(String),
    /// A field holds what it cannot: `properties` that is not an object, a
    /// number where a string belongs.
    #[error("{0}")]
    Malformed(String),
}

/// Reads one FtM entity object, such as one side of a pair in the
/// OpenSanctions pairs benchmark (`{"schema": "Person", "properties":
/// {"name": [...], "birthDate": [...], "nationality": [...], "idNumber":
/// [...]}}`), into an entity, mapping its properties as [`parse`] does.
///
/// The entity's id is `{source}:{id}`, or `{source}:` when the object has
/// no `id`. A property may hold a list of strings or one bare string;
/// entities nested in properties are not followed, and the entity has no
/// listings. Values that cannot be read (a date `19xx`, a country code
/// `suhh`) are kept in the entity's `unparsed`.
pub fn entity_from_value(value: &Value, source: &str) -> Result<Entity, FtmEntityError> {
    let Value::Object(object) = value else {
        return Err(FtmEntityError::NotAnObject(json_kind(value).to_owned()));
    };
    let field = |name: &str| text_field(object, name).map_err(FtmEntityError::Malformed);
    let schema_name = field("schema")?.ok_or(FtmEntityError::MissingSchema)?;
    let schema = entity_schema(schema_name)
        .ok_or_else(|| FtmEntityError::UnsupportedSchema(schema_name.to_owned()))?;
    let mut properties: BTreeMap<String, Vec<String>> = BTreeMap::new();
    match object.get("properties") {
        None | Some(Value::Null) => {}
        Some(Value::Object(map)) => {
            for (property, values) in map {
                let values: &[Value] = match values {
                    Value::Array(values) => values,
                    single => std::slice::from_ref(single),
                };
                for value in values {
                    match value {
                        Value::String(text) => {
                            properties
                                .entry(property.clone())
                                .or_default()
                                .push(text.clone());
                        }
                        Value::Null | Value::Object(_) => {}
                        other => {
                            return Err(FtmEntityError::Malformed(format!(
                                "property {property:?} holds {other}, not a string"
                            )));
                        }
                    }
                }
            }
        }
        Some(other) => {
            return Err(FtmEntityError::Malformed(format!(
                "\"properties\" is {}, not an object",
                json_kind(other)
            )));
        }
    }
    let record = Record {
        id: field("id")?.unwrap_or_default().to_owned(),
        schema: schema_name.to_owned(),
        caption: field("caption")?.map(str::to_owned),
        properties,
        datasets: Vec::new(),
        nested: false,
        line: 0,
    };
    let context = Context::new(source, source);
    // Unreadable values are kept in the entity itself; the warnings repeat them.
    let mut warnings = Parsed::default();
    Ok(read_entity_record(
        &record,
        schema,
        &HashMap::new(),
        &context,
        &mut warnings,
    ))
}

/// What kind of JSON value this is, for messages.
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

// ---------------------------------------------------------------------------
// Reading lines into FtM records.

/// One FtM entity as the file gives it, nested entities replaced by their ids.
#[derive(Debug, Clone)]
struct Record {
    id: String,
    schema: String,
    caption: Option<String>,
    properties: BTreeMap<String, Vec<String>>,
    datasets: Vec<String>,
    /// Whether the record was only ever seen nested in another one.
    nested: bool,
    /// The line it was (last) read from.
    line: u64,
}

impl Record {
    /// The trimmed, non-blank values of a property.
    fn values<'a>(&'a self, property: &str) -> impl Iterator<Item = &'a str> + 'a {
        self.properties
            .get(property)
            .into_iter()
            .flatten()
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    fn first(&self, property: &str) -> Option<&str> {
        self.values(property).next()
    }
}

/// What a schema becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Entity(Schema),
    Sanction,
    Address,
    Identification(IdKind),
    /// Relations and records the model has no place for.
    Skipped,
}

fn role(schema: &str) -> Role {
    if let Some(schema) = entity_schema(schema) {
        return Role::Entity(schema);
    }
    match schema {
        "Sanction" => Role::Sanction,
        "Address" => Role::Address,
        "Passport" => Role::Identification(IdKind::Passport),
        "Identification" => Role::Identification(IdKind::NationalId),
        _ => Role::Skipped,
    }
}

/// The records read so far, by id, in the order their ids first appeared.
#[derive(Default)]
struct Store {
    slots: Vec<Option<Record>>,
    by_id: HashMap<String, usize>,
}

/// How a record read from a line joins what is already known of its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Apply {
    /// A delta ADD or MOD: the record is the entity's whole new state.
    Replace,
    /// A line of an entity file: fragments of one id add up (`.ijson`).
    Merge,
    /// An entity nested in another: known only if nothing else says more.
    Nested,
}

impl Store {
    fn apply(&mut self, record: Record, apply: Apply) {
        if role(&record.schema) == Role::Skipped {
            // Nothing of it is kept, but a new state still replaces the old.
            if apply == Apply::Replace {
                self.delete(&record.id);
            }
            return;
        }
        let Some(&slot) = self.by_id.get(&record.id) else {
            self.by_id.insert(record.id.clone(), self.slots.len());
            self.slots.push(Some(record));
            return;
        };
        let Some(entry) = self.slots.get_mut(slot) else {
            return;
        };
        match (entry.as_mut(), apply) {
            (None, _) | (_, Apply::Replace) => *entry = Some(record),
            (Some(_), Apply::Nested) => {}
            (Some(known), Apply::Merge) => merge(known, record),
        }
    }

    fn delete(&mut self, id: &str) {
        if let Some(slot) = self.by_id.get(id).and_then(|&i| self.slots.get_mut(i)) {
            *slot = None;
        }
    }

    fn into_records(self) -> Vec<Record> {
        self.slots.into_iter().flatten().collect()
    }
}

/// Adds a fragment's values to what is known of its entity.
fn merge(known: &mut Record, fragment: Record) {
    if known.nested && !fragment.nested {
        // A top-level line says what the entity is.
        known.schema = fragment.schema;
        known.nested = false;
        known.line = fragment.line;
    }
    if known.caption.is_none() {
        known.caption = fragment.caption;
    }
    for (property, values) in fragment.properties {
        let list = known.properties.entry(property).or_default();
        for value in values {
            Entity::push_unique(list, value);
        }
    }
    for dataset in fragment.datasets {
        Entity::push_unique(&mut known.datasets, dataset);
    }
}

/// Reads one line: an entity or a delta operation.
fn read_line(value: &Value, line: u64, store: &mut Store) -> Result<(), String> {
    let Value::Object(object) = value else {
        return Err("a JSON value that is not an object: not a FollowTheMoney entity".into());
    };
    let Some(op) = object.get("op") else {
        return read_entity(object, line, Apply::Merge, store);
    };
    let op = op.as_str().unwrap_or_default();
    let Some(Value::Object(entity)) = object.get("entity") else {
        return Err(format!(
            "a delta operation {op:?} without an \"entity\" object"
        ));
    };
    match op {
        "ADD" | "MOD" => read_entity(entity, line, Apply::Replace, store),
        "DEL" => {
            let id = text_field(entity, "id")?.ok_or("a DEL operation without an entity id")?;
            store.delete(id);
            Ok(())
        }
        other => Err(format!(
            "unknown delta operation {other:?}: expected ADD, MOD or DEL"
        )),
    }
}

/// Reads an entity object (and the entities nested in it) into the store.
fn read_entity(
    object: &Map<String, Value>,
    line: u64,
    apply: Apply,
    store: &mut Store,
) -> Result<(), String> {
    let mut records = Vec::new();
    flatten(object, None, &mut records, line)?;
    let mut records = records.into_iter();
    if let Some(top) = records.next() {
        store.apply(top, apply);
    }
    for nested in records {
        store.apply(nested, Apply::Nested);
    }
    Ok(())
}

/// Turns an entity object into records: its own first, then those nested in
/// it, each nested object replaced by its id. `parent` is the id of the
/// entity this one is nested in.
fn flatten(
    object: &Map<String, Value>,
    parent: Option<&str>,
    out: &mut Vec<Record>,
    line: u64,
) -> Result<String, String> {
    let id = text_field(object, "id")?
        .ok_or("an object without an \"id\": not a FollowTheMoney entity")?
        .to_owned();
    let schema = text_field(object, "schema")?
        .ok_or_else(|| format!("entity {id:?} has no \"schema\""))?
        .to_owned();
    let caption = text_field(object, "caption")?.map(str::to_owned);
    let datasets = match object.get("datasets") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(values)) => values
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("entity {id:?}: a dataset that is not a string"))
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(format!("entity {id:?}: \"datasets\" is not a list")),
    };

    let position = out.len();
    out.push(Record {
        id: id.clone(),
        schema,
        caption,
        properties: BTreeMap::new(),
        datasets,
        nested: parent.is_some(),
        line,
    });
    let mut properties: BTreeMap<String, Vec<String>> = BTreeMap::new();
    match object.get("properties") {
        None | Some(Value::Null) => {}
        Some(Value::Object(map)) => {
            for (property, values) in map {
                let values: &[Value] = match values {
                    Value::Array(values) => values,
                    // One value written bare, not in a list.
                    single => std::slice::from_ref(single),
                };
                for value in values {
                    let text = match value {
                        Value::String(text) => text.clone(),
                        Value::Object(nested) => flatten(nested, Some(&id), out, line)?,
                        Value::Null => continue,
                        other => {
                            return Err(format!(
                                "entity {id:?}: property {property:?} holds {other}, not a string or an entity"
                            ));
                        }
                    };
                    properties.entry(property.clone()).or_default().push(text);
                }
            }
        }
        Some(_) => return Err(format!("entity {id:?}: \"properties\" is not an object")),
    }
    if let Some(record) = out.get_mut(position) {
        // A sanction nested under its entity may leave the link implicit.
        if let Some(parent) = parent
            && record.schema == "Sanction"
            && !properties.contains_key("entity")
        {
            properties.insert("entity".into(), vec![parent.to_owned()]);
        }
        record.properties = properties;
    }
    Ok(id)
}

/// A field that must be a string when present.
fn text_field<'a>(object: &'a Map<String, Value>, field: &str) -> Result<Option<&'a str>, String> {
    match object.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.trim()).filter(|t| !t.is_empty())),
        Some(other) => Err(format!("\"{field}\" is {other}, not a string")),
    }
}

// ---------------------------------------------------------------------------
// From records to entities.

/// Maps the final records to entities, and links sanctions, addresses and
/// identity documents to them.
fn resolve(records: Vec<Record>, context: &Context) -> Parsed {
    // Warnings go to `parsed` while the entities are built apart from it.
    let mut parsed = Parsed::default();
    let addresses: HashMap<&str, Address> = records
        .iter()
        .filter(|r| role(&r.schema) == Role::Address)
        .filter_map(|r| read_address(r).map(|a| (r.id.as_str(), a)))
        .collect();

    let mut entities = Vec::new();
    let mut targets: Vec<&Record> = Vec::new();
    let mut positions: HashMap<&str, usize> = HashMap::new();
    for record in &records {
        if let Role::Entity(schema) = role(&record.schema)
            && !record.nested
        {
            positions.insert(record.id.as_str(), entities.len());
            entities.push(read_entity_record(
                record,
                schema,
                &addresses,
                context,
                &mut parsed,
            ));
            targets.push(record);
        }
    }

    // The datasets each entity's sanctions come from.
    let mut covered: Vec<HashSet<String>> = vec![HashSet::new(); entities.len()];
    for record in &records {
        let links = match role(&record.schema) {
            Role::Sanction => "entity",
            Role::Identification(_) => "holder",
            _ => continue,
        };
        for target in record.values(links) {
            let found = positions
                .get(target)
                .and_then(|&p| entities.get_mut(p).zip(covered.get_mut(p)));
            let Some((entity, covered)) = found else {
                // A sanction nested in a related entity belongs to a target
                // that has its own line; a document without its holder says
                // nothing about anyone listed.
                if role(&record.schema) == Role::Sanction && !record.nested {
                    parsed.warn(
                        &format!("{}:{}", context.source, record.id),
                        "entity",
                        target,
                        format!(
                            "the sanction on line {} names an entity the file does not hold",
                            record.line
                        ),
                    );
                }
                continue;
            };
            match role(&record.schema) {
                Role::Identification(kind) => {
                    add_identification(record, kind, entity, &mut parsed);
                }
                _ => {
                    let listing = sanction_listing(record, entity, context, &mut parsed);
                    covered.extend(record.datasets.iter().cloned());
                    covered.insert(listing.source.clone());
                    entity.listings.push(listing);
                }
            }
        }
    }

    for ((entity, record), covered) in entities.iter_mut().zip(&targets).zip(&covered) {
        for dataset in &record.datasets {
            if !covered.contains(dataset) {
                entity.listings.push(dataset_listing(dataset));
            }
        }
        if entity.listings.is_empty() {
            entity.listings.push(Listing::new(
                &context.source,
                Authority::Other(context.source.clone()),
            ));
        }
    }
    parsed.entities = entities;
    parsed
}

/// Reads one entity record of a person, organisation, vessel or aircraft.
fn read_entity_record(
    record: &Record,
    schema: Schema,
    addresses: &HashMap<&str, Address>,
    context: &Context,
    parsed: &mut Parsed,
) -> Entity {
    let mut entity = Entity::new(&context.source, &record.id, schema);
    read_names(record, &mut entity);

    for property in ["birthDate", "incorporationDate", "buildDate"] {
        for date in record.values(property) {
            add_birth_date(&mut entity, date, NumericOrder::DayFirst, parsed);
        }
    }
    for place in record.values("birthPlace") {
        Entity::push_unique(&mut entity.birth_places, place.to_owned());
    }
    for (property, field) in COUNTRY_PROPERTIES {
        for code in record.values(property) {
            add_ftm_country(&mut entity, *field, code, parsed);
        }
    }
    read_identifiers(record, &mut entity);

    for id in record.values("addressEntity") {
        if let Some(address) = addresses.get(id) {
            add_address(&mut entity, address.clone());
        }
    }
    for full in record.values("address") {
        add_address(
            &mut entity,
            Address {
                full: full.to_owned(),
                ..Address::default()
            },
        );
    }
    for (property, list) in [
        ("email", &mut entity.emails),
        ("phone", &mut entity.phones),
        ("website", &mut entity.websites),
        ("title", &mut entity.titles),
        ("position", &mut entity.positions),
    ] {
        for value in record.values(property) {
            Entity::push_unique(list, value.to_owned());
        }
    }
    if let Some(gender) = record.first("gender") {
        set_gender(&mut entity, gender, parsed);
    }
    if schema == Schema::Vessel {
        read_vessel(record, &mut entity, parsed);
    }
    entity
}

/// Entity properties holding country codes, and the list each fills.
const COUNTRY_PROPERTIES: &[(&str, CountryField)] = &[
    ("nationality", CountryField::Nationality),
    ("citizenship", CountryField::Citizenship),
    ("country", CountryField::Country),
    ("jurisdiction", CountryField::Country),
    ("mainCountry", CountryField::Country),
    ("birthCountry", CountryField::Country),
];

/// The country an FtM code names. Codes of a country's part (`gb-nir`,
/// Northern Ireland) count as the country; codes of no present country
/// (`suhh`, the Soviet Union; `zz`, global; `eu`) name none.
pub(crate) fn ftm_country(code: &str) -> Option<Country> {
    let code = code.trim();
    let country = code.split_once('-').map_or(code, |(country, _)| country);
    Country::from_alpha2(country)
}

/// Reads an FtM country code into `field`; a code that names no country is
/// kept and reported.
pub(crate) fn add_ftm_country(
    entity: &mut Entity,
    field: CountryField,
    code: &str,
    parsed: &mut Parsed,
) {
    let code = code.trim();
    let country = ftm_country(code);
    add_country(
        entity,
        field,
        country.as_ref().map_or(code, Country::code),
        parsed,
    );
}

/// An FtM code for a single value (a flag, a document's issuer); a code
/// that names no country is kept in `field` and reported.
fn value_country(
    entity: &mut Entity,
    field: &str,
    code: &str,
    parsed: &mut Parsed,
) -> Option<Country> {
    let country = ftm_country(code);
    if country.is_none() {
        entity.keep_unparsed(field, code);
        parsed.warn(&entity.id, field, code, "not a known country");
    }
    country
}

/// The names: `name` values are primary (the entity's caption first),
/// `alias` aliases, `weakAlias` and `abbreviation` weak aliases,
/// `previousName` former names.
fn read_names(record: &Record, entity: &mut Entity) {
    let mut primaries: Vec<&str> = record.values("name").collect();
    if let Some(caption) = record.caption.as_deref()
        && let Some(i) = primaries.iter().position(|n| *n == caption)
    {
        let caption = primaries.remove(i);
        primaries.insert(0, caption);
    }
    let parts = name_parts(record);
    if primaries.is_empty() {
        // A person known only by the parts of their name.
        let composed = parts
            .iter()
            .map(|p| p.value.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if !composed.is_empty() {
            entity.add_name(Name::new(&composed, NameKind::Primary).with_parts(parts.clone()));
        }
    }
    for name in primaries {
        let mut name = Name::new(name, NameKind::Primary);
        let folded = name.full.to_lowercase();
        if !parts.is_empty()
            && parts
                .iter()
                .all(|p| contains_word(&folded, &p.value.to_lowercase()))
        {
            name = name.with_parts(parts.clone());
        }
        entity.add_name(name);
    }
    for (property, kind) in [
        ("alias", NameKind::Alias),
        ("weakAlias", NameKind::WeakAlias),
        ("abbreviation", NameKind::WeakAlias),
        ("previousName", NameKind::Former),
    ] {
        for name in record.values(property) {
            entity.add_name(Name::new(name, kind));
        }
    }
}

/// The parts of the primary name, where each part has one value: with
/// several (`firstName: [Maria, Mariya]`, typical of merged entities) no
/// one of them belongs to every name, and the names themselves say more.
fn name_parts(record: &Record) -> Vec<NamePart> {
    let single = |property: &str| {
        let mut values = record.values(property);
        let first = values.next();
        if values.next().is_some() {
            return Err(());
        }
        Ok(first)
    };
    let parts = [
        (NamePartKind::Given, "firstName"),
        (NamePartKind::Middle, "middleName"),
        (NamePartKind::Middle, "secondName"),
        (NamePartKind::Patronymic, "fatherName"),
        (NamePartKind::Family, "lastName"),
    ]
    .map(|(kind, property)| single(property).map(|value| (kind, value)));
    if parts.iter().any(Result::is_err) {
        return Vec::new();
    }
    NamePart::present(parts.into_iter().flatten())
}

/// Whether `part` occurs in `text` as whole words.
fn contains_word(text: &str, part: &str) -> bool {
    let part = part.trim();
    !part.is_empty()
        && text.match_indices(part).any(|(start, _)| {
            let before = text.get(..start).and_then(|t| t.chars().next_back());
            let after = text
                .get(start + part.len()..)
                .and_then(|t| t.chars().next());
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
}

/// Identifier properties, the kind each holds and a label naming it. More
/// specific properties come first: OpenSanctions often repeats one number
/// under several (an INN as `innCode`, `taxNumber` and `idNumber`), and the
/// first kind is kept.
const IDENTIFIER_PROPERTIES: &[(&str, IdKind, &str)] = &[
    ("imoNumber", IdKind::Imo, "IMO"),
    ("passportNumber", IdKind::Passport, "passport"),
    ("swiftBic", IdKind::Swift, "SWIFT/BIC"),
    ("innCode", IdKind::TaxId, "INN"),
    ("vatCode", IdKind::TaxId, "VAT"),
    ("taxNumber", IdKind::TaxId, "tax number"),
    ("ogrnCode", IdKind::Registration, "OGRN"),
    ("leiCode", IdKind::Registration, "LEI"),
    ("dunsCode", IdKind::Registration, "D-U-N-S"),
    ("okpoCode", IdKind::Registration, "OKPO"),
    (
        "registrationNumber",
        IdKind::Registration,
        "registration number",
    ),
    (
        "socialSecurityNumber",
        IdKind::NationalId,
        "social security number",
    ),
    // A person's generic id number is a national id; an organisation's is
    // a registration (see `read_identifiers`).
    ("idNumber", IdKind::NationalId, "id number"),
    ("kppCode", IdKind::Other, "KPP"),
    ("bikCode", IdKind::Other, "BIK"),
    ("mmsi", IdKind::Other, "MMSI"),
    ("serialNumber", IdKind::Other, "serial number"),
    ("permId", IdKind::Other, "PermID"),
    ("uniqueEntityId", IdKind::Other, "UEI"),
    ("npiCode", IdKind::Other, "NPI"),
    ("wikidataId", IdKind::Other, "Wikidata"),
];

fn read_identifiers(record: &Record, entity: &mut Entity) {
    for &(property, kind, label) in IDENTIFIER_PROPERTIES {
        let kind = match (kind, entity.schema) {
            (IdKind::NationalId, schema) if !schema.is_person_like() => IdKind::Registration,
            (kind, _) => kind,
        };
        for number in record.values(property) {
            add_identifier(entity, kind, number, Some(label), None);
        }
    }
}

/// Adds an identifier unless the entity has the same number already. IMO
/// numbers are kept as their seven digits (`IMO9253325` → `9253325`).
pub(crate) fn add_identifier(
    entity: &mut Entity,
    kind: IdKind,
    number: &str,
    label: Option<&str>,
    country: Option<Country>,
) {
    let number = match kind {
        IdKind::Imo => imo_digits(number).unwrap_or(number),
        _ => number.trim(),
    };
    if number.is_empty() || entity.identifiers.iter().any(|i| i.number == number) {
        return;
    }
    entity.identifiers.push(Identifier {
        kind,
        number: number.to_owned(),
        country,
        label: label.map(str::to_owned),
        note: None,
    });
}

/// The seven digits of an IMO number written `IMO9253325`, `IMO 9253325`
/// or `9253325`.
pub(crate) fn imo_digits(text: &str) -> Option<&str> {
    let text = text.trim();
    let digits = match text.get(..3) {
        Some(prefix) if prefix.eq_ignore_ascii_case("imo") => text.get(3..)?.trim(),
        _ => text,
    };
    (digits.len() == 7 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// Adds a `Passport` or `Identification` record's number to its holder.
fn add_identification(record: &Record, kind: IdKind, entity: &mut Entity, parsed: &mut Parsed) {
    let Some(number) = record.first("number") else {
        return;
    };
    let label = record.first("type");
    let kind = match (kind, label.and_then(crate::fields::document_kind)) {
        (IdKind::Passport, _) => IdKind::Passport,
        (_, Some(kind)) => kind,
        (kind, None) => kind,
    };
    let country = record
        .first("country")
        .and_then(|code| value_country(entity, "identifier_country", code, parsed));
    // The holder's own properties often give the same number already.
    if let Some(known) = entity.identifiers.iter_mut().find(|i| i.number == number) {
        if known.country.is_none() {
            known.country = country;
        }
        return;
    }
    add_identifier(entity, kind, number, label, country);
}

/// An `Address` record as an address: its `full` text (the first given),
/// with its street, city, region, postal code and country.
fn read_address(record: &Record) -> Option<Address> {
    let country = record.first("country").and_then(ftm_country);
    let mut address = Address::from_parts(
        record.first("street"),
        record.first("city"),
        record.first("region"),
        record.first("postalCode"),
        country,
        None,
    )
    .unwrap_or_default();
    if let Some(full) = record.first("full").or(record.caption.as_deref()) {
        address.full = full.to_owned();
    }
    (!address.full.is_empty()).then_some(address)
}

/// Adds an address unless one with the same text (ignoring case) is there.
fn add_address(entity: &mut Entity, address: Address) {
    let key = address.full.to_lowercase();
    if !entity
        .addresses
        .iter()
        .any(|a| a.full.to_lowercase() == key)
    {
        entity.addresses.push(address);
    }
}

fn read_vessel(record: &Record, entity: &mut Entity, parsed: &mut Parsed) {
    let mut vessel = VesselDetails::default();
    if let Some(flag) = record.first("flag") {
        vessel.flag = value_country(entity, "flag", flag, parsed);
    }
    vessel.call_sign = record.first("callSign").map(str::to_owned);
    vessel.vessel_type = record.first("type").map(str::to_owned);
    vessel.tonnage = record
        .first("tonnage")
        .or(record.first("grossRegisteredTonnage"))
        .map(str::to_owned);
    if vessel != VesselDetails::default() {
        entity.vessel = Some(vessel);
    }
}

// ---------------------------------------------------------------------------
// Sanctions, datasets and authorities.

/// A `Sanction` record as a listing of `entity`:
///
/// * its list (`source`) is the sanction's dataset, and its authority that
///   dataset's ([`dataset_authority`]), else one its `authority` and
///   `country` name, else [`Authority::Other`] with the dataset;
/// * `program` and `programId` are its programmes;
/// * `listed_on` is the earliest of `listingDate`, `startDate` and `date`:
///   lists re-publish a listing when they amend it, and the first date is
///   when it began; `ended_on` is the latest `endDate`;
/// * `reason` and `summary` are its remarks, with the `provisions` (asset
///   freeze, travel ban) on a line of their own;
/// * `authorityId`, else `unscId`, else `recordId` is its reference;
///   `sourceUrl` its URL.
fn sanction_listing(
    record: &Record,
    entity: &mut Entity,
    context: &Context,
    parsed: &mut Parsed,
) -> Listing {
    let dataset = record.datasets.first().map(String::as_str);
    let authority = dataset
        .and_then(|d| dataset_authority(d, record.first("authority")))
        .or_else(|| {
            authority_by_name(
                record.values("authority"),
                record.values("country").collect(),
            )
        })
        .unwrap_or_else(|| Authority::Other(dataset.unwrap_or(&context.source).to_owned()));
    let mut listing = Listing::new(dataset.unwrap_or(&context.source), authority);
    for programme in record.values("program").chain(record.values("programId")) {
        Entity::push_unique(&mut listing.programmes, programme.to_owned());
    }

    let mut read_dates = |property: &str| -> Vec<PartialDate> {
        record
            .values(property)
            .filter_map(|text| match PartialDate::parse_iso(text) {
                Ok(date) => Some(date),
                Err(error) => {
                    let field = if property == "endDate" {
                        "ended_on"
                    } else {
                        "listed_on"
                    };
                    entity.keep_unparsed(field, text);
                    parsed.warn(&entity.id, property, text, error.reason);
                    None
                }
            })
            .collect()
    };
    let starts: Vec<PartialDate> = ["listingDate", "startDate", "date"]
        .iter()
        .flat_map(|p| read_dates(p))
        .collect();
    listing.listed_on = starts.into_iter().min_by_key(PartialDate::first_day);
    listing.ended_on = read_dates("endDate")
        .into_iter()
        .max_by_key(PartialDate::last_day);

    let mut remarks: Vec<String> = record
        .values("reason")
        .chain(record.values("summary"))
        .map(str::to_owned)
        .collect();
    let provisions: Vec<&str> = record.values("provisions").collect();
    if !provisions.is_empty() {
        remarks.push(format!("Provisions: {}", provisions.join("; ")));
    }
    remarks.dedup();
    listing.remarks = (!remarks.is_empty()).then(|| remarks.join("\n"));
    listing.reference = record
        .first("authorityId")
        .or(record.first("unscId"))
        .or(record.first("recordId"))
        .map(str::to_owned);
    listing.url = record.first("sourceUrl").map(str::to_owned);
    listing
}

/// The listing of an entity by a dataset that gives no more about it.
pub(crate) fn dataset_listing(dataset: &str) -> Listing {
    let authority =
        dataset_authority(dataset, None).unwrap_or_else(|| Authority::Other(dataset.to_owned()));
    Listing::new(dataset, authority)
}

/// OpenSanctions datasets of the lists whose authority the model knows.
const DATASETS: &[(&str, Authority)] = &[
    ("us_ofac_sdn", Authority::UsOfac),
    ("us_ofac_cons", Authority::UsOfac),
    ("us_bis_denied", Authority::UsBis),
    ("us_dod_chinese_milcorps", Authority::UsDod),
    ("eu_fsf", Authority::Eu),
    ("eu_travel_bans", Authority::Eu),
    ("eu_journal_sanctions", Authority::Eu),
    ("eu_sanctions_map", Authority::Eu),
    ("un_sc_sanctions", Authority::UnSc),
    ("gb_hmt_sanctions", Authority::GbOfsi),
    ("gb_fcdo_sanctions", Authority::GbFcdo),
    ("ca_dfatd_sema_sanctions", Authority::CaGac),
    ("ch_seco_sanctions", Authority::ChSeco),
    ("au_dfat_sanctions", Authority::AuDfat),
    ("cn_sanctions", Authority::CnMfa),
];

/// The authority of an OpenSanctions dataset, if the model knows it. China's
/// list (`cn_sanctions`) gathers three bodies: the sanction's `authority`
/// tells which, the foreign ministry when it does not.
pub(crate) fn dataset_authority(dataset: &str, authority: Option<&str>) -> Option<Authority> {
    let known = DATASETS
        .iter()
        .find(|(name, _)| *name == dataset)
        .map(|(_, authority)| authority.clone())?;
    if known == Authority::CnMfa
        && let Some(named) = authority_by_name(authority.into_iter(), vec!["cn"])
    {
        return Some(named);
    }
    Some(known)
}

/// The authority a sanction's `authority` names, read with its `country`
/// (`Ministry of Foreign Affairs` is China's, Russia's or New Zealand's).
fn authority_by_name<'a>(
    names: impl Iterator<Item = &'a str>,
    countries: Vec<&str>,
) -> Option<Authority> {
    let in_country = |code: &str| countries.iter().any(|c| c.eq_ignore_ascii_case(code));
    if in_country("eu") {
        return Some(Authority::Eu);
    }
    for name in names {
        let name = name.to_lowercase();
        let has = |words: &str| name.contains(words);
        // Acronyms only as words: `seco` is in `second`.
        let acronym = |word: &str| {
            name.split(|c: char| !c.is_alphanumeric())
                .any(|w| w == word)
        };
        let authority = if has("foreign assets control") || acronym("ofac") {
            Authority::UsOfac
        } else if has("industry and security") {
            Authority::UsBis
        } else if has("department of state") || has("state department") {
            Authority::UsState
        } else if has("department of defense") {
            Authority::UsDod
        } else if has("security council") {
            Authority::UnSc
        } else if has("financial sanctions implementation") || has("hm treasury") {
            Authority::GbOfsi
        } else if has("foreign, commonwealth") {
            Authority::GbFcdo
        } else if has("global affairs canada") {
            Authority::CaGac
        } else if has("state secretariat for economic affairs") || acronym("seco") {
            Authority::ChSeco
        } else if has("foreign affairs and trade") && in_country("au") {
            Authority::AuDfat
        } else if has("taiwan affairs") && in_country("cn") {
            Authority::CnTao
        } else if has("commerce") && in_country("cn") {
            Authority::CnMofcom
        } else if has("foreign affairs") && in_country("cn") {
            Authority::CnMfa
        } else if has("foreign affairs") && in_country("ru") {
            Authority::RuMfa
        } else {
            continue;
        };
        return Some(authority);
    }
    None
}

/// Titles of OpenSanctions datasets (as `targets.simple.csv` writes them)
/// and their names.
const DATASET_TITLES: &[(&str, &str)] = &[
    (
        "US OFAC Specially Designated Nationals (SDN) List",
        "us_ofac_sdn",
    ),
    ("EU Financial Sanctions Files (FSF)", "eu_fsf"),
    (
        "UK HMT/OFSI Consolidated List of Targets",
        "gb_hmt_sanctions",
    ),
    ("UK FCDO Sanctions List", "gb_fcdo_sanctions"),
    (
        "UN Security Council Consolidated Sanctions",
        "un_sc_sanctions",
    ),
    ("Ukraine War and Sanctions", "ua_war_sanctions"),
];

/// The dataset a title names: its name when known, else the title in lower
/// case with underscores (`Some New List` → `some_new_list`).
pub(crate) fn dataset_from_title(title: &str) -> String {
    let title = title.trim();
    DATASET_TITLES
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(title))
        .map_or_else(
            || crate::fields::slug(title).replace('-', "_"),
            |(_, name)| (*name).to_owned(),
        )
}

/// The model's schema for an FtM schema name, if it has one: `PublicBody`
/// is an organisation, `Airplane` an aircraft.
pub(crate) fn entity_schema(name: &str) -> Option<Schema> {
    Some(match name {
        "Person" => Schema::Person,
        "Organization" | "PublicBody" => Schema::Organization,
        "Company" => Schema::Company,
        "LegalEntity" => Schema::LegalEntity,
        "Vessel" => Schema::Vessel,
        "Airplane" => Schema::Aircraft,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Parsed {
        parse(text.as_bytes(), &Context::new("os", "entities.ftm.json"))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn error(text: &str) -> String {
        match parse(text.as_bytes(), &Context::new("os", "entities.ftm.json")) {
            Ok(_) => panic!("accepted {text:?}"),
            Err(e) => e.to_string(),
        }
    }

    fn country(code: &str) -> Country {
        Country::from_alpha2(code).unwrap()
    }

    #[test]
    fn maps_a_person() {
        let parsed = parse_text(concat!(
            r#"{"id":"p1","caption":"Ivan Petrov","schema":"Person","properties":{"#,
            r#""name":["Petrov Ivan","Ivan Petrov"],"alias":["Иван Петров"],"weakAlias":["Vanya"],"#,
            r#""previousName":["Ivan Sidorov"],"firstName":["Ivan"],"lastName":["Petrov"],"#,
            r#""birthDate":["1970-05","1971"],"birthPlace":["Moscow"],"nationality":["ru"],"#,
            r#""citizenship":["gb-nir"],"country":["ru"],"innCode":["771234567890"],"#,
            r#""taxNumber":["771234567890"],"passportNumber":["AB123"],"idNumber":["X-1"],"#,
            r#""gender":["male"],"title":["Dr"],"position":["Director"],"email":["i@p.ru"],"#,
            r#""phone":["+7 1"],"website":["p.ru"],"address":["Moscow, Tverskaya 1"]},"#,
            r#""datasets":["eu_fsf","ru_example"],"target":true}"#,
            "\n"
        ));
        let [person] = parsed.entities.as_slice() else {
            panic!("one entity");
        };
        assert_eq!(person.id, "os:p1");
        assert_eq!(person.schema, Schema::Person);
        let names: Vec<_> = person
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("Ivan Petrov", NameKind::Primary),
                ("Petrov Ivan", NameKind::Primary),
                ("Иван Петров", NameKind::Alias),
                ("Vanya", NameKind::WeakAlias),
                ("Ivan Sidorov", NameKind::Former),
            ]
        );
        assert_eq!(person.names[0].part(NamePartKind::Given), Some("Ivan"));
        assert_eq!(person.names[0].part(NamePartKind::Family), Some("Petrov"));
        assert_eq!(person.names[1].part(NamePartKind::Family), Some("Petrov"));
        let dates: Vec<String> = person.birth_dates.iter().map(ToString::to_string).collect();
        assert_eq!(dates, ["1970-05", "1971"]);
        assert_eq!(person.birth_places, ["Moscow"]);
        assert_eq!(person.nationalities, [country("RU")]);
        assert_eq!(person.citizenships, [country("GB")], "gb-nir is in the UK");
        assert_eq!(person.countries, [country("RU")]);
        let ids: Vec<_> = person
            .identifiers
            .iter()
            .map(|i| (i.kind, i.number.as_str(), i.label.as_deref()))
            .collect();
        assert_eq!(
            ids,
            [
                (IdKind::Passport, "AB123", Some("passport")),
                (IdKind::TaxId, "771234567890", Some("INN")),
                (IdKind::NationalId, "X-1", Some("id number")),
            ]
        );
        assert_eq!(person.gender, Some(interdict_model::Gender::Male));
        assert_eq!(person.titles, ["Dr"]);
        assert_eq!(person.positions, ["Director"]);
        assert_eq!(person.emails, ["i@p.ru"]);
        assert_eq!(person.phones, ["+7 1"]);
        assert_eq!(person.websites, ["p.ru"]);
        assert_eq!(person.addresses[0].full, "Moscow, Tverskaya 1");
        let listings: Vec<_> = person
            .listings
            .iter()
            .map(|l| (l.source.as_str(), l.authority.clone()))
            .collect();
        assert_eq!(
            listings,
            [
                ("eu_fsf", Authority::Eu),
                ("ru_example", Authority::Other("ru_example".into()))
            ]
        );
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    }

    #[test]
    fn name_parts_only_where_they_are_unambiguous() {
        let parsed = parse_text(concat!(
            r#"{"id":"a","schema":"Person","properties":{"name":["Maria Osetrova"],"firstName":["Maria","Mariya"],"lastName":["Osetrova"]}}"#,
            "\n",
            r#"{"id":"b","schema":"Person","properties":{"firstName":["Anna"],"fatherName":["Petrovna"],"lastName":["Ivanova"]}}"#,
        ));
        assert!(parsed.entities[0].names[0].parts.is_empty());
        let anna = &parsed.entities[1].names[0];
        assert_eq!(anna.full, "Anna Petrovna Ivanova");
        assert_eq!(anna.part(NamePartKind::Patronymic), Some("Petrovna"));
    }

    #[test]
    fn organisations_vessels_and_aircraft() {
        let parsed = parse_text(concat!(
            r#"{"id":"c","schema":"Company","properties":{"name":["Acme LLC"],"jurisdiction":["ru"],"incorporationDate":["2002-12-31"],"ogrnCode":["1021801671462"],"idNumber":["77"],"imoNumber":["IMO1234567"]}}"#,
            "\n",
            r#"{"id":"g","schema":"PublicBody","properties":{"name":["Ministry"]}}"#,
            "\n",
            r#"{"id":"v","schema":"Vessel","properties":{"name":["ROSALIN"],"imoNumber":["IMO9253325"],"flag":["lr"],"callSign":["A8AB"],"type":["Tanker"],"buildDate":["2003"],"mmsi":["636012345"]}}"#,
            "\n",
            r#"{"id":"x","schema":"Airplane","properties":{"name":["RA-1"],"serialNumber":["42"]}}"#,
        ));
        let schemas: Vec<Schema> = parsed.entities.iter().map(|e| e.schema).collect();
        assert_eq!(
            schemas,
            [
                Schema::Company,
                Schema::Organization,
                Schema::Vessel,
                Schema::Aircraft
            ]
        );
        let company = &parsed.entities[0];
        assert_eq!(company.countries, [country("RU")]);
        assert_eq!(company.birth_dates[0].to_string(), "2002-12-31");
        let kinds: Vec<_> = company
            .identifiers
            .iter()
            .map(|i| (i.kind, i.number.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (IdKind::Imo, "1234567"),
                (IdKind::Registration, "1021801671462"),
                (IdKind::Registration, "77"),
            ],
            "a company's id number is a registration"
        );
        let vessel = &parsed.entities[2];
        let details = vessel.vessel.as_ref().unwrap();
        assert_eq!(details.flag, Some(country("LR")));
        assert_eq!(details.call_sign.as_deref(), Some("A8AB"));
        assert_eq!(details.vessel_type.as_deref(), Some("Tanker"));
        assert_eq!(vessel.identifiers[0].number, "9253325");
        assert_eq!(vessel.identifiers[1].label.as_deref(), Some("MMSI"));
        assert_eq!(vessel.birth_dates[0].to_string(), "2003");
        assert_eq!(parsed.entities[3].identifiers[0].number, "42");
    }

    #[test]
    fn sanctions_become_listings() {
        let parsed = parse_text(concat!(
            r#"{"id":"s1","schema":"Sanction","properties":{"entity":["p"],"authority":["Council of the EU"],"country":["eu"],"program":["UKR"],"programId":["EU-UKR"],"listingDate":["2025-03-15"],"startDate":["2023-12-18"],"endDate":["2026-01-01"],"reason":["Supports the war"],"provisions":["Asset freeze","Travel ban"],"authorityId":["EU.1.2"],"sourceUrl":["https://eur-lex.europa.eu/x"]},"datasets":["eu_fsf"]}"#,
            "\n",
            r#"{"id":"p","schema":"Person","properties":{"name":["A B"]},"datasets":["eu_fsf","gb_hmt_sanctions"]}"#,
            "\n",
            r#"{"id":"s2","schema":"Sanction","properties":{"entity":["p"],"authority":["Ministry of Foreign Affairs"],"country":["ru"],"date":["2022"]},"datasets":["ru_example"]}"#,
            "\n",
            r#"{"id":"s3","schema":"Sanction","properties":{"entity":["gone"],"program":["X"]},"datasets":["eu_fsf"]}"#,
        ));
        let [person] = parsed.entities.as_slice() else {
            panic!("one entity");
        };
        let [eu, ru, uk] = person.listings.as_slice() else {
            panic!("three listings: {:?}", person.listings);
        };
        assert_eq!(
            (eu.source.as_str(), &eu.authority),
            ("eu_fsf", &Authority::Eu)
        );
        assert_eq!(eu.programmes, ["UKR", "EU-UKR"]);
        assert_eq!(eu.listed_on, PartialDate::parse_iso("2023-12-18").ok());
        assert_eq!(eu.ended_on, PartialDate::parse_iso("2026-01-01").ok());
        assert_eq!(
            eu.remarks.as_deref(),
            Some("Supports the war\nProvisions: Asset freeze; Travel ban")
        );
        assert_eq!(eu.reference.as_deref(), Some("EU.1.2"));
        assert_eq!(eu.url.as_deref(), Some("https://eur-lex.europa.eu/x"));
        assert_eq!(
            ru.authority,
            Authority::RuMfa,
            "by its authority and country"
        );
        assert_eq!(ru.listed_on, PartialDate::parse_iso("2022").ok());
        assert_eq!(
            (uk.source.as_str(), &uk.authority, uk.programmes.len()),
            ("gb_hmt_sanctions", &Authority::GbOfsi, 0),
            "a dataset with no sanction still lists the entity"
        );
        let warnings: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "os:s3: entity \"gone\": the sanction on line 4 names an entity the file does not hold"
            ]
        );
    }

    #[test]
    fn unreadable_values_are_kept_and_reported() {
        let parsed = parse_text(concat!(
            r#"{"id":"p","schema":"Person","properties":{"name":["A"],"birthDate":["19xx"],"nationality":["suhh"],"gender":["other"]}}"#,
            "\n",
            r#"{"id":"s","schema":"Sanction","properties":{"entity":["p"],"startDate":["sometime"]},"datasets":["eu_fsf"]}"#,
        ));
        let person = &parsed.entities[0];
        let unparsed: Vec<_> = person
            .unparsed
            .iter()
            .map(|u| (u.field.as_str(), u.value.as_str()))
            .collect();
        assert_eq!(
            unparsed,
            [
                ("birth_date", "19xx"),
                ("nationality", "suhh"),
                ("gender", "other"),
                ("listed_on", "sometime"),
            ]
        );
        assert_eq!(parsed.warnings.len(), 4);
        assert_eq!(person.listings[0].listed_on, None);
    }

    #[test]
    fn delta_operations_apply_in_order() {
        let parsed = parse_text(concat!(
            r#"{"op":"ADD","entity":{"id":"a","schema":"Person","properties":{"name":["Old"]}}}"#,
            "\n",
            r#"{"op":"ADD","entity":{"id":"b","schema":"Person","properties":{"name":["B"]}}}"#,
            "\n",
            r#"{"op":"MOD","entity":{"id":"a","schema":"Person","properties":{"name":["New"]}}}"#,
            "\n",
            r#"{"op":"DEL","entity":{"id":"b"}}"#,
            "\n",
            r#"{"op":"ADD","entity":{"id":"c","schema":"Company","properties":{"name":["C"]}}}"#,
            "\n",
            r#"{"op":"MOD","entity":{"id":"c","schema":"Ownership","properties":{}}}"#,
            "\n",
        ));
        let names: Vec<&str> = parsed.entities.iter().map(Entity::caption).collect();
        assert_eq!(names, ["New"], "b deleted, c replaced by a skipped record");
    }

    #[test]
    fn entity_fragments_are_merged() {
        let parsed = parse_text(concat!(
            r#"{"id":"a","schema":"Person","properties":{"name":["A"]},"datasets":["x"]}"#,
            "\n\n",
            r#"{"id":"a","schema":"Person","properties":{"alias":["Alias"],"name":["A"]},"datasets":["y"]}"#,
        ));
        let [a] = parsed.entities.as_slice() else {
            panic!("one entity");
        };
        assert_eq!(a.names.len(), 2);
        assert_eq!(a.listings.len(), 2);
    }

    #[test]
    fn nested_targets_carry_their_sanctions_and_addresses() {
        let parsed = parse_text(concat!(
            r#"{"id":"t","schema":"Person","properties":{"name":["T"],"#,
            r#""sanctions":[{"id":"s","schema":"Sanction","properties":{"program":["P"],"authority":["Office of Foreign Assets Control"]},"datasets":["us_ofac_sdn"]}],"#,
            r#""addressEntity":[{"id":"ad","schema":"Address","properties":{"full":["1 Main St, Springfield"],"city":["Springfield"],"country":["us"]}}],"#,
            r#""familyPerson":[{"id":"f","schema":"Family","properties":{"person":["t"],"relative":[{"id":"r","schema":"Person","properties":{"name":["Relative"]}}]}}],"#,
            r#""identification":[{"id":"i","schema":"Passport","properties":{"holder":["t"],"number":["P-1"],"country":["us"],"type":["Passport"]}}]"#,
            r#"},"datasets":["us_ofac_sdn"]}"#,
        ));
        let [target] = parsed.entities.as_slice() else {
            panic!("only the target: {:?}", parsed.entities);
        };
        let [listing] = target.listings.as_slice() else {
            panic!("one listing: {:?}", target.listings);
        };
        assert_eq!(listing.authority, Authority::UsOfac);
        assert_eq!(listing.programmes, ["P"]);
        let address = &target.addresses[0];
        assert_eq!(address.full, "1 Main St, Springfield");
        assert_eq!(address.city.as_deref(), Some("Springfield"));
        assert_eq!(address.country, Some(country("US")));
        let passport = &target.identifiers[0];
        assert_eq!(
            (passport.kind, passport.number.as_str(), passport.country),
            (IdKind::Passport, "P-1", Some(country("US")))
        );
    }

    #[test]
    fn lines_that_are_not_entities_are_errors() {
        assert_eq!(
            error("{\"id\":\"a\",\"schema\":\"Person\"}\n{\"id\": \n"),
            "entities.ftm.json: line 2: invalid JSON: EOF while parsing a value at line 1 column 6"
        );
        assert_eq!(
            error("[1, 2]\n"),
            "entities.ftm.json: line 1: a JSON value that is not an object: not a FollowTheMoney entity"
        );
        assert_eq!(
            error("{\"left\":\"a\",\"right\":\"b\"}\n"),
            "entities.ftm.json: line 1: an object without an \"id\": not a FollowTheMoney entity"
        );
        assert_eq!(
            error("{\"id\":\"a\",\"properties\":{}}\n"),
            "entities.ftm.json: line 1: entity \"a\" has no \"schema\""
        );
        assert_eq!(
            error("{\"op\":\"PATCH\",\"entity\":{\"id\":\"a\"}}\n"),
            "entities.ftm.json: line 1: unknown delta operation \"PATCH\": expected ADD, MOD or DEL"
        );
        assert_eq!(
            error("{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[1]}}\n"),
            "entities.ftm.json: line 1: entity \"a\": property \"name\" holds 1, not a string or an entity"
        );
        assert!(
            error("{\"id\":\"a\",\"schema\":\"Person\"}\n\n\u{0}").contains("line 3: invalid JSON")
        );
        assert!(error("").contains("empty"));
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let bytes = b"{\"id\":\"a\",\"schema\":\"Person\"}\n{\"id\":\"\xff\"}\n";
        let Err(error) = parse(&bytes[..], &Context::new("os", "f.json")) else {
            panic!("accepted invalid UTF-8");
        };
        assert!(
            error
                .to_string()
                .starts_with("f.json: line 2: invalid UTF-8"),
            "{error}"
        );
    }

    fn one_entity(json: &str) -> Result<Entity, FtmEntityError> {
        let value: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"));
        entity_from_value(&value, "pair")
    }

    #[test]
    fn one_object_maps_like_a_line_of_a_file() {
        let person = one_entity(concat!(
            r#"{"id":"q1","schema":"Person","properties":{"name":["Ivan Petrov"],"#,
            r#""alias":"Иван Петров","birthDate":["1970-05-01"],"nationality":["ru"],"#,
            r#""idNumber":["X-1"],"passportNumber":["AB123"],"notes":[null]},"judgement":"positive"}"#
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(person.id, "pair:q1");
        assert_eq!(person.schema, Schema::Person);
        let names: Vec<_> = person
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("Ivan Petrov", NameKind::Primary),
                ("Иван Петров", NameKind::Alias)
            ]
        );
        assert_eq!(person.birth_dates[0].to_string(), "1970-05-01");
        assert_eq!(person.nationalities, [country("RU")]);
        let ids: Vec<_> = person
            .identifiers
            .iter()
            .map(|i| (i.kind, i.number.as_str()))
            .collect();
        assert_eq!(
            ids,
            [(IdKind::Passport, "AB123"), (IdKind::NationalId, "X-1")]
        );
        assert!(person.listings.is_empty());
    }

    #[test]
    fn one_object_needs_no_id_and_keeps_unreadable_values() {
        let vessel = one_entity(
            r#"{"schema":"Vessel","properties":{"name":["ROSALIN"],"imoNumber":["IMO9253325"],"buildDate":["19xx"]}}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(vessel.id, "pair:");
        assert_eq!(vessel.identifiers[0].number, "9253325");
        assert_eq!(vessel.unparsed[0].value, "19xx");
        let company = one_entity(r#"{"schema":"PublicBody","properties":{"name":"Ministry"}}"#)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(company.schema, Schema::Organization);
        assert_eq!(company.caption(), "Ministry");
    }

    #[test]
    fn objects_that_are_not_entities_are_errors() {
        let message = |json: &str| match one_entity(json) {
            Ok(entity) => panic!("accepted {json}: {entity:?}"),
            Err(error) => error.to_string(),
        };
        assert_eq!(
            message("[1]"),
            "not a FollowTheMoney entity: an array is not an object"
        );
        assert_eq!(
            message(r#"{"properties":{}}"#),
            "the entity has no \"schema\""
        );
        assert_eq!(
            one_entity(r#"{"schema":"Sanction"}"#).err(),
            Some(FtmEntityError::UnsupportedSchema("Sanction".into()))
        );
        assert_eq!(
            message(r#"{"schema":"Person","properties":["x"]}"#),
            "\"properties\" is an array, not an object"
        );
        assert_eq!(
            message(r#"{"schema":"Person","properties":{"name":[7]}}"#),
            "property \"name\" holds 7, not a string"
        );
        assert_eq!(message(r#"{"schema":3}"#), "\"schema\" is 3, not a string");
    }

    #[test]
    fn authorities_by_name_and_country() {
        let by = |name: &str, country: &str| authority_by_name([name].into_iter(), vec![country]);
        assert_eq!(by("OFAC", "us"), Some(Authority::UsOfac));
        assert_eq!(
            by("Office of Foreign Assets Control (OFAC)", "us"),
            Some(Authority::UsOfac)
        );
        assert_eq!(by("Second Ministry", "xx"), None, "not SECO");
        assert_eq!(
            by("Department of Foreign Affairs and Trade", "au"),
            Some(Authority::AuDfat)
        );
        assert_eq!(by("Ministry of Foreign Affairs and Trade", "nz"), None);
        assert_eq!(
            by("Ministry of Foreign Affairs", "ru"),
            Some(Authority::RuMfa)
        );
        assert_eq!(by("Ministry of Commerce", "cn"), Some(Authority::CnMofcom));
        assert_eq!(by("Anything", "eu"), Some(Authority::Eu));
        assert_eq!(
            dataset_authority("cn_sanctions", Some("Taiwan Affairs Office")),
            Some(Authority::CnTao)
        );
        assert_eq!(
            dataset_authority("cn_sanctions", None),
            Some(Authority::CnMfa)
        );
        assert_eq!(dataset_authority("be_fod_sanctions", None), None);
    }

    #[test]
    fn titles_name_datasets() {
        assert_eq!(
            dataset_from_title("Ukraine War and Sanctions"),
            "ua_war_sanctions"
        );
        assert_eq!(dataset_from_title("Some New List"), "some_new_list");
        assert_eq!(imo_digits("IMO 9253325"), Some("9253325"));
        assert_eq!(imo_digits("IMO92533"), None);
    }
}
