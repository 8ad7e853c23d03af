//! Korean personal names: any_ascii romanises each Hangul syllable (Revised Romanization);
//! this module splits the surname from the given name as [`crate::han`] does for Chinese.

use any_ascii::any_ascii_char;

/// Romanisations of a normalised name shaped like a Korean personal name (a one-syllable
/// surname, or a two-syllable one from the short list below, then one to three syllables,
/// written together or as two words), or `None`: all syllables joined (`gimjeongeun`), the
/// surname split off (`gim jeongeun`), every syllable separated (`gim jeong eun`).
pub(crate) fn person_forms(normalized: &str) -> Option<Vec<String>> {
    let words: Vec<Vec<char>> = normalized.split(' ').map(|w| w.chars().collect()).collect();
    if words.iter().flatten().any(|&c| !is_syllable(c)) {
        return None;
    }
    let (surname, given): (&[char], &[char]) = match words.as_slice() {
        [name] if (2..=4).contains(&name.len()) => {
            let compound = name.len() >= 3 && is_compound_surname(name[0], name[1]);
            name.split_at(if compound { 2 } else { 1 })
        }
        [surname, given] if (1..=2).contains(&surname.len()) && (1..=3).contains(&given.len()) => {
            (surname, given)
        }
        _ => return None,
    };
    let roman = |cs: &[char]| cs.iter().map(|&c| any_ascii_char(c)).collect::<String>();
    let (surname, given_joined) = (roman(surname), roman(given));
    let syllables: Vec<&str> = words.iter().flatten().map(|&c| any_ascii_char(c)).collect();
    Some(
        [
            format!("{surname}{given_joined}"),
            format!("{surname} {given_joined}"),
            syllables.join(" "),
        ]
        .into_iter()
        .map(|s| s.to_ascii_lowercase())
        .collect(),
    )
}

fn is_syllable(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}')
}

/// The two-syllable Korean surnames in common use (남궁, 황보, 제갈, 선우, 독고, 사공, 서문).
/// Hand-written: no crate has them, and the list is closed.
fn is_compound_surname(a: char, b: char) -> bool {
    matches!(
        (a, b),
        ('남', '궁')
            | ('황', '보')
            | ('제', '갈')
            | ('선', '우')
            | ('독', '고')
            | ('사', '공')
            | ('서', '문')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_names() {
        assert_eq!(
            person_forms("김정은").unwrap(),
            ["gimjeongeun", "gim jeongeun", "gim jeong eun"]
        );
        assert_eq!(person_forms("김 정은").unwrap()[1], "gim jeongeun");
        assert_eq!(person_forms("남궁민수").unwrap()[1], "namgung minsu");
        assert!(person_forms("조선민주주의인민공화국").is_none());
        assert!(person_forms("김").is_none());
    }
}
