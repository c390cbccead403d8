//! The glossary page: every entry of the domain's glossary (`domain::glossary`), A to Z.

use leptos::prelude::*;
use leptos_meta::Title;

use super::paths;
pub use domain::glossary::{Entry, Term, GLOSSARY};
pub use ui::glossary_term::GlossaryTerm;

#[component]
pub fn GlossaryPage() -> impl IntoView {
    view! {
        <Title text="Glossary" />
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <span class="govuk-caption-l">"Guides"</span>
                <h1 class="govuk-heading-l">"Glossary"</h1>
                <p class="govuk-body">"The words used in social value and on this site, in plain English. They are listed A to Z."</p>
                <p class="govuk-body"><a class="govuk-link" href=paths::INDEX>"See all guides"</a></p>
                {GLOSSARY
                    .iter()
                    .map(|entry| {
                        view! {
                            <h2 class="govuk-heading-m govuk-!-margin-bottom-2" id=entry.slug>{entry.name}</h2>
                            <p class="govuk-body">{entry.definition}</p>
                            {entry.also_called.map(|also| view! {
                                <p class="govuk-body govuk-hint">{format!("Also called: {also}.")}</p>
                            })}
                        }
                    })
                    .collect_view()}
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(feature = "ssr")]
    use crate::journeys::guides::tests::element_with;

    #[test]
    fn each_term_is_its_own_entry() {
        for (index, entry) in GLOSSARY.iter().enumerate() {
            assert_eq!(entry.term as usize, index, "{}", entry.name);
            assert_eq!(entry.term.entry(), entry);
        }
    }

    #[test]
    fn slugs_are_unique_valid_anchors() {
        let mut slugs = std::collections::HashSet::new();
        for entry in GLOSSARY {
            let slug = entry.slug;
            assert!(slugs.insert(slug), "{slug} is used twice");
            assert!(slug.starts_with(|c: char| c.is_ascii_lowercase()), "{slug} starts with a letter");
            assert!(
                slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{slug}: lower-case letters, digits and hyphens only"
            );
            assert!(!slug.ends_with('-') && !slug.contains("--"), "{slug}");
        }
    }

    #[test]
    fn entries_are_in_alphabetical_order_and_named_once() {
        let names: Vec<String> = GLOSSARY.iter().map(|e| e.name.to_lowercase()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(names, sorted, "A to Z, each name once");
    }

    #[test]
    fn definitions_are_short_sentences() {
        for entry in GLOSSARY {
            assert!(entry.definition.ends_with('.'), "{}: a full stop at the end", entry.name);
            for sentence in entry.definition.split(". ") {
                let words = sentence.split_whitespace().count();
                assert!(words <= 25, "{}: a sentence of {words} words", entry.name);
            }
        }
    }

    #[test]
    fn the_words_the_issue_names_are_all_there() {
        for slug in [
            "toms",
            "proxy-value",
            "sv-ratio",
            "fte-year",
            "record-only",
            "qualitative",
            "community-offer",
            "target",
            "weighting",
            "local",
        ] {
            assert!(GLOSSARY.iter().any(|e| e.slug == slug), "{slug}");
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_term_links_to_its_entry() {
        let html = super::super::render(|| view! { <GlossaryTerm term=Term::SvRatio>"SV ratio"</GlossaryTerm> });
        let (tag, text) = element_with(&html, r#"href="/glossary#sv-ratio""#).expect("a link");
        assert!(tag.starts_with("<a ") && tag.contains(r#"class="govuk-link""#), "{html}");
        assert_eq!(text, "SV ratio");
        assert!(html.ends_with("</a>"), "{html}");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_page_holds_an_entry_for_every_term() {
        let html = super::super::render(|| view! { <GlossaryPage /> });
        for entry in GLOSSARY {
            let (tag, text) = element_with(&html, &format!(r#"id="{}""#, entry.slug)).expect(entry.slug);
            assert!(tag.starts_with("<h2 "), "{tag}");
            assert_eq!(text, entry.name);
            assert_eq!(html.matches(&format!(r#"id="{}""#, entry.slug)).count(), 1, "{}", entry.slug);
        }
    }

    /// Every glossary link on the journey's pages leads to an entry, and each page links a term
    /// once: at its first use.
    #[cfg(feature = "ssr")]
    #[test]
    fn glossary_links_on_the_guides_resolve_once_each() {
        let prefix = format!("{}#", paths::GLOSSARY);
        for (path, html) in super::super::tests::pages() {
            let mut linked = std::collections::HashSet::new();
            for href in super::super::tests::attribute_values(&html, "href") {
                let Some(slug) = href.strip_prefix(&prefix) else { continue };
                assert!(
                    GLOSSARY.iter().any(|e| e.slug == slug),
                    "{path} links to {href}, which is not in the glossary"
                );
                assert!(linked.insert(slug), "{path} links {slug} more than once");
            }
            if path != paths::GLOSSARY && path != paths::INDEX {
                assert!(linked.len() >= 3, "{path} links the terms it uses: {linked:?}");
            }
        }
    }
}
