//! Growing the loaded lists to millions of entities for the scale test.
//!
//! [`grow`] adds perturbed copies of real loaded entities until there are as
//! many as asked: each copy gets a new id (`scale:N`), and each of its names
//! one or two changes (a typo, two words swapped, a word dropped, a word
//! taken from another entity's name, or the changes of
//! [`interdict_eval::screening::perturb`]), so the index grows with
//! realistic names, spellings and rare words rather than duplicates.
//!
//! Copies carry what screening reads (names, schema, dates of birth,
//! countries and one listing) and leave out addresses, remarks and
//! identifiers, so memory measured at scale is that of the index and the
//! names, not of long remarks copied a hundred times. Everything is
//! deterministic for a given seed.

use interdict_eval::screening::perturb;
use interdict_model::{Entity, FuzzyDate, Name, PartialDate};

/// A small deterministic generator (SplitMix64): the same seed gives the
/// same copies on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
}

/// Letters a typo may bring in.
const LETTERS: &[char] = &[
    'a', 'e', 'i', 'o', 'u', 'y', 'n', 'r', 's', 't', 'l', 'm', 'k', 'h', 'd',
];

/// One random typing slip in one word of four letters or more: a letter
/// changed, dropped, doubled or swapped with its neighbour. None when no
/// word is long enough.
pub fn typo(name: &str, rng: &mut Rng) -> Option<String> {
    let mut words: Vec<Vec<char>> = name
        .split_whitespace()
        .map(|w| w.chars().collect())
        .collect();
    let long: Vec<usize> = (0..words.len()).filter(|&i| words[i].len() >= 4).collect();
    let word = &mut words[*long.get(rng.below(long.len()))?];
    let at = 1 + rng.below(word.len() - 2);
    match rng.below(4) {
        0 => word[at] = LETTERS[rng.below(LETTERS.len())],
        1 => {
            word.remove(at);
        }
        2 => word.insert(at, word[at]),
        _ => word.swap(at, at + 1),
    }
    Some(join(&words))
}

/// Two words of the name swapped; none for one word.
pub fn swap_words(name: &str, rng: &mut Rng) -> Option<String> {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 2 {
        return None;
    }
    let a = rng.below(words.len());
    let b = (a + 1 + rng.below(words.len() - 1)) % words.len();
    words.swap(a, b);
    Some(words.join(" "))
}

/// One word dropped from a name of three words or more.
pub fn drop_word(name: &str, rng: &mut Rng) -> Option<String> {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 3 {
        return None;
    }
    words.remove(rng.below(words.len()));
    Some(words.join(" "))
}

/// One word replaced by `donor`, a word of another entity's name.
pub fn replace_word(name: &str, donor: &str, rng: &mut Rng) -> Option<String> {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || donor.is_empty() {
        return None;
    }
    let at = rng.below(words.len());
    words[at] = donor;
    Some(words.join(" "))
}

fn join(words: &[Vec<char>]) -> String {
    words
        .iter()
        .map(|w| w.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A name with one or two changes; `donors` are words to bring in from
/// other names. Always differs from `name` when any change applies.
pub fn perturb_name(name: &str, donors: &[String], rng: &mut Rng) -> String {
    // Two changes may undo each other (a swap swapped back), so try again
    // until the name differs.
    for _ in 0..4 {
        let changed = perturb_once(name, donors, rng);
        if changed != name {
            return changed;
        }
    }
    name.to_owned()
}

fn perturb_once(name: &str, donors: &[String], rng: &mut Rng) -> String {
    let changes = 1 + usize::from(rng.chance(0.4));
    let mut current = name.to_owned();
    for _ in 0..changes {
        // A few tries, since not every change applies to every name.
        for _ in 0..4 {
            let changed = match rng.below(6) {
                0 | 1 => typo(&current, rng),
                2 => swap_words(&current, rng),
                3 => drop_word(&current, rng),
                4 => {
                    let donor = donors
                        .get(rng.below(donors.len()))
                        .map_or("", String::as_str);
                    replace_word(&current, donor, rng)
                }
                _ => perturb::typo(&current).or_else(|| perturb::drop_middle_names(&current)),
            };
            if let Some(changed) = changed.filter(|c| *c != current && !c.is_empty()) {
                current = changed;
                break;
            }
        }
    }
    current
}

/// Words of the entities' names, to bring into copies (every third word,
/// enough for variety at a fraction of the memory).
fn donor_words(entities: &[Entity]) -> Vec<String> {
    entities
        .iter()
        .flat_map(|e| &e.names)
        .flat_map(|n| n.full.split_whitespace())
        .step_by(3)
        .map(str::to_owned)
        .collect()
}

/// A perturbed copy of `original` with the id `scale:{number}`.
pub fn copy(original: &Entity, number: usize, donors: &[String], rng: &mut Rng) -> Entity {
    let mut copy = Entity::new("scale", &number.to_string(), original.schema);
    copy.names = original
        .names
        .iter()
        .map(|name| {
            let mut changed = Name::new(&perturb_name(&name.full, donors, rng), name.kind);
            changed.language.clone_from(&name.language);
            changed
        })
        .collect();
    copy.birth_dates = original
        .birth_dates
        .iter()
        .map(|date| match date {
            // Years a little apart, as other people's would be.
            FuzzyDate::Exact(d) if rng.chance(0.5) => {
                let year = d
                    .year_value()
                    .saturating_add(rng.below(7) as u16)
                    .saturating_sub(3);
                PartialDate::new(year, d.month_value(), d.day_value())
                    .map_or(*date, FuzzyDate::Exact)
            }
            other => *other,
        })
        .collect();
    copy.nationalities.clone_from(&original.nationalities);
    copy.citizenships.clone_from(&original.citizenships);
    copy.countries.clone_from(&original.countries);
    copy.gender = original.gender;
    copy.listings = original
        .listings
        .first()
        .map(|listing| {
            let mut listing = listing.clone();
            listing.remarks = None;
            listing.reference = Some(format!("scale-{number}"));
            listing
        })
        .into_iter()
        .collect();
    copy
}

/// Adds perturbed copies of `entities` (round-robin over them, so every one
/// is copied about equally) until there are `target`; returns how many were
/// added. Nothing is added when there are already as many, or none to copy.
pub fn grow(entities: &mut Vec<Entity>, target: usize, seed: u64) -> usize {
    let originals = entities.len();
    if originals == 0 || target <= originals {
        return 0;
    }
    let donors = donor_words(entities);
    let added = target - originals;
    entities.reserve_exact(added);
    let mut rng = Rng::new(seed);
    for number in 0..added {
        let original = &entities[number % originals];
        let copy = copy(original, number + 1, &donors, &mut rng);
        entities.push(copy);
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::{Authority, Listing, NameKind, Schema};

    fn entity() -> Entity {
        let mut entity = Entity::new("un_sc", "QDi.1", Schema::Person);
        entity.names = vec![
            Name::new("Abdul Haq Wasiq", NameKind::Primary),
            Name::new("Wasiq", NameKind::Alias),
        ];
        entity.birth_dates = FuzzyDate::parse("1971").into_iter().collect();
        let mut listing = Listing::new("un_sc", Authority::UnSc);
        listing.remarks = Some("a long remark".into());
        entity.listings = vec![listing];
        entity
    }

    #[test]
    fn the_generator_is_deterministic() {
        let draw = |seed| {
            let mut rng = Rng::new(seed);
            (0..5).map(|_| rng.next_u64()).collect::<Vec<_>>()
        };
        assert_eq!(draw(7), draw(7));
        assert_ne!(draw(7), draw(8));
        let mut rng = Rng::new(1);
        assert!((0..1000).all(|_| rng.below(3) < 3));
    }

    #[test]
    fn changes_do_what_they_say() {
        let mut rng = Rng::new(3);
        for _ in 0..50 {
            let typo = typo("SERGEY LAVROV", &mut rng).unwrap_or_default();
            let changed = typo
                .split(' ')
                .zip(["SERGEY", "LAVROV"])
                .filter(|(a, b)| a != b)
                .count();
            assert!(changed <= 1, "{typo}");
            assert!(typo.len().abs_diff("SERGEY LAVROV".len()) <= 1, "{typo}");
        }
        assert_eq!(typo("LI WEI", &mut rng), None);
        assert_eq!(swap_words("LI WEI", &mut rng).as_deref(), Some("WEI LI"));
        assert_eq!(drop_word("LI WEI", &mut rng), None);
        let dropped = drop_word("ABDUL HAQ WASIQ", &mut rng).unwrap_or_default();
        assert_eq!(dropped.split(' ').count(), 2);
        let replaced = replace_word("LI WEI", "ZHANG", &mut rng).unwrap_or_default();
        assert!(
            replaced == "ZHANG WEI" || replaced == "LI ZHANG",
            "{replaced}"
        );
    }

    #[test]
    fn copies_are_perturbed_lean_and_numbered() {
        let mut entities = vec![entity()];
        let added = grow(&mut entities, 101, 42);
        assert_eq!((added, entities.len()), (100, 101));
        let copy = &entities[1];
        assert_eq!(copy.id, "scale:1");
        assert_eq!(copy.names.len(), 2);
        assert_eq!(copy.listings.len(), 1);
        assert_eq!(copy.listings[0].remarks, None);
        assert_eq!(copy.listings[0].source, "un_sc");
        let distinct: std::collections::HashSet<&str> =
            entities.iter().map(|e| e.names[0].full.as_str()).collect();
        assert!(distinct.len() > 50, "{} distinct names", distinct.len());
        assert!(
            entities[1..]
                .iter()
                .all(|e| e.names[0].full != "Abdul Haq Wasiq")
        );
        let mut again = vec![entity()];
        grow(&mut again, 101, 42);
        assert_eq!(again, entities);
        assert_eq!(grow(&mut entities, 50, 42), 0);
    }
}
