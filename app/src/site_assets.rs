//! The built front end (the WASM, its JS loader and the CSS) under content-hashed names, and
//! the scripts that load the WASM: sent only to pages that hold an island.
//!
//! Leptos's own `HydrationScripts` is not used: it loads the WASM on every page, reads the hash
//! file on every request, and gives its preload links the CSP nonce as their `crossorigin`
//! value (leptos-rs/leptos#4843, not fixed in 0.8.23). Whether a page holds an island is known
//! only once it has rendered (an island may sit in a `Suspense`), so the server appends the
//! scripts at the end of the page's stream (`server/src/page_end.rs`).

use leptos::prelude::*;

/// The front end's file names in `/pkg/`, as cargo-leptos named them (`hash-files = true`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteAssets {
    pub js: String,
    pub wasm: String,
    pub css: String,
}

impl SiteAssets {
    /// The names without hashes: a build made without `hash-files`.
    pub fn unhashed(output_name: &str) -> SiteAssets {
        SiteAssets {
            js: format!("{output_name}.js"),
            wasm: format!("{output_name}.wasm"),
            css: format!("{output_name}.css"),
        }
    }

    /// The names from cargo-leptos's hash file (`js: <hash>` lines), or `None` if it lacks one.
    pub fn from_hash_file(output_name: &str, text: &str) -> Option<SiteAssets> {
        let hash = |kind: &str| {
            text.lines().find_map(|line| {
                let (file, hash) = line.split_once(':')?;
                (file.trim() == kind && !hash.trim().is_empty())
                    .then(|| format!("{output_name}.{}.{kind}", hash.trim()))
            })
        };
        Some(SiteAssets { js: hash("js")?, wasm: hash("wasm")?, css: hash("css")? })
    }

    /// Whether `file` (a name in `/pkg/`) is one of these content-hashed files, which never
    /// change under their name and so may be cached for good.
    pub fn is_hashed(&self, file: &str) -> bool {
        let hashed = |name: &String| name == file && name.matches('.').count() >= 2;
        hashed(&self.js) || hashed(&self.wasm) || hashed(&self.css)
    }
}

/// Starts a page render in islands mode, before anything renders: outside an island nothing
/// hydrates, so resources read there are not sent to the browser (an island sets hydrating on
/// for itself). Leptos's `HydrationScripts` does the same from `<head>`.
pub fn start_islands_page() {
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
}

/// The site's asset names, from the server's state (every render has it in context).
pub fn site_assets() -> SiteAssets {
    #[cfg(feature = "ssr")]
    if let Some(state) = use_context::<crate::server::AppState>() {
        return state.assets.clone();
    }
    SiteAssets::unhashed("pledgebook")
}

/// What a page that holds an island ends its `<body>` with: the preloads of the loader and the
/// WASM (`crossorigin` as the WASM's fetch will ask, so that the preload is claimed), and the
/// module that hydrates the islands. The server adds it once it has seen the page's HTML
/// (`server/src/page_end.rs`): whether an island renders is known only once the page has.
pub fn island_scripts(assets: &SiteAssets, nonce: Option<&str>) -> String {
    let (js, wasm) = (format!("/pkg/{}", assets.js), format!("/pkg/{}", assets.wasm));
    let nonce = nonce
        .filter(|nonce| nonce.chars().all(|c| c.is_ascii_alphanumeric() || "+/=_-".contains(c)))
        .map(|nonce| format!(" nonce=\"{nonce}\""))
        .unwrap_or_default();
    format!(
        "<link rel=\"modulepreload\" href=\"{js}\">\
         <link rel=\"preload\" href=\"{wasm}\" as=\"fetch\" type=\"application/wasm\" crossorigin=\"anonymous\">\
         <script type=\"module\"{nonce}>{}</script>",
        island_loader(&js, &wasm)
    )
}

/// The module that starts the WASM and hands each `<leptos-island>` to its exported hydrate
/// function, outer islands before those inside them (document order).
fn island_loader(js: &str, wasm: &str) -> String {
    let js = js_string(js);
    let wasm = js_string(wasm);
    format!(
        "import init, * as islands from {js};\n\
         await init({{ module_or_path: {wasm} }});\n\
         islands.hydrate();\n\
         for (const island of document.querySelectorAll(\"leptos-island\")) {{\n\
         \x20 const hydrate = islands[island.dataset.component];\n\
         \x20 if (hydrate) hydrate(island); else console.warn(`No WASM for the island ${{island.dataset.component}}`);\n\
         }}"
    )
}

/// A JS string literal for a `/pkg/` path (which holds only safe characters, but quoted properly
/// all the same).
fn js_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                quoted.push('\\');
                quoted.push(c);
            }
            c if c.is_ascii_alphanumeric() || "/._-".contains(c) => quoted.push(c),
            c => quoted.push_str(&format!("\\u{:04x}", c as u32)),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cargo_leptos_hash_file() {
        let text = "js: abc_1\nwasm: Def-2\ncss: g3\n";
        let assets = SiteAssets::from_hash_file("pledgebook", text).unwrap();
        assert_eq!(assets.js, "pledgebook.abc_1.js");
        assert_eq!(assets.wasm, "pledgebook.Def-2.wasm");
        assert_eq!(assets.css, "pledgebook.g3.css");
        assert!(assets.is_hashed("pledgebook.Def-2.wasm"));
        assert!(!assets.is_hashed("pledgebook.wasm"));
        assert!(!assets.is_hashed("pledgebook.other.wasm"));
        assert_eq!(SiteAssets::from_hash_file("pledgebook", "js: a\ncss: b\n"), None, "the wasm line is missing");
    }

    #[test]
    fn unhashed_names_are_never_cached_for_good() {
        let assets = SiteAssets::unhashed("pledgebook");
        assert!(!assets.is_hashed("pledgebook.js"));
        assert!(!assets.is_hashed("pledgebook.css"));
    }

    #[test]
    fn the_scripts_carry_a_well_formed_nonce_only() {
        let assets = SiteAssets::from_hash_file("pledgebook", "js: j\nwasm: w\ncss: c\n").unwrap();
        let html = island_scripts(&assets, Some("abc-_123"));
        assert!(html.contains(r#"<link rel="preload" href="/pkg/pledgebook.w.wasm" as="fetch" type="application/wasm" crossorigin="anonymous">"#));
        assert!(html.contains(r#"<script type="module" nonce="abc-_123">import init"#), "{html}");
        assert!(
            !island_scripts(&assets, Some("x\"><script>")).contains("nonce"),
            "a nonce that could break out is dropped"
        );
    }

    #[test]
    fn the_loader_quotes_its_paths() {
        let loader = island_loader("/pkg/a.b.js", "/pkg/a\"b.wasm");
        assert!(loader.starts_with("import init, * as islands from \"/pkg/a.b.js\";"));
        assert!(loader.contains("module_or_path: \"/pkg/a\\\"b.wasm\""));
    }
}
