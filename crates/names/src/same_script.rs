//! Comparing two names written in the same syllabic or logographic script.
//!
//! In Chinese, Japanese and Korean script each character is a syllable of the
//! name, chosen on purpose: 习近平 and 习近朋, or 김정은 and 김종은, are
//! different people, though their romanisations (`xi jin ping`, `xi jin
//! peng`; `kim jong un`, `kim jeong eun`) are a typing slip apart. When both
//! names are in such a script, the characters themselves are the better
//! evidence. [`character_agreement`] measures it.

use pinyin::ToPinyin;
use strsim::generic_damerau_levenshtein;
use unicode_script::{Script, UnicodeScript};

/// Scripts in which one character is one syllable of a name.
fn syllabic_script(c: char) -> Option<Script> {
    match c.script() {
        script @ (Script::Han | Script::Hangul | Script::Hiragana | Script::Katakana) => {
            Some(script)
        }
        _ => None,
    }
}

/// The letters of a name that carry its syllables, or `None` when the name
/// has letters outside the syllabic scripts (a mixed or Latin name).
fn syllables(name: &str) -> Option<Vec<char>> {
    let mut out = Vec::new();
    for c in name.chars() {
        if syllabic_script(c).is_some() {
            out.push(c);
        } else if c.is_alphanumeric() {
            return None;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// How far two names in a syllabic script agree character by character, 0–1,
/// or `None` when they are not both written wholly in such scripts (then
/// the romanised comparison stands alone). 1 means every syllable agrees;
/// each added, dropped, changed or swapped character takes off its share of
/// the longer name.
///
/// ```
/// use interdict_names::character_agreement;
/// assert_eq!(character_agreement("习近平", "習 近平"), Some(1.0));
/// assert!(character_agreement("习近平", "习近朋").unwrap() < 0.7);
/// assert_eq!(character_agreement("Xi Jinping", "习近平"), None);
/// ```
pub fn character_agreement(a: &str, b: &str) -> Option<f32> {
    let (a, b) = (syllables(a)?, syllables(b)?);
    // Han characters are compared by reading: the simplified and traditional
    // forms of one character (习 and 習) share it, which is the best a reading
    // table without a conversion table can tell. Different characters with
    // one reading (石 and 市, both `shi`) are then taken as the same too: a
    // screening engine must not miss a name written with the other form of
    // its character.
    let key = |c: &char| -> String {
        match c.to_pinyin() {
            Some(reading) if syllabic_script(*c) == Some(Script::Han) => reading.plain().to_owned(),
            _ => c.to_string(),
        }
    };
    let (ka, kb): (Vec<String>, Vec<String>) =
        (a.iter().map(key).collect(), b.iter().map(key).collect());
    let distance = generic_damerau_levenshtein(&ka, &kb);
    let longest = a.len().max(b.len());
    Some(1.0 - distance as f32 / longest as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_changed_character_is_another_name() {
        let agreement = character_agreement("김정은", "김종은").unwrap();
        assert!((agreement - 2.0 / 3.0).abs() < 1e-6, "{agreement}");
        assert!(character_agreement("이재명", "이재형").unwrap() < 0.7);
    }

    #[test]
    fn simplified_and_traditional_forms_agree() {
        assert_eq!(character_agreement("习近平", "習近平"), Some(1.0));
        assert_eq!(character_agreement("朱海仑", "朱 海侖"), Some(1.0));
    }

    #[test]
    fn names_outside_syllabic_scripts_are_not_compared() {
        assert_eq!(character_agreement("Сергей Лавров", "Сергей Лавров"), None);
        assert_eq!(character_agreement("习近平 Xi", "习近平"), None);
        assert_eq!(character_agreement("", "习近平"), None);
    }

    #[test]
    fn japanese_names_in_kanji_and_kana_compare() {
        assert_eq!(
            character_agreement("たかいち さなえ", "たかいち さなえ"),
            Some(1.0)
        );
        assert!(character_agreement("たかいち さなえ", "たかはし さなえ").unwrap() < 0.9);
    }
}
