//! Canonical spellings of words whose spelling varies but whose meaning does
//! not, and what kind of word a token is.
//!
//! * Company legal forms have long and short forms in many languages:
//!   `Aktiengesellschaft` is `AG`, `Open Joint Stock Company` and `OAO` are
//!   `OJSC`, `Societatea cu Răspundere Limitată` is `SRL`, `Limited` is `Ltd`.
//!   Each is rewritten to one short form, so either spelling meets the other.
//! * Numbers are written as digits or words: `Brigade Forty-Four` is
//!   `Brigade 44`, `1st International` is `First International`. Number words
//!   become digits, ordinals become digits with their suffix dropped.
//! * Digits stand for letters in disguised names (`Ig0r Sech1n`): in a token
//!   that is mostly letters, `0` is `o`, `1` is `i`, `3` is `e`, `4` is `a`,
//!   `5` is `s`, `7` is `t`, `9` is `g`.
//!
//! [`token_class`] tells legal forms, titles and particles apart from name
//! words, so the matcher can weigh them less: `Haji`, `President` or `LLC`
//! say little about who someone is.
//!
//! The tables are written here because no crate has them; they follow the
//! forms that appear in the sanctions lists interdict reads.

/// What kind of word a token is, for weighing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenClass {
    /// An ordinary word of a name.
    Name,
    /// A company legal form in its canonical spelling (`llc`, `ag`, `jsc`).
    LegalForm,
    /// A title or honorific (`dr`, `president`, `haji`, `sheikh`).
    Title,
    /// A particle or article (`al`, `bin`, `de`, `van`, `the`, `of`).
    Particle,
}

/// Legal forms: each phrase (as normalised tokens) and its canonical token.
/// Longer phrases come first so they win over their parts.
const LEGAL_FORMS: &[(&[&str], &str)] = &[
    (&["public", "joint", "stock", "company"], "pjsc"),
    (&["open", "joint", "stock", "company"], "ojsc"),
    (&["closed", "joint", "stock", "company"], "cjsc"),
    (&["joint", "stock", "company"], "jsc"),
    (&["limited", "liability", "company"], "llc"),
    (&["limited", "liability", "partnership"], "llp"),
    (&["limited", "partnership"], "lp"),
    (&["societatea", "cu", "raspundere", "limitata"], "srl"),
    (&["societa", "a", "responsabilita", "limitata"], "srl"),
    (&["sociedad", "de", "responsabilidad", "limitada"], "srl"),
    (&["sociedad", "anonima"], "sa"),
    (&["societe", "anonyme"], "sa"),
    (&["sociedade", "anonima"], "sa"),
    (&["societa", "per", "azioni"], "spa"),
    (&["gesellschaft", "mit", "beschrankter", "haftung"], "gmbh"),
    (&["sp", "z", "o", "o"], "spzoo"),
    (&["sp", "z", "oo"], "spzoo"),
    (
        &["spolka", "z", "ograniczona", "odpowiedzialnoscia"],
        "spzoo",
    ),
    (&["public", "limited", "company"], "plc"),
    (&["private", "limited", "company"], "ltd"),
    (&["company", "limited"], "co ltd"),
    (&["aktiengesellschaft"], "ag"),
    (&["aktiengeselschaft"], "ag"),
    (&["akg"], "ag"),
    (&["aktsionernoye", "obshchestvo"], "jsc"),
    (&["aktsionernoe", "obshchestvo"], "jsc"),
    (&["otkrytoye", "aktsionernoye", "obshchestvo"], "ojsc"),
    (
        &["obshchestvo", "s", "ogranichennoy", "otvetstvennostyu"],
        "llc",
    ),
    (&["publichnoye", "aktsionernoye", "obshchestvo"], "pjsc"),
    (&["ao"], "jsc"),
    (&["oao"], "ojsc"),
    (&["zao"], "cjsc"),
    (&["pao"], "pjsc"),
    (&["ooo"], "llc"),
    (&["tov"], "llc"),
    (&["limited"], "ltd"),
    (&["incorporated"], "inc"),
    (&["corporation"], "corp"),
    (&["company"], "co"),
    (&["cie"], "co"),
];

/// Canonical legal forms, for [`token_class`].
const LEGAL_FORM_TOKENS: &[&str] = &[
    "pjsc", "ojsc", "cjsc", "jsc", "llc", "llp", "lp", "srl", "sa", "spa", "gmbh", "spzoo", "plc",
    "ltd", "ag", "inc", "corp", "co", "kg", "bv", "nv", "ab", "as", "oy", "sarl", "sas", "kft",
    "zrt", "doo", "ad", "eood", "ood", "fze", "fzco", "fzc", "fzllc", "pte", "pvt", "bhd", "sdn",
    "tic", "ltdsti", "jsc", "se", "gie", "ulc", "lda", "ltda", "sl", "sae", "saic", "kk", "yk",
    "ano",
];

/// Titles and honorifics. Words that are also common given names or surnames
/// (Amir, Sultan, Hafiz, King, Major) are left out: weighing them down would
/// hurt people who bear them as names.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "prasident",
    "premier",
    "minister",
    "general",
    "gen",
    "colonel",
    "col",
    "capt",
    "captain",
    "lieutenant",
    "lt",
    "admiral",
    "commander",
    "haji",
    "hajji",
    "hadji",
    "alhaji",
    "sheikh",
    "shaikh",
    "shaykh",
    "sheik",
    "mullah",
    "mulla",
    "maulvi",
    "mawlawi",
    "maulana",
    "qari",
    "monsieur",
    "madame",
    "herr",
    "frau",
    "senor",
    "senora",
    "excellency",
    "honourable",
    "hon",
    "rev",
    "reverend",
    // Ships' prefixes: motor vessel, motor tanker.
    "mv",
    "mt",
];

const PARTICLES: &[&str] = &[
    "al", "el", "ul", "bin", "ben", "ibn", "bint", "binti", "bte", "abu", "abou", "de", "del",
    "della", "der", "den", "di", "da", "das", "dos", "du", "la", "le", "van", "von", "y", "e",
    "the", "of", "and", "for", "und", "et",
];

/// Abbreviated words of company names and the words they stand for
/// (`Int'l` is `International`). Only abbreviations that are not themselves
/// words or common names are listed.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("intl", "international"),
    ("natl", "national"),
    ("assn", "association"),
    ("assoc", "association"),
    ("mfg", "manufacturing"),
    ("bros", "brothers"),
    ("dept", "department"),
    ("govt", "government"),
    ("univ", "university"),
    ("grp", "group"),
    ("hldg", "holding"),
    ("hldgs", "holdings"),
    ("mgmt", "management"),
    ("svcs", "services"),
    ("engg", "engineering"),
    ("ctr", "center"),
];

const UNITS: &[(&str, u32)] = &[
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
];

const TENS: &[(&str, u32)] = &[
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fourty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

const ORDINALS: &[(&str, u32)] = &[
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
];

/// What kind of word a (canonical, normalised) token is.
pub fn token_class(token: &str) -> TokenClass {
    if LEGAL_FORM_TOKENS.contains(&token) {
        TokenClass::LegalForm
    } else if TITLES.contains(&token) {
        TokenClass::Title
    } else if PARTICLES.contains(&token) {
        TokenClass::Particle
    } else {
        TokenClass::Name
    }
}

/// Rewrites normalised tokens into their canonical spellings: legal forms,
/// numbers, digits standing for letters. Returns the tokens unchanged when
/// nothing applies.
pub fn canonical_tokens(tokens: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(tokens.len());
    let mut at = 0;
    while at < tokens.len() {
        if let Some((length, canonical)) = legal_form_at(tokens, at) {
            out.extend(canonical.split(' ').map(str::to_owned));
            at += length;
            continue;
        }
        if let Some(length) = abd_compound_at(tokens, at) {
            out.push(ABD_COMPOUND.to_owned());
            at += length;
            continue;
        }
        if let Some((length, number)) = number_at(tokens, at) {
            out.push(number.to_string());
            at += length;
            continue;
        }
        let token = &tokens[at];
        if let Some(&(_, word)) = ABBREVIATIONS.iter().find(|(short, _)| short == token) {
            out.push(word.to_owned());
        } else {
            out.push(ordinal_digits(token).map_or_else(|| unleet(token), str::to_owned));
        }
        at += 1;
    }
    out
}

/// The one spelling of the Arabic `ʿAbd al-` ("servant of") that begins
/// many names: `Abd al-Aziz`, `Abdel Aziz`, `Abdul Aziz` and `Abd-ul-Aziz`
/// are one name.
const ABD_COMPOUND: &str = "abdul";

/// An `ʿAbd al-` compound at `at`, written as one word (`abdel`, `abdul`,
/// `abdal`, `abdol`, `abdoul`) or two (`abd al`, `abd el`, `abd ul`,
/// `abd ar`, ...), with how many tokens it takes.
fn abd_compound_at(tokens: &[String], at: usize) -> Option<usize> {
    // The article is assimilated to sun letters in some spellings (`abd
    // ar-rahman`, `abd as-salam`).
    const ARTICLES: &[&str] = &[
        "al", "el", "ul", "ol", "oul", "ar", "ur", "as", "us", "an", "un", "ad", "ud", "at", "az",
        "ash", "ush",
    ];
    match tokens.get(at)?.as_str() {
        "abdel" | "abdal" | "abdol" | "abdoul" | "abdul" | "abdil" => Some(1),
        "abd" | "abdu" | "abdo" => {
            let next = tokens.get(at + 1)?;
            ARTICLES.contains(&next.as_str()).then_some(2)
        }
        _ => None,
    }
}

fn legal_form_at(tokens: &[String], at: usize) -> Option<(usize, &'static str)> {
    LEGAL_FORMS.iter().find_map(|(phrase, canonical)| {
        let end = at + phrase.len();
        let window = tokens.get(at..end)?;
        window
            .iter()
            .zip(phrase.iter())
            .all(|(t, p)| t == p)
            .then_some((phrase.len(), *canonical))
    })
}

/// A number written in words at `at` (`forty four`, `forty 4`, `forty`,
/// `seven`, `first`), with how many tokens it takes.
fn number_at(tokens: &[String], at: usize) -> Option<(usize, u32)> {
    let word = tokens.get(at)?.as_str();
    let lookup =
        |table: &[(&str, u32)], word: &str| table.iter().find(|(w, _)| *w == word).map(|&(_, n)| n);
    if let Some(tens) = lookup(TENS, word) {
        // `forty four`, and `forty 4` as people write it half in words.
        let unit = tokens.get(at + 1).and_then(|next| {
            lookup(UNITS, next)
                .or_else(|| next.parse().ok())
                .filter(|&n| (1..10).contains(&n))
        });
        return Some(match unit {
            Some(unit) => (2, tens + unit),
            None => (1, tens),
        });
    }
    lookup(UNITS, word)
        .or_else(|| lookup(ORDINALS, word))
        .map(|n| (1, n))
}

/// `1st` → `1`, `44th` → `44`.
fn ordinal_digits(token: &str) -> Option<&str> {
    let digits = token.trim_end_matches(char::is_alphabetic);
    let suffix = &token[digits.len()..];
    (!digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && matches!(suffix, "st" | "nd" | "rd" | "th"))
    .then_some(digits)
}

/// Digits standing for letters in a token that is mostly letters (`sech1n`
/// → `sechin`, `i9or` → `igor`); other tokens unchanged.
fn unleet(token: &str) -> String {
    let letters = token.bytes().filter(u8::is_ascii_alphabetic).count();
    let digits = token.bytes().filter(u8::is_ascii_digit).count();
    if digits == 0 || letters < 2 || digits * 2 > letters {
        return token.to_owned();
    }
    token
        .chars()
        .map(|c| match c {
            '0' => 'o',
            '1' => 'i',
            '3' => 'e',
            '4' => 'a',
            '5' => 's',
            '7' => 't',
            '9' => 'g',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abd_compounds_have_one_spelling() {
        let tokens = |text: &str| text.split(' ').map(str::to_owned).collect::<Vec<_>>();
        for name in [
            "abd al aziz",
            "abdel aziz",
            "abdul aziz",
            "abd ul aziz",
            "abd el aziz",
        ] {
            assert_eq!(canonical_tokens(&tokens(name)), ["abdul", "aziz"], "{name}");
        }
        assert_eq!(
            canonical_tokens(&tokens("abd ar rahman")),
            ["abdul", "rahman"]
        );
        assert_eq!(canonical_tokens(&tokens("abd allah")), ["abd", "allah"]);
    }

    fn canonical(text: &str) -> String {
        let tokens: Vec<String> = text.split(' ').map(str::to_owned).collect();
        canonical_tokens(&tokens).join(" ")
    }

    #[test]
    fn legal_forms_meet_their_abbreviations() {
        assert_eq!(canonical("siemens aktiengesellschaft"), "siemens ag");
        assert_eq!(
            canonical("open joint stock company gazprom"),
            "ojsc gazprom"
        );
        assert_eq!(canonical("oao gazprom"), "ojsc gazprom");
        assert_eq!(canonical("crystalord limited"), "crystalord ltd");
        assert_eq!(
            canonical("societatea cu raspundere limitata pro traffic"),
            "srl pro traffic"
        );
        assert_eq!(
            canonical("faberlic europe sp z o o"),
            "faberlic europe spzoo"
        );
        assert_eq!(canonical("homs refinery company"), "homs refinery co");
        assert_eq!(
            canonical("faberlic europe sp z oo"),
            "faberlic europe spzoo"
        );
    }

    #[test]
    fn numbers_become_digits() {
        assert_eq!(canonical("brigade forty four"), "brigade 44");
        assert_eq!(canonical("brigade fourty four"), "brigade 44");
        assert_eq!(canonical("brigade forty 4"), "brigade 44");
        assert_eq!(canonical("brigade forty 40"), "brigade 40 40");
        assert_eq!(canonical("three percenters"), "3 percenters");
        assert_eq!(canonical("1st international bank"), "1 international bank");
        assert_eq!(
            canonical("first international bank"),
            "1 international bank"
        );
    }

    #[test]
    fn abbreviations_are_written_out() {
        assert_eq!(canonical("first bank intl"), "1 bank international");
        assert_eq!(canonical("acme mfg co"), "acme manufacturing co");
        assert_eq!(canonical("international"), "international");
    }

    #[test]
    fn digits_standing_for_letters_become_letters() {
        assert_eq!(canonical("ig0r sech1n"), "igor sechin");
        assert_eq!(canonical("i9or"), "igor");
        assert_eq!(canonical("trust 2004 1"), "trust 2004 1");
        assert_eq!(canonical("g8"), "g8");
    }

    #[test]
    fn classes() {
        assert_eq!(token_class("llc"), TokenClass::LegalForm);
        assert_eq!(token_class("haji"), TokenClass::Title);
        assert_eq!(token_class("bin"), TokenClass::Particle);
        assert_eq!(token_class("lavrov"), TokenClass::Name);
    }
}
