//! `LAST, First` → `First LAST`.

use std::borrow::Cow;

use crate::normalize::normalize;

/// Longest part, in words, on either side of the comma of a `LAST, First` name. Longer text
/// around a comma is an organisation or a description, not a reversed personal name.
const MAX_PART_WORDS: usize = 5;

/// Reorders a `LAST, First Middle` name to `First Middle LAST`: `"ZHU, Hailun"` → `"Hailun ZHU"`.
///
/// Text that is not exactly two parts around one comma, each with letters, no digits and at
/// most five words, is returned unchanged (borrowed), as is a company name whose part after
/// the comma is a legal form (`"BANCO NACIONAL DE CUBA, S.A."`, `"ACME, Inc."`).
///
/// ```
/// use interdict_names::reorder_last_first;
/// assert_eq!(reorder_last_first("ZHU, Hailun"), "Hailun ZHU");
/// assert_eq!(reorder_last_first("Hailun Zhu"), "Hailun Zhu");
/// ```
pub fn reorder_last_first(text: &str) -> Cow<'_, str> {
    let Some((last, first)) = text.split_once(',') else {
        return Cow::Borrowed(text);
    };
    let (last, first) = (last.trim(), first.trim());
    let name_like = |s: &str| {
        s.chars().any(char::is_alphanumeric)
            && !s.chars().any(|c| c.is_numeric())
            && s.split_whitespace().count() <= MAX_PART_WORDS
    };
    if first.contains(',') || !name_like(last) || !name_like(first) || is_legal_form(first) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(format!("{first} {last}"))
}

/// Legal-form designators that follow a company name after a comma. Hand-written: no crate
/// lists them, and only the ones seen after commas in sanctions lists matter here.
fn is_legal_form(part: &str) -> bool {
    matches!(
        normalize(part).as_str(),
        "sa" | "sas"
            | "sarl"
            | "sl"
            | "sau"
            | "sac"
            | "saic"
            | "sa de cv"
            | "s de rl"
            | "ca"
            | "ltda"
            | "spa"
            | "srl"
            | "inc"
            | "corp"
            | "co"
            | "llc"
            | "ltd"
            | "co ltd"
            | "limited"
            | "plc"
            | "llp"
            | "lp"
            | "pte ltd"
            | "pvt ltd"
            | "gmbh"
            | "ag"
            | "kg"
            | "bv"
            | "nv"
            | "ab"
            | "oy"
            | "jsc"
            | "ojsc"
            | "cjsc"
            | "pjsc"
            | "ooo"
            | "oao"
            | "zao"
            | "pao"
            | "fze"
            | "fzco"
            | "fzc"
            | "fz llc"
            | "jsc ltd"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reorders_last_first() {
        assert_eq!(reorder_last_first("ZHU, Hailun"), "Hailun ZHU");
        assert_eq!(
            reorder_last_first("LAVROV, Sergey Viktorovich"),
            "Sergey Viktorovich LAVROV"
        );
        assert_eq!(reorder_last_first("  ZHU ,  Hailun "), "Hailun ZHU");
        assert_eq!(
            reorder_last_first("GARCIA DE LA TORRE, Juan Carlos"),
            "Juan Carlos GARCIA DE LA TORRE"
        );
    }

    #[test]
    fn leaves_other_text_borrowed() {
        for text in [
            "Hailun ZHU",
            "A, B, C",
            "ZHU,",
            ", Hailun",
            "ZHU, -",
            "BANCO NACIONAL DE CUBA, S.A.",
            "ACME, Inc.",
            "ROSNEFT, OAO",
            "Street 5, Moscow",
            "Ministry of Civil Defence, Emergencies and Elimination of Consequences of Natural Disasters",
            "",
        ] {
            assert!(
                matches!(reorder_last_first(text), Cow::Borrowed(t) if t == text),
                "{text}"
            );
        }
    }
}
