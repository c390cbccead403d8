use leptos::prelude::*;

/// One row of a GOV.UK summary list (a `<dl class="govuk-summary-list">`): a key and its value.
/// The value is text, or a view (words with a glossary link).
pub fn summary_row(key: &'static str, value: impl IntoView + 'static) -> impl IntoView {
    view! {
        <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">{key}</dt>
            <dd class="govuk-summary-list__value">{value}</dd>
        </div>
    }
}
