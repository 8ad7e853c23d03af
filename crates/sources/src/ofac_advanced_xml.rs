//! OFAC's Advanced Sanctions Data Model XML (`SDN_ADVANCED.XML`,
//! `cons_advanced.xml`).
//!
//! The root `Sanctions` holds, in this order: `DateOfIssue`;
//! `ReferenceValueSets`, the lookup tables every other section points into
//! by ID (alias, feature, name-part, document and party types, countries,
//! scripts, programmes); `Locations`; `IDRegDocuments`, each linked to an
//! identity by `IdentityID`; `DistinctParties`, one per listed person,
//! organisation, vessel or aircraft; `ProfileRelationships`; and
//! `SanctionsEntries`, which give each profile its lists, programmes and
//! listing dates.
//!
//! A party's `FixedRef` is the uid of OFAC's legacy files, so each party
//! becomes one [`Entity`] with id `{source}:{FixedRef}`, the same as
//! [`crate::ofac_xml`] gives it, and one [`Listing`] by [`Authority::UsOfac`].
//!
//! The sections are read one element at a time. The reference tables,
//! locations and documents come before the parties and are kept, as parsed
//! values, until the parties that use them are read; the entities are kept
//! until the sanctions entries and relationships that follow them have been
//! added. Memory therefore follows the output, not the XML.
//!
//! A reference ID the tables do not hold (a corrupt or hand-edited file) is a
//! warning, and the value it would have typed is kept in `unparsed`; only a
//! party whose kind cannot be told (no known `PartySubTypeID`) is an error,
//! as there is no entity to keep it in.
//!
//! OFAC's features are the facts its legacy files write as `idList` entries
//! and dedicated lists. They are sorted by their type's name and added to
//! the entity by [`crate::ofac_facts`], as the `idType`s of
//! [`crate::ofac_xml`] are, so that every OFAC format (and
//! [`crate::ofac_enhanced_xml`], which shares this module's name helpers)
//! gives the same entity.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::BufRead;

use interdict_model::{
    Address, Authority, Country, DateError, Entity, FuzzyDate, Listing, Name, NameKind, NamePart,
    NamePartKind, PartialDate, Schema, VesselDetails,
};

use crate::fields::{CountryField, add_country, join_non_blank, resolve_country};
use crate::ofac_facts::{
    self, Fact, FactValue, add_identifier, document_type_kind, is_undetermined, listing_remarks,
};
use crate::ofac_xml::check_root;
use crate::xml::{Node, RecordReader};
use crate::{Context, Location, Parsed, SourceError};

/// The elements read one at a time.
const RECORDS: [&str; 7] = [
    "DateOfIssue",
    "ReferenceValueSets",
    "Location",
    "IDRegDocument",
    "DistinctParty",
    "ProfileRelationship",
    "SanctionsEntry",
];

/// Reads a whole OFAC Advanced XML list.
pub fn parse(input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
    let mut reader = RecordReader::new(input, &context.label);
    let mut parsed = Parsed::default();
    let mut file = FileState::default();
    let mut references = None;
    while let Some(node) = reader.next_record(&RECORDS)? {
        check_root(&reader, "Sanctions", "Advanced")?;
        if node.name == "DateOfIssue" {
            read_date_of_issue(&node, context, &mut parsed);
            continue;
        }
        if node.name == "ReferenceValueSets" {
            references = Some(References::read(&node));
            continue;
        }
        let Some(references) = references.as_ref() else {
            return Err(reader.error(format!(
                "<{}> before <ReferenceValueSets>: the reference tables must come first",
                node.name
            )));
        };
        match node.name.as_str() {
            "Location" => {
                let id = node.attr("ID").unwrap_or_default().to_owned();
                let place = Place::read(&node, references, &mut parsed);
                file.places.insert(id, place);
            }
            "IDRegDocument" => {
                let document = Document::read(&node, references, &file.places, &mut parsed);
                match node.attr("IdentityID") {
                    Some(identity) => file
                        .documents
                        .entry(identity.to_owned())
                        .or_default()
                        .push(document),
                    None => parsed.warn(
                        &context.label,
                        "identifier",
                        &document.number,
                        "an ID document without an IdentityID",
                    ),
                }
            }
            "DistinctParty" => {
                let index = file.parties.len() + 1;
                let party = read_party(&node, index, references, &mut file, context, &mut parsed)?;
                if !file.uids.insert(party.uid.clone()) {
                    return Err(SourceError::new(
                        &context.label,
                        Location::Record {
                            index,
                            id: Some(party.uid),
                        },
                        "this FixedRef was already used by an earlier party",
                    ));
                }
                if let Some(profile) = &party.profile {
                    file.by_profile.insert(profile.clone(), file.parties.len());
                }
                file.parties.push(party);
            }
            "ProfileRelationship" => read_relationship(&node, references, &mut file, &mut parsed),
            _ => read_sanctions_entry(&node, references, &mut file, &mut parsed),
        }
    }
    if references.is_none() {
        return Err(SourceError::new(
            &context.label,
            Location::File,
            "no <ReferenceValueSets>: not an OFAC Advanced XML file",
        ));
    }
    for (identity, documents) in &file.documents {
        for document in documents {
            parsed.warn(
                &context.label,
                "identifier",
                &document.number,
                format!("an ID document of identity {identity}, which no party has"),
            );
        }
    }
    parsed.entities = file
        .parties
        .into_iter()
        .map(|party| party.into_entity(context))
        .collect();
    Ok(parsed)
}

/// What the file has given so far that later sections need.
#[derive(Default)]
struct FileState {
    /// Locations by ID.
    places: HashMap<String, Place>,
    /// ID documents not yet claimed by a party, by identity ID (ordered,
    /// so that warnings about unclaimed ones come in a stable order).
    documents: BTreeMap<String, Vec<Document>>,
    parties: Vec<Party>,
    /// The parties' FixedRefs, to refuse a second party with the same.
    uids: HashSet<String>,
    /// Index in `parties` by profile ID.
    by_profile: HashMap<String, usize>,
}

/// Reads `DateOfIssue{Year, Month, Day}` as the publication date.
fn read_date_of_issue(node: &Node, context: &Context, parsed: &mut Parsed) {
    match date_point(node) {
        Ok(date) => parsed.meta.published = Some(date),
        Err(text) => parsed.warn(&context.label, "DateOfIssue", &text, "not a date"),
    }
}

/// The reference tables (`AliasType`, `FeatureType`, `Country`, …), by
/// table and ID.
#[derive(Debug, Default)]
struct References {
    tables: HashMap<String, HashMap<String, Reference>>,
}

/// One reference value: its text and its attributes (`ISO2`, `PartyTypeID`).
#[derive(Debug)]
struct Reference {
    text: String,
    attributes: Vec<(String, String)>,
}

impl Reference {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim())
            .filter(|value| !value.is_empty())
    }
}

impl References {
    /// Reads `ReferenceValueSets`, whose children are the tables
    /// (`AliasTypeValues`) and whose grandchildren the values.
    fn read(node: &Node) -> Self {
        let mut tables: HashMap<String, HashMap<String, Reference>> = HashMap::new();
        for value in node.children.iter().flat_map(|table| &table.children) {
            if let Some(id) = value.attr("ID") {
                tables.entry(value.name.clone()).or_default().insert(
                    id.to_owned(),
                    Reference {
                        text: value.text.trim().to_owned(),
                        attributes: value.attributes.clone(),
                    },
                );
            }
        }
        Self { tables }
    }

    /// The value `id` of `table`; a missing value is reported as a warning
    /// about `record`. None, without a warning, when there is no `id`.
    fn lookup(
        &self,
        table: &str,
        id: Option<&str>,
        record: &str,
        parsed: &mut Parsed,
    ) -> Option<&Reference> {
        let id = id?;
        let found = self.tables.get(table).and_then(|values| values.get(id));
        if found.is_none() {
            parsed.warn(
                record,
                table,
                id,
                format!("no {table} with this ID among the reference values"),
            );
        }
        found
    }

    /// The text of value `id` of `table`, warning as [`Self::lookup`] does.
    fn text(
        &self,
        table: &str,
        id: Option<&str>,
        record: &str,
        parsed: &mut Parsed,
    ) -> Option<&str> {
        self.lookup(table, id, record, parsed)
            .map(|r| r.text.as_str())
            .filter(|text| !text.is_empty())
    }

    /// The country with reference ID `id`.
    fn country(&self, id: Option<&str>, record: &str, parsed: &mut Parsed) -> Option<CountryRef> {
        let value = self.lookup("Country", id, record, parsed)?;
        Some(CountryRef {
            code: value.attr("ISO2").and_then(Country::from_alpha2),
            name: value.text.clone(),
        })
    }

    /// The country of area code `id` (its country's, else its own code).
    fn area_country(
        &self,
        id: Option<&str>,
        record: &str,
        parsed: &mut Parsed,
    ) -> Option<CountryRef> {
        let value = self.lookup("AreaCode", id, record, parsed)?;
        if let Some(country) = value.attr("CountryID") {
            return self.country(Some(country), record, parsed);
        }
        Some(CountryRef {
            code: Country::from_alpha2(&value.text),
            name: value.attr("Description").unwrap_or(&value.text).to_owned(),
        })
    }
}

/// A country as the reference tables give it: its ISO code where it has
/// one, and its name.
#[derive(Debug, Clone)]
struct CountryRef {
    code: Option<Country>,
    name: String,
}

/// Adds the country `country` names to the given list of `entity`, by code
/// where it has one, else by name (warning when that names no country).
fn add_country_ref(
    entity: &mut Entity,
    field: CountryField,
    country: &CountryRef,
    parsed: &mut Parsed,
) -> Option<Country> {
    match country.code {
        Some(code) => add_country(entity, field, code.code(), parsed),
        None if is_undetermined(&country.name) => None,
        None => add_country(entity, field, &country.name, parsed),
    }
}

/// What a part of a location is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PlaceRole {
    Street,
    City,
    Region,
    PostalCode,
    /// A part of type "Unknown": OFAC uses it for a bare country name.
    Other,
}

/// A `Location`: its country and its parts, in the file's order.
#[derive(Debug, Clone, Default)]
struct Place {
    country: Option<CountryRef>,
    parts: Vec<(PlaceRole, String)>,
}

impl Place {
    fn read(node: &Node, references: &References, parsed: &mut Parsed) -> Self {
        let record = format!("Location {}", node.attr("ID").unwrap_or("?"));
        let country = match node.child("LocationCountry") {
            Some(country) => references.country(country.attr("CountryID"), &record, parsed),
            None => node
                .child("LocationAreaCode")
                .and_then(|area| references.area_country(area.attr("AreaCodeID"), &record, parsed)),
        };
        let mut parts = Vec::new();
        for part in node.children_named("LocationPart") {
            let values: Vec<&Node> = part.children_named("LocationPartValue").collect();
            let value = values
                .iter()
                .find(|v| v.attr("Primary") == Some("true"))
                .or(values.first())
                .and_then(|v| v.child_value("Value"));
            let Some(value) = value else { continue };
            let role =
                match references.text("LocPartType", part.attr("LocPartTypeID"), &record, parsed) {
                    Some("ADDRESS1" | "ADDRESS2" | "ADDRESS3") => PlaceRole::Street,
                    Some("CITY") => PlaceRole::City,
                    Some("STATE/PROVINCE" | "REGION") => PlaceRole::Region,
                    Some("POSTAL CODE") => PlaceRole::PostalCode,
                    _ => PlaceRole::Other,
                };
            parts.push((role, value.to_owned()));
        }
        Self { country, parts }
    }

    fn joined(&self, roles: &[PlaceRole]) -> Option<String> {
        join_non_blank(
            self.parts
                .iter()
                .filter(|(role, _)| roles.contains(role))
                .map(|(_, value)| Some(value.as_str())),
            ", ",
        )
    }

    /// The country's name as the file writes it, unless undetermined.
    fn country_name(&self) -> Option<&str> {
        self.country
            .as_ref()
            .map(|c| c.name.as_str())
            .filter(|name| !name.is_empty() && !is_undetermined(name))
    }

    /// The country the place names, where it names a known one.
    fn country(&self) -> Option<Country> {
        match &self.country {
            Some(country) => country.code.or_else(|| Country::resolve(&country.name)),
            None => self.text().as_deref().and_then(Country::resolve),
        }
    }

    /// The whole place on one line.
    fn text(&self) -> Option<String> {
        let parts = self.parts.iter().map(|(_, value)| Some(value.as_str()));
        join_non_blank(parts.chain([self.country_name()]), ", ")
    }

    /// Adds the place as an address, and its country to the entity's
    /// countries.
    fn add_address(&self, entity: &mut Entity, parsed: &mut Parsed) {
        let country = self
            .country
            .as_ref()
            .and_then(|c| add_country_ref(entity, CountryField::Country, c, parsed));
        let street = self.joined(&[PlaceRole::Street, PlaceRole::Other]);
        if let Some(address) = Address::from_parts(
            street.as_deref(),
            self.joined(&[PlaceRole::City]).as_deref(),
            self.joined(&[PlaceRole::Region]).as_deref(),
            self.joined(&[PlaceRole::PostalCode]).as_deref(),
            country,
            self.country_name(),
        ) {
            Entity::push_unique(&mut entity.addresses, address);
        }
    }

    /// Adds the country the place names to the given list of `entity`: its
    /// country, else its text (`Switzerland`, as a part of unknown type).
    fn add_country(&self, entity: &mut Entity, field: CountryField, parsed: &mut Parsed) {
        match &self.country {
            Some(country) => {
                add_country_ref(entity, field, country, parsed);
            }
            None => {
                if let Some(text) = self.text() {
                    add_country(entity, field, &text, parsed);
                }
            }
        }
    }
}

/// An `IDRegDocument`, read before the party it belongs to.
#[derive(Debug, Clone)]
struct Document {
    label: Option<String>,
    number: String,
    issued_by: Option<CountryRef>,
    note: Option<String>,
}

impl Document {
    fn read(
        node: &Node,
        references: &References,
        places: &HashMap<String, Place>,
        parsed: &mut Parsed,
    ) -> Self {
        let record = format!("IDRegDocument {}", node.attr("ID").unwrap_or("?"));
        let label = references
            .text("IDRegDocType", node.attr("IDRegDocTypeID"), &record, parsed)
            .map(str::to_owned);
        let issued_by = references.country(node.attr("IssuedBy-CountryID"), &record, parsed);
        let mut notes = Vec::new();
        if let Some(id) = node.attr("IssuedIn-LocationID") {
            match places.get(id) {
                Some(place) => notes.extend(place.text().map(|text| format!("issued in {text}"))),
                None => parsed.warn(&record, "IssuedIn-LocationID", id, "no such Location"),
            }
        }
        if let Some(authority) = node.child_value("IssuingAuthority") {
            notes.push(format!("issued by {authority}"));
        }
        for date in node.children_named("IDRegDocumentDate") {
            let kind = references.text(
                "IDRegDocDateType",
                date.attr("IDRegDocDateTypeID"),
                &record,
                parsed,
            );
            let Some(period) = date.child("DatePeriod") else {
                continue;
            };
            let text = match date_period(period) {
                Ok(date) => date.to_string(),
                Err(text) => text,
            };
            notes.push(match kind {
                Some("Issue Date") => format!("issued {text}"),
                Some("Expiration Date") => format!("expires {text}"),
                Some(other) => format!("{other} {text}"),
                None => text,
            });
        }
        if references.text("Validity", node.attr("ValidityID"), &record, parsed)
            == Some("Fraudulent")
        {
            notes.push("fraudulent".to_owned());
        }
        if let Some(comment) = node.child_value("Comment") {
            notes.push(comment.to_owned());
        }
        Self {
            label,
            number: node
                .child_value("IDRegistrationNo")
                .unwrap_or_default()
                .to_owned(),
            issued_by,
            note: (!notes.is_empty()).then(|| notes.join("; ")),
        }
    }

    /// Adds the document to `entity` as an identifier.
    fn add_to(&self, entity: &mut Entity, parsed: &mut Parsed) {
        if self.number.trim().is_empty() {
            return;
        }
        let label = self.label.as_deref().unwrap_or_default();
        let country = self
            .issued_by
            .as_ref()
            .and_then(|country| match country.code {
                Some(code) => Some(code),
                None if is_undetermined(&country.name) => None,
                None => resolve_country(entity, "identifier_country", &country.name, parsed),
            });
        add_identifier(
            entity,
            document_type_kind(label),
            &self.number,
            label,
            country,
            self.note.as_deref(),
        );
    }
}

/// A party being assembled: its entity and what its listing will hold.
struct Party {
    entity: Entity,
    uid: String,
    profile: Option<String>,
    remarks: Vec<String>,
    lists: Vec<String>,
    programmes: Vec<String>,
    listed_on: Option<PartialDate>,
}

impl Party {
    fn into_entity(mut self, context: &Context) -> Entity {
        let mut listing = Listing::new(&context.source, Authority::UsOfac);
        listing.programmes = self.programmes;
        listing.listed_on = self.listed_on;
        listing.reference = Some(self.uid);
        listing.remarks = listing_remarks(self.remarks, &self.lists);
        self.entity.listings.push(listing);
        self.entity
    }
}

/// Reads one `DistinctParty`, the `index`-th in the file.
fn read_party(
    node: &Node,
    index: usize,
    references: &References,
    file: &mut FileState,
    context: &Context,
    parsed: &mut Parsed,
) -> Result<Party, SourceError> {
    let uid = node.attr("FixedRef");
    let error = |message: &str| {
        SourceError::new(
            &context.label,
            Location::Record {
                index,
                id: uid.map(str::to_owned),
            },
            message,
        )
    };
    let uid = uid.ok_or_else(|| error("no FixedRef"))?;
    let profile = node.child("Profile").ok_or_else(|| error("no <Profile>"))?;
    let record = format!("{}:{uid}", context.source);
    let schema = party_schema(profile, references, &record, parsed)
        .ok_or_else(|| error("no known PartySubTypeID: cannot tell what kind of party this is"))?;
    let mut entity = Entity::new(&context.source, uid, schema);

    let mut names = Vec::new();
    for identity in profile.children_named("Identity") {
        read_names(
            identity,
            schema == Schema::Person,
            references,
            &mut names,
            &entity.id,
            parsed,
        );
        if let Some(documents) = identity.attr("ID").and_then(|id| file.documents.remove(id)) {
            for document in &documents {
                document.add_to(&mut entity, parsed);
            }
        }
    }
    for name in primary_first(names, &record, parsed).ok_or_else(|| error("no name"))? {
        entity.add_name(name);
    }

    let mut remarks: Vec<String> = node
        .child_value("Comment")
        .map(str::to_owned)
        .into_iter()
        .collect();
    for feature in profile.children_named("Feature") {
        read_feature(
            feature,
            references,
            &file.places,
            &mut entity,
            &mut remarks,
            parsed,
        );
    }
    Ok(Party {
        entity,
        uid: uid.to_owned(),
        profile: profile.attr("ID").map(str::to_owned),
        remarks,
        lists: Vec::new(),
        programmes: Vec::new(),
        listed_on: None,
    })
}

/// The schema of a profile, from its party subtype (Vessel, Aircraft) or,
/// for the "Unknown" subtypes, its party type (Individual, Entity).
fn party_schema(
    profile: &Node,
    references: &References,
    record: &str,
    parsed: &mut Parsed,
) -> Option<Schema> {
    let subtype = references.lookup(
        "PartySubType",
        profile.attr("PartySubTypeID"),
        record,
        parsed,
    )?;
    match subtype.text.as_str() {
        "Vessel" => return Some(Schema::Vessel),
        "Aircraft" => return Some(Schema::Aircraft),
        _ => {}
    }
    match references.text("PartyType", subtype.attr("PartyTypeID"), record, parsed)? {
        "Individual" => Some(Schema::Person),
        "Entity" => Some(Schema::Organization),
        _ => None,
    }
}

/// Reads the names of an `Identity`: one per `DocumentedName` of each
/// `Alias`, its parts typed through the identity's `NamePartGroups`.
fn read_names(
    identity: &Node,
    is_person: bool,
    references: &References,
    names: &mut Vec<Name>,
    record: &str,
    parsed: &mut Parsed,
) {
    let groups: HashMap<&str, Option<&str>> = identity
        .find_all(&["NamePartGroups", "MasterNamePartGroup", "NamePartGroup"])
        .filter_map(|group| Some((group.attr("ID")?, group.attr("NamePartTypeID"))))
        .collect();
    for alias in identity.children_named("Alias") {
        let alias_type = references.text("AliasType", alias.attr("AliasTypeID"), record, parsed);
        let kind = if alias.attr("Primary") == Some("true") {
            NameKind::Primary
        } else {
            alias_kind(alias_type, alias.attr("LowQuality") == Some("true"))
        };
        let mut first_of_alias = true;
        for documented in alias.children_named("DocumentedName") {
            let mut parts = Vec::new();
            let mut script = None;
            for value in documented.find_all(&["DocumentedNamePart", "NamePartValue"]) {
                let Some(text) = value.value() else { continue };
                let group = value.attr("NamePartGroupID");
                let type_id = group.and_then(|g| groups.get(g).copied().flatten());
                if group.is_some() && type_id.is_none() {
                    parsed.warn(
                        record,
                        "NamePartGroupID",
                        group.unwrap_or_default(),
                        "no such NamePartGroup in this identity",
                    );
                }
                let part_type = references.text("NamePartType", type_id, record, parsed);
                script = script
                    .or_else(|| references.text("Script", value.attr("ScriptID"), record, parsed));
                parts.push((part_type.and_then(name_part_kind), text));
            }
            let Some(full) = compose_name(&parts, is_person) else {
                continue;
            };
            names.push(spelled_name(
                &full,
                kind,
                first_of_alias,
                &parts,
                is_person,
                script,
            ));
            first_of_alias = false;
        }
    }
}

/// The names of a party, the primary one first, whatever the order of its
/// aliases; when none is marked primary, the first is taken, with a
/// warning about `record`. None when there is no name.
pub(crate) fn primary_first(
    mut names: Vec<Name>,
    record: &str,
    parsed: &mut Parsed,
) -> Option<Vec<Name>> {
    names.sort_by_key(|name: &Name| name.kind != NameKind::Primary);
    let first = names.first_mut()?;
    if first.kind != NameKind::Primary {
        parsed.warn(
            record,
            "name",
            &first.full,
            "no primary name: the first is taken",
        );
        first.kind = NameKind::Primary;
    }
    Some(names)
}

/// One spelling of a name of kind `kind`, written `full`. A primary name
/// is primary in its main spelling only: its spellings in other scripts are
/// aliases of it. A person's name keeps its typed parts; a script that
/// implies a language gives the name that language.
pub(crate) fn spelled_name(
    full: &str,
    kind: NameKind,
    is_main_spelling: bool,
    parts: &[(Option<NamePartKind>, &str)],
    is_person: bool,
    script: Option<&str>,
) -> Name {
    let kind = if kind == NameKind::Primary && !is_main_spelling {
        NameKind::Alias
    } else {
        kind
    };
    let mut name = Name::new(full, kind);
    if is_person {
        name = name.with_parts(
            parts
                .iter()
                .map(|&(kind, value)| NamePart {
                    kind: kind.unwrap_or(NamePartKind::Unspecified),
                    value: value.to_owned(),
                })
                .collect(),
        );
    }
    if let Some(language) = script.and_then(script_language) {
        name = name.with_language(language);
    }
    name
}

/// The kind of a non-primary name from its alias type (`A.K.A.`, `F.K.A.`,
/// `N.K.A.`) and low-quality flag: a former name stays former even when weak,
/// as in the legacy files.
pub(crate) fn alias_kind(alias_type: Option<&str>, low_quality: bool) -> NameKind {
    let former = alias_type.is_some_and(|t| t.trim().eq_ignore_ascii_case("F.K.A."));
    if former {
        NameKind::Former
    } else if low_quality {
        NameKind::WeakAlias
    } else {
        NameKind::Alias
    }
}

/// What part of a name a name-part type is; none for the types that hold a
/// whole name (`Entity Name`, `Vessel Name`, `Aircraft Name`).
pub(crate) fn name_part_kind(part_type: &str) -> Option<NamePartKind> {
    match part_type.trim().to_lowercase().as_str() {
        "last name" | "maiden name" => Some(NamePartKind::Family),
        "first name" => Some(NamePartKind::Given),
        "middle name" => Some(NamePartKind::Middle),
        "patronymic" | "matronymic" => Some(NamePartKind::Patronymic),
        "entity name" | "vessel name" | "aircraft name" => None,
        _ => Some(NamePartKind::Unspecified),
    }
}

/// A whole name from its parts: a person's given names before the family
/// names, in the order of OFAC's legacy files ("Ismail Abdul Salah
/// HANIYA"); any other name's parts in the file's order.
pub(crate) fn compose_name(
    parts: &[(Option<NamePartKind>, &str)],
    is_person: bool,
) -> Option<String> {
    let is_family = |kind: &Option<NamePartKind>| *kind == Some(NamePartKind::Family);
    let ordered: Vec<Option<&str>> = if is_person {
        let given = parts.iter().filter(|(kind, _)| !is_family(kind));
        let family = parts.iter().filter(|(kind, _)| is_family(kind));
        given.chain(family).map(|&(_, value)| Some(value)).collect()
    } else {
        parts.iter().map(|&(_, value)| Some(value)).collect()
    };
    join_non_blank(ordered, " ")
}

/// The language a script implies, where it implies one: Chinese for Han
/// scripts, Korean for Hangul, Japanese for kana. Cyrillic and Arabic serve
/// many languages, so they say nothing.
pub(crate) fn script_language(script: &str) -> Option<&'static str> {
    let script = script.to_lowercase();
    if script.contains("chinese") || script.starts_with("han") {
        Some("zh")
    } else if script.contains("hangul") || script.contains("korean") {
        Some("ko")
    } else if script.contains("japanese") || script.contains("kana") {
        Some("ja")
    } else {
        None
    }
}

/// Reads one `Feature` of a profile.
fn read_feature(
    feature: &Node,
    references: &References,
    places: &HashMap<String, Place>,
    entity: &mut Entity,
    remarks: &mut Vec<String>,
    parsed: &mut Parsed,
) {
    let record = entity.id.clone();
    let label = references
        .text(
            "FeatureType",
            feature.attr("FeatureTypeID"),
            &record,
            parsed,
        )
        .map(str::to_owned);
    for version in feature.children_named("FeatureVersion") {
        let detail = version.child("VersionDetail");
        let mut value = FactValue {
            text: detail.and_then(Node::value).map(str::to_owned),
            comment: version.child_value("Comment").map(str::to_owned),
            ..FactValue::default()
        };
        if value.text.is_none()
            && let Some(reference) = detail.and_then(|d| d.attr("DetailReferenceID"))
        {
            value.text = references
                .text("DetailReference", Some(reference), &record, parsed)
                .map(str::to_owned);
        }
        if let Some(period) = version.child("DatePeriod") {
            match date_period(period) {
                Ok(date) => value.date = Some(date),
                Err(text) => {
                    let field = label.as_deref().unwrap_or("feature");
                    entity.keep_unparsed(field, &text);
                    parsed.warn(&record, field, &text, "not a date");
                }
            }
        }
        let place = version.child("VersionLocation").and_then(|location| {
            let id = location.attr("LocationID")?;
            let place = places.get(id);
            if place.is_none() {
                parsed.warn(&record, "LocationID", id, "no such Location");
            }
            place
        });
        let Some(label) = label.as_deref() else {
            // Nothing says what the value is: keep it as it is.
            let text = value
                .text
                .clone()
                .or_else(|| value.date.map(|d| d.to_string()))
                .or_else(|| place.and_then(Place::text));
            if let Some(text) = text {
                entity.keep_unparsed("feature", &text);
            }
            continue;
        };
        // A place is a whole location, with its parts and country, which the
        // shared rules (for a value of text or a country code) do not know.
        let kind = ofac_facts::classify(label);
        match (kind, place) {
            (Fact::Address, Some(place)) => place.add_address(entity, parsed),
            (Fact::Nationality, Some(place)) => {
                place.add_country(entity, CountryField::Nationality, parsed);
            }
            (Fact::Citizenship, Some(place)) => {
                place.add_country(entity, CountryField::Citizenship, parsed);
            }
            (Fact::RegistrationCountry, Some(place)) => {
                place.add_country(entity, CountryField::Country, parsed);
            }
            (Fact::VesselFlag, Some(place)) => {
                place.add_country(entity, CountryField::Country, parsed);
                entity
                    .vessel
                    .get_or_insert_with(VesselDetails::default)
                    .flag = place.country();
            }
            (_, place) => {
                if value.text.is_none() {
                    value.text = place.and_then(Place::text);
                }
                remarks.extend(ofac_facts::apply(kind, label, &value, entity, parsed));
            }
        }
    }
}

/// A date OFAC states as the days it may fall on, from `first` to `last`
/// (both to the day), back in the form its lists write it: a whole year
/// (1962-01-01 to 1962-12-31) is `1962`, a whole month `1962-03`, several
/// whole years a range of years, one day that day. `approximate` marks a
/// single date as "circa".
pub(crate) fn date_from_days(
    first: PartialDate,
    last: PartialDate,
    approximate: bool,
) -> Result<FuzzyDate, DateError> {
    let starts_month = first.day_value() == Some(1);
    let ends_month = last.day_value().is_some()
        && PartialDate::month(last.year_value(), last.month_value().unwrap_or(1))
            .is_ok_and(|month| month.last_day() == last.last_day());
    let (from, to) = if first.precision() != last.precision()
        || first.day_value().is_none()
        || last.day_value().is_none()
    {
        (first, last)
    } else if starts_month
        && first.month_value() == Some(1)
        && ends_month
        && last.month_value() == Some(12)
    {
        (
            PartialDate::year(first.year_value())?,
            PartialDate::year(last.year_value())?,
        )
    } else if starts_month && ends_month {
        (
            PartialDate::month(first.year_value(), first.month_value().unwrap_or(1))?,
            PartialDate::month(last.year_value(), last.month_value().unwrap_or(1))?,
        )
    } else {
        (first, last)
    };
    Ok(match FuzzyDate::between(from, to)? {
        FuzzyDate::Exact(date) if approximate => FuzzyDate::Approximate(date),
        date => date,
    })
}

/// A `{Year, Month, Day}` element as a date; the text of what it holds
/// when that is no date.
fn date_point(node: &Node) -> Result<PartialDate, String> {
    let year = node.child_value("Year");
    let month = node.child_value("Month");
    let day = node.child_value("Day");
    let text = || join_non_blank([year, month, day], "-").unwrap_or_else(|| "(empty)".to_owned());
    let number = |value: Option<&str>| {
        value
            .map(|v| v.parse::<u16>().map_err(|_| text()))
            .transpose()
    };
    let year = number(year)?.ok_or_else(text)?;
    let month = number(month)?
        .map(u8::try_from)
        .transpose()
        .map_err(|_| text())?;
    let day = number(day)?
        .map(u8::try_from)
        .transpose()
        .map_err(|_| text())?;
    PartialDate::new(year, month, day).map_err(|_| text())
}

/// The first of the `names` children of `boundary` (`From`, `To`).
fn boundary_point<'a>(boundary: Option<&'a Node>, names: [&str; 2]) -> Option<&'a Node> {
    boundary.and_then(|b| names.iter().find_map(|name| b.child(name)))
}

/// A `DatePeriod` as a date: from the earliest day of its start to the
/// latest day of its end. The text of what it holds when that is no date.
fn date_period(node: &Node) -> Result<FuzzyDate, String> {
    let start = node.child("Start");
    let end = node.child("End");
    let first = boundary_point(start, ["From", "To"]).or(boundary_point(end, ["From", "To"]));
    let last = boundary_point(end, ["To", "From"]).or(boundary_point(start, ["To", "From"]));
    let (Some(first), Some(last)) = (first, last) else {
        return Err("(no date)".to_owned());
    };
    let first = date_point(first)?;
    let last = date_point(last)?;
    let approximate = [start, end]
        .iter()
        .flatten()
        .any(|boundary| boundary.attr("Approximate") == Some("true"));
    date_from_days(first, last, approximate).map_err(|_| format!("{first} to {last}"))
}

/// Reads one `ProfileRelationship` into the remarks of its `From` party.
fn read_relationship(
    node: &Node,
    references: &References,
    file: &mut FileState,
    parsed: &mut Parsed,
) {
    let record = format!("ProfileRelationship {}", node.attr("ID").unwrap_or("?"));
    let relation = references
        .text("RelationType", node.attr("RelationTypeID"), &record, parsed)
        .unwrap_or("Related to")
        .to_owned();
    let to = node.attr("To-ProfileID").unwrap_or("?");
    let other = match file.by_profile.get(to).and_then(|&i| file.parties.get(i)) {
        Some(party) => format!("{} ({})", party.entity.caption(), party.uid),
        None => format!("profile {to}"),
    };
    let from = node.attr("From-ProfileID").unwrap_or_default();
    let Some(party) = file
        .by_profile
        .get(from)
        .and_then(|&i| file.parties.get_mut(i))
    else {
        parsed.warn(&record, "From-ProfileID", from, "no party has this profile");
        return;
    };
    let former = if node.attr("Former") == Some("true") {
        "formerly "
    } else {
        ""
    };
    party.remarks.push(format!("{former}{relation}: {other}"));
}

/// Reads one `SanctionsEntry` into its party's listing: the list, the
/// programmes (the comments of its `Program` measures) and the date.
fn read_sanctions_entry(
    node: &Node,
    references: &References,
    file: &mut FileState,
    parsed: &mut Parsed,
) {
    let record = format!("SanctionsEntry {}", node.attr("ID").unwrap_or("?"));
    let profile = node.attr("ProfileID").unwrap_or_default();
    let Some(party) = file
        .by_profile
        .get(profile)
        .and_then(|&i| file.parties.get_mut(i))
    else {
        parsed.warn(&record, "ProfileID", profile, "no party has this profile");
        return;
    };
    if let Some(list) = references.text("List", node.attr("ListID"), &record, parsed) {
        Entity::push_unique(&mut party.lists, list.to_owned());
    }
    for event in node.children_named("EntryEvent") {
        let Some(date) = event.child("Date") else {
            continue;
        };
        match date_point(date) {
            Ok(date) => {
                if party.listed_on.is_none_or(|earlier| date < earlier) {
                    party.listed_on = Some(date);
                }
            }
            Err(text) => parsed.warn(&party.entity.id, "listed_on", &text, "not a date"),
        }
    }
    for measure in node.children_named("SanctionsMeasure") {
        let kind = references.text(
            "SanctionsType",
            measure.attr("SanctionsTypeID"),
            &record,
            parsed,
        );
        if kind == Some("Program")
            && let Some(programme) = measure.child_value("Comment")
        {
            Entity::push_unique(&mut party.programmes, programme.to_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::{Gender, IdKind};

    fn parse_str(xml: &str) -> Result<Parsed, SourceError> {
        parse(
            xml.as_bytes(),
            &Context::new("us_ofac_cons", "cons_advanced.xml"),
        )
    }

    fn country(code: &str) -> Country {
        Country::from_alpha2(code).unwrap()
    }

    const REFERENCES: &str = r#"<ReferenceValueSets>
    <AliasTypeValues><AliasType ID="1400">A.K.A.</AliasType><AliasType ID="1401">F.K.A.</AliasType><AliasType ID="1403">Name</AliasType></AliasTypeValues>
    <AreaCodeValues><AreaCode ID="11291" CountryID="11291" Description="undetermined" AreaCodeTypeID="1" /></AreaCodeValues>
    <CountryValues>
      <Country ID="11065" ISO2="CN">China</Country><Country ID="11171" ISO2="RU">Russia</Country>
      <Country ID="11291">undetermined</Country><Country ID="99">Atlantis</Country>
    </CountryValues>
    <DetailReferenceValues><DetailReference ID="91521">Subject to Directive 1</DetailReference><DetailReference ID="91526">Male</DetailReference></DetailReferenceValues>
    <FeatureTypeValues>
      <FeatureType ID="8">Birthdate</FeatureType><FeatureType ID="9">Place of Birth</FeatureType>
      <FeatureType ID="10">Nationality Country</FeatureType><FeatureType ID="11">Citizenship Country</FeatureType>
      <FeatureType ID="13">SWIFT/BIC</FeatureType><FeatureType ID="14">Website</FeatureType><FeatureType ID="21">Email Address</FeatureType>
      <FeatureType ID="25">Location</FeatureType><FeatureType ID="204">Executive Order 13662 Directive Determination -</FeatureType>
      <FeatureType ID="224">Gender</FeatureType><FeatureType ID="3">Vessel Flag</FeatureType><FeatureType ID="4">Vessel Year of Build</FeatureType>
    </FeatureTypeValues>
    <IDRegDocDateTypeValues><IDRegDocDateType ID="1480">Issue Date</IDRegDocDateType></IDRegDocDateTypeValues>
    <IDRegDocTypeValues><IDRegDocType ID="1571">Passport</IDRegDocType><IDRegDocType ID="1585">Registration ID</IDRegDocType>
      <IDRegDocType ID="1626">Vessel Registration Identification</IDRegDocType></IDRegDocTypeValues>
    <ListValues><List ID="91512">Consolidated List</List><List ID="91507">Sectoral Sanctions Identifications List</List></ListValues>
    <LocPartTypeValues><LocPartType ID="1">Unknown</LocPartType><LocPartType ID="1451">ADDRESS1</LocPartType><LocPartType ID="1454">CITY</LocPartType></LocPartTypeValues>
    <NamePartTypeValues><NamePartType ID="1520">Last Name</NamePartType><NamePartType ID="1521">First Name</NamePartType>
      <NamePartType ID="1525">Entity Name</NamePartType><NamePartType ID="1526">Vessel Name</NamePartType></NamePartTypeValues>
    <PartySubTypeValues><PartySubType ID="1" PartyTypeID="4">Vessel</PartySubType><PartySubType ID="3" PartyTypeID="2">Unknown</PartySubType>
      <PartySubType ID="4" PartyTypeID="1">Unknown</PartySubType></PartySubTypeValues>
    <PartyTypeValues><PartyType ID="1">Individual</PartyType><PartyType ID="2">Entity</PartyType><PartyType ID="4">Transport</PartyType></PartyTypeValues>
    <RelationTypeValues><RelationType ID="15003">Owned or Controlled By</RelationType></RelationTypeValues>
    <SanctionsTypeValues><SanctionsType ID="1">Program</SanctionsType><SanctionsType ID="1705">Block</SanctionsType></SanctionsTypeValues>
    <ScriptValues><Script ID="215" ScriptCode="Latin">Latin</Script><Script ID="220" ScriptCode="Cyrl">Cyrillic</Script><Script ID="300" ScriptCode="Hans">Chinese Simplified</Script></ScriptValues>
    <ValidityValues><Validity ID="1">Valid</Validity><Validity ID="2">Fraudulent</Validity></ValidityValues>
  </ReferenceValueSets>"#;

    fn file(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<Sanctions xmlns="http://www.un.org/sanctions/1.0" Version="3">
  <DateOfIssue CalendarTypeID="1"><Year>2020</Year><Month>3</Month><Day>17</Day></DateOfIssue>
  {REFERENCES}
  {body}
</Sanctions>"#
        )
    }

    fn date(year: u16, month: u8, day: u8) -> String {
        format!("<Year>{year}</Year><Month>{month}</Month><Day>{day}</Day>")
    }

    fn period(first: (u16, u8, u8), last: (u16, u8, u8), approximate: bool) -> String {
        let (a, b) = (
            date(first.0, first.1, first.2),
            date(last.0, last.1, last.2),
        );
        format!(
            r#"<DatePeriod CalendarTypeID="1" YearFixed="false" MonthFixed="false" DayFixed="false">
              <Start Approximate="{approximate}" YearFixed="false" MonthFixed="false" DayFixed="false"><From>{a}</From><To>{a}</To></Start>
              <End Approximate="{approximate}" YearFixed="false" MonthFixed="false" DayFixed="false"><From>{b}</From><To>{b}</To></End>
            </DatePeriod>"#
        )
    }

    fn person() -> String {
        format!(
            r#"<Locations>
    <Location ID="1"><LocationCountry CountryID="11065" CountryRelevanceID="1413" />
      <LocationPart LocPartTypeID="1451"><LocationPartValue Primary="true"><Comment /><Value>1 Road</Value></LocationPartValue></LocationPart>
      <LocationPart LocPartTypeID="1454"><LocationPartValue Primary="true"><Comment /><Value>Urumqi</Value></LocationPartValue></LocationPart>
    </Location>
    <Location ID="2"><LocationAreaCode AreaCodeID="11291" /></Location>
    <Location ID="3"><LocationPart LocPartTypeID="1"><LocationPartValue Primary="true"><Value>Switzerland</Value></LocationPartValue></LocationPart></Location>
    <Location ID="4"><LocationCountry CountryID="11171" /></Location>
  </Locations>
  <IDRegDocuments>
    <IDRegDocument ID="50" IDRegDocTypeID="1571" IdentityID="700" IssuedBy-CountryID="11065" ValidityID="1">
      <Comment /><IDRegistrationNo>E123</IDRegistrationNo><IssuingAuthority />
      <IDRegDocumentDate IDRegDocDateTypeID="1480">{issued}</IDRegDocumentDate>
    </IDRegDocument>
    <IDRegDocument ID="51" IDRegDocTypeID="1571" IdentityID="700" IssuedBy-CountryID="99" ValidityID="2">
      <IDRegistrationNo>X9</IDRegistrationNo>
    </IDRegDocument>
  </IDRegDocuments>
  <DistinctParties>
    <DistinctParty FixedRef="29219">
      <Comment>Linked To: X.</Comment>
      <Profile ID="29219" PartySubTypeID="4">
        <Identity ID="700" FixedRef="29219" Primary="true" False="false">
          <Alias FixedRef="29219" AliasTypeID="1400" Primary="false" LowQuality="true">
            <DocumentedName ID="2"><DocumentedNamePart><NamePartValue NamePartGroupID="12" ScriptID="215">Old Zhu</NamePartValue></DocumentedNamePart></DocumentedName>
          </Alias>
          <Alias FixedRef="29219" AliasTypeID="1403" Primary="true" LowQuality="false">
            <DocumentedName ID="1" DocNameStatusID="1">
              <DocumentedNamePart><NamePartValue NamePartGroupID="10" ScriptID="215">ZHU</NamePartValue></DocumentedNamePart>
              <DocumentedNamePart><NamePartValue NamePartGroupID="11" ScriptID="215">Hailun</NamePartValue></DocumentedNamePart>
            </DocumentedName>
            <DocumentedName ID="3" DocNameStatusID="2">
              <DocumentedNamePart><NamePartValue NamePartGroupID="13" ScriptID="300">朱海仑</NamePartValue></DocumentedNamePart>
            </DocumentedName>
          </Alias>
          <Alias FixedRef="29219" AliasTypeID="1401" Primary="false" LowQuality="true">
            <DocumentedName ID="4">
              <DocumentedNamePart><NamePartValue NamePartGroupID="14" ScriptID="215">CHU</NamePartValue></DocumentedNamePart>
              <DocumentedNamePart><NamePartValue NamePartGroupID="15" ScriptID="215">Hai</NamePartValue></DocumentedNamePart>
            </DocumentedName>
          </Alias>
          <NamePartGroups>
            <MasterNamePartGroup><NamePartGroup ID="10" NamePartTypeID="1520" /></MasterNamePartGroup>
            <MasterNamePartGroup><NamePartGroup ID="11" NamePartTypeID="1521" /></MasterNamePartGroup>
            <MasterNamePartGroup><NamePartGroup ID="12" NamePartTypeID="1520" /></MasterNamePartGroup>
            <MasterNamePartGroup><NamePartGroup ID="13" NamePartTypeID="1520" /></MasterNamePartGroup>
            <MasterNamePartGroup><NamePartGroup ID="14" NamePartTypeID="1520" /></MasterNamePartGroup>
            <MasterNamePartGroup><NamePartGroup ID="15" NamePartTypeID="1521" /></MasterNamePartGroup>
          </NamePartGroups>
        </Identity>
        <Feature ID="1" FeatureTypeID="8"><FeatureVersion ID="1"><Comment />{year}<VersionDetail DetailTypeID="1430" /></FeatureVersion></Feature>
        <Feature ID="2" FeatureTypeID="8"><FeatureVersion ID="2">{circa}</FeatureVersion></Feature>
        <Feature ID="3" FeatureTypeID="8"><FeatureVersion ID="3">{range}</FeatureVersion></Feature>
        <Feature ID="4" FeatureTypeID="9"><FeatureVersion ID="4"><VersionDetail DetailTypeID="1432">Lianshui, Jiangsu, China</VersionDetail></FeatureVersion></Feature>
        <Feature ID="5" FeatureTypeID="10"><FeatureVersion ID="5"><VersionLocation LocationID="1" /></FeatureVersion></Feature>
        <Feature ID="6" FeatureTypeID="11"><FeatureVersion ID="6"><VersionLocation LocationID="3" /></FeatureVersion></Feature>
        <Feature ID="7" FeatureTypeID="224"><FeatureVersion ID="7"><VersionDetail DetailTypeID="1431" DetailReferenceID="91526" /></FeatureVersion></Feature>
        <Feature ID="8" FeatureTypeID="25"><FeatureVersion ID="8"><VersionLocation LocationID="1" /></FeatureVersion></Feature>
        <Feature ID="9" FeatureTypeID="25"><FeatureVersion ID="9"><VersionLocation LocationID="2" /></FeatureVersion></Feature>
        <Feature ID="10" FeatureTypeID="21"><FeatureVersion ID="10"><VersionDetail DetailTypeID="1432">zhu@example.cn</VersionDetail></FeatureVersion></Feature>
      </Profile>
    </DistinctParty>
  </DistinctParties>
  <SanctionsEntries>
    <SanctionsEntry ID="1" ProfileID="29219" ListID="91512">
      <EntryEvent ID="1" EntryEventTypeID="1" LegalBasisID="1"><Comment /><Date CalendarTypeID="1">{listed_late}</Date></EntryEvent>
      <SanctionsMeasure ID="1" SanctionsTypeID="1705"><DatePeriod CalendarTypeID="1" YearFixed="true" MonthFixed="true" DayFixed="true" /></SanctionsMeasure>
      <SanctionsMeasure ID="2" SanctionsTypeID="1"><Comment>GLOMAG</Comment></SanctionsMeasure>
    </SanctionsEntry>
    <SanctionsEntry ID="2" ProfileID="29219" ListID="91507">
      <EntryEvent ID="2" EntryEventTypeID="1" LegalBasisID="1"><Date CalendarTypeID="1">{listed_early}</Date></EntryEvent>
      <SanctionsMeasure ID="3" SanctionsTypeID="1"><Comment>GLOMAG</Comment></SanctionsMeasure>
      <SanctionsMeasure ID="4" SanctionsTypeID="1"><Comment>CHINA-EO13936</Comment></SanctionsMeasure>
    </SanctionsEntry>
  </SanctionsEntries>"#,
            issued = period((2010, 1, 1), (2010, 1, 1), false),
            year = period((1958, 1, 1), (1958, 12, 31), false),
            circa = period((1960, 1, 1), (1960, 12, 31), true),
            range = period((1961, 1, 1), (1962, 12, 31), false),
            listed_late = date(2020, 12, 7),
            listed_early = date(2014, 7, 16),
        )
    }

    #[test]
    fn reads_the_date_of_issue() {
        let parsed = parse_str(&file("")).unwrap();
        assert_eq!(
            parsed.meta.published,
            PartialDate::new(2020, Some(3), Some(17)).ok()
        );
        assert!(parsed.entities.is_empty());
    }

    #[test]
    fn reads_names_through_the_reference_tables() {
        let parsed = parse_str(&file(&person())).unwrap();
        let [entity] = parsed.entities.as_slice() else {
            panic!("expected one entity");
        };
        assert_eq!(entity.id, "us_ofac_cons:29219");
        assert_eq!(entity.schema, Schema::Person);
        let names: Vec<_> = entity
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.kind, n.language.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("Hailun ZHU", NameKind::Primary, None),
                ("Old Zhu", NameKind::WeakAlias, None),
                ("朱海仑", NameKind::Alias, Some("zh")),
                ("Hai CHU", NameKind::Former, None),
            ]
        );
        let primary = &entity.names[0];
        assert_eq!(primary.part(NamePartKind::Family), Some("ZHU"));
        assert_eq!(primary.part(NamePartKind::Given), Some("Hailun"));
    }

    #[test]
    fn reads_features() {
        let parsed = parse_str(&file(&person())).unwrap();
        let entity = &parsed.entities[0];
        let dates: Vec<String> = entity.birth_dates.iter().map(ToString::to_string).collect();
        assert_eq!(dates, ["1958", "1960~", "1961/1962"]);
        assert_eq!(entity.birth_places, ["Lianshui, Jiangsu, China"]);
        assert_eq!(entity.nationalities, [country("CN")]);
        assert_eq!(entity.citizenships, [country("CH")]);
        assert_eq!(entity.gender, Some(Gender::Male));
        assert_eq!(entity.emails, ["zhu@example.cn"]);
        // The undetermined location is no address.
        let [address] = entity.addresses.as_slice() else {
            panic!("{:?}", entity.addresses);
        };
        assert_eq!(address.full, "1 Road, Urumqi, China");
        assert_eq!(address.country, Some(country("CN")));
        assert_eq!(entity.countries, [country("CN")]);
    }

    #[test]
    fn reads_documents_and_the_listing() {
        let parsed = parse_str(&file(&person())).unwrap();
        let entity = &parsed.entities[0];
        let ids: Vec<_> = entity
            .identifiers
            .iter()
            .map(|id| (id.kind, id.number.as_str(), id.country, id.note.as_deref()))
            .collect();
        assert_eq!(
            ids,
            [
                (
                    IdKind::Passport,
                    "E123",
                    Some(country("CN")),
                    Some("issued 2010-01-01")
                ),
                (IdKind::Passport, "X9", None, Some("fraudulent")),
            ]
        );
        assert_eq!(entity.identifiers[0].label.as_deref(), Some("Passport"));
        let listing = &entity.listings[0];
        assert_eq!(listing.authority, Authority::UsOfac);
        assert_eq!(listing.programmes, ["GLOMAG", "CHINA-EO13936"]);
        assert_eq!(
            listing.listed_on,
            PartialDate::new(2014, Some(7), Some(16)).ok()
        );
        assert_eq!(listing.reference.as_deref(), Some("29219"));
        assert_eq!(
            listing.remarks.as_deref(),
            Some(
                "Linked To: X.; Lists: Consolidated List, Sectoral Sanctions Identifications List"
            )
        );
        // Atlantis names no country.
        let warnings: Vec<_> = parsed
            .warnings
            .iter()
            .map(|w| (w.field.as_str(), w.value.as_str()))
            .collect();
        assert_eq!(warnings, [("identifier_country", "Atlantis")]);
        assert_eq!(entity.unparsed[0].value, "Atlantis");
    }

    const ORGANISATION: &str = r#"<DistinctParties>
    <DistinctParty FixedRef="17013"><Comment />
      <Profile ID="17013" PartySubTypeID="3">
        <Identity ID="800" Primary="true" False="false">
          <Alias AliasTypeID="1403" Primary="true" LowQuality="false">
            <DocumentedName ID="1"><DocumentedNamePart><NamePartValue NamePartGroupID="1" ScriptID="215">VTB Bank</NamePartValue></DocumentedNamePart></DocumentedName>
            <DocumentedName ID="2"><DocumentedNamePart><NamePartValue NamePartGroupID="2" ScriptID="220">Банк ВТБ</NamePartValue></DocumentedNamePart></DocumentedName>
          </Alias>
          <NamePartGroups>
            <MasterNamePartGroup><NamePartGroup ID="1" NamePartTypeID="1525" /></MasterNamePartGroup>
            <MasterNamePartGroup><NamePartGroup ID="2" NamePartTypeID="1525" /></MasterNamePartGroup>
          </NamePartGroups>
        </Identity>
        <Feature ID="1" FeatureTypeID="13"><FeatureVersion ID="1"><VersionDetail DetailTypeID="1432">VTBRRUMM</VersionDetail></FeatureVersion></Feature>
        <Feature ID="2" FeatureTypeID="14"><FeatureVersion ID="2"><VersionDetail DetailTypeID="1432">www.vtb.com</VersionDetail></FeatureVersion></Feature>
        <Feature ID="3" FeatureTypeID="204"><FeatureVersion ID="3"><VersionDetail DetailTypeID="1431" DetailReferenceID="91521" /></FeatureVersion></Feature>
        <Feature ID="4" FeatureTypeID="25"><FeatureVersion ID="4"><VersionLocation LocationID="4" /></FeatureVersion></Feature>
      </Profile>
    </DistinctParty>
    <DistinctParty FixedRef="18267"><Comment />
      <Profile ID="18267" PartySubTypeID="3">
        <Identity ID="801" Primary="true" False="false">
          <Alias AliasTypeID="1403" Primary="true" LowQuality="false">
            <DocumentedName ID="3"><DocumentedNamePart><NamePartValue NamePartGroupID="3" ScriptID="215">VTB Capital</NamePartValue></DocumentedNamePart></DocumentedName>
          </Alias>
          <NamePartGroups><MasterNamePartGroup><NamePartGroup ID="3" NamePartTypeID="1525" /></MasterNamePartGroup></NamePartGroups>
        </Identity>
      </Profile>
    </DistinctParty>
  </DistinctParties>
  <ProfileRelationships>
    <ProfileRelationship ID="1" From-ProfileID="18267" To-ProfileID="17013" RelationTypeID="15003" Former="false" />
    <ProfileRelationship ID="2" From-ProfileID="18267" To-ProfileID="5" RelationTypeID="15003" Former="true" />
  </ProfileRelationships>"#;

    #[test]
    fn reads_an_organisation_and_its_relationships() {
        let body = format!(
            r#"<Locations><Location ID="4"><LocationCountry CountryID="11171" /></Location></Locations>
            <IDRegDocuments><IDRegDocument ID="9" IDRegDocTypeID="1585" IdentityID="800" IssuedBy-CountryID="11171">
              <IDRegistrationNo>1027739609391</IDRegistrationNo></IDRegDocument></IDRegDocuments>{ORGANISATION}"#
        );
        let parsed = parse_str(&file(&body)).unwrap();
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        let vtb = &parsed.entities[0];
        assert_eq!(vtb.schema, Schema::Organization);
        let names: Vec<_> = vtb
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("VTB Bank", NameKind::Primary),
                ("Банк ВТБ", NameKind::Alias)
            ]
        );
        assert!(vtb.names[0].parts.is_empty());
        let ids: Vec<_> = vtb
            .identifiers
            .iter()
            .map(|id| (id.kind, id.number.as_str(), id.label.as_deref()))
            .collect();
        assert_eq!(
            ids,
            [
                (
                    IdKind::Registration,
                    "1027739609391",
                    Some("Registration ID")
                ),
                (IdKind::Swift, "VTBRRUMM", Some("SWIFT/BIC")),
            ]
        );
        assert_eq!(vtb.websites, ["www.vtb.com"]);
        assert_eq!(vtb.countries, [country("RU")]);
        assert_eq!(vtb.addresses[0].full, "Russia");
        assert_eq!(
            vtb.listings[0].remarks.as_deref(),
            Some("Executive Order 13662 Directive Determination - Subject to Directive 1")
        );
        let capital = &parsed.entities[1];
        assert_eq!(
            capital.listings[0].remarks.as_deref(),
            Some(
                "Owned or Controlled By: VTB Bank (17013); formerly Owned or Controlled By: profile 5"
            )
        );
    }

    #[test]
    fn reads_a_vessel() {
        let body = format!(
            r#"<Locations><Location ID="4"><LocationCountry CountryID="11171" /></Location></Locations>
            <IDRegDocuments><IDRegDocument ID="9" IDRegDocTypeID="1626" IdentityID="900"><IDRegistrationNo>IMO 9187629</IDRegistrationNo></IDRegDocument></IDRegDocuments>
            <DistinctParties><DistinctParty FixedRef="4243"><Profile ID="4243" PartySubTypeID="1">
              <Identity ID="900"><Alias AliasTypeID="1403" Primary="true" LowQuality="false"><DocumentedName ID="1">
                <DocumentedNamePart><NamePartValue NamePartGroupID="1" ScriptID="215">EBANO</NamePartValue></DocumentedNamePart></DocumentedName></Alias>
                <NamePartGroups><MasterNamePartGroup><NamePartGroup ID="1" NamePartTypeID="1526" /></MasterNamePartGroup></NamePartGroups></Identity>
              <Feature ID="1" FeatureTypeID="3"><FeatureVersion ID="1"><VersionLocation LocationID="4" /></FeatureVersion></Feature>
              <Feature ID="2" FeatureTypeID="4"><FeatureVersion ID="2">{built}</FeatureVersion></Feature>
            </Profile></DistinctParty></DistinctParties>"#,
            built = period((1974, 1, 1), (1974, 12, 31), false)
        );
        let parsed = parse_str(&file(&body)).unwrap();
        let vessel = &parsed.entities[0];
        assert_eq!(vessel.schema, Schema::Vessel);
        assert_eq!(vessel.identifiers[0].kind, IdKind::Imo);
        assert_eq!(vessel.identifiers[0].number, "9187629");
        assert_eq!(vessel.vessel.as_ref().unwrap().flag, Some(country("RU")));
        assert_eq!(vessel.birth_dates[0].to_string(), "1974");
    }

    #[test]
    fn unknown_reference_ids_are_warnings() {
        let body = r#"<Locations><Location ID="4"><LocationCountry CountryID="404" /></Location></Locations>
            <DistinctParties><DistinctParty FixedRef="1"><Profile ID="1" PartySubTypeID="3">
              <Identity ID="1"><Alias AliasTypeID="1477" Primary="true" LowQuality="false"><DocumentedName ID="1">
                <DocumentedNamePart><NamePartValue NamePartGroupID="1" ScriptID="215">ACME</NamePartValue></DocumentedNamePart></DocumentedName></Alias>
                <NamePartGroups><MasterNamePartGroup><NamePartGroup ID="1" NamePartTypeID="1599" /></MasterNamePartGroup></NamePartGroups></Identity>
              <Feature ID="1" FeatureTypeID="777"><FeatureVersion ID="1"><VersionDetail DetailTypeID="1432">secret</VersionDetail></FeatureVersion></Feature>
              <Feature ID="2" FeatureTypeID="25"><FeatureVersion ID="2"><VersionLocation LocationID="5" /></FeatureVersion></Feature>
            </Profile></DistinctParty></DistinctParties>
            <SanctionsEntries><SanctionsEntry ID="1" ProfileID="2" ListID="91512" /></SanctionsEntries>"#;
        let parsed = parse_str(&file(body)).unwrap();
        let warnings: Vec<_> = parsed
            .warnings
            .iter()
            .map(|w| (w.field.as_str(), w.value.as_str()))
            .collect();
        assert_eq!(
            warnings,
            [
                ("Country", "404"),
                ("AliasType", "1477"),
                ("NamePartType", "1599"),
                ("FeatureType", "777"),
                ("LocationID", "5"),
                ("ProfileID", "2"),
            ]
        );
        let entity = &parsed.entities[0];
        assert_eq!(entity.caption(), "ACME");
        assert_eq!(entity.unparsed[0].value, "secret");
    }

    #[test]
    fn a_broken_party_is_an_error_naming_it() {
        for (party, message) in [
            (
                r#"<DistinctParty FixedRef="7"><Profile ID="7" PartySubTypeID="42" /></DistinctParty>"#,
                "PartySubTypeID",
            ),
            (
                r#"<DistinctParty FixedRef="7"><Profile ID="7" PartySubTypeID="3" /></DistinctParty>"#,
                "no name",
            ),
            (r#"<DistinctParty FixedRef="7" />"#, "no <Profile>"),
        ] {
            let error = parse_str(&file(party)).unwrap_err();
            assert_eq!(error.file, "cons_advanced.xml");
            assert_eq!(
                error.location,
                Location::Record {
                    index: 1,
                    id: Some("7".into())
                }
            );
            assert!(error.to_string().contains(message), "{error}");
        }
        let error = parse_str(&file(
            r#"<DistinctParty><Profile ID="7" PartySubTypeID="3" /></DistinctParty>"#,
        ))
        .unwrap_err();
        assert_eq!(error.location, Location::Record { index: 1, id: None });
    }

    #[test]
    fn refuses_what_is_not_an_advanced_file() {
        assert!(parse_str("").is_err());
        assert!(parse_str("<sdnList><sdnEntry><uid>1</uid></sdnEntry></sdnList>").is_err());
        let error = parse_str("<Sanctions><DistinctParties><DistinctParty FixedRef=\"1\"/></DistinctParties></Sanctions>").unwrap_err();
        assert!(error.to_string().contains("ReferenceValueSets"), "{error}");
        let full = file(&person());
        let error = parse_str(&full[..full.len() / 2]).unwrap_err();
        assert!(
            error.to_string().starts_with("cons_advanced.xml: byte "),
            "{error}"
        );
    }

    #[test]
    fn dates_from_days_read_back_as_written() {
        let day = |y, m, d| PartialDate::day(y, m, d).unwrap();
        let cases = [
            ((1962, 1, 1), (1962, 12, 31), false, "1962"),
            ((1962, 3, 1), (1962, 3, 31), false, "1962-03"),
            ((1960, 2, 1), (1960, 2, 29), true, "1960-02~"),
            ((1962, 3, 5), (1962, 3, 5), false, "1962-03-05"),
            ((1958, 1, 1), (1963, 12, 31), false, "1958/1963"),
            ((1958, 1, 1), (1958, 1, 1), true, "1958-01-01~"),
            ((1958, 1, 5), (1958, 2, 3), false, "1958-01-05/1958-02-03"),
        ];
        for (first, last, approximate, expected) in cases {
            let date = date_from_days(
                day(first.0, first.1, first.2),
                day(last.0, last.1, last.2),
                approximate,
            )
            .unwrap();
            assert_eq!(date.to_string(), expected, "{first:?} {last:?}");
        }
        assert!(date_from_days(day(1963, 1, 1), day(1962, 1, 1), false).is_err());
    }

    #[test]
    fn name_parts_and_scripts_are_typed() {
        assert_eq!(name_part_kind("Patronymic"), Some(NamePartKind::Patronymic));
        assert_eq!(name_part_kind("Entity Name"), None);
        assert_eq!(script_language("Chinese Traditional"), Some("zh"));
        assert_eq!(script_language("Cyrillic"), None);
    }
}
