//! Han (Chinese) romanisation: pinyin readings from the `pinyin` crate, arranged by the Chinese
//! personal-name convention.
//!
//! Each character gets its most common reading only. The crate also knows rare and classical
//! readings (庄 `peng`, 浩 `gao`, 朱 `shu`); offering them as alternatives made unrelated names
//! meet (庄文浩 `peng wen gao` matched 鹏 高 `peng gao`), so they are left out. Surnames whose
//! reading as a surname differs from the common one are in a table below.
//!
//! The `pinyin` crate knows character readings, not names: it cannot tell that 单 is `shan` and
//! 欧阳 one surname. The compound-surname and surname-reading tables below are therefore
//! written here; they are short and change with nobody's release.

use std::borrow::Cow;

use pinyin::ToPinyin;

use crate::script::{Class, class_of};

/// Reading combinations kept per Han name or run (each gives up to two forms).
const MAX_COMBOS: usize = 4;

/// Longest Han run that also gets a form with its syllables joined (transcribed foreign names
/// such as 唐纳德 → `tangnade`); longer runs are organisation names and stay syllable-separated.
const MAX_JOINED_RUN: usize = 4;

/// Toneless readings of one position (a character, or a compound surname), most likely first.
type Readings = Vec<Cow<'static, str>>;

/// Romanisations of a normalised name that has the shape of a Chinese personal name (surname
/// of one character or a compound surname, then one to three given-name characters, written
/// together or as two words), or `None`. Per reading combination: the surname and joined given
/// name (`zhu hailun`), then every syllable separated (`zhu hai lun`).
pub(crate) fn person_forms(normalized: &str) -> Option<Vec<String>> {
    let words: Vec<Vec<char>> = normalized.split(' ').map(|w| w.chars().collect()).collect();
    if words
        .iter()
        .flatten()
        .any(|&c| class_of(c) != Some(Class::Han))
    {
        return None;
    }
    let (surname, given): (&[char], &[char]) = match words.as_slice() {
        [name] => {
            let compound = name.len() >= 2 && compound_surname(name[0], name[1]).is_some();
            match name.len() {
                2..=4 if compound => name.split_at(2),
                2..=3 => name.split_at(1),
                _ => return None,
            }
        }
        [surname, given] if (1..=2).contains(&surname.len()) && (1..=3).contains(&given.len()) => {
            (surname, given)
        }
        _ => return None,
    };

    let mut positions: Vec<Readings> = Vec::with_capacity(surname.len() + given.len());
    match surname {
        [a, b] if compound_surname(*a, *b).is_some() => {
            positions.push(
                compound_surname(*a, *b)
                    .into_iter()
                    .map(Cow::Borrowed)
                    .collect(),
            );
        }
        _ => {
            for &c in surname {
                let mut r = readings(c, positions.last());
                if let Some(special) = surname_reading(c) {
                    r.retain(|x| x != special);
                    r.insert(0, Cow::Borrowed(special));
                }
                positions.push(r);
            }
        }
    }
    let surname_len = positions.len();
    for &c in given {
        let r = readings(c, positions.last());
        positions.push(r);
    }

    let mut forms = Vec::with_capacity(2 * MAX_COMBOS);
    for combo in combos(&positions, MAX_COMBOS) {
        let pick = |i: usize| positions[i][combo[i]].as_ref();
        let mut joined: String = (0..surname_len).map(|i| pick(i).replace(' ', "")).collect();
        if surname_len < positions.len() {
            joined.push(' ');
            joined.extend((surname_len..positions.len()).map(pick));
        }
        let spaced = (0..positions.len()).map(pick).collect::<Vec<_>>().join(" ");
        forms.push(joined);
        forms.push(spaced);
    }
    Some(forms)
}

/// Romanisations of a run of Han characters that is not a personal name: per reading
/// combination, the syllables separated, then (for short runs) joined.
pub(crate) fn plain_forms(run: &str) -> Vec<String> {
    let mut positions: Vec<Readings> = Vec::with_capacity(run.len() / 3);
    for c in run.chars() {
        if class_of(c) == Some(Class::Han) {
            let r = readings(c, positions.last());
            positions.push(r);
        }
    }
    let mut forms = Vec::new();
    for combo in combos(&positions, MAX_COMBOS) {
        let syllables: Vec<&str> = combo
            .iter()
            .zip(&positions)
            .map(|(&k, r)| r[k].as_ref())
            .collect();
        forms.push(syllables.join(" "));
        if positions.len() <= MAX_JOINED_RUN {
            forms.push(syllables.concat());
        }
    }
    forms
}

/// The toneless common reading of a character from the `pinyin` crate. `ü` (only after l and
/// n) gives `u` and then `yu`, as in Chinese passports (吕 → lu, lyu). The
/// iteration mark 々 repeats the previous character; a character without a reading becomes a
/// token naming its code point, so that it still matches itself.
fn readings(c: char, previous: Option<&Readings>) -> Readings {
    if c == '々'
        && let Some(previous) = previous
    {
        return previous.clone();
    }
    let mut out: Readings = Vec::new();
    let mut add = |r: Cow<'static, str>| {
        if !out.contains(&r) {
            out.push(r);
        }
    };
    if let Some(reading) = c.to_pinyin() {
        let plain = reading.plain();
        if plain.contains('ü') {
            add(Cow::Owned(plain.replace('ü', "u")));
            add(Cow::Owned(plain.replace('ü', "yu")));
        } else {
            add(Cow::Borrowed(plain));
        }
    }
    if out.is_empty() {
        out.push(Cow::Owned(format!("x{:x}", u32::from(c))));
    }
    out
}

/// Up to `cap` index vectors into `positions`, by increasing sum of reading ranks (the most
/// likely reading of every character first); on a tie, earlier positions vary first.
fn combos(positions: &[Readings], cap: usize) -> Vec<Vec<usize>> {
    fn fill(
        positions: &[Readings],
        at: usize,
        left: usize,
        current: &mut Vec<usize>,
        out: &mut Vec<Vec<usize>>,
        cap: usize,
    ) {
        if out.len() >= cap {
            return;
        }
        if at == positions.len() {
            if left == 0 {
                out.push(current.clone());
            }
            return;
        }
        let room: usize = positions[at + 1..].iter().map(|r| r.len() - 1).sum();
        let max = left.min(positions[at].len() - 1);
        for v in (0..=max).rev() {
            if left - v > room {
                break;
            }
            current.push(v);
            fill(positions, at + 1, left - v, current, out, cap);
            current.pop();
        }
    }
    // `readings` never returns an empty list, so `len() - 1` cannot underflow.
    let total: usize = positions.iter().map(|r| r.len() - 1).sum();
    let mut out = Vec::new();
    let mut current = Vec::with_capacity(positions.len());
    for sum in 0..=total {
        fill(positions, 0, sum, &mut current, &mut out, cap);
        if out.len() >= cap {
            break;
        }
    }
    out
}

/// Surname readings that differ from a character's most common reading.
fn surname_reading(c: char) -> Option<&'static str> {
    Some(match c {
        '单' | '單' => "shan",
        '曾' | '曽' => "zeng",
        '解' => "xie",
        '仇' => "qiu",
        '区' | '區' => "ou",
        '朴' => "piao",
        '查' => "zha",
        '盖' | '蓋' => "ge",
        '缪' | '繆' => "miao",
        '覃' => "qin",
        '乐' | '樂' => "yue",
        '召' => "shao",
        '秘' => "bi",
        '种' | '種' => "chong",
        '句' => "gou",
        '翟' => "zhai",
        '员' | '員' => "yun",
        '繁' => "po",
        '莘' => "shen",
        '祭' => "zhai",
        '隗' => "wei",
        '阚' | '闞' => "kan",
        '郇' => "xun",
        '逄' => "pang",
        '长' | '長' => "chang",
        '重' => "chong",
        '都' => "du",
        '乜' => "nie",
        '薄' => "bo",
        '蕃' => "pi",
        '能' => "nai",
        '沈' => "shen",
        '石' => "shi",
        '柏' => "bai",
        _ => return None,
    })
}

/// Compound (two-character) surnames and their readings, simplified and traditional.
fn compound_surname(a: char, b: char) -> Option<&'static str> {
    Some(match (a, b) {
        ('欧' | '歐', '阳' | '陽') => "ou yang",
        ('司', '马' | '馬') => "si ma",
        ('诸' | '諸', '葛') => "zhu ge",
        ('上', '官') => "shang guan",
        ('东' | '東', '方') => "dong fang",
        ('皇', '甫') => "huang fu",
        ('尉', '迟' | '遲') => "yu chi",
        ('公', '孙' | '孫') => "gong sun",
        ('慕', '容') => "mu rong",
        ('长' | '長', '孙' | '孫') => "zhang sun",
        ('宇', '文') => "yu wen",
        ('司', '徒') => "si tu",
        ('司', '空') => "si kong",
        ('夏', '侯') => "xia hou",
        ('轩' | '軒', '辕' | '轅') => "xuan yuan",
        ('令', '狐') => "ling hu",
        ('端', '木') => "duan mu",
        ('西', '门' | '門') => "xi men",
        ('独' | '獨', '孤') => "du gu",
        ('南', '宫' | '宮') => "nan gong",
        ('万' | '萬', '俟') => "mo qi",
        ('闻' | '聞', '人') => "wen ren",
        ('澹', '台' | '臺') => "tan tai",
        ('公', '冶') => "gong ye",
        ('宗', '政') => "zong zheng",
        ('濮', '阳' | '陽') => "pu yang",
        ('淳', '于') => "chun yu",
        ('单' | '單', '于') => "chan yu",
        ('太', '叔') => "tai shu",
        ('申', '屠') => "shen tu",
        ('钟' | '鍾', '离' | '離') => "zhong li",
        ('赫', '连' | '連') => "he lian",
        ('呼', '延') => "hu yan",
        ('拓', '跋') => "tuo ba",
        ('百', '里') => "bai li",
        ('东' | '東', '郭') => "dong guo",
        ('左', '丘') => "zuo qiu",
        ('第', '五') => "di wu",
        ('公', '羊') => "gong yang",
        ('闾' | '閭', '丘') => "lu qiu",
        ('乐' | '樂', '正') => "yue zheng",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_names() {
        let f = person_forms("朱海仑").unwrap();
        assert_eq!(f, ["zhu hailun", "zhu hai lun"]);
        assert_eq!(
            person_forms("陈全国").unwrap()[..2],
            ["chen quanguo", "chen quan guo"]
        );
        assert_eq!(
            person_forms("习近平").unwrap()[..2],
            ["xi jinping", "xi jin ping"]
        );
        let wu = person_forms("吴英杰").unwrap();
        assert_eq!(wu[..2], ["wu yingjie", "wu ying jie"]);
        assert!(
            !wu.contains(&"tun yingjie".to_owned()),
            "rare readings are left out"
        );
        assert_eq!(
            person_forms("庄文浩").unwrap(),
            ["zhuang wenhao", "zhuang wen hao"]
        );
        assert_eq!(person_forms("朱 海仑").unwrap()[0], "zhu hailun");
    }

    #[test]
    fn compound_and_special_surnames() {
        assert_eq!(
            person_forms("欧阳震华").unwrap()[..2],
            ["ouyang zhenhua", "ou yang zhen hua"]
        );
        assert_eq!(person_forms("司马光").unwrap()[0], "sima guang");
        assert_eq!(person_forms("单雄信").unwrap()[0], "shan xiongxin");
        assert_eq!(person_forms("曾国藩").unwrap()[0], "zeng guofan");
        assert_eq!(person_forms("解缙").unwrap()[0], "xie jin");
        assert_eq!(person_forms("区").map(|_| ()), None);
        assert_eq!(person_forms("吕").map(|_| ()), None);
        let lu = person_forms("吕晓波").unwrap();
        assert_eq!(lu[0], "lu xiaobo");
        assert!(lu.contains(&"lyu xiaobo".to_owned()));
    }

    #[test]
    fn non_person_shapes() {
        assert!(person_forms("新疆生产建设兵团公安局").is_none());
        assert!(person_forms("朱海仑 abc").is_none());
        assert_eq!(plain_forms("唐纳德")[..2], ["tang na de", "tangnade"]);
        assert_eq!(
            plain_forms("新疆生产建设兵团")[0],
            "xin jiang sheng chan jian she bing tuan"
        );
    }

    #[test]
    fn combos_are_bounded_and_ordered() {
        let r = |n: usize| -> Readings { (0..n).map(|i| Cow::Owned(i.to_string())).collect() };
        let positions = [r(2), r(3), r(1)];
        assert_eq!(
            combos(&positions, 10),
            [
                vec![0, 0, 0],
                vec![1, 0, 0],
                vec![0, 1, 0],
                vec![1, 1, 0],
                vec![0, 2, 0],
                vec![1, 2, 0]
            ]
        );
        let many: Vec<Readings> = (0..40).map(|_| r(5)).collect();
        assert_eq!(combos(&many, MAX_COMBOS).len(), MAX_COMBOS);
    }

    #[test]
    fn readings_without_pinyin() {
        assert_eq!(readings('々', Some(&vec![Cow::Borrowed("zuo")])), ["zuo"]);
        assert_eq!(readings('\u{2B740}', None).len(), 1);
    }
}
