//! Fingerprints of what identifies a listed entity, and canonical JSON.
//!
//! A false-positive disposition holds for an entity only while the facts
//! that identify it are the same: its kind, names, dates of birth,
//! nationalities and identifiers. A new alias, date of birth or passport
//! number changes the fingerprint and re-opens the decision; a new address,
//! programme or remark does not.

use interdict_model::Entity;
use serde_json::Value;

use crate::sha256_hex;

/// The fingerprint of an entity's identifying facts: 32 hex digits of a
/// SHA-256 over them, sorted so that the list's order does not matter.
pub fn entity_fingerprint(entity: &Entity) -> String {
    let mut names: Vec<String> = entity
        .names
        .iter()
        .map(|n| n.full.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let mut dates: Vec<String> = entity.birth_dates.iter().map(ToString::to_string).collect();
    let mut countries: Vec<String> = entity
        .nationality_like()
        .map(|c| c.code().to_owned())
        .collect();
    let mut identifiers: Vec<String> = entity
        .identifiers
        .iter()
        .map(|i| {
            i.number
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_uppercase)
                .collect()
        })
        .collect();
    let mut text = format!("schema={:?}\n", entity.schema);
    for (label, values) in [
        ("name", &mut names),
        ("dob", &mut dates),
        ("nationality", &mut countries),
        ("id", &mut identifiers),
    ] {
        values.sort();
        values.dedup();
        for value in values.iter() {
            text.push_str(label);
            text.push('=');
            text.push_str(value);
            text.push('\n');
        }
    }
    let mut hash = sha256_hex(text.as_bytes());
    hash.truncate(32);
    hash
}

/// JSON with object keys sorted at every level and no whitespace: the same
/// value always gives the same text.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, value)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(value, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::{IdKind, Identifier, Name, NameKind, Schema};

    fn person() -> Entity {
        let mut entity = Entity::new("t", "1", Schema::Person);
        entity.add_name(Name::new("Hailun ZHU", NameKind::Primary));
        entity.add_name(Name::new("Zhu Hailun", NameKind::Alias));
        entity
    }

    #[test]
    fn order_and_addresses_do_not_change_the_fingerprint() {
        let a = person();
        let mut b = person();
        b.names.reverse();
        b.addresses.push(interdict_model::Address {
            full: "Urumqi".into(),
            ..Default::default()
        });
        b.listings.push(interdict_model::Listing::new(
            "t",
            interdict_model::Authority::Eu,
        ));
        assert_eq!(entity_fingerprint(&a), entity_fingerprint(&b));
    }

    #[test]
    fn a_new_alias_or_id_changes_the_fingerprint() {
        let a = person();
        let mut alias = person();
        alias.add_name(Name::new("朱海仑", NameKind::Alias));
        let mut id = person();
        id.identifiers.push(Identifier {
            kind: IdKind::Passport,
            number: "E123".into(),
            country: None,
            label: None,
            note: None,
        });
        assert_ne!(entity_fingerprint(&a), entity_fingerprint(&alias));
        assert_ne!(entity_fingerprint(&a), entity_fingerprint(&id));
    }

    #[test]
    fn canonical_json_sorts_keys() {
        let value: Value =
            serde_json::from_str(r#"{"b": [1, {"d": 2, "c": "x"}], "a": null}"#).unwrap();
        assert_eq!(
            canonical_json(&value),
            r#"{"a":null,"b":[1,{"c":"x","d":2}]}"#
        );
    }
}
