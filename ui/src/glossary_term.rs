//! A glossary term in running text, on any page or island.

use leptos::prelude::*;

use domain::glossary::Term;

/// A glossary term in running text, linked to its entry. The first use of a term on a page
/// links; later uses are plain text. Where the use repeats (a hint on each measure, a row for
/// each line), `link` is true for the first only.
#[component]
pub fn GlossaryTerm(term: Term, #[prop(default = true)] link: bool, children: Children) -> impl IntoView {
    if link {
        view! { <a class="govuk-link" href=term.href()>{children()}</a> }.into_any()
    } else {
        children().into_any()
    }
}
