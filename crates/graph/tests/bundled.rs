//! The graph of the bundled lists: the March 2021 Xinjiang listings and
//! China's answer to them.

use interdict_catalog::Manifest;
use interdict_graph::{DateRange, SanctionsGraph};
use interdict_model::{Authority, Entity};

fn bundled() -> (Vec<Entity>, SanctionsGraph) {
    let sources = Manifest::bundled()
        .and_then(|manifest| manifest.load())
        .unwrap_or_else(|error| panic!("the bundled lists load: {error}"));
    let entities: Vec<Entity> = sources.into_iter().flat_map(|s| s.entities).collect();
    let graph = SanctionsGraph::build(&entities);
    (entities, graph)
}

#[test]
fn the_bundled_lists_answer_who_what_and_which_counter_sanctions() {
    let (entities, graph) = bundled();

    // Who lists Zhu Hailun: every entity whose name has "Hailun" and "Zhu".
    let zhu: Vec<&str> = entities
        .iter()
        .filter(|e| {
            let name = e.caption().to_lowercase();
            name.contains("hailun") && name.contains("zhu")
        })
        .map(|e| e.id.as_str())
        .collect();
    let listed: Vec<(String, String)> = graph
        .listings_of(zhu.iter().copied())
        .iter()
        .map(|l| (l.authority.id().to_owned(), l.date_text()))
        .collect();
    let has = |authority: &str, date: &str| listed.iter().any(|(a, d)| a == authority && d == date);
    assert!(has("eu", "2021-03-22"), "{listed:?}");
    assert!(has("gb_ofsi", "2021-03-22"), "{listed:?}");
    // Canada's file dates its China regulations' first listings 2021-03-21.
    assert!(has("ca_gac", "2021-03-21"), "{listed:?}");
    // OFAC's legacy SDN XML gives no listing dates.
    assert!(has("us_ofac", "date unknown"), "{listed:?}");

    // What the EU listed in March 2021: 29, counted independently from
    // data/eu_fsf/eu_fsf_2024-05-13.xml.gz with Python's ElementTree
    // (designationDate, else the earliest publicationDate of the entry's
    // regulations, as the parser reads it): 25 on 2021-03-22 (14 under HR,
    // 11 under MMR) and 4 on 2021-03-02 (HR).
    let march = DateRange::parse(Some("2021-03-01"), Some("2021-03-31"))
        .unwrap_or_else(|error| panic!("{error}"));
    let eu = graph
        .listed_by("eu", march)
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(eu.listings.len(), 29);
    assert_eq!(eu.by_programme.get("HR"), Some(&18));
    assert_eq!(eu.by_programme.get("MMR"), Some(&11));
    assert_eq!(eu.undated_outside, 0, "every EU entry has a date");

    // China's MFA answered the EU on 2021-03-22: Zenz, Bütikofer, MERICS
    // on one side, Zhu Hailun and the XPCC Public Security Bureau on the
    // other.
    let links = graph
        .counter(Some("cn_mfa"), Some("eu"), false)
        .unwrap_or_else(|error| panic!("{error}"));
    let link = links
        .iter()
        .find(|l| l.on.to_string() == "2021-03-22")
        .unwrap_or_else(|| panic!("no 2021-03-22 link in {links:#?}"));
    let counter: Vec<&str> = link.counter.iter().map(|l| l.caption.as_str()).collect();
    for name in [
        "Adrian Zenz",
        "Reinhard Bütikofer",
        "Mercator Institute for China Studies (MERICS)",
    ] {
        assert!(counter.contains(&name), "{name} in {counter:?}");
    }
    assert_eq!(link.counter.len(), 14, "ten people and four bodies");
    assert_eq!(link.marked, 14);
    let prompted: Vec<&str> = link
        .prompted_by
        .iter()
        .map(|l| l.entity_id.as_str())
        .collect();
    assert!(
        prompted.contains(&"eu_fsf:EU.6251.70"),
        "Zhu Hailun in {prompted:?}"
    );
    assert!(
        link.prompted_by
            .iter()
            .any(|l| l.caption.contains("Public Security Bureau")),
        "the XPCC Public Security Bureau in {:?}",
        link.prompted_by
            .iter()
            .map(|l| &l.caption)
            .collect::<Vec<_>>()
    );
    assert!(
        link.reason.contains("2021-03-22 under HR"),
        "{}",
        link.reason
    );

    // The UK (2021-03-26) and Canada (2021-03-27) were answered too.
    for (against, day) in [("gb_ofsi", "2021-03-26"), ("ca_gac", "2021-03-27")] {
        let links = graph
            .counter(Some("cn_mfa"), Some(against), false)
            .unwrap_or_else(|error| panic!("{error}"));
        assert!(
            links.iter().any(|l| l.on.to_string() == day
                && l.prompted_by
                    .iter()
                    .any(|p| zhu.contains(&p.entity_id.as_str()))),
            "{against} on {day}: {links:#?}"
        );
    }

    let overview = graph.overview();
    assert!(
        overview
            .counter_edges
            .iter()
            .all(|e| matches!(e.by, Authority::CnMfa | Authority::CnMofcom)),
        "only China's lists name countermeasures"
    );
    assert!(
        overview.timing_only_links > 0,
        "links on timing alone are kept apart"
    );
}

/// The DoD's 1260H companies are China's (the parser gives them `CN`), so
/// China's countermeasures against US firms are linked to the 1260H
/// editions before them: MOFCOM's four countermeasure days from 2025-02-04
/// to 2026-08-05, each after the 2025-01-07 or 2026-06-08 edition.
#[test]
fn the_dod_1260h_companies_are_chinese_targets_that_china_answered() {
    let (_, graph) = bundled();
    let dod = graph
        .authorities()
        .iter()
        .find(|a| a.authority == Authority::UsDod)
        .unwrap_or_else(|| panic!("the DoD is in the graph"));
    assert_eq!(dod.listings, 397);
    assert_eq!(
        dod.by_target.iter().collect::<Vec<_>>(),
        [(&"CN".to_owned(), &397)],
        "every 1260H listing targets China"
    );

    let links = graph
        .counter(Some("cn_mofcom"), Some("us_dod"), false)
        .unwrap_or_else(|error| panic!("{error}"));
    let days: Vec<String> = links.iter().map(|l| l.on.to_string()).collect();
    assert_eq!(
        days,
        ["2025-02-04", "2025-03-04", "2025-04-04", "2026-08-05"]
    );
    let march = &links[1];
    assert_eq!(march.counter.len(), 25, "ACT1 Federal and 24 more");
    assert_eq!(march.marked, 10);
    assert_eq!(
        march.prompted_by.len(),
        133,
        "the 1260H edition of 2025-01-07"
    );
    assert!(
        march
            .prompted_by
            .iter()
            .all(|l| l.programmes == ["Section 1260H"]
                && l.listed_on.map(|d| d.to_string()).as_deref() == Some("2025-01-07")),
        "{:?}",
        march.prompted_by
    );
}
