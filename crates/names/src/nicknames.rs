//! Nicknames and the names they stand for (`Ted` and `Theodore`, `Ben` and
//! `Benjamin`, `Bill` and `William`).
//!
//! The table is carltonnorthern's `nicknames` (Apache-2.0, see
//! `data/NOTICE.md`), read once into a map. The `nicknamer` crate ships the
//! same table but rebuilds its map on every lookup, too slow for screening.

use std::collections::HashMap;
use std::sync::LazyLock;

static TABLE: &str = include_str!("../data/nicknames.csv");

/// Each name, lower case, with the names related to it either way.
static RELATED: LazyLock<HashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    for line in TABLE.lines().skip(1) {
        let mut parts = line.splitn(3, ',');
        let (Some(name), Some("has_nickname"), Some(nickname)) =
            (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
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
    }
}
