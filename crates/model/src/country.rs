//! Countries as ISO 3166-1 alpha-2 codes, and the names lists use for them.
//!
//! The ISO table (codes, official names and common short names) comes from the
//! `celes` crate. Sanctions lists add their own spellings ("Korea, North",
//! "Iran (Islamic Republic of)", "Burma", "Russia / Russie"), which
//! [`Country::resolve`] also understands.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use celes::LookupTable;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use unicode_normalization::UnicodeNormalization;

/// A country or territory, by its ISO 3166-1 alpha-2 code (`CN`, `RU`, and
/// `XK` for Kosovo).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country([u8; 2]);

/// Why a text is not a known country code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an ISO 3166-1 alpha-2 country code")]
pub struct CountryError(pub String);

/// Spellings that sanctions lists use and the ISO table lacks, as compact keys
/// (see [`compact_key`]).
const LIST_SPELLINGS: &[(&str, &str)] = &[
    ("koreanorth", "KP"),
    ("dprk", "KP"),
    ("prc", "CN"),
    ("koreademocraticpeoplesrepublicof", "KP"),
    ("democraticpeoplesrepublicofkorea", "KP"),
    ("koreasouth", "KR"),
    ("korearepublicof", "KR"),
    ("iranislamicrepublicof", "IR"),
    ("burma", "MM"),
    ("myanmarburma", "MM"),
    ("congodemocraticrepublicofthe", "CD"),
    // OFSI's `Congo (Democratic Republic)`.
    ("congodemocraticrepublic", "CD"),
    ("drc", "CD"),
    ("democraticrepublicofcongo", "CD"),
    ("democraticrepublicofthecongo", "CD"),
    ("congokinshasa", "CD"),
    ("drcongo", "CD"),
    ("congorepublicofthe", "CG"),
    ("republicofthecongo", "CG"),
    ("republicofcongo", "CG"),
    ("congobrazzaville", "CG"),
    ("palestinian", "PS"),
    ("palestinianterritories", "PS"),
    ("occupiedpalestinianterritory", "PS"),
    ("occupiedpalestinianterritories", "PS"),
    ("gaza", "PS"),
    ("gazastrip", "PS"),
    ("westbank", "PS"),
    ("usa", "US"),
    ("unitedstates", "US"),
    ("unitedstatesofamerica", "US"),
    ("uk", "GB"),
    ("unitedkingdom", "GB"),
    ("greatbritain", "GB"),
    ("britain", "GB"),
    ("turkiye", "TR"),
    ("turkey", "TR"),
    ("vietnam", "VN"),
    ("laos", "LA"),
    ("moldova", "MD"),
    ("moldovarepublicof", "MD"),
    ("tanzania", "TZ"),
    ("tanzaniaunitedrepublicof", "TZ"),
    ("bolivia", "BO"),
    ("venezuela", "VE"),
    ("venezuelabolivarianrepublicof", "VE"),
    ("macedonia", "MK"),
    ("northmacedonia", "MK"),
    ("formeryugoslavrepublicofmacedonia", "MK"),
    ("theformeryugoslavrepublicofmacedonia", "MK"),
    ("czechrepublic", "CZ"),
    ("czechia", "CZ"),
    ("ivorycoast", "CI"),
    ("cotedivoire", "CI"),
    ("capeverde", "CV"),
    ("caboverde", "CV"),
    ("eswatini", "SZ"),
    ("swaziland", "SZ"),
    ("bosniaandherzegovina", "BA"),
    ("bosniaherzegovina", "BA"),
    ("hongkong", "HK"),
    ("hongkongspecialadministrativeregion", "HK"),
    ("hongkongspecialadministrativeregionofchina", "HK"),
    ("chinahongkongspecialadministrativeregion", "HK"),
    ("macaospecialadministrativeregion", "MO"),
    ("chinamacaospecialadministrativeregion", "MO"),
    ("macau", "MO"),
    ("macao", "MO"),
    ("taiwan", "TW"),
    ("brunei", "BN"),
    ("micronesia", "FM"),
    ("saintkittsandnevis", "KN"),
    ("stkittsandnevis", "KN"),
    ("saintlucia", "LC"),
    ("stlucia", "LC"),
    ("saintvincentandthegrenadines", "VC"),
    ("stvincentandthegrenadines", "VC"),
    ("holysee", "VA"),
    ("vatican", "VA"),
    ("vaticancity", "VA"),
    ("syria", "SY"),
    ("syrianarabrepublic", "SY"),
    ("iran", "IR"),
    ("russia", "RU"),
    ("russianfederation", "RU"),
    ("kosovo", "XK"),
    ("southsudan", "SS"),
    ("sudan", "SD"),
    ("gambia", "GM"),
    ("bahamas", "BS"),
    ("netherlands", "NL"),
    ("philippines", "PH"),
    ("unitedarabemirates", "AE"),
    ("uae", "AE"),
    ("centralafricanrepublic", "CF"),
    ("dominicanrepublic", "DO"),
    ("comoros", "KM"),
    ("niger", "NE"),
    ("lebanon", "LB"),
    ("libya", "LY"),
    ("yemen", "YE"),
    ("cuba", "CU"),
    ("belarus", "BY"),
    ("kyrgyzstan", "KG"),
    ("kyrgyzrepublic", "KG"),
    ("slovakia", "SK"),
    ("slovakrepublic", "SK"),
    ("timorleste", "TL"),
    ("easttimor", "TL"),
];

/// Nationality adjectives, which the UK and Australian lists (and users)
/// write for nationality and citizenship (`Afghan`, `Saudi Arabian`), as
/// compact keys, sorted. Ambiguous ones are left out on purpose:
/// `Congolese` (CD or CG), `Korean` (KP or KR), `Guinean` (GN, GW or GQ).
const NATIONALITY_ADJECTIVES: &[(&str, &str)] = &[
    ("afghan", "AF"),
    ("afghani", "AF"),
    ("albanian", "AL"),
    ("algerian", "DZ"),
    ("american", "US"),
    ("angolan", "AO"),
    ("argentine", "AR"),
    ("argentinian", "AR"),
    ("armenian", "AM"),
    ("australian", "AU"),
    ("austrian", "AT"),
    ("azerbaijani", "AZ"),
    ("bahamian", "BS"),
    ("bahraini", "BH"),
    ("bangladeshi", "BD"),
    ("belarusian", "BY"),
    ("belarussian", "BY"),
    ("belgian", "BE"),
    ("beninese", "BJ"),
    ("bolivian", "BO"),
    ("bosnian", "BA"),
    ("brazilian", "BR"),
    ("british", "GB"),
    ("bulgarian", "BG"),
    ("burkinabe", "BF"),
    ("burmese", "MM"),
    ("burundian", "BI"),
    ("cambodian", "KH"),
    ("cameroonian", "CM"),
    ("canadian", "CA"),
    ("centralafrican", "CF"),
    ("chadian", "TD"),
    ("chilean", "CL"),
    ("chinese", "CN"),
    ("colombian", "CO"),
    ("comoran", "KM"),
    ("comorian", "KM"),
    ("croatian", "HR"),
    ("cuban", "CU"),
    ("cypriot", "CY"),
    ("czech", "CZ"),
    ("danish", "DK"),
    ("djiboutian", "DJ"),
    ("dutch", "NL"),
    ("ecuadorian", "EC"),
    ("egyptian", "EG"),
    ("emirati", "AE"),
    ("eritrean", "ER"),
    ("estonian", "EE"),
    ("ethiopian", "ET"),
    ("fijian", "FJ"),
    ("filipino", "PH"),
    ("finnish", "FI"),
    ("french", "FR"),
    ("gabonese", "GA"),
    ("gambian", "GM"),
    ("georgian", "GE"),
    ("german", "DE"),
    ("ghanaian", "GH"),
    ("greek", "GR"),
    ("guatemalan", "GT"),
    ("haitian", "HT"),
    ("honduran", "HN"),
    ("hungarian", "HU"),
    ("indian", "IN"),
    ("indonesian", "ID"),
    ("iranian", "IR"),
    ("iraqi", "IQ"),
    ("irish", "IE"),
    ("israeli", "IL"),
    ("italian", "IT"),
    ("ivorian", "CI"),
    ("jamaican", "JM"),
    ("japanese", "JP"),
    ("jordanian", "JO"),
    ("kazakh", "KZ"),
    ("kazakhstani", "KZ"),
    ("kenyan", "KE"),
    ("kosovar", "XK"),
    ("kuwaiti", "KW"),
    ("kyrgyz", "KG"),
    ("lao", "LA"),
    ("laotian", "LA"),
    ("latvian", "LV"),
    ("lebanese", "LB"),
    ("liberian", "LR"),
    ("libyan", "LY"),
    ("lithuanian", "LT"),
    ("macedonian", "MK"),
    ("malagasy", "MG"),
    ("malawian", "MW"),
    ("malaysian", "MY"),
    ("maldivian", "MV"),
    ("malian", "ML"),
    ("maltese", "MT"),
    ("mauritanian", "MR"),
    ("mauritian", "MU"),
    ("mexican", "MX"),
    ("moldovan", "MD"),
    ("mongolian", "MN"),
    ("montenegrin", "ME"),
    ("moroccan", "MA"),
    ("mozambican", "MZ"),
    ("namibian", "NA"),
    ("nepalese", "NP"),
    ("nepali", "NP"),
    ("newzealander", "NZ"),
    ("nicaraguan", "NI"),
    ("nigerian", "NG"),
    ("nigerien", "NE"),
    ("northkorean", "KP"),
    ("norwegian", "NO"),
    ("omani", "OM"),
    ("pakistani", "PK"),
    ("panamanian", "PA"),
    ("paraguayan", "PY"),
    ("peruvian", "PE"),
    ("polish", "PL"),
    ("portuguese", "PT"),
    ("qatari", "QA"),
    ("romanian", "RO"),
    ("russian", "RU"),
    ("rwandan", "RW"),
    ("salvadoran", "SV"),
    ("saudi", "SA"),
    ("saudiarabian", "SA"),
    ("senegalese", "SN"),
    ("serbian", "RS"),
    ("sierraleonean", "SL"),
    ("singaporean", "SG"),
    ("slovak", "SK"),
    ("slovenian", "SI"),
    ("somali", "SO"),
    ("southafrican", "ZA"),
    ("southkorean", "KR"),
    ("southsudanese", "SS"),
    ("spanish", "ES"),
    ("srilankan", "LK"),
    ("sudanese", "SD"),
    ("swedish", "SE"),
    ("swiss", "CH"),
    ("syrian", "SY"),
    ("taiwanese", "TW"),
    ("tajik", "TJ"),
    ("tajikistani", "TJ"),
    ("tanzanian", "TZ"),
    ("thai", "TH"),
    ("togolese", "TG"),
    ("trinidadian", "TT"),
    ("tunisian", "TN"),
    ("turkish", "TR"),
    ("turkmen", "TM"),
    ("ugandan", "UG"),
    ("ukrainian", "UA"),
    ("uruguayan", "UY"),
    ("uzbek", "UZ"),
    ("uzbekistani", "UZ"),
    ("venezuelan", "VE"),
    ("vietnamese", "VN"),
    ("yemeni", "YE"),
    ("zambian", "ZM"),
    ("zimbabwean", "ZW"),
];

/// Every country the ISO table knows, by compact key of each of its codes,
/// names and aliases, and by the lists' own spellings and the nationality
/// adjectives.
static BY_KEY: LazyLock<HashMap<String, Country>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for country in celes::Country::get_countries() {
        let Some(code) = Country::from_ascii(country.alpha2) else {
            continue;
        };
        map.insert(compact_key(country.alpha3), code);
        let long = compact_key(country.long_name);
        if let Some(short) = long.strip_prefix("the") {
            map.insert(short.to_owned(), code);
        }
        map.insert(long, code);
        for alias in country.aliases.iter() {
            map.insert(compact_key(alias), code);
        }
    }
    for &(key, alpha2) in NATIONALITY_ADJECTIVES.iter().chain(LIST_SPELLINGS) {
        if let Some(code) = Country::from_ascii(alpha2) {
            map.insert(key.to_owned(), code);
        }
    }
    map
});

/// Display names, by alpha-2 code.
static NAMES: LazyLock<HashMap<Country, &'static str>> = LazyLock::new(|| {
    celes::Country::get_countries()
        .iter()
        .filter_map(|c| {
            let name = c.long_name.strip_prefix("The ").unwrap_or(c.long_name);
            Some((Country::from_ascii(c.alpha2)?, name))
        })
        .collect()
});

/// Lower-case ASCII letters and digits only, diacritics removed: `Côte
/// d'Ivoire` → `cotedivoire`.
fn compact_key(text: &str) -> String {
    text.nfkd()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

impl Country {
    fn from_ascii(code: &str) -> Option<Self> {
        let bytes: [u8; 2] = code.as_bytes().try_into().ok()?;
        bytes
            .iter()
            .all(u8::is_ascii_alphabetic)
            .then(|| Self([bytes[0].to_ascii_uppercase(), bytes[1].to_ascii_uppercase()]))
    }

    /// The country with this alpha-2 code, in either case (`cn`, `CN`), if
    /// ISO 3166-1 assigns it (or it is `XK`, Kosovo).
    pub fn from_alpha2(code: &str) -> Option<Self> {
        let country = Self::from_ascii(code.trim())?;
        NAMES.contains_key(&country).then_some(country)
    }

    /// Finds the country a list means: an alpha-2 or alpha-3 code, an ISO
    /// name, a common short name, a list's own spelling (`UK`, `DRC`,
    /// `PRC`) or a nationality adjective (`Afghan`, `British`). Bilingual
    /// values (`Russia / Russie`) and parenthesised additions (`Myanmar
    /// (Burma)`) are understood.
    pub fn resolve(text: &str) -> Option<Self> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        // A two-letter text is a code if ISO assigns it; if not, it may
        // still be a spelling (`UK`).
        if text.len() == 2
            && let Some(country) = Self::from_alpha2(text)
        {
            return Some(country);
        }
        let lookup = |candidate: &str| BY_KEY.get(&compact_key(candidate)).copied();
        // The whole text, parentheses dissolved by the compact key: `Congo
        // (Democratic Republic)`, `Korea (North)`.
        if let Some(country) = lookup(text) {
            return Some(country);
        }
        // `Region: Gaza`, `St. Kitts & Nevis`.
        let body = text.strip_prefix("Region:").map_or(text, str::trim);
        if let Some(country) = lookup(&body.replace('&', "and")) {
            return Some(country);
        }
        if let Some((before, rest)) = body.split_once('(') {
            // The addition in front: `Sudan (South)` is South Sudan, not
            // Sudan.
            let inside = rest.split_once(')').map_or(rest, |(inside, _)| inside);
            if let Some(country) = lookup(&format!("{inside} {before}")) {
                return Some(country);
            }
            // Only then the text before it: `Myanmar (Burma)`.
            if let Some(country) = lookup(before) {
                return Some(country);
            }
        }
        // Inverted names: `Virgin Islands, British`, `Man, Isle of`,
        // `North Macedonia, The Republic of`.
        if let Some((head, tail)) = body.split_once(", ") {
            let tail = tail.strip_prefix("The ").unwrap_or(tail);
            if let Some(country) = lookup(&format!("{tail} {head}")) {
                return Some(country);
            }
        }
        // Bilingual values: `Russia / Russie`. Parts that name different
        // countries (`Malian / Mauritanian`) are two countries, not one
        // written twice, so none is the answer.
        if body.contains('/') {
            let mut found = body.split('/').filter_map(|part| {
                let part = part.trim();
                (part.len() > 2).then(|| Self::resolve(part)).flatten()
            });
            let first = found.next()?;
            return found.all(|other| other == first).then_some(first);
        }
        None
    }

    /// The alpha-2 code, upper case.
    pub fn code(&self) -> &str {
        // The bytes are always ASCII letters (see `from_ascii`).
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// The English name (`Russian Federation`).
    pub fn name(&self) -> &'static str {
        NAMES.get(self).copied().unwrap_or("unknown country")
    }
}

impl fmt::Debug for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Country({})", self.code())
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Country {
    type Err = CountryError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_alpha2(s).ok_or_else(|| CountryError(s.to_owned()))
    }
}

impl Serialize for Country {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> Option<String> {
        Country::resolve(text).map(|c| c.code().to_owned())
    }

    #[test]
    fn resolves_names_lists_use() {
        assert_eq!(code("China").as_deref(), Some("CN"));
        assert_eq!(code("China / Chine").as_deref(), Some("CN"));
        assert_eq!(code("Russia / Russie").as_deref(), Some("RU"));
        assert_eq!(code("Russian Federation").as_deref(), Some("RU"));
        assert_eq!(code("Korea, North").as_deref(), Some("KP"));
        assert_eq!(code("Iran (Islamic Republic of)").as_deref(), Some("IR"));
        assert_eq!(
            code("Myanmar (Burma) / Myanmar (Birmanie)").as_deref(),
            Some("MM")
        );
        assert_eq!(
            code("Democratic Republic of the Congo").as_deref(),
            Some("CD")
        );
        assert_eq!(code("Côte d'Ivoire").as_deref(), Some("CI"));
        assert_eq!(code("United Kingdom").as_deref(), Some("GB"));
        assert_eq!(code("Syria / Syrie").as_deref(), Some("SY"));
        assert_eq!(code("DEU").as_deref(), Some("DE"));
        assert_eq!(code("de").as_deref(), Some("DE"));
        assert_eq!(code("Kosovo").as_deref(), Some("XK"));
        assert_eq!(code("Virgin Islands, British").as_deref(), Some("VG"));
        assert_eq!(code("Man, Isle of").as_deref(), Some("IM"));
        assert_eq!(
            code("North Macedonia, The Republic of").as_deref(),
            Some("MK")
        );
        assert_eq!(code("Region: Gaza").as_deref(), Some("PS"));
        assert_eq!(code("Bahamas, The").as_deref(), Some("BS"));
        assert_eq!(code("St. Kitts & Nevis").as_deref(), Some("KN"));
        assert_eq!(
            code("China, Hong Kong Special Administrative Region").as_deref(),
            Some("HK")
        );
    }

    #[test]
    fn resolves_nationality_adjectives() {
        assert_eq!(code("Afghan").as_deref(), Some("AF"));
        assert_eq!(code("Saudi Arabian").as_deref(), Some("SA"));
        assert_eq!(code("british").as_deref(), Some("GB"));
        assert_eq!(code("Syrian").as_deref(), Some("SY"));
        assert_eq!(code("North Korean").as_deref(), Some("KP"));
        assert_eq!(code("Congolese"), None, "the Republic or the DRC");
        assert_eq!(code("Korean"), None, "North or South");
        assert_eq!(code("Guinean"), None, "which Guinea");
        assert!(
            NATIONALITY_ADJECTIVES.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted"
        );
    }

    #[test]
    fn adjectives_and_spellings_take_no_name_from_another_country() {
        // The ISO table alone, as `BY_KEY` starts.
        let mut iso = HashMap::new();
        for country in celes::Country::get_countries() {
            let keys = [country.alpha3, country.long_name]
                .into_iter()
                .chain(country.aliases.iter().copied());
            for key in keys {
                iso.insert(compact_key(key), country.alpha2);
            }
        }
        for &(key, alpha2) in NATIONALITY_ADJECTIVES.iter().chain(LIST_SPELLINGS) {
            if let Some(&other) = iso.get(key) {
                assert_eq!(other, alpha2, "{key} is {other} in the ISO table");
            }
            assert_eq!(code(key).as_deref(), Some(alpha2), "{key}");
        }
    }

    #[test]
    fn two_letters_may_be_a_spelling() {
        assert_eq!(code("UK").as_deref(), Some("GB"));
        assert_eq!(code("uk").as_deref(), Some("GB"));
        assert_eq!(code("GB").as_deref(), Some("GB"));
        assert_eq!(code("EU"), None, "no country");
        assert_eq!(code("ü"), None);
    }

    #[test]
    fn parentheses_are_read_whole_first() {
        assert_eq!(code("Congo (Democratic Republic)").as_deref(), Some("CD"));
        assert_eq!(code("Congo (Republic of the)").as_deref(), Some("CG"));
        assert_eq!(code("Korea (North)").as_deref(), Some("KP"));
        assert_eq!(code("Sudan (South)").as_deref(), Some("SS"));
        assert_eq!(code("Myanmar (Burma)").as_deref(), Some("MM"));
        assert_eq!(code("Iranian (Iranian citizenship)").as_deref(), Some("IR"));
    }

    #[test]
    fn two_countries_are_not_one_written_twice() {
        assert_eq!(code("Malian / Mauritanian"), None);
        assert_eq!(code("Turkish/Jordanian"), None);
        assert_eq!(code("Russia / Russie / Russland").as_deref(), Some("RU"));
    }

    #[test]
    fn resolves_list_abbreviations() {
        assert_eq!(code("DRC").as_deref(), Some("CD"));
        assert_eq!(code("PRC").as_deref(), Some("CN"));
        assert_eq!(code("DPRK").as_deref(), Some("KP"));
        assert_eq!(code("U.K.").as_deref(), Some("GB"));
    }

    #[test]
    fn refuses_what_is_not_a_country() {
        assert_eq!(code("00"), None);
        assert_eq!(code(""), None);
        assert_eq!(code("ZZ"), None);
        assert_eq!(code("Atlantis"), None);
        assert_eq!(
            code("Hamas Terrorist Attacks / Attaques terroristes du Hamas"),
            None
        );
    }

    #[test]
    fn serialises_as_upper_case_code() {
        let cn = Country::from_alpha2("cn").unwrap();
        assert_eq!(serde_json::to_string(&cn).unwrap(), "\"CN\"");
        assert_eq!(cn.name(), "China");
    }
}
