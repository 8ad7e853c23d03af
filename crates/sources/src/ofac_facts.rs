//! OFAC's facts in every OFAC format: how an `idType` or feature type is
//! classified (identifier, contact, date, remark) and how IMO numbers are read.
//!
//! OFAC writes the same kinds of fact in each of its formats: the legacy XML
//! as an `idList/id` with an `idType`, the legacy CSV as a labelled clause of
//! its remarks, the Advanced and Enhanced XML as a feature (or ID document)
//! with a type, and trade.gov's Consolidated Screening List as an item of its
//! `ids` column typed the legacy way. The type names are the same throughout
//! (`Gender`, `Website`, `Organization Established Date`, `Secondary
//! sanctions risk:`), so [`classify`] sorts them once for every format, and
//! [`apply`] and [`add_identifier`] put a fact where the model keeps it.
//! Whichever format a list is read from, its parties then come out with the
//! same facts, as `tests/ofac_formats_agree.rs` checks.

use interdict_model::{
    Address, Country, Entity, FuzzyDate, IdKind, Identifier, NumericOrder, Schema, VesselDetails,
};

use crate::Parsed;
use crate::fields::{
    CountryField, add_birth_date, add_country, document_kind, join_non_blank, set_gender,
};

/// Dates OFAC writes as text (`Publish_Date`, dates of birth, founding
/// dates) are written the US way.
pub(crate) const ORDER: NumericOrder = NumericOrder::MonthFirst;

/// What a fact of an OFAC type is, and so where the model keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fact {
    /// Date of birth.
    BirthDate,
    /// Place of birth.
    BirthPlace,
    /// Nationality.
    Nationality,
    /// Citizenship.
    Citizenship,
    /// A country of registration.
    RegistrationCountry,
    /// An address.
    Address,
    /// Gender.
    Gender,
    /// A title.
    Title,
    /// A way to reach the entity.
    Contact(Contact),
    /// A ship's flag.
    VesselFlag,
    /// A ship's call sign.
    VesselCallSign,
    /// A ship's type.
    VesselType,
    /// A ship's tonnage.
    VesselTonnage,
    /// A ship's owner or operator.
    VesselOwner,
    /// When an organisation was founded, a ship built or an aircraft made:
    /// the birth date of things that are not people.
    Founded,
    /// A note for the listing's remarks: sanctions details, directives,
    /// listing and effective dates, descriptions.
    Remark,
    /// A document or code number: a passport, SWIFT/BIC, ISIN, MMSI, an IMO
    /// number (see [`add_identifier`]).
    Document(IdKind),
}

/// The kinds of contact detail the model keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Contact {
    /// An e-mail address.
    Email,
    /// A telephone or fax number.
    Phone,
    /// A website.
    Website,
}

/// Sorts a fact by its OFAC type (`Birthdate`, `SWIFT/BIC`, `Secondary
/// sanctions risk:`), a legacy `idType` or a feature type alike; the full
/// sets of the 2020 to 2026 files were reviewed. Trailing punctuation and
/// case do not matter. An unknown type is taken as a document number, so
/// that a new kind of identifier is never lost.
pub(crate) fn classify(label: &str) -> Fact {
    let lower = label
        .trim()
        .trim_end_matches([':', '-', ' '])
        .to_lowercase();
    match lower.as_str() {
        "birthdate" | "date of birth" => Fact::BirthDate,
        "place of birth" => Fact::BirthPlace,
        "nationality country" | "nationality" => Fact::Nationality,
        "citizenship country" | "citizenship" => Fact::Citizenship,
        "nationality of registration" | "registration country" => Fact::RegistrationCountry,
        "location" | "address" => Fact::Address,
        "gender" => Fact::Gender,
        "title" => Fact::Title,
        "email address" | "email" => Fact::Contact(Contact::Email),
        "phone number" | "phone" | "fax" | "fax number" => Fact::Contact(Contact::Phone),
        "website" => Fact::Contact(Contact::Website),
        "vessel flag" => Fact::VesselFlag,
        "vessel call sign" => Fact::VesselCallSign,
        "vessel type" => Fact::VesselType,
        "vessel tonnage" | "vessel gross registered tonnage" | "vessel gross tonnage" => {
            Fact::VesselTonnage
        }
        "vessel owner" => Fact::VesselOwner,
        "organization established date" | "vessel year of build" | "aircraft manufacture date" => {
            Fact::Founded
        }
        "secondary sanctions risk"
        | "additional sanctions information"
        | "transactions prohibited for persons owned or controlled by u.s. financial institutions"
        | "caatsa section 235 information"
        | "ifca determination"
        | "peesa information"
        | "organization type"
        | "target type"
        | "issuer name"
        | "chinese commercial code"
        | "aircraft model"
        | "aircraft operator"
        | "former vessel flag"
        | "other vessel flag"
        | "other vessel type"
        | "other vessel call sign" => Fact::Remark,
        // Types that name a directive or programme in brackets after a fixed
        // start (`Listing Date (EO 14024 Directive 2):`), a new one with
        // each new directive.
        other
            if other.starts_with("executive order")
                || other.starts_with("listing date")
                || other.starts_with("effective date")
                || other.starts_with("purchase/sales for divestment date") =>
        {
            Fact::Remark
        }
        _ => Fact::Document(document_type_kind(label)),
    }
}

/// The kind of identifier a document type names: an IMO number for "Vessel
/// Registration Identification" (when it holds one: see
/// [`add_identifier`]); an aircraft's serial, tail or transponder number is
/// an identifier of its own ([`IdKind::Other`]), not the national id its
/// "Identification" would suggest; otherwise what [`document_kind`] reads,
/// or [`IdKind::Other`].
pub(crate) fn document_type_kind(label: &str) -> IdKind {
    let lower = label.trim().to_lowercase();
    if lower.starts_with("vessel registration identification") {
        IdKind::Imo
    } else if lower.starts_with("aircraft") || lower.starts_with("previous aircraft") {
        IdKind::Other
    } else {
        document_kind(label).unwrap_or(IdKind::Other)
    }
}

/// A fact's value as a format gives it.
#[derive(Debug, Clone, Default)]
pub(crate) struct FactValue {
    /// The value as text: an `idNumber`, a detail, a looked-up reference
    /// value, a place.
    pub text: Option<String>,
    /// The value as a date, where the format gives it as one.
    pub date: Option<FuzzyDate>,
    /// The country, where the format gives it by code.
    pub country: Option<Country>,
    /// What the list says about the value ("(NYSE)", "Russian Language
    /// website for the bank").
    pub comment: Option<String>,
}

impl FactValue {
    /// A value that is only text, as the legacy formats and the CSL write
    /// every value.
    pub(crate) fn text(text: &str) -> Self {
        Self {
            text: Some(text.to_owned()),
            ..Self::default()
        }
    }

    /// The value as text, for remarks: its text, else its date, else its
    /// country.
    fn display(&self) -> Option<String> {
        self.text
            .clone()
            .or_else(|| self.date.map(|d| d.to_string()))
            .or_else(|| self.country.map(|c| c.name().to_owned()))
    }
}

/// Adds a fact's value to the field its kind names. Returns the remark to
/// note on the listing, if any: a sanctions note, a person's "Organization
/// Established Date" (no birth date), or a comment on a value kept
/// elsewhere. The caller keeps it (or not, where the whole text is kept
/// already), so that each format orders its remarks as it writes them.
#[must_use]
pub(crate) fn apply(
    kind: Fact,
    label: &str,
    value: &FactValue,
    entity: &mut Entity,
    parsed: &mut Parsed,
) -> Option<String> {
    let text = value
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let owned = || text.map(str::to_owned);
    let comment = value
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    // A comment is kept: on an identifier as its note, about anything else
    // in the remarks, with the value it is about.
    let with_comment = |display: String| match comment {
        Some(comment) => format!("{display} ({comment})"),
        None => display,
    };
    let founded_is_remark = kind == Fact::Founded && entity.schema == Schema::Person;
    let remark_only = matches!(kind, Fact::Remark | Fact::Document(_)) || founded_is_remark;
    let mut noted = None;
    if !remark_only
        && comment.is_some()
        && let Some(display) = value.display()
    {
        noted = Some(remark(label, &with_comment(display)));
    }
    match kind {
        Fact::BirthDate => add_fact_date(entity, value, parsed),
        // A person has no founding date: OFAC's "Organization Established
        // Date" on a person is a note.
        Fact::Founded if !founded_is_remark => add_fact_date(entity, value, parsed),
        Fact::BirthPlace => push_text(&mut entity.birth_places, text),
        Fact::Nationality => add_fact_country(entity, CountryField::Nationality, value, parsed),
        Fact::Citizenship => add_fact_country(entity, CountryField::Citizenship, value, parsed),
        Fact::RegistrationCountry => {
            add_fact_country(entity, CountryField::Country, value, parsed);
        }
        Fact::VesselFlag => {
            add_fact_country(entity, CountryField::Country, value, parsed);
            let flag = value.country.or_else(|| text.and_then(Country::resolve));
            vessel(entity).flag = flag;
        }
        Fact::Address => {
            if let Some(address) = Address::from_parts(text, None, None, None, None, None) {
                Entity::push_unique(&mut entity.addresses, address);
            }
        }
        Fact::Gender => {
            if let Some(text) = text {
                set_gender(entity, text, parsed);
            }
        }
        Fact::Title => push_text(&mut entity.titles, text),
        Fact::Contact(contact) => {
            if let Some(text) = text {
                add_contact(entity, contact, text);
            }
        }
        Fact::VesselCallSign => vessel(entity).call_sign = owned(),
        Fact::VesselType => vessel(entity).vessel_type = owned(),
        Fact::VesselTonnage => vessel(entity).tonnage = owned(),
        Fact::VesselOwner => vessel(entity).owner = owned(),
        Fact::Remark | Fact::Founded => {
            noted = value
                .display()
                .map(|display| remark(label, &with_comment(display)));
        }
        Fact::Document(kind) => {
            if let Some(text) = text {
                add_identifier(entity, kind, text, label, None, comment);
            }
        }
    }
    noted
}

/// The entity's vessel details, created empty when it has none yet.
fn vessel(entity: &mut Entity) -> &mut VesselDetails {
    entity.vessel.get_or_insert_with(VesselDetails::default)
}

fn push_text(list: &mut Vec<String>, text: Option<&str>) {
    if let Some(text) = text {
        Entity::push_unique(list, text.to_owned());
    }
}

/// Adds a date of birth (or founding): the date the format gives, else its
/// text (see [`add_date`]).
fn add_fact_date(entity: &mut Entity, value: &FactValue, parsed: &mut Parsed) {
    match (value.date, value.text.as_deref()) {
        (Some(date), _) => Entity::push_unique(&mut entity.birth_dates, date),
        (None, Some(text)) => add_date(entity, text, parsed),
        (None, None) => {}
    }
}

/// Reads a date of birth (or of founding or building) that OFAC writes as
/// text, the US way. OFAC also writes approximate ranges (`circa
/// 1979-1982`), which are read as the range; anything else that is no date
/// is kept in `unparsed` and reported.
pub(crate) fn add_date(entity: &mut Entity, text: &str, parsed: &mut Parsed) {
    if FuzzyDate::parse_with(text, ORDER).is_err()
        && let Some(range) = strip_prefix_ignore_case(text.trim(), "circa ")
        && let Ok(date @ FuzzyDate::Between(..)) = FuzzyDate::parse_with(range, ORDER)
    {
        Entity::push_unique(&mut entity.birth_dates, date);
        return;
    }
    add_birth_date(entity, text, ORDER, parsed);
}

/// `text` without `prefix`, in any case; none when it does not start so.
pub(crate) fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

/// Adds a country the format gives by code, else by name; OFAC's
/// "undetermined" is no country and is left out, as the legacy files do.
fn add_fact_country(
    entity: &mut Entity,
    field: CountryField,
    value: &FactValue,
    parsed: &mut Parsed,
) {
    match (value.country, value.text.as_deref()) {
        (Some(country), _) => {
            add_country(entity, field, country.code(), parsed);
        }
        (None, Some(text)) if !is_undetermined(text) => {
            add_country(entity, field, text, parsed);
        }
        _ => {}
    }
}

/// Whether a country name is OFAC's placeholder for "no country known",
/// which its legacy files leave out rather than print.
pub(crate) fn is_undetermined(text: &str) -> bool {
    text.trim().eq_ignore_ascii_case("undetermined")
}

/// Adds a contact detail, as written, to its list.
pub(crate) fn add_contact(entity: &mut Entity, contact: Contact, value: &str) {
    let value = value.trim();
    if value.is_empty() {
        return;
    }
    let list = match contact {
        Contact::Email => &mut entity.emails,
        Contact::Phone => &mut entity.phones,
        Contact::Website => &mut entity.websites,
    };
    Entity::push_unique(list, value.to_owned());
}

/// Adds an identifier of the kind its type names (see
/// [`document_type_kind`]), labelled with that type and noted with `note`
/// (its dates, where it was issued).
///
/// IMO numbers (`IMO 9870599`) are read as such, one rule for every format:
/// a vessel's is its IMO ship number; anyone else's (OFAC writes a shipping
/// company's under "Company Number", "Identification Number" or "Vessel
/// Registration Identification") is its IMO company number, from the same
/// register and so also [`IdKind::Imo`], noted "IMO company number".
/// Organisations have no national ids, so OFAC's generic "Identification
/// Number" is a registration for them.
pub(crate) fn add_identifier(
    entity: &mut Entity,
    kind: IdKind,
    number: &str,
    label: &str,
    country: Option<Country>,
    note: Option<&str>,
) {
    let number = number.trim();
    if number.is_empty() {
        return;
    }
    // Under other types, only a written `IMO` prefix makes a number one.
    let imo = imo_digits(number).filter(|_| kind == IdKind::Imo || has_imo_prefix(number));
    let (kind, number, imo_note) = match (imo, entity.schema) {
        (Some(digits), Schema::Vessel) => (IdKind::Imo, digits, None),
        (Some(digits), _) => (IdKind::Imo, digits, Some("IMO company number")),
        // "RS 150443": a national ship register's number.
        (None, _) if kind == IdKind::Imo => (IdKind::Other, number, None),
        (None, Schema::Person) => (kind, number, None),
        (None, _) if kind == IdKind::NationalId => (IdKind::Registration, number, None),
        (None, _) => (kind, number, None),
    };
    let label = label.trim();
    let identifier = Identifier {
        kind,
        number: number.to_owned(),
        country,
        label: (!label.is_empty()).then(|| label.to_owned()),
        note: join_non_blank([imo_note, note], "; "),
    };
    Entity::push_unique(&mut entity.identifiers, identifier);
}

fn has_imo_prefix(text: &str) -> bool {
    text.trim()
        .get(..3)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("imo"))
}

/// The seven digits of `IMO 9870599`, `IMO  8730455` or a bare `8606173`.
fn imo_digits(text: &str) -> Option<&str> {
    let text = text.trim();
    let digits = if has_imo_prefix(text) {
        text.get(3..)?.trim()
    } else {
        text
    };
    (digits.len() == 7 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// A fact as a remark: `Website www.x.ru` → "Website: www.x.ru"; types that
/// end in their own punctuation ("Secondary sanctions risk:") keep it.
pub(crate) fn remark(label: &str, value: &str) -> String {
    let label = label.trim();
    if label.ends_with([':', '-']) {
        format!("{label} {value}")
    } else {
        format!("{label}: {value}")
    }
}

/// A listing's remarks from its notes, in the order the file gives them,
/// and the lists the party is on (which only the Advanced and Enhanced
/// formats name), joined the way the legacy files join theirs; none when
/// there are none.
pub(crate) fn listing_remarks(mut notes: Vec<String>, lists: &[String]) -> Option<String> {
    if !lists.is_empty() {
        notes.push(format!("Lists: {}", lists.join(", ")));
    }
    (!notes.is_empty()).then(|| notes.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_aircraft_serial_number_is_not_a_national_id() {
        assert_eq!(
            classify("Aircraft Serial Identification"),
            Fact::Document(IdKind::Other)
        );
        assert_eq!(
            classify("Identification Number"),
            Fact::Document(IdKind::NationalId)
        );
        assert_eq!(
            classify("Listing Date (EO 14024 Directive 2):"),
            Fact::Remark
        );
        assert_eq!(classify("Some New Code"), Fact::Document(IdKind::Other));
    }

    #[test]
    fn features_are_sorted_like_legacy_ids() {
        assert_eq!(classify("SWIFT/BIC"), Fact::Document(IdKind::Swift));
        assert_eq!(classify("BIK (RU)"), Fact::Document(IdKind::Other));
        assert_eq!(classify("Secondary sanctions risk:"), Fact::Remark);
        assert_eq!(
            classify("Listing Date (EO 14024 Directive 2):"),
            Fact::Remark
        );
        assert_eq!(classify("Organization Established Date"), Fact::Founded);
        assert_eq!(
            classify("Aircraft Serial Identification"),
            Fact::Document(IdKind::Other)
        );
        assert_eq!(
            classify("Vessel Registration Identification"),
            Fact::Document(IdKind::Imo)
        );
        assert_eq!(classify("Nationality Country"), Fact::Nationality);
        assert_eq!(
            classify("Purchase/Sales For Divestment Date (CMIC)"),
            Fact::Remark
        );
        assert_eq!(classify("Fax"), Fact::Contact(Contact::Phone));
    }

    fn entity(schema: Schema) -> Entity {
        Entity::new("us_ofac_sdn", "1", schema)
    }

    /// The kind, number and note of each identifier.
    fn ids(entity: &Entity) -> Vec<(IdKind, &str, Option<&str>)> {
        entity
            .identifiers
            .iter()
            .map(|id| (id.kind, id.number.as_str(), id.note.as_deref()))
            .collect()
    }

    #[test]
    fn imo_numbers_are_imo_numbers_for_ships_and_companies() {
        let mut ship = entity(Schema::Vessel);
        add_identifier(&mut ship, IdKind::Imo, "IMO  8730455", "", None, None);
        add_identifier(&mut ship, IdKind::Imo, "RS 150443", "", None, None);
        assert_eq!(
            ids(&ship),
            [
                (IdKind::Imo, "8730455", None),
                (IdKind::Other, "RS 150443", None)
            ]
        );
        for schema in [Schema::Organization, Schema::LegalEntity] {
            let mut company = entity(schema);
            add_identifier(
                &mut company,
                IdKind::Registration,
                "IMO 5342883",
                "Company Number",
                None,
                Some("issued 2010"),
            );
            add_identifier(&mut company, IdKind::NationalId, "04816460", "", None, None);
            // Seven digits are an IMO number only under an IMO type.
            add_identifier(
                &mut company,
                IdKind::Registration,
                "1234567",
                "",
                None,
                None,
            );
            assert_eq!(
                ids(&company),
                [
                    (
                        IdKind::Imo,
                        "5342883",
                        Some("IMO company number; issued 2010")
                    ),
                    (IdKind::Registration, "04816460", None),
                    (IdKind::Registration, "1234567", None),
                ]
            );
        }
        let mut person = entity(Schema::Person);
        add_identifier(&mut person, IdKind::NationalId, " 123 ", "", None, None);
        add_identifier(&mut person, IdKind::Passport, " ", "Passport", None, None);
        assert_eq!(ids(&person), [(IdKind::NationalId, "123", None)]);
        assert_eq!(person.identifiers[0].label, None);
    }

    #[test]
    fn facts_go_to_their_fields_and_notes_to_the_remarks() {
        let mut parsed = Parsed::default();
        let mut person = entity(Schema::Person);
        let mut apply_text = |entity: &mut Entity, label: &str, text: &str| {
            apply(
                classify(label),
                label,
                &FactValue::text(text),
                entity,
                &mut parsed,
            )
        };
        assert_eq!(apply_text(&mut person, "Gender", "Female"), None);
        assert_eq!(apply_text(&mut person, "Website", " www.x.ru "), None);
        assert_eq!(apply_text(&mut person, "Email Address", "a@x.ru"), None);
        assert_eq!(apply_text(&mut person, "Phone Number", "123"), None);
        assert_eq!(
            apply_text(&mut person, "Secondary sanctions risk:", "section 1(b)").as_deref(),
            Some("Secondary sanctions risk: section 1(b)")
        );
        assert_eq!(
            apply_text(&mut person, "Organization Established Date", "1994").as_deref(),
            Some("Organization Established Date: 1994")
        );
        assert_eq!(
            apply_text(&mut person, "Nationality of Registration", "undetermined"),
            None
        );
        assert_eq!(person.gender, Some(interdict_model::Gender::Female));
        assert_eq!(person.websites, ["www.x.ru"]);
        assert_eq!(person.emails, ["a@x.ru"]);
        assert_eq!(person.phones, ["123"]);
        assert!(person.birth_dates.is_empty());
        assert!(person.countries.is_empty());

        let mut company = entity(Schema::Organization);
        assert_eq!(
            apply_text(
                &mut company,
                "Organization Established Date",
                "circa 1979-1982"
            ),
            None
        );
        assert_eq!(
            apply_text(&mut company, "Nationality of Registration", "Russia"),
            None
        );
        let dates: Vec<String> = company
            .birth_dates
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(dates, ["1979/1982"]);
        assert_eq!(company.countries, [Country::from_alpha2("RU").unwrap()]);
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    }

    #[test]
    fn comments_are_kept_with_their_value() {
        let mut parsed = Parsed::default();
        let mut bank = entity(Schema::Organization);
        let value = |text: &str, comment: &str| FactValue {
            text: Some(text.to_owned()),
            comment: Some(comment.to_owned()),
            ..FactValue::default()
        };
        let noted = apply(
            Fact::Contact(Contact::Website),
            "Website",
            &value("www.vtb.ru", "Russian Language website"),
            &mut bank,
            &mut parsed,
        );
        assert_eq!(
            noted.as_deref(),
            Some("Website: www.vtb.ru (Russian Language website)")
        );
        let noted = apply(
            Fact::Document(IdKind::Swift),
            "SWIFT/BIC",
            &value("VTBRRUMM", "head office"),
            &mut bank,
            &mut parsed,
        );
        assert_eq!(noted, None);
        assert_eq!(
            ids(&bank),
            [(IdKind::Swift, "VTBRRUMM", Some("head office"))]
        );
    }

    #[test]
    fn remarks_keep_the_types_punctuation() {
        assert_eq!(remark(" Website ", "www.x.ru"), "Website: www.x.ru");
        assert_eq!(
            remark("IFCA Determination -", "Port Operator"),
            "IFCA Determination - Port Operator"
        );
        assert_eq!(listing_remarks(Vec::new(), &[]), None);
        assert_eq!(
            listing_remarks(vec!["Linked To: X.".into()], &["SDN List".into()]).as_deref(),
            Some("Linked To: X.; Lists: SDN List")
        );
    }
}
