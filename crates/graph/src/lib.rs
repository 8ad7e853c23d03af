//! Who sanctioned whom, from the listings of the loaded lists.
//!
//! [`SanctionsGraph::build`] reads every entity's listings once: for each
//! authority, whom it lists (with the targets' places: nationality, else
//! country), when and under which programme ([`authorities`]), and the
//! counter-sanctions links between authorities ([`counter`]). It answers
//! which authorities list an entity, what an authority listed in a date
//! range, and which of A's listings B answered with counter-sanctions.
//! Nothing about any one country is built in: jurisdictions are the
//! authorities' own ([`places`]), and a user's list with its authority
//! (`ru_mfa`) is linked the same way as China's.

pub mod authorities;
pub mod counter;
pub mod places;

use std::collections::{BTreeMap, HashMap};

use interdict_model::{Authority, Entity, PartialDate};
use serde::Serialize;

pub use authorities::{AuthoritySummary, DateRange, GraphListing, ListedBy, UNKNOWN_PLACE};
pub use counter::{CounterLink, CounterRule};

/// A question the graph cannot answer as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GraphError {
    /// No loaded listing is by this authority.
    #[error("no listings by authority {id:?}; the loaded lists have listings by {known}")]
    UnknownAuthority {
        /// The id asked for.
        id: String,
        /// The authorities with listings, comma-separated.
        known: String,
    },
    /// A date is not an ISO date.
    #[error("{field} {text:?} is not a date (YYYY-MM-DD, YYYY-MM or YYYY): {reason}")]
    Date {
        /// Which end of the range.
        field: &'static str,
        /// The text given.
        text: String,
        /// Why it is not a date.
        reason: String,
    },
    /// The range ends before it starts.
    #[error("the range from {from} to {to} ends before it starts")]
    EmptyRange {
        /// The first day.
        from: String,
        /// The last day.
        to: String,
    },
}

/// The authority-to-target graph of the loaded lists, built once.
#[derive(Debug, Clone)]
pub struct SanctionsGraph {
    /// Every listing, by authority, then date (undated last), then caption.
    listings: Vec<GraphListing>,
    /// The listings of each authority, as positions in `listings`.
    by_authority: BTreeMap<Authority, Vec<usize>>,
    /// The listings of each entity, as positions in `listings`.
    by_entity: HashMap<String, Vec<usize>>,
    summaries: Vec<AuthoritySummary>,
    links: Vec<CounterLink>,
    rule: CounterRule,
}

impl SanctionsGraph {
    /// The graph of `entities`' listings, with the default counter rule.
    pub fn build(entities: &[Entity]) -> Self {
        Self::with_rule(entities, CounterRule::default())
    }

    /// The graph of `entities`' listings, linking counter-sanctions by `rule`.
    pub fn with_rule(entities: &[Entity], rule: CounterRule) -> Self {
        let mut listings: Vec<GraphListing> = entities.iter().flat_map(GraphListing::of).collect();
        listings.sort_by(|a, b| {
            a.authority
                .cmp(&b.authority)
                .then_with(|| a.listed_on.is_none().cmp(&b.listed_on.is_none()))
                .then_with(|| a.listed_on.cmp(&b.listed_on))
                .then_with(|| a.caption.cmp(&b.caption))
                .then_with(|| a.entity_id.cmp(&b.entity_id))
        });
        let mut by_authority: BTreeMap<Authority, Vec<usize>> = BTreeMap::new();
        let mut by_entity: HashMap<String, Vec<usize>> = HashMap::new();
        for (position, listing) in listings.iter().enumerate() {
            by_authority
                .entry(listing.authority.clone())
                .or_default()
                .push(position);
            by_entity
                .entry(listing.entity_id.clone())
                .or_default()
                .push(position);
        }
        let summaries = by_authority
            .iter()
            .map(|(authority, positions)| {
                let of: Vec<&GraphListing> =
                    positions.iter().filter_map(|&p| listings.get(p)).collect();
                AuthoritySummary::of(authority, &of)
            })
            .collect();
        let links = counter::links(&listings, rule);
        Self {
            listings,
            by_authority,
            by_entity,
            summaries,
            links,
            rule,
        }
    }

    /// Every listing, by authority, then date (undated last).
    pub fn listings(&self) -> &[GraphListing] {
        &self.listings
    }

    /// Each authority with listings, counted, in id order.
    pub fn authorities(&self) -> &[AuthoritySummary] {
        &self.summaries
    }

    /// The rule counter-sanctions are linked by.
    pub fn rule(&self) -> CounterRule {
        self.rule
    }

    /// Every counter-sanctions link, by B, day and A, timing-only ones too.
    pub fn links(&self) -> &[CounterLink] {
        &self.links
    }

    /// The authority with this id (`eu`, `cn_mfa`, a user list's own), if
    /// any loaded listing is by it.
    pub fn authority(&self, id: &str) -> Result<&Authority, GraphError> {
        let Ok(wanted) = id.parse::<Authority>();
        self.by_authority
            .get_key_value(&wanted)
            .map(|(authority, _)| authority)
            .ok_or_else(|| GraphError::UnknownAuthority {
                id: id.to_owned(),
                known: self
                    .by_authority
                    .keys()
                    .map(Authority::id)
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// The listings of these entities, by authority, then date.
    pub fn listings_of<'a>(
        &self,
        entity_ids: impl IntoIterator<Item = &'a str>,
    ) -> Vec<&GraphListing> {
        let mut positions: Vec<usize> = entity_ids
            .into_iter()
            .filter_map(|id| self.by_entity.get(id))
            .flatten()
            .copied()
            .collect();
        positions.sort_unstable();
        positions.dedup();
        positions
            .into_iter()
            .filter_map(|p| self.listings.get(p))
            .collect()
    }

    /// The counter-sanctions links (named countermeasures) in which any of
    /// these entities is listed, on either side.
    pub fn links_involving(&self, entity_ids: &[&str]) -> Vec<&CounterLink> {
        self.links
            .iter()
            .filter(|link| link.marked > 0)
            .filter(|link| entity_ids.iter().any(|id| link.involves(id)))
            .collect()
    }

    /// What the authority with this id listed in `range`.
    pub fn listed_by(&self, id: &str, range: DateRange) -> Result<ListedBy<'_>, GraphError> {
        let authority = self.authority(id)?;
        let all: Vec<&GraphListing> = self
            .by_authority
            .get(authority)
            .into_iter()
            .flatten()
            .filter_map(|&p| self.listings.get(p))
            .collect();
        Ok(ListedBy::of(authority, &all, range))
    }

    /// The counter-sanctions links by B and against A, either or both
    /// given by id; with `timing_only`, also the links whose B listings the
    /// data does not name countermeasures.
    pub fn counter(
        &self,
        by: Option<&str>,
        against: Option<&str>,
        timing_only: bool,
    ) -> Result<Vec<&CounterLink>, GraphError> {
        let by = by.map(|id| self.authority(id)).transpose()?;
        let against = against.map(|id| self.authority(id)).transpose()?;
        Ok(self
            .links
            .iter()
            .filter(|link| timing_only || link.marked > 0)
            .filter(|link| by.is_none_or(|by| link.by == *by))
            .filter(|link| against.is_none_or(|against| link.against == *against))
            .collect())
    }

    /// The whole graph in brief: the authorities, how many listings each
    /// has of each target place, and the counter-sanctions edges.
    pub fn overview(&self) -> Overview<'_> {
        let target_edges = self
            .summaries
            .iter()
            .flat_map(|summary| {
                summary
                    .by_target
                    .iter()
                    .map(|(place, &listings)| TargetEdge {
                        authority: summary.authority.clone(),
                        target: place.clone(),
                        listings,
                    })
            })
            .collect();
        let mut counter_edges: BTreeMap<(&Authority, &Authority), CounterEdge> = BTreeMap::new();
        for link in self.links.iter().filter(|link| link.marked > 0) {
            let edge = counter_edges
                .entry((&link.by, &link.against))
                .or_insert_with(|| CounterEdge {
                    by: link.by.clone(),
                    against: link.against.clone(),
                    links: 0,
                    counter_listings: 0,
                    marked: 0,
                    first: link.on,
                    last: link.on,
                });
            edge.links += 1;
            edge.counter_listings += link.counter.len();
            edge.marked += link.marked;
            edge.first = edge.first.min(link.on);
            edge.last = edge.last.max(link.on);
        }
        Overview {
            authorities: &self.summaries,
            target_edges,
            counter_edges: counter_edges.into_values().collect(),
            timing_only_links: self.links.iter().filter(|link| link.marked == 0).count(),
            window_days: self.rule.window_days,
            rule: self.rule.describe(),
        }
    }
}

/// `A lists N targets of place C`.
#[derive(Debug, Clone, Serialize)]
pub struct TargetEdge {
    /// The listing authority.
    pub authority: Authority,
    /// The target place (`CN`, `EU`, `unknown`).
    pub target: String,
    /// Its listings of targets of that place.
    pub listings: usize,
}

/// `B counter-sanctioned A`: every link between the two.
#[derive(Debug, Clone, Serialize)]
pub struct CounterEdge {
    /// The authority that counter-sanctions.
    pub by: Authority,
    /// The authority answered.
    pub against: Authority,
    /// Links (days on which B answered A).
    pub links: usize,
    /// B's listings in those links.
    pub counter_listings: usize,
    /// How many of them the data names countermeasures.
    pub marked: usize,
    /// The first day B answered A.
    pub first: PartialDate,
    /// The last day B answered A.
    pub last: PartialDate,
}

/// The graph in brief.
#[derive(Debug, Clone, Serialize)]
pub struct Overview<'a> {
    /// Every authority with listings, counted.
    pub authorities: &'a [AuthoritySummary],
    /// Listings by authority and target place.
    pub target_edges: Vec<TargetEdge>,
    /// Counter-sanctions, by B and A: the links whose B listings the data
    /// names countermeasures.
    pub counter_edges: Vec<CounterEdge>,
    /// Links on timing alone, not in `counter_edges`.
    pub timing_only_links: usize,
    /// The link window, in days.
    pub window_days: u32,
    /// The link rule in words.
    pub rule: String,
}

#[cfg(test)]
mod tests {
    use interdict_model::{Country, Listing, Schema};

    use super::*;

    fn entity(id: &str, nationality: &str, authority: Authority, date: &str) -> Entity {
        let programme = if authority == Authority::CnMfa {
            "Countermeasures"
        } else {
            "Test"
        };
        let mut entity = Entity::new("test", id, Schema::Person);
        entity.add_name(interdict_model::Name::new(
            id,
            interdict_model::NameKind::Primary,
        ));
        entity
            .nationalities
            .extend(Country::from_alpha2(nationality));
        let mut listing = Listing::new("test", authority);
        listing.listed_on = PartialDate::parse_iso(date).ok();
        listing.programmes.push(programme.into());
        entity.listings.push(listing);
        entity
    }

    #[test]
    fn answers_who_what_and_which_links() {
        let entities = [
            entity("zhu", "CN", Authority::Eu, "2021-03-22"),
            entity("zenz", "DE", Authority::CnMfa, "2021-03-22"),
            entity("putin", "RU", Authority::Eu, "2022-02-25"),
        ];
        let graph = SanctionsGraph::build(&entities);
        let zhu = graph.listings_of(["test:zhu"]);
        assert_eq!(zhu.len(), 1);
        assert_eq!(zhu[0].authority, Authority::Eu);

        let march = DateRange::parse(Some("2021-03-01"), Some("2021-03-31")).unwrap_or_default();
        let listed = graph
            .listed_by("eu", march)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(listed.listings.len(), 1);
        assert_eq!(listed.by_target.get("CN"), Some(&1));

        let error = graph.listed_by("xx_nobody", march).unwrap_err();
        assert!(error.to_string().contains("eu, cn_mfa"), "{error}");

        let links = graph
            .counter(Some("cn_mfa"), Some("eu"), false)
            .unwrap_or_default();
        assert_eq!(links.len(), 1);
        assert_eq!(graph.links_involving(&["test:zhu"]).len(), 1);
        assert!(graph.links_involving(&["test:putin"]).is_empty());

        let overview = graph.overview();
        assert_eq!(overview.counter_edges.len(), 1);
        assert_eq!(overview.counter_edges[0].counter_listings, 1);
        let eu_ru = overview
            .target_edges
            .iter()
            .find(|e| e.authority == Authority::Eu && e.target == "RU");
        assert_eq!(eu_ru.map(|e| e.listings), Some(1));
    }
}
