//! The authority-to-target view: each listing with its target's places,
//! each authority's counts by target place, programme, year and month, and
//! what an authority listed in a date range.

use std::collections::BTreeMap;

use interdict_model::{Authority, Day, Entity, Listing, PartialDate, Schema};
use serde::Serialize;

use crate::GraphError;
use crate::places::{jurisdiction, target_places};

/// The key of listings whose target the list ties to no place.
pub const UNKNOWN_PLACE: &str = "unknown";

/// Words by which a list names a listing a counter-sanction in its
/// programme: China's blank lists become `Countermeasures`, others are the
/// `List of Targets of Countermeasures`, and the parser adds
/// `Countermeasures` to the lists the data's topics mark as counter-
/// sanctions whatever their name (`AFSL`, China's Anti-Foreign Sanctions
/// Law). Compared in lower case.
const COUNTER_MARKS: [&str; 8] = [
    "countermeasure",
    "counter-measure",
    "counter-sanction",
    "countersanction",
    "retaliat",
    "response measure",
    "anti-foreign sanctions",
    "ответн",
];

/// One listing of one target, with what the graph needs of the target.
#[derive(Debug, Clone, Serialize)]
pub struct GraphListing {
    /// The listed entity's id (`eu_fsf:EU.6251.70`).
    pub entity_id: String,
    /// The entity's name to show.
    pub caption: String,
    /// What the entity is.
    pub schema: Schema,
    /// Who lists it.
    pub authority: Authority,
    /// The list it is on.
    pub source: String,
    /// The programmes or regimes it is listed under.
    pub programmes: Vec<String>,
    /// When it was listed; none when the list does not say.
    pub listed_on: Option<PartialDate>,
    /// When the listing ended, if it has.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended_on: Option<PartialDate>,
    /// The list's reference for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The places the target belongs to (see [`crate::places::target_places`]).
    pub targets: Vec<String>,
    /// Whether the list names this listing a counter-sanction.
    pub marked_counter: bool,
}

impl GraphListing {
    /// The graph's listings of one entity, one per listing.
    pub fn of(entity: &Entity) -> Vec<GraphListing> {
        let targets = target_places(entity);
        entity
            .listings
            .iter()
            .map(|listing| GraphListing::one(entity, listing, targets.clone()))
            .collect()
    }

    fn one(entity: &Entity, listing: &Listing, targets: Vec<String>) -> Self {
        Self {
            entity_id: entity.id.clone(),
            caption: entity.caption().to_owned(),
            schema: entity.schema,
            authority: listing.authority.clone(),
            source: listing.source.clone(),
            programmes: listing.programmes.clone(),
            listed_on: listing.listed_on,
            ended_on: listing.ended_on,
            reference: listing.reference.clone(),
            targets,
            marked_counter: is_marked_counter(&listing.programmes),
        }
    }

    /// The listing date as text, or `date unknown`.
    pub fn date_text(&self) -> String {
        self.listed_on
            .map_or_else(|| "date unknown".to_owned(), |date| date.to_string())
    }

    /// The target places joined (`CN`, `DE, EU`), or `unknown`.
    pub fn targets_text(&self) -> String {
        if self.targets.is_empty() {
            UNKNOWN_PLACE.to_owned()
        } else {
            self.targets.join(", ")
        }
    }

    /// Whether the target belongs to any of `places`.
    pub fn targets_any(&self, places: &[String]) -> bool {
        self.targets.iter().any(|target| places.contains(target))
    }
}

/// Whether any programme names the listing a counter-sanction.
fn is_marked_counter(programmes: &[String]) -> bool {
    programmes.iter().any(|programme| {
        let lower = programme.to_lowercase();
        COUNTER_MARKS.iter().any(|mark| lower.contains(mark))
    })
}

/// One authority's listings, counted.
#[derive(Debug, Clone, Serialize)]
pub struct AuthoritySummary {
    /// The authority's id (`eu`, `cn_mfa`).
    pub authority: Authority,
    /// Its name.
    pub name: String,
    /// Its two-letter badge (`EU`, `CN`).
    pub badge: String,
    /// The places its jurisdiction covers; empty for the UN and for
    /// authorities the model does not know.
    pub jurisdiction: Vec<String>,
    /// Listings.
    pub listings: usize,
    /// Distinct entities listed.
    pub entities: usize,
    /// Listings whose date the list gives.
    pub dated: usize,
    /// Listings whose date the list does not give.
    pub undated: usize,
    /// The earliest listing date.
    pub first_listed: Option<PartialDate>,
    /// The latest listing date.
    pub last_listed: Option<PartialDate>,
    /// Listings by target place (`unknown` where the list gives none); a
    /// target of two places counts for each.
    pub by_target: BTreeMap<String, usize>,
    /// Listings by programme.
    pub by_programme: BTreeMap<String, usize>,
    /// Dated listings by year.
    pub by_year: BTreeMap<u16, usize>,
    /// Listings dated to the month or day, by month (`2021-03`).
    pub by_month: BTreeMap<String, usize>,
}

impl AuthoritySummary {
    /// Counts `listings`, all by `authority`.
    pub fn of(authority: &Authority, listings: &[&GraphListing]) -> Self {
        let mut entities: Vec<&str> = listings.iter().map(|l| l.entity_id.as_str()).collect();
        entities.sort_unstable();
        entities.dedup();
        let dates: Vec<PartialDate> = listings.iter().filter_map(|l| l.listed_on).collect();
        let mut by_year = BTreeMap::new();
        let mut by_month = BTreeMap::new();
        for date in &dates {
            *by_year.entry(date.year_value()).or_default() += 1;
            if let Some(month) = date.month_value() {
                let key = format!("{:04}-{month:02}", date.year_value());
                *by_month.entry(key).or_default() += 1;
            }
        }
        Self {
            authority: authority.clone(),
            name: authority.name().to_owned(),
            badge: authority.badge().to_owned(),
            jurisdiction: jurisdiction(authority),
            listings: listings.len(),
            entities: entities.len(),
            dated: dates.len(),
            undated: listings.len() - dates.len(),
            first_listed: dates.iter().min().copied(),
            last_listed: dates.iter().max().copied(),
            by_target: count_targets(listings),
            by_programme: count_programmes(listings),
            by_year,
            by_month,
        }
    }
}

/// Listings by target place, `unknown` for those with none.
pub fn count_targets(listings: &[&GraphListing]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for listing in listings {
        if listing.targets.is_empty() {
            *counts.entry(UNKNOWN_PLACE.to_owned()).or_default() += 1;
        }
        for target in &listing.targets {
            *counts.entry(target.clone()).or_default() += 1;
        }
    }
    counts
}

/// Listings by programme, `none` for those with none.
pub fn count_programmes(listings: &[&GraphListing]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for listing in listings {
        if listing.programmes.is_empty() {
            *counts.entry("none".to_owned()).or_default() += 1;
        }
        for programme in &listing.programmes {
            *counts.entry(programme.clone()).or_default() += 1;
        }
    }
    counts
}

/// A range of days, either end open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateRange {
    /// The first day in the range.
    pub from: Option<Day>,
    /// The last day in the range.
    pub to: Option<Day>,
}

impl DateRange {
    /// Reads `from` and `to` as ISO dates (`2021-03-01`, `2021-03`, `2021`):
    /// from the first day of `from` to the last day of `to`.
    pub fn parse(from: Option<&str>, to: Option<&str>) -> Result<Self, GraphError> {
        let read = |field: &'static str, text: Option<&str>| {
            text.map(str::trim)
                .filter(|text| !text.is_empty())
                .map(|text| {
                    PartialDate::parse_iso(text).map_err(|error| GraphError::Date {
                        field,
                        text: text.to_owned(),
                        reason: error.to_string(),
                    })
                })
                .transpose()
        };
        let range = Self {
            from: read("from", from)?.map(|date| date.first_day()),
            to: read("to", to)?.map(|date| date.last_day()),
        };
        if let (Some(from), Some(to)) = (range.from, range.to)
            && from > to
        {
            return Err(GraphError::EmptyRange {
                from: from.to_string(),
                to: to.to_string(),
            });
        }
        Ok(range)
    }

    /// Whether a listing date falls in the range: its first day does (a
    /// listing dated only `2021-03` is in a range from `2021-03-01`). A
    /// listing without a date is in the range only if both ends are open.
    pub fn contains(&self, date: Option<PartialDate>) -> bool {
        match date {
            None => self.from.is_none() && self.to.is_none(),
            Some(date) => {
                let day = date.first_day();
                self.from.is_none_or(|from| day >= from) && self.to.is_none_or(|to| day <= to)
            }
        }
    }

    /// Whether either end is set.
    pub fn is_bounded(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }
}

/// What one authority listed in a date range.
#[derive(Debug, Clone, Serialize)]
pub struct ListedBy<'a> {
    /// The authority.
    pub authority: Authority,
    /// Its name.
    pub name: String,
    /// The first day of the range, if bounded.
    #[serde(serialize_with = "serialize_day")]
    pub from: Option<Day>,
    /// The last day of the range, if bounded.
    #[serde(serialize_with = "serialize_day")]
    pub to: Option<Day>,
    /// How many listings fall in the range.
    pub total: usize,
    /// Listings in the range, earliest first.
    pub listings: Vec<&'a GraphListing>,
    /// Distinct entities among them.
    pub entities: usize,
    /// The listings by programme.
    pub by_programme: BTreeMap<String, usize>,
    /// The listings by target place.
    pub by_target: BTreeMap<String, usize>,
    /// The authority's listings without a date, which no bounded range
    /// holds: they may or may not have been made in it.
    pub undated_outside: usize,
}

fn serialize_day<S: serde::Serializer>(
    day: &Option<Day>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match day {
        Some(day) => serializer.collect_str(day),
        None => serializer.serialize_none(),
    }
}

impl<'a> ListedBy<'a> {
    /// The listings of `all` (one authority's) that fall in `range`.
    pub fn of(authority: &Authority, all: &[&'a GraphListing], range: DateRange) -> Self {
        let listings: Vec<&GraphListing> = all
            .iter()
            .copied()
            .filter(|listing| range.contains(listing.listed_on))
            .collect();
        let mut entities: Vec<&str> = listings.iter().map(|l| l.entity_id.as_str()).collect();
        entities.sort_unstable();
        entities.dedup();
        let undated_outside = if range.is_bounded() {
            all.iter().filter(|l| l.listed_on.is_none()).count()
        } else {
            0
        };
        Self {
            authority: authority.clone(),
            name: authority.name().to_owned(),
            from: range.from,
            to: range.to,
            entities: entities.len(),
            total: listings.len(),
            by_programme: count_programmes(&listings),
            by_target: count_targets(&listings),
            listings,
            undated_outside,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(date: Option<&str>, targets: &[&str], programme: &str) -> GraphListing {
        GraphListing {
            entity_id: "test:1".into(),
            caption: "Test".into(),
            schema: Schema::Person,
            authority: Authority::Eu,
            source: "test".into(),
            programmes: vec![programme.to_owned()],
            listed_on: date.map(|d| PartialDate::parse_iso(d).unwrap_or_else(|e| panic!("{e}"))),
            ended_on: None,
            reference: None,
            targets: targets.iter().map(|t| (*t).to_owned()).collect(),
            marked_counter: is_marked_counter(&[programme.to_owned()]),
        }
    }

    #[test]
    fn ranges_read_partial_dates_to_their_ends() {
        let range = DateRange::parse(Some("2021-03"), Some("2021-03")).unwrap_or_default();
        assert_eq!(
            range.from.map(|d| d.to_string()).as_deref(),
            Some("2021-03-01")
        );
        assert_eq!(
            range.to.map(|d| d.to_string()).as_deref(),
            Some("2021-03-31")
        );
        let march = |d: &str| range.contains(PartialDate::parse_iso(d).ok());
        assert!(march("2021-03-22"));
        assert!(march("2021-03"));
        assert!(!march("2021-04-01"));
        assert!(!march("2021"), "a year-only date starts in January");
        assert!(
            !range.contains(None),
            "an undated listing is in no bounded range"
        );
        assert!(DateRange::default().contains(None));
    }

    #[test]
    fn bad_ranges_say_what_is_wrong() {
        let error = DateRange::parse(Some("22.03.2021"), None).unwrap_err();
        assert!(error.to_string().contains("from"), "{error}");
        assert!(error.to_string().contains("22.03.2021"), "{error}");
        let error = DateRange::parse(Some("2021-04-01"), Some("2021-03-01")).unwrap_err();
        assert!(matches!(error, GraphError::EmptyRange { .. }), "{error}");
    }

    #[test]
    fn summaries_count_by_place_programme_and_month() {
        let all = [
            listing(Some("2021-03-22"), &["CN"], "HR"),
            listing(Some("2021-03-22"), &["CN", "HK"], "HR"),
            listing(Some("2022"), &[], "RUS"),
            listing(None, &["RU"], "RUS"),
        ];
        let refs: Vec<&GraphListing> = all.iter().collect();
        let summary = AuthoritySummary::of(&Authority::Eu, &refs);
        assert_eq!(summary.listings, 4);
        assert_eq!(summary.entities, 1);
        assert_eq!((summary.dated, summary.undated), (3, 1));
        assert_eq!(summary.by_target.get("CN"), Some(&2));
        assert_eq!(summary.by_target.get(UNKNOWN_PLACE), Some(&1));
        assert_eq!(summary.by_programme.get("RUS"), Some(&2));
        assert_eq!(summary.by_year.get(&2021), Some(&2));
        assert_eq!(summary.by_month.get("2021-03"), Some(&2));
        assert_eq!(
            summary.by_month.values().sum::<usize>(),
            2,
            "2022 has no month"
        );

        let range = DateRange::parse(Some("2021-03-01"), Some("2021-03-31")).unwrap_or_default();
        let listed = ListedBy::of(&Authority::Eu, &refs, range);
        assert_eq!(listed.listings.len(), 2);
        assert_eq!(listed.undated_outside, 1);
    }

    #[test]
    fn countermeasures_are_marked_by_programme() {
        assert!(listing(None, &[], "Countermeasures").marked_counter);
        assert!(listing(None, &[], "List of Targets of Countermeasures").marked_counter);
        assert!(!listing(None, &[], "Global Human Rights").marked_counter);
    }
}
