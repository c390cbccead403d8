//! Test helpers live in `integration/helpers.rs`.
