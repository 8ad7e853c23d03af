//! Several names written as one: lists join alternatives with a slash
//! (`Al-Qa'ida/Islamic Army`, `Jaish-e-Mohammed / Army of Mohammed`).

/// Fewest letters the words touching a slash need for the slash to part
/// two names: `S/A`, `c/o` and `M/V` are abbreviations, not alternatives.
const MIN_ALTERNATIVE_LETTERS: usize = 3;

/// The names a slash-joined name stands for, each trimmed; empty when the
/// name is one name.
///
/// ```
/// use interdict_names::slash_alternatives;
/// assert_eq!(slash_alternatives("Al-Qa'ida/Islamic Army"), ["Al-Qa'ida", "Islamic Army"]);
/// assert!(slash_alternatives("Banco S/A").is_empty());
/// assert!(slash_alternatives("Sergey Lavrov").is_empty());
/// ```
pub fn slash_alternatives(name: &str) -> Vec<&str> {
    if !name.contains('/') {
        return Vec::new();
    }
    let parts: Vec<&str> = name.split('/').map(str::trim).collect();
    let letters =
        |word: Option<&str>| word.map_or(0, |w| w.chars().filter(|c| c.is_alphabetic()).count());
    // The words touching each slash must be words, not letters (`c/o`).
    let words_touch = parts.windows(2).all(|pair| {
        letters(pair[0].split_whitespace().next_back()) >= MIN_ALTERNATIVE_LETTERS
            && letters(pair[1].split_whitespace().next()) >= MIN_ALTERNATIVE_LETTERS
    });
    if words_touch { parts } else { Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slashes_part_names_but_not_abbreviations() {
        assert_eq!(
            slash_alternatives("Jaish-e-Mohammed / Army of Mohammed / Tehrik ul-Furqaan"),
            ["Jaish-e-Mohammed", "Army of Mohammed", "Tehrik ul-Furqaan"]
        );
        assert!(slash_alternatives("M/V Hellenic Spirit").is_empty());
        assert!(slash_alternatives("Acme c/o Smith").is_empty());
        assert!(slash_alternatives("/").is_empty());
    }
}
