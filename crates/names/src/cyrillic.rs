//! Cyrillic romanisation: BGN/PCGN, GOST 7.79-B and ICAO/passport forms per language.
//!
//! GOST 7.79-B (Russian, Ukrainian, Belarusian), ICAO 2013 (Russian), Bulgarian and Macedonian
//! come from the `translit` crate. BGN/PCGN and the Ukrainian and Belarusian passport systems are
//! small position-dependent tables written here: any_ascii is language-blind (it writes Ukrainian
//! `и` as `i` and never `ye` for an initial `е`) and no maintained, non-GPL crate has them.

use std::sync::LazyLock;

use any_ascii::any_ascii;
use translit::{BulgarianOfficial, Gost779B, Language, MacedonianOfficial, Passport2013, ToLatin};
use unicode_script::{Script, UnicodeScript};

use crate::normalize::clean_ascii;
use crate::script::fast_letter_script;
use crate::transliterate::Romanisation;

/// The language a Cyrillic name is written in, guessed from its letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    Russian,
    Ukrainian,
    Belarusian,
    /// і without и or any letter only one of the two languages has (Генадзь Казакевіч).
    UkrainianOrBelarusian,
    Bulgarian,
    Macedonian,
    /// Serbian, Kazakh, Kyrgyz, Tajik, Mongolian...: letters outside the tables here.
    Other,
}

/// Guesses the language of the (lower-case) Cyrillic letters in `text`. Russian unless a
/// letter or spelling says otherwise; a name such as `Володимир` with no marker stays Russian.
pub(crate) fn detect(text: &str) -> Lang {
    let has = |set: &[char]| text.chars().any(|c| set.contains(&c));
    if has(&['ѓ', 'ќ', 'ѕ']) {
        return Lang::Macedonian;
    }
    let foreign = text.chars().any(|c| {
        !c.is_ascii()
            && !matches!(c, 'а'..='я' | 'ё' | 'і' | 'ї' | 'є' | 'ґ' | 'ў')
            && c.script() == Script::Cyrillic
            && c.is_alphabetic()
    });
    if foreign {
        return Lang::Other;
    }
    let chars: Vec<char> = text.chars().collect();
    // Belarusian has no и, щ or ъ, and writes э where Russian writes е after a consonant
    // (Лукашэнка).
    let hard_e = chars
        .windows(2)
        .any(|w| w[1] == 'э' && is_letter(w[0]) && !is_vowel(w[0]));
    if has(&['ў']) || (has(&['і']) && has(&['ы', 'э', 'ё'])) || (hard_e && !has(&['и', 'щ', 'ъ']))
    {
        return Lang::Belarusian;
    }
    // Russian writes ъ only before е, ё, ю, я; Bulgarian uses it as a vowel.
    let bulgarian = chars
        .iter()
        .enumerate()
        .any(|(i, &c)| c == 'ъ' && !matches!(chars.get(i + 1), Some('е' | 'ё' | 'ю' | 'я')));
    // Bulgarian adjectives end in -ски/-ска/-ско where Russian has -ский/-ская/-ское.
    let bulgarian_adjective = text
        .split(|c: char| !is_letter(c))
        .any(|w| w.chars().count() > 4 && (w.ends_with("ски") || w.ends_with("ско")));
    if (bulgarian || bulgarian_adjective) && !has(&['ы', 'э', 'ё']) {
        return Lang::Bulgarian;
    }
    // Ukrainian letters, or spellings Russian does not use: -ськ-/-цьк-/-зьк- and ьо.
    let ukrainian_spelling = ["ськ", "цьк", "зьк", "ьо"].iter().any(|s| text.contains(s));
    if has(&['ї', 'є', 'ґ']) || (has(&['і']) && has(&['и'])) {
        return Lang::Ukrainian;
    }
    if has(&['і']) {
        return Lang::UkrainianOrBelarusian;
    }
    if ukrainian_spelling && !has(&['ы', 'э', 'ё', 'ъ']) {
        return Lang::Ukrainian;
    }
    Lang::Russian
}

/// Romanisations of a lower-case Cyrillic run, in a fixed order per language (so runs of one
/// name line up): BGN/PCGN, ICAO/passport, GOST 7.79-B, any_ascii (Ukrainian and Belarusian
/// interleaved when the letters cannot tell them apart). Each is lower-case ASCII tokens;
/// duplicates are left for the caller to remove.
pub(crate) fn romanise(text: &str, lang: Lang) -> Vec<(String, Romanisation)> {
    use Romanisation::*;
    let fallback = clean_ascii(&any_ascii(text));
    match lang {
        Lang::Russian => vec![
            (apply(text, ru_bgn), CyrillicBgn),
            (clean_ascii(&ICAO_RU.to_latin(text)), CyrillicIcao),
            (clean_ascii(&GOST_RU.to_latin(text)), CyrillicGost),
            (fallback, Fallback),
        ],
        Lang::Ukrainian => vec![
            (apply(text, uk_bgn), CyrillicBgn),
            (apply(text, uk_national), CyrillicIcao),
            (clean_ascii(&GOST_UA.to_latin(text)), CyrillicGost),
            (fallback, Fallback),
        ],
        Lang::Belarusian => vec![
            (apply(text, be_bgn), CyrillicBgn),
            (apply(text, be_passport), CyrillicIcao),
            (clean_ascii(&GOST_BY.to_latin(text)), CyrillicGost),
            (fallback, Fallback),
        ],
        Lang::UkrainianOrBelarusian => vec![
            (apply(text, uk_bgn), CyrillicBgn),
            (apply(text, be_bgn), CyrillicBgn),
            (apply(text, uk_national), CyrillicIcao),
            (apply(text, be_passport), CyrillicIcao),
            (clean_ascii(&GOST_UA.to_latin(text)), CyrillicGost),
            (clean_ascii(&GOST_BY.to_latin(text)), CyrillicGost),
            (fallback, Fallback),
        ],
        // BGN/PCGN adopted the official Bulgarian (2013) and Macedonian systems.
        Lang::Bulgarian => vec![
            (clean_ascii(&BULGARIAN.to_latin(text)), CyrillicBgn),
            (fallback, Fallback),
        ],
        Lang::Macedonian => vec![
            (clean_ascii(&MACEDONIAN.to_latin(text)), CyrillicBgn),
            (fallback, Fallback),
        ],
        Lang::Other => vec![
            (fallback, Fallback),
            (apply(text, ru_bgn), CyrillicBgn),
            (clean_ascii(&ICAO_RU.to_latin(text)), CyrillicIcao),
            (clean_ascii(&GOST_RU.to_latin(text)), CyrillicGost),
        ],
    }
}

static GOST_RU: LazyLock<Gost779B> = LazyLock::new(|| Gost779B::new(Language::Ru));
static GOST_UA: LazyLock<Gost779B> = LazyLock::new(|| Gost779B::new(Language::Ua));
static GOST_BY: LazyLock<Gost779B> = LazyLock::new(|| Gost779B::new(Language::By));
static ICAO_RU: LazyLock<Passport2013> = LazyLock::new(Passport2013::new);
static BULGARIAN: LazyLock<BulgarianOfficial> = LazyLock::new(BulgarianOfficial::new);
static MACEDONIAN: LazyLock<MacedonianOfficial> = LazyLock::new(MacedonianOfficial::new);

/// A romanisation table: a letter and the letter before it in the word (`None` at the start of
/// a word) to Latin; `None` for letters the table does not know (any_ascii takes them).
type Table = fn(char, Option<char>) -> Option<&'static str>;

fn apply(text: &str, table: Table) -> String {
    let mut raw = String::with_capacity(text.len() + text.len() / 2);
    let mut prev = None;
    for c in text.chars() {
        match table(c, prev) {
            Some(latin) => raw.push_str(latin),
            None => raw.push(c),
        }
        prev = is_letter(c).then_some(c);
    }
    clean_ascii(&raw)
}

fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || fast_letter_script(c).is_some() || c.is_alphabetic()
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'а' | 'е' | 'ё' | 'и' | 'о' | 'у' | 'ы' | 'э' | 'ю' | 'я' | 'і' | 'ї' | 'є'
    )
}

/// Word start, or after a vowel, й, ъ, ь or ў: where BGN/PCGN writes `ye`, `yo`.
fn soft(prev: Option<char>) -> bool {
    prev.is_none_or(|p| is_vowel(p) || matches!(p, 'й' | 'ъ' | 'ь' | 'ў'))
}

/// Letters romanised alike by every table here.
fn common(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'д' => "d",
        'ж' => "zh",
        'з' => "z",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'э' => "e",
        'ґ' => "g",
        'і' => "i",
        _ => return None,
    })
}

/// BGN/PCGN 1947 Russian, diacritics dropped (ë → e).
fn ru_bgn(c: char, prev: Option<char>) -> Option<&'static str> {
    Some(match c {
        'г' => "g",
        'е' | 'ё' if soft(prev) => "ye",
        'е' | 'ё' => "e",
        'и' => "i",
        'й' => "y",
        'ю' => "yu",
        'я' => "ya",
        'ї' => "yi",
        'є' => "ye",
        'ў' => "w",
        _ => return common(c),
    })
}

/// BGN/PCGN 1965 Ukrainian.
fn uk_bgn(c: char, prev: Option<char>) -> Option<&'static str> {
    Some(match c {
        'г' => "h",
        'е' => "e",
        'є' => "ye",
        'и' => "y",
        'ї' => "yi",
        'й' => "y",
        'ю' => "yu",
        'я' => "ya",
        _ => return ru_bgn(c, prev),
    })
}

/// Ukrainian national system (Cabinet of Ministers resolution 55 of 2010), used in Ukrainian
/// passports: `ye`, `yi`, `y`, `yu`, `ya` at the start of a word, `ie`, `i`, `i`, `iu`, `ia`
/// elsewhere; `зг` → `zgh`.
fn uk_national(c: char, prev: Option<char>) -> Option<&'static str> {
    let initial = prev.is_none();
    Some(match c {
        'г' if prev == Some('з') => "gh",
        'г' => "h",
        'е' => "e",
        'и' => "y",
        'є' if initial => "ye",
        'є' => "ie",
        'ї' if initial => "yi",
        'ї' => "i",
        'й' if initial => "y",
        'й' => "i",
        'ю' if initial => "yu",
        'ю' => "iu",
        'я' if initial => "ya",
        'я' => "ia",
        _ => return ru_bgn(c, prev),
    })
}

/// BGN/PCGN 1979 Belarusian.
fn be_bgn(c: char, prev: Option<char>) -> Option<&'static str> {
    Some(match c {
        'г' => "h",
        'е' => "ye",
        'ё' => "yo",
        'й' => "y",
        'ў' => "w",
        'ю' => "yu",
        'я' => "ya",
        _ => return ru_bgn(c, prev),
    })
}

/// Belarusian passports: ICAO Doc 9303 letters (`ia`, `iu`, `i` for й, `u` for ў) with `h` for
/// г and `ya`, `yu`, `yo`, `ye` at the start of a word or after a vowel (Aliaksandr, Siarhei,
/// Yauhen).
fn be_passport(c: char, prev: Option<char>) -> Option<&'static str> {
    let soft = soft(prev);
    Some(match c {
        'г' => "h",
        'е' if soft => "ye",
        'е' => "e",
        'ё' if soft => "yo",
        'ё' => "io",
        'й' => "i",
        'ў' => "u",
        'ю' if soft => "yu",
        'ю' => "iu",
        'я' if soft => "ya",
        'я' => "ia",
        _ => return ru_bgn(c, prev),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    fn forms(text: &str) -> Vec<String> {
        let text = normalize(text);
        romanise(&text, detect(&text))
            .into_iter()
            .map(|(s, _)| s)
            .collect()
    }

    #[test]
    fn detects_languages() {
        let lang = |t: &str| detect(&normalize(t));
        assert_eq!(lang("Сергей Викторович Лавров"), Lang::Russian);
        assert_eq!(lang("Зеленський Володимир"), Lang::Ukrainian);
        assert_eq!(lang("Юлія Тимошенко"), Lang::Ukrainian);
        assert_eq!(lang("Генадзь Казакевіч"), Lang::UkrainianOrBelarusian);
        assert_eq!(lang("Аляксандр Рыгоравіч Лукашэнка"), Lang::Belarusian);
        assert_eq!(lang("Аляксандр Лукашэнка"), Lang::Belarusian);
        assert_eq!(lang("Эдуард Лимонов"), Lang::Russian);
        assert_eq!(lang("Яўген"), Lang::Belarusian);
        assert_eq!(lang("Съвет за сигурност"), Lang::Bulgarian);
        assert_eq!(lang("Подъячев"), Lang::Russian);
        assert_eq!(lang("Египетски ислямски джихад"), Lang::Bulgarian);
        assert_eq!(lang("Бойко Борисов"), Lang::Russian);
        assert_eq!(lang("Андрей Игоревич Кислов"), Lang::Russian);
        assert_eq!(lang("Ѓорѓе Петров"), Lang::Macedonian);
        assert_eq!(lang("Ђорђе Ћосић"), Lang::Other);
        assert_eq!(lang("Қасым-Жомарт Тоқаев"), Lang::Other);
    }

    #[test]
    fn russian() {
        assert_eq!(
            forms("Сергей Викторович Лавров"),
            [
                "sergey viktorovich lavrov",
                "sergei viktorovich lavrov",
                "sergej viktorovich lavrov",
                "sergey viktorovich lavrov"
            ]
        );
        assert_eq!(forms("Борис Ельцин")[0], "boris yeltsin");
        assert_eq!(forms("Михаил Горбачёв")[0], "mikhail gorbachev");
        assert_eq!(forms("Подъячев")[0], "podyachev");
        assert_eq!(forms("Щербаков")[1], "shcherbakov");
    }

    #[test]
    fn ukrainian() {
        assert_eq!(
            forms("Зеленський Володимир"),
            [
                "zelenskyy volodymyr",
                "zelenskyi volodymyr",
                "zelenskyj volodymyr",
                "zelenskiy volodimir"
            ]
        );
        assert_eq!(forms("Юлія Тимошенко")[1], "yuliia tymoshenko");
        assert_eq!(forms("Згурський")[1], "zghurskyi");
        assert_eq!(forms("Ґудзь Їжак Євген")[0], "gudz yizhak yevhen");
    }

    #[test]
    fn belarusian() {
        let f = forms("Аляксандр Рыгоравіч Лукашэнка");
        assert_eq!(f[0], "alyaksandr ryhoravich lukashenka");
        assert_eq!(f[1], "aliaksandr ryhoravich lukashenka");
        assert_eq!(f[2], "alyaksandr ryhoravich lukashenka");
        assert_eq!(
            forms("Яўген Сяргей Ціханоўскі")[1],
            "yauhen siarhei tsikhanouski"
        );
    }

    #[test]
    fn other_cyrillic() {
        assert_eq!(forms("Съвет")[0], "savet");
        assert_eq!(forms("Ѓорѓе")[0], "gjorgje");
        assert_eq!(forms("Ђорђе Ћосић")[0], "djordje cosic");
    }
}
