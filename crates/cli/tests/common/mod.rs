//! Helpers the command-line tests share: running `interdict` against one
//! store and reading what it printed.

#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// `interdict --store STORE ARGS` as the user `analyst`, ignoring any store
/// named in the environment.
pub fn interdict_on(store: &str, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_interdict"));
    command
        .arg("--store")
        .arg(store)
        .args(args)
        .env_remove("INTERDICT_STORE")
        .env("USER", "analyst");
    command
}

/// Runs [`interdict_on`] with `data_home` as the user's data folder, so no
/// lists or store of the machine's user are in reach.
pub fn interdict_isolated(store: &str, data_home: &Path, args: &[&str]) -> Output {
    interdict_on(store, args)
        .env("XDG_DATA_HOME", data_home)
        .output()
        .expect("the interdict binary runs")
}

/// What the command printed, once it is known to have succeeded (its
/// standard error otherwise).
pub fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// What the command printed, as JSON.
pub fn json(output: &Output) -> Value {
    serde_json::from_str(&ok(output)).unwrap()
}
