//! Phonetic keys for candidate generation.

use std::borrow::Cow;

use any_ascii::any_ascii_char;
use rphonetic::DoubleMetaphone;

/// Double Metaphone keys of a token (rphonetic, codes of up to 4 characters): the primary key,
/// then the alternate key if it differs. Empty for a token with no letters.
/// `lavrov`/`lavroff` share a key, as do `mohammed`/`muhammad`.
///
/// ```
/// use interdict_names::phonetic_keys;
/// assert_eq!(phonetic_keys("lavroff"), phonetic_keys("lavrov"));
/// assert!(phonetic_keys("1960").is_empty());
/// ```
pub fn phonetic_keys(token: &str) -> Vec<String> {
    // rphonetic slices its input by byte offsets, so it only ever sees ASCII letters.
    let letters: Cow<'_, str> = if token.bytes().all(|b| b.is_ascii_alphabetic()) {
        Cow::Borrowed(token)
    } else {
        let mut letters = String::with_capacity(token.len());
        for c in token.chars() {
            if c.is_ascii() {
                letters.extend(Some(c).filter(char::is_ascii_alphabetic));
            } else if c.is_alphabetic() {
                letters.extend(any_ascii_char(c).chars().filter(char::is_ascii_alphabetic));
            }
        }
        Cow::Owned(letters)
    };
    if letters.is_empty() {
        return Vec::new();
    }
    let result = DoubleMetaphone::default().double_metaphone(&letters);
    let (primary, alternate) = (result.primary(), result.alternate());
    let mut keys = Vec::with_capacity(2);
    if !primary.is_empty() {
        keys.push(primary.clone());
    }
    if !alternate.is_empty() && alternate != primary {
        keys.push(alternate);
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_keys() {
        assert_eq!(phonetic_keys("lavrov"), ["LFRF"]);
        assert_eq!(phonetic_keys("lavroff"), ["LFRF"]);
        assert_eq!(phonetic_keys("mohammed"), phonetic_keys("muhammad"));
        assert_eq!(phonetic_keys("putin"), phonetic_keys("poutine"));
        assert_eq!(phonetic_keys("bashir"), phonetic_keys("basheer"));
        assert_eq!(phonetic_keys("schmidt"), ["XMT", "SMT"]);
        assert_eq!(phonetic_keys("Bütikofer"), phonetic_keys("butikofer"));
    }

    #[test]
    fn no_letters_no_keys() {
        assert!(phonetic_keys("").is_empty());
        assert!(phonetic_keys("1960").is_empty());
        assert!(phonetic_keys("--").is_empty());
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn never_panics(token in prop_oneof![any::<String>(), "[a-z]{0,20}", "[A-Za-z0-9' -]{0,20}"]) {
            let keys = phonetic_keys(&token);
            prop_assert!(keys.len() <= 2);
            prop_assert!(keys.iter().all(|k| !k.is_empty() && k.is_ascii()));
            if !token.chars().any(char::is_alphabetic) {
                prop_assert!(keys.is_empty());
            }
        }
    }
}
