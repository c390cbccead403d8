#![recursion_limit = "256"]

//! The browser half: hydrate the server-rendered page into a live Leptos app (compiled to WASM).

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    mark_body_as_live();
}

/// Tells the styles (govuk-frontend) and the browser tests that the page is now interactive.
fn mark_body_as_live() {
    let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) else {
        return;
    };
    let _ = body.class_list().add_2("js-enabled", "govuk-frontend-supported");
    let _ = body.set_attribute("data-hydrated", "true");
}
