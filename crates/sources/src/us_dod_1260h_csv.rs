//! The US Department of Defense's Section 1260H list of "Chinese military
//! companies operating in the United States", as curated by OpenSanctions
//! (`sanctions.csv`).
//!
//! One row per company per edition of the list (2021, 2022, 2024, 2025,
//! 2026), with a header naming the columns: `Name` (as printed, with the
//! list's abbreviation and footnote marks), `Clean Name`, `Alias`,
//! `Previous Name`, `Parent Name`, `Note` (the Department's reasons, in the
//! recent editions), `Start date` and `End date` (ISO) and `Source Url`.
//!
//! The rows of one company become one [`Entity`] (a [`Schema::Company`]) with
//! one [`Listing`] per edition, so a company listed in three editions is one
//! screening hit with three listing dates. Every company's country is China
//! ([`LISTED_COUNTRY`]): the file gives none, but the list names only
//! Chinese military companies. Rows are grouped by their clean
//! name, ignoring a trailing parenthesis: a few rows of 2025 keep the
//! abbreviation in the clean name (`Aerospace CH UAV Co., Ltd (CH UAV)`).

use std::collections::HashMap;
use std::io::BufRead;

use csv::StringRecord;
use interdict_model::{Authority, Country, Entity, Listing, Name, NameKind, PartialDate, Schema};

use crate::csv_table::{self, Column, Table};
use crate::fields::{add_new_name, slug};
use crate::{Context, Parsed, SourceError};

/// The programme every listing is under.
const PROGRAMME: &str = "Section 1260H";

/// The country of every company listed. Section 1260H of the National
/// Defense Authorization Act for Fiscal Year 2021 (Pub. L. 116-283) has the
/// Department list the "Chinese military companies" operating in the
/// United States, and defines one as an entity owned or controlled by, or
/// acting for, the People's Liberation Army or another organisation under
/// the Central Military Commission of the Chinese Communist Party, or
/// identified as a military-civil fusion contributor to the Chinese defence
/// industrial base. Kept as the company's country (its seat or
/// jurisdiction), not as a nationality.
const LISTED_COUNTRY: &str = "CN";

/// The columns read, by their headers.
const COLUMNS: [Column; 9] = [
    Column::required("Name"),
    Column::required("Clean Name"),
    Column::required("Start date"),
    Column::optional("Alias"),
    Column::optional("Previous Name"),
    Column::optional("Parent Name"),
    Column::optional("Note"),
    Column::optional("End date"),
    Column::optional("Source Url"),
];

/// One row of the file.
type Row<'a> = csv_table::Row<'a, StringRecord>;

/// Reads a whole `sanctions.csv`.
pub fn parse(input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
    let reader = csv::ReaderBuilder::new().from_reader(input);
    let mut table = Table::new(reader, &context.label, &COLUMNS)?;
    let mut parsed = Parsed::default();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    while let Some(row) = table.next_row()? {
        read_row(&row, context, &mut by_key, &mut parsed).map_err(|message| row.error(message))?;
    }
    Ok(parsed)
}

fn read_row(
    row: &Row,
    context: &Context,
    by_key: &mut HashMap<String, usize>,
    parsed: &mut Parsed,
) -> Result<(), String> {
    // The clean name is missing from no row of the 2026 file; the printed
    // name, without its footnote marks, stands in for it.
    let name = row
        .get("Clean Name")
        .or_else(|| row.get("Name").map(|n| n.trim_end_matches(['*', '.'])))
        .ok_or("no Clean Name or Name")?;
    let key = slug(without_trailing_parenthesis(name));
    if key.is_empty() {
        return Err(format!("Clean Name {name:?} has no letters or digits"));
    }

    let index = match by_key.get(&key) {
        Some(&index) => index,
        None => {
            let mut entity = Entity::new(&context.source, &key, Schema::Company);
            entity.add_name(Name::new(name, NameKind::Primary));
            let china = Country::from_alpha2(LISTED_COUNTRY)
                .ok_or("internal error: CN is not a known country code")?;
            entity.countries.push(china);
            parsed.entities.push(entity);
            by_key.insert(key, parsed.entities.len() - 1);
            parsed.entities.len() - 1
        }
    };
    let Some(entity) = parsed.entities.get_mut(index) else {
        return Err("internal error: lost the row's entity".to_owned());
    };

    add_new_name(entity, Name::new(name, NameKind::Alias));
    for alias in row.get("Alias").into_iter().flat_map(split_aliases) {
        add_new_name(entity, Name::new(alias, NameKind::Alias));
    }
    for previous in row
        .get("Previous Name")
        .into_iter()
        .flat_map(|p| p.split(';'))
    {
        add_new_name(entity, Name::new(previous, NameKind::Former));
    }

    let mut listing = Listing::new(&context.source, Authority::UsDod);
    listing.programmes.push(PROGRAMME.to_owned());
    let mut warnings = Vec::new();
    listing.listed_on = read_date(row.get("Start date"), "Start date", entity, &mut warnings);
    listing.ended_on = read_date(row.get("End date"), "End date", entity, &mut warnings);
    let remarks: Vec<String> = [
        row.get("Parent Name").map(|p| format!("Parent: {p}")),
        row.get("Note").map(str::to_owned),
    ]
    .into_iter()
    .flatten()
    .collect();
    listing.remarks = (!remarks.is_empty()).then(|| remarks.join("\n"));
    listing.url = row.get("Source Url").map(str::to_owned);
    entity.listings.push(listing);

    let id = entity.id.clone();
    for (field, value, reason) in warnings {
        parsed.warn(&id, field, &value, reason);
    }
    Ok(())
}

/// Reads an ISO date; one that is not is kept in `unparsed` and its warning
/// (field, value, reason) added to `warnings`.
fn read_date(
    text: Option<&str>,
    field: &'static str,
    entity: &mut Entity,
    warnings: &mut Vec<(&'static str, String, &'static str)>,
) -> Option<PartialDate> {
    let text = text?;
    match PartialDate::parse_iso(text) {
        Ok(date) => Some(date),
        Err(error) => {
            let unparsed = if field == "End date" {
                "ended_on"
            } else {
                "listed_on"
            };
            entity.keep_unparsed(unparsed, text);
            warnings.push((field, text.to_owned(), error.reason));
            None
        }
    }
}

/// `Beijing Megvii Technology Co., Ltd. (Megvii)` without ` (Megvii)`.
fn without_trailing_parenthesis(name: &str) -> &str {
    let trimmed = name.trim_end();
    if trimmed.ends_with(')')
        && let Some(open) = trimmed.rfind('(')
    {
        let rest = trimmed[..open].trim_end();
        if !rest.is_empty() {
            return rest;
        }
    }
    trimmed
}

/// Splits the `Alias` cell. Aliases are joined by a bare comma
/// (`Knownsec,Beijing Kownsec`), while a comma followed by a space belongs to
/// a name (`China Avionics Systems Co., Ltd.`).
fn split_aliases(text: &str) -> Vec<&str> {
    let mut aliases = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let next_is_space = text[i + c.len_utf8()..]
            .chars()
            .next()
            .is_some_and(char::is_whitespace);
        if c == ',' && !next_is_space {
            aliases.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    aliases.push(&text[start..]);
    aliases
        .into_iter()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "Name,Clean Name,Alias,Previous Name,Parent Name,Note,Start date,End date,Source Url\n";

    fn parse_rows(rows: &str) -> Result<Parsed, SourceError> {
        let text = format!("{HEADER}{rows}");
        parse(
            text.as_bytes(),
            &Context::new("us_dod_1260h", "sanctions.csv"),
        )
    }

    #[test]
    fn groups_the_editions_of_one_company() {
        let parsed = parse_rows(concat!(
            "\"Huawei Technologies Co., Ltd. (Huawei)*\",\"Huawei Technologies Co., Ltd.\",Huawei,,\"Huawei Investment & Holding Co., Ltd.\",,2021-06-03,,\n",
            "\"Aerospace CH UAV Co., Ltd (CH UAV)\",\"Aerospace CH UAV Co., Ltd (CH UAV)\",,,,,2025-01-07,,https://media.defense.gov/a.pdf\n",
            "\"Huawei Technologies Co., Ltd. (Huawei)\",\"Huawei Technologies Co., Ltd.\",Huawei,,,Huawei is affiliated with MIIT.,2026-06-08,,https://media.defense.gov/b.pdf\n",
            "\"Aerospace CH UAV Co., Ltd (S-SEA)*\",\"Aerospace CH UAV Co., Ltd\",S-SEA,,,,2021-06-03,2025-01-07,\n",
        ))
        .unwrap();
        let [huawei, ch_uav] = parsed.entities.as_slice() else {
            panic!("expected two companies");
        };
        assert_eq!(huawei.id, "us_dod_1260h:huawei-technologies-co-ltd");
        assert_eq!(huawei.schema, Schema::Company);
        let china = Country::from_alpha2("CN");
        assert_eq!(huawei.countries, Vec::from_iter(china));
        assert!(
            huawei.nationalities.is_empty(),
            "a company's country is no nationality"
        );
        let names: Vec<_> = huawei
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("Huawei Technologies Co., Ltd.", NameKind::Primary),
                ("Huawei", NameKind::Alias)
            ]
        );
        let [first, second] = huawei.listings.as_slice() else {
            panic!("expected two listings");
        };
        assert_eq!(first.authority, Authority::UsDod);
        assert_eq!(first.programmes, [PROGRAMME]);
        assert_eq!(first.listed_on, PartialDate::parse_iso("2021-06-03").ok());
        assert_eq!(
            first.remarks.as_deref(),
            Some("Parent: Huawei Investment & Holding Co., Ltd.")
        );
        assert_eq!(first.url, None);
        assert_eq!(second.listed_on, PartialDate::parse_iso("2026-06-08").ok());
        assert_eq!(
            second.remarks.as_deref(),
            Some("Huawei is affiliated with MIIT.")
        );
        assert_eq!(
            second.url.as_deref(),
            Some("https://media.defense.gov/b.pdf")
        );

        assert_eq!(ch_uav.id, "us_dod_1260h:aerospace-ch-uav-co-ltd");
        assert_eq!(ch_uav.caption(), "Aerospace CH UAV Co., Ltd (CH UAV)");
        assert_eq!(ch_uav.listings.len(), 2);
        assert_eq!(
            ch_uav.countries,
            Vec::from_iter(china),
            "once, however many editions list it"
        );
        assert_eq!(
            ch_uav.listings[1].ended_on,
            PartialDate::parse_iso("2025-01-07").ok()
        );
        assert!(ch_uav.names.iter().any(|n| n.full == "S-SEA"));
        assert!(parsed.warnings.is_empty());
    }

    #[test]
    fn reads_aliases_and_previous_names() {
        let parsed = parse_rows(
            "\"AVIC Chengdu Aircraft Co., Ltd. (formerly ZEMIC)\",\"AVIC Chengdu Aircraft Co., Ltd.\",\"Knownsec,Beijing Kownsec\",Zhonghang Electronic Measuring Instruments Company Limited; ZEMIC,,,2025-01-07,,\n",
        )
        .unwrap();
        let names: Vec<_> = parsed.entities[0]
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("AVIC Chengdu Aircraft Co., Ltd.", NameKind::Primary),
                ("Knownsec", NameKind::Alias),
                ("Beijing Kownsec", NameKind::Alias),
                (
                    "Zhonghang Electronic Measuring Instruments Company Limited",
                    NameKind::Former
                ),
                ("ZEMIC", NameKind::Former),
            ]
        );
        assert_eq!(
            split_aliases("China Avionics Systems Co., Ltd."),
            ["China Avionics Systems Co., Ltd."]
        );
    }

    #[test]
    fn an_unreadable_date_is_kept_and_reported() {
        let parsed = parse_rows("X Ltd.,X Ltd.,,,,,June 2021,2025-13-01,\n").unwrap();
        let entity = &parsed.entities[0];
        assert_eq!(entity.listings[0].listed_on, None);
        assert_eq!(entity.listings[0].ended_on, None);
        let unparsed: Vec<_> = entity
            .unparsed
            .iter()
            .map(|u| (u.field.as_str(), u.value.as_str()))
            .collect();
        assert_eq!(
            unparsed,
            [("listed_on", "June 2021"), ("ended_on", "2025-13-01")]
        );
        let warnings: Vec<_> = parsed.warnings.iter().map(|w| w.field.as_str()).collect();
        assert_eq!(warnings, ["Start date", "End date"]);
    }

    #[test]
    fn a_name_falls_back_to_the_printed_one() {
        let parsed = parse_rows("Some Corp.*,,,,,,2021-06-03,,\n").unwrap();
        assert_eq!(parsed.entities[0].caption(), "Some Corp");
    }

    #[test]
    fn broken_files_are_errors_naming_the_line() {
        let context = Context::new("us_dod_1260h", "dod.csv");
        let error = parse(&b"Name,Alias,Start date\nX,,2021-06-03\n"[..], &context).unwrap_err();
        assert_eq!(
            error.to_string(),
            "dod.csv: line 1: missing column \"Clean Name\""
        );

        let error = parse_rows(",,,,,,2021-06-03,,\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "sanctions.csv: line 2: no Clean Name or Name"
        );

        let error = parse_rows("X,X,,,,,2021-06-03,,\nY,Y\n").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("sanctions.csv: line 3: unreadable CSV"),
            "{error}"
        );

        let mut bytes = HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(b"X,\xff\xfe,,,,,2021-06-03,,\n");
        let error = parse(bytes.as_slice(), &context).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("dod.csv: line 2: unreadable CSV"),
            "{error}"
        );

        let error = parse_rows("***,***,,,,,2021-06-03,,\n").unwrap_err();
        assert!(
            error.to_string().contains("no letters or digits"),
            "{error}"
        );
    }
}
