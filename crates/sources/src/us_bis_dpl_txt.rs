//! The US Commerce Department's Denied Persons List (`dpl.txt`), published
//! by the Bureau of Industry and Security.
//!
//! Tab-separated text with every field in double quotes and a header row:
//! `Name`, `Street_Address`, `City`, `State`, `Country`, `Postal_Code`,
//! `Effective_Date` and `Expiration_Date` (`MM/DD/YYYY`), `Standard_Order`
//! (`Y`/`N`), `Last_Update` (ISO), `Action` and `FR_Citation` (the Federal
//! Register notice of the denial order).
//!
//! The list has one row per name and address of a denial order: a person
//! with four addresses is four rows, the same but for the address (and the
//! way the citation is typed). Rows with the same name (up to punctuation
//! and case) and effective date are therefore one [`Entity`], with id
//! `{source}:{name slug}-{effective date}`, several addresses and one
//! [`Listing`]. Rows of one order with different names are kept apart: an
//! order often names a company and its owner.
//!
//! The list does not say whether a party is a person or a firm. Two things
//! tell, when present: an address in a prison ("INMATE NUMBER: 87450-083, FCI
//! VICTORVILLE") is a person's, and a legal form or trade word in the name
//! ("LTD", "S.L.", "AIRLINES") is a company's. Everything else stays a
//! [`Schema::LegalEntity`], which can match either.

use std::collections::HashMap;
use std::io::BufRead;

use csv::StringRecord;
use interdict_model::{
    Address, Authority, Country, Entity, FuzzyDate, Listing, Name, NameKind, NumericOrder,
    PartialDate, Schema,
};

use crate::csv_table::{self, Column, Table};
use crate::fields::{add_new_name, slug};
use crate::us_csl_csv::split_embedded_aliases;
use crate::{Context, Parsed, SourceError};

/// The programme of every listing: the list itself, as the Consolidated
/// Screening List calls it.
const PROGRAMME: &str = "DPL";

/// The columns read, by their headers.
const COLUMNS: [Column; 12] = [
    Column::required("Name"),
    Column::required("Effective_Date"),
    Column::optional("Street_Address"),
    Column::optional("City"),
    Column::optional("State"),
    Column::optional("Country"),
    Column::optional("Postal_Code"),
    Column::optional("Expiration_Date"),
    Column::optional("Standard_Order"),
    Column::optional("Last_Update"),
    Column::optional("Action"),
    Column::optional("FR_Citation"),
];

/// One row of the file.
type Row<'a> = csv_table::Row<'a, StringRecord>;

/// Reads a whole `dpl.txt`.
pub fn parse(input: impl BufRead, context: &Context) -> Result<Parsed, SourceError> {
    let reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .from_reader(input);
    let mut table = Table::new(reader, &context.label, &COLUMNS)?;
    let mut parsed = Parsed::default();
    let mut orders = Orders::default();
    while let Some(row) = table.next_row()? {
        read_row(&row, context, &mut orders, &mut parsed).map_err(|message| row.error(message))?;
    }
    for (entity, evidence) in orders.entities.iter_mut().zip(&orders.evidence) {
        entity.schema = evidence.schema();
    }
    parsed.entities = orders.entities;
    Ok(parsed)
}

/// The entities read so far, by their local id, with what their rows say
/// about them being people or firms.
#[derive(Default)]
struct Orders {
    entities: Vec<Entity>,
    /// Local id (`{name slug}-{effective date}`) → index in `entities`.
    by_id: HashMap<String, usize>,
    /// One per entity, in the same order.
    evidence: Vec<Evidence>,
}

/// What the rows of one entity say about its kind.
#[derive(Default)]
struct Evidence {
    prison_address: bool,
    company_name: bool,
}

impl Evidence {
    fn schema(&self) -> Schema {
        match (self.prison_address, self.company_name) {
            (true, false) => Schema::Person,
            (false, true) => Schema::Company,
            // No evidence, or evidence both ways (which the 2019 file never
            // has): either.
            _ => Schema::LegalEntity,
        }
    }
}

fn read_row(
    row: &Row,
    context: &Context,
    orders: &mut Orders,
    parsed: &mut Parsed,
) -> Result<(), String> {
    let written = row.get("Name").ok_or("no Name")?;
    let effective = row.get("Effective_Date").ok_or("no Effective_Date")?;
    // `PEARL (A.K.A. NEI-CHIEN CHU) LI`: the name is PEARL LI.
    let (name, aliases) = split_embedded_aliases(written);
    let name_slug = slug(&name);
    if name_slug.is_empty() {
        return Err(format!("Name {written:?} has no letters or digits"));
    }
    let listed_on = parse_date(effective);
    // A party's rows share its name (up to punctuation: `AL-NASER  AIRLINES`
    // is `AL NASER AIRLINES`) and the order's date, while the citation of one
    // order is written differently from row to row. The date's slug keeps
    // the id stable when the date cannot be read.
    let date_slug = listed_on.map_or_else(|_| slug(effective), |d| d.to_string());
    let local_id = format!("{name_slug}-{date_slug}");

    let index = match orders.by_id.get(&local_id) {
        Some(&index) => index,
        None => {
            let entity = new_entity(row, &local_id, listed_on, context, parsed);
            orders.entities.push(entity);
            orders.evidence.push(Evidence::default());
            let index = orders.entities.len() - 1;
            orders.by_id.insert(local_id, index);
            index
        }
    };
    let (Some(entity), Some(evidence)) = (
        orders.entities.get_mut(index),
        orders.evidence.get_mut(index),
    ) else {
        return Err("internal error: lost the row's entity".to_owned());
    };

    let kind = if entity.names.is_empty() {
        NameKind::Primary
    } else {
        NameKind::Alias
    };
    add_new_name(entity, Name::new(&name, kind));
    for (kind, alias) in aliases {
        add_new_name(entity, Name::new(&alias, kind));
    }
    evidence.company_name |= is_company_name(&name);
    evidence.prison_address |= row.get("Street_Address").is_some_and(is_prison_address);
    read_address(row, entity, parsed);

    // Later rows of one order repeat its facts, but each carries its own
    // update note ("ADDRESS CORRECTED"), and the citations of the order
    // accumulate: the longest is the most complete.
    if let Some(listing) = entity.listings.first_mut() {
        let mut remarks: Vec<String> = listing
            .remarks
            .as_deref()
            .map(|r| r.lines().map(str::to_owned).collect())
            .unwrap_or_default();
        for line in row_remarks(row) {
            Entity::push_unique(&mut remarks, line);
        }
        listing.remarks = (!remarks.is_empty()).then(|| remarks.join("\n"));
        if let Some(citation) = row.get("FR_Citation") {
            let citation = citation.split_whitespace().collect::<Vec<_>>().join(" ");
            if listing
                .reference
                .as_ref()
                .is_none_or(|known| known.len() < citation.len())
            {
                listing.reference = Some(citation);
            }
        }
    }
    Ok(())
}

/// A new entity for the first row of a party, with its listing and no
/// names yet.
fn new_entity(
    row: &Row,
    local_id: &str,
    listed_on: Result<PartialDate, &'static str>,
    context: &Context,
    parsed: &mut Parsed,
) -> Entity {
    let mut entity = Entity::new(&context.source, local_id, Schema::LegalEntity);
    let mut listing = Listing::new(&context.source, Authority::UsBis);
    listing.programmes.push(PROGRAMME.to_owned());
    match listed_on {
        Ok(date) => listing.listed_on = Some(date),
        Err(reason) => {
            let effective = row.get("Effective_Date").unwrap_or_default();
            entity.keep_unparsed("listed_on", effective);
            parsed.warn(&entity.id, "Effective_Date", effective, reason);
        }
    }
    if let Some(text) = row.get("Expiration_Date") {
        match parse_date(text) {
            Ok(date) => listing.ended_on = Some(date),
            Err(reason) => {
                entity.keep_unparsed("ended_on", text);
                parsed.warn(&entity.id, "Expiration_Date", text, reason);
            }
        }
    }
    entity.listings.push(listing);
    entity
}

/// The remark lines of a row: whether the order is a standard one, and the
/// row's last update and what it changed.
fn row_remarks(row: &Row) -> Vec<String> {
    [
        row.get("Standard_Order").map(|flag| match flag {
            "Y" | "y" => "Standard order".to_owned(),
            "N" | "n" => "Non-standard order".to_owned(),
            other => format!("Standard order: {other}"),
        }),
        match (row.get("Last_Update"), row.get("Action")) {
            (Some(date), Some(action)) => Some(format!("{date}: {action}")),
            (Some(date), None) => Some(format!("Last update {date}")),
            (None, Some(action)) => Some(action.to_owned()),
            (None, None) => None,
        },
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Adds the row's address; its country also counts among the entity's
/// countries.
fn read_address(row: &Row, entity: &mut Entity, parsed: &mut Parsed) {
    let country_text = row.get("Country");
    let country = country_text.and_then(|text| {
        // `PRC`, the People's Republic of China, is no ISO code.
        let resolved = if text.eq_ignore_ascii_case("prc") {
            Country::from_alpha2("CN")
        } else {
            Country::resolve(text)
        };
        match resolved {
            Some(country) => {
                Entity::push_unique(&mut entity.countries, country);
            }
            None => {
                entity.keep_unparsed("country", text);
                parsed.warn(&entity.id, "Country", text, "not a known country");
            }
        }
        resolved
    });
    if let Some(address) = Address::from_parts(
        row.get("Street_Address"),
        row.get("City"),
        row.get("State"),
        row.get("Postal_Code"),
        country,
        country_text,
    ) {
        Entity::push_unique(&mut entity.addresses, address);
    }
}

/// Reads `MM/DD/YYYY`.
fn parse_date(text: &str) -> Result<PartialDate, &'static str> {
    match FuzzyDate::parse_with(text, NumericOrder::MonthFirst) {
        Ok(FuzzyDate::Exact(date)) => Ok(date),
        Ok(_) => Err("expected one date, MM/DD/YYYY"),
        Err(error) => Err(error.reason),
    }
}

/// Whether an address is a prison's, by the inmate or register number or
/// the kind of institution it names.
fn is_prison_address(street: &str) -> bool {
    const MARKERS: &[&str] = &[
        "INMATE",
        "INCARCERATED",
        "REGISTER NUMBER",
        "REGISTER #",
        "USM NO",
        "CORRECTIONAL",
        "PENITENTIARY",
        "PRISON",
        "DETENTION",
    ];
    let upper = street.to_uppercase();
    MARKERS.iter().any(|marker| upper.contains(marker))
}

/// Whether a name carries a legal form (`LTD`, `S.L.`, `GMBH`) or a word
/// only firms' names have (`AIRLINES`, `TRADING`). Words are compared whole,
/// without dots, so `S.L.` is `SL` and `ALI AGAR` has no `AG`.
fn is_company_name(name: &str) -> bool {
    const LEGAL_FORMS: &str = "LTD LIMITED LLC LLP INC INCORPORATED CORP CORPORATION CO COMPANY \
        GMBH AG SA SL SARL SRL BV NV PLC PTE PVT FZE FZCO FZC LLC AB OY SPA BHD SDN KG JSC OOO \
        ZAO OAO PJSC ANSTALT EST ESTABLISHMENT";
    const TRADE_WORDS: &str = "AIRLINES AIRWAYS AVIATION TRADING TRADE INDUSTRIES INDUSTRY \
        INTERNATIONAL ENTERPRISES ENTERPRISE TECHNOLOGY TECHNOLOGIES TECHNIK SERVICES SOLUTIONS \
        ELECTRONICS SYSTEMS COMPUTERS METALS GROUP HOLDING HOLDINGS LOGISTICS CARGO FREIGHT \
        SHIPPING EXPORT IMPORT ENGINEERING CONTRACTING CONSULTING ASSOCIATES LABORATORIES \
        INSTITUTE VERTRIEBS";
    let upper = name.to_uppercase().replace('.', "");
    upper
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|word| {
            LEGAL_FORMS.split_whitespace().any(|known| known == word)
                || TRADE_WORDS.split_whitespace().any(|known| known == word)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "\"Name\"\t\"Street_Address\"\t\"City\"\t\"State\"\t\"Country\"\t\"Postal_Code\"\t\"Effective_Date\"\t\"Expiration_Date\"\t\"Standard_Order\"\t\"Last_Update\"\t\"Action\"\t\"FR_Citation\"\n";

    /// A row from its twelve fields, quoted and tab-separated.
    fn row(fields: [&str; 12]) -> String {
        let quoted: Vec<String> = fields.iter().map(|f| format!("\"{f}\"")).collect();
        format!("{}\n", quoted.join("\t"))
    }

    fn parse_rows(rows: &[[&str; 12]]) -> Result<Parsed, SourceError> {
        let text: String = std::iter::once(HEADER.to_owned())
            .chain(rows.iter().map(|r| row(*r)))
            .collect();
        parse(text.as_bytes(), &Context::new("us_bis_dpl", "dpl.txt"))
    }

    #[test]
    fn reads_a_person_held_in_prison() {
        let parsed = parse_rows(&[[
            " I. ASH",
            "UPON THE DATE OF THE ORDER INCARCERATED AT USM NO: 26265-177, FCI SEAGOVILLE, 2113 NORTH HIGHWAY 175",
            "SEAGOVILLE",
            "TX",
            "US",
            "75159",
            "06/19/2003",
            "06/29/2056",
            "Y",
            "2007-01-31",
            "FEDERAL REGISTER NOTICE UPDATED",
            "68 F.R. 38290 6/27/03 71 F.R. 38843 7/10/06 72 F.R. 4236 1/30/07",
        ]])
        .unwrap();
        let [ash] = parsed.entities.as_slice() else {
            panic!("expected one entity");
        };
        assert_eq!(ash.id, "us_bis_dpl:i-ash-2003-06-19");
        assert_eq!(ash.schema, Schema::Person);
        assert_eq!(ash.caption(), "I. ASH");
        assert_eq!(ash.countries, [Country::from_alpha2("US").unwrap()]);
        let address = &ash.addresses[0];
        assert_eq!(address.city.as_deref(), Some("SEAGOVILLE"));
        assert_eq!(address.region.as_deref(), Some("TX"));
        assert_eq!(address.postal_code.as_deref(), Some("75159"));
        let listing = &ash.listings[0];
        assert_eq!(listing.authority, Authority::UsBis);
        assert_eq!(listing.programmes, [PROGRAMME]);
        assert_eq!(listing.listed_on, PartialDate::parse_iso("2003-06-19").ok());
        assert_eq!(listing.ended_on, PartialDate::parse_iso("2056-06-29").ok());
        assert_eq!(
            listing.reference.as_deref(),
            Some("68 F.R. 38290 6/27/03 71 F.R. 38843 7/10/06 72 F.R. 4236 1/30/07")
        );
        assert_eq!(
            listing.remarks.as_deref(),
            Some("Standard order\n2007-01-31: FEDERAL REGISTER NOTICE UPDATED")
        );
        assert!(parsed.warnings.is_empty());
    }

    #[test]
    fn the_addresses_of_one_name_in_one_order_are_one_entity() {
        let first = [
            "AIR FREIGHT LTD",
            "P.O. BOX 1",
            "DUBAI",
            "",
            "AE",
            "",
            "03/17/2008",
            "",
            "N",
            "2008-03-20",
            "NEW",
            "73 F.R. 1",
        ];
        let mut second = first;
        second[1] = "P.O. BOX 2";
        second[4] = "PRC";
        second[10] = "ADDRESS ADDED";
        let mut owner = first;
        owner[0] = "PEARL (A.K.A. NEI-CHIEN CHU) LI";
        let mut respelled = first;
        respelled[0] = "AIR-FREIGHT  LTD";
        respelled[11] = "73  F.R. 1, 74 F.R. 2";
        let mut renewed = first;
        renewed[6] = "03/17/2018";
        let parsed = parse_rows(&[first, second, owner, respelled, renewed]).unwrap();
        let ids: Vec<_> = parsed.entities.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "us_bis_dpl:air-freight-ltd-2008-03-17",
                "us_bis_dpl:pearl-li-2008-03-17",
                "us_bis_dpl:air-freight-ltd-2018-03-17",
            ]
        );
        let firm = &parsed.entities[0];
        assert_eq!(firm.schema, Schema::Company);
        let names: Vec<_> = firm.names.iter().map(|n| n.full.as_str()).collect();
        assert_eq!(names, ["AIR FREIGHT LTD", "AIR-FREIGHT LTD"]);
        assert_eq!(firm.addresses.len(), 2);
        assert_eq!(
            firm.countries,
            [
                Country::from_alpha2("AE").unwrap(),
                Country::from_alpha2("CN").unwrap()
            ]
        );
        assert_eq!(firm.listings.len(), 1);
        assert_eq!(firm.listings[0].ended_on, None);
        assert_eq!(
            firm.listings[0].reference.as_deref(),
            Some("73 F.R. 1, 74 F.R. 2"),
            "the fullest citation"
        );
        assert_eq!(
            firm.listings[0].remarks.as_deref(),
            Some("Non-standard order\n2008-03-20: NEW\n2008-03-20: ADDRESS ADDED")
        );

        let pearl = &parsed.entities[1];
        assert_eq!(pearl.schema, Schema::LegalEntity, "no evidence either way");
        let names: Vec<_> = pearl
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("PEARL LI", NameKind::Primary),
                ("NEI-CHIEN CHU", NameKind::Alias)
            ]
        );
    }

    #[test]
    fn unreadable_values_are_kept_and_reported() {
        let parsed = parse_rows(&[[
            "STEPHEN EDWARD SMITH",
            "INMATE NUMBER: 30819-408, FCI LA TUNA, P.O. Box 3000",
            "ANTHONY",
            "",
            "NM",
            "88021",
            "04/06/2018",
            "13/45/2027",
            "Y",
            "2018-04-16",
            "",
            "83 F.R. 16286 4/16/2018",
        ]])
        .unwrap();
        let smith = &parsed.entities[0];
        assert_eq!(
            smith.addresses[0].full,
            "INMATE NUMBER: 30819-408, FCI LA TUNA, P.O. Box 3000, ANTHONY, 88021, NM"
        );
        let unparsed: Vec<_> = smith
            .unparsed
            .iter()
            .map(|u| (u.field.as_str(), u.value.as_str()))
            .collect();
        assert_eq!(unparsed, [("ended_on", "13/45/2027"), ("country", "NM")]);
        let warnings: Vec<_> = parsed.warnings.iter().map(|w| w.field.as_str()).collect();
        assert_eq!(warnings, ["Expiration_Date", "Country"]);
    }

    #[test]
    fn tells_firms_and_prisons_by_their_words() {
        assert!(is_company_name("KOTO COMMERCIO IBERICA, S.L."));
        assert!(is_company_name("YARRA ANSTALT A.G."));
        assert!(is_company_name("AL NASER WINGS AIRLINES"));
        assert!(!is_company_name("ALI AGAR MANZARPOUR"));
        assert!(!is_company_name("IHSAN MEDHAT \"SAMMY\" ELASHI"));
        assert!(is_prison_address(
            "REGISTER #63302-066, FCI ALLENWOOD LOW, FEDERAL CORRECTIONAL INSTITUTION"
        ));
        assert!(!is_prison_address("740 JESSIE ST."));
    }

    #[test]
    fn broken_files_are_errors_naming_the_line() {
        let context = Context::new("us_bis_dpl", "dpl.txt");
        let error = parse(&b"\"Name\"\t\"City\"\n\"A\"\t\"B\"\n"[..], &context).unwrap_err();
        assert_eq!(
            error.to_string(),
            "dpl.txt: line 1: missing column \"Effective_Date\""
        );

        let mut fields = [""; 12];
        fields[6] = "01/01/2020";
        let error = parse_rows(&[fields]).unwrap_err();
        assert_eq!(error.to_string(), "dpl.txt: line 2: no Name");

        let text = format!("{HEADER}\"A\"\t\"B\"\n");
        let error = parse(text.as_bytes(), &context).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("dpl.txt: line 2: unreadable CSV"),
            "{error}"
        );

        let mut bytes = HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(
            row(["A", "", "", "", "", "", "01/01/2020", "", "", "", "", ""]).as_bytes(),
        );
        bytes.extend_from_slice(b"\"\xff\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"01/01/2020\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\n");
        let error = parse(bytes.as_slice(), &context).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("dpl.txt: line 3: unreadable CSV"),
            "{error}"
        );

        let mut fields = [""; 12];
        fields[0] = "***";
        fields[6] = "01/01/2020";
        let error = parse_rows(&[fields]).unwrap_err();
        assert!(
            error.to_string().contains("no letters or digits"),
            "{error}"
        );
        assert!(error.to_string().starts_with("dpl.txt: line "), "{error}");
    }
}
