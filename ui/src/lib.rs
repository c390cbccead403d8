//! The islands (the interactive parts of pages, compiled into the WASM and hydrated there) and
//! what they share with the pages: the error summary and message, the glossary link, the text
//! area's escaping. Pages live in the web crate (`app`), so a page edit never rebuilds the WASM.
//! With `ssr`, the same code renders on the server; `hydrate` is the browser's build.

#![recursion_limit = "256"]

pub mod autosave;
pub mod calculator;
pub mod delivery;
pub mod error_summary;
pub mod glossary_term;
pub mod measure_browser;
pub mod offer_builder;
pub mod raw_text;
