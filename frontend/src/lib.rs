//! The browser half: hydrate the server-rendered page into a live Leptos app (compiled to WASM).

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
