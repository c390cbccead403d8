#![recursion_limit = "256"]

//! The browser half: the page is rendered on the server; only its islands (the interactive
//! parts, such as the live calculator and the framework search) are compiled to WASM and
//! hydrated here.

// Brings the islands into this crate, so that the WASM exports them.
#[allow(unused_imports)]
use app::*;
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
