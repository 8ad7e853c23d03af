//! Latin forms of a name in any script: each script run romanised by its own method.

use any_ascii::any_ascii;

use crate::canonical::canonical_tokens;
use crate::cyrillic::{self, Lang};
use crate::normalize::{clean_ascii, normalize};
use crate::reorder::reorder_last_first;
use crate::script::{Class, class_of};
use crate::{han, hangul};

/// Most Latin forms [`latin_forms`] returns for one name.
pub const MAX_FORMS: usize = 8;

/// How a Latin form was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Romanisation {
    /// The name was written in Latin script (folded to ASCII).
    Latin,
    /// Han characters read as Hanyu Pinyin, tones dropped.
    Pinyin,
    /// Cyrillic by BGN/PCGN (or the official Bulgarian and Macedonian systems BGN/PCGN adopted).
    CyrillicBgn,
    /// Cyrillic by GOST 7.79-2000 system B.
    CyrillicGost,
    /// Cyrillic as passports write it: ICAO Doc 9303 (Russian), the Ukrainian national system,
    /// Belarusian passport spelling.
    CyrillicIcao,
    /// any_ascii, for any other script.
    Fallback,
    /// A Latin name respelled from another convention (see
    /// [`crate::respellings`]).
    Respelled(crate::Convention),
}

/// One romanised form of a name: lower-case ASCII alphanumeric tokens.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LatinForm {
    /// The tokens joined by single spaces.
    pub text: String,
    /// The tokens, each non-empty.
    pub tokens: Vec<String>,
    /// How this form was obtained (for mixed-script names, the method of the first non-Latin
    /// run).
    pub method: Romanisation,
}

impl LatinForm {
    /// `text` must be clean: tokens separated by single spaces, no leading or trailing space.
    /// Its tokens are put in their canonical spellings (see [`canonical_tokens`]).
    fn new(text: &str, method: Romanisation) -> Self {
        let tokens: Vec<String> = text.split(' ').map(str::to_owned).collect();
        let tokens = canonical_tokens(&tokens);
        LatinForm {
            text: tokens.join(" "),
            tokens,
            method,
        }
    }
}

/// Every Latin form a name may have, most likely first, de-duplicated, at most [`MAX_FORMS`].
///
/// `LAST, First` is reordered to `First LAST` first (see [`reorder_last_first`]), then the name
/// is [normalised](normalize) and:
/// - Latin-script text gives one form, the normalised text;
/// - a Chinese personal name gives `zhu hailun` and `zhu hai lun` (common readings only);
///   other Han text gives syllable-separated pinyin;
/// - Cyrillic gives BGN/PCGN, ICAO/passport, GOST 7.79-B and any_ascii forms, with the tables
///   of the language its letters reveal (Russian, Ukrainian, Belarusian, Bulgarian, Macedonian);
/// - a Korean personal name gives `gimjeongeun`, `gim jeongeun`, `gim jeong eun`;
/// - any other script gives any_ascii's romanisation;
/// - mixed text has each script run romanised by its own method and the runs reassembled.
///
/// The result is empty only when the name has no letter or digit. A character nothing can
/// romanise becomes a token naming its code point (`x12000`), so it still matches itself.
///
/// ```
/// let forms = interdict_names::latin_forms("朱海仑");
/// assert_eq!(forms[0].text, "zhu hailun");
/// assert_eq!(forms[1].text, "zhu hai lun");
/// assert_eq!(interdict_names::latin_forms("ZHU, Hailun")[0].tokens, ["hailun", "zhu"]);
/// ```
pub fn latin_forms(name: &str) -> Vec<LatinForm> {
    let name = reorder_last_first(name);
    let normalized = normalize(&name);
    if normalized.is_ascii() {
        if normalized.is_empty() {
            return code_point_form(&name).into_iter().collect();
        }
        return vec![LatinForm::new(&normalized, Romanisation::Latin)];
    }

    let candidates: Vec<(String, Romanisation)> =
        if let Some(forms) = han::person_forms(&normalized) {
            forms
                .into_iter()
                .map(|f| (f, Romanisation::Pinyin))
                .collect()
        } else if let Some(forms) = hangul::person_forms(&normalized) {
            forms
                .into_iter()
                .map(|f| (f, Romanisation::Fallback))
                .collect()
        } else {
            by_runs(&normalized)
        };

    let mut forms: Vec<LatinForm> = Vec::with_capacity(candidates.len().min(MAX_FORMS));
    for (text, method) in candidates {
        let text = clean_ascii(&text);
        if text.is_empty() {
            continue;
        }
        let form = LatinForm::new(&text, method);
        if !forms.iter().any(|f| f.text == form.text) {
            forms.push(form);
            if forms.len() == MAX_FORMS {
                break;
            }
        }
    }
    if forms.is_empty() {
        forms.extend(code_point_form(&normalized).or_else(|| code_point_form(&name)));
    }
    forms
}

/// A run of one script class inside a word of normalised text.
struct Run<'a> {
    class: Class,
    text: &'a str,
    /// The run starts a word after the first.
    space_before: bool,
}

fn runs(normalized: &str) -> Vec<Run<'_>> {
    let mut runs: Vec<Run<'_>> = Vec::new();
    for (w, word) in normalized.split(' ').enumerate() {
        let mut start = 0;
        let mut class: Option<Class> = None;
        for (i, c) in word.char_indices() {
            let Some(c_class) = class_of(c) else { continue };
            match class {
                Some(current) if current != c_class => {
                    runs.push(Run {
                        class: current,
                        text: &word[start..i],
                        space_before: w > 0 && start == 0,
                    });
                    start = i;
                    class = Some(c_class);
                }
                Some(_) => {}
                None => class = Some(c_class),
            }
        }
        if !word.is_empty() {
            runs.push(Run {
                class: class.unwrap_or(Class::Other),
                text: &word[start..],
                space_before: w > 0 && start == 0,
            });
        }
    }
    runs
}

/// Khmer text with `ប` carrying the muusikatoan sign (U+17C9) written `ព`:
/// the sign turns the `b` sound into `p` (`ប៉ុល` is Pol), which any_ascii,
/// reading letter by letter, misses; `ព` it romanises as `p`.
fn khmer_p(text: &str) -> std::borrow::Cow<'_, str> {
    const MUUSIKATOAN: char = '\u{17C9}';
    if text.contains(MUUSIKATOAN) {
        std::borrow::Cow::Owned(text.replace("\u{1794}\u{17C9}", "\u{1796}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Romanises each script run with its own method and zips the runs' alternatives: form `k`
/// takes alternative `k` of every run (or its last one).
fn by_runs(normalized: &str) -> Vec<(String, Romanisation)> {
    let runs = runs(normalized);
    let mut lang: Option<Lang> = None;
    let alternatives: Vec<Vec<(String, Romanisation)>> = runs
        .iter()
        .map(|run| match run.class {
            Class::Ascii => vec![(run.text.to_owned(), Romanisation::Latin)],
            Class::Han => han::plain_forms(run.text)
                .into_iter()
                .map(|f| (f, Romanisation::Pinyin))
                .collect(),
            Class::Cyrillic => {
                let lang = *lang.get_or_insert_with(|| cyrillic::detect(normalized));
                cyrillic::romanise(run.text, lang)
            }
            Class::Hangul | Class::Other => {
                let text = khmer_p(run.text);
                vec![(clean_ascii(&any_ascii(&text)), Romanisation::Fallback)]
            }
        })
        .collect();

    let count = alternatives
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .min(MAX_FORMS);
    let mut out = Vec::with_capacity(count);
    for k in 0..count {
        let mut text = String::new();
        let mut method = None;
        let mut space = false;
        let mut previous: Option<Class> = None;
        for (run, alts) in runs.iter().zip(&alternatives) {
            space |= run.space_before;
            let Some((alt, alt_method)) = alts.get(k).or_else(|| alts.last()) else {
                continue;
            };
            if alt.is_empty() {
                continue;
            }
            let syllabic = run.class.is_syllabic() || previous.is_some_and(Class::is_syllabic);
            if !text.is_empty() && (space || syllabic) {
                text.push(' ');
            }
            text.push_str(alt);
            space = false;
            previous = Some(run.class);
            if run.class != Class::Ascii && method.is_none() {
                method = Some(*alt_method);
            }
        }
        out.push((text, method.unwrap_or(Romanisation::Latin)));
    }
    out
}

/// Last resort for letters nothing romanises: one token per word, naming each letter's code
/// point.
fn code_point_form(text: &str) -> Option<LatinForm> {
    let mut out = String::new();
    for word in text.split_whitespace() {
        let mut token = String::new();
        for c in word.chars().filter(|c| c.is_alphanumeric()) {
            token.push_str(&format!("x{:x}", u32::from(c)));
        }
        if !token.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&token);
        }
    }
    (!out.is_empty()).then(|| LatinForm::new(&out, Romanisation::Fallback))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Romanisation::*;

    fn texts(name: &str) -> Vec<String> {
        latin_forms(name).into_iter().map(|f| f.text).collect()
    }

    fn first(name: &str) -> (String, Romanisation) {
        let forms = latin_forms(name);
        (forms[0].text.clone(), forms[0].method)
    }

    #[test]
    fn khmer_muusikatoan_makes_b_a_p() {
        // ប៉ុល, Pol; ប៉ែន, Pen (Pen Sovan).
        assert!(first("ប៉ុល").0.starts_with('p'), "{:?}", first("ប៉ុល"));
        assert!(first("ប៉ែន").0.starts_with('p'), "{:?}", first("ប៉ែន"));
        assert!(first("បុល").0.starts_with('b'));
    }

    #[test]
    fn chinese_names() {
        assert_eq!(texts("朱海仑"), ["zhu hailun", "zhu hai lun"]);
        assert_eq!(first("朱海仑"), ("zhu hailun".to_owned(), Pinyin));
        assert_eq!(texts("陈全国"), ["chen quanguo", "chen quan guo"]);
        assert_eq!(texts("吴英杰")[..2], ["wu yingjie", "wu ying jie"]);
        assert_eq!(texts("习近平")[..2], ["xi jinping", "xi jin ping"]);
        assert_eq!(
            texts("欧阳震华")[..2],
            ["ouyang zhenhua", "ou yang zhen hua"]
        );
        assert_eq!(texts("单雄信")[0], "shan xiongxin");
        assert!(texts("习近平").len() <= MAX_FORMS);
    }

    #[test]
    fn chinese_organisations() {
        let forms = texts("新疆生产建设兵团公安局");
        assert_eq!(
            forms[0],
            "xin jiang sheng chan jian she bing tuan gong an ju"
        );
        assert!(forms.len() <= MAX_FORMS);
    }

    #[test]
    fn russian_names() {
        assert_eq!(
            texts("Сергей Викторович Лавров"),
            [
                "sergey viktorovich lavrov",
                "sergei viktorovich lavrov",
                "sergej viktorovich lavrov"
            ]
        );
        let methods: Vec<_> = latin_forms("Сергей Лавров")
            .iter()
            .map(|f| f.method)
            .collect();
        assert_eq!(methods, [CyrillicBgn, CyrillicIcao, CyrillicGost]);
        assert_eq!(texts("Владимир Путин"), ["vladimir putin"]);
        assert_eq!(texts("ЛАВРОВ, Сергей")[0], "sergey lavrov");
    }

    #[test]
    fn ukrainian_and_belarusian_names() {
        let zelensky = texts("Зеленський Володимир");
        assert!(zelensky.contains(&"zelenskyy volodymyr".to_owned()));
        assert!(zelensky.contains(&"zelenskyi volodymyr".to_owned()));
        let lukashenka = texts("Аляксандр Лукашэнка");
        assert_eq!(lukashenka[0], "alyaksandr lukashenka");
        assert!(lukashenka.contains(&"aliaksandr lukashenka".to_owned()));
    }

    #[test]
    fn latin_names() {
        assert_eq!(
            latin_forms("Reinhard Bütikofer"),
            [LatinForm::new("reinhard butikofer", Latin)]
        );
        assert_eq!(texts("ZHU, Hailun"), ["hailun zhu"]);
        assert_eq!(latin_forms("ZHU, Hailun")[0].tokens, ["hailun", "zhu"]);
        assert_eq!(texts("Mu'ammar al-Qadhafi"), ["muammar al qadhafi"]);
        assert_eq!(
            texts("BANCO NACIONAL DE CUBA, S.A."),
            ["banco nacional de cuba sa"]
        );
    }

    #[test]
    fn other_scripts() {
        assert_eq!(first("عمر البشير"), ("mr lbshyr".to_owned(), Fallback));
        assert_eq!(
            first("Αλέξης Τσίπρας"),
            ("alexis tsipras".to_owned(), Fallback)
        );
        assert_eq!(
            texts("김정은"),
            ["gimjeongeun", "gim jeongeun", "gim jeong eun"]
        );
        assert_eq!(first("プーチン").0, "puchin");
        assert_eq!(first("ედუარდ შევარდნაძე").0, "eduard shevardnadze");
        assert_eq!(first("𒀀").0, "x12000");
    }

    #[test]
    fn mixed_scripts() {
        // A Cyrillic о inside a Latin word (a homoglyph) joins the word.
        assert_eq!(texts("Lavrоv"), ["lavrov"]);
        assert_eq!(
            first("Putin Путин"),
            ("putin putin".to_owned(), CyrillicBgn)
        );
        assert_eq!(texts("ABC公司")[0], "abc gong si");
        // ООО is the Russian legal form, canonically `llc`.
        assert_eq!(first("ООО «Газпром»").0, "llc gazprom");
    }

    #[test]
    fn empty_without_letters() {
        assert!(latin_forms("").is_empty());
        assert!(latin_forms(" - , . ").is_empty());
        assert_eq!(texts("١٩٦٠"), ["1960"]);
    }
}

#[cfg(test)]
mod properties {
    /// Every code point alone, and after a Latin letter: normalisation is idempotent and
    /// lower-case, and Latin forms exist for every letter and digit. Slow in debug builds:
    /// `cargo test -p interdict-names --release -- --ignored`.
    #[test]
    #[ignore]
    fn every_code_point() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for text in [c.to_string(), format!("a{c}b")] {
                let once = normalize(&text);
                assert_eq!(normalize(&once), once, "{:?}", c);
                assert!(!once.chars().any(char::is_uppercase), "{:?}", c);
                let forms = latin_forms(&text);
                if text.chars().any(char::is_alphanumeric) {
                    assert!(!forms.is_empty(), "{:?}", c);
                }
            }
        }
    }

    use proptest::prelude::*;

    use super::*;

    fn is_clean(text: &str) -> bool {
        !text.is_empty() && !text.starts_with(' ') && !text.ends_with(' ') && !text.contains("  ")
    }

    /// Names mixing the scripts this crate handles, with punctuation and odd spacing.
    fn name() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[A-Za-zÀ-ÿ .,'-]{0,30}",
            "[А-яЁёІіЇїЄєҐґЎў ,-]{0,30}",
            "[\u{4E00}-\u{9FFF} ·]{0,8}",
            "[\u{AC00}-\u{D7A3} ]{0,8}",
            "[\u{0600}-\u{06FF}\u{0370}-\u{03FF}a-z ]{0,20}",
        ]
    }

    /// Normalised text in canonical spellings, as every form is.
    fn canonical_text(normalized: &str) -> String {
        let tokens: Vec<String> = normalized.split(' ').map(str::to_owned).collect();
        crate::canonical_tokens(&tokens).join(" ")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn latin_forms_are_lower_ascii_tokens(name in name()) {
            let forms = latin_forms(&name);
            prop_assert!(forms.len() <= MAX_FORMS);
            for form in &forms {
                prop_assert!(is_clean(&form.text), "{:?}", form.text);
                prop_assert!(form.text.bytes().all(|b| b == b' ' || b.is_ascii_lowercase() || b.is_ascii_digit()), "{:?}", form.text);
                prop_assert_eq!(form.tokens.join(" "), form.text.clone());
            }
            for (i, form) in forms.iter().enumerate() {
                prop_assert!(forms[..i].iter().all(|f| f.text != form.text));
            }
            if name.chars().any(char::is_alphanumeric) {
                prop_assert!(!forms.is_empty(), "{:?}", name);
            }
        }

        #[test]
        fn reordered_names_match_their_first_last_form(last in "[A-Za-z]{1,10}", first in "[A-Za-z]{1,10}") {
            prop_assume!(matches!(reorder_last_first(&format!("{last}, {first}")), std::borrow::Cow::Owned(_)));
            let forms = latin_forms(&format!("{last}, {first}"));
            prop_assert_eq!(forms.len(), 1);
            prop_assert_eq!(&forms[0].text, &canonical_text(&normalize(&format!("{first} {last}"))));
        }

        #[test]
        fn ascii_latin_name_has_one_form_equal_to_its_canonical_normalisation(name in "[A-Za-z0-9 .'&()/-]{0,40}") {
            let forms = latin_forms(&name);
            let normalized = normalize(&name);
            if normalized.is_empty() {
                prop_assert!(forms.is_empty());
            } else {
                prop_assert_eq!(forms.len(), 1);
                prop_assert_eq!(&forms[0].text, &canonical_text(&normalized));
                prop_assert_eq!(forms[0].method, Romanisation::Latin);
            }
        }
    }
}
