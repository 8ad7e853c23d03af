//! Writes a large synthetic CSV to screen with `interdict batch`:
//!
//! ```sh
//! cargo run --release -p interdict-batch --example make_batch_input -- 1000000 /tmp/customers.csv
//! interdict batch /tmp/customers.csv --out /tmp/hits.csv
//! ```
//!
//! Rows come from yente's synthetic negatives (perturbed once they run out)
//! with one UN-listed person every 1000 rows; see
//! [`interdict_batch::sample`]. An optional third argument is the seed.

use std::path::{Path, PathBuf};

use interdict_batch::sample;

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/eval/yente_screening_fixtures"
);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(rows), Some(out)) = (args.first(), args.get(1)) else {
        return Err("usage: make_batch_input ROWS OUT.csv [SEED]".into());
    };
    let rows: u64 = rows.parse()?;
    let seed: u64 = args.get(2).map_or(Ok(1), |s| s.parse())?;
    let mut negatives = Vec::new();
    for name in ["negatives_global.csv.gz", "negatives_us.csv.gz"] {
        negatives.extend(sample::read_fixture(&Path::new(FIXTURES).join(name))?);
    }
    let positives = sample::read_fixture(&Path::new(FIXTURES).join("positives_un_untreated.csv"))?;
    let out = PathBuf::from(out);
    sample::write_csv(&out, rows, &negatives, &positives, seed)?;
    eprintln!("wrote {rows} rows to {}", out.display());
    Ok(())
}
