//! The UN Security Council consolidated list XML.
//!
//! The root `CONSOLIDATED_LIST@dateGenerated` holds `INDIVIDUALS/INDIVIDUAL`
//! and `ENTITIES/ENTITY`. Each becomes one [`Entity`] (a person or an
//! organisation) with id `{source}:{REFERENCE_NUMBER}` (`un_sc:CDi.001`) and
//! one [`Listing`] by [`Authority::UnSc`] under its `UN_LIST_TYPE` regime.
//!
//! Empty elements (`<COUNTRY/>`, an `INDIVIDUAL_ALIAS` with a blank name) are
//! common and skipped, as are the placeholders `na` and `null`. Text is often
//! hard-wrapped across lines (comments, designations, even document types),
//! so whitespace runs are collapsed to single spaces.

use std::collections::HashSet;
use std::io::BufRead;

use interdict_model::{
    Address, Authority, Entity, FuzzyDate, IdKind, Identifier, Listing, Name, NameKind, NamePart,
    NamePartKind, NumericOrder, PartialDate, Schema,
};

use crate::fields::{
    CountryField, add_birth_date, add_country, document_kind, join_non_blank, resolve_country,
    set_gender,
};
use crate::xml::{Node, RecordReader};
use crate::{Context, Location, Parsed, SourceError};

/// Numeric dates in the list (rare: its dates are ISO) put the day first.
const ORDER: NumericOrder = NumericOrder::DayFirst;

/// Reads a whole UN Security Council consolidated list.
pub fn parse(input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
    let mut reader = RecordReader::new(input, &context.label);
    let mut parsed = Parsed::default();
    let mut ids = HashSet::new();
    let mut index = 0;
    while let Some(mut node) = reader.next_record(&["INDIVIDUAL", "ENTITY"])? {
        if let Some(root) = reader.root_name()
            && root != "CONSOLIDATED_LIST"
        {
            return Err(reader.error(format!(
                "root element is <{root}>, not <CONSOLIDATED_LIST>: not a UN consolidated list"
            )));
        }
        index += 1;
        collapse_whitespace(&mut node);
        let entity = read_record(&node, index, context, &mut ids, &mut parsed)?;
        parsed.entities.push(entity);
    }
    let generated = reader
        .root_attributes()
        .iter()
        .find(|(name, _)| name == "dateGenerated")
        .map(|(_, value)| value.trim());
    match generated.map(|text| (text, PartialDate::parse_iso(text))) {
        Some((_, Ok(date))) => parsed.meta.published = Some(date),
        Some((text, Err(error))) => {
            parsed.warn(&context.label, "dateGenerated", text, error.reason)
        }
        None if index == 0 => {
            return Err(SourceError::new(
                &context.label,
                Location::File,
                "no <CONSOLIDATED_LIST> records: not a UN consolidated list",
            ));
        }
        None => {}
    }
    Ok(parsed)
}

/// Collapses every run of whitespace in the texts of `node` and its
/// descendants to one space.
fn collapse_whitespace(node: &mut Node) {
    if !node.text.is_empty() {
        node.text = node.text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    for child in &mut node.children {
        collapse_whitespace(child);
    }
}

/// The trimmed text of a child, none when blank or a placeholder (`na`,
/// `null`).
fn field<'a>(node: &'a Node, name: &str) -> Option<&'a str> {
    node.child(name).and_then(value_of)
}

/// The trimmed text of an element, none when blank or a placeholder.
fn value_of(node: &Node) -> Option<&str> {
    node.value()
        .filter(|text| !["na", "n/a", "null"].contains(&text.to_lowercase().as_str()))
}

/// Every non-blank `VALUE` of a child list (`NATIONALITY/VALUE`).
fn values<'a>(node: &'a Node, list: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    node.children_named(list)
        .flat_map(|child| child.children_named("VALUE"))
        .filter_map(value_of)
}

/// Reads one `INDIVIDUAL` or `ENTITY`, the `index`-th in the file. `ids`
/// holds the local ids used so far, so each record gets its own.
fn read_record(
    node: &Node,
    index: usize,
    context: &Context,
    ids: &mut HashSet<String>,
    parsed: &mut Parsed,
) -> Result<Entity, SourceError> {
    let reference = field(node, "REFERENCE_NUMBER");
    let data_id = field(node, "DATAID");
    let error = |message: String| {
        SourceError::new(
            &context.label,
            Location::Record {
                index,
                id: reference.or(data_id).map(str::to_owned),
            },
            message,
        )
    };
    // The reference number is the UN's public, stable key; DATAID is only
    // the fallback for a record without one, or one that repeats another's.
    let local_id = match reference {
        Some(reference) if !ids.contains(reference) => reference,
        Some(reference) => {
            let fallback = data_id.filter(|id| !ids.contains(*id)).ok_or_else(|| {
                error(format!(
                    "REFERENCE_NUMBER {reference} is repeated and there is no unique DATAID"
                ))
            })?;
            parsed.warn(
                &format!("{}:{fallback}", context.source),
                "REFERENCE_NUMBER",
                reference,
                "repeats an earlier record's reference; the record is identified by its DATAID",
            );
            fallback
        }
        None => data_id
            .filter(|id| !ids.contains(*id))
            .ok_or_else(|| error("no REFERENCE_NUMBER and no unique DATAID".into()))?,
    };
    ids.insert(local_id.to_owned());

    let schema = if node.name == "INDIVIDUAL" {
        Schema::Person
    } else {
        Schema::Organization
    };
    let primary = read_primary_name(node, schema).ok_or_else(|| error("no name".into()))?;
    let mut entity = Entity::new(&context.source, local_id, schema);
    // One entity's FIRST_NAME holds two names: "COMPAGNIE AERIENNE DES GRANDS
    // LACS (CAGL) ; GREAT LAKES BUSINESS COMPANY (GLBC)".
    let names = split_names(&primary.full);
    if let [first, others @ ..] = names.as_slice()
        && !others.is_empty()
    {
        entity.add_name(Name::new(first, NameKind::Primary));
        for other in others {
            entity.add_name(Name::new(other, NameKind::Alias));
        }
    } else {
        entity.add_name(primary);
    }
    if let Some(original) = field(node, "NAME_ORIGINAL_SCRIPT") {
        entity.add_name(Name::new(original, NameKind::Alias));
    }
    for title in values(node, "TITLE") {
        Entity::push_unique(&mut entity.titles, title.to_owned());
    }
    for position in values(node, "DESIGNATION") {
        Entity::push_unique(&mut entity.positions, position.to_owned());
    }
    for nationality in values(node, "NATIONALITY") {
        add_country(&mut entity, CountryField::Nationality, nationality, parsed);
    }
    if let Some(gender) = field(node, "GENDER") {
        set_gender(&mut entity, gender, parsed);
    }
    for date in node.children_named("INDIVIDUAL_DATE_OF_BIRTH") {
        read_birth_date(date, &mut entity, parsed);
    }
    for place in node.children_named("INDIVIDUAL_PLACE_OF_BIRTH") {
        let parts = ["STREET", "CITY", "STATE_PROVINCE", "COUNTRY"].map(|name| field(place, name));
        add_birth_place(&mut entity, parts);
    }
    // After the record's own dates and places, which come first.
    for alias in node
        .children_named("INDIVIDUAL_ALIAS")
        .chain(node.children_named("ENTITY_ALIAS"))
    {
        read_alias(alias, &mut entity, parsed);
    }
    for document in node.children_named("INDIVIDUAL_DOCUMENT") {
        read_document(document, &mut entity, parsed);
    }
    for address in node
        .children_named("INDIVIDUAL_ADDRESS")
        .chain(node.children_named("ENTITY_ADDRESS"))
    {
        read_address(address, &mut entity, parsed);
    }

    let mut listing = Listing::new(&context.source, Authority::UnSc);
    listing.programmes = field(node, "UN_LIST_TYPE")
        .map(str::to_owned)
        .into_iter()
        .collect();
    listing.reference = reference.map(str::to_owned);
    listing.remarks = field(node, "COMMENTS1").map(str::to_owned);
    if let Some(text) = field(node, "LISTED_ON") {
        match PartialDate::parse_iso(without_time_zone(text)) {
            Ok(date) => listing.listed_on = Some(date),
            Err(error) => {
                entity.keep_unparsed("listed_on", text);
                parsed.warn(&entity.id, "listed_on", text, error.reason);
            }
        }
    }
    entity.listings.push(listing);
    Ok(entity)
}

/// An XML Schema date without its time zone: a few LISTED_ON values are
/// written `2015-04-07-04:00`.
fn without_time_zone(date: &str) -> &str {
    match (date.get(..10), date.as_bytes().get(10)) {
        (Some(day), Some(b'Z' | b'+' | b'-')) => day,
        _ => date,
    }
}

/// The primary name: FIRST_NAME to FOURTH_NAME joined in order.
///
/// For people the parts are kept as [`NamePartKind::Unspecified`]: the UN
/// fills the four fields in the order of the name, and for most listed
/// people (Arabic, Afghan, Korean names) they are given name, father's and
/// grandfather's names or a tribal name, so calling the first "given" and the
/// last "family" would be wrong as often as right. Entities put their whole
/// name in FIRST_NAME, so they have no parts.
fn read_primary_name(node: &Node, schema: Schema) -> Option<Name> {
    let parts =
        ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"].map(|name| field(node, name));
    let name = Name::new(&join_non_blank(parts, " ")?, NameKind::Primary);
    if schema != Schema::Person {
        return Some(name);
    }
    let parts = parts
        .into_iter()
        .flatten()
        .map(|value| NamePart {
            kind: NamePartKind::Unspecified,
            value: value.to_owned(),
        })
        .collect();
    Some(name.with_parts(parts))
}

/// Reads an alias, and the date and place of birth some aliases carry.
fn read_alias(node: &Node, entity: &mut Entity, parsed: &mut Parsed) {
    if let Some(text) = field(node, "ALIAS_NAME") {
        let kind = match field(node, "QUALITY") {
            Some("Good" | "a.k.a.") | None => NameKind::Alias,
            Some("Low") => NameKind::WeakAlias,
            Some("f.k.a.") => NameKind::Former,
            Some(other) => {
                parsed.warn(
                    &entity.id,
                    "alias_quality",
                    other,
                    "unknown alias quality; read as a.k.a.",
                );
                NameKind::Alias
            }
        };
        for name in split_names(text) {
            entity.add_name(Name::new(name, kind));
        }
    }
    if let Some(original) = field(node, "NOTE").and_then(original_script_in_note) {
        entity.add_name(Name::new(original, NameKind::Alias));
    }
    if let Some(date) = field(node, "DATE_OF_BIRTH") {
        add_birth_date(entity, date, ORDER, parsed);
    }
    add_birth_place(
        entity,
        [
            field(node, "CITY_OF_BIRTH"),
            field(node, "COUNTRY_OF_BIRTH"),
        ],
    );
}

/// The names in a field that lists several: "Azim Adhajani; Azim
/// Agha-Jani", or "a) Mohammed Sabet b) M. Javad Kareemi Sabet".
fn split_names(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    for part in text.split(';') {
        let mut rest = part.trim();
        rest = rest.strip_prefix("a) ").unwrap_or(rest);
        // " b) ", " c) ", …: a space, one lower-case letter, ") ".
        while let Some(at) = rest
            .as_bytes()
            .windows(4)
            .position(|w| w[0] == b' ' && w[1].is_ascii_lowercase() && w[2] == b')' && w[3] == b' ')
        {
            names.push(rest[..at].trim());
            rest = rest[at + 4..].trim();
        }
        names.push(rest);
    }
    names.retain(|name| !name.is_empty());
    names
}

/// The name in an alias note such as "original script: Абу Банат" or
/// "previously listed as, in Arabic: مرعي زغبي".
fn original_script_in_note(note: &str) -> Option<&str> {
    let (label, name) = note.rsplit_once(':')?;
    let label = label.trim().to_lowercase();
    (label.ends_with("script") || label.ends_with("arabic"))
        .then(|| name.trim())
        .filter(|name| !name.is_empty())
}

/// Adds a place of birth from its parts, most precise first, skipping a
/// part that repeats the one before it (STREET and CITY are sometimes the
/// same text).
fn add_birth_place<'a>(entity: &mut Entity, parts: impl IntoIterator<Item = Option<&'a str>>) {
    let mut previous = None;
    let parts = parts.into_iter().map(|part| {
        let part = part.filter(|p| Some(*p) != previous);
        previous = part.or(previous);
        part
    });
    if let Some(place) = join_non_blank(parts, ", ") {
        Entity::push_unique(&mut entity.birth_places, place);
    }
}

/// Reads an `INDIVIDUAL_DATE_OF_BIRTH`: an EXACT DATE or YEAR, an
/// APPROXIMATELY YEAR, or a BETWEEN FROM_YEAR and TO_YEAR. A record that
/// gives the date only as a NOTE ("Nov. 1973") is read from the note.
fn read_birth_date(node: &Node, entity: &mut Entity, parsed: &mut Parsed) {
    let note = field(node, "NOTE");
    let year = field(node, "YEAR");
    let Some(mut text) = field(node, "DATE")
        .or(year)
        .map(str::to_owned)
        .or_else(|| join_non_blank([field(node, "FROM_YEAR"), field(node, "TO_YEAR")], " to "))
        .or_else(|| note.map(str::to_owned))
    else {
        return;
    };
    // A month in the note refines a bare year: YEAR 1958 with NOTE "Sep.".
    if let (Some(year), Some(note)) = (year, note)
        && let Ok(FuzzyDate::Exact(refined)) =
            FuzzyDate::parse_with(&format!("{note} {year}"), ORDER)
    {
        text = refined.to_string();
    }
    if field(node, "TYPE_OF_DATE") == Some("APPROXIMATELY") {
        text = format!("circa {text}");
    }
    add_birth_date(entity, &text, ORDER, parsed);
}

/// Reads an `INDIVIDUAL_DOCUMENT` into an identifier. A document whose
/// number is only written inside its note ("Tunisian passport number L
/// 191609 issued on …") is kept as text.
fn read_document(node: &Node, entity: &mut Entity, parsed: &mut Parsed) {
    let clean = |name: &str| field(node, name).map(|text| text.trim_end_matches([':', ' ']));
    let (main_type, detail_type) = (clean("TYPE_OF_DOCUMENT"), clean("TYPE_OF_DOCUMENT2"));
    let country_text = field(node, "ISSUING_COUNTRY").or_else(|| field(node, "COUNTRY_OF_ISSUE"));
    let issued = join_non_blank(
        [
            field(node, "DATE_OF_ISSUE")
                .map(|date| format!("issued {date}"))
                .as_deref(),
            field(node, "CITY_OF_ISSUE")
                .map(|city| format!("in {city}"))
                .as_deref(),
        ],
        " ",
    );
    let note = join_non_blank([issued.as_deref(), field(node, "NOTE")], "; ");
    let Some(number) = field(node, "NUMBER") else {
        let text = join_non_blank(
            [main_type, detail_type, country_text, note.as_deref()],
            ", ",
        );
        if let Some(text) = text {
            entity.keep_unparsed("identifier", &text);
            parsed.warn(
                &entity.id,
                "identifier",
                &text,
                "a document without a NUMBER",
            );
        }
        return;
    };
    // TYPE_OF_DOCUMENT is a coarse choice (passport or national id) and
    // TYPE_OF_DOCUMENT2 the actual document ("Birth certificate"), when given.
    let kind = detail_type
        .and_then(document_kind)
        .or_else(|| main_type.and_then(document_kind))
        .unwrap_or(IdKind::Other);
    let label = match (main_type, detail_type) {
        (Some(main), Some(detail)) if !main.eq_ignore_ascii_case(detail) => {
            Some(format!("{main} ({detail})"))
        }
        (main, detail) => main.or(detail).map(str::to_owned),
    };
    let country =
        country_text.and_then(|text| resolve_country(entity, "identifier_country", text, parsed));
    let identifier = Identifier {
        kind,
        number: number.to_owned(),
        country,
        label,
        note,
    };
    Entity::push_unique(&mut entity.identifiers, identifier);
}

/// Adds an address, and its country to the entity's countries.
fn read_address(node: &Node, entity: &mut Entity, parsed: &mut Parsed) {
    let country_text = field(node, "COUNTRY");
    let country =
        country_text.and_then(|text| add_country(entity, CountryField::Country, text, parsed));
    if let Some(address) = Address::from_parts(
        field(node, "STREET"),
        field(node, "CITY"),
        field(node, "STATE_PROVINCE"),
        field(node, "ZIP_CODE"),
        country,
        country_text,
    ) {
        Entity::push_unique(&mut entity.addresses, address);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::{Country, Gender};

    fn parse_str(xml: &str) -> Result<Parsed, SourceError> {
        parse(xml.as_bytes(), &Context::new("un_sc", "consolidated.xml"))
    }

    fn list(individuals: &str, entities: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z">
  <INDIVIDUALS>{individuals}</INDIVIDUALS>
  <ENTITIES>{entities}</ENTITIES>
</CONSOLIDATED_LIST>"#
        )
    }

    fn country(code: &str) -> Option<Country> {
        Country::from_alpha2(code)
    }

    const PERSON: &str = r#"<INDIVIDUAL>
      <DATAID>6908555</DATAID><VERSIONNUM>1</VERSIONNUM>
      <FIRST_NAME>ABDUL</FIRST_NAME><SECOND_NAME>GHANI</SECOND_NAME><THIRD_NAME> </THIRD_NAME><FOURTH_NAME>BARADAR</FOURTH_NAME>
      <UN_LIST_TYPE>Taliban</UN_LIST_TYPE><REFERENCE_NUMBER>TAi.024</REFERENCE_NUMBER>
      <LISTED_ON>2001-02-23</LISTED_ON><NAME_ORIGINAL_SCRIPT>عبدالغنی برادر</NAME_ORIGINAL_SCRIPT>
      <GENDER>Male</GENDER><COMMENTS1>Arrested in Feb. 2010.</COMMENTS1>
      <TITLE><VALUE>Mullah</VALUE></TITLE>
      <DESIGNATION><VALUE>Deputy Minister of Defence</VALUE></DESIGNATION>
      <NATIONALITY><VALUE>Afghanistan</VALUE><VALUE>na</VALUE></NATIONALITY>
      <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Mullah Baradar Akhund</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Abdul Ghani Baradar; A. G. Baradar</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Abu Banat</ALIAS_NAME><NOTE>original script: Абу Банат</NOTE>
        <DATE_OF_BIRTH>1969-01-01</DATE_OF_BIRTH><CITY_OF_BIRTH>Kabul</CITY_OF_BIRTH><COUNTRY_OF_BIRTH>Afghanistan</COUNTRY_OF_BIRTH></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/><DATE_OF_BIRTH>null</DATE_OF_BIRTH></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ADDRESS><CITY>Quetta</CITY><COUNTRY>Pakistan</COUNTRY><NOTE>as of 2010</NOTE></INDIVIDUAL_ADDRESS>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>1968</YEAR></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1967-03-29</DATE></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1966</YEAR></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1960</FROM_YEAR><TO_YEAR>1962</TO_YEAR><NOTE>Approximately</NOTE></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>1958</YEAR><NOTE>Sep.</NOTE></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><NOTE>Nov. 1973</NOTE></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><NOTE>30-35 years old</NOTE></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE/></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_PLACE_OF_BIRTH><STREET>Weetmak</STREET><CITY>Weetmak</CITY><STATE_PROVINCE>Uruzgan Province</STATE_PROVINCE><COUNTRY>Afghanistan</COUNTRY></INDIVIDUAL_PLACE_OF_BIRTH>
      <INDIVIDUAL_PLACE_OF_BIRTH><COUNTRY/></INDIVIDUAL_PLACE_OF_BIRTH>
      <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>OA462456</NUMBER>
        <ISSUING_COUNTRY>Afghanistan</ISSUING_COUNTRY><DATE_OF_ISSUE>2012-01-31</DATE_OF_ISSUE><CITY_OF_ISSUE>Kabul</CITY_OF_ISSUE><NOTE>expires 30 Jan. 2017</NOTE></INDIVIDUAL_DOCUMENT>
      <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>National Identification Number</TYPE_OF_DOCUMENT><TYPE_OF_DOCUMENT2>Birth certificate</TYPE_OF_DOCUMENT2>
        <NUMBER>57388</NUMBER><COUNTRY_OF_ISSUE>Atlantis</COUNTRY_OF_ISSUE></INDIVIDUAL_DOCUMENT>
      <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NOTE>Tunisian passport number L 191609</NOTE></INDIVIDUAL_DOCUMENT>
      <INDIVIDUAL_DOCUMENT/>
      <SORT_KEY/><SORT_KEY_LAST_MOD/>
    </INDIVIDUAL>"#;

    const ORGANISATION: &str = r#"<ENTITY>
      <DATAID>110404</DATAID><VERSIONNUM>1</VERSIONNUM>
      <FIRST_NAME>AL-HARAMAIN FOUNDATION (INDONESIA)</FIRST_NAME>
      <UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE><REFERENCE_NUMBER>QDe.093</REFERENCE_NUMBER>
      <LISTED_ON>2004-01-26</LISTED_ON><COMMENTS1/>
      <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>Yayasan Al-Manahil-Indonesia</ALIAS_NAME></ENTITY_ALIAS>
      <ENTITY_ALIAS><QUALITY>f.k.a.</QUALITY><ALIAS_NAME>Al Haramain Indonesia</ALIAS_NAME></ENTITY_ALIAS>
      <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>Al Kawthar Co.</ALIAS_NAME><NOTE>in Arabic script: شركة الكوثر</NOTE></ENTITY_ALIAS>
      <ENTITY_ADDRESS><STREET>Jalan Laut Sulawesi Blok DII/4</STREET><CITY>Jakarta</CITY><ZIP_CODE>12540</ZIP_CODE><COUNTRY>Indonesia</COUNTRY></ENTITY_ADDRESS>
    </ENTITY>"#;

    #[test]
    fn reads_the_generation_date() {
        let parsed = parse_str(&list(PERSON, ORGANISATION)).unwrap();
        assert_eq!(
            parsed.meta.published,
            PartialDate::new(2026, Some(2), Some(27)).ok()
        );
        assert_eq!(parsed.meta.declared_count, None);
    }

    #[test]
    fn reads_a_person() {
        let parsed = parse_str(&list(PERSON, "")).unwrap();
        let entity = &parsed.entities[0];
        assert_eq!(entity.id, "un_sc:TAi.024");
        assert_eq!(entity.schema, Schema::Person);
        let primary = &entity.names[0];
        assert_eq!(primary.full, "ABDUL GHANI BARADAR");
        let parts: Vec<_> = primary
            .parts
            .iter()
            .map(|p| (p.kind, p.value.as_str()))
            .collect();
        assert_eq!(
            parts,
            [
                (NamePartKind::Unspecified, "ABDUL"),
                (NamePartKind::Unspecified, "GHANI"),
                (NamePartKind::Unspecified, "BARADAR"),
            ]
        );
        let names: Vec<_> = entity.names[1..]
            .iter()
            .map(|n| (n.full.as_str(), n.kind, n.script.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("عبدالغنی برادر", NameKind::Alias, Some("Arab")),
                ("Mullah Baradar Akhund", NameKind::Alias, Some("Latn")),
                ("Abdul Ghani Baradar", NameKind::WeakAlias, Some("Latn")),
                ("A. G. Baradar", NameKind::WeakAlias, Some("Latn")),
                ("Abu Banat", NameKind::Alias, Some("Latn")),
                ("Абу Банат", NameKind::Alias, Some("Cyrl")),
            ]
        );
        assert_eq!(entity.titles, ["Mullah"]);
        assert_eq!(entity.positions, ["Deputy Minister of Defence"]);
        assert_eq!(entity.nationalities, [country("AF").unwrap()]);
        assert_eq!(entity.gender, Some(Gender::Male));
        assert_eq!(
            entity.birth_places,
            [
                "Weetmak, Uruzgan Province, Afghanistan",
                "Kabul, Afghanistan"
            ]
        );
        let address = &entity.addresses[0];
        assert_eq!(
            (address.full.as_str(), address.country),
            ("Quetta, Pakistan", country("PK"))
        );
        assert_eq!(entity.countries, [country("PK").unwrap()]);
        let listing = &entity.listings[0];
        assert_eq!(listing.authority, Authority::UnSc);
        assert_eq!(listing.programmes, ["Taliban"]);
        assert_eq!(listing.listed_on, PartialDate::parse_iso("2001-02-23").ok());
        assert_eq!(listing.reference.as_deref(), Some("TAi.024"));
        assert_eq!(listing.remarks.as_deref(), Some("Arrested in Feb. 2010."));
    }

    #[test]
    fn reads_every_kind_of_birth_date() {
        let parsed = parse_str(&list(PERSON, "")).unwrap();
        let entity = &parsed.entities[0];
        let dates: Vec<String> = entity.birth_dates.iter().map(ToString::to_string).collect();
        assert_eq!(
            dates,
            [
                "1968",
                "1967-03-29",
                "1966~",
                "1960/1962",
                "1958-09",
                "1973-11",
                "1969-01-01"
            ]
        );
    }

    #[test]
    fn reads_documents() {
        let parsed = parse_str(&list(PERSON, "")).unwrap();
        let entity = &parsed.entities[0];
        let passport = &entity.identifiers[0];
        assert_eq!(passport.kind, IdKind::Passport);
        assert_eq!(passport.number, "OA462456");
        assert_eq!(passport.country, country("AF"));
        assert_eq!(passport.label.as_deref(), Some("Passport"));
        assert_eq!(
            passport.note.as_deref(),
            Some("issued 2012-01-31 in Kabul; expires 30 Jan. 2017")
        );
        let certificate = &entity.identifiers[1];
        assert_eq!(certificate.kind, IdKind::Other);
        assert_eq!(
            certificate.label.as_deref(),
            Some("National Identification Number (Birth certificate)")
        );
        assert_eq!(entity.identifiers.len(), 2);
    }

    #[test]
    fn keeps_what_it_cannot_read() {
        let parsed = parse_str(&list(PERSON, "")).unwrap();
        let entity = &parsed.entities[0];
        let unparsed: Vec<_> = entity
            .unparsed
            .iter()
            .map(|u| (u.field.as_str(), u.value.as_str()))
            .collect();
        assert_eq!(
            unparsed,
            [
                ("birth_date", "circa 30-35 years old"),
                ("identifier_country", "Atlantis"),
                ("identifier", "Passport, Tunisian passport number L 191609"),
            ]
        );
        assert_eq!(parsed.warnings.len(), 3);
    }

    #[test]
    fn reads_an_organisation() {
        let parsed = parse_str(&list("", ORGANISATION)).unwrap();
        let entity = &parsed.entities[0];
        assert_eq!(entity.id, "un_sc:QDe.093");
        assert_eq!(entity.schema, Schema::Organization);
        assert_eq!(entity.caption(), "AL-HARAMAIN FOUNDATION (INDONESIA)");
        assert!(entity.names[0].parts.is_empty());
        let names: Vec<_> = entity.names[1..]
            .iter()
            .map(|n| (n.full.as_str(), n.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("Yayasan Al-Manahil-Indonesia", NameKind::Alias),
                ("Al Haramain Indonesia", NameKind::Former),
                ("Al Kawthar Co.", NameKind::Alias),
                ("شركة الكوثر", NameKind::Alias),
            ]
        );
        assert_eq!(
            entity.addresses[0].full,
            "Jalan Laut Sulawesi Blok DII/4, Jakarta, 12540, Indonesia"
        );
        assert_eq!(entity.listings[0].remarks, None);
        assert!(parsed.warnings.is_empty());
    }

    #[test]
    fn ids_are_unique() {
        let twin = ORGANISATION.replace("110404", "110405");
        let no_reference = ORGANISATION
            .replace("110404", "110406")
            .replace("<REFERENCE_NUMBER>QDe.093</REFERENCE_NUMBER>", "");
        let parsed = parse_str(&list("", &format!("{ORGANISATION}{twin}{no_reference}"))).unwrap();
        let ids: Vec<_> = parsed.entities.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["un_sc:QDe.093", "un_sc:110405", "un_sc:110406"]);
        assert_eq!(parsed.warnings.len(), 1);
        assert_eq!(parsed.warnings[0].field, "REFERENCE_NUMBER");

        // A third copy has neither a fresh reference nor a fresh DATAID.
        let copies = ORGANISATION.repeat(3);
        let error = parse_str(&list("", &copies)).unwrap_err();
        assert_eq!(
            error.location,
            Location::Record {
                index: 3,
                id: Some("QDe.093".into())
            }
        );
    }

    #[test]
    fn a_record_without_a_name_is_an_error_naming_it() {
        let nameless = ORGANISATION.replace("AL-HARAMAIN FOUNDATION (INDONESIA)", " ");
        let error = parse_str(&list(PERSON, &nameless)).unwrap_err();
        assert_eq!(error.file, "consolidated.xml");
        assert_eq!(
            error.location,
            Location::Record {
                index: 2,
                id: Some("QDe.093".into())
            }
        );
        assert!(error.to_string().contains("no name"), "{error}");
    }

    #[test]
    fn splits_fields_that_list_several_names() {
        assert_eq!(
            split_names("Azim Adhajani; Azim Agha-Jani"),
            ["Azim Adhajani", "Azim Agha-Jani"]
        );
        assert_eq!(
            split_names("a) Mohammed Sabet; Mohammad Sabet b) M. Javad Sabet"),
            ["Mohammed Sabet", "Mohammad Sabet", "M. Javad Sabet"]
        );
        assert_eq!(
            split_names("AL-HARAMAIN & AL MASJED (AQSA) ; "),
            ["AL-HARAMAIN & AL MASJED (AQSA)"]
        );
        let two = ORGANISATION.replace(
            "AL-HARAMAIN FOUNDATION (INDONESIA)",
            "GRANDS LACS (CAGL) ; GREAT LAKES BUSINESS COMPANY (GLBC)",
        );
        let parsed = parse_str(&list("", &two)).unwrap();
        let names: Vec<_> = parsed.entities[0].names[..2]
            .iter()
            .map(|n| (n.full.as_str(), n.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("GRANDS LACS (CAGL)", NameKind::Primary),
                ("GREAT LAKES BUSINESS COMPANY (GLBC)", NameKind::Alias)
            ]
        );
    }

    #[test]
    fn reads_wrapped_text_and_zoned_dates() {
        let wrapped = ORGANISATION
            .replace(
                "<LISTED_ON>2004-01-26</LISTED_ON>",
                "<LISTED_ON>2004-01-26-04:00</LISTED_ON>",
            )
            .replace(
                "<COMMENTS1/>",
                "<COMMENTS1>Listed\n   pursuant to\r\nresolution 1267.</COMMENTS1>",
            );
        let parsed = parse_str(&list("", &wrapped)).unwrap();
        let listing = &parsed.entities[0].listings[0];
        assert_eq!(listing.listed_on, PartialDate::parse_iso("2004-01-26").ok());
        assert_eq!(
            listing.remarks.as_deref(),
            Some("Listed pursuant to resolution 1267.")
        );
        assert!(parsed.warnings.is_empty());
    }

    #[test]
    fn refuses_what_is_not_a_un_list() {
        assert!(parse_str("").is_err());
        assert!(parse_str("<sdnList><sdnEntry><uid>1</uid></sdnEntry></sdnList>").is_err());
        let error = parse_str(&list(PERSON, "")[..500]).unwrap_err();
        assert!(
            error.to_string().starts_with("consolidated.xml: byte "),
            "{error}"
        );
    }
}
