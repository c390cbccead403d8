use leptos::prelude::*;

/// One row of a GOV.UK summary list (a `<dl class="govuk-summary-list">`): a key and its value.
pub fn summary_row(key: &'static str, value: String) -> impl IntoView {
    view! {
        <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">{key}</dt>
            <dd class="govuk-summary-list__value">{value}</dd>
        </div>
    }
}
