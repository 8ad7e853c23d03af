//! Script detection: the dominant script of a name, and the script class of each character.

use unicode_script::{Script, UnicodeScript};

/// The dominant script of a text as an ISO 15924 code (`"Latn"`, `"Cyrl"`, `"Hani"`, `"Arab"`):
/// the script with the most letters, the first seen on a tie. `None` when the text has no letter
/// of a specific script.
///
/// ```
/// assert_eq!(interdict_names::dominant_script("Сергей Lavrov"), Some("Cyrl"));
/// assert_eq!(interdict_names::dominant_script("1234"), None);
/// ```
pub fn dominant_script(text: &str) -> Option<&'static str> {
    if text.is_ascii() {
        return text
            .bytes()
            .any(|b| b.is_ascii_alphabetic())
            .then_some("Latn");
    }
    // Names rarely mix more than two scripts: a linear scan beats a map.
    let mut counts: Vec<(Script, usize)> = Vec::new();
    for c in text.chars() {
        let script = match fast_letter_script(c) {
            Some(script) => script,
            None if c.is_alphabetic() => c.script(),
            None => continue,
        };
        if matches!(script, Script::Common | Script::Inherited | Script::Unknown) {
            continue;
        }
        match counts.iter_mut().find(|(s, _)| *s == script) {
            Some((_, n)) => *n += 1,
            None => counts.push((script, 1)),
        }
    }
    let mut best: Option<(Script, usize)> = None;
    for (script, n) in counts {
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((script, n));
        }
    }
    best.map(|(s, _)| s.short_name())
}

/// The script of a character known to be a letter, answered by range for the blocks names use
/// most; `None` for anything else. Script and alphabetic-property table lookups dominate the
/// cost of normalising non-ASCII names, so the hot paths ask this first.
pub(crate) fn fast_letter_script(c: char) -> Option<Script> {
    Some(match c {
        '\u{00C0}'..='\u{00D6}' | '\u{00D8}'..='\u{00F6}' | '\u{00F8}'..='\u{024F}' => {
            Script::Latin
        }
        '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{04FF}' => Script::Cyrillic,
        '\u{0391}'..='\u{03A1}' | '\u{03A3}'..='\u{03A9}' | '\u{03B1}'..='\u{03C9}' => {
            Script::Greek
        }
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => Script::Arabic,
        '\u{4E00}'..='\u{9FFF}' => Script::Han,
        '\u{AC00}'..='\u{D7A3}' => Script::Hangul,
        _ => return None,
    })
}

/// How a run of normalised text is romanised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Already ASCII (normalisation folds Latin to ASCII).
    Ascii,
    Han,
    Cyrillic,
    Hangul,
    Other,
}

impl Class {
    /// Syllabic scripts romanise to separate tokens, so a run of them never glues to a neighbour.
    pub(crate) fn is_syllabic(self) -> bool {
        matches!(self, Class::Han | Class::Hangul)
    }
}

/// The class of a character, or `None` for characters of no specific script (they join the
/// run they are in).
pub(crate) fn class_of(c: char) -> Option<Class> {
    if c.is_ascii() {
        return Some(Class::Ascii);
    }
    match fast_letter_script(c).unwrap_or_else(|| c.script()) {
        Script::Han => Some(Class::Han),
        Script::Cyrillic => Some(Class::Cyrillic),
        Script::Hangul => Some(Class::Hangul),
        Script::Common | Script::Inherited | Script::Unknown => None,
        _ => Some(Class::Other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dominant() {
        assert_eq!(dominant_script("Reinhard Bütikofer"), Some("Latn"));
        assert_eq!(dominant_script("Сергей Викторович Лавров"), Some("Cyrl"));
        assert_eq!(dominant_script("朱海仑"), Some("Hani"));
        assert_eq!(dominant_script("عمر البشير"), Some("Arab"));
        assert_eq!(dominant_script("김정은"), Some("Hang"));
        assert_eq!(dominant_script("Τσίπρας"), Some("Grek"));
        assert_eq!(dominant_script("Putin Путин"), Some("Latn"));
        assert_eq!(dominant_script(""), None);
        assert_eq!(dominant_script("12 - 34"), None);
        assert_eq!(dominant_script("١٢٣"), None);
    }

    #[test]
    fn fast_letter_script_agrees_with_tables() {
        for c in (0..=0xFFFF).filter_map(char::from_u32) {
            if let Some(script) = fast_letter_script(c) {
                assert_eq!(script, c.script(), "{c:?}");
                assert!(c.is_alphabetic(), "{c:?}");
            }
        }
    }

    #[test]
    fn classes() {
        assert_eq!(class_of('a'), Some(Class::Ascii));
        assert_eq!(class_of('朱'), Some(Class::Han));
        assert_eq!(class_of('ж'), Some(Class::Cyrillic));
        assert_eq!(class_of('김'), Some(Class::Hangul));
        assert_eq!(class_of('α'), Some(Class::Other));
        assert_eq!(class_of('ー'), None);
    }
}
