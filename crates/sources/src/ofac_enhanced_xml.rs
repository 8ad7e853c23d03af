//! OFAC's Enhanced XML (`SDN_ENHANCED.XML`, `CONS_ENHANCED.XML`), read from
//! the XML itself or from the ZIP archive OFAC publishes it in.
//!
//! The root `sanctionsData` holds `publicationInfo{dataAsOf}`, the
//! `referenceValues` (countries with their ISO codes, types, programmes),
//! `featureTypes` and then one `entities/entity` per listed person,
//! organisation, vessel or aircraft. Unlike the Advanced format, an entity
//! is self-contained and writes every reference's text beside its ID, so
//! each `entity` element is read, mapped and dropped in turn; only the
//! reference values are kept, for their ISO country codes.
//!
//! An entity's `id` is the uid of OFAC's legacy files, so each entity
//! becomes one [`Entity`] with id `{source}:{id}`, as in [`crate::ofac_xml`],
//! and one [`Listing`] by [`Authority::UsOfac`]. Names come with
//! `translations`, one per script: the primary name's other scripts become
//! aliases, an alias's other scripts aliases of the same kind. Features (dates
//! of birth, nationalities, SWIFT codes, directive information, …) are
//! sorted and added as every OFAC format's are, by [`crate::ofac_facts`].
//!
//! A reference ID that `referenceValues` does not hold is no error: the
//! text written beside it is used instead, and only a text that names no
//! country is a warning (with the value kept in `unparsed`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor};

use interdict_model::{
    Address, Authority, Country, Entity, Listing, Name, NameKind, NamePartKind, PartialDate, Schema,
};

use crate::fields::{CountryField, add_country, join_non_blank, resolve_country};
use crate::input::read_all;
use crate::ofac_advanced_xml::{
    alias_kind, compose_name, date_from_days, name_part_kind, primary_first, spelled_name,
};
use crate::ofac_facts::{
    self, FactValue, add_identifier, document_type_kind, is_undetermined, listing_remarks,
};
use crate::ofac_xml::Records;
use crate::xml::{Node, RecordReader};
use crate::{Context, Location, Parsed, SourceError};

/// The first bytes of a zip archive.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// Reads a whole OFAC Enhanced XML list, from the XML or from a zip archive
/// holding it (recognised by its content, not its name).
pub fn parse(mut input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
    let head = input.fill_buf().map_err(|e| {
        SourceError::new(&context.label, Location::File, format!("cannot read: {e}"))
    })?;
    if head.is_empty() || head.len() >= ZIP_MAGIC.len() {
        if head.starts_with(ZIP_MAGIC) {
            let bytes = read_all(input, &context.label)?;
            return parse_zip(&bytes, context);
        }
        return parse_xml(input, context);
    }
    // Too little buffered to tell.
    let bytes = read_all(input, &context.label)?;
    if bytes.starts_with(ZIP_MAGIC) {
        parse_zip(&bytes, context)
    } else {
        parse_xml(bytes.as_slice(), context)
    }
}

/// Reads the one XML member of a zip archive.
fn parse_zip(bytes: &[u8], context: &Context) -> Result<Parsed, SourceError> {
    let error = |message: String| SourceError::new(&context.label, Location::File, message);
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        error(format!(
            "a zip archive that cannot be read (truncated?): {e}"
        ))
    })?;
    let names: Vec<String> = archive
        .file_names()
        .map(|name| name.map(Cow::into_owned))
        .collect::<Result<_, _>>()
        .map_err(|e| error(format!("a zip archive that cannot be read: {e}")))?;
    let xml: Vec<usize> = (0..names.len())
        .filter(|&i| {
            names
                .get(i)
                .is_some_and(|name| name.to_ascii_lowercase().ends_with(".xml"))
        })
        .collect();
    let index = match xml.as_slice() {
        [index] => *index,
        [] => {
            return Err(error(format!(
                "a zip archive with no XML file in it ({})",
                names.join(", ")
            )));
        }
        _ => {
            return Err(error(format!(
                "a zip archive with several XML files ({}): expected one",
                names.join(", ")
            )));
        }
    };
    let member_name = names.get(index).cloned().unwrap_or_default();
    let member = archive
        .by_index(index)
        .map_err(|e| error(format!("cannot open {member_name} in the zip archive: {e}")))?;
    parse_xml(BufReader::with_capacity(1 << 16, member), context).map_err(|mut e| {
        e.message = format!("{} (in {member_name})", e.message);
        e
    })
}

/// One of the file's reference values.
#[derive(Debug)]
struct Reference {
    value: String,
    iso_code: Option<String>,
}

/// Reads the XML.
fn parse_xml(input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
    let mut reader = RecordReader::new(input, &context.label);
    let mut parsed = Parsed::default();
    let mut references: HashMap<String, Reference> = HashMap::new();
    let mut records = Records::new("sanctionsData", "publicationInfo", "entity", "Enhanced");
    while let Some(node) = reader.next_record(&["publicationInfo", "referenceValue", "entity"])? {
        records.check_root(&reader)?;
        match node.name.as_str() {
            "publicationInfo" => {
                records.seen_header = true;
                if let Some(text) = node.child_value("dataAsOf") {
                    match PartialDate::parse_iso(text) {
                        Ok(date) => parsed.meta.published = Some(date),
                        Err(_) => parsed.warn(&context.label, "dataAsOf", text, "not a date"),
                    }
                }
            }
            "referenceValue" => {
                if let Some(id) = node.attr("refId") {
                    references.insert(
                        id.to_owned(),
                        Reference {
                            value: node.child_value("value").unwrap_or_default().to_owned(),
                            iso_code: node.child_value("isoCode").map(str::to_owned),
                        },
                    );
                }
            }
            _ => {
                let index = records.next_index();
                let entity = read_entity(&node, index, &references, context, &mut parsed)?;
                let id = node.attr("id");
                records.keep(
                    entity,
                    id,
                    "this id was already used by an earlier entity",
                    context,
                    &mut parsed,
                )?;
            }
        }
    }
    records.finish(context)?;
    Ok(parsed)
}

/// Reads one `entity`, the `index`-th in the file.
fn read_entity(
    node: &Node,
    index: usize,
    references: &HashMap<String, Reference>,
    context: &Context,
    parsed: &mut Parsed,
) -> Result<Entity, SourceError> {
    let id = node.attr("id");
    let error = |message: String| {
        SourceError::new(
            &context.label,
            Location::Record {
                index,
                id: id.map(str::to_owned),
            },
            message,
        )
    };
    let id = id.ok_or_else(|| error("no id".into()))?;
    let entity_type = node
        .child("generalInfo")
        .and_then(|info| info.child("entityType"))
        .and_then(|t| reference_text(t, references));
    let schema = match entity_type.as_deref() {
        Some("Individual") => Schema::Person,
        Some("Entity") => Schema::Organization,
        Some("Vessel") => Schema::Vessel,
        Some("Aircraft") => Schema::Aircraft,
        Some(other) => return Err(error(format!("unknown <entityType> {other:?}"))),
        None => return Err(error("no <entityType>".into())),
    };
    let mut entity = Entity::new(&context.source, id, schema);

    let names = read_names(node, schema == Schema::Person, references);
    for name in primary_first(names, &entity.id, parsed).ok_or_else(|| error("no name".into()))? {
        entity.add_name(name);
    }

    let mut remarks: Vec<String> = node
        .find_all(&["generalInfo", "remarks"])
        .filter_map(Node::value)
        .map(str::to_owned)
        .collect();
    for address in node.find_all(&["addresses", "address"]) {
        read_address(address, references, &mut entity, parsed);
    }
    for feature in node.find_all(&["features", "feature"]) {
        read_feature(feature, references, &mut entity, &mut remarks, parsed);
    }
    for document in node.find_all(&["identityDocuments", "identityDocument"]) {
        read_document(document, references, &mut entity, parsed);
    }
    for relationship in node.find_all(&["relationships", "relationship"]) {
        let relation = relationship
            .child("type")
            .and_then(|t| reference_text(t, references))
            .unwrap_or_else(|| "Related to".to_owned());
        if let Some(other) = relationship.child("relatedEntity") {
            let other_id = other.attr("entityId").unwrap_or("?");
            let other_name = other.value().unwrap_or("?");
            remarks.push(format!("{relation}: {other_name} ({other_id})"));
        }
    }

    let mut listing = Listing::new(&context.source, Authority::UsOfac);
    listing.reference = Some(id.to_owned());
    listing.programmes = node
        .find_all(&["sanctionsPrograms", "sanctionsProgram"])
        .filter_map(|p| reference_text(p, references))
        .fold(Vec::new(), |mut programmes, programme| {
            Entity::push_unique(&mut programmes, programme);
            programmes
        });
    let mut lists = Vec::new();
    for list in node.find_all(&["sanctionsLists", "sanctionsList"]) {
        if let Some(name) = reference_text(list, references) {
            Entity::push_unique(&mut lists, name);
        }
        let Some(text) = list.attr("datePublished") else {
            continue;
        };
        match PartialDate::parse_iso(text) {
            Ok(date) => {
                if listing.listed_on.is_none_or(|earlier| date < earlier) {
                    listing.listed_on = Some(date);
                }
            }
            Err(_) => parsed.warn(&entity.id, "listed_on", text, "not a date"),
        }
    }
    listing.remarks = listing_remarks(remarks, &lists);
    entity.listings.push(listing);
    Ok(entity)
}

/// The text of an element that names a reference value (`<sanctionsProgram
/// refId="91055">NS-PLC</sanctionsProgram>`), else the referenced value's.
fn reference_text(node: &Node, references: &HashMap<String, Reference>) -> Option<String> {
    node.value()
        .or_else(|| {
            references
                .get(node.attr("refId")?)
                .map(|r| r.value.as_str())
                .filter(|v| !v.trim().is_empty())
        })
        .map(str::to_owned)
}

/// The country an element names (`<country refId="11065">China</country>`):
/// by the ISO code of its reference value, else by its text.
fn reference_country(node: &Node, references: &HashMap<String, Reference>) -> Option<Country> {
    node.attr("refId")
        .and_then(|id| references.get(id))
        .and_then(|r| r.iso_code.as_deref())
        .and_then(Country::from_alpha2)
        .or_else(|| node.value().and_then(Country::resolve))
}

/// Reads the names: one per translation of each `name`.
fn read_names(node: &Node, is_person: bool, references: &HashMap<String, Reference>) -> Vec<Name> {
    let mut names = Vec::new();
    for name in node.find_all(&["names", "name"]) {
        let kind = if name.child_value("isPrimary") == Some("true") {
            NameKind::Primary
        } else {
            let alias_type = name
                .child("aliasType")
                .and_then(|t| reference_text(t, references));
            alias_kind(
                alias_type.as_deref(),
                name.child_value("isLowQuality") == Some("true"),
            )
        };
        let translations: Vec<&Node> = name.find_all(&["translations", "translation"]).collect();
        // The translation that is the name itself; the others are its
        // spellings in other scripts.
        let main = translations
            .iter()
            .position(|t| t.child_value("isPrimary") == Some("true"))
            .unwrap_or(0);
        for (position, translation) in translations.iter().enumerate() {
            let parts: Vec<(Option<NamePartKind>, &str)> = translation
                .find_all(&["nameParts", "namePart"])
                .filter_map(|part| {
                    let kind = match part
                        .child("type")
                        .and_then(|t| reference_text(t, references))
                    {
                        Some(part_type) => name_part_kind(&part_type),
                        None => Some(NamePartKind::Unspecified),
                    };
                    Some((kind, part.child_value("value")?))
                })
                .collect();
            let formatted = if is_person {
                join_non_blank(
                    [
                        translation.child_value("formattedFirstName"),
                        translation.child_value("formattedLastName"),
                    ],
                    " ",
                )
            } else {
                translation
                    .child_value("formattedFullName")
                    .or_else(|| translation.child_value("formattedLastName"))
                    .map(str::to_owned)
            };
            let Some(full) = formatted.or_else(|| compose_name(&parts, is_person)) else {
                continue;
            };
            let script = translation
                .child("script")
                .and_then(|s| reference_text(s, references));
            names.push(spelled_name(
                &full,
                kind,
                position == main,
                &parts,
                is_person,
                script.as_deref(),
            ));
        }
    }
    names
}

/// Reads an `address`: one address per translation, and its country among
/// the entity's countries.
fn read_address(
    node: &Node,
    references: &HashMap<String, Reference>,
    entity: &mut Entity,
    parsed: &mut Parsed,
) {
    let country_node = node.child("country");
    let country_text = country_node
        .and_then(|c| reference_text(c, references))
        .filter(|text| !is_undetermined(text));
    let country = match country_node.and_then(|c| reference_country(c, references)) {
        Some(country) => {
            add_country(entity, CountryField::Country, country.code(), parsed);
            Some(country)
        }
        None => country_text
            .as_deref()
            .and_then(|text| add_country(entity, CountryField::Country, text, parsed)),
    };
    let translations: Vec<&Node> = node.find_all(&["translations", "translation"]).collect();
    let mut added = false;
    for translation in &translations {
        let mut street = Vec::new();
        let mut city = Vec::new();
        let mut region = Vec::new();
        let mut postal = Vec::new();
        for part in translation.find_all(&["addressParts", "addressPart"]) {
            let Some(value) = part.child_value("value") else {
                continue;
            };
            let part_type = part
                .child("type")
                .and_then(|t| reference_text(t, references));
            let list = match part_type.as_deref() {
                Some("CITY") => &mut city,
                Some("STATE/PROVINCE" | "REGION") => &mut region,
                Some("POSTAL CODE") => &mut postal,
                _ => &mut street,
            };
            list.push(Some(value));
        }
        let join = |parts: Vec<Option<&str>>| join_non_blank(parts, ", ");
        if let Some(address) = Address::from_parts(
            join(street).as_deref(),
            join(city).as_deref(),
            join(region).as_deref(),
            join(postal).as_deref(),
            country,
            country_text.as_deref(),
        ) {
            Entity::push_unique(&mut entity.addresses, address);
            added = true;
        }
    }
    if !added
        && let Some(address) =
            Address::from_parts(None, None, None, None, country, country_text.as_deref())
    {
        Entity::push_unique(&mut entity.addresses, address);
    }
}

/// Reads one `feature` into the field its type names.
fn read_feature(
    node: &Node,
    references: &HashMap<String, Reference>,
    entity: &mut Entity,
    remarks: &mut Vec<String>,
    parsed: &mut Parsed,
) {
    let text = node.child_value("value");
    let date = node.child("valueDate").and_then(|period| {
        let day = |name: &str| {
            period
                .child_value(name)
                .and_then(|t| PartialDate::parse_iso(t).ok())
        };
        let first = day("fromDateBegin").or_else(|| day("fromDateEnd"))?;
        let last = day("toDateEnd")
            .or_else(|| day("toDateBegin"))
            .unwrap_or(first);
        let approximate = period.child_value("isApproximate") == Some("true");
        // An unreadable period falls back on the value's text, which says
        // the same in words.
        date_from_days(first, last, approximate).ok()
    });
    let country = node
        .child_value("valueRefId")
        .and_then(|id| references.get(id))
        .and_then(|r| r.iso_code.as_deref())
        .and_then(Country::from_alpha2);
    let value = FactValue {
        text: text.map(str::to_owned),
        date,
        country,
        comment: node.child_value("comments").map(str::to_owned),
    };
    let Some(label) = node
        .child("type")
        .and_then(|t| reference_text(t, references))
    else {
        if let Some(text) = text {
            entity.keep_unparsed("feature", text);
            parsed.warn(&entity.id, "feature", text, "a feature without a type");
        }
        return;
    };
    remarks.extend(ofac_facts::apply(
        ofac_facts::classify(&label),
        &label,
        &value,
        entity,
        parsed,
    ));
}

/// Reads one `identityDocument` into an identifier.
fn read_document(
    node: &Node,
    references: &HashMap<String, Reference>,
    entity: &mut Entity,
    parsed: &mut Parsed,
) {
    let Some(number) = node.child_value("documentNumber") else {
        return;
    };
    let label = node
        .child("type")
        .and_then(|t| reference_text(t, references))
        .unwrap_or_default();
    let issuer = node.child("issuingCountry");
    let country = match issuer.and_then(|c| reference_country(c, references)) {
        Some(country) => Some(country),
        None => issuer
            .and_then(Node::value)
            .filter(|text| !is_undetermined(text))
            .and_then(|text| resolve_country(entity, "identifier_country", text, parsed)),
    };
    let mut notes = Vec::new();
    if let Some(date) = node.child_value("issueDate") {
        notes.push(format!("issued {date}"));
    }
    if let Some(date) = node.child_value("expirationDate") {
        notes.push(format!("expires {date}"));
    }
    if let Some(place) = node.child_value("issuingLocation") {
        notes.push(format!("issued in {place}"));
    }
    if let Some(authority) = node.child_value("issuingAuthority") {
        notes.push(format!("issued by {authority}"));
    }
    if node.child_value("isValid") == Some("false") {
        notes.push("not valid".to_owned());
    }
    if let Some(comment) = node.child_value("comments") {
        notes.push(comment.to_owned());
    }
    let note = (!notes.is_empty()).then(|| notes.join("; "));
    add_identifier(
        entity,
        document_type_kind(&label),
        number,
        &label,
        country,
        note.as_deref(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::{Gender, IdKind};
    use std::io::Write;

    fn parse_bytes(bytes: &[u8]) -> Result<Parsed, SourceError> {
        parse(bytes, &Context::new("us_ofac_cons", "CONS_ENHANCED.ZIP"))
    }

    fn country(code: &str) -> Country {
        Country::from_alpha2(code).unwrap()
    }

    fn file(entities: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<sanctionsData xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML">
  <publicationInfo><dataAsOf>2025-01-10T00:00:00</dataAsOf></publicationInfo>
  <referenceValues>
    <referenceValue refId="11065"><type>COUNTRY</type><value>China</value><isoCode>CN</isoCode></referenceValue>
    <referenceValue refId="11171"><type>COUNTRY</type><value>Russia</value><isoCode>RU</isoCode></referenceValue>
    <referenceValue refId="11291"><type>COUNTRY</type><value>undetermined</value></referenceValue>
  </referenceValues>
  <entities>{entities}</entities>
</sanctionsData>"#
        )
    }

    const PERSON: &str = r#"<entity id="29219">
      <generalInfo><identityId>1</identityId><entityType refId="600">Individual</entityType><remarks>Linked To: X.</remarks></generalInfo>
      <sanctionsLists>
        <sanctionsList refId="91512" id="1" datePublished="2020-12-07">Consolidated List</sanctionsList>
        <sanctionsList refId="1550" id="2" datePublished="2020-12-04">SDN List</sanctionsList>
      </sanctionsLists>
      <sanctionsPrograms><sanctionsProgram refId="1" id="1">GLOMAG</sanctionsProgram></sanctionsPrograms>
      <names>
        <name id="2"><isPrimary>false</isPrimary><aliasType refId="1400">A.K.A.</aliasType><isLowQuality>true</isLowQuality>
          <translations><translation id="2"><isPrimary>true</isPrimary><script refId="20122">Latin</script>
            <formattedLastName>Old Zhu</formattedLastName><formattedFullName>Old Zhu</formattedFullName>
            <nameParts><namePart id="3"><type refId="1520">Last Name</type><value>Old Zhu</value></namePart></nameParts>
          </translation></translations></name>
        <name id="1"><isPrimary>true</isPrimary><isLowQuality>false</isLowQuality>
          <translations>
            <translation id="1"><isPrimary>true</isPrimary><script refId="20122">Latin</script>
              <formattedFirstName>Hailun</formattedFirstName><formattedLastName>ZHU</formattedLastName><formattedFullName>ZHU, Hailun</formattedFullName>
              <nameParts><namePart id="1"><type refId="1520">Last Name</type><value>ZHU</value></namePart>
                <namePart id="2"><type refId="1521">First Name</type><value>Hailun</value></namePart></nameParts>
            </translation>
            <translation id="3"><isPrimary>false</isPrimary><script refId="20105">Chinese Simplified</script>
              <formattedLastName>朱海仑</formattedLastName><formattedFullName>朱海仑</formattedFullName>
              <nameParts><namePart id="4"><type refId="1520">Last Name</type><value>朱海仑</value></namePart></nameParts>
            </translation>
          </translations></name>
        <name id="3"><isPrimary>false</isPrimary><aliasType refId="1401">F.K.A.</aliasType><isLowQuality>false</isLowQuality>
          <translations><translation id="4"><isPrimary>true</isPrimary><script refId="20122">Latin</script>
            <formattedFirstName>Hai</formattedFirstName><formattedLastName>CHU</formattedLastName><formattedFullName>CHU, Hai</formattedFullName>
            <nameParts/></translation></translations></name>
      </names>
      <addresses>
        <address id="1"><country refId="11065">China</country><translations><translation id="1"><isPrimary>true</isPrimary><script refId="20122">Latin</script>
          <addressParts><addressPart id="1"><type refId="1451">ADDRESS1</type><value>1 Road</value></addressPart>
            <addressPart id="2"><type refId="1454">CITY</type><value>Urumqi</value></addressPart></addressParts></translation></translations></address>
        <address id="2"><translations><translation id="2"><isPrimary>true</isPrimary><script refId="20122">Latin</script></translation></translations></address>
        <address id="3"><country refId="11291">undetermined</country></address>
      </addresses>
      <features>
        <feature id="1"><type featureTypeId="8">Birthdate</type><versionId>1</versionId><value>Jan 1958</value>
          <valueDate id="1"><fromDateBegin>1958-01-01</fromDateBegin><fromDateEnd>1958-01-01</fromDateEnd><toDateBegin>1958-01-31</toDateBegin><toDateEnd>1958-01-31</toDateEnd>
          <isApproximate>false</isApproximate><isDateRange>false</isDateRange></valueDate><isPrimary>true</isPrimary></feature>
        <feature id="2"><type featureTypeId="8">Birthdate</type><versionId>2</versionId><value>circa 1960</value>
          <valueDate id="2"><fromDateBegin>1960-01-01</fromDateBegin><fromDateEnd>1960-01-01</fromDateEnd><toDateBegin>1960-12-31</toDateBegin><toDateEnd>1960-12-31</toDateEnd>
          <isApproximate>true</isApproximate><isDateRange>false</isDateRange></valueDate><isPrimary>false</isPrimary></feature>
        <feature id="3"><type featureTypeId="8">Birthdate</type><versionId>3</versionId><value>1961 to 1962</value>
          <valueDate id="3"><fromDateBegin>1961-01-01</fromDateBegin><fromDateEnd>1961-12-31</fromDateEnd><toDateBegin>1962-01-01</toDateBegin><toDateEnd>1962-12-31</toDateEnd>
          <isApproximate>false</isApproximate><isDateRange>true</isDateRange></valueDate><isPrimary>false</isPrimary></feature>
        <feature id="4"><type featureTypeId="9">Place of Birth</type><versionId>4</versionId><value>Lianshui, Jiangsu, China</value><isPrimary>true</isPrimary></feature>
        <feature id="5"><type featureTypeId="10">Nationality Country</type><versionId>5</versionId><value>China</value><valueRefId>11065</valueRefId><isPrimary>true</isPrimary></feature>
        <feature id="6"><type featureTypeId="11">Citizenship Country</type><versionId>6</versionId><value>Atlantis</value><valueRefId>4040</valueRefId><isPrimary>true</isPrimary></feature>
        <feature id="7"><type featureTypeId="224">Gender</type><versionId>7</versionId><value>Male</value><valueRefId>91526</valueRefId><isPrimary>true</isPrimary></feature>
        <feature id="8"><type featureTypeId="21">Email Address</type><versionId>8</versionId><value>zhu@example.cn</value><isPrimary>true</isPrimary></feature>
        <feature id="9"><type featureTypeId="504">Secondary sanctions risk:</type><versionId>9</versionId><value>section 1(b)</value><valueRefId>92084</valueRefId><isPrimary>true</isPrimary></feature>
      </features>
      <identityDocuments>
        <identityDocument id="1"><type refId="1571">Passport</type><name nameId="1" nameTranslationId="1">ZHU, Hailun</name>
          <documentNumber>E123</documentNumber><isValid>true</isValid><issuingCountry refId="11065">China</issuingCountry></identityDocument>
        <identityDocument id="2"><type refId="1596">Tax ID No.</type><name nameId="1" nameTranslationId="1">ZHU, Hailun</name>
          <documentNumber>99</documentNumber><isValid>false</isValid><issuingAuthority>INN</issuingAuthority><issuingCountry refId="777">Atlantis</issuingCountry></identityDocument>
      </identityDocuments>
      <relationships><relationship id="1"><type refId="15002">Acting for or on behalf of</type><relatedEntity entityId="4695">HAMAS</relatedEntity></relationship></relationships>
    </entity>"#;

    fn person() -> Entity {
        let parsed = parse_bytes(file(PERSON).as_bytes()).unwrap();
        let [entity] = parsed.entities.as_slice() else {
            panic!("expected one entity");
        };
        entity.clone()
    }

    #[test]
    fn reads_the_header() {
        let parsed = parse_bytes(file("").as_bytes()).unwrap();
        assert_eq!(
            parsed.meta.published,
            PartialDate::new(2025, Some(1), Some(10)).ok()
        );
        assert!(parsed.entities.is_empty());
    }

    #[test]
    fn reads_names_and_their_translations() {
        let entity = person();
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
        assert_eq!(entity.names[0].part(NamePartKind::Family), Some("ZHU"));
        assert_eq!(entity.names[0].part(NamePartKind::Given), Some("Hailun"));
    }

    #[test]
    fn reads_features_addresses_and_documents() {
        let entity = person();
        let dates: Vec<String> = entity.birth_dates.iter().map(ToString::to_string).collect();
        assert_eq!(dates, ["1958-01", "1960~", "1961/1962"]);
        assert_eq!(entity.birth_places, ["Lianshui, Jiangsu, China"]);
        assert_eq!(entity.nationalities, [country("CN")]);
        assert!(entity.citizenships.is_empty());
        assert_eq!(entity.gender, Some(Gender::Male));
        assert_eq!(entity.emails, ["zhu@example.cn"]);
        let addresses: Vec<_> = entity.addresses.iter().map(|a| a.full.as_str()).collect();
        assert_eq!(addresses, ["1 Road, Urumqi, China"]);
        assert_eq!(entity.countries, [country("CN")]);
        let ids: Vec<_> = entity
            .identifiers
            .iter()
            .map(|id| (id.kind, id.number.as_str(), id.country, id.note.as_deref()))
            .collect();
        assert_eq!(
            ids,
            [
                (IdKind::Passport, "E123", Some(country("CN")), None),
                (IdKind::TaxId, "99", None, Some("issued by INN; not valid")),
            ]
        );
        let unparsed: Vec<_> = entity
            .unparsed
            .iter()
            .map(|u| (u.field.as_str(), u.value.as_str()))
            .collect();
        assert_eq!(
            unparsed,
            [
                ("citizenship", "Atlantis"),
                ("identifier_country", "Atlantis")
            ]
        );
    }

    #[test]
    fn reads_the_listing() {
        let entity = person();
        let listing = &entity.listings[0];
        assert_eq!(listing.authority, Authority::UsOfac);
        assert_eq!(listing.programmes, ["GLOMAG"]);
        assert_eq!(
            listing.listed_on,
            PartialDate::new(2020, Some(12), Some(4)).ok()
        );
        assert_eq!(listing.reference.as_deref(), Some("29219"));
        assert_eq!(
            listing.remarks.as_deref(),
            Some(
                "Linked To: X.; Secondary sanctions risk: section 1(b); \
                 Acting for or on behalf of: HAMAS (4695); Lists: Consolidated List, SDN List"
            )
        );
    }

    #[test]
    fn unknown_reference_ids_fall_back_on_the_text() {
        let parsed = parse_bytes(file(PERSON).as_bytes()).unwrap();
        // The unknown country 4040 is read by its text, which names no
        // country: a warning, the value kept.
        let warnings: Vec<_> = parsed
            .warnings
            .iter()
            .map(|w| (w.field.as_str(), w.value.as_str()))
            .collect();
        assert_eq!(
            warnings,
            [
                ("citizenship", "Atlantis"),
                ("identifier_country", "Atlantis")
            ]
        );
        let entity = file(
            r#"<entity id="5"><generalInfo><entityType refId="601">Entity</entityType></generalInfo>
            <names><name id="1"><isPrimary>true</isPrimary><translations><translation id="1"><isPrimary>true</isPrimary>
              <formattedLastName>ACME</formattedLastName><formattedFullName>ACME</formattedFullName></translation></translations></name></names>
            <addresses><address id="1"><country refId="999">Russia</country></address></addresses>
            <sanctionsPrograms><sanctionsProgram refId="4242" id="1" /></sanctionsPrograms></entity>"#,
        );
        let parsed = parse_bytes(entity.as_bytes()).unwrap();
        let acme = &parsed.entities[0];
        assert_eq!(acme.countries, [country("RU")]);
        assert!(acme.listings[0].programmes.is_empty());
        assert!(parsed.warnings.is_empty());
    }

    #[test]
    fn reads_a_vessel_and_an_organisation() {
        let entities = r#"<entity id="4243"><generalInfo><entityType refId="602">Vessel</entityType></generalInfo>
            <names><name id="1"><isPrimary>true</isPrimary><translations><translation id="1"><isPrimary>true</isPrimary>
              <formattedLastName>EBANO</formattedLastName><formattedFullName>EBANO</formattedFullName>
              <nameParts><namePart id="1"><type refId="1526">Vessel Name</type><value>EBANO</value></namePart></nameParts></translation></translations></name></names>
            <features>
              <feature id="1"><type featureTypeId="1">Vessel Flag</type><value>Russia</value><valueRefId>11171</valueRefId></feature>
              <feature id="2"><type featureTypeId="2">VESSEL TYPE</type><value>General Cargo</value></feature>
              <feature id="3"><type featureTypeId="3">Vessel Year of Build</type><value>1974</value></feature>
            </features>
            <identityDocuments><identityDocument id="1"><type refId="1626">Vessel Registration Identification</type>
              <documentNumber>IMO 7406784</documentNumber><isValid>true</isValid></identityDocument></identityDocuments>
          </entity>
          <entity id="17013"><generalInfo><entityType refId="601">Entity</entityType></generalInfo>
            <names><name id="2"><isPrimary>true</isPrimary><translations>
              <translation id="1"><isPrimary>true</isPrimary><formattedLastName>VTB BANK</formattedLastName><formattedFullName>VTB BANK</formattedFullName>
                <nameParts><namePart id="1"><type refId="1525">Entity Name</type><value>VTB Bank</value></namePart></nameParts></translation>
              <translation id="2"><isPrimary>false</isPrimary><script refId="20107">Cyrillic</script><formattedLastName>БАНК ВТБ</formattedLastName><formattedFullName>БАНК ВТБ</formattedFullName></translation>
            </translations></name></names>
            <features><feature id="1"><type featureTypeId="13">SWIFT/BIC</type><value>VTBRRUMM</value><comments>head office</comments></feature>
              <feature id="2"><type featureTypeId="14">Website</type><value>www.vtb.ru</value><comments>Russian Language website</comments></feature></features>
          </entity>"#;
        let parsed = parse_bytes(file(entities).as_bytes()).unwrap();
        let vessel = &parsed.entities[0];
        assert_eq!(vessel.schema, Schema::Vessel);
        assert_eq!(vessel.caption(), "EBANO");
        assert!(vessel.names[0].parts.is_empty());
        let details = vessel.vessel.as_ref().unwrap();
        assert_eq!(details.flag, Some(country("RU")));
        assert_eq!(details.vessel_type.as_deref(), Some("General Cargo"));
        assert_eq!(vessel.birth_dates[0].to_string(), "1974");
        assert_eq!(
            (
                vessel.identifiers[0].kind,
                vessel.identifiers[0].number.as_str()
            ),
            (IdKind::Imo, "7406784")
        );

        let vtb = &parsed.entities[1];
        let names: Vec<_> = vtb
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("VTB BANK", NameKind::Primary),
                ("БАНК ВТБ", NameKind::Alias)
            ]
        );
        let swift = &vtb.identifiers[0];
        assert_eq!(
            (swift.kind, swift.note.as_deref()),
            (IdKind::Swift, Some("head office"))
        );
        assert_eq!(vtb.websites, ["www.vtb.ru"]);
        assert_eq!(
            vtb.listings[0].remarks.as_deref(),
            Some("Website: www.vtb.ru (Russian Language website)")
        );
    }

    fn zipped(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, content) in members {
            writer
                .start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            writer.write_all(content).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn reads_the_xml_in_a_zip() {
        let xml = file(PERSON);
        let archive = zipped(&[
            ("readme.txt", b"hello"),
            ("CONS_ENHANCED.XML", xml.as_bytes()),
        ]);
        let parsed = parse_bytes(&archive).unwrap();
        assert_eq!(parsed.entities.len(), 1);
        assert_eq!(parsed.entities[0].caption(), "Hailun ZHU");
    }

    #[test]
    fn a_bad_zip_is_an_error_naming_the_file() {
        let xml = file(PERSON);
        let archive = zipped(&[("CONS_ENHANCED.XML", xml.as_bytes())]);
        let truncated = parse_bytes(&archive[..archive.len() / 2]).unwrap_err();
        assert!(
            truncated.to_string().starts_with("CONS_ENHANCED.ZIP: "),
            "{truncated}"
        );
        let empty = parse_bytes(&zipped(&[("readme.txt", b"hello")])).unwrap_err();
        assert!(empty.to_string().contains("no XML file"), "{empty}");
        // A member cut short inside a whole archive.
        let cut = zipped(&[("CONS_ENHANCED.XML", &xml.as_bytes()[..xml.len() / 2])]);
        let error = parse_bytes(&cut).unwrap_err();
        assert!(
            error.to_string().starts_with("CONS_ENHANCED.ZIP: byte "),
            "{error}"
        );
        assert!(
            error.to_string().ends_with("(in CONS_ENHANCED.XML)"),
            "{error}"
        );
        assert!(parse_bytes(b"PK").is_err());
    }

    #[test]
    fn a_broken_entity_is_an_error_naming_it() {
        for (entity, message) in [
            (
                r#"<entity id="7"><generalInfo><entityType>Boat</entityType></generalInfo></entity>"#,
                "unknown <entityType>",
            ),
            (
                r#"<entity id="7"><generalInfo><entityType>Entity</entityType></generalInfo><names/></entity>"#,
                "no name",
            ),
        ] {
            let error = parse_bytes(file(entity).as_bytes()).unwrap_err();
            assert_eq!(error.file, "CONS_ENHANCED.ZIP");
            assert_eq!(
                error.location,
                Location::Record {
                    index: 1,
                    id: Some("7".into())
                }
            );
            assert!(error.to_string().contains(message), "{error}");
        }
        let error = parse_bytes(file(&PERSON.repeat(2)).as_bytes()).unwrap_err();
        assert_eq!(
            error.location,
            Location::Record {
                index: 2,
                id: Some("29219".into())
            }
        );
    }

    #[test]
    fn refuses_what_is_not_an_enhanced_file() {
        assert!(parse_bytes(b"").is_err());
        assert!(parse_bytes(b"<sdnList><publshInformation/></sdnList>").is_err());
        let xml = file(PERSON);
        let error = parse_bytes(&xml.as_bytes()[..xml.len() / 2]).unwrap_err();
        assert!(
            error.to_string().starts_with("CONS_ENHANCED.ZIP: byte "),
            "{error}"
        );
    }
}
