//! Nicknames and the names they stand for (`Ted` and `Theodore`, `Ben` and
//! `Benjamin`, `Bill` and `William`), and given names' forms in other
//! languages (`John`, `Juan`, `Ivan`).
//!
//! The table is carltonnorthern's `nicknames` (Apache-2.0, see
//! `data/NOTICE.md`), read once into a map. The `nicknamer` crate ships the
//! same table but rebuilds its map on every lookup, too slow for screening.

use std::collections::HashMap;
use std::sync::LazyLock;

static TABLE: &str = include_str!("../data/nicknames.csv");

/// Well-known nicknames of other languages, which the English table lacks:
/// the Hebrew `Bibi` for Binyamin, the Russian diminutives used as names in
/// their own right (`Sasha`, `Volodya`, `Dima`), the Spanish `Pepe`, `Paco`
/// and `Nacho`.
const OTHER_LANGUAGES: &[(&str, &str)] = &[
    ("binyamin", "bibi"),
    ("benjamin", "bibi"),
    ("aleksandr", "sasha"),
    ("alexander", "sasha"),
    ("vladimir", "volodya"),
    ("dmitry", "dima"),
    ("dmitriy", "dima"),
    ("mikhail", "misha"),
    ("nikolay", "kolya"),
    ("nikolai", "kolya"),
    ("sergey", "seryozha"),
    ("sergei", "seryozha"),
    ("ivan", "vanya"),
    ("pavel", "pasha"),
    ("konstantin", "kostya"),
    ("aleksey", "lyosha"),
    ("alexei", "lyosha"),
    ("yevgeny", "zhenya"),
    ("evgeny", "zhenya"),
    ("jose", "pepe"),
    ("francisco", "paco"),
    ("ignacio", "nacho"),
];

/// Each name, lower case, with the names related to it either way.
static RELATED: LazyLock<HashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    let table = TABLE.lines().skip(1).filter_map(|line| {
        let mut parts = line.splitn(3, ',');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(name), Some("has_nickname"), Some(nickname)) => Some((name, nickname)),
            _ => None,
        }
    });
    for (name, nickname) in table.chain(OTHER_LANGUAGES.iter().copied()) {
        let (name, nickname) = (name.trim(), nickname.trim());
        if name.is_empty() || nickname.is_empty() || name == nickname {
            continue;
        }
        for (a, b) in [(name, nickname), (nickname, name)] {
            let related = map.entry(a).or_default();
            if !related.contains(&b) {
                related.push(b);
            }
        }
    }
    map
});

/// The names related to a (normalised, lower-case) name as nickname or full
/// form; empty when the table does not know it.
pub fn nicknames(name: &str) -> &'static [&'static str] {
    RELATED.get(name).map_or(&[], Vec::as_slice)
}

/// Given names that are one name in several languages (`John`, `Juan`,
/// `Johann`, `Ivan`). Written here: the nickname table is English only, and
/// no crate has such a table. Names whose forms differ by a letter or two
/// (`Michael`, `Michel`) are left to the matcher's typo rules; names whose
/// forms are also different names in their own right (`Frederick`,
/// `Friedrich`) are left out.
#[rustfmt::skip]
const EQUIVALENT_GIVEN_NAMES: &[&[&str]] = &[
    &[
        "john", "juan", "johann", "johannes", "jean", "giovanni", "ivan", "jan", "joao", "sean",
        "ian", "hans", "jovan", "ioannis", "yahya", "ivo", "hovhannes", "ioan", "joan",
    ],
    &[
        "michael", "mikhail", "miguel", "michele", "michal", "mykhailo", "mikael", "mihail",
        "mikheil", "mihai", "mikhael", "mikel",
    ],
    &["peter", "pyotr", "petr", "pierre", "pedro", "pietro", "piotr", "petro", "pieter"],
    &["paul", "pavel", "pablo", "paolo", "pawel", "paulo", "pavlo", "pal"],
    &[
        "joseph", "jose", "giuseppe", "josef", "iosif", "yusuf", "youssef", "yousef", "osip",
        "josip", "jozef", "yosef",
    ],
    &[
        "george", "georgy", "georgiy", "jorge", "giorgio", "georg", "jerzy", "yuri", "yuriy",
        "iurii", "georges", "giorgi", "jiri", "gevorg",
    ],
    &[
        "alexander", "aleksandr", "alexandre", "alejandro", "alessandro", "oleksandr",
        "aleksander", "iskander", "iskandar", "alexandru", "aleksandar", "sandor",
    ],
    &[
        "nicholas", "nikolai", "nikolay", "nicolas", "nicola", "nikola", "mykola", "nicolae",
        "mikolaj", "nikolaos", "niklas", "klaus",
    ],
    &["andrew", "andrei", "andrey", "andres", "andre", "andrea", "andrzej", "andriy", "andreas"],
    &["stephen", "steven", "stepan", "esteban", "stefan", "stephane", "stefano", "istvan"],
    &[
        "james", "diego", "jaime", "giacomo", "jacques", "jakob", "jacob", "yakov", "yaakov",
        "yakub", "jakub", "yaqub", "iacob",
    ],
    &["matthew", "matvei", "matvey", "mateo", "matteo", "mathieu", "mateusz", "matthias"],
    &["gregory", "grigory", "grigoriy", "gregorio", "gregoire", "grzegorz", "hryhoriy"],
    &["anthony", "antonio", "anton", "antoine", "antoni", "antonin"],
    &["charles", "carlos", "carlo", "karl", "karol", "carl", "karel"],
    &["henry", "henri", "enrique", "enrico", "heinrich", "henryk", "hendrik"],
    &["william", "guillermo", "guillaume", "wilhelm", "guglielmo", "willem"],
    &["francis", "francisco", "francesco", "francois", "franz", "frantisek", "ferenc"],
    &["catherine", "ekaterina", "yekaterina", "katarina", "caterina", "catalina", "katharina"],
    &["mary", "maria", "marie", "mariya", "maryam", "miriam", "mariam"],
    &["elizabeth", "elizaveta", "isabel", "elisabeth", "elisabetta", "elzbieta", "isabelle"],
    &["helen", "elena", "yelena", "helene", "olena", "jelena", "eleni"],
    &["eugene", "evgeny", "yevgeny", "evgeniy", "yevgeniy", "eugenio", "eugen", "yevhen"],
    &["dmitry", "dmitri", "dmitriy", "demetrius", "dimitri", "dimitrios", "dmytro"],
    &["abraham", "ibrahim", "avraham"],
    &["moses", "musa", "moshe", "moises"],
    &["solomon", "suleiman", "sulayman", "suleyman", "shlomo", "salomon"],
    &["david", "dawood", "dawud", "daud", "davit"],
    &["jesus", "isa"],
    &["joshua", "yehoshua", "josue"],
    &["jonah", "yunus", "younes", "jonas"],
    &["job", "ayyub", "eyup"],
    &["noah", "nuh"],
    &["zachary", "zakaria", "zakariya", "zacharias", "zakhar"],
    &["elijah", "ilyas", "ilya", "elias", "iliya"],
    &["gabriel", "jibril", "gavriil"],
    &["adam", "adem"],
    &["benjamin", "binyamin", "benyamin", "veniamin"],
];

/// Each given name, lower case, with its forms in other languages.
static EQUIVALENTS: LazyLock<HashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    for group in EQUIVALENT_GIVEN_NAMES {
        for &name in *group {
            let related = map.entry(name).or_default();
            related.extend(group.iter().filter(|&&other| other != name));
        }
    }
    map
});

/// The forms of a (normalised, lower-case) given name in other languages
/// (`juan` for `john`); empty when the table does not know it.
pub fn given_name_equivalents(name: &str) -> &'static [&'static str] {
    EQUIVALENTS.get(name).map_or(&[], Vec::as_slice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relates_nicknames_and_full_names_both_ways() {
        assert!(nicknames("ted").contains(&"theodore"));
        assert!(nicknames("theodore").contains(&"ted"));
        assert!(nicknames("benjamin").contains(&"ben"));
        assert!(nicknames("william").contains(&"bill"));
        assert!(nicknames("zzyzx").is_empty());
        assert!(nicknames("bibi").contains(&"binyamin"));
        assert!(nicknames("volodya").contains(&"vladimir"));
    }

    #[test]
    fn relates_given_names_across_languages() {
        assert!(given_name_equivalents("john").contains(&"juan"));
        assert!(given_name_equivalents("ivan").contains(&"johann"));
        assert!(given_name_equivalents("yusuf").contains(&"joseph"));
        assert!(!given_name_equivalents("john").contains(&"john"));
        assert!(given_name_equivalents("frederick").is_empty());
    }
}
