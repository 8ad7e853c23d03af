//! Export to FollowTheMoney entities, the format OpenSanctions and yente use.
//!
//! An [`Entity`] becomes one FtM entity of its schema, and each of its
//! listings becomes a `Sanction` entity that points to it, as OpenSanctions
//! publishes them.

use serde_json::{Map, Value, json};

use crate::{Entity, FuzzyDate, IdKind, NameKind, NamePartKind};

/// The entity and one `Sanction` entity per listing, as FtM JSON objects.
pub fn to_ftm(entity: &Entity) -> Vec<Value> {
    let mut out = Vec::with_capacity(1 + entity.listings.len());
    out.push(entity_object(entity));
    for (index, listing) in entity.listings.iter().enumerate() {
        let mut props = Properties::default();
        props.add("entity", &entity.id);
        props.add("authority", listing.authority.name());
        props.add(
            "country",
            &listing
                .authority
                .jurisdiction()
                .map(|c| c.code().to_ascii_lowercase())
                .unwrap_or_default(),
        );
        for programme in &listing.programmes {
            props.add("program", programme);
        }
        if let Some(date) = listing.listed_on {
            props.add("listingDate", &date.to_string());
            props.add("startDate", &date.to_string());
        }
        if let Some(date) = listing.ended_on {
            props.add("endDate", &date.to_string());
        }
        props.add("authorityId", listing.reference.as_deref().unwrap_or(""));
        props.add("reason", listing.remarks.as_deref().unwrap_or(""));
        props.add("sourceUrl", listing.url.as_deref().unwrap_or(""));
        out.push(json!({
            "id": format!("{}-sanction-{}", entity.id, index + 1),
            "schema": "Sanction",
            "properties": props.0,
            "datasets": [listing.source],
        }));
    }
    out
}

fn entity_object(entity: &Entity) -> Value {
    let mut props = Properties::default();
    for name in &entity.names {
        let property = match name.kind {
            NameKind::Primary => "name",
            NameKind::Alias => "alias",
            NameKind::WeakAlias => "weakAlias",
            NameKind::Former => "previousName",
        };
        props.add(property, &name.full);
        if name.kind == NameKind::Primary {
            for part in &name.parts {
                let property = match part.kind {
                    NamePartKind::Given => "firstName",
                    NamePartKind::Middle => "middleName",
                    NamePartKind::Family => "lastName",
                    NamePartKind::Patronymic => "fatherName",
                    NamePartKind::Unspecified => continue,
                };
                props.add(property, &part.value);
            }
        }
    }
    let date_property = match entity.schema {
        crate::Schema::Vessel => "buildDate",
        crate::Schema::Person => "birthDate",
        _ => "incorporationDate",
    };
    for date in &entity.birth_dates {
        match date {
            FuzzyDate::Exact(d) | FuzzyDate::Approximate(d) => {
                props.add(date_property, &d.to_string())
            }
            FuzzyDate::Between(from, to) => {
                props.add(date_property, &from.to_string());
                props.add(date_property, &to.to_string());
            }
        }
    }
    for place in &entity.birth_places {
        props.add("birthPlace", place);
    }
    for country in &entity.nationalities {
        props.add("nationality", &country.code().to_ascii_lowercase());
    }
    for country in &entity.citizenships {
        props.add("citizenship", &country.code().to_ascii_lowercase());
    }
    for country in &entity.countries {
        props.add("country", &country.code().to_ascii_lowercase());
    }
    for id in &entity.identifiers {
        let property = match id.kind {
            IdKind::Passport => "passportNumber",
            IdKind::NationalId | IdKind::Other => "idNumber",
            IdKind::TaxId => "taxNumber",
            IdKind::Registration => "registrationNumber",
            IdKind::Imo => "imoNumber",
            IdKind::Swift => "swiftBic",
        };
        props.add(property, &id.number);
    }
    for address in &entity.addresses {
        props.add("address", &address.full);
    }
    for email in &entity.emails {
        props.add("email", email);
    }
    for phone in &entity.phones {
        props.add("phone", phone);
    }
    for website in &entity.websites {
        props.add("website", website);
    }
    if let Some(gender) = entity.gender {
        props.add(
            "gender",
            match gender {
                crate::Gender::Male => "male",
                crate::Gender::Female => "female",
            },
        );
    }
    for title in &entity.titles {
        props.add("title", title);
    }
    for position in &entity.positions {
        props.add("position", position);
    }
    if let Some(vessel) = &entity.vessel {
        if let Some(flag) = vessel.flag {
            props.add("flag", &flag.code().to_ascii_lowercase());
        }
        props.add("callSign", vessel.call_sign.as_deref().unwrap_or(""));
        props.add("type", vessel.vessel_type.as_deref().unwrap_or(""));
        props.add("tonnage", vessel.tonnage.as_deref().unwrap_or(""));
    }
    props.add("topics", "sanction");
    let datasets: Vec<&str> = entity.listings.iter().map(|l| l.source.as_str()).collect();
    json!({
        "id": entity.id,
        "schema": entity.schema.as_str(),
        "caption": entity.caption(),
        "properties": props.0,
        "datasets": datasets,
        "target": true,
    })
}

/// FtM properties: each a list of distinct, non-blank strings.
#[derive(Default)]
struct Properties(Map<String, Value>);

impl Properties {
    fn add(&mut self, property: &str, value: &str) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        let entry = self
            .0
            .entry(property.to_owned())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(values) = entry
            && !values.iter().any(|v| v.as_str() == Some(value))
        {
            values.push(Value::String(value.to_owned()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Authority, Country, Listing, Name, NamePart, PartialDate, Schema};

    #[test]
    fn person_with_listing() {
        let mut entity = Entity::new("us_ofac_sdn", "29219", Schema::Person);
        entity.add_name(Name::new("ZHU, Hailun", NameKind::Primary).with_parts(vec![
            NamePart {
                kind: NamePartKind::Given,
                value: "Hailun".into(),
            },
            NamePart {
                kind: NamePartKind::Family,
                value: "ZHU".into(),
            },
        ]));
        entity.add_name(Name::new("朱海仑", NameKind::Alias));
        entity
            .birth_dates
            .push(FuzzyDate::parse("1958 to 1959").unwrap());
        entity.nationalities.extend(Country::from_alpha2("CN"));
        let mut listing = Listing::new("us_ofac_sdn", Authority::UsOfac);
        listing.programmes.push("GLOMAG".into());
        listing.listed_on = Some(PartialDate::day(2020, 7, 31).unwrap());
        entity.listings.push(listing);

        let ftm = to_ftm(&entity);
        assert_eq!(ftm.len(), 2);
        let person = &ftm[0];
        assert_eq!(person["schema"], "Person");
        assert_eq!(person["properties"]["name"], json!(["ZHU, Hailun"]));
        assert_eq!(person["properties"]["alias"], json!(["朱海仑"]));
        assert_eq!(person["properties"]["firstName"], json!(["Hailun"]));
        assert_eq!(person["properties"]["birthDate"], json!(["1958", "1959"]));
        assert_eq!(person["properties"]["nationality"], json!(["cn"]));
        let sanction = &ftm[1];
        assert_eq!(sanction["schema"], "Sanction");
        assert_eq!(
            sanction["properties"]["entity"],
            json!(["us_ofac_sdn:29219"])
        );
        assert_eq!(sanction["properties"]["program"], json!(["GLOMAG"]));
        assert_eq!(sanction["properties"]["listingDate"], json!(["2020-07-31"]));
        assert_eq!(sanction["properties"]["country"], json!(["us"]));
    }
}
