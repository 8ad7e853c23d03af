//! An entity and everything a list says about it.

use serde::{Deserialize, Serialize};
use unicode_script::{Script, UnicodeScript};

use crate::{Authority, Country, FuzzyDate, PartialDate, Schema};

/// A person, organisation, vessel or aircraft as one list describes it.
///
/// Each list's record becomes one entity, so the same person listed by OFAC
/// and the EU is two entities with their own ids; each keeps the list's
/// provenance in [`Entity::listings`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable id, prefixed with the source: `us_ofac_sdn:36`, `eu_fsf:EU.6251.70`.
    pub id: String,
    /// What kind of thing it is.
    pub schema: Schema,
    /// Every name the list gives, primary first.
    pub names: Vec<Name>,
    /// Dates of birth (or, for vessels, of build), as partial or fuzzy dates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub birth_dates: Vec<FuzzyDate>,
    /// Places of birth, as the list writes them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub birth_places: Vec<String>,
    /// Nationalities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nationalities: Vec<Country>,
    /// Citizenships.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citizenships: Vec<Country>,
    /// Other countries the list ties the entity to: seat, jurisdiction,
    /// flag, or the country of the sanctions regime.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<Country>,
    /// Passports, national ids, registration and IMO numbers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<Identifier>,
    /// Addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<Address>,
    /// Gender, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// Titles and honorifics (`Dr`, `General`, `Haji`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub titles: Vec<String>,
    /// Positions and functions held.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub positions: Vec<String>,
    /// Vessel particulars, for ships.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vessel: Option<VesselDetails>,
    /// E-mail addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<String>,
    /// Telephone and fax numbers, as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<String>,
    /// Websites.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub websites: Vec<String>,
    /// Each list that names the entity, with its programme, date and reference.
    pub listings: Vec<Listing>,
    /// Values the list gave that could not be read into a typed field (a date
    /// such as `Sep-99`, an unknown country), kept as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unparsed: Vec<Unparsed>,
}

impl Entity {
    /// An entity with no names or facts yet; its id is `source:local_id`.
    pub fn new(source: &str, local_id: &str, schema: Schema) -> Self {
        Self {
            id: format!("{source}:{local_id}"),
            schema,
            names: Vec::new(),
            birth_dates: Vec::new(),
            birth_places: Vec::new(),
            nationalities: Vec::new(),
            citizenships: Vec::new(),
            countries: Vec::new(),
            identifiers: Vec::new(),
            addresses: Vec::new(),
            gender: None,
            titles: Vec::new(),
            positions: Vec::new(),
            vessel: None,
            emails: Vec::new(),
            phones: Vec::new(),
            websites: Vec::new(),
            listings: Vec::new(),
            unparsed: Vec::new(),
        }
    }

    /// Gives back the spare capacity of every list the entity holds.
    ///
    /// Parsers build an entity value by value, and a vector's first push
    /// reserves room for four: a record with one listing of 160 bytes
    /// would hold 640. Over the bundled lists' 38,000 entities this spare
    /// room came to tens of megabytes, held for as long as the lists are
    /// loaded, so reading a list ends with this for each of its entities.
    pub fn shrink_to_fit(&mut self) {
        self.id.shrink_to_fit();
        for name in &mut self.names {
            name.full.shrink_to_fit();
            name.parts.shrink_to_fit();
        }
        self.names.shrink_to_fit();
        self.birth_dates.shrink_to_fit();
        self.birth_places.shrink_to_fit();
        self.nationalities.shrink_to_fit();
        self.citizenships.shrink_to_fit();
        self.countries.shrink_to_fit();
        self.identifiers.shrink_to_fit();
        self.addresses.shrink_to_fit();
        self.titles.shrink_to_fit();
        self.positions.shrink_to_fit();
        self.emails.shrink_to_fit();
        self.phones.shrink_to_fit();
        self.websites.shrink_to_fit();
        for listing in &mut self.listings {
            listing.programmes.shrink_to_fit();
        }
        self.listings.shrink_to_fit();
        self.unparsed.shrink_to_fit();
    }

    /// The name to show: the first primary name, else the first name.
    pub fn caption(&self) -> &str {
        self.names
            .iter()
            .find(|n| n.kind == NameKind::Primary)
            .or_else(|| self.names.first())
            .map_or("", |n| n.full.as_str())
    }

    /// Adds a name unless the entity already has the same text of the same
    /// kind. Blank names are ignored.
    pub fn add_name(&mut self, name: Name) {
        if name.full.trim().is_empty() {
            return;
        }
        if !self
            .names
            .iter()
            .any(|n| n.full == name.full && n.kind == name.kind)
        {
            self.names.push(name);
        }
    }

    /// Adds a value to a list unless it is already there.
    pub fn push_unique<T: PartialEq>(list: &mut Vec<T>, value: T) {
        if !list.contains(&value) {
            list.push(value);
        }
    }

    /// Keeps a value that could not be read, with the field it was for.
    pub fn keep_unparsed(&mut self, field: &str, value: &str) {
        let value = value.trim();
        if !value.is_empty() {
            self.unparsed.push(Unparsed {
                field: field.to_owned(),
                value: value.to_owned(),
            });
        }
    }

    /// Nationalities and citizenships together, without repeats.
    pub fn nationality_like(&self) -> impl Iterator<Item = Country> + '_ {
        let mut seen = Vec::new();
        self.nationalities
            .iter()
            .chain(&self.citizenships)
            .copied()
            .filter(move |c| {
                if seen.contains(c) {
                    false
                } else {
                    seen.push(*c);
                    true
                }
            })
    }
}

/// How a list presents a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameKind {
    /// The entity's main name.
    Primary,
    /// Also known as; a strong alias.
    Alias,
    /// A weak or low-quality alias: a nickname, a partial name, a short form.
    WeakAlias,
    /// A name the entity used to have (formerly known as).
    Former,
}

/// What part of a name a [`NamePart`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NamePartKind {
    /// A given (first) name.
    Given,
    /// A middle name.
    Middle,
    /// A family name (surname).
    Family,
    /// A patronymic (`Viktorovich`) or father's name.
    Patronymic,
    /// A part whose role the list does not state, only its position.
    Unspecified,
}

/// One part of a name, where the list gives the parts separately.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamePart {
    /// What part it is.
    pub kind: NamePartKind,
    /// The part as written.
    pub value: String,
}

impl NamePart {
    /// The parts that are present, in order, from `(kind, value)` pairs
    /// whose value may be missing.
    pub fn present<'a>(
        parts: impl IntoIterator<Item = (NamePartKind, Option<&'a str>)>,
    ) -> Vec<NamePart> {
        parts
            .into_iter()
            .filter_map(|(kind, value)| {
                value.map(|value| NamePart {
                    kind,
                    value: value.to_owned(),
                })
            })
            .collect()
    }
}

/// A name as the list writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Name {
    /// The whole name, as written (`ZHU Hailun`, `朱海仑`).
    pub full: String,
    /// Primary name, alias, weak alias or former name.
    pub kind: NameKind,
    /// The parts, in the list's order, where the list gives them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<NamePart>,
    /// The script of the name as an ISO 15924 code (`Latn`, `Cyrl`, `Hani`,
    /// `Arab`), detected from its letters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<String>,
    /// The language the list says the name is in (`zh`, `ru`), lower case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl Name {
    /// A name of the given kind; its script is detected from its letters and
    /// surrounding whitespace is trimmed.
    pub fn new(full: &str, kind: NameKind) -> Self {
        let full = full.split_whitespace().collect::<Vec<_>>().join(" ");
        let script = dominant_script(&full);
        Self {
            full,
            kind,
            parts: Vec::new(),
            script,
            language: None,
        }
    }

    /// The same name with its parts.
    pub fn with_parts(mut self, parts: Vec<NamePart>) -> Self {
        self.parts = parts
            .into_iter()
            .filter(|p| !p.value.trim().is_empty())
            .collect();
        self
    }

    /// The same name with a language, stored lower case; blank is none.
    pub fn with_language(mut self, language: &str) -> Self {
        let language = language.trim();
        self.language = (!language.is_empty()).then(|| language.to_ascii_lowercase());
        self
    }

    /// The first part of the given kind.
    pub fn part(&self, kind: NamePartKind) -> Option<&str> {
        self.parts
            .iter()
            .find(|p| p.kind == kind)
            .map(|p| p.value.as_str())
    }
}

/// The ISO 15924 code of the script most letters of `text` are in, ignoring
/// digits, punctuation and spaces.
fn dominant_script(text: &str) -> Option<String> {
    let mut counts: Vec<(Script, usize)> = Vec::new();
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        let script = c.script();
        if matches!(script, Script::Common | Script::Inherited | Script::Unknown) {
            continue;
        }
        match counts.iter_mut().find(|(s, _)| *s == script) {
            Some((_, n)) => *n += 1,
            None => counts.push((script, 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(_, n)| n)
        .map(|(script, _)| script.short_name().to_owned())
}

/// A person's gender as a list states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    /// Male.
    Male,
    /// Female.
    Female,
}

impl Gender {
    /// Reads `M`, `male`, `Male`, `F`, `female`, `Féminin`; anything else is none.
    pub fn parse(text: &str) -> Option<Self> {
        let lower = text.trim().to_lowercase();
        match lower.as_str() {
            "m" | "male" | "man" | "masculin" | "männlich" => Some(Gender::Male),
            "f" | "female" | "woman" | "féminin" | "feminin" | "weiblich" => Some(Gender::Female),
            _ => None,
        }
    }
}

/// What kind of document or register an identifier comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// A passport number.
    Passport,
    /// A national identity card or number.
    NationalId,
    /// A tax number (TIN, INN, NIT).
    TaxId,
    /// A company or organisation registration number.
    Registration,
    /// An IMO number: a ship's, or a shipping company's (the IMO issues both
    /// from one register).
    Imo,
    /// A bank's SWIFT/BIC code.
    Swift,
    /// Any other document: its label says what.
    Other,
}

/// An identifier: a document, register or code number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identifier {
    /// What kind of identifier it is.
    pub kind: IdKind,
    /// The number as written.
    pub number: String,
    /// The issuing country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
    /// The list's own label for it (`Cedula No.`, `National ID No.`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Anything else the list says about it (issue date, "known false").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A postal address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// The whole address on one line.
    pub full: String,
    /// Street and number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// City or town.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// State, province or region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
}

impl Address {
    /// Builds an address from its parts; `full` joins the non-blank text parts
    /// and the country name with commas. Returns none when every part is blank.
    pub fn from_parts(
        street: Option<&str>,
        city: Option<&str>,
        region: Option<&str>,
        postal_code: Option<&str>,
        country: Option<Country>,
        country_text: Option<&str>,
    ) -> Option<Self> {
        let clean = |s: Option<&str>| {
            s.map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let street = clean(street);
        let city = clean(city);
        let region = clean(region);
        let postal_code = clean(postal_code);
        let country_text = clean(country_text).or_else(|| country.map(|c| c.name().to_owned()));
        let full = [&street, &city, &region, &postal_code, &country_text]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        (!full.is_empty()).then_some(Self {
            full,
            street,
            city,
            region,
            postal_code,
            country,
        })
    }
}

/// Particulars of a ship.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VesselDetails {
    /// Flag state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<Country>,
    /// Radio call sign.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_sign: Option<String>,
    /// Type of vessel (`Crude Oil Tanker`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vessel_type: Option<String>,
    /// Tonnage as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tonnage: Option<String>,
    /// Owner or operator, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

/// One list's listing of an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    /// The list (source) it comes from: `us_ofac_sdn`, `eu_fsf`.
    pub source: String,
    /// Who lists it.
    pub authority: Authority,
    /// Programmes or regimes it is listed under (`GLOMAG`, `HR`, `China`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub programmes: Vec<String>,
    /// When it was listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed_on: Option<PartialDate>,
    /// The list's own reference for it (`CDi.001`, `EU.6251.70`, `29219`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The list's remarks or reasons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
    /// When the listing ended, if it has (a delisting or an expiry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_on: Option<PartialDate>,
    /// Where the listing is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Listing {
    /// A listing by `authority` on the list `source`, with nothing else known yet.
    pub fn new(source: &str, authority: Authority) -> Self {
        Self {
            source: source.to_owned(),
            authority,
            programmes: Vec::new(),
            listed_on: None,
            reference: None,
            remarks: None,
            ended_on: None,
            url: None,
        }
    }
}

/// A value the list gave that could not be read into a typed field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unparsed {
    /// The field it was meant for (`birth_date`, `nationality`).
    pub field: String,
    /// The value as written.
    pub value: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_know_their_script() {
        assert_eq!(
            Name::new("朱海仑", NameKind::Primary).script.as_deref(),
            Some("Hani")
        );
        assert_eq!(
            Name::new("Сергей Лавров", NameKind::Alias)
                .script
                .as_deref(),
            Some("Cyrl")
        );
        assert_eq!(
            Name::new("  ZHU   Hailun ", NameKind::Primary).full,
            "ZHU Hailun"
        );
        assert_eq!(Name::new("123", NameKind::Primary).script, None);
    }

    #[test]
    fn caption_prefers_the_primary_name() {
        let mut entity = Entity::new("test", "1", Schema::Person);
        entity.add_name(Name::new("Alias", NameKind::Alias));
        entity.add_name(Name::new("Main", NameKind::Primary));
        entity.add_name(Name::new("Main", NameKind::Primary));
        entity.add_name(Name::new("  ", NameKind::Alias));
        assert_eq!(entity.caption(), "Main");
        assert_eq!(entity.names.len(), 2);
    }

    #[test]
    fn addresses_join_their_parts() {
        let cn = Country::from_alpha2("CN");
        let address =
            Address::from_parts(None, Some(" "), Some("Xinjiang"), None, cn, Some("China"))
                .unwrap();
        assert_eq!(address.full, "Xinjiang, China");
        assert!(Address::from_parts(None, None, None, None, None, None).is_none());
    }
}
