//! The pure calculation core, shared by the browser (WASM) and the server.
//!
//! No Leptos, no database: only `rust_decimal` and plain data. The server is the authority and
//! recomputes every figure with this module; the browser uses the same code for live figures.

mod money;
mod offer;
mod quantity;
mod ratio;
mod score;
mod totals;

pub use money::group_thousands;
pub use money::{parse_typed_number, Money, ProxyValue, ProxyValueError};
pub use offer::{format_evaluated_score, format_score, parse_line, LineError, LineTerms, ScoringRule, ScoringTerms};
pub use quantity::{Quantity, QuantityError, QuantityRule};
pub use ratio::SvRatio;
pub use score::{
    quantitative_score, round_score, score_bids, BidInput, BidScores, QualitativeTerms, QuantitativeMethod,
    ScoringMethod, Working,
};
pub use totals::{line_value, OfferFigures, OfferLine};
