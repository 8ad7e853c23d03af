//! OFAC legacy XML: the SDN list (`sdn.xml`) and the non-SDN consolidated
//! list (`consolidated.xml`), which share one schema.
//!
//! The root `sdnList` holds `publshInformation` (publication date, record
//! count) and one `sdnEntry` per listed person, organisation, vessel or
//! aircraft. Each entry becomes one [`Entity`] with id `{source}:{uid}` and
//! one [`Listing`] by [`Authority::UsOfac`].
//!
//! OFAC's `idList` mixes identifiers with other facts: gender, founding and
//! build dates, websites, e-mail addresses, phone numbers and sanctions notes
//! are all written as an `idType` with its value in `idNumber`.
//! [`crate::ofac_facts`] sorts them as it sorts every OFAC format's: facts go
//! to their typed field (contacts to `emails`, `phones` and `websites`), notes
//! to the listing's remarks, and only documents and codes become
//! identifiers.

use std::collections::HashSet;
use std::io::BufRead;

use interdict_model::{
    Address, Authority, Entity, FuzzyDate, IdKind, Listing, Name, NameKind, NamePart, NamePartKind,
    Schema, VesselDetails,
};

use crate::fields::{CountryField, add_country, join_non_blank, resolve_country};
use crate::ofac_facts::{self, Fact, FactValue, ORDER, add_identifier, listing_remarks};
use crate::xml::{Node, RecordReader};
use crate::{Context, Location, Parsed, SourceError};

/// Reads a whole OFAC legacy XML list.
pub fn parse(input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
    let mut reader = RecordReader::new(input, &context.label);
    let mut parsed = Parsed::default();
    let mut records = Records::new("sdnList", "publshInformation", "sdnEntry", "legacy");
    while let Some(node) = reader.next_record(&["publshInformation", "sdnEntry"])? {
        records.check_root(&reader)?;
        if node.name == "publshInformation" {
            records.seen_header = true;
            read_publish_information(&node, context, &mut parsed);
        } else {
            let index = records.next_index();
            let entity = read_entry(&node, index, context, &mut parsed)?;
            let id = node.child_value("uid");
            records.keep(
                entity,
                id,
                "this <uid> was already used by an earlier entry",
                context,
                &mut parsed,
            )?;
        }
    }
    records.finish(context)?;
    if let Some(declared) = parsed.meta.declared_count
        && declared != parsed.entities.len()
    {
        let found = parsed.entities.len();
        parsed.warn(
            &context.label,
            "Record_Count",
            &declared.to_string(),
            format!("the file declares {declared} records but holds {found}"),
        );
    }
    Ok(parsed)
}

/// What the OFAC XML formats whose entities stand alone (legacy and
/// Enhanced) share in reading a file: its root element, a header, and
/// entity records whose ids come once each.
pub(crate) struct Records {
    root: &'static str,
    header: &'static str,
    entry: &'static str,
    /// The format's name in errors: `legacy`, `Enhanced`.
    format: &'static str,
    /// Whether the header has been read.
    pub(crate) seen_header: bool,
    /// How many entity records have been read.
    index: usize,
    ids: HashSet<String>,
}

impl Records {
    /// A file of the format called `format`, whose root is `root`, with
    /// its header in `header` and one entity per `entry`.
    pub(crate) fn new(
        root: &'static str,
        header: &'static str,
        entry: &'static str,
        format: &'static str,
    ) -> Self {
        Self {
            root,
            header,
            entry,
            format,
            seen_header: false,
            index: 0,
            ids: HashSet::new(),
        }
    }

    /// Refuses a file whose root element is not the format's (see
    /// [`check_root`]).
    pub(crate) fn check_root<R: BufRead>(
        &self,
        reader: &RecordReader<R>,
    ) -> Result<(), SourceError> {
        check_root(reader, self.root, self.format)
    }

    /// Starts the next entity record: its index in the file, from 1.
    pub(crate) fn next_index(&mut self) -> usize {
        self.index += 1;
        self.index
    }

    /// Keeps the entity of the current record. OFAC's ids are unique, so an
    /// id that an earlier record had means a damaged or spliced file: an
    /// error naming the record (`id` as it writes it) with `duplicate`.
    pub(crate) fn keep(
        &mut self,
        entity: Entity,
        id: Option<&str>,
        duplicate: &str,
        context: &Context,
        parsed: &mut Parsed,
    ) -> Result<(), SourceError> {
        if !self.ids.insert(entity.id.clone()) {
            return Err(SourceError::new(
                &context.label,
                Location::Record {
                    index: self.index,
                    id: id.map(str::to_owned),
                },
                duplicate,
            ));
        }
        parsed.entities.push(entity);
        Ok(())
    }

    /// Refuses a file that held neither the header nor an entity: well-formed
    /// XML of some other kind.
    pub(crate) fn finish(&self, context: &Context) -> Result<(), SourceError> {
        if self.seen_header || self.index > 0 {
            return Ok(());
        }
        Err(SourceError::new(
            &context.label,
            Location::File,
            format!(
                "no <{}> or <{}>: not an OFAC {} XML file",
                self.header, self.entry, self.format
            ),
        ))
    }
}

/// Refuses a file whose root element is not `root`, as soon as the first
/// record is read (when the root is known), so that another list's records
/// are never read as OFAC's. `format` names the OFAC format in the error
/// (`legacy`, `Advanced`).
pub(crate) fn check_root<R: BufRead>(
    reader: &RecordReader<R>,
    root: &str,
    format: &str,
) -> Result<(), SourceError> {
    match reader.root_name() {
        Some(found) if found != root => Err(reader.error(format!(
            "root element is <{found}>, not <{root}>: not an OFAC {format} XML file"
        ))),
        _ => Ok(()),
    }
}

/// Reads the publication date and the declared record count.
fn read_publish_information(node: &Node, context: &Context, parsed: &mut Parsed) {
    if let Some(text) = node.child_value("Publish_Date") {
        match FuzzyDate::parse_with(text, ORDER) {
            Ok(FuzzyDate::Exact(date)) => parsed.meta.published = Some(date),
            _ => parsed.warn(&context.label, "Publish_Date", text, "not a date"),
        }
    }
    if let Some(text) = node.child_value("Record_Count") {
        match text.parse() {
            Ok(count) => parsed.meta.declared_count = Some(count),
            Err(_) => parsed.warn(&context.label, "Record_Count", text, "not a number"),
        }
    }
}

/// Reads one `sdnEntry`, the `index`-th in the file.
fn read_entry(
    node: &Node,
    index: usize,
    context: &Context,
    parsed: &mut Parsed,
) -> Result<Entity, SourceError> {
    let uid = node.child_value("uid");
    let error = |message: String| {
        SourceError::new(
            &context.label,
            Location::Record {
                index,
                id: uid.map(str::to_owned),
            },
            message,
        )
    };
    let uid = uid.ok_or_else(|| error("no <uid>".into()))?;
    let schema = match node.child_value("sdnType") {
        Some("Individual") => Schema::Person,
        Some("Entity") => Schema::Organization,
        Some("Vessel") => Schema::Vessel,
        Some("Aircraft") => Schema::Aircraft,
        Some(other) => return Err(error(format!("unknown <sdnType> {other:?}"))),
        None => return Err(error("no <sdnType>".into())),
    };
    let is_person = schema == Schema::Person;
    let primary = read_name(node, NameKind::Primary, is_person)
        .ok_or_else(|| error("no <lastName> or <firstName>".into()))?;

    let mut entity = Entity::new(&context.source, uid, schema);
    entity.add_name(primary);
    for aka in node.find_all(&["akaList", "aka"]) {
        if let Some(name) = read_name(aka, alias_kind(aka), is_person) {
            entity.add_name(name);
        }
    }
    if let Some(title) = node.child_value("title") {
        Entity::push_unique(&mut entity.titles, title.to_owned());
    }
    for date in node.find_all(&["dateOfBirthList", "dateOfBirthItem"]) {
        if let Some(text) = date.child_value("dateOfBirth") {
            ofac_facts::add_date(&mut entity, text, parsed);
        }
    }
    for place in node.find_all(&["placeOfBirthList", "placeOfBirthItem"]) {
        if let Some(text) = place.child_value("placeOfBirth") {
            Entity::push_unique(&mut entity.birth_places, text.to_owned());
        }
    }
    for nationality in node.find_all(&["nationalityList", "nationality"]) {
        if let Some(text) = nationality.child_value("country") {
            add_country(&mut entity, CountryField::Nationality, text, parsed);
        }
    }
    for citizenship in node.find_all(&["citizenshipList", "citizenship"]) {
        if let Some(text) = citizenship.child_value("country") {
            add_country(&mut entity, CountryField::Citizenship, text, parsed);
        }
    }
    for address in node.find_all(&["addressList", "address"]) {
        read_address(address, &mut entity, parsed);
    }
    if let Some(vessel) = node.child("vesselInfo") {
        read_vessel(vessel, &mut entity, parsed);
    }

    let mut listing = Listing::new(&context.source, Authority::UsOfac);
    listing.programmes = node
        .find_all(&["programList", "program"])
        .filter_map(Node::value)
        .map(str::to_owned)
        .collect();
    listing.reference = Some(uid.to_owned());
    let mut remarks: Vec<String> = node
        .child_value("remarks")
        .map(str::to_owned)
        .into_iter()
        .collect();
    for id in node.find_all(&["idList", "id"]) {
        read_id(id, &mut entity, &mut remarks, parsed);
    }
    listing.remarks = listing_remarks(remarks, &[]);
    entity.listings.push(listing);
    Ok(entity)
}

/// The name of an entry or an `aka`: people's names in natural order
/// ("Hailun ZHU") with their given and family parts; other names whole (they
/// only ever have a `lastName`). None when the node has no name at all.
fn read_name(node: &Node, kind: NameKind, is_person: bool) -> Option<Name> {
    let first = node.child_value("firstName");
    let last = node.child_value("lastName");
    let name = Name::new(&join_non_blank([first, last], " ")?, kind);
    if !is_person {
        return Some(name);
    }
    let parts = NamePart::present([(NamePartKind::Given, first), (NamePartKind::Family, last)]);
    Some(name.with_parts(parts))
}

/// `a.k.a.` strong or weak, `f.k.a.` (former) and `n.k.a.` (now known as,
/// a current name, so a strong alias).
fn alias_kind(aka: &Node) -> NameKind {
    match (aka.child_value("type"), aka.child_value("category")) {
        (Some("f.k.a."), _) => NameKind::Former,
        (_, Some("weak")) => NameKind::WeakAlias,
        _ => NameKind::Alias,
    }
}

/// Adds an address, and its country to the entity's countries.
fn read_address(node: &Node, entity: &mut Entity, parsed: &mut Parsed) {
    let street = join_non_blank(
        ["address1", "address2", "address3"].map(|field| node.child_value(field)),
        ", ",
    );
    let country_text = node.child_value("country");
    let country =
        country_text.and_then(|text| add_country(entity, CountryField::Country, text, parsed));
    if let Some(address) = Address::from_parts(
        street.as_deref(),
        node.child_value("city"),
        node.child_value("stateOrProvince"),
        node.child_value("postalCode"),
        country,
        country_text,
    ) {
        Entity::push_unique(&mut entity.addresses, address);
    }
}

/// Reads `vesselInfo`; the flag also counts among the entity's countries.
fn read_vessel(node: &Node, entity: &mut Entity, parsed: &mut Parsed) {
    let owned = |field: &str| node.child_value(field).map(str::to_owned);
    let flag = node
        .child_value("vesselFlag")
        .and_then(|text| add_country(entity, CountryField::Country, text, parsed));
    entity.vessel = Some(VesselDetails {
        flag,
        call_sign: owned("callSign"),
        vessel_type: owned("vesselType"),
        tonnage: owned("tonnage").or_else(|| owned("grossRegisteredTonnage")),
        owner: owned("vesselOwner"),
    });
}

/// Reads one `idList/id` into its field, as [`ofac_facts`] sorts its
/// `idType`; a document with its issuing country and dates.
fn read_id(node: &Node, entity: &mut Entity, remarks: &mut Vec<String>, parsed: &mut Parsed) {
    let Some(id_type) = node.child_value("idType") else {
        if let Some(number) = node.child_value("idNumber") {
            entity.keep_unparsed("identifier", number);
            parsed.warn(
                &entity.id,
                "identifier",
                number,
                "an <id> without an <idType>",
            );
        }
        return;
    };
    let Some(number) = node.child_value("idNumber") else {
        return;
    };
    match ofac_facts::classify(id_type) {
        Fact::Document(kind) => add_document(node, entity, kind, number, id_type, parsed),
        fact => remarks.extend(ofac_facts::apply(
            fact,
            id_type,
            &FactValue::text(number),
            entity,
            parsed,
        )),
    }
}

/// Adds an `id` that holds a document or code number as an identifier, with
/// its issuing country and dates.
fn add_document(
    node: &Node,
    entity: &mut Entity,
    kind: IdKind,
    number: &str,
    id_type: &str,
    parsed: &mut Parsed,
) {
    let country = node
        .child_value("idCountry")
        .and_then(|text| resolve_country(entity, "identifier_country", text, parsed));
    let issued = node.child_value("issueDate").map(|d| format!("issued {d}"));
    let expires = node
        .child_value("expirationDate")
        .map(|d| format!("expires {d}"));
    let note = join_non_blank([issued.as_deref(), expires.as_deref()], "; ");
    add_identifier(entity, kind, number, id_type, country, note.as_deref());
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::{Country, Gender, PartialDate};

    fn parse_str(xml: &str) -> Result<Parsed, SourceError> {
        parse(xml.as_bytes(), &Context::new("us_ofac_sdn", "sdn.xml"))
    }

    fn list(entries: &str) -> String {
        format!(
            r#"<?xml version="1.0" standalone="yes"?>
<sdnList xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML">
  <publshInformation><Publish_Date>05/07/2024</Publish_Date><Record_Count>1</Record_Count></publshInformation>
  {entries}
</sdnList>"#
        )
    }

    fn country(code: &str) -> Option<Country> {
        Country::from_alpha2(code)
    }

    const PERSON: &str = r#"<sdnEntry>
    <uid>29219</uid><firstName>Hailun</firstName><lastName>ZHU</lastName>
    <title>Deputy Secretary</title><sdnType>Individual</sdnType>
    <programList><program>GLOMAG</program></programList>
    <remarks>Linked To: X.</remarks>
    <idList>
      <id><uid>1</uid><idType>Passport</idType><idNumber>E123</idNumber><idCountry>China</idCountry>
          <issueDate>01 Jan 2010</issueDate><expirationDate>01 Jan 2020</expirationDate></id>
      <id><uid>2</uid><idType>Gender</idType><idNumber>Male</idNumber></id>
      <id><uid>3</uid><idType>Cedula No.</idType><idNumber>123</idNumber><idCountry>Colombia</idCountry></id>
      <id><uid>4</uid><idType>Secondary sanctions risk:</idType><idNumber>section 1(b)</idNumber></id>
      <id><uid>5</uid><idType>Website</idType><idNumber>www.example.com</idNumber></id>
      <id><uid>7</uid><idType>Email Address</idType><idNumber>zhu@example.com</idNumber></id>
      <id><uid>8</uid><idType>Phone Number</idType><idNumber>8613621583465</idNumber></id>
      <id><uid>6</uid><idType>Tax ID No.</idType><idNumber>99</idNumber><idCountry>Atlantis</idCountry></id>
    </idList>
    <akaList>
      <aka><uid>1</uid><type>a.k.a.</type><category>strong</category><lastName>ZHU</lastName><firstName>Hai-lun</firstName></aka>
      <aka><uid>2</uid><type>a.k.a.</type><category>weak</category><lastName>Old Zhu</lastName></aka>
      <aka><uid>3</uid><type>f.k.a.</type><category>strong</category><lastName>CHU</lastName><firstName>Hailun</firstName></aka>
      <aka><uid>4</uid><type>n.k.a.</type><category>strong</category><lastName>ZHU</lastName><firstName>H.</firstName></aka>
    </akaList>
    <dateOfBirthList>
      <dateOfBirthItem><uid>1</uid><dateOfBirth>Jan 1958</dateOfBirth><mainEntry>true</mainEntry></dateOfBirthItem>
      <dateOfBirthItem><uid>2</uid><dateOfBirth>circa 1960</dateOfBirth><mainEntry>false</mainEntry></dateOfBirthItem>
      <dateOfBirthItem><uid>3</uid><dateOfBirth>1961 to 1962</dateOfBirth><mainEntry>false</mainEntry></dateOfBirthItem>
      <dateOfBirthItem><uid>4</uid><dateOfBirth>Sep-99</dateOfBirth><mainEntry>false</mainEntry></dateOfBirthItem>
    </dateOfBirthList>
    <placeOfBirthList><placeOfBirthItem><uid>1</uid><placeOfBirth>Lianshui, Jiangsu, China</placeOfBirth><mainEntry>true</mainEntry></placeOfBirthItem></placeOfBirthList>
    <nationalityList><nationality><uid>1</uid><country>China</country><mainEntry>true</mainEntry></nationality></nationalityList>
    <citizenshipList><citizenship><uid>1</uid><country>Hong Kong</country><mainEntry>true</mainEntry></citizenship></citizenshipList>
    <addressList><address><uid>1</uid><address1>1 Road</address1><address2>Block B</address2><city>Urumqi</city><stateOrProvince>Xinjiang</stateOrProvince><country>China</country></address></addressList>
  </sdnEntry>"#;

    #[test]
    fn reads_the_header() {
        let parsed = parse_str(&list(PERSON)).unwrap();
        assert_eq!(
            parsed.meta.published,
            PartialDate::new(2024, Some(5), Some(7)).ok()
        );
        assert_eq!(parsed.meta.declared_count, Some(1));
    }

    #[test]
    fn reads_a_person() {
        let parsed = parse_str(&list(PERSON)).unwrap();
        let [entity] = parsed.entities.as_slice() else {
            panic!("expected one entity");
        };
        assert_eq!(entity.id, "us_ofac_sdn:29219");
        assert_eq!(entity.schema, Schema::Person);
        let primary = &entity.names[0];
        assert_eq!(
            (primary.full.as_str(), primary.kind),
            ("Hailun ZHU", NameKind::Primary)
        );
        assert_eq!(primary.part(NamePartKind::Given), Some("Hailun"));
        assert_eq!(primary.part(NamePartKind::Family), Some("ZHU"));
        let names: Vec<_> = entity.names[1..]
            .iter()
            .map(|n| (n.full.as_str(), n.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("Hai-lun ZHU", NameKind::Alias),
                ("Old Zhu", NameKind::WeakAlias),
                ("Hailun CHU", NameKind::Former),
                ("H. ZHU", NameKind::Alias),
            ]
        );
        assert_eq!(entity.titles, ["Deputy Secretary"]);
        let dates: Vec<String> = entity.birth_dates.iter().map(ToString::to_string).collect();
        assert_eq!(dates, ["1958-01", "1960~", "1961/1962"]);
        assert_eq!(entity.birth_places, ["Lianshui, Jiangsu, China"]);
        assert_eq!(entity.nationalities, [country("CN").unwrap()]);
        assert_eq!(entity.citizenships, [country("HK").unwrap()]);
        assert_eq!(entity.gender, Some(Gender::Male));
        let address = &entity.addresses[0];
        assert_eq!(address.full, "1 Road, Block B, Urumqi, Xinjiang, China");
        assert_eq!(address.country, country("CN"));
        assert_eq!(entity.countries, [country("CN").unwrap()]);
    }

    #[test]
    fn sorts_ids_from_other_facts() {
        let parsed = parse_str(&list(PERSON)).unwrap();
        let entity = &parsed.entities[0];
        let ids: Vec<_> = entity
            .identifiers
            .iter()
            .map(|id| (id.kind, id.number.as_str(), id.country))
            .collect();
        assert_eq!(
            ids,
            [
                (IdKind::Passport, "E123", country("CN")),
                (IdKind::NationalId, "123", country("CO")),
                (IdKind::TaxId, "99", None),
            ]
        );
        let passport = &entity.identifiers[0];
        assert_eq!(passport.label.as_deref(), Some("Passport"));
        assert_eq!(
            passport.note.as_deref(),
            Some("issued 01 Jan 2010; expires 01 Jan 2020")
        );
        let listing = &entity.listings[0];
        assert_eq!(listing.authority, Authority::UsOfac);
        assert_eq!(listing.source, "us_ofac_sdn");
        assert_eq!(listing.programmes, ["GLOMAG"]);
        assert_eq!(listing.reference.as_deref(), Some("29219"));
        assert_eq!(
            listing.remarks.as_deref(),
            Some("Linked To: X.; Secondary sanctions risk: section 1(b)")
        );
        assert_eq!(entity.websites, ["www.example.com"]);
        assert_eq!(entity.emails, ["zhu@example.com"]);
        assert_eq!(entity.phones, ["8613621583465"]);
    }

    #[test]
    fn keeps_what_it_cannot_read() {
        let parsed = parse_str(&list(PERSON)).unwrap();
        let entity = &parsed.entities[0];
        let unparsed: Vec<_> = entity
            .unparsed
            .iter()
            .map(|u| (u.field.as_str(), u.value.as_str()))
            .collect();
        assert_eq!(
            unparsed,
            [("birth_date", "Sep-99"), ("identifier_country", "Atlantis")]
        );
        assert_eq!(parsed.warnings.len(), 2);
        assert_eq!(parsed.warnings[0].record, "us_ofac_sdn:29219");
    }

    #[test]
    fn reads_an_organisation() {
        let xml = list(
            r#"<sdnEntry><uid>36</uid><lastName>AEROCARIBBEAN AIRLINES</lastName><sdnType>Entity</sdnType>
            <programList><program>CUBA</program></programList>
            <akaList><aka><uid>12</uid><type>a.k.a.</type><category>strong</category><lastName>AERO-CARIBBEAN</lastName></aka></akaList>
            <idList>
              <id><uid>1</uid><idType>Organization Established Date</idType><idNumber>14 Apr 1994</idNumber></id>
              <id><uid>2</uid><idType>Registration Number</idType><idNumber>R-1</idNumber></id>
              <id><uid>3</uid><idType>SWIFT/BIC</idType><idNumber>BNCUCUHH</idNumber></id>
              <id><uid>4</uid><idType>Digital Currency Address - XBT</idType><idNumber>1abc</idNumber></id>
              <id><uid>5</uid><idType>Nationality of Registration</idType><idNumber>Russia</idNumber></id>
            </idList>
            <addressList><address><uid>25</uid><city>Havana</city><country>Cuba</country></address></addressList>
            </sdnEntry>"#,
        );
        let parsed = parse_str(&xml).unwrap();
        let entity = &parsed.entities[0];
        assert_eq!(entity.schema, Schema::Organization);
        assert_eq!(entity.caption(), "AEROCARIBBEAN AIRLINES");
        assert!(entity.names[0].parts.is_empty());
        assert_eq!(entity.names[1].full, "AERO-CARIBBEAN");
        assert_eq!(entity.birth_dates[0].to_string(), "1994-04-14");
        let kinds: Vec<_> = entity.identifiers.iter().map(|id| id.kind).collect();
        assert_eq!(kinds, [IdKind::Registration, IdKind::Swift, IdKind::Other]);
        assert_eq!(
            entity.identifiers[2].label.as_deref(),
            Some("Digital Currency Address - XBT")
        );
        assert_eq!(
            entity.countries,
            [country("CU").unwrap(), country("RU").unwrap()]
        );
        assert!(parsed.warnings.is_empty());
    }

    #[test]
    fn imo_numbers_of_companies_are_imo_numbers() {
        let xml = list(
            r#"<sdnEntry><uid>10</uid><lastName>OCEAN SHIPPING LTD.</lastName><sdnType>Entity</sdnType>
            <programList><program>DPRK</program></programList>
            <idList>
              <id><uid>1</uid><idType>Company Number</idType><idNumber>IMO 5342883</idNumber></id>
              <id><uid>2</uid><idType>Identification Number</idType><idNumber>04816460</idNumber><idCountry>Man, Isle of</idCountry></id>
            </idList>
            <addressList><address><uid>1</uid><city>Road Town</city><country>Virgin Islands, British</country></address></addressList>
            </sdnEntry>"#,
        );
        let parsed = parse_str(&xml).unwrap();
        let entity = &parsed.entities[0];
        let ids: Vec<_> = entity
            .identifiers
            .iter()
            .map(|id| (id.kind, id.number.as_str(), id.country, id.note.as_deref()))
            .collect();
        assert_eq!(
            ids,
            [
                (IdKind::Imo, "5342883", None, Some("IMO company number")),
                (IdKind::Registration, "04816460", country("IM"), None),
            ]
        );
        assert_eq!(entity.addresses[0].country, country("VG"));
        assert_eq!(
            entity.addresses[0].full,
            "Road Town, Virgin Islands, British"
        );
        assert!(parsed.warnings.is_empty());
    }

    #[test]
    fn reads_a_vessel() {
        let xml = list(
            r#"<sdnEntry><uid>9</uid><lastName>SEA STAR</lastName><sdnType>Vessel</sdnType>
            <programList><program>IRAN</program></programList>
            <idList>
              <id><uid>1</uid><idType>Vessel Registration Identification</idType><idNumber>IMO  8730455</idNumber></id>
              <id><uid>2</uid><idType>Vessel Registration Identification</idType><idNumber>RS 150443</idNumber></id>
              <id><uid>3</uid><idType>MMSI</idType><idNumber>352002176</idNumber></id>
              <id><uid>4</uid><idType>Vessel Year of Build</idType><idNumber>1989</idNumber></id>
              <id><uid>5</uid><idType>Former Vessel Flag</idType><idNumber>Malta</idNumber></id>
            </idList>
            <vesselInfo><callSign>9HA1</callSign><vesselType>Crude Oil Tanker</vesselType><vesselFlag>Panama</vesselFlag>
              <grossRegisteredTonnage>58,000</grossRegisteredTonnage></vesselInfo>
            </sdnEntry>"#,
        );
        let parsed = parse_str(&xml).unwrap();
        let entity = &parsed.entities[0];
        assert_eq!(entity.schema, Schema::Vessel);
        let ids: Vec<_> = entity
            .identifiers
            .iter()
            .map(|id| (id.kind, id.number.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                (IdKind::Imo, "8730455"),
                (IdKind::Other, "RS 150443"),
                (IdKind::Other, "352002176")
            ]
        );
        let vessel = entity.vessel.as_ref().unwrap();
        assert_eq!(vessel.flag, country("PA"));
        assert_eq!(vessel.call_sign.as_deref(), Some("9HA1"));
        assert_eq!(vessel.vessel_type.as_deref(), Some("Crude Oil Tanker"));
        assert_eq!(vessel.tonnage.as_deref(), Some("58,000"));
        assert_eq!(entity.birth_dates[0].to_string(), "1989");
        assert_eq!(
            entity.listings[0].remarks.as_deref(),
            Some("Former Vessel Flag: Malta")
        );
    }

    #[test]
    fn a_broken_record_is_an_error_naming_it() {
        for (entry, message) in [
            (
                "<sdnEntry><uid>7</uid><lastName>X</lastName><sdnType>Boat</sdnType></sdnEntry>",
                "unknown <sdnType>",
            ),
            (
                "<sdnEntry><uid>7</uid><sdnType>Entity</sdnType></sdnEntry>",
                "no <lastName>",
            ),
        ] {
            let error = parse_str(&list(entry)).unwrap_err();
            assert_eq!(error.file, "sdn.xml");
            assert_eq!(
                error.location,
                Location::Record {
                    index: 1,
                    id: Some("7".into())
                }
            );
            assert!(error.to_string().contains(message), "{error}");
        }
        let error = parse_str(&list("<sdnEntry><lastName>X</lastName></sdnEntry>")).unwrap_err();
        assert_eq!(error.location, Location::Record { index: 1, id: None });
        let error = parse_str(&list(&PERSON.repeat(2))).unwrap_err();
        assert_eq!(
            error.location,
            Location::Record {
                index: 2,
                id: Some("29219".into())
            }
        );
    }

    #[test]
    fn refuses_what_is_not_an_ofac_file() {
        assert!(parse_str("").is_err());
        assert!(parse_str("<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>").is_err());
        let error = parse_str(&list(PERSON)[..400]).unwrap_err();
        assert!(error.to_string().starts_with("sdn.xml: byte "), "{error}");
    }

    #[test]
    fn warns_when_the_count_is_wrong() {
        let parsed = parse_str(&list("")).unwrap();
        assert_eq!(parsed.warnings.len(), 1);
        assert_eq!(parsed.warnings[0].field, "Record_Count");
    }
}
