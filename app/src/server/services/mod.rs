//! Use cases: each runs in one transaction. Server functions and the CLI call these; tests too.

pub mod demo;
