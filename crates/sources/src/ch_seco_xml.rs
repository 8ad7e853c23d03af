//! Switzerland's sanctions list, published by SECO (State Secretariat for
//! Economic Affairs) as XML (`swiss-sanctions-list`).
//!
//! The root `swiss-sanctions-list{list-type, date}` holds:
//!
//! * `sanctions-program{ssid}` with its `program-key` and `program-name` in
//!   several languages, the `sanctions-set{ssid}`s (annexes, articles) it
//!   defines and its `origin` (UN, EU);
//! * `target{ssid}`, one per listed party, naming the sanctions sets it is
//!   listed under (`sanctions-set-id`), holding one `individual{sex}`,
//!   `entity` or `object{object-type}`, and its `modification`s (listed,
//!   amended, de-listed, with their dates);
//! * `place{ssid}`: locations (`location`, `area`, `country{iso-code}`) that
//!   addresses and places of birth refer to by `place-id`.
//!
//! A party has one or more `identity` (the `main` one, and others such as a
//! second passport identity), each with `name{name-type, quality, lang}`
//! built from ordered `name-part{order, name-part-type}/value` (with
//! `spelling-variant{script, lang}`s, often Cyrillic), `day-month-year`,
//! `nationality`, `place-of-birth`, `address` and `identification-document`.
//! The party itself carries `justification`, `other-information` and
//! `relation{target-id}` links to other targets.
//!
//! Each target becomes one [`Entity`] with id `{source}:{ssid}` and one
//! [`Listing`] by [`Authority::ChSeco`]. A de-listed target is kept, with the
//! listing's end date, so that amendment files read fully. Places,
//! programmes and related targets are resolved once the whole file is read,
//! as the file may give them after the targets that use them. The
//! `modification` elements also hold historical copies of the target
//! (`added`, `removed`), which are not read: the current data is the
//! target's own.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;

use interdict_model::{
    Address, Authority, Country, Entity, FuzzyDate, IdKind, Identifier, Listing, Name, NameKind,
    NamePart, NamePartKind, PartialDate, Schema,
};

use crate::fields::{
    CountryField, add_country, add_new_name, document_kind, join_non_blank, resolve_country,
    set_gender,
};
use crate::xml::{Node, RecordReader};
use crate::{Context, Location, Parsed, SourceError};

/// Reads a whole SECO XML file.
pub fn parse(input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
    let mut reader = RecordReader::new(input, &context.label);
    let mut parsed = Parsed::default();
    let mut list = List::default();
    let mut index = 0;
    while let Some(node) = reader.next_record(&["sanctions-program", "target", "place"])? {
        if let Some(root) = reader.root_name()
            && root != "swiss-sanctions-list"
        {
            return Err(reader.error(format!(
                "root element is <{root}>, not <swiss-sanctions-list>: not a SECO XML file"
            )));
        }
        match node.name.as_str() {
            "sanctions-program" => list.read_programme(&node),
            "place" => {
                if let Some(ssid) = node.attr("ssid") {
                    list.places.insert(ssid.to_owned(), Place::read(&node));
                }
            }
            _ => {
                index += 1;
                let error = |message: String| {
                    SourceError::new(
                        &context.label,
                        Location::Record {
                            index,
                            id: node.attr("ssid").map(str::to_owned),
                        },
                        message,
                    )
                };
                let (entity, pending) = read_target(&node, context, &mut parsed).map_err(error)?;
                if !list.ids.insert(entity.id.clone()) {
                    return Err(error(
                        "this ssid was already used by an earlier target".into(),
                    ));
                }
                parsed.entities.push(entity);
                list.pending.push(pending);
            }
        }
    }

    let date = reader
        .root_attributes()
        .iter()
        .find(|(key, _)| key == "date")
        .map(|(_, value)| value.trim())
        .filter(|value| !value.is_empty());
    match date {
        Some(text) => match PartialDate::parse_iso(text) {
            Ok(date) => parsed.meta.published = Some(date),
            Err(error) => parsed.warn(&context.label, "date", text, error.reason),
        },
        None if parsed.entities.is_empty() => {
            return Err(SourceError::new(
                &context.label,
                Location::File,
                "neither a date nor any target: not a SECO XML file",
            ));
        }
        None => {}
    }
    list.finish(&context.source, &mut parsed);
    Ok(parsed)
}

/// What the file defines for its targets to refer to, and what the targets
/// refer to.
#[derive(Default)]
struct List {
    /// Sanctions sets by ssid.
    sets: HashMap<String, SanctionsSet>,
    /// Places by ssid.
    places: HashMap<String, Place>,
    /// The ids of the entities read so far.
    ids: HashSet<String>,
    /// One per entity, in the same order.
    pending: Vec<Pending>,
}

/// A sanctions set and the programme that defines it.
struct SanctionsSet {
    /// The programme's key (`Belarus`, `PPDM`).
    programme: String,
    /// The programme's name and the set's: "Ordinance of 15 June 2016 on
    /// measures against Belarus: article 12 -- Restrictions on named
    /// individuals and entities".
    description: Option<String>,
}

/// Warnings found at the end of the file: record, field, value, message.
type Warnings = Vec<(String, &'static str, String, &'static str)>;

/// What a target refers to that can only be read at the end of the file.
#[derive(Default)]
struct Pending {
    sets: Vec<String>,
    addresses: Vec<AddressRef>,
    birth_places: Vec<Place>,
    relations: Vec<Relation>,
}

/// An address: its own lines, and the place it is in.
struct AddressRef {
    lines: Vec<String>,
    zip_code: Option<String>,
    place: Place,
}

/// A `place`, or the inline parts of an address or place of birth, with the
/// `place-id` it refers to.
#[derive(Clone, Default)]
struct Place {
    place_id: Option<String>,
    location: Option<String>,
    area: Option<String>,
    country_code: Option<String>,
    country_text: Option<String>,
}

/// A `relation` to another target.
struct Relation {
    target_id: String,
    kind: String,
    remark: Option<String>,
}

impl List {
    /// Reads a `sanctions-program` and the sets it defines.
    fn read_programme(&mut self, node: &Node) {
        let english = |name: &'static str| {
            node.children_named(name)
                .find(|n| n.attr("lang") == Some("eng"))
                .or_else(|| node.child(name))
                .and_then(Node::value)
        };
        let key = english("program-key").or_else(|| english("program-name"));
        let name = english("program-name");
        // Each set is given once per language, with the same ssid.
        let mut seen = Vec::new();
        for set in node.children_named("sanctions-set") {
            let Some(ssid) = set.attr("ssid") else {
                continue;
            };
            if seen.contains(&ssid) {
                continue;
            }
            seen.push(ssid);
            let set_name = node
                .children_named("sanctions-set")
                .find(|s| s.attr("ssid") == Some(ssid) && s.attr("lang") == Some("eng"))
                .unwrap_or(set)
                .value();
            self.sets.insert(
                ssid.to_owned(),
                SanctionsSet {
                    programme: key.unwrap_or(ssid).to_owned(),
                    description: join_non_blank([name, set_name], ": "),
                },
            );
        }
    }

    /// Resolves what the targets refer to: their programmes, places and
    /// related targets.
    fn finish(mut self, source: &str, parsed: &mut Parsed) {
        let captions: HashMap<String, String> = parsed
            .entities
            .iter()
            .map(|e| (e.id.clone(), e.caption().to_owned()))
            .collect();
        let mut warnings = Warnings::new();
        let all_pending = std::mem::take(&mut self.pending);
        for (entity, pending) in parsed.entities.iter_mut().zip(all_pending) {
            let mut remarks = Vec::new();
            let mut programmes = Vec::new();
            for ssid in &pending.sets {
                match self.sets.get(ssid) {
                    Some(set) => {
                        Entity::push_unique(&mut programmes, set.programme.clone());
                        if let Some(description) = &set.description {
                            Entity::push_unique(&mut remarks, description.clone());
                        }
                    }
                    None => {
                        entity.keep_unparsed("programme", ssid);
                        warnings.push((
                            entity.id.clone(),
                            "sanctions-set-id",
                            ssid.clone(),
                            "no sanctions-program defines this sanctions set",
                        ));
                    }
                }
            }
            for address in pending.addresses {
                let place = self.resolve(address.place, &entity.id, &mut warnings);
                let country = place_country(entity, &place, &mut warnings);
                if let Some(country) = country {
                    Entity::push_unique(&mut entity.countries, country);
                }
                let street = join_non_blank(address.lines.iter().map(|l| Some(l.as_str())), ", ");
                if let Some(address) = Address::from_parts(
                    street.as_deref(),
                    place.location.as_deref(),
                    place.area.as_deref(),
                    address.zip_code.as_deref(),
                    country,
                    place.country_text.as_deref(),
                ) {
                    Entity::push_unique(&mut entity.addresses, address);
                }
            }
            // The country of birth names the place; it is not one of the
            // entity's countries.
            for place in pending.birth_places {
                let place = self.resolve(place, &entity.id, &mut warnings);
                let country = place_country(entity, &place, &mut warnings);
                let text = join_non_blank(
                    [
                        place.location.as_deref(),
                        place.area.as_deref(),
                        place.country_text.as_deref().or(country.map(|c| c.name())),
                    ],
                    ", ",
                );
                if let Some(text) = text {
                    Entity::push_unique(&mut entity.birth_places, text);
                }
            }
            for relation in pending.relations {
                let id = format!("{source}:{}", relation.target_id);
                let kind = relation.kind.replace('-', " ");
                let other = match captions.get(&id) {
                    Some(caption) => format!("{caption} ({id})"),
                    None => format!("target {}", relation.target_id),
                };
                let line = match relation.remark {
                    Some(remark) => format!("{kind}: {other}; {remark}"),
                    None => format!("{kind}: {other}"),
                };
                Entity::push_unique(&mut remarks, line);
            }
            if let Some(listing) = entity.listings.first_mut() {
                listing.programmes = programmes;
                if let Some(existing) = listing.remarks.take() {
                    remarks.insert(0, existing);
                }
                listing.remarks = (!remarks.is_empty()).then(|| remarks.join("\n"));
            }
        }
        for (record, field, value, message) in warnings {
            parsed.warn(&record, field, &value, message);
        }
    }

    /// Completes a place from the `place` its `place-id` names.
    fn resolve(&self, mut place: Place, record: &str, warnings: &mut Warnings) -> Place {
        let Some(id) = place.place_id.clone() else {
            return place;
        };
        match self.places.get(&id) {
            Some(known) => {
                place.location = place.location.or_else(|| known.location.clone());
                place.area = place.area.or_else(|| known.area.clone());
                if place.country_code.is_none() && place.country_text.is_none() {
                    place.country_code = known.country_code.clone();
                    place.country_text = known.country_text.clone();
                }
            }
            None => warnings.push((record.to_owned(), "place-id", id, "no place has this ssid")),
        }
        place
    }
}

impl Place {
    /// Reads a `place`, or the inline parts of an address or place of birth.
    fn read(node: &Node) -> Self {
        let country = node.child("country");
        Self {
            place_id: node.attr("place-id").map(str::to_owned),
            location: node.child_value("location").map(str::to_owned),
            area: node.child_value("area").map(str::to_owned),
            country_code: country
                .and_then(|c| c.attr("iso-code").or_else(|| c.attr("code")))
                .map(str::to_owned),
            country_text: country.and_then(Node::value).map(str::to_owned),
        }
    }
}

/// The country of a place: its code, or else its name. One that names no
/// country is kept in `unparsed` and reported.
fn place_country(entity: &mut Entity, place: &Place, warnings: &mut Warnings) -> Option<Country> {
    let country = place
        .country_code
        .as_deref()
        .and_then(Country::from_alpha2)
        .or_else(|| place.country_text.as_deref().and_then(Country::resolve));
    if country.is_none()
        && let Some(text) = place
            .country_text
            .as_deref()
            .or(place.country_code.as_deref())
    {
        entity.keep_unparsed("country", text);
        warnings.push((
            entity.id.clone(),
            "country",
            text.to_owned(),
            "not a known country",
        ));
    }
    country
}

/// Reads one `target` into an entity, and what it refers to.
fn read_target(
    target: &Node,
    context: &Context,
    parsed: &mut Parsed,
) -> Result<(Entity, Pending), String> {
    let ssid = target.attr("ssid").ok_or("target has no ssid")?;
    let (subject, schema) = if let Some(node) = target.child("individual") {
        (node, Schema::Person)
    } else if let Some(node) = target.child("entity") {
        (node, Schema::Organization)
    } else if let Some(node) = target.child("object") {
        (node, Schema::LegalEntity)
    } else {
        return Err("target has no individual, entity or object".to_owned());
    };
    let mut entity = Entity::new(&context.source, ssid, schema);
    if subject.name == "object" {
        entity.schema = match subject.attr("object-type") {
            Some("vessel") => Schema::Vessel,
            Some("aircraft") => Schema::Aircraft,
            other => {
                let value = other.unwrap_or_default();
                entity.keep_unparsed("schema", value);
                parsed.warn(
                    &entity.id,
                    "object-type",
                    value,
                    "not a vessel or aircraft: read as a legal entity",
                );
                Schema::LegalEntity
            }
        };
    }
    if let Some(sex) = subject.attr("sex") {
        set_gender(&mut entity, sex, parsed);
    }

    let mut pending = Pending {
        sets: target
            .children_named("sanctions-set-id")
            .filter_map(Node::value)
            .map(str::to_owned)
            .collect(),
        ..Pending::default()
    };
    // A target written in the older style names its set in an attribute.
    if let Some(set) = target.attr("sanctions-set-id") {
        pending.sets.push(set.to_owned());
    }

    // The main identity first: its primary name is the entity's.
    let mut address_remarks = Vec::new();
    let mut identities: Vec<&Node> = subject.children_named("identity").collect();
    identities.sort_by_key(|i| i.attr("main") != Some("true"));
    for (position, identity) in identities.iter().enumerate() {
        let context = IdentityContext {
            is_main: position == 0,
            pending: &mut pending,
            remarks: &mut address_remarks,
        };
        read_identity(identity, context, &mut entity, parsed);
    }
    if entity.names.is_empty() {
        return Err("target has no identity with a name".to_owned());
    }
    // The primary name goes first; without one, the first name is it.
    match entity
        .names
        .iter()
        .position(|n| n.kind == NameKind::Primary)
    {
        Some(at) => {
            let primary = entity.names.remove(at);
            entity.names.insert(0, primary);
        }
        None => {
            if let Some(first) = entity.names.first_mut() {
                first.kind = NameKind::Primary;
            }
        }
    }

    let mut remarks: Vec<String> = subject
        .children_named("justification")
        .filter_map(Node::value)
        .map(str::to_owned)
        .collect();
    for information in subject
        .children_named("other-information")
        .filter_map(Node::value)
    {
        read_other_information(information, &mut entity, &mut remarks);
    }
    remarks.append(&mut address_remarks);
    for relation in subject.children_named("relation") {
        if let Some(target_id) = relation.attr("target-id") {
            pending.relations.push(Relation {
                target_id: target_id.to_owned(),
                kind: relation
                    .attr("relation-type")
                    .unwrap_or("related to")
                    .to_owned(),
                remark: relation.child_value("remark").map(str::to_owned),
            });
        }
    }
    if let Some(foreign) = target.child_value("foreign-identifier") {
        // The reference of the UN or EU listing that SECO follows.
        entity.identifiers.push(Identifier {
            kind: IdKind::Other,
            number: foreign.to_owned(),
            country: None,
            label: Some("Foreign identifier".to_owned()),
            note: None,
        });
    }

    let mut listing = Listing::new(&context.source, Authority::ChSeco);
    listing.reference = Some(ssid.to_owned());
    read_modifications(target, &mut listing, &mut entity, parsed);
    listing.remarks = (!remarks.is_empty()).then(|| remarks.join("\n"));
    entity.listings.push(listing);
    Ok((entity, pending))
}

/// Reads the `modification`s of a target: the listing date is the earliest
/// `listed` one, the end date the latest `de-listed` one. Each date is the
/// `effective-date`, else the `publication-date`, else the
/// `enactment-date`.
fn read_modifications(
    target: &Node,
    listing: &mut Listing,
    entity: &mut Entity,
    parsed: &mut Parsed,
) {
    for modification in target.children_named("modification") {
        let text = ["effective-date", "publication-date", "enactment-date"]
            .into_iter()
            .find_map(|name| modification.attr(name));
        let date = match text.map(PartialDate::parse_iso) {
            Some(Ok(date)) => Some(date),
            Some(Err(error)) => {
                let text = text.unwrap_or_default();
                entity.keep_unparsed("modification_date", text);
                parsed.warn(&entity.id, "modification", text, error.reason);
                None
            }
            None => None,
        };
        match modification.attr("modification-type") {
            Some("listed") => {
                listing.listed_on = match (listing.listed_on, date) {
                    (Some(known), Some(date)) => Some(known.min(date)),
                    (known, date) => known.or(date),
                };
            }
            Some("de-listed") => {
                listing.ended_on = match (listing.ended_on, date) {
                    (Some(known), Some(date)) => Some(known.max(date)),
                    (known, date) => known.or(date),
                };
            }
            Some("amended") => {}
            other => {
                let value = other.unwrap_or_default();
                entity.keep_unparsed("modification", value);
                parsed.warn(
                    &entity.id,
                    "modification-type",
                    value,
                    "not listed, amended or de-listed",
                );
            }
        }
    }
}

/// Where the facts of an identity that are not the entity's own go.
struct IdentityContext<'a> {
    /// Whether this is the main identity, whose primary name is the
    /// entity's.
    is_main: bool,
    pending: &'a mut Pending,
    remarks: &'a mut Vec<String>,
}

/// Reads one `identity`: names, dates, nationalities, places of birth,
/// addresses and documents. Anything else is kept as text and reported.
fn read_identity(
    identity: &Node,
    context: IdentityContext,
    entity: &mut Entity,
    parsed: &mut Parsed,
) {
    let mut has_primary = entity.names.iter().any(|n| n.kind == NameKind::Primary);
    for child in &identity.children {
        match child.name.as_str() {
            "name" => {
                for name in read_name(child, context.is_main && !has_primary, entity) {
                    has_primary |= name.kind == NameKind::Primary;
                    add_new_name(entity, name);
                }
            }
            "day-month-year" => read_date(child, entity, parsed),
            "nationality" => read_nationality(child, entity, parsed),
            "place-of-birth" => context.pending.birth_places.push(Place::read(child)),
            "address" => {
                let lines = [
                    child.child_value("c-o").map(|c| format!("c/o {c}")),
                    child.child_value("address-details").map(str::to_owned),
                    child
                        .child_value("p-o-box")
                        .map(|b| format!("P.O. Box {b}")),
                ]
                .into_iter()
                .flatten()
                .collect();
                if let Some(remark) = child
                    .child_value("remarks")
                    .or_else(|| child.child_value("remark"))
                {
                    Entity::push_unique(context.remarks, format!("Address: {remark}"));
                }
                context.pending.addresses.push(AddressRef {
                    lines,
                    zip_code: child.child_value("zip-code").map(str::to_owned),
                    place: Place::read(child),
                });
            }
            "identification-document" => read_document(child, entity, parsed),
            other => {
                // An element with no text of its own is kept by its name.
                let value = child.value().unwrap_or(other);
                entity.keep_unparsed(other, value);
                parsed.warn(
                    &entity.id,
                    other,
                    value,
                    "an identity element this parser does not know",
                );
            }
        }
    }
}

/// What a `name-part-type` is.
enum PartRole {
    Part(NamePartKind),
    /// A title (`Dr`, `General`), kept apart from the name.
    Title,
}

fn part_role(part_type: Option<&str>) -> PartRole {
    match part_type {
        Some("given-name") => PartRole::Part(NamePartKind::Given),
        Some("further-given-name") => PartRole::Part(NamePartKind::Middle),
        Some("family-name" | "maiden-name") => PartRole::Part(NamePartKind::Family),
        Some("father-name" | "grand-father-name") => PartRole::Part(NamePartKind::Patronymic),
        Some("title") => PartRole::Title,
        // Whole names, suffixes, tribal names and others: part of the name,
        // in their place.
        _ => PartRole::Part(NamePartKind::Unspecified),
    }
}

/// Reads a `name` and its spelling variants: one [`Name`] for the name as
/// written, and one per script and language of its variants, where each
/// part takes its variant in that script if it has one. The primary name of
/// the main identity is the entity's primary name when `may_be_primary`.
fn read_name(node: &Node, may_be_primary: bool, entity: &mut Entity) -> Vec<Name> {
    let quality_low = node.attr("quality") == Some("low");
    let kind = match node.attr("name-type") {
        Some("formerly-known-as") => NameKind::Former,
        _ if quality_low => NameKind::WeakAlias,
        Some("primary-name") if may_be_primary => NameKind::Primary,
        _ => NameKind::Alias,
    };

    let mut parts: Vec<(u32, &Node)> = node
        .children_named("name-part")
        .enumerate()
        .map(|(position, part)| {
            let order = part
                .attr("order")
                .and_then(|o| o.parse().ok())
                .unwrap_or(u32::try_from(position).unwrap_or(u32::MAX));
            (order, part)
        })
        .collect();
    parts.sort_by_key(|(order, _)| *order);

    // Variants by (script, language), in the order they come.
    let mut variants: Vec<(Option<&str>, Option<&str>)> = Vec::new();
    for (_, part) in &parts {
        for variant in part.children_named("spelling-variant") {
            let key = (variant.attr("script"), variant.attr("lang"));
            if variant.value().is_some() && !variants.contains(&key) {
                variants.push(key);
            }
        }
    }

    let compose = |variant: Option<(Option<&str>, Option<&str>)>| {
        let mut values: Vec<(NamePartKind, &str)> = Vec::new();
        for (_, part) in &parts {
            let written = variant
                .and_then(|(script, lang)| {
                    part.children_named("spelling-variant")
                        .find(|v| v.attr("script") == script && v.attr("lang") == lang)
                        .and_then(Node::value)
                })
                .or_else(|| part.child_value("value"));
            if let (Some(value), PartRole::Part(kind)) =
                (written, part_role(part.attr("name-part-type")))
            {
                values.push((kind, value));
            }
        }
        values
    };

    for (_, part) in &parts {
        if let (PartRole::Title, Some(title)) = (
            part_role(part.attr("name-part-type")),
            part.child_value("value"),
        ) {
            Entity::push_unique(&mut entity.titles, title.to_owned());
        }
    }

    let build = |values: Vec<(NamePartKind, &str)>, kind: NameKind, language: Option<&str>| {
        let full = values.iter().map(|(_, v)| *v).collect::<Vec<_>>().join(" ");
        let named: Vec<(NamePartKind, Option<&str>)> = values
            .iter()
            .filter(|(k, _)| *k != NamePartKind::Unspecified)
            .map(|(k, v)| (*k, Some(*v)))
            .collect();
        // A whole name has no parts worth giving.
        let parts = if named.len() == values.len() {
            NamePart::present(named)
        } else {
            Vec::new()
        };
        Name::new(&full, kind)
            .with_parts(parts)
            .with_language(&language.map(language_code).unwrap_or_default())
    };

    let mut names = vec![build(compose(None), kind, node.attr("lang"))];
    let variant_kind = match kind {
        NameKind::Primary => NameKind::Alias,
        other => other,
    };
    for key in variants {
        names.push(build(compose(Some(key)), variant_kind, key.1));
    }
    names.retain(|n| !n.full.is_empty());
    names
}

/// The ISO 639-1 code of the ISO 639-2 codes SECO writes (`eng`, `ger`,
/// `RUS`); others are kept, lower case.
fn language_code(code: &str) -> String {
    let lower = code.trim().to_lowercase();
    let short = match lower.as_str() {
        "eng" => "en",
        "ger" | "deu" => "de",
        "fre" | "fra" => "fr",
        "ita" => "it",
        "rus" => "ru",
        "ukr" => "uk",
        "bel" => "be",
        "ara" => "ar",
        "chi" | "zho" => "zh",
        "kor" => "ko",
        "per" | "fas" => "fa",
        "spa" => "es",
        "por" => "pt",
        "tur" => "tr",
        _ => return lower,
    };
    short.to_owned()
}

/// Reads a `day-month-year`: a date of birth for people, of founding or
/// build for others. A date that cannot be read is kept and reported.
fn read_date(node: &Node, entity: &mut Entity, parsed: &mut Parsed) {
    let written = ["year", "month", "day"]
        .into_iter()
        .filter_map(|name| node.attr(name))
        .collect::<Vec<_>>()
        .join("-");
    if written.is_empty() {
        return;
    }
    match date_of(node) {
        Ok(date) => Entity::push_unique(&mut entity.birth_dates, date),
        Err(reason) => {
            entity.keep_unparsed("birth_date", &written);
            parsed.warn(&entity.id, "day-month-year", &written, reason);
        }
    }
}

/// The date of a `day-month-year`. Any part may be missing but the year; a
/// quality other than `good` makes the date approximate.
fn date_of(node: &Node) -> Result<FuzzyDate, String> {
    if let Some(calendar) = node
        .attr("calendar")
        .filter(|c| !c.eq_ignore_ascii_case("gregorian"))
    {
        return Err(format!("{calendar} calendar date"));
    }
    let number = |name: &str| {
        node.attr(name)
            .map(str::parse::<u16>)
            .transpose()
            .map_err(|_| format!("{name} is not a number"))
    };
    let year = number("year")?.ok_or("a day or month without a year")?;
    let month = number("month")?.and_then(|m| u8::try_from(m).ok());
    let day = number("day")?.and_then(|d| u8::try_from(d).ok());
    let date = PartialDate::new(year, month, day).map_err(|e| e.reason.to_owned())?;
    Ok(match node.attr("quality") {
        None | Some("good") => FuzzyDate::Exact(date),
        Some(_) => FuzzyDate::Approximate(date),
    })
}

/// Reads a `nationality/country{iso-code}`.
fn read_nationality(node: &Node, entity: &mut Entity, parsed: &mut Parsed) {
    let Some(country) = node.child("country") else {
        return;
    };
    match country.attr("iso-code").and_then(Country::from_alpha2) {
        Some(code) => Entity::push_unique(&mut entity.nationalities, code),
        None => {
            let text = country
                .value()
                .or_else(|| country.attr("iso-code"))
                .unwrap_or_default();
            add_country(entity, CountryField::Nationality, text, parsed);
        }
    }
}

/// Reads an `identification-document{document-type}` with its `number`,
/// `issuer`, `date-of-issue`, `expiry-date` and `remark`.
fn read_document(node: &Node, entity: &mut Entity, parsed: &mut Parsed) {
    let document_type = node.attr("document-type").unwrap_or("document");
    let label = document_type.replace('-', " ");
    let Some(number) = node.child_value("number") else {
        entity.keep_unparsed("identifier", &label);
        parsed.warn(
            &entity.id,
            "identification-document",
            &label,
            "a document without a number",
        );
        return;
    };
    let kind = match document_type {
        "passport" | "diplomatic-passport" | "service-passport" => IdKind::Passport,
        "identity-card" | "id-card" | "national-id" => IdKind::NationalId,
        _ => document_kind(&label).unwrap_or(IdKind::Other),
    };
    let country = node.child("issuer").and_then(|issuer| {
        match issuer
            .attr("code")
            .or_else(|| issuer.attr("iso-code"))
            .and_then(Country::from_alpha2)
        {
            Some(country) => Some(country),
            None => issuer
                .value()
                .and_then(|text| resolve_country(entity, "identifier_country", text, parsed)),
        }
    });
    // Written as text, or as a `day-month-year`.
    let date = |name: &str| {
        node.child(name).and_then(|date| {
            date.value().map(str::to_owned).or_else(|| {
                let parts = date.child("day-month-year")?;
                date_of(parts).map(|d| d.to_string()).ok().or_else(|| {
                    join_non_blank(["year", "month", "day"].map(|part| parts.attr(part)), "-")
                })
            })
        })
    };
    let note = join_non_blank(
        [
            date("date-of-issue")
                .map(|d| format!("issued {d}"))
                .as_deref(),
            date("expiry-date")
                .map(|d| format!("expires {d}"))
                .as_deref(),
            node.child_value("place-of-issue")
                .map(|p| format!("issued in {p}"))
                .as_deref(),
            node.child_value("remark"),
        ],
        "; ",
    );
    Entity::push_unique(
        &mut entity.identifiers,
        Identifier {
            kind,
            number: number.to_owned(),
            country,
            label: Some(label),
            note,
        },
    );
}

/// Reads an `other-information`: IMO numbers, websites, e-mails and phone
/// numbers written as `Label: value` go to their fields, the rest to the
/// listing's remarks.
fn read_other_information(text: &str, entity: &mut Entity, remarks: &mut Vec<String>) {
    let Some((label, value)) = text.split_once(':') else {
        remarks.push(text.to_owned());
        return;
    };
    let label = label.trim().to_lowercase();
    let value = value.trim().trim_end_matches('.').trim();
    let one_word = !value.is_empty() && !value.contains(char::is_whitespace);
    match label.as_str() {
        "imo number" | "imo" if value.len() == 7 && value.bytes().all(|b| b.is_ascii_digit()) => {
            // A ship's IMO number; an organisation's is its IMO company
            // number, a registration.
            let (kind, note) = if entity.schema == Schema::Vessel {
                (IdKind::Imo, None)
            } else {
                (IdKind::Registration, Some("IMO company number".to_owned()))
            };
            Entity::push_unique(
                &mut entity.identifiers,
                Identifier {
                    kind,
                    number: value.to_owned(),
                    country: None,
                    label: Some("IMO number".to_owned()),
                    note,
                },
            );
        }
        "website" | "web site" | "web" if one_word => {
            Entity::push_unique(&mut entity.websites, value.to_owned());
        }
        "e-mail" | "email" | "e-mail address" | "email address" if one_word => {
            Entity::push_unique(&mut entity.emails, value.to_owned());
        }
        "tel." | "tel" | "telephone" | "phone" | "telephone number" | "phone number"
            if !value.is_empty() =>
        {
            Entity::push_unique(&mut entity.phones, value.to_owned());
        }
        "flag" if entity.schema == Schema::Vessel => {
            // "Sierra Leone (as of 2023)": the flag is read, and the text
            // kept for its date.
            if let Some(flag) = Country::resolve(value) {
                entity.vessel.get_or_insert_with(Default::default).flag = Some(flag);
                Entity::push_unique(&mut entity.countries, flag);
            }
            remarks.push(text.to_owned());
        }
        // "Registration number: 1027700070518", "Taxpayer identification
        // number: 7705001490".
        _ if value.bytes().any(|b| b.is_ascii_digit())
            && one_word
            && document_kind(&label).is_some_and(|kind| kind != IdKind::Other) =>
        {
            let kind = match document_kind(&label) {
                // Organisations have no national ids.
                Some(IdKind::NationalId) if entity.schema != Schema::Person => IdKind::Registration,
                kind => kind.unwrap_or(IdKind::Other),
            };
            Entity::push_unique(
                &mut entity.identifiers,
                Identifier {
                    kind,
                    number: value.to_owned(),
                    country: None,
                    label: text.split_once(':').map(|(l, _)| l.trim().to_owned()),
                    note: None,
                },
            );
        }
        _ => remarks.push(text.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(xml: &str) -> Result<Parsed, SourceError> {
        parse(xml.as_bytes(), &Context::new("ch_seco", "seco.xml"))
    }

    fn list(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><swiss-sanctions-list list-type="full" date="2024-01-17">
<sanctions-program ssid="20"><program-key lang="eng">Belarus</program-key><program-key lang="ger">Belarus</program-key>
<program-name lang="ger">Verordnung</program-name><program-name lang="eng">Ordinance on Belarus</program-name>
<sanctions-set ssid="4387" lang="ger">Artikel 2</sanctions-set><sanctions-set ssid="4387" lang="eng">article 2</sanctions-set><origin>EU</origin></sanctions-program>
{body}</swiss-sanctions-list>"#
        )
    }

    const PERSON: &str = r#"<target ssid="100"><sanctions-set-id>4387</sanctions-set-id><foreign-identifier>BYi.1</foreign-identifier>
<individual sex="male">
  <identity ssid="101" main="true">
    <name ssid="102" name-type="primary-name" quality="good" lang="eng">
      <name-part order="2" name-part-type="given-name"><value>Ivan</value><spelling-variant lang="rus" script="CYRL">Иван</spelling-variant></name-part>
      <name-part order="1" name-part-type="family-name"><value>Sidorau</value><spelling-variant lang="rus" script="CYRL">Сидоров</spelling-variant><spelling-variant lang="rus" script="LATN">Sidorov</spelling-variant></name-part>
      <name-part order="3" name-part-type="father-name"><value>Petrovich</value><spelling-variant lang="rus" script="CYRL">Петрович</spelling-variant></name-part>
      <name-part order="0" name-part-type="title"><value>General</value></name-part>
    </name>
    <name ssid="103" name-type="alias" quality="low"><name-part order="1" name-part-type="whole-name"><value>Vanya</value></name-part></name>
    <name ssid="104" name-type="formerly-known-as" quality="good"><name-part order="1" name-part-type="whole-name"><value>Ivan Old</value></name-part></name>
    <day-month-year ssid="105" day="23" month="3" year="1960" calendar="Gregorian" quality="good"/>
    <day-month-year ssid="106" year="1961" calendar="Gregorian" quality="approximately"/>
    <nationality ssid="107"><country iso-code="BY">Belarus</country></nationality>
    <place-of-birth ssid="108" place-id="900"/>
    <address ssid="109" place-id="901"><c-o>Ministry</c-o><address-details>ul. Lenina 1</address-details><zip-code>220030</zip-code></address>
    <identification-document ssid="110" document-type="passport"><number>MP1234567</number><issuer code="BY">Belarus</issuer><date-of-issue>2015-04-01</date-of-issue><expiry-date>2025-03-31</expiry-date></identification-document>
  </identity>
  <identity ssid="111" main="false">
    <name ssid="112" name-type="primary-name" quality="good"><name-part order="1" name-part-type="whole-name"><value>Ivan Sidorov-Petrov</value></name-part></name>
  </identity>
  <justification ssid="113">Head of the security service.</justification>
  <other-information ssid="114">Website: www.example.by</other-information>
  <other-information ssid="115">Travel ban does not apply until 15 March 2016.</other-information>
  <relation ssid="116" target-id="200" relation-type="related-to"/>
</individual>
<modification ssid="117" modification-type="listed" enactment-date="2020-10-01" publication-date="2020-10-02" effective-date="2020-10-02"/>
<modification ssid="118" modification-type="amended" effective-date="2022-03-16"><added><identity ssid="119" main="false"><name><name-part order="1"><value>Old copy</value></name-part></name></identity></added></modification>
</target>
<target ssid="200"><sanctions-set-id>4387</sanctions-set-id>
<object object-type="vessel"><identity ssid="201" main="true"><name ssid="202" name-type="primary-name" quality="good"><name-part order="1" name-part-type="whole-name"><value>SEA STAR</value></name-part></name></identity>
<other-information ssid="203">IMO Number: 9123456</other-information></object>
<modification ssid="204" modification-type="listed" effective-date="2021-06-21"/>
<modification ssid="205" modification-type="de-listed" effective-date="2023-01-10"/>
</target>
<place ssid="900"><location>Minsk</location><country iso-code="BY">Belarus</country></place>
<place ssid="901"><location>Minsk</location><area>Minsk Region</area><country iso-code="BY">Belarus</country></place>"#;

    #[test]
    fn reads_a_person_with_identities_and_variants() {
        let parsed = parse_str(&list(PERSON)).unwrap();
        assert_eq!(
            parsed.meta.published,
            PartialDate::parse_iso("2024-01-17").ok()
        );
        let person = &parsed.entities[0];
        assert_eq!(person.id, "ch_seco:100");
        assert_eq!(person.schema, Schema::Person);
        assert_eq!(person.gender, Some(interdict_model::Gender::Male));
        let names: Vec<_> = person
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.kind, n.language.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("Sidorau Ivan Petrovich", NameKind::Primary, Some("en")),
                ("Сидоров Иван Петрович", NameKind::Alias, Some("ru")),
                ("Sidorov Ivan Petrovich", NameKind::Alias, Some("ru")),
                ("Vanya", NameKind::WeakAlias, None),
                ("Ivan Old", NameKind::Former, None),
                ("Ivan Sidorov-Petrov", NameKind::Alias, None),
            ]
        );
        let primary = &person.names[0];
        assert_eq!(primary.part(NamePartKind::Family), Some("Sidorau"));
        assert_eq!(primary.part(NamePartKind::Patronymic), Some("Petrovich"));
        assert_eq!(person.names[1].script.as_deref(), Some("Cyrl"));
        assert!(
            person.names[3].parts.is_empty(),
            "a whole name has no parts"
        );
        assert_eq!(person.titles, ["General"]);
        let dates: Vec<_> = person.birth_dates.iter().map(ToString::to_string).collect();
        assert_eq!(dates, ["1960-03-23", "1961~"]);
        let belarus = Country::from_alpha2("BY").unwrap();
        assert_eq!(person.nationalities, [belarus]);
        assert_eq!(person.birth_places, ["Minsk, Belarus"]);
        assert_eq!(
            person.addresses[0].full,
            "c/o Ministry, ul. Lenina 1, Minsk, Minsk Region, 220030, Belarus"
        );
        let passport = &person.identifiers[0];
        assert_eq!(
            (passport.kind, passport.number.as_str(), passport.country),
            (IdKind::Passport, "MP1234567", Some(belarus))
        );
        assert_eq!(
            passport.note.as_deref(),
            Some("issued 2015-04-01; expires 2025-03-31")
        );
        assert_eq!(person.identifiers[1].number, "BYi.1");
        assert_eq!(person.websites, ["www.example.by"]);
        let listing = &person.listings[0];
        assert_eq!(listing.authority, Authority::ChSeco);
        assert_eq!(listing.programmes, ["Belarus"]);
        assert_eq!(listing.listed_on, PartialDate::parse_iso("2020-10-02").ok());
        assert_eq!(listing.ended_on, None);
        assert_eq!(listing.reference.as_deref(), Some("100"));
        assert_eq!(
            listing.remarks.as_deref(),
            Some(
                "Head of the security service.\nTravel ban does not apply until 15 March 2016.\nOrdinance on Belarus: article 2\nrelated to: SEA STAR (ch_seco:200)"
            )
        );
        assert!(
            !person.names.iter().any(|n| n.full == "Old copy"),
            "historical copies in modifications are not read"
        );
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    }

    #[test]
    fn reads_a_de_listed_vessel() {
        let parsed = parse_str(&list(PERSON)).unwrap();
        let vessel = &parsed.entities[1];
        assert_eq!(vessel.schema, Schema::Vessel);
        assert_eq!(vessel.caption(), "SEA STAR");
        assert_eq!(
            (
                vessel.identifiers[0].kind,
                vessel.identifiers[0].number.as_str()
            ),
            (IdKind::Imo, "9123456")
        );
        let listing = &vessel.listings[0];
        assert_eq!(listing.listed_on, PartialDate::parse_iso("2021-06-21").ok());
        assert_eq!(listing.ended_on, PartialDate::parse_iso("2023-01-10").ok());
    }

    #[test]
    fn unreadable_values_are_kept_and_reported() {
        let parsed = parse_str(&list(
            r#"<target ssid="1"><sanctions-set-id>999</sanctions-set-id>
<object object-type="satellite"><identity main="true"><name name-type="primary-name"><name-part order="1" name-part-type="whole-name"><value>X</value></name-part></name>
<day-month-year day="1" month="13" year="2000"/><day-month-year year="1380" calendar="Islamic"/><day-month-year day="5" month="6"/>
<nationality><country iso-code="XX">Atlantis</country></nationality>
<address place-id="77"><address-details>Main Road</address-details></address>
<place-of-birth><location>Atlantis City</location><country>Atlantis</country></place-of-birth>
<identification-document document-type="passport"><issuer>Atlantis</issuer></identification-document>
<phone>123</phone></identity></object>
<modification modification-type="suspended" effective-date="2020-01-01"/>
<modification modification-type="listed" effective-date="2020-02-30"/></target>"#,
        ))
        .unwrap();
        let fields: Vec<_> = parsed.warnings.iter().map(|w| w.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "object-type",
                "day-month-year",
                "day-month-year",
                "day-month-year",
                "nationality",
                "identification-document",
                "phone",
                "modification-type",
                "modification",
                "sanctions-set-id",
                "place-id",
                "country",
            ]
        );
        assert_eq!(parsed.entities[0].birth_places, ["Atlantis City, Atlantis"]);
        let entity = &parsed.entities[0];
        assert_eq!(entity.schema, Schema::LegalEntity);
        assert_eq!(entity.addresses[0].full, "Main Road");
        assert_eq!(entity.listings[0].listed_on, None);
        assert!(entity.listings[0].programmes.is_empty());
    }

    #[test]
    fn the_primary_name_goes_first() {
        let parsed = parse_str(&list(
            r#"<target ssid="1"><entity><identity main="false"><name name-type="primary-name"><name-part><value>Other</value></name-part></name></identity>
<identity main="true"><name name-type="alias"><name-part><value>Alias</value></name-part></name>
<name name-type="primary-name"><name-part><value>Main</value></name-part></name></identity></entity></target>
<target ssid="2"><entity><identity main="true"><name name-type="alias"><name-part><value>Only</value></name-part></name></identity></entity></target>"#,
        ))
        .unwrap();
        let names: Vec<_> = parsed.entities[0]
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("Main", NameKind::Primary),
                ("Alias", NameKind::Alias),
                ("Other", NameKind::Alias)
            ]
        );
        assert_eq!(parsed.entities[1].names[0].kind, NameKind::Primary);
    }

    #[test]
    fn maps_language_codes() {
        assert_eq!(language_code("RUS"), "ru");
        assert_eq!(language_code("ger"), "de");
        assert_eq!(language_code("uzb"), "uzb");
    }

    #[test]
    fn broken_files_are_errors() {
        let error = parse_str(&list(r#"<target><individual/></target>"#)).unwrap_err();
        assert_eq!(error.to_string(), "seco.xml: record 1: target has no ssid");

        let error = parse_str(&list(
            r#"<target ssid="5"><sanctions-set-id>4387</sanctions-set-id></target>"#,
        ))
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "seco.xml: record 1 (5): target has no individual, entity or object"
        );

        let error = parse_str(&list(
            r#"<target ssid="6"><entity><identity main="true"/></entity></target>"#,
        ))
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "seco.xml: record 1 (6): target has no identity with a name"
        );

        let twice = format!(
            "{PERSON}{}",
            &PERSON[..PERSON.find("<target ssid=\"200\"").unwrap_or(0)]
        );
        let error = parse_str(&list(&twice)).unwrap_err();
        assert!(error.to_string().contains("already used"), "{error}");

        let xml = list(PERSON);
        let error = parse_str(&xml[..xml.len() / 2]).unwrap_err();
        assert!(error.to_string().starts_with("seco.xml: byte "), "{error}");

        let error = parse_str("<export><target ssid=\"1\"/></export>").unwrap_err();
        assert!(
            error.to_string().contains("not <swiss-sanctions-list>"),
            "{error}"
        );

        let error = parse_str("<swiss-sanctions-list/>").unwrap_err();
        assert!(error.to_string().contains("not a SECO XML file"), "{error}");
    }
}
