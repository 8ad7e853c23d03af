//! What kind of thing an entity is, with FollowTheMoney's schema names.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What kind of thing an entity is. The names are FollowTheMoney's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Schema {
    /// A natural person.
    Person,
    /// Any organisation: a government body, a party, an armed group, a
    /// foundation.
    Organization,
    /// A commercial company.
    Company,
    /// A person or organisation the list does not say which: FollowTheMoney's
    /// common parent of both.
    LegalEntity,
    /// A ship.
    Vessel,
    /// An aircraft.
    Aircraft,
}

/// Why a text is not a schema name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown schema {0:?}: expected person, organization, company, legalentity, vessel or aircraft"
)]
pub struct SchemaError(pub String);

impl Schema {
    /// Every schema.
    pub const ALL: [Schema; 6] = [
        Schema::Person,
        Schema::Organization,
        Schema::Company,
        Schema::LegalEntity,
        Schema::Vessel,
        Schema::Aircraft,
    ];

    /// The FollowTheMoney schema name (`Person`, `LegalEntity`).
    pub fn as_str(&self) -> &'static str {
        match self {
            Schema::Person => "Person",
            Schema::Organization => "Organization",
            Schema::Company => "Company",
            Schema::LegalEntity => "LegalEntity",
            Schema::Vessel => "Vessel",
            Schema::Aircraft => "Aircraft",
        }
    }

    /// Whether an entity of this schema and one of `other` can be the same
    /// thing: a person can be a `LegalEntity` but never a company or a vessel.
    pub fn can_match(self, other: Schema) -> bool {
        use Schema::*;
        match (self, other) {
            (a, b) if a == b => true,
            (LegalEntity, Person | Organization | Company)
            | (Person | Organization | Company, LegalEntity) => true,
            (Organization, Company) | (Company, Organization) => true,
            _ => false,
        }
    }

    /// Whether entities of this schema are (or may be) people.
    pub fn is_person_like(self) -> bool {
        matches!(self, Schema::Person | Schema::LegalEntity)
    }
}

impl fmt::Display for Schema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Schema {
    type Err = SchemaError;

    /// Reads a schema name in any case, also `individual`, `entity`, `ship`
    /// and `organisation`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        Ok(match lower.as_str() {
            "person" | "individual" => Schema::Person,
            "organization" | "organisation" => Schema::Organization,
            "company" => Schema::Company,
            "legalentity" | "legal entity" | "entity" => Schema::LegalEntity,
            "vessel" | "ship" => Schema::Vessel,
            "aircraft" => Schema::Aircraft,
            _ => return Err(SchemaError(s.to_owned())),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_are_never_vessels_or_companies() {
        assert!(Schema::Person.can_match(Schema::LegalEntity));
        assert!(Schema::Company.can_match(Schema::Organization));
        assert!(!Schema::Person.can_match(Schema::Company));
        assert!(!Schema::Person.can_match(Schema::Vessel));
        assert!(!Schema::Vessel.can_match(Schema::Aircraft));
    }

    #[test]
    fn reads_names_in_any_case() {
        for schema in Schema::ALL {
            assert_eq!(schema.as_str().parse::<Schema>(), Ok(schema));
            assert_eq!(schema.as_str().to_uppercase().parse::<Schema>(), Ok(schema));
        }
        assert_eq!("Individual".parse::<Schema>(), Ok(Schema::Person));
        assert!("boat".parse::<Schema>().is_err());
    }
}
