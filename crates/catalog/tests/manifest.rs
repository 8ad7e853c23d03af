//! Manifests on disk: formats recognised from content, authorities taken from
//! the format, and programmes left out.

// Helpers outside `#[test]` functions fail the test when setup fails.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use interdict_catalog::{Format, Manifest};
use interdict_model::Authority;

const LISTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/lists/");

fn write_manifest(name: &str, text: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("interdict-manifest-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("manifest.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn format_and_authority_may_be_left_out() {
    let path = write_manifest(
        "detect",
        &format!(
            "[[source]]\nid = \"un\"\ntitle = \"UN\"\nfile = \"{LISTS}un_sc/2024-05-15/un_consolidated.xml.gz\"\n"
        ),
    );
    let loaded = Manifest::from_path(&path).unwrap().load().unwrap();
    assert_eq!(loaded[0].format, Format::UnScXml);
    assert_eq!(loaded[0].authority, Authority::UnSc);
    assert_eq!(loaded[0].entities.len(), 875);
    assert!(loaded[0].entities.iter().all(|e| e.id.starts_with("un:")));
}

#[test]
fn listings_of_excluded_programmes_are_left_out() {
    let file = format!("{LISTS}cn_sanctions/opensanctions_2026-08/sanctions.csv.gz");
    let all = Manifest::from_files(&[(Some("cn".into()), file.clone().into())])
        .unwrap()
        .load()
        .unwrap();
    let listings = |entities: &[interdict_model::Entity]| -> usize {
        entities.iter().map(|e| e.listings.len()).sum()
    };
    let programme = all[0].entities[0].listings[0].programmes[0].clone();
    let with_programme = all[0]
        .entities
        .iter()
        .flat_map(|e| &e.listings)
        .filter(|l| l.programmes.contains(&programme))
        .count();
    assert!(with_programme > 0);

    let path = write_manifest(
        "exclude",
        &format!(
            "[[source]]\nid = \"cn\"\ntitle = \"China\"\nfile = \"{file}\"\nexclude_programmes = [{programme:?}]\n"
        ),
    );
    let some = Manifest::from_path(&path).unwrap().load().unwrap();
    assert_eq!(
        listings(&some[0].entities),
        listings(&all[0].entities) - with_programme
    );
    assert!(some[0].entities.iter().all(|e| !e.listings.is_empty()));
    assert!(some[0].entities.len() < all[0].entities.len());
}
