//! The words of DOMAIN.md as types.

pub mod sample_measures;
