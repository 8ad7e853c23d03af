//! Perturbed copies of real listed people: the mistakes and variations
//! customer data has. Each kind of change makes its own set, so recall can be
//! reported per kind. Changes are deterministic (no randomness), so runs are
//! comparable; a person a change does not apply to is left out of that set.

use super::Person;

/// A change to a name; none when it does not apply.
type Change = fn(&str) -> Option<String>;

/// Every kind of perturbation, with the people it applies to.
pub fn perturbed_sets(people: &[Person]) -> Vec<(&'static str, Vec<Person>)> {
    let kinds: [(&'static str, Change); 5] = [
        ("typo", typo),
        ("dropped_middle_names", drop_middle_names),
        ("last_comma_first", last_comma_first),
        ("spelling_variant", spelling_variant),
        ("no_date_or_country", |name| Some(name.to_owned())),
    ];
    kinds
        .into_iter()
        .map(|(kind, change)| {
            let set = people
                .iter()
                .filter_map(|person| {
                    let name = change(&person.name)?;
                    let mut changed = person.clone();
                    changed.name = name;
                    if kind == "no_date_or_country" {
                        changed.birth_date = None;
                        changed.nationality = None;
                    }
                    Some(changed)
                })
                .collect();
            (kind, set)
        })
        .collect()
}

/// Two neighbouring letters swapped in the middle of the longest word
/// (`LAVROV` → `LARVOV`); words under five letters are left alone.
pub fn typo(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let (at, longest) = words
        .iter()
        .enumerate()
        .max_by_key(|(_, w)| w.chars().count())?;
    let mut letters: Vec<char> = longest.chars().collect();
    if letters.len() < 5 {
        return None;
    }
    let middle = letters.len() / 2;
    letters.swap(middle - 1, middle);
    let mut changed: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
    changed[at] = letters.into_iter().collect();
    let changed = changed.join(" ");
    (changed != name).then_some(changed)
}

/// Only the first and last names of a name with a middle one. A name is a
/// word, or a word with the one after it where the first cannot stand
/// alone: the Arabic `Abd`/`Abdul` ("servant of") and `Abu`/`Umm` ("father
/// of", "mother of") compounds, and the article `al`/`el` written apart
/// (`ABDUL HAQ WASIQ` has no middle name; `MUNIR AL QUBAYSI` keeps
/// `AL QUBAYSI`). Customer records leave out middle names; they do not cut
/// a compound in two.
pub fn drop_middle_names(name: &str) -> Option<String> {
    const JOINS_NEXT: &[&str] = &[
        "ABD", "ABDUL", "ABDEL", "ABDAL", "ABDOUL", "ABU", "ABOU", "UMM", "AL", "EL",
    ];
    let mut names: Vec<String> = Vec::new();
    let mut pending: Option<&str> = None;
    for word in name.split_whitespace() {
        match pending.take() {
            Some(prefix) => names.push(format!("{prefix} {word}")),
            None if JOINS_NEXT.contains(&word.to_uppercase().as_str()) => pending = Some(word),
            None => names.push(word.to_owned()),
        }
    }
    if let Some(prefix) = pending {
        names.push(prefix.to_owned());
    }
    match names.as_slice() {
        [first, _, .., last] => Some(format!("{first} {last}")),
        _ => None,
    }
}

/// `LAST, First Middle`.
pub fn last_comma_first(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.as_slice() {
        [first @ .., last] if !first.is_empty() => Some(format!("{last}, {}", first.join(" "))),
        _ => None,
    }
}

/// Romanisation variants of Arabic, Persian and Pashto names as customer
/// records write them: `Mohammed`/`Muhammad`, `Abdul`/`Abd al`, `ou`/`u`,
/// `ee`/`i`, and the article `al-` dropped.
pub fn spelling_variant(name: &str) -> Option<String> {
    const WORDS: &[(&str, &str)] = &[
        ("MOHAMMED", "MUHAMMAD"),
        ("MOHAMMAD", "MUHAMMAD"),
        ("MOHAMED", "MUHAMMAD"),
        ("MUHAMMAD", "MOHAMMED"),
        ("AHMED", "AHMAD"),
        ("AHMAD", "AHMED"),
        ("ABDUL", "ABD AL"),
        ("ABDEL", "ABD AL"),
        ("HUSSEIN", "HUSAYN"),
        ("HUSSAIN", "HUSAYN"),
        ("YOUSEF", "YUSUF"),
        ("YOUSSEF", "YUSUF"),
    ];
    let upper = name.to_uppercase();
    let mut words: Vec<String> = upper.split_whitespace().map(str::to_owned).collect();
    let mut changed = false;
    for word in &mut words {
        if let Some(&(_, variant)) = WORDS.iter().find(|(from, _)| word == from) {
            *word = variant.to_owned();
            changed = true;
        } else if let Some(rest) = word.strip_prefix("AL-") {
            *word = rest.to_owned();
            changed = true;
        } else if word.contains("OU") {
            *word = word.replacen("OU", "U", 1);
            changed = true;
        } else if word.contains("EE") {
            *word = word.replacen("EE", "I", 1);
            changed = true;
        }
    }
    changed.then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_change_does_what_it_says() {
        assert_eq!(typo("SERGEY LAVROV").as_deref(), Some("SERGEY LARVOV"));
        assert_eq!(typo("LI WEI"), None);
        assert_eq!(
            drop_middle_names("SERGEY VIKTOROVICH LAVROV").as_deref(),
            Some("SERGEY LAVROV")
        );
        assert_eq!(drop_middle_names("JANAN AGHA"), None);
        assert_eq!(drop_middle_names("ABDUL HAQ WASIQ"), None);
        assert_eq!(
            drop_middle_names("ABD AL-RAHMAN OULD MUHAMMAD SALIM").as_deref(),
            Some("ABD AL-RAHMAN SALIM")
        );
        assert_eq!(drop_middle_names("MUNIR AL QUBAYSI").as_deref(), None);
        assert_eq!(
            drop_middle_names("ABU MOHAMMED HASAN AL JAWLANI").as_deref(),
            Some("ABU MOHAMMED AL JAWLANI")
        );
        assert_eq!(
            last_comma_first("JANAN AGHA").as_deref(),
            Some("AGHA, JANAN")
        );
        assert_eq!(
            spelling_variant("Abdul Haq Al-Wasiq").as_deref(),
            Some("ABD AL HAQ WASIQ")
        );
        assert_eq!(spelling_variant("ERIC BADEGE"), None);
    }
}
