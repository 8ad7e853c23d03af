//! Prints the Latin forms of each name given as an argument, or of each line of stdin.
//!
//! `cargo run -p interdict-names --example forms -- "朱海仑" "Сергей Лавров"`

use std::io::BufRead;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let names: Box<dyn Iterator<Item = String>> = if args.is_empty() {
        Box::new(std::io::stdin().lock().lines().map_while(Result::ok))
    } else {
        Box::new(args.into_iter())
    };
    for name in names {
        let forms: Vec<String> = interdict_names::latin_forms(&name)
            .into_iter()
            .map(|f| format!("{} ({:?})", f.text, f.method))
            .collect();
        println!("{name}\t{}", forms.join(" | "));
    }
}
