//! The public social value calculator: pick a sample measure, type a quantity, see its £ value.
//!
//! The value is computed live in the browser by the shared `calc` module (WASM). The form is a
//! plain GET (it changes nothing), so with JavaScript off the server renders the same figure.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

pub use crate::domain::sample_measures::{calculate, Calculation};
use ui::calculator::Calculator;

#[component]
pub fn CalculatorPage() -> impl IntoView {
    let query = use_query_map();
    let (initial_code, initial_quantity) =
        query.with_untracked(|q| (q.get("measure").unwrap_or_default(), q.get("quantity")));
    let submitted = initial_quantity.is_some();
    let initial_quantity = initial_quantity.unwrap_or_default();
    let has_error = submitted && calculate(&initial_code, &initial_quantity).is_err();
    let title = if has_error { "Error: Social value calculator" } else { "Social value calculator" };
    view! {
        <Title text=title />
        <Calculator initial_code initial_quantity submitted />
    }
}
