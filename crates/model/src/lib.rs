//! The entity model of interdict.
//!
//! Every list interdict reads, whatever its format, becomes [`Entity`]
//! values: a person, organisation, vessel or aircraft with its names, dates
//! of birth, countries, identifiers and addresses, and a [`Listing`] for the
//! list that names it (authority, programme, date, reference).
//!
//! Values are typed: dates are [`FuzzyDate`] (partial, approximate or a
//! range), countries are ISO 3166-1 [`Country`] codes, names carry their
//! [`NameKind`] and script. Anything a list gives that cannot be typed is kept
//! as written in [`Entity::unparsed`], never dropped.
//!
//! Entities serialise to JSON with serde, and to FollowTheMoney entities
//! with [`ftm::to_ftm`].

mod authority;
mod country;
mod date;
mod entity;
pub mod ftm;
mod schema;

pub use authority::Authority;
pub use country::{Country, CountryError};
pub use date::{DateError, Day, FuzzyDate, NumericOrder, PartialDate, Precision};
pub use entity::{
    Address, Entity, Gender, IdKind, Identifier, Listing, Name, NameKind, NamePart, NamePartKind,
    Unparsed, VesselDetails,
};
pub use schema::{Schema, SchemaError};
