//! The UK Sanctions List of the Foreign, Commonwealth and Development Office
//! (`UK_Sanctions_List.xml`).
//!
//! The root `Designations` holds `DateGenerated` and then one `Designation`
//! per person, organisation or ship, which becomes one [`Entity`] with id
//! `{source}:{UniqueID}` (`gb_fcdo:RUS0251`) and one [`Listing`] by
//! [`Authority::GbFcdo`] under its `RegimeName`, with the `UniqueID` as its
//! reference. The OFSI Group ID and the UN reference number are kept as
//! identifiers (labelled `OFSI Group ID` and `UN Reference Number`, as the
//! OFSI parser labels its UN references), so the same subject can be found
//! on the OFSI and UN lists.
//!
//! A designation has:
//! * `Names/Name{Name1..Name6 | Name, NameType, AliasStrength}`: `Name6` is
//!   the family name or an organisation's whole name; `NameType` is `Primary
//!   Name`, `Primary Name Variation` (another spelling, read as an alias) or
//!   `Alias`; an `AliasStrength` of `Low quality a.k.a` is a weak alias;
//! * `NonLatinNames/NonLatinName{NameNonLatinScript, NonLatinScriptType,
//!   NonLatinScriptLanguage}` (also read without the `NonLatinName` level);
//! * `IndividualDetails/Individual{DOBs/DOB, Title | Titles/Title,
//!   Nationalities/Nationality, Genders/Gender | Gender,
//!   BirthDetails/Location{TownOfBirth, CountryOfBirth}, Positions/Position,
//!   PassportDetails/Passport{PassportNumber, PassportAdditionalInformation},
//!   NationalIdentifierDetails/NationalIdentifier{NationalIdentifierNumber,
//!   NationalIdentifierAdditionalInformation}}`, where a date of birth
//!   writes an unknown day or month as `dd` or `mm` (`dd/mm/1957`);
//! * `EntityDetails/Entity{TypeOfEntities/TypeOfEntity,
//!   ParentCompanies/ParentCompany, Subsidiaries/Subsidiary,
//!   BusinessRegistrationNumbers/BusinessRegistrationNumber}`;
//! * `ShipDetails/Ship{IMONumbers/IMONumber, CurrentOwnerOperators/…,
//!   PreviousOwnerOperators/…, CurrentBelievedFlagOfShips/…,
//!   PreviousFlags/PreviousFlag, TypeOfShipDetails/TypeOfShip,
//!   TonnageOfShipDetails/TonnageOfShip, LengthOfShipDetails/LengthOfShip,
//!   YearsBuilt/YearBuilt}`;
//! * `Addresses/Address{AddressLine1..6, AddressPostalCode, AddressCountry}`,
//!   `PhoneNumbers/PhoneNumber`, `EmailAddresses/EmailAddress` and
//!   `Websites/Website`;
//! * `DateDesignated`, `LastUpdated`, `DesignationSource`, `SanctionsImposed`
//!   (`|`-separated), `OtherInformation` and `UKStatementofReasons`.
//!
//! The passport, national id and gender elements are named as the
//! published files and the crawlers that read them name them; the format
//! description this parser was built from did not check them. Facts the
//! model has no field for (type of entity, parent companies, previous flags)
//! go into the listing's remarks.

use std::collections::HashSet;
use std::io::BufRead;

use interdict_model::{
    Address, Authority, Entity, FuzzyDate, IdKind, Identifier, Listing, Name, NameKind, NamePart,
    NamePartKind, NumericOrder, PartialDate, Schema, VesselDetails,
};

use crate::fields::{
    CountryField, add_birth_date, add_countries, join_non_blank, language_code,
    nationality_country, read_emails, registration, set_gender,
};
use crate::grouped::{add_name, put_primary_first};
use crate::xml::{Node, RecordReader};
use crate::{Context, Location, Parsed, SourceError};

/// Dates are written `dd/mm/yyyy`.
const ORDER: NumericOrder = NumericOrder::DayFirst;

/// Reads a whole UK Sanctions List.
pub fn parse(input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
    let mut reader = RecordReader::new(input, &context.label);
    let mut parsed = Parsed::default();
    let mut ids = HashSet::new();
    let mut index = 0;
    let mut dated = false;
    while let Some(node) = reader.next_record(&["DateGenerated", "Designation"])? {
        if let Some(root) = reader.root_name()
            && root != "Designations"
        {
            return Err(reader.error(format!(
                "root element is <{root}>, not <Designations>: not a UK Sanctions List"
            )));
        }
        if node.name == "DateGenerated" {
            dated = true;
            if let Some(text) = node.value() {
                match parse_day(text) {
                    Ok(date) => parsed.meta.published = Some(date),
                    Err(reason) => parsed.warn(&context.label, "DateGenerated", text, reason),
                }
            }
            continue;
        }
        index += 1;
        let entity = read_designation(&node, index, context, &mut ids, &mut parsed)?;
        parsed.entities.push(entity);
    }
    if index == 0 && !dated {
        return Err(SourceError::new(
            &context.label,
            Location::File,
            "no <DateGenerated> and no <Designation>: not a UK Sanctions List",
        ));
    }
    Ok(parsed)
}

/// Reads `dd/mm/yyyy` (or any single date [`FuzzyDate`] reads).
fn parse_day(text: &str) -> Result<PartialDate, &'static str> {
    match FuzzyDate::parse_with(text, ORDER) {
        Ok(FuzzyDate::Exact(date)) => Ok(date),
        Ok(_) => Err("an approximate date or a range, not a single date"),
        Err(error) => Err(error.reason),
    }
}

/// The trimmed, non-blank texts of the elements at the end of `path`.
fn values<'a>(node: &'a Node, path: &'a [&'a str]) -> impl Iterator<Item = &'a str> + 'a {
    node.find_all(path).filter_map(Node::value)
}

/// Reads one `Designation`, the `index`-th in the file. `ids` holds the
/// unique ids read so far.
fn read_designation(
    node: &Node,
    index: usize,
    context: &Context,
    ids: &mut HashSet<String>,
    parsed: &mut Parsed,
) -> Result<Entity, SourceError> {
    let unique_id = node.child_value("UniqueID");
    let error = |message: String| {
        SourceError::new(
            &context.label,
            Location::Record {
                index,
                id: unique_id.map(str::to_owned),
            },
            message,
        )
    };
    let unique_id = unique_id.ok_or_else(|| error("no UniqueID".to_owned()))?;
    if !ids.insert(unique_id.to_owned()) {
        return Err(error(format!("UniqueID {unique_id} is repeated")));
    }
    let kind = node.child_value("IndividualEntityShip").unwrap_or_default();
    let schema = match kind.to_ascii_lowercase().as_str() {
        "individual" => Schema::Person,
        "entity" => Schema::Organization,
        "ship" => Schema::Vessel,
        _ => Schema::LegalEntity,
    };
    let mut entity = Entity::new(&context.source, unique_id, schema);
    if schema == Schema::LegalEntity {
        entity.keep_unparsed("schema", kind);
        parsed.warn(
            &entity.id,
            "IndividualEntityShip",
            kind,
            "not Individual, Entity or Ship: read as a legal entity",
        );
    }

    read_names(node, &mut entity, parsed);
    if entity.names.is_empty() {
        return Err(error("no name".to_owned()));
    }
    let mut remarks = Vec::new();
    for title in values(node, &["Titles", "Title"]) {
        Entity::push_unique(&mut entity.titles, title.to_owned());
    }
    for individual in node.find_all(&["IndividualDetails", "Individual"]) {
        read_individual(individual, &mut entity, parsed);
    }
    for details in node.find_all(&["EntityDetails", "Entity"]) {
        read_organisation(details, &mut entity, &mut remarks);
    }
    for ship in node.find_all(&["ShipDetails", "Ship"]) {
        read_ship(ship, &mut entity, &mut remarks, parsed);
    }
    read_contacts(node, &mut entity, parsed);
    for (element, label) in [
        ("OFSIGroupID", "OFSI Group ID"),
        ("UNReferenceNumber", "UN Reference Number"),
    ] {
        for number in values(node, &[element]) {
            let number = number.strip_prefix("UN Ref").map_or(number, str::trim);
            let identifier = Identifier {
                kind: IdKind::Other,
                number: number.to_owned(),
                country: None,
                label: Some(label.to_owned()),
                note: None,
            };
            Entity::push_unique(&mut entity.identifiers, identifier);
        }
    }

    let listing = read_listing(node, unique_id, remarks, context, &mut entity, parsed);
    entity.listings.push(listing);
    Ok(entity)
}

/// Reads `Names/Name` and the non-Latin names, primary names first.
fn read_names(node: &Node, entity: &mut Entity, parsed: &mut Parsed) {
    let mut variations = Vec::new();
    for name in node.find_all(&["Names", "Name"]) {
        let parts = ["Name1", "Name2", "Name3", "Name4", "Name5", "Name6"]
            .map(|part| name.child_value(part));
        let [first, second, third, fourth, fifth, sixth] = parts;
        let Some(full) =
            join_non_blank(parts, " ").or_else(|| name.child_value("Name").map(str::to_owned))
        else {
            continue;
        };
        let name_type = name.child_value("NameType").unwrap_or_default();
        let folded = name_type
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let mut kind = match folded.as_str() {
            "primary name" => NameKind::Primary,
            "primary name variation" | "alias" | "" => NameKind::Alias,
            "formerly known as" | "fka" | "previous name" => NameKind::Former,
            _ => {
                parsed.warn(
                    &entity.id,
                    "NameType",
                    name_type,
                    "not a known name type: read as an alias",
                );
                NameKind::Alias
            }
        };
        let strength = name.child_value("AliasStrength").unwrap_or_default();
        if kind == NameKind::Alias && strength.to_lowercase().starts_with("low") {
            kind = NameKind::WeakAlias;
        }
        let mut name = Name::new(&full, kind);
        if entity.schema == Schema::Person {
            name = name.with_parts(NamePart::present([
                (NamePartKind::Given, first),
                (NamePartKind::Middle, second),
                (NamePartKind::Middle, third),
                (NamePartKind::Middle, fourth),
                (NamePartKind::Middle, fifth),
                (NamePartKind::Family, sixth),
            ]));
        }
        if folded == "primary name variation" {
            variations.push(name.full.clone());
        }
        add_name(entity, name);
    }
    // `NonLatinNames/NonLatinName/NameNonLatinScript`, or the names straight
    // under `NonLatinNames`.
    for group in node.children_named("NonLatinNames") {
        let names: Vec<&Node> = if group.child("NonLatinName").is_some() {
            group.children_named("NonLatinName").collect()
        } else {
            vec![group]
        };
        for non_latin in names {
            let Some(text) = non_latin.child_value("NameNonLatinScript") else {
                continue;
            };
            let mut name = Name::new(text, NameKind::Alias);
            if let Some(language) = non_latin.child_value("NonLatinScriptLanguage") {
                match language_code(language) {
                    Some(code) => name = name.with_language(code),
                    None => {
                        entity.keep_unparsed("name_language", language);
                        parsed.warn(
                            &entity.id,
                            "NonLatinScriptLanguage",
                            language,
                            "not a known language",
                        );
                    }
                }
            }
            add_name(entity, name);
        }
    }
    put_primary_first(entity, &variations);
}

/// Reads an `IndividualDetails/Individual`.
fn read_individual(node: &Node, entity: &mut Entity, parsed: &mut Parsed) {
    for text in values(node, &["DOBs", "DOB"]) {
        read_birth_date(text, entity, parsed);
    }
    for title in values(node, &["Title"]).chain(values(node, &["Titles", "Title"])) {
        Entity::push_unique(&mut entity.titles, title.to_owned());
    }
    for nationality in values(node, &["Nationalities", "Nationality"]) {
        add_countries(entity, CountryField::Nationality, nationality, parsed);
    }
    for gender in values(node, &["Genders", "Gender"]).chain(values(node, &["Gender"])) {
        set_gender(entity, gender, parsed);
    }
    for location in node.find_all(&["BirthDetails", "Location"]) {
        let place = join_non_blank(
            [
                location.child_value("TownOfBirth"),
                location.child_value("CountryOfBirth"),
            ],
            ", ",
        );
        if let Some(place) = place {
            Entity::push_unique(&mut entity.birth_places, place);
        }
    }
    for position in values(node, &["Positions", "Position"]) {
        Entity::push_unique(&mut entity.positions, position.to_owned());
    }
    let documents = [
        (
            "PassportDetails",
            ["Passport", "PassportDetail"],
            "PassportNumber",
            ["PassportAdditionalInformation", "PassportDetails"],
            IdKind::Passport,
        ),
        (
            "NationalIdentifierDetails",
            ["NationalIdentifier", "NationalIdentifierDetail"],
            "NationalIdentifierNumber",
            [
                "NationalIdentifierAdditionalInformation",
                "NationalIdentifierDetails",
            ],
            IdKind::NationalId,
        ),
    ];
    for (list, items, number, notes, kind) in documents {
        for item in node
            .children_named(list)
            .flat_map(|l| l.children.iter())
            .filter(|item| items.contains(&item.name.as_str()))
        {
            let note = notes.iter().find_map(|n| item.child_value(n));
            let Some(number) = item.child_value(number) else {
                if let Some(note) = note {
                    entity.keep_unparsed("identifier", note);
                    parsed.warn(
                        &entity.id,
                        "identifier",
                        note,
                        "a document without a number",
                    );
                }
                continue;
            };
            let identifier = Identifier {
                kind,
                number: number.to_owned(),
                country: None,
                label: None,
                note: note.map(str::to_owned),
            };
            Entity::push_unique(&mut entity.identifiers, identifier);
        }
    }
}

/// Reads a date of birth, where `dd` and `mm` stand for an unknown day and
/// month (`dd/mm/1957`, `dd/03/1960`). A date that cannot be read is kept as
/// written.
fn read_birth_date(text: &str, entity: &mut Entity, parsed: &mut Parsed) {
    let known = text
        .split('/')
        .map(|part| {
            if part.trim().eq_ignore_ascii_case("dd") || part.trim().eq_ignore_ascii_case("mm") {
                "00"
            } else {
                part
            }
        })
        .collect::<Vec<_>>()
        .join("/");
    match FuzzyDate::parse_with(&known, ORDER) {
        Ok(date) => Entity::push_unique(&mut entity.birth_dates, date),
        Err(error) => {
            entity.keep_unparsed("birth_date", text);
            parsed.warn(&entity.id, "birth_date", text, error.reason);
        }
    }
}

/// Reads an `EntityDetails/Entity`: registration numbers, and the type,
/// parents and subsidiaries into the remarks.
fn read_organisation(node: &Node, entity: &mut Entity, remarks: &mut Vec<String>) {
    for number in values(
        node,
        &["BusinessRegistrationNumbers", "BusinessRegistrationNumber"],
    ) {
        Entity::push_unique(&mut entity.identifiers, registration(number));
    }
    for (path, label) in [
        (["TypeOfEntities", "TypeOfEntity"], "Type of entity"),
        (["ParentCompanies", "ParentCompany"], "Parent company"),
        (["Subsidiaries", "Subsidiary"], "Subsidiary"),
    ] {
        for value in values(node, &path) {
            remarks.push(format!("{label}: {value}"));
        }
    }
}

/// Reads a `ShipDetails/Ship`. The flag also counts among the entity's
/// countries.
fn read_ship(node: &Node, entity: &mut Entity, remarks: &mut Vec<String>, parsed: &mut Parsed) {
    for number in values(node, &["IMONumbers", "IMONumber"]) {
        let imo = Identifier {
            kind: IdKind::Imo,
            number: number.trim_start_matches("IMO").trim().to_owned(),
            country: None,
            label: None,
            note: None,
        };
        Entity::push_unique(&mut entity.identifiers, imo);
    }
    let joined = |path: &[&str]| {
        let all: Vec<&str> = values(node, path).collect();
        (!all.is_empty()).then(|| all.join("; "))
    };
    let mut flag = None;
    for text in values(
        node,
        &["CurrentBelievedFlagOfShips", "CurrentBelievedFlagOfShip"],
    ) {
        let countries = add_countries(entity, CountryField::Country, text, parsed);
        flag = flag.or(countries.first().copied());
    }
    let details = VesselDetails {
        flag,
        call_sign: None,
        vessel_type: joined(&["TypeOfShipDetails", "TypeOfShip"]),
        tonnage: joined(&["TonnageOfShipDetails", "TonnageOfShip"]),
        owner: joined(&["CurrentOwnerOperators", "CurrentOwnerOperator"]),
    };
    entity.vessel = Some(details);
    for year in values(node, &["YearsBuilt", "YearBuilt"]) {
        add_birth_date(entity, year, ORDER, parsed);
    }
    for (path, label) in [
        (
            ["PreviousOwnerOperators", "PreviousOwnerOperator"],
            "Previous owner or operator",
        ),
        (["PreviousFlags", "PreviousFlag"], "Previous flag"),
        (["LengthOfShipDetails", "LengthOfShip"], "Length of ship"),
    ] {
        for value in values(node, &path) {
            remarks.push(format!("{label}: {value}"));
        }
    }
}

/// Reads the addresses, telephone numbers, e-mail addresses and websites.
fn read_contacts(node: &Node, entity: &mut Entity, parsed: &mut Parsed) {
    let mut countries_read = HashSet::new();
    for address in node.find_all(&["Addresses", "Address"]) {
        let line = |n: usize| address.child_value(&format!("AddressLine{n}"));
        let street = join_non_blank((1..=5).map(line), ", ");
        let country_text = address.child_value("AddressCountry");
        let country = country_text.and_then(|text| {
            // Resolved once per text, so an unknown one is reported once.
            if countries_read.insert(text) {
                add_countries(entity, CountryField::Country, text, parsed)
                    .first()
                    .copied()
            } else {
                nationality_country(text)
            }
        });
        if let Some(address) = Address::from_parts(
            street.as_deref(),
            line(6),
            None,
            address.child_value("AddressPostalCode"),
            country,
            country_text,
        ) {
            Entity::push_unique(&mut entity.addresses, address);
        }
    }
    for phone in values(node, &["PhoneNumbers", "PhoneNumber"]) {
        Entity::push_unique(&mut entity.phones, phone.to_owned());
    }
    for email in values(node, &["EmailAddresses", "EmailAddress"]) {
        read_emails(email, entity, parsed);
    }
    for website in values(node, &["Websites", "Website"]) {
        Entity::push_unique(&mut entity.websites, website.to_owned());
    }
}

/// The designation's listing: regime, date, reference and remarks.
fn read_listing(
    node: &Node,
    unique_id: &str,
    extra_remarks: Vec<String>,
    context: &Context,
    entity: &mut Entity,
    parsed: &mut Parsed,
) -> Listing {
    let mut listing = Listing::new(&context.source, Authority::GbFcdo);
    listing.programmes = values(node, &["RegimeName"]).map(str::to_owned).collect();
    listing.reference = Some(unique_id.to_owned());
    if let Some(text) = node.child_value("DateDesignated") {
        match parse_day(text) {
            Ok(date) => listing.listed_on = Some(date),
            Err(reason) => {
                entity.keep_unparsed("listed_on", text);
                parsed.warn(&entity.id, "DateDesignated", text, reason);
            }
        }
    }

    let mut remarks: Vec<String> = ["OtherInformation", "UKStatementofReasons"]
        .iter()
        .filter_map(|name| node.child_value(name))
        .map(str::to_owned)
        .collect();
    let imposed: Vec<&str> = values(node, &["SanctionsImposed"])
        .flat_map(|text| text.split('|'))
        .map(str::trim)
        .filter(|measure| !measure.is_empty())
        .collect();
    if imposed.is_empty() {
        // Only the indicators, `<AssetFreeze>true</AssetFreeze>`, say which.
        let indicated: Vec<&str> = node
            .find_all(&["SanctionsImposedIndicators"])
            .flat_map(|indicators| indicators.children.iter())
            .filter(|indicator| {
                indicator
                    .value()
                    .is_some_and(|v| v.eq_ignore_ascii_case("true"))
            })
            .map(|indicator| indicator.name.as_str())
            .collect();
        if !indicated.is_empty() {
            remarks.push(format!("Sanctions imposed: {}", indicated.join("; ")));
        }
    } else {
        remarks.push(format!("Sanctions imposed: {}", imposed.join("; ")));
    }
    if let Some(source) = node.child_value("DesignationSource") {
        remarks.push(format!("Designation source: {source}"));
    }
    remarks.extend(extra_remarks);
    if let Some(text) = node.child_value("LastUpdated") {
        match parse_day(text) {
            Ok(date) => remarks.push(format!("Last updated: {date}")),
            Err(reason) => {
                remarks.push(format!("Last updated: {text}"));
                parsed.warn(&entity.id, "LastUpdated", text, reason);
            }
        }
    }
    listing.remarks = (!remarks.is_empty()).then(|| remarks.join("\n"));
    listing
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::{Country, Gender};

    fn parse_designations(designations: &str) -> Result<Parsed, SourceError> {
        let text = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Designations><DateGenerated>08/10/2025</DateGenerated>{designations}</Designations>"
        );
        parse(
            text.as_bytes(),
            &Context::new("gb_fcdo", "UK_Sanctions_List.xml"),
        )
    }

    fn names(entity: &Entity) -> Vec<(&str, NameKind)> {
        entity
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.kind))
            .collect()
    }

    const PERSON: &str = r#"<Designation>
        <LastUpdated>21/03/2023</LastUpdated><DateDesignated>31/12/2020</DateDesignated>
        <UniqueID>RUS0001</UniqueID><OFSIGroupID>12944</OFSIGroupID>
        <Names>
          <Name><Name1>Dmitrii</Name1><Name2>Konstantinovich</Name2><Name6>KISELEV</Name6><NameType>Primary Name Variation</NameType></Name>
          <Name><Name1>Dmitry</Name1><Name2>Konstantinovich</Name2><Name6>KISELYOV</Name6><NameType>Primary Name</NameType></Name>
          <Name><Name6>Kiselyov</Name6><NameType>Alias</NameType><AliasStrength>Low quality a.k.a</AliasStrength></Name>
        </Names>
        <NonLatinNames><NonLatinName><NameNonLatinScript>Дмитрий Константинович Киселёв</NameNonLatinScript><NonLatinScriptType>Cyrillic</NonLatinScriptType><NonLatinScriptLanguage>Russian</NonLatinScriptLanguage></NonLatinName></NonLatinNames>
        <RegimeName>Russia</RegimeName><IndividualEntityShip>Individual</IndividualEntityShip>
        <DesignationSource>UK</DesignationSource><SanctionsImposed>Asset freeze|Travel Ban</SanctionsImposed>
        <UKStatementofReasons>Central figure of propaganda.</UKStatementofReasons>
        <IndividualDetails><Individual>
          <DOBs><DOB>26/04/1954</DOB><DOB>dd/mm/1957</DOB><DOB>dd/03/1960</DOB></DOBs>
          <Title>Mr</Title>
          <Nationalities><Nationality>Russia</Nationality></Nationalities>
          <Genders><Gender>Male</Gender></Genders>
          <BirthDetails><Location><TownOfBirth>Moscow</TownOfBirth><CountryOfBirth>Russia</CountryOfBirth></Location></BirthDetails>
          <Positions><Position>Head of Rossiya Segodnya</Position></Positions>
          <PassportDetails><Passport><PassportNumber>530293463</PassportNumber><PassportAdditionalInformation>Russia, expiry 18/03/2023</PassportAdditionalInformation></Passport></PassportDetails>
          <NationalIdentifierDetails><NationalIdentifier><NationalIdentifierNumber>4509 123456</NationalIdentifierNumber></NationalIdentifier></NationalIdentifierDetails>
        </Individual></IndividualDetails>
      </Designation>"#;

    #[test]
    fn reads_a_person() {
        let parsed = parse_designations(PERSON).unwrap();
        assert_eq!(
            parsed.meta.published,
            PartialDate::parse_iso("2025-10-08").ok()
        );
        let [person] = parsed.entities.as_slice() else {
            panic!("one designation");
        };
        assert_eq!(person.id, "gb_fcdo:RUS0001");
        assert_eq!(person.schema, Schema::Person);
        assert_eq!(
            names(person),
            [
                ("Dmitry Konstantinovich KISELYOV", NameKind::Primary),
                ("Dmitrii Konstantinovich KISELEV", NameKind::Alias),
                ("Kiselyov", NameKind::WeakAlias),
                ("Дмитрий Константинович Киселёв", NameKind::Alias),
            ]
        );
        assert_eq!(person.names[0].part(NamePartKind::Family), Some("KISELYOV"));
        assert_eq!(person.names[3].language.as_deref(), Some("ru"));
        let dates: Vec<String> = person.birth_dates.iter().map(ToString::to_string).collect();
        assert_eq!(dates, ["1954-04-26", "1957", "1960-03"]);
        assert_eq!(person.titles, ["Mr"]);
        assert_eq!(person.nationalities, [Country::from_alpha2("RU").unwrap()]);
        assert_eq!(person.gender, Some(Gender::Male));
        assert_eq!(person.birth_places, ["Moscow, Russia"]);
        assert_eq!(person.positions, ["Head of Rossiya Segodnya"]);
        let ids: Vec<_> = person
            .identifiers
            .iter()
            .map(|id| {
                (
                    id.kind,
                    id.number.as_str(),
                    id.label.as_deref(),
                    id.note.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            ids,
            [
                (
                    IdKind::Passport,
                    "530293463",
                    None,
                    Some("Russia, expiry 18/03/2023")
                ),
                (IdKind::NationalId, "4509 123456", None, None),
                (IdKind::Other, "12944", Some("OFSI Group ID"), None),
            ]
        );
        let listing = &person.listings[0];
        assert_eq!(listing.authority, Authority::GbFcdo);
        assert_eq!(listing.programmes, ["Russia"]);
        assert_eq!(listing.reference.as_deref(), Some("RUS0001"));
        assert_eq!(listing.listed_on, PartialDate::parse_iso("2020-12-31").ok());
        assert_eq!(
            listing.remarks.as_deref(),
            Some(
                "Central figure of propaganda.\nSanctions imposed: Asset freeze; Travel Ban\nDesignation source: UK\nLast updated: 2023-03-21"
            )
        );
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    }

    #[test]
    fn unreadable_values_are_kept_and_reported() {
        let parsed = parse_designations(
            r#"<Designation><UniqueID>X1</UniqueID><DateDesignated>someday</DateDesignated>
            <Names><Name><Name6>X</Name6><NameType>Nickname</NameType></Name>
            <Name><Name6>Y</Name6><NameType>Primary Name Variation</NameType></Name></Names>
            <NonLatinNames><NameNonLatinScript>Икс</NameNonLatinScript><NonLatinScriptLanguage>Cyrillic</NonLatinScriptLanguage></NonLatinNames>
            <IndividualEntityShip>Aircraft</IndividualEntityShip>
            <IndividualDetails><Individual><DOBs><DOB>15/08/19yy</DOB></DOBs><Nationalities><Nationality>Atlantis</Nationality></Nationalities></Individual></IndividualDetails>
            </Designation>"#,
        )
        .unwrap();
        let x = &parsed.entities[0];
        assert_eq!(x.schema, Schema::LegalEntity);
        assert_eq!(
            names(x),
            [
                ("Y", NameKind::Primary),
                ("X", NameKind::Alias),
                ("Икс", NameKind::Alias)
            ],
            "without a primary name, the first variation is primary"
        );
        let fields: Vec<&str> = parsed.warnings.iter().map(|w| w.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "IndividualEntityShip",
                "NameType",
                "NonLatinScriptLanguage",
                "birth_date",
                "nationality",
                "DateDesignated"
            ]
        );
        let unparsed: Vec<&str> = x.unparsed.iter().map(|u| u.value.as_str()).collect();
        assert_eq!(
            unparsed,
            ["Aircraft", "Cyrillic", "15/08/19yy", "Atlantis", "someday"]
        );
    }

    #[test]
    fn broken_designations_are_errors_naming_the_record() {
        let error = parse_designations("<Designation><Names/></Designation>").unwrap_err();
        assert_eq!(
            error.to_string(),
            "UK_Sanctions_List.xml: record 1: no UniqueID"
        );
        let error =
            parse_designations("<Designation><UniqueID>A1</UniqueID></Designation>").unwrap_err();
        assert_eq!(
            error.to_string(),
            "UK_Sanctions_List.xml: record 1 (A1): no name"
        );
        let one = "<Designation><UniqueID>A1</UniqueID><Names><Name><Name6>A</Name6></Name></Names></Designation>";
        let error = parse_designations(&format!("{one}{one}")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "UK_Sanctions_List.xml: record 2 (A1): UniqueID A1 is repeated"
        );
    }

    #[test]
    fn other_files_are_refused() {
        let context = Context::new("gb_fcdo", "list.xml");
        let error = parse(&b"<sdnList><Designation/></sdnList>"[..], &context).unwrap_err();
        assert!(
            error.to_string().contains("not a UK Sanctions List"),
            "{error}"
        );
        for text in ["", "<Designations></Designations>"] {
            let error = parse(text.as_bytes(), &context).unwrap_err();
            assert_eq!(
                error.to_string(),
                "list.xml: no <DateGenerated> and no <Designation>: not a UK Sanctions List"
            );
        }
        let empty = parse(
            &b"<Designations><DateGenerated>01/02/2025</DateGenerated></Designations>"[..],
            &context,
        )
        .unwrap();
        assert!(empty.entities.is_empty());
        assert_eq!(
            empty.meta.published,
            PartialDate::parse_iso("2025-02-01").ok()
        );
    }
}
