//! The governments and bodies that publish sanctions lists.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Country;

/// A government body that lists people, organisations or vessels.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Authority {
    /// US Treasury, Office of Foreign Assets Control.
    UsOfac,
    /// US Commerce, Bureau of Industry and Security.
    UsBis,
    /// US State Department.
    UsState,
    /// US Department of Defense.
    UsDod,
    /// US Commerce, International Trade Administration (trade.gov), which
    /// publishes the Consolidated Screening List of several agencies' lists.
    UsTrade,
    /// European Union (Council of the EU).
    Eu,
    /// United Nations Security Council.
    UnSc,
    /// UK HM Treasury, Office of Financial Sanctions Implementation.
    GbOfsi,
    /// UK Foreign, Commonwealth and Development Office.
    GbFcdo,
    /// Canada, Global Affairs Canada.
    CaGac,
    /// Switzerland, State Secretariat for Economic Affairs.
    ChSeco,
    /// Australia, Department of Foreign Affairs and Trade.
    AuDfat,
    /// China, Ministry of Foreign Affairs.
    CnMfa,
    /// China, Ministry of Commerce.
    CnMofcom,
    /// China, Taiwan Affairs Office of the State Council.
    CnTao,
    /// Russia, Ministry of Foreign Affairs.
    RuMfa,
    /// Any other body, by the identifier a user's list gives it.
    Other(String),
}

/// Identifier, badge, name and jurisdiction of each known authority.
const KNOWN: &[(Authority, &str, &str, &str, Option<&str>)] = &[
    (
        Authority::UsOfac,
        "us_ofac",
        "US",
        "US Treasury OFAC",
        Some("US"),
    ),
    (
        Authority::UsBis,
        "us_bis",
        "US",
        "US Commerce BIS",
        Some("US"),
    ),
    (
        Authority::UsState,
        "us_state",
        "US",
        "US State Department",
        Some("US"),
    ),
    (
        Authority::UsDod,
        "us_dod",
        "US",
        "US Department of Defense",
        Some("US"),
    ),
    (
        Authority::UsTrade,
        "us_trade",
        "US",
        "US Commerce ITA (trade.gov)",
        Some("US"),
    ),
    (Authority::Eu, "eu", "EU", "European Union", None),
    (Authority::UnSc, "un_sc", "UN", "UN Security Council", None),
    (
        Authority::GbOfsi,
        "gb_ofsi",
        "UK",
        "UK HM Treasury OFSI",
        Some("GB"),
    ),
    (
        Authority::GbFcdo,
        "gb_fcdo",
        "UK",
        "UK Foreign Office (FCDO)",
        Some("GB"),
    ),
    (
        Authority::CaGac,
        "ca_gac",
        "CA",
        "Global Affairs Canada",
        Some("CA"),
    ),
    (
        Authority::ChSeco,
        "ch_seco",
        "CH",
        "Switzerland SECO",
        Some("CH"),
    ),
    (
        Authority::AuDfat,
        "au_dfat",
        "AU",
        "Australia DFAT",
        Some("AU"),
    ),
    (
        Authority::CnMfa,
        "cn_mfa",
        "CN",
        "China Ministry of Foreign Affairs",
        Some("CN"),
    ),
    (
        Authority::CnMofcom,
        "cn_mofcom",
        "CN",
        "China Ministry of Commerce",
        Some("CN"),
    ),
    (
        Authority::CnTao,
        "cn_tao",
        "CN",
        "China Taiwan Affairs Office",
        Some("CN"),
    ),
    (
        Authority::RuMfa,
        "ru_mfa",
        "RU",
        "Russia Ministry of Foreign Affairs",
        Some("RU"),
    ),
];

impl Authority {
    fn known(
        &self,
    ) -> Option<&'static (
        Authority,
        &'static str,
        &'static str,
        &'static str,
        Option<&'static str>,
    )> {
        KNOWN.iter().find(|entry| entry.0 == *self)
    }

    /// A short stable identifier: `us_ofac`, `eu`, `cn_mfa`.
    pub fn id(&self) -> &str {
        match self {
            Authority::Other(id) => id,
            known => known.known().map_or("other", |entry| entry.1),
        }
    }

    /// A two-letter badge for display: `US`, `EU`, `UN`, `UK`, `CN`.
    pub fn badge(&self) -> &str {
        match self {
            Authority::Other(id) => id.get(..2).unwrap_or(id),
            known => known.known().map_or("??", |entry| entry.2),
        }
    }

    /// The authority's name in English.
    pub fn name(&self) -> &str {
        match self {
            Authority::Other(id) => id,
            known => known.known().map_or("other", |entry| entry.3),
        }
    }

    /// The country whose government this is (none for the EU and the UN).
    pub fn jurisdiction(&self) -> Option<Country> {
        self.known()
            .and_then(|entry| entry.4)
            .and_then(Country::from_alpha2)
    }
}

impl fmt::Display for Authority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Authority {
    type Err = std::convert::Infallible;

    /// A known identifier gives that authority; anything else is
    /// [`Authority::Other`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let id = s.trim();
        Ok(KNOWN
            .iter()
            .find(|entry| entry.1.eq_ignore_ascii_case(id))
            .map_or_else(|| Authority::Other(id.to_owned()), |entry| entry.0.clone()))
    }
}

impl Serialize for Authority {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Authority {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let Ok(authority) = text.parse();
        Ok(authority)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_round_trip() {
        for (authority, id, ..) in KNOWN {
            assert_eq!(authority.id(), *id);
            assert_eq!(id.parse::<Authority>().unwrap(), *authority);
        }
        let other: Authority = "acme_watchlist".parse().unwrap();
        assert_eq!(other, Authority::Other("acme_watchlist".into()));
        assert_eq!(other.id(), "acme_watchlist");
    }

    #[test]
    fn badges_and_jurisdictions() {
        assert_eq!(Authority::GbOfsi.badge(), "UK");
        assert_eq!(
            Authority::CnMfa.jurisdiction().map(|c| c.code().to_owned()),
            Some("CN".into())
        );
        assert_eq!(Authority::Eu.jurisdiction(), None);
    }

    #[test]
    fn every_named_authority_is_known() {
        // A variant missing from KNOWN would read back as `Other`.
        for authority in [
            Authority::UsOfac,
            Authority::UsBis,
            Authority::UsState,
            Authority::UsDod,
            Authority::UsTrade,
            Authority::Eu,
            Authority::UnSc,
            Authority::GbOfsi,
            Authority::GbFcdo,
            Authority::CaGac,
            Authority::ChSeco,
            Authority::AuDfat,
            Authority::CnMfa,
            Authority::CnMofcom,
            Authority::CnTao,
            Authority::RuMfa,
        ] {
            assert!(
                KNOWN.iter().any(|(known, ..)| *known == authority),
                "{authority:?}"
            );
        }
    }
}
