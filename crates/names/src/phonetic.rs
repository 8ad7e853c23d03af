//! Phonetic keys for candidate generation.

use std::borrow::Cow;
use std::fmt;

use any_ascii::any_ascii_char;
use rphonetic::DoubleMetaphone;

/// One Double Metaphone key, held inline: rphonetic's codes are at most
/// four ASCII characters (its default code length), so a key needs no heap
/// and compares as one word. The index keeps a key for each of the
/// hundreds of thousands of listed words; as strings in vectors they took
/// tens of megabytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct PhoneticKey([u8; 4]);

impl PhoneticKey {
    /// The key of a code; none for an empty code. Only a code's first four
    /// bytes are kept, and only if they are ASCII.
    fn new(code: &str) -> Option<Self> {
        let mut bytes = [0; 4];
        for (slot, byte) in bytes.iter_mut().zip(code.bytes().filter(u8::is_ascii)) {
            *slot = byte;
        }
        (bytes[0] != 0).then_some(PhoneticKey(bytes))
    }

    /// The key as text (`LFRF`).
    pub fn as_str(&self) -> &str {
        let len = self.0.iter().position(|&b| b == 0).unwrap_or(self.0.len());
        std::str::from_utf8(&self.0[..len]).unwrap_or_default()
    }

    fn is_empty(&self) -> bool {
        self.0[0] == 0
    }
}

impl fmt::Debug for PhoneticKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for PhoneticKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A token's phonetic keys (see [`phonetic_keys`]): none, one, or a
/// primary and a different alternate key.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PhoneticKeys([PhoneticKey; 2]);

impl PhoneticKeys {
    /// The keys, primary first.
    pub fn iter(&self) -> impl Iterator<Item = &PhoneticKey> {
        self.0.iter().filter(|key| !key.is_empty())
    }

    /// How many keys there are (0 to 2).
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether the token has no key (it has no letters).
    pub fn is_empty(&self) -> bool {
        self.0[0].is_empty()
    }

    /// Whether the two tokens share a key: they sound alike.
    pub fn shares_key(&self, other: &PhoneticKeys) -> bool {
        self.iter().any(|key| other.0.contains(key))
    }
}

impl fmt::Debug for PhoneticKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Double Metaphone keys of a token (rphonetic, codes of up to 4 characters): the primary key,
/// then the alternate key if it differs. Empty for a token with no letters.
/// `lavrov`/`lavroff` share a key, as do `mohammed`/`muhammad`.
///
/// ```
/// use interdict_names::phonetic_keys;
/// assert_eq!(phonetic_keys("lavroff"), phonetic_keys("lavrov"));
/// assert!(phonetic_keys("lavroff").shares_key(&phonetic_keys("lavrov")));
/// assert!(phonetic_keys("1960").is_empty());
/// ```
pub fn phonetic_keys(token: &str) -> PhoneticKeys {
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
        return PhoneticKeys::default();
    }
    let result = DoubleMetaphone::default().double_metaphone(&letters);
    let primary = PhoneticKey::new(&result.primary());
    let alternate = PhoneticKey::new(&result.alternate()).filter(|&key| Some(key) != primary);
    match (primary, alternate) {
        (Some(primary), alternate) => PhoneticKeys([primary, alternate.unwrap_or_default()]),
        (None, Some(alternate)) => PhoneticKeys([alternate, PhoneticKey::default()]),
        (None, None) => PhoneticKeys::default(),
    }
}

/// A token's spelling with the differences that romanisations of one sound
/// make taken out: doubled letters written once, `ou`/`oo` as `u`, `ee` as
/// `i`, the diphthongs `ei`/`ey`/`ai` as `ay` and `au` as `aw`. Arabic and
/// Persian names are romanised with these freely (`Hussein`, `Husayn`;
/// `Youssef`, `Yusef`; `Qadhdhafi`, `Qadhafi`), so two spellings of one name
/// can be far apart by edit distance yet have one key.
///
/// Written by hand: phonetic crates (Double Metaphone included) reduce a
/// word much further, to its consonants, and so cannot say that two
/// spellings differ only in this way.
///
/// ```
/// use interdict_names::spelling_key;
/// assert_eq!(spelling_key("hussein"), spelling_key("husayn"));
/// assert_eq!(spelling_key("youssef"), spelling_key("yusef"));
/// assert_ne!(spelling_key("hassan"), spelling_key("hussein"));
/// ```
pub fn spelling_key(token: &str) -> String {
    let mut deduplicated = String::with_capacity(token.len());
    for c in token.chars() {
        if !deduplicated.ends_with(c) {
            deduplicated.push(c);
        }
    }
    // A doubled digraph is a doubled letter too (`qadhdhafi`).
    for digraph in ["dh", "gh", "kh", "sh", "th"] {
        let doubled = digraph.repeat(2);
        if deduplicated.contains(&doubled) {
            deduplicated = deduplicated.replace(&doubled, digraph);
        }
    }
    let mut key = String::with_capacity(deduplicated.len());
    let mut chars = deduplicated.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let (written, pair) = match (c, next) {
            ('o', Some('u' | 'o')) => ("u", true),
            ('e', Some('e')) => ("i", true),
            ('e' | 'a', Some('i' | 'y')) => ("ay", true),
            ('a', Some('u')) => ("aw", true),
            _ => ("", false),
        };
        if pair {
            key.push_str(written);
            chars.next();
        } else {
            key.push(c);
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_sound_share_a_key() {
        for (a, b) in [
            ("hussein", "husayn"),
            ("hussain", "husayn"),
            ("husein", "husain"),
            ("qadhdhafi", "qadhafi"),
            ("mahmoud", "mahmud"),
            ("sheikh", "shaykh"),
            ("zubair", "zubayr"),
        ] {
            assert_eq!(spelling_key(a), spelling_key(b), "{a} {b}");
        }
        for (a, b) in [("hassan", "hussein"), ("ali", "ala"), ("omar", "umar")] {
            assert_ne!(spelling_key(a), spelling_key(b), "{a} {b}");
        }
    }

    fn texts(keys: PhoneticKeys) -> Vec<String> {
        keys.iter().map(|key| key.as_str().to_owned()).collect()
    }

    #[test]
    fn shared_keys() {
        assert_eq!(texts(phonetic_keys("lavrov")), ["LFRF"]);
        assert_eq!(texts(phonetic_keys("lavroff")), ["LFRF"]);
        assert_eq!(phonetic_keys("mohammed"), phonetic_keys("muhammad"));
        assert_eq!(phonetic_keys("putin"), phonetic_keys("poutine"));
        assert_eq!(phonetic_keys("bashir"), phonetic_keys("basheer"));
        assert_eq!(texts(phonetic_keys("schmidt")), ["XMT", "SMT"]);
        assert!(phonetic_keys("schmidt").shares_key(&phonetic_keys("smit")));
        assert!(!phonetic_keys("schmidt").shares_key(&phonetic_keys("lavrov")));
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
            prop_assert!(keys.iter().all(|k| (1..=4).contains(&k.as_str().len()) && k.as_str().is_ascii()));
            prop_assert!(keys.shares_key(&keys) != keys.is_empty());
            if !token.chars().any(char::is_alphabetic) {
                prop_assert!(keys.is_empty());
            }
        }
    }
}
