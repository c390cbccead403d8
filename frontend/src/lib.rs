#![recursion_limit = "256"]

//! The browser half: the page is rendered on the server; only its islands (the interactive
//! parts, such as the live calculator and the framework search) are compiled to WASM and
//! hydrated here.

// Brings the islands into this crate, so that the WASM exports them.
#[allow(unused_imports)]
use ui::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // The islands hydrate right after this returns: mark the page once they have.
    let mark = wasm_bindgen::closure::Closure::once_into_js(mark_body_as_live);
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback(mark.unchecked_ref());
    }
}

/// Tells the styles (govuk-frontend) and the browser tests that the page is now interactive.
fn mark_body_as_live() {
    let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) else {
        return;
    };
    let _ = body.class_list().add_2("js-enabled", "govuk-frontend-supported");
    let _ = body.set_attribute("data-hydrated", "true");
}

/// For the browser benchmark (`tests/bench/offer-builder.mjs`): computes 1,000 line values
/// `rounds` times with the shared calculation code, as the native criterion benchmark does, and
/// returns their total so that the work cannot be skipped.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn bench_line_values(rounds: u32) -> String {
    use calc::{line_value, Money, ProxyValue, Quantity, QuantityRule};
    use rust_decimal::Decimal;
    let pairs: Vec<(Quantity, ProxyValue)> = (0..1_000i64)
        .filter_map(|i| {
            let quantity = Quantity::from_decimal(Decimal::new(125 + i * 37, 1), QuantityRule::FRACTIONAL).ok()?;
            let proxy = ProxyValue::parse(Decimal::new(1_825 + i * 4_113, 4)).ok()?;
            Some((quantity, proxy))
        })
        .collect();
    let mut total = Money::ZERO;
    for _ in 0..rounds {
        for &(quantity, proxy) in &pairs {
            total += line_value(quantity, proxy);
        }
    }
    total.to_string()
}
