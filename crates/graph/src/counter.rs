//! Counter-sanctions: listings by one authority (B) that answer another
//! authority's (A) listings of B's own people.
//!
//! The rule, from the listings alone: B's listing of a target under A's
//! jurisdiction on day D is linked to A's listings of targets under B's
//! jurisdiction made from [`CounterRule::window_days`] before D up to the
//! day before D, or up to D itself when the data names B's listing a
//! countermeasure (dates alone do not tell which of two same-day listings
//! answered the other).
//! Jurisdictions are the authorities' countries (the EU's: its member
//! states and its own bodies), see [`crate::places::jurisdiction`]. Each
//! link counts how many of B's listings the data itself names
//! countermeasures, and the graph's answers show only those links by
//! default: with timing alone, allies that list each other's nationals
//! (a terrorist of British nationality listed by the EU after the UK listed
//! a French one) would look like counter-sanctions. Listings without a
//! date link nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use interdict_model::{Authority, Day, PartialDate, Schema};
use serde::Serialize;

use crate::authorities::GraphListing;
use crate::places::jurisdiction;

/// How counter-sanctions are linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CounterRule {
    /// How many days before B's listing A's listings may be.
    pub window_days: u32,
}

impl Default for CounterRule {
    /// 90 days: China's answers in the bundled lists came the same day to
    /// a few weeks after the listings they answered.
    fn default() -> Self {
        Self { window_days: 90 }
    }
}

impl CounterRule {
    /// The rule in words.
    pub fn describe(&self) -> String {
        format!(
            "a listing by B that the list names a countermeasure, of a target under A's jurisdiction, is linked to A's listings of targets under B's jurisdiction made on the same day or in the {} days before; listings without a date are not linked. Timing-only links (B's listing not named a countermeasure, A's strictly before it) are kept apart",
            self.window_days
        )
    }
}

/// B's listings on one day of targets under A's jurisdiction, and A's
/// listings of B's people that came shortly before. A link none of whose
/// B listings the data names a countermeasure (`marked` 0) rests on timing
/// alone.
#[derive(Debug, Clone, Serialize)]
pub struct CounterLink {
    /// The authority that counter-sanctions (B).
    pub by: Authority,
    /// Its name.
    pub by_name: String,
    /// The authority answered (A).
    pub against: Authority,
    /// Its name.
    pub against_name: String,
    /// The day of B's listings.
    pub on: PartialDate,
    /// B's listings that day of targets under A's jurisdiction.
    pub counter: Vec<GraphListing>,
    /// A's listings of targets under B's jurisdiction in the window, latest
    /// first.
    pub prompted_by: Vec<GraphListing>,
    /// How many of `counter` the data names countermeasures.
    pub marked: usize,
    /// Why the link is drawn, in words.
    pub reason: String,
}

impl CounterLink {
    /// Whether `entity_id` is among the listings on either side.
    pub fn involves(&self, entity_id: &str) -> bool {
        self.counter
            .iter()
            .chain(&self.prompted_by)
            .any(|listing| listing.entity_id == entity_id)
    }
}

/// Every counter-sanctions link among `listings`, by B, day and A.
pub fn links(listings: &[GraphListing], rule: CounterRule) -> Vec<CounterLink> {
    let authorities: BTreeSet<&Authority> = listings.iter().map(|l| &l.authority).collect();
    let places: BTreeMap<&Authority, Vec<String>> = authorities
        .iter()
        .map(|authority| (*authority, jurisdiction(authority)))
        .filter(|(_, places)| !places.is_empty())
        .collect();

    // (B, day, A) → B's listings that day of targets under A's jurisdiction.
    let mut answers: BTreeMap<(&Authority, PartialDate, &Authority), Vec<usize>> = BTreeMap::new();
    for (index, listing) in listings.iter().enumerate() {
        let (Some(on), Some(by_places)) = (listing.listed_on, places.get(&listing.authority))
        else {
            continue;
        };
        for (against, against_places) in &places {
            if *against == &listing.authority
                || against_places.iter().any(|p| by_places.contains(p))
                || !listing.targets_any(against_places)
            {
                continue;
            }
            answers
                .entry((&listing.authority, on, *against))
                .or_default()
                .push(index);
        }
    }

    // Each authority's dated listings by their first day, to find a window
    // without scanning every listing.
    let mut dated: BTreeMap<&Authority, Vec<(Day, &GraphListing)>> = BTreeMap::new();
    for listing in listings {
        if let Some(date) = listing.listed_on {
            dated
                .entry(&listing.authority)
                .or_default()
                .push((date.first_day(), listing));
        }
    }
    for by_day in dated.values_mut() {
        by_day.sort_by_key(|(day, _)| *day);
    }

    let mut found = Vec::new();
    for ((by, on, against), counter) in answers {
        let (Some(by_places), Some(against_dated)) = (places.get(by), dated.get(against)) else {
            continue;
        };
        let marked = counter
            .iter()
            .filter_map(|&i| listings.get(i))
            .filter(|l| l.marked_counter)
            .count();
        let earliest = on.first_day().plus(-to_days(rule.window_days));
        // Dates do not tell which of two same-day listings came first: B's
        // answers A's of that day only if the data names B's a countermeasure.
        let latest = if marked > 0 {
            on.last_day()
        } else {
            on.first_day().plus(-1)
        };
        // A date known only to the year may start up to a year earlier.
        let start = against_dated.partition_point(|(day, _)| *day < earliest.plus(-366));
        let end = against_dated.partition_point(|(day, _)| *day <= latest);
        let mut prompted_by: Vec<&GraphListing> = against_dated
            .get(start..end)
            .unwrap_or_default()
            .iter()
            .map(|(_, listing)| *listing)
            .filter(|listing| {
                listing.targets_any(by_places)
                    && listing
                        .listed_on
                        .is_some_and(|date| date.last_day() >= earliest)
            })
            .collect();
        if prompted_by.is_empty() {
            continue;
        }
        prompted_by.sort_by(|a, b| {
            b.listed_on
                .cmp(&a.listed_on)
                .then_with(|| a.caption.cmp(&b.caption))
        });
        let mut counter: Vec<&GraphListing> =
            counter.iter().filter_map(|&i| listings.get(i)).collect();
        counter.sort_by(|a, b| a.caption.cmp(&b.caption));
        let reason = reason(by, on, against, &counter, &prompted_by, by_places, rule);
        found.push(CounterLink {
            by: by.clone(),
            by_name: by.name().to_owned(),
            against: against.clone(),
            against_name: against.name().to_owned(),
            on,
            counter: counter.into_iter().cloned().collect(),
            prompted_by: prompted_by.into_iter().cloned().collect(),
            marked,
            reason,
        });
    }
    found
}

fn to_days(window: u32) -> i32 {
    i32::try_from(window).unwrap_or(i32::MAX)
}

/// "China Ministry of Foreign Affairs listed Adrian Zenz (DE), ... on
/// 2021-03-22 (14 marked countermeasures); in the 90 days before, European
/// Union had listed 4 persons and 1 entity of CN: on 2021-03-22 under HR."
fn reason(
    by: &Authority,
    on: PartialDate,
    against: &Authority,
    counter: &[&GraphListing],
    prompted_by: &[&GraphListing],
    by_places: &[String],
    rule: CounterRule,
) -> String {
    const NAMED: usize = 3;
    let mut named: Vec<String> = Vec::new();
    for listing in counter {
        let name = format!("{} ({})", listing.caption, listing.targets_text());
        if !named.contains(&name) {
            named.push(name);
        }
    }
    let more = named.len().saturating_sub(NAMED);
    named.truncate(NAMED);
    let mut text = format!("{} listed {}", by.name(), named.join(", "));
    if more > 0 {
        let _ = write!(text, " and {more} more");
    }
    let marked = counter.iter().filter(|l| l.marked_counter).count();
    let _ = write!(text, " on {on}");
    if marked > 0 {
        let _ = write!(text, " ({marked} named countermeasures by the list)");
    }
    let places = by_places
        .iter()
        .filter(|place| prompted_by.iter().any(|l| l.targets.contains(place)))
        .cloned()
        .collect::<Vec<_>>()
        .join("/");
    let _ = write!(
        text,
        "; in the {} days before, {} had listed {} of {places}",
        rule.window_days,
        against.name(),
        persons_and_entities(prompted_by),
    );
    // Each day with its programmes, latest first.
    let mut days: Vec<(PartialDate, BTreeSet<&str>)> = Vec::new();
    for listing in prompted_by {
        let Some(date) = listing.listed_on else {
            continue;
        };
        let programmes = listing.programmes.iter().map(String::as_str);
        match days.iter_mut().find(|(day, _)| *day == date) {
            Some((_, set)) => set.extend(programmes),
            None => days.push((date, programmes.collect())),
        }
    }
    let days: Vec<String> = days
        .iter()
        .map(|(date, programmes)| {
            let programmes: Vec<&str> = programmes.iter().copied().collect();
            if programmes.is_empty() {
                date.to_string()
            } else {
                format!("{date} under {}", programmes.join(", "))
            }
        })
        .collect();
    let _ = write!(text, ": {}", days.join("; "));
    text
}

/// `4 persons and 1 entity`.
fn persons_and_entities(listings: &[&GraphListing]) -> String {
    let mut ids: Vec<(&str, bool)> = listings
        .iter()
        .map(|l| (l.entity_id.as_str(), l.schema == Schema::Person))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let persons = ids.iter().filter(|(_, person)| *person).count();
    let others = ids.len() - persons;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    match (persons, others) {
        (0, n) => plural(n, "entity", "entities"),
        (n, 0) => plural(n, "person", "persons"),
        (p, n) => format!(
            "{} and {}",
            plural(p, "person", "persons"),
            plural(n, "entity", "entities")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(
        id: &str,
        authority: Authority,
        date: Option<&str>,
        targets: &[&str],
        programme: &str,
        schema: Schema,
    ) -> GraphListing {
        GraphListing {
            entity_id: id.into(),
            caption: id.into(),
            schema,
            authority,
            source: "test".into(),
            programmes: vec![programme.to_owned()],
            listed_on: date.map(|d| PartialDate::parse_iso(d).unwrap_or_else(|e| panic!("{e}"))),
            ended_on: None,
            reference: None,
            targets: targets.iter().map(|t| (*t).to_owned()).collect(),
            marked_counter: programme == "Countermeasures",
        }
    }

    fn march_2021() -> Vec<GraphListing> {
        use Authority::{CnMfa, Eu, UnSc};
        vec![
            listing("zhu", Eu, Some("2021-03-22"), &["CN"], "HR", Schema::Person),
            listing(
                "xpcc",
                Eu,
                Some("2021-03-22"),
                &["CN"],
                "HR",
                Schema::Organization,
            ),
            listing("old", Eu, Some("2020-01-01"), &["CN"], "HR", Schema::Person),
            listing("undated", Eu, None, &["CN"], "HR", Schema::Person),
            listing(
                "zenz",
                CnMfa,
                Some("2021-03-22"),
                &["DE"],
                "Countermeasures",
                Schema::Person,
            ),
            listing(
                "psc",
                CnMfa,
                Some("2021-03-22"),
                &["EU"],
                "Countermeasures",
                Schema::Organization,
            ),
            listing(
                "ned",
                CnMfa,
                Some("2019-12-02"),
                &["US"],
                "Countermeasures",
                Schema::Organization,
            ),
            listing("un", UnSc, Some("2021-03-22"), &["CN"], "X", Schema::Person),
        ]
    }

    #[test]
    fn a_counter_listing_links_to_the_listings_it_answers() {
        let links = links(&march_2021(), CounterRule::default());
        assert_eq!(links.len(), 1, "{links:#?}");
        let link = &links[0];
        assert_eq!(
            (&link.by, &link.against),
            (&Authority::CnMfa, &Authority::Eu)
        );
        let counter: Vec<&str> = link.counter.iter().map(|l| l.entity_id.as_str()).collect();
        assert_eq!(counter, ["psc", "zenz"]);
        let prompted: Vec<&str> = link
            .prompted_by
            .iter()
            .map(|l| l.entity_id.as_str())
            .collect();
        assert_eq!(
            prompted,
            ["xpcc", "zhu"],
            "the 2020 and undated ones are outside"
        );
        assert_eq!(link.marked, 2);
        assert!(
            link.reason.contains("1 person and 1 entity of CN"),
            "{}",
            link.reason
        );
        assert!(
            link.reason.contains("2021-03-22 under HR"),
            "{}",
            link.reason
        );
        assert!(link.involves("zhu") && link.involves("zenz") && !link.involves("old"));
    }

    #[test]
    fn the_window_bounds_the_link() {
        let mut listings = march_2021();
        listings.retain(|l| l.entity_id != "zhu" && l.entity_id != "xpcc");
        assert!(links(&listings, CounterRule::default()).is_empty());
        let wide = CounterRule { window_days: 500 };
        let found = links(&listings, wide);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].prompted_by[0].entity_id, "old");
    }

    #[test]
    fn a_user_authority_links_the_same_way() {
        let listings = vec![
            listing(
                "ru-official",
                Authority::GbOfsi,
                Some("2022-02-24"),
                &["RU"],
                "Russia",
                Schema::Person,
            ),
            listing(
                "uk-minister",
                Authority::RuMfa,
                Some("2022-04-16"),
                &["GB"],
                "Stop list",
                Schema::Person,
            ),
        ];
        let found = links(&listings, CounterRule::default());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].by, Authority::RuMfa);
        assert_eq!(
            found[0].marked, 0,
            "the stop list does not name it a countermeasure"
        );
    }
}
