//! Name normalisation, transliteration and phonetic keys for sanctions screening.
//!
//! Screening matches a query name against listed names written in any script and any
//! romanisation: `朱海仑` is Zhu Hailun, `Сергей Лавров` is Sergey Lavrov, `ZHU, Hailun` is
//! Hailun Zhu, `Reinhard Bütikofer` is Reinhard Butikofer. The pipeline:
//!
//! 1. [`reorder_last_first`]: `LAST, First` → `First LAST` (company legal forms excepted).
//! 2. [`normalize`]: NFKC, full case fold, Latin folded to ASCII, punctuation resolved.
//!    Non-Latin letters are kept; [`dominant_script`] tells which script a name is in.
//! 3. [`latin_forms`]: the normalised text is cut into script runs and each run romanised by its
//!    own method (pinyin with Chinese name order, BGN/PCGN, passport and GOST tables for
//!    Cyrillic, any_ascii for the rest), giving a short list of lower-case ASCII forms,
//!    the most likely first.
//!    Every form's tokens are put in canonical spellings ([`canonical_tokens`]): company legal
//!    forms (`Aktiengesellschaft` → `ag`), numbers (`forty four` → `44`), digits standing for
//!    letters (`Sech1n` → `sechin`).
//! 4. [`tokenize`] and [`phonetic_keys`]: tokens and their Double Metaphone keys feed
//!    candidate generation.
//!
//! Everything is pure and allocation-light: a plain ASCII name skips Unicode normalisation and
//! transliteration altogether, and lookup tables are `match` statements or built once.

mod alternatives;
mod canonical;
mod cyrillic;
mod han;
mod hangul;
mod nicknames;
mod normalize;
mod phonetic;
mod reorder;
mod respell;
mod same_script;
mod script;
mod transliterate;

pub use alternatives::slash_alternatives;
pub use canonical::{TokenClass, canonical_tokens, token_class};
pub use nicknames::{given_name_equivalents, nicknames};
pub use normalize::{normalize, tokenize};
pub use phonetic::{PhoneticKey, PhoneticKeys, phonetic_keys, spelling_key};
pub use reorder::reorder_last_first;
pub use respell::{Convention, respellings};
pub use same_script::character_agreement;
pub use script::dominant_script;
pub use transliterate::{LatinForm, MAX_FORMS, Romanisation, latin_forms};
