//! The user list readers on the example lists shipped in `examples/lists`,
//! and on the mistakes people make writing such lists.

mod common;

use std::path::Path;

use interdict_model::{Authority, Country, Entity, IdKind, NameKind, PartialDate, Schema};
use interdict_sources::{Context, Format, Location, Parsed, input};

use common::{country, dates};

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/lists/");

fn load_example(format: Format, file: &str, source: &str) -> Parsed {
    let path = format!("{EXAMPLES}{file}");
    let reader = input::open(Path::new(&path)).unwrap_or_else(|e| panic!("{e}"));
    format
        .parse(reader, &Context::new(source, file))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn parse(format: Format, text: &[u8]) -> Result<Parsed, String> {
    format
        .parse(text, &Context::new("acme", "list"))
        .map_err(|e| e.to_string())
}

fn date(text: &str) -> Option<PartialDate> {
    Some(PartialDate::parse_iso(text).unwrap_or_else(|e| panic!("{e}")))
}

fn names(entity: &Entity) -> Vec<(&str, NameKind)> {
    entity
        .names
        .iter()
        .map(|n| (n.full.as_str(), n.kind))
        .collect()
}

fn identifiers(entity: &Entity) -> Vec<(IdKind, &str, Option<Country>)> {
    entity
        .identifiers
        .iter()
        .map(|i| (i.kind, i.number.as_str(), i.country))
        .collect()
}

#[test]
fn the_example_watch_list() {
    let parsed = load_example(Format::UserCsv, "watchlist.csv", "acme_watchlist");
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert_eq!(parsed.meta.published, None);
    let ids: Vec<&str> = parsed.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "acme_watchlist:ACME-0001",
            "acme_watchlist:ACME-0002",
            "acme_watchlist:golden-lantern-trading-fze",
            "acme_watchlist:ACME-0004",
            "acme_watchlist:ACME-0005",
        ]
    );
    let [lomov, northwind, lantern, ship, lan] = parsed.entities.as_slice() else {
        panic!("five entities");
    };
    let acme = Authority::Other("acme_compliance".into());

    assert_eq!(lomov.schema, Schema::Person);
    assert_eq!(
        names(lomov),
        [
            ("Viktor Pavlovich Lomov", NameKind::Primary),
            ("Виктор Павлович Ломов", NameKind::Alias),
            ("V. P. Lomov", NameKind::Alias),
        ]
    );
    assert_eq!(lomov.names[1].script.as_deref(), Some("Cyrl"));
    assert_eq!(dates(lomov), ["1968-04-12"]);
    assert_eq!(lomov.nationalities, [country("RU"), country("CY")]);
    assert_eq!(
        identifiers(lomov),
        [
            (IdKind::Passport, "7512345678", Some(country("RU"))),
            (IdKind::TaxId, "771234567890", Some(country("RU"))),
        ]
    );
    let [listing] = lomov.listings.as_slice() else {
        panic!("one listing");
    };
    assert_eq!(listing.source, "acme_watchlist");
    assert_eq!(listing.authority, acme);
    assert_eq!(listing.programmes, ["Adverse media"]);
    assert_eq!(listing.listed_on, date("2024-02-01"));
    assert_eq!(listing.reference.as_deref(), Some("ACME-0001"));
    assert_eq!(
        listing.url.as_deref(),
        Some("https://intranet.example.com/cases/0001")
    );
    assert_eq!(
        listing.remarks.as_deref(),
        Some(
            "Fictional example: former director of a supplier, named in a 2023 court case; enhanced due diligence."
        )
    );

    assert_eq!(northwind.schema, Schema::Company);
    assert_eq!(
        names(northwind),
        [
            ("Northwind Maritime Ltd", NameKind::Primary),
            ("Northwind Shipping", NameKind::Alias),
            ("NWM Ltd", NameKind::Alias),
        ]
    );
    assert_eq!(dates(northwind), ["2011"], "incorporated in 2011");
    assert_eq!(northwind.countries, [country("MH")]);
    assert!(northwind.nationalities.is_empty());
    assert_eq!(
        identifiers(northwind),
        [
            (IdKind::Imo, "1234560", None),
            (IdKind::Registration, "98765", Some(country("MH"))),
        ]
    );
    assert_eq!(northwind.listings[0].programmes, ["Shadow fleet"]);
    assert_eq!(northwind.listings[0].listed_on, date("2024-05-20"));

    assert_eq!(lantern.caption(), "Golden Lantern Trading FZE");
    assert_eq!(lantern.names.len(), 1);
    assert_eq!(lantern.countries, [country("AE")]);
    assert_eq!(
        identifiers(lantern),
        [(IdKind::Registration, "DMCC-123456", Some(country("AE")))]
    );
    let listing = &lantern.listings[0];
    assert_eq!(listing.programmes, ["Export controls", "Dual-use goods"]);
    assert_eq!(listing.reference, None, "its id was made from the name");
    assert_eq!(listing.url, None);

    assert_eq!(ship.schema, Schema::Vessel);
    assert_eq!(
        names(ship),
        [
            ("Polar Dawn", NameKind::Primary),
            ("Arctic Dawn", NameKind::Alias),
            ("Северная Заря", NameKind::Alias),
        ]
    );
    assert_eq!(dates(ship), ["2004"], "built in 2004");
    assert_eq!(ship.countries, [country("PA")]);
    assert_eq!(
        ship.vessel.as_ref().and_then(|v| v.flag),
        Some(country("PA"))
    );
    assert_eq!(identifiers(ship), [(IdKind::Imo, "9876540", None)]);
    assert_eq!(
        ship.listings[0].listed_on,
        date("2024-05-20"),
        "20 May 2024"
    );

    assert_eq!(lan.schema, Schema::Person);
    assert_eq!(
        names(lan),
        [
            ("Lan Qiuyue", NameKind::Primary),
            ("蓝秋月", NameKind::Alias),
            ("Qiuyue Lan", NameKind::Alias),
        ]
    );
    assert_eq!(lan.names[1].script.as_deref(), Some("Hani"));
    assert_eq!(dates(lan), ["1975~"], "circa 1975");
    assert!(lan.birth_dates[0].is_approximate());
    assert_eq!(lan.nationalities, [country("CN")]);
    assert!(lan.identifiers.is_empty());
    let listing = &lan.listings[0];
    assert_eq!(
        listing.authority,
        Authority::Other("acme_watchlist".into()),
        "no authority: the list's own"
    );
    assert_eq!(listing.programmes, ["Internal review"]);
    assert_eq!(listing.listed_on, date("2024-03"));
    assert!(parsed.entities.iter().all(|e| e.unparsed.is_empty()));
}

#[test]
fn the_example_stop_list() {
    let parsed = load_example(
        Format::UserYaml,
        "ru_mfa_stop_list.yaml",
        "ru_mfa_stop_list",
    );
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert_eq!(parsed.meta.published, date("2022-03-15"));
    assert_eq!(parsed.entities.len(), 6);
    let thequint = "https://www.thequint.com/news/world/russia-imposes-retaliatory-sanctions-on-president-biden-top-us-officials";
    let global_times = "https://www.globaltimes.cn/page/202203/1254974.shtml";
    let expected = [
        (
            "us-biden-joseph",
            "Joseph Biden",
            vec!["Joe Biden", "Джозеф Байден"],
            Some("1942-11-20"),
            thequint,
            "President of the United States at the time of listing.",
        ),
        (
            "us-blinken-antony",
            "Antony Blinken",
            vec!["Энтони Блинкен"],
            Some("1962-04-16"),
            thequint,
            "US Secretary of State at the time of listing.",
        ),
        (
            "us-austin-lloyd",
            "Lloyd Austin",
            vec!["Lloyd James Austin III", "Ллойд Остин"],
            Some("1953-11-08"),
            thequint,
            "US Secretary of Defense at the time of listing.",
        ),
        (
            "us-milley-mark",
            "Mark Milley",
            vec!["Mark Alexander Milley", "Марк Милли"],
            None,
            global_times,
            "Chairman of the US Joint Chiefs of Staff at the time of listing.",
        ),
        (
            "us-sullivan-jake",
            "Jake Sullivan",
            vec!["Jacob Sullivan", "Джейкоб Салливан"],
            None,
            global_times,
            "US National Security Advisor at the time of listing.",
        ),
        (
            "us-burns-william",
            "William Burns",
            vec!["William Joseph Burns", "Уильям Бернс"],
            None,
            global_times,
            "Director of the US Central Intelligence Agency at the time of listing.",
        ),
    ];
    for (entity, (id, name, aliases, birth, url, remarks)) in parsed.entities.iter().zip(expected) {
        assert_eq!(entity.id, format!("ru_mfa_stop_list:{id}"));
        assert_eq!(entity.schema, Schema::Person);
        assert_eq!(entity.caption(), name);
        let alias_names: Vec<&str> = entity.names[1..].iter().map(|n| n.full.as_str()).collect();
        assert_eq!(alias_names, aliases, "{id}");
        assert!(entity.names[1..].iter().all(|n| n.kind == NameKind::Alias));
        assert!(
            entity
                .names
                .iter()
                .any(|n| n.script.as_deref() == Some("Cyrl")),
            "{id} has a Russian spelling"
        );
        assert_eq!(
            entity
                .birth_dates
                .first()
                .map(ToString::to_string)
                .as_deref(),
            birth,
            "{id}"
        );
        assert_eq!(entity.nationalities, [country("US")]);
        assert!(entity.identifiers.is_empty());
        let [listing] = entity.listings.as_slice() else {
            panic!("one listing");
        };
        assert_eq!(listing.source, "ru_mfa_stop_list");
        assert_eq!(listing.authority, Authority::RuMfa, "from the list block");
        assert_eq!(listing.programmes, ["Entry ban (stop list)"]);
        assert_eq!(listing.listed_on, date("2022-03-15"));
        assert_eq!(listing.reference.as_deref(), Some(id));
        assert_eq!(listing.url.as_deref(), Some(url));
        assert_eq!(listing.remarks.as_deref(), Some(remarks));
    }
}

#[test]
fn an_unknown_column_is_an_error() {
    let error = parse(Format::UserCsv, b"id,name,nationalty\n1,Ivan Petrov,RU\n").unwrap_err();
    assert!(
        error.starts_with("list: line 1: unknown column \"nationalty\": its values would be lost"),
        "{error}"
    );
    let error = parse(
        Format::UserYaml,
        b"entities:\n  - name: Ivan Petrov\n    nationalty: RU\n",
    )
    .unwrap_err();
    assert!(
        error.starts_with("list: line 3: not a user list: entities[0]: unknown field `nationalty`"),
        "{error}"
    );
}

#[test]
fn a_duplicate_id_is_an_error_naming_both() {
    let error = parse(
        Format::UserCsv,
        b"id,name\nW-1,Ivan Petrov\nW-2,Anna Petrova\nW-1,Petr Ivanov\n",
    )
    .unwrap_err();
    assert_eq!(
        error,
        "list: line 4: the id \"W-1\" is already that of line 2: give each entity its own id"
    );
    let error = parse(
        Format::UserYaml,
        b"entities:\n  - id: W-1\n    name: Ivan Petrov\n  - id: W-1\n    name: Petr Ivanov\n",
    )
    .unwrap_err();
    assert_eq!(
        error,
        "list: record 2 (Petr Ivanov): the id \"W-1\" is already that of entity 1: give each entity its own id"
    );
}

#[test]
fn a_bad_date_is_kept_with_a_warning() {
    let parsed = parse(
        Format::UserCsv,
        "name,schema,birth_date,nationality,listed_on\nIvan Petrov,person,spring 1960;1961,Ruritania;RU,last week\n"
            .as_bytes(),
    )
    .unwrap();
    let ivan = &parsed.entities[0];
    assert_eq!(dates(ivan), ["1961"]);
    assert_eq!(ivan.nationalities, [country("RU")]);
    assert_eq!(ivan.listings[0].listed_on, None);
    let kept: Vec<_> = ivan
        .unparsed
        .iter()
        .map(|u| (u.field.as_str(), u.value.as_str()))
        .collect();
    assert_eq!(
        kept,
        [
            ("birth_date", "spring 1960"),
            ("nationality", "Ruritania"),
            ("listed_on", "last week"),
        ]
    );
    let warnings: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 3);
    assert!(warnings[0].starts_with("acme:ivan-petrov: birth_date \"spring 1960\": "));
    assert_eq!(
        warnings[1],
        "acme:ivan-petrov: nationality \"Ruritania\": not a known country"
    );

    let parsed = parse(
        Format::UserYaml,
        b"entities:\n  - name: Ivan Petrov\n    birth_date: [1960-02-30]\n",
    )
    .unwrap();
    assert_eq!(parsed.entities[0].unparsed[0].value, "1960-02-30");
    assert_eq!(parsed.warnings.len(), 1);
}

#[test]
fn invalid_utf8_is_an_error() {
    let mut csv = b"id,name\n1,Ivan Petrov\n2,Anna Petrova\n".to_vec();
    let at = csv.iter().rposition(|&b| b == b'A').unwrap();
    csv[at] = 0xc0;
    let Err(error) = Format::UserCsv.parse(&csv[..], &Context::new("acme", "list.csv")) else {
        panic!("accepted invalid UTF-8");
    };
    assert_eq!(error.location, Location::Line(3));
    assert!(
        error
            .to_string()
            .starts_with("list.csv: line 3: unreadable CSV")
    );

    let yaml = b"list:\n  title: \xe9t\xe9\nentities: []\n";
    let Err(error) = Format::UserYaml.parse(&yaml[..], &Context::new("acme", "list.yaml")) else {
        panic!("accepted invalid UTF-8");
    };
    assert_eq!(error.location, Location::Line(2));
    assert!(
        error
            .to_string()
            .starts_with("list.yaml: line 2: invalid UTF-8")
    );
}

#[test]
fn the_examples_are_recognised_by_their_content() {
    for (file, format) in [
        ("watchlist.csv", Format::UserCsv),
        ("ru_mfa_stop_list.yaml", Format::UserYaml),
    ] {
        let path = format!("{EXAMPLES}{file}");
        assert_eq!(
            interdict_sources::detect::detect_path(Path::new(&path)).unwrap(),
            format,
            "{file}"
        );
    }
}
