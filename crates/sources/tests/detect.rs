//! Format detection on every real list file in `shared/data`.

use std::path::Path;

use interdict_sources::Format;
use interdict_sources::detect::detect_path;

const LISTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/lists/");

fn detected(file: &str) -> Result<Format, String> {
    detect_path(&Path::new(LISTS).join(file)).map_err(|e| e.to_string())
}

#[test]
fn every_real_list_is_recognised_by_its_content() {
    let cases = [
        ("us_ofac/sdn_xml_2024-05-07/sdn.xml.gz", Format::OfacXml),
        (
            "us_ofac/cons_xml_2024-05-06/consolidated.xml.gz",
            Format::OfacXml,
        ),
        (
            "us_ofac/cons_xml_2026-01-08/consolidated.xml.gz",
            Format::OfacXml,
        ),
        ("us_ofac/sdn_csv_2021-07/sdn.csv.gz", Format::OfacCsv),
        ("us_ofac/sdn_csv_2024-05-03/sdn.csv.gz", Format::OfacCsv),
        ("us_ofac/cons_csv_2025-12/cons_prim.csv.gz", Format::OfacCsv),
        (
            "us_ofac/cons_advanced_2020-03-17/cons_advanced.xml.gz",
            Format::OfacAdvancedXml,
        ),
        (
            "us_ofac/cons_enhanced_2025-01-14/CONS_ENHANCED.ZIP",
            Format::OfacEnhancedXml,
        ),
        (
            "eu_fsf/2024-05-13/20240513-FULL-1_1(xsd).xml.gz",
            Format::EuFsfXml,
        ),
        (
            "eu_fsf/legacy_v1_0_2016-02-11_excerpt/data.xml.gz",
            Format::EuFsfLegacyXml,
        ),
        ("un_sc/2024-05-15/un_consolidated.xml.gz", Format::UnScXml),
        ("un_sc/2026-02-27/consolidated.xml.gz", Format::UnScXml),
        (
            "gb_ofsi/2016-02-12_excerpt/data.csv.gz",
            Format::GbOfsiConlist,
        ),
        ("gb_ofsi/2023-06-05/ConList.xlsx", Format::GbOfsiConlist),
        ("gb_ofsi/2025-04-14/ConList.xlsx", Format::GbOfsiConlist),
        ("ca_sema/2020-04/sema-lmes.xml.gz", Format::CaSemaXml),
        ("ca_sema/2025-05/sema-lmes.xml.gz", Format::CaSemaXml),
        ("ch_seco/example_2024-01-17/seco.xml", Format::ChSecoXml),
        (
            "au_dfat/2024-12/regulation8_consolidated.xlsx",
            Format::AuDfatXlsx,
        ),
        (
            "us_trade_csl/2022-05-16/consolidated.csv.gz",
            Format::UsCslCsv,
        ),
        ("us_bis_dpl/2019-07/dpl.txt.gz", Format::UsBisDplTxt),
        (
            "us_dod_1260h/opensanctions_2026-08/sanctions.csv.gz",
            Format::UsDod1260hCsv,
        ),
        (
            "cn_sanctions/opensanctions_2026-08/sanctions.csv.gz",
            Format::CnSanctionsCsv,
        ),
        (
            "opensanctions_ftm/zala_entities.ftm.json.gz",
            Format::FtmJson,
        ),
        (
            "opensanctions_ftm/nomenklatura_donations.ijson.gz",
            Format::FtmJson,
        ),
        (
            "opensanctions_ftm/yente_entities.delta.json.gz",
            Format::FtmJson,
        ),
        (
            "opensanctions_ftm/wd_persons_targets.nested.json.gz",
            Format::FtmJson,
        ),
        (
            "opensanctions_ftm/ua_war_sanctions_targets.simple.csv.gz",
            Format::FtmSimpleCsv,
        ),
    ];
    for (file, format) in cases {
        assert_eq!(detected(file), Ok(format), "{file}");
    }
}

#[test]
fn files_that_are_not_lists_are_named_with_the_reason() {
    let error = detected("us_ofac/sdn_csv_2021-07/alt.csv.gz").unwrap_err();
    assert!(
        error.contains("companion file of OFAC's legacy CSV set"),
        "{error}"
    );
    let error = detected("un_sc/schema/UN_consolidated.xsd").unwrap_err();
    assert!(error.contains("root element <schema>"), "{error}");
    assert!(error.starts_with(LISTS), "{error}");
}
