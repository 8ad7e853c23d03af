//! The EU Financial Sanctions Files (FSF), XML version 1.1.
//!
//! The root `export` states the `generationDate`. Each `sanctionEntity` is one
//! person (`P`) or organisation (`E`), and almost all of its data sits in
//! attributes of its children: `nameAlias`, `birthdate`, `citizenship`,
//! `identification`, `address` and the `regulation` that lists it. Any child
//! may carry a free-text `remark`; those are kept in the listing's remarks,
//! except on names, where a remark such as "low quality alias" or "formerly
//! known as" gives the name's kind.

use std::io::BufRead;

use interdict_model::{
    Address, Authority, Country, Entity, FuzzyDate, IdKind, Identifier, Listing, Name, NameKind,
    NamePart, NamePartKind, PartialDate, Schema,
};

use crate::fields::{
    CountryField, GenderVotes, add_country, set_eu_subject_type, take_primary_name,
};
use crate::xml::{Node, RecordReader};
use crate::{Context, Location, Parsed, SourceError};

/// Reads a whole EU FSF v1.1 file (`export` / `sanctionEntity`).
pub fn parse(input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
    let mut reader = RecordReader::new(input, &context.label);
    let mut parsed = Parsed::default();
    let mut index = 0;
    while let Some(record) = reader.next_record(&["sanctionEntity"])? {
        index += 1;
        let entity = read_entity(&record, context, &mut parsed).map_err(|message| {
            let id = record
                .attr("euReferenceNumber")
                .or_else(|| record.attr("logicalId"));
            SourceError::new(
                &context.label,
                Location::Record {
                    index,
                    id: id.map(str::to_owned),
                },
                message,
            )
        })?;
        parsed.entities.push(entity);
    }

    let generated = reader
        .root_attributes()
        .iter()
        .find(|(key, _)| key == "generationDate")
        .map(|(_, value)| value.trim())
        .filter(|value| !value.is_empty());
    match generated {
        Some(text) => match PartialDate::parse_iso(text) {
            Ok(date) => parsed.meta.published = Some(date),
            Err(error) => parsed.warn(&context.label, "generationDate", text, error.reason),
        },
        None if parsed.entities.is_empty() => {
            return Err(SourceError::new(
                &context.label,
                Location::File,
                "neither a generationDate nor any sanctionEntity: not an EU FSF XML 1.1 file",
            ));
        }
        None => {}
    }
    Ok(parsed)
}

fn read_entity(record: &Node, context: &Context, parsed: &mut Parsed) -> Result<Entity, String> {
    let reference = record
        .attr("euReferenceNumber")
        .or_else(|| record.attr("logicalId"))
        .ok_or("sanctionEntity has neither euReferenceNumber nor logicalId")?;
    let mut entity = Entity::new(&context.source, reference, Schema::LegalEntity);
    let subject = record
        .child("subjectType")
        .and_then(|s| s.attr("classificationCode"));
    set_eu_subject_type(&mut entity, subject, "subjectType", parsed);

    // Free text from every part of the record, for the listing's remarks.
    let mut remarks: Vec<String> = record
        .children_named("remark")
        .filter_map(Node::value)
        .map(str::to_owned)
        .collect();
    if let Some(details) = record.attr("designationDetails") {
        remarks.push(details.to_owned());
    }

    read_names(record, &mut entity, &mut remarks)?;
    for birth in record.children_named("birthdate") {
        read_birth(birth, &mut entity, parsed, &mut remarks);
    }
    for citizenship in record.children_named("citizenship") {
        read_citizenship(citizenship, &mut entity, parsed, &mut remarks);
    }
    for identification in record.children_named("identification") {
        read_identification(identification, &mut entity);
    }
    for address in record.children_named("address") {
        read_address(address, &mut entity, &mut remarks);
    }
    if let Some(un_reference) = record.attr("unitedNationId") {
        // The UN reference (`QDi.043`) links this listing to the UN's own.
        entity.identifiers.push(Identifier {
            kind: IdKind::Other,
            number: un_reference.to_owned(),
            country: None,
            label: Some("UN reference".to_owned()),
            note: None,
        });
    }

    let listing = read_listing(record, context, reference, remarks, &mut entity, parsed);
    entity.listings.push(listing);
    Ok(entity)
}

/// Reads every `nameAlias`, with the gender, titles and functions they carry.
/// The primary name is the first strong name in Latin script, preferably one
/// in English or with no language stated (the file often lists the French or
/// Swedish spelling first; see [`take_primary_name`]); the primary name goes
/// first.
fn read_names(record: &Node, entity: &mut Entity, remarks: &mut Vec<String>) -> Result<(), String> {
    let mut names = Vec::new();
    let mut genders = GenderVotes::default();
    for alias in record.children_named("nameAlias") {
        let first = alias.attr("firstName");
        let middle = alias.attr("middleName");
        let last = alias.attr("lastName");
        let parts_text = || {
            let parts: Vec<&str> = [first, middle, last].into_iter().flatten().collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        };
        let remark = alias.child_value("remark");
        if let Some(full) = alias
            .attr("wholeName")
            .map(str::to_owned)
            .or_else(parts_text)
        {
            let parts = NamePart::present([
                (NamePartKind::Given, first),
                (NamePartKind::Middle, middle),
                (NamePartKind::Family, last),
            ]);
            let kind = name_kind(alias.attr("strong"), remark);
            let name = Name::new(&full, kind)
                .with_parts(parts)
                .with_language(alias.attr("nameLanguage").unwrap_or_default());
            if let Some(remark) = remark.filter(|r| !is_name_marker(r)) {
                remarks.push(format!("{}: {remark}", name.full));
            }
            names.push(name);
        }
        genders.count(alias.attr("gender"));
        if let Some(title) = alias.attr("title") {
            for title in split_lettered(title) {
                Entity::push_unique(&mut entity.titles, title);
            }
        }
        if let Some(function) = alias.attr("function") {
            Entity::push_unique(&mut entity.positions, function.to_owned());
        }
    }
    if names.is_empty() {
        return Err("sanctionEntity has no nameAlias with a name".to_owned());
    }
    // Names rarely disagree on gender (one name in ~25,000 does); the
    // majority wins.
    entity.gender = genders.majority();

    if let Some(primary) = take_primary_name(&mut names) {
        entity.add_name(primary);
    }
    for name in names {
        entity.add_name(name);
    }
    Ok(())
}

/// Remarks that say a name is a former name, in the languages the file uses
/// (each language version of a name carries the remark in its language).
const FORMER_NAME_REMARKS: &[&str] = &[
    "formerly known as",
    "former name",
    "previous name",
    "maiden name",
    "anciennement connue sous le nom d’",
    "anciennement connue sous le nom de",
    "anksčiau žinoma kaip",
    "anteriormente conhecida como",
    "anteriormente denominada",
    "antes conocida como",
    "conocida anteriormente como",
    "ar a dtugtaí an",
    "agrāk zināms kā",
    "agrākais nosaukums",
    "cunoscută anterior ca o",
    "cunoscută anterior drept",
    "dawniej znane jako",
    "dawniej znany jako",
    "dříve znám jako",
    "entinen",
    "già",
    "korábbi elnevezése",
    "predtým známy ako",
    "prej imenovano",
    "qabel kienet magħrufa bħala",
    "ranije poznato kao",
    "tidigare känt som",
    "tidligere kendt som",
    "voorheen bekend als",
    "vormals",
    "παλαιότερα γνωστή ως",
    "προηγουμένως γνωστή ως",
    "известно преди като",
];

/// Remarks that only state a name's quality or script, which the name's kind
/// and script already say.
const QUALITY_REMARKS: &[&str] = &[
    "good quality alias",
    "good quality a.k.a",
    "high quality alias",
    "god quality alias",
    "qood quality alias",
    "low quality alias",
    "low quality a.k.a",
    "low quality aliias",
    "lo quality alias",
    "original script",
    "(original script)",
];

/// A name remark, lower case, without surrounding spaces and trailing `:`, `;`
/// or `.`.
fn normalise_remark(remark: &str) -> String {
    remark
        .trim()
        .trim_end_matches([':', ';', '.'])
        .trim()
        .to_lowercase()
}

/// The kind of a name from its `strong` attribute and its remark. Every name
/// in the 2024 file is `strong="true"`; weak aliases are told apart only by
/// remarks such as "low quality alias".
fn name_kind(strong: Option<&str>, remark: Option<&str>) -> NameKind {
    if strong == Some("false") {
        return NameKind::WeakAlias;
    }
    let Some(remark) = remark else {
        return NameKind::Alias;
    };
    let remark = normalise_remark(remark);
    if remark.contains("low quality") || remark.contains("lo quality") {
        NameKind::WeakAlias
    } else if FORMER_NAME_REMARKS.contains(&remark.as_str())
        || remark.starts_with("former name of ")
        || remark.starts_with("previous name of ")
    {
        NameKind::Former
    } else {
        NameKind::Alias
    }
}

/// Whether a name remark says nothing beyond the name's kind and script.
fn is_name_marker(remark: &str) -> bool {
    let remark = normalise_remark(remark);
    QUALITY_REMARKS.contains(&remark.as_str()) || FORMER_NAME_REMARKS.contains(&remark.as_str())
}

/// Splits `(a) Maulavi, (b) Mullah` into its items; any other text is one item.
fn split_lettered(text: &str) -> Vec<String> {
    if !text.starts_with("(a)") {
        return vec![text.to_owned()];
    }
    text.split('(')
        .filter_map(|item| {
            let (marker, rest) = item.split_once(')')?;
            let rest = rest.trim().trim_end_matches([',', ';']).trim();
            (marker.len() == 1 && !rest.is_empty()).then(|| rest.to_owned())
        })
        .collect()
}

/// A country code as the file writes it; `00` means unknown.
fn country_code(node: &Node) -> Option<&str> {
    node.attr("countryIso2Code").filter(|code| *code != "00")
}

fn read_birth(birth: &Node, entity: &mut Entity, parsed: &mut Parsed, remarks: &mut Vec<String>) {
    if let Some(remark) = birth.child_value("remark") {
        remarks.push(format!("Birth: {remark}"));
    }
    let country = country_code(birth).and_then(|_| birth.attr("countryDescription"));
    let place: Vec<&str> = [
        birth.attr("city"),
        birth.attr("place"),
        birth.attr("region"),
        birth.attr("zipCode"),
        country,
    ]
    .into_iter()
    .flatten()
    .collect();
    if !place.is_empty() {
        Entity::push_unique(&mut entity.birth_places, place.join(", "));
    }

    match birth_date(birth) {
        Ok(Some(date)) => Entity::push_unique(&mut entity.birth_dates, date),
        Ok(None) => {}
        Err((value, reason)) => {
            entity.keep_unparsed("birth_date", &value);
            parsed.warn(&entity.id, "birth_date", &value, reason);
        }
    }
}

/// The date of a `birthdate`: the full `birthdate` attribute, else the
/// `year`, `monthOfYear` and `dayOfMonth` parts, else a `yearRangeFrom` /
/// `yearRangeTo` range. An error gives the value as written and why it could
/// not be read.
fn birth_date(birth: &Node) -> Result<Option<FuzzyDate>, (String, String)> {
    let approximate = birth.attr("circa") == Some("true");
    let number = |name: &str| -> Result<Option<u16>, (String, String)> {
        birth
            .attr(name)
            .map(|text| {
                text.parse::<u16>()
                    .map_err(|_| (format!("{name}={text}"), "not a number".to_owned()))
            })
            .transpose()
    };
    let exact_or_circa = |date: PartialDate| {
        if approximate {
            FuzzyDate::Approximate(date)
        } else {
            FuzzyDate::Exact(date)
        }
    };

    // With calendarType ISLAMIC the `birthdate` attribute is the Gregorian
    // equivalent, while `year` and its parts are Hijri.
    if let Some(text) = birth.attr("birthdate") {
        return PartialDate::parse_iso(text)
            .map(|date| Some(exact_or_circa(date)))
            .map_err(|e| (text.to_owned(), e.reason.to_owned()));
    }
    if let Some(year) = number("year")? {
        let month = number("monthOfYear")?.and_then(|m| u8::try_from(m).ok());
        let day = number("dayOfMonth")?.and_then(|d| u8::try_from(d).ok());
        let written = [Some(year), month.map(u16::from), day.map(u16::from)]
            .into_iter()
            .flatten()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join("-");
        if let Some(calendar) = birth.attr("calendarType").filter(|c| *c != "GREGORIAN") {
            return Err((
                written,
                format!("{calendar} calendar date with no Gregorian equivalent given"),
            ));
        }
        return PartialDate::new(year, month, day)
            .map(|date| Some(exact_or_circa(date)))
            .map_err(|e| (written, e.reason.to_owned()));
    }
    let from = number("yearRangeFrom")?;
    let to = number("yearRangeTo")?;
    let year = |y: u16| PartialDate::year(y).map_err(|e| (y.to_string(), e.reason.to_owned()));
    match (from, to) {
        (Some(from), Some(to)) => FuzzyDate::between(year(from)?, year(to)?)
            .map(Some)
            .map_err(|e| (format!("{from}-{to}"), e.reason.to_owned())),
        // A range with one end only: the one such record says "Approximately
        // 1980" in its remark.
        (Some(one), None) | (None, Some(one)) => Ok(Some(FuzzyDate::Approximate(year(one)?))),
        (None, None) => Ok(None),
    }
}

fn read_citizenship(
    citizenship: &Node,
    entity: &mut Entity,
    parsed: &mut Parsed,
    remarks: &mut Vec<String>,
) {
    let note: Vec<&str> = [
        citizenship.attr("region"),
        citizenship.child_value("remark"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !note.is_empty() {
        remarks.push(format!("Citizenship: {}", note.join("; ")));
    }
    let Some(code) = country_code(citizenship) else {
        return;
    };
    match Country::from_alpha2(code) {
        Some(country) => Entity::push_unique(&mut entity.citizenships, country),
        // A retired code (`CS`, Serbia and Montenegro): the name may still
        // resolve, and is kept as text if not.
        None => {
            let text = citizenship.attr("countryDescription").unwrap_or(code);
            add_country(entity, CountryField::Citizenship, text, parsed);
        }
    }
}

fn read_identification(identification: &Node, entity: &mut Entity) {
    let number = identification.attr("number");
    let latin = identification.attr("latinNumber");
    let Some(written) = number.or(latin) else {
        return;
    };
    let kind = match identification.attr("identificationTypeCode") {
        Some("passport") => IdKind::Passport,
        Some("id" | "ssn") => IdKind::NationalId,
        Some("fiscalcode") => IdKind::TaxId,
        Some("regnumber") => IdKind::Registration,
        Some("swiftbic") => IdKind::Swift,
        Some("imo") => IdKind::Imo,
        _ => IdKind::Other,
    };
    let code = country_code(identification);
    let country = code.and_then(Country::from_alpha2);

    let flag = |name: &str, text: &str| {
        (identification.attr(name) == Some("true")).then(|| text.to_owned())
    };
    let labelled = |name: &str, label: &str| {
        identification
            .attr(name)
            .map(|value| format!("{label} {value}"))
    };
    let note: Vec<String> = [
        flag("diplomatic", "diplomatic"),
        flag("knownFalse", "known false"),
        flag("knownExpired", "known expired"),
        flag("reportedLost", "reported lost"),
        flag("revokedByIssuer", "revoked by issuer"),
        latin
            .filter(|l| number.is_some_and(|n| n != *l))
            .map(|l| format!("latin number {l}")),
        labelled("issuedBy", "issued by"),
        labelled("issueDate", "issued on"),
        labelled("validFrom", "valid from"),
        labelled("validTo", "valid to"),
        labelled("region", "region"),
        labelled("nameOnDocument", "name on document"),
        // An unknown code (not `00`) is kept by its name.
        code.filter(|_| country.is_none())
            .and(identification.attr("countryDescription"))
            .map(|name| format!("country {name}")),
        identification.child_value("remark").map(str::to_owned),
    ]
    .into_iter()
    .flatten()
    .collect();

    Entity::push_unique(
        &mut entity.identifiers,
        Identifier {
            kind,
            number: written.to_owned(),
            country,
            label: identification
                .attr("identificationTypeDescription")
                .map(str::to_owned),
            note: (!note.is_empty()).then(|| note.join("; ")),
        },
    );
}

fn read_address(address: &Node, entity: &mut Entity, remarks: &mut Vec<String>) {
    let join = |parts: [Option<&str>; 2]| {
        let parts: Vec<&str> = parts.into_iter().flatten().collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    };
    let street = join([address.attr("street"), address.attr("poBox")]);
    let city = join([address.attr("city"), address.attr("place")]);
    let code = country_code(address);
    let country = code.and_then(Country::from_alpha2);
    let country_text = code.and(address.attr("countryDescription"));
    if let Some(address) = Address::from_parts(
        street.as_deref(),
        city.as_deref(),
        address.attr("region"),
        address.attr("zipCode"),
        country,
        country_text,
    ) {
        Entity::push_unique(&mut entity.addresses, address);
    }
    if let Some(remark) = address.child_value("remark") {
        remarks.push(format!("Address: {remark}"));
    }
    for contact in address.children_named("contactInfo") {
        if let (Some(key), Some(value)) = (contact.attr("key"), contact.attr("value")) {
            read_contact(key, value, entity);
        }
    }
}

/// Reads one `contactInfo` into the entity's e-mails, phones or websites. An
/// unknown key is kept as text under its own name.
fn read_contact(key: &str, value: &str, entity: &mut Entity) {
    let (list, items) = match key {
        "EMAIL" => (&mut entity.emails, split_contacts(value, looks_like_email)),
        "WEB" => (
            &mut entity.websites,
            split_contacts(value, looks_like_website),
        ),
        // Phone numbers contain commas and spaces of their own: only `;`
        // separates them.
        "PHONE" | "FAX" => (
            &mut entity.phones,
            value.split(';').map(str::to_owned).collect(),
        ),
        other => {
            entity.keep_unparsed(&other.to_lowercase(), value);
            return;
        }
    };
    for item in items {
        let item = item.trim();
        if !item.is_empty() {
            Entity::push_unique(list, item.to_owned());
        }
    }
}

/// Splits a `contactInfo` value that lists several e-mails or websites
/// (`a@x.sy; b@x.sy`, `a@x.sy and b@x.sy`, `www.a.ru / www.b.ru`,
/// `https://a.by https://b.by`). Spaces separate items only when every piece
/// is a whole item: `ryonha@ silibank.com` is one address with a stray space
/// and stays as written.
fn split_contacts(value: &str, is_whole: fn(&str) -> bool) -> Vec<String> {
    let mut items = Vec::new();
    for piece in value.split([';', ',']) {
        let mut rest = piece.trim();
        for word in ["and ", "or "] {
            rest = rest.strip_prefix(word).unwrap_or(rest);
        }
        for part in rest
            .split(" and ")
            .flat_map(|p| p.split(" or "))
            .flat_map(|p| p.split(" / "))
        {
            let words: Vec<&str> = part.split_whitespace().collect();
            if words.len() > 1 && words.iter().all(|w| is_whole(w)) {
                items.extend(words.into_iter().map(str::to_owned));
            } else {
                items.push(part.trim().to_owned());
            }
        }
    }
    items
}

fn looks_like_email(text: &str) -> bool {
    text.split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
}

fn looks_like_website(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.")
}

fn read_listing(
    record: &Node,
    context: &Context,
    reference: &str,
    remarks: Vec<String>,
    entity: &mut Entity,
    parsed: &mut Parsed,
) -> Listing {
    let mut listing = Listing::new(&context.source, Authority::Eu);
    for regulation in record.children_named("regulation") {
        if let Some(programme) = regulation.attr("programme") {
            Entity::push_unique(&mut listing.programmes, programme.to_owned());
        }
        if listing.url.is_none() {
            listing.url = regulation.child_value("publicationUrl").map(str::to_owned);
        }
    }
    listing.listed_on = match record.attr("designationDate") {
        Some(text) => match PartialDate::parse_iso(text) {
            Ok(date) => Some(date),
            Err(error) => {
                entity.keep_unparsed("listed_on", text);
                parsed.warn(&entity.id, "designationDate", text, error.reason);
                None
            }
        },
        // About one record in seven has no designationDate. The `regulation`
        // element names the latest act that amended the entry, but every name
        // and detail also carries a `regulationSummary` of the act that
        // introduced it: the earliest of these dates is the closest the file
        // comes to the listing date (it equals the designationDate in 72% of
        // the records that have one, and is never later).
        None => earliest_publication(record),
    };
    listing.reference = Some(reference.to_owned());
    listing.remarks = (!remarks.is_empty()).then(|| remarks.join("\n"));
    listing
}

/// The earliest `publicationDate` of the record's `regulation` and of the
/// `regulationSummary` of each of its parts.
fn earliest_publication(record: &Node) -> Option<PartialDate> {
    let summaries = record
        .children
        .iter()
        .flat_map(|child| child.children_named("regulationSummary"));
    record
        .children_named("regulation")
        .chain(summaries)
        .filter_map(|node| node.attr("publicationDate"))
        .filter_map(|text| PartialDate::parse_iso(text).ok())
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::Gender;

    const HEADER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2024-05-13T17:44:28.283+02:00" globalFileId="165424">"#;

    fn parse_entities(body: &str) -> Parsed {
        let xml = format!("{HEADER}{body}</export>");
        parse(xml.as_bytes(), &Context::new("eu_fsf", "test.xml")).unwrap()
    }

    const ZHU: &str = r#"
    <sanctionEntity designationDate="2021-03-22" designationDetails="" unitedNationId="" euReferenceNumber="EU.6251.70" logicalId="128226">
        <regulation regulationType="amendment" publicationDate="2021-12-07" programme="HR" logicalId="143130">
            <publicationUrl>https://eur-lex.europa.eu/x</publicationUrl>
        </regulation>
        <subjectType code="person" classificationCode="P"/>
        <nameAlias firstName="" middleName="" lastName="" wholeName="朱海仑" function="" gender="M" title="" nameLanguage="ZH" strong="true" logicalId="1"/>
        <nameAlias firstName="Hailun" middleName="" lastName="ZHU" wholeName="ZHU Hailun" function="Member of the 13th National People’s Congress" gender="M" title="" nameLanguage="" strong="true" logicalId="2">
            <remark>Former Secretary of the Political and Legal Affairs Committee</remark>
        </nameAlias>
        <nameAlias wholeName="Zhu H." strong="true" nameLanguage=""><remark>low quality alias</remark></nameAlias>
        <citizenship region="" countryIso2Code="CN" countryDescription="CHINA"/>
        <birthdate circa="false" calendarType="GREGORIAN" city="Lianshui, Jiangsu" zipCode="" monthOfYear="1" year="1958" region="" place="" countryIso2Code="CN" countryDescription="CHINA"/>
    </sanctionEntity>"#;

    #[test]
    fn reads_a_person() {
        let parsed = parse_entities(ZHU);
        assert_eq!(
            parsed.meta.published,
            PartialDate::parse_iso("2024-05-13").ok()
        );
        let [zhu] = parsed.entities.as_slice() else {
            panic!("expected one entity");
        };
        assert_eq!(zhu.id, "eu_fsf:EU.6251.70");
        assert_eq!(zhu.schema, Schema::Person);
        assert_eq!(zhu.caption(), "ZHU Hailun", "the Latin name is primary");
        assert_eq!(zhu.names[0].part(NamePartKind::Family), Some("ZHU"));
        let chinese = &zhu.names[1];
        assert_eq!(
            (chinese.full.as_str(), chinese.kind),
            ("朱海仑", NameKind::Alias)
        );
        assert_eq!(chinese.language.as_deref(), Some("zh"));
        assert_eq!(zhu.names[2].kind, NameKind::WeakAlias);
        assert_eq!(zhu.gender, Some(Gender::Male));
        assert_eq!(
            zhu.positions,
            ["Member of the 13th National People’s Congress"]
        );
        assert_eq!(
            zhu.citizenships,
            Country::from_alpha2("CN").into_iter().collect::<Vec<_>>()
        );
        assert_eq!(zhu.birth_dates[0].to_string(), "1958-01");
        assert_eq!(zhu.birth_places, ["Lianshui, Jiangsu, CHINA"]);
        let listing = &zhu.listings[0];
        assert_eq!(listing.authority, Authority::Eu);
        assert_eq!(listing.programmes, ["HR"]);
        assert_eq!(
            listing.listed_on.map(|d| d.to_string()).as_deref(),
            Some("2021-03-22")
        );
        assert_eq!(listing.reference.as_deref(), Some("EU.6251.70"));
        assert_eq!(listing.url.as_deref(), Some("https://eur-lex.europa.eu/x"));
        assert_eq!(
            listing.remarks.as_deref(),
            Some("ZHU Hailun: Former Secretary of the Political and Legal Affairs Committee"),
            "name remarks are kept, quality markers are not"
        );
        assert!(parsed.warnings.is_empty());
    }

    #[test]
    fn reads_an_organisation_with_documents_and_addresses() {
        let parsed = parse_entities(
            r#"
    <sanctionEntity designationDetails="UN designation 09/06/2010 (no longer valid)" unitedNationId="QDe.004" euReferenceNumber="EU.1.2" logicalId="9">
        <remark>Entity remark</remark>
        <regulation publicationDate="2012-01-18" programme="TAQA"><publicationUrl>http://a</publicationUrl></regulation>
        <subjectType code="enterprise" classificationCode="E"/>
        <nameAlias wholeName="Société X" nameLanguage="FR" strong="true">
            <regulationSummary publicationDate="2010-06-09"/>
        </nameAlias>
        <nameAlias wholeName="X Company" nameLanguage="" strong="true"/>
        <nameAlias wholeName="Old X" nameLanguage="" strong="true"><remark>formerly known as</remark></nameAlias>
        <nameAlias wholeName="X Co" nameLanguage="" strong="false"/>
        <identification diplomatic="false" knownExpired="true" knownFalse="false" reportedLost="false" revokedByIssuer="false" issuedBy="" latinNumber="" nameOnDocument="" number="A123" region="" identificationTypeCode="passport" identificationTypeDescription="National passport" countryIso2Code="IQ" countryDescription="IRAQ">
            <remark>(passport)</remark>
        </identification>
        <identification number="7701" latinNumber="" identificationTypeCode="fiscalcode" identificationTypeDescription="National Fiscal Code" countryIso2Code="00" countryDescription="UNKNOWN"/>
        <identification number="42" latinNumber="" identificationTypeCode="birthcert" identificationTypeDescription="Birth certificate" countryIso2Code="00"/>
        <address city="Kandahar City" street="Main Road" poBox="P.O. Box 5" zipCode="" region="" place="" asAtListingTime="false" countryIso2Code="AF" countryDescription="AFGHANISTAN">
            <remark>Headquarters</remark>
            <contactInfo key="PHONE" value="+93 1"/>
            <contactInfo key="FAX" value=" +93 2; +93 1"/>
            <contactInfo key="EMAIL" value="a@x.af; b@x.af, a@x.af"/>
            <contactInfo key="WEB" value=" www.x.af, http://y.af"/>
            <contactInfo key="TELEX" value="12345"/>
        </address>
    </sanctionEntity>"#,
        );
        let entity = &parsed.entities[0];
        assert_eq!(entity.schema, Schema::Organization);
        let names: Vec<_> = entity
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("X Company", NameKind::Primary),
                ("Société X", NameKind::Alias),
                ("Old X", NameKind::Former),
                ("X Co", NameKind::WeakAlias),
            ]
        );
        let passport = &entity.identifiers[0];
        assert_eq!(
            (passport.kind, passport.number.as_str()),
            (IdKind::Passport, "A123")
        );
        assert_eq!(passport.country, Country::from_alpha2("IQ"));
        assert_eq!(passport.note.as_deref(), Some("known expired; (passport)"));
        assert_eq!(
            (entity.identifiers[1].kind, entity.identifiers[1].country),
            (IdKind::TaxId, None)
        );
        assert_eq!(entity.identifiers[2].kind, IdKind::Other);
        assert_eq!(
            entity.identifiers[2].label.as_deref(),
            Some("Birth certificate")
        );
        let un = &entity.identifiers[3];
        assert_eq!(
            (un.number.as_str(), un.label.as_deref()),
            ("QDe.004", Some("UN reference"))
        );
        assert_eq!(
            entity.addresses[0].full,
            "Main Road, P.O. Box 5, Kandahar City, AFGHANISTAN"
        );
        assert_eq!(entity.addresses[0].country, Country::from_alpha2("AF"));
        assert_eq!(entity.phones, ["+93 1", "+93 2"]);
        assert_eq!(entity.emails, ["a@x.af", "b@x.af"]);
        assert_eq!(entity.websites, ["www.x.af", "http://y.af"]);
        assert_eq!(entity.unparsed[0].field, "telex");
        let listing = &entity.listings[0];
        assert_eq!(
            listing.listed_on.map(|d| d.to_string()).as_deref(),
            Some("2010-06-09"),
            "without a designationDate, the earliest act"
        );
        assert_eq!(
            listing.remarks.as_deref(),
            Some(
                "Entity remark\nUN designation 09/06/2010 (no longer valid)\nAddress: Headquarters"
            )
        );
    }

    #[test]
    fn reads_partial_approximate_and_ranged_birth_dates() {
        let parsed = parse_entities(
            r#"
    <sanctionEntity euReferenceNumber="EU.3" logicalId="3">
        <subjectType classificationCode="P"/>
        <nameAlias wholeName="A B" strong="true" title="(a) Maulavi, (b) Mullah"/>
        <birthdate circa="true" calendarType="GREGORIAN" year="1960" countryIso2Code="00" countryDescription="UNKNOWN"/>
        <birthdate circa="false" calendarType="GREGORIAN" birthdate="1982-10-12" year="1982" monthOfYear="10" dayOfMonth="12" countryIso2Code="00"/>
        <birthdate circa="true" calendarType="GREGORIAN" yearRangeFrom="1953" yearRangeTo="1958" countryIso2Code="AF" countryDescription="AFGHANISTAN"><remark>between 1953 and 1958</remark></birthdate>
        <birthdate circa="false" calendarType="ISLAMIC" birthdate="1982-04-19" dayOfMonth="24" monthOfYear="6" year="1402" countryIso2Code="00"/>
        <birthdate circa="false" calendarType="ISLAMIC" year="1343" city="Farsan" countryIso2Code="IR" countryDescription="IRAN"/>
        <birthdate circa="false" calendarType="GREGORIAN" year="1960" monthOfYear="13" countryIso2Code="00"/>
    </sanctionEntity>"#,
        );
        let entity = &parsed.entities[0];
        let dates: Vec<String> = entity.birth_dates.iter().map(ToString::to_string).collect();
        assert_eq!(dates, ["1960~", "1982-10-12", "1953/1958", "1982-04-19"]);
        assert_eq!(entity.birth_places, ["AFGHANISTAN", "Farsan, IRAN"]);
        assert_eq!(entity.titles, ["Maulavi", "Mullah"]);
        let unparsed: Vec<_> = entity.unparsed.iter().map(|u| u.value.as_str()).collect();
        assert_eq!(unparsed, ["1343", "1960-13"]);
        assert_eq!(parsed.warnings.len(), 2);
        assert!(parsed.warnings[0].message.contains("ISLAMIC"));
    }

    #[test]
    fn splits_lists_of_contacts() {
        let split = |text: &str, is_whole: fn(&str) -> bool| split_contacts(text, is_whole);
        assert_eq!(
            split("pac@silibank.com and kndic@co.chesin.com", looks_like_email),
            ["pac@silibank.com", "kndic@co.chesin.com"]
        );
        assert_eq!(
            split("a@x.sy, and b@ x.sy", looks_like_email),
            ["a@x.sy", "b@ x.sy"],
            "a stray space inside an address is kept as written"
        );
        assert_eq!(
            split("v@r.ru   g@r.ru", looks_like_email),
            ["v@r.ru", "g@r.ru"]
        );
        assert_eq!(
            split("www.spc.com.sy or www.spc-sy.com", looks_like_website),
            ["www.spc.com.sy", "www.spc-sy.com"]
        );
        assert_eq!(
            split(
                "https://sibfire.com https://www.lveplant.ru",
                looks_like_website
            ),
            ["https://sibfire.com", "https://www.lveplant.ru"]
        );
        assert_eq!(
            split("https://vk.com/s igma_orel", looks_like_website),
            ["https://vk.com/s igma_orel"]
        );
    }

    #[test]
    fn classifies_name_remarks() {
        assert_eq!(
            name_kind(Some("true"), Some("Low quality a.k.a.")),
            NameKind::WeakAlias
        );
        assert_eq!(
            name_kind(Some("true"), Some("born 1984; low quality alias")),
            NameKind::WeakAlias
        );
        assert_eq!(
            name_kind(Some("true"), Some("Tidigare känt som")),
            NameKind::Former
        );
        assert_eq!(
            name_kind(Some("true"), Some("former name of Sovcombank")),
            NameKind::Former
        );
        assert_eq!(
            name_kind(
                Some("true"),
                Some("formerly known as PJSC ‘Chernomorneftegaz’")
            ),
            NameKind::Alias,
            "says what the entity was called before, not that this name is old"
        );
        assert_eq!(
            name_kind(Some("true"), Some("Maiden name: GARIPOVA")),
            NameKind::Alias
        );
        assert!(is_name_marker("good quality alias"));
        assert!(!is_name_marker(
            "born 11.8.1960 in Libya\ngood quality alias"
        ));
    }

    #[test]
    fn broken_records_are_errors_naming_the_record() {
        let xml = format!(
            r#"{HEADER}<sanctionEntity euReferenceNumber="EU.9.9" logicalId="9"><subjectType classificationCode="P"/></sanctionEntity></export>"#
        );
        let error = parse(xml.as_bytes(), &Context::new("eu_fsf", "eu.xml")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "eu.xml: record 1 (EU.9.9): sanctionEntity has no nameAlias with a name"
        );

        let truncated = &ZHU[..ZHU.len() / 2];
        let xml = format!("{HEADER}{truncated}");
        let error = parse(xml.as_bytes(), &Context::new("eu_fsf", "eu.xml")).unwrap_err();
        assert!(error.to_string().starts_with("eu.xml: byte "), "{error}");

        let error = parse(&b"<WHOLE></WHOLE>"[..], &Context::new("eu_fsf", "old.xml")).unwrap_err();
        assert!(
            error.to_string().contains("not an EU FSF XML 1.1 file"),
            "{error}"
        );
    }

    #[test]
    fn an_unknown_subject_type_is_kept_and_reported() {
        let parsed = parse_entities(
            r#"<sanctionEntity euReferenceNumber="EU.4"><subjectType classificationCode="V"/><nameAlias wholeName="Ship" strong="true"/></sanctionEntity>"#,
        );
        assert_eq!(parsed.entities[0].schema, Schema::LegalEntity);
        assert_eq!(parsed.warnings.len(), 1);
    }
}
