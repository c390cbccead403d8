use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="Home" />
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-xl">"Social value, from bid to delivery"</h1>
                <p class="govuk-body-l">
                    "Pledgebook helps councils ask for social value, suppliers offer it, and everyone see what was delivered."
                </p>
                <h2 class="govuk-heading-m">"Try it now"</h2>
                <p class="govuk-body">
                    "Work out what a commitment is worth with the "
                    <a class="govuk-link" href="/calculator">"social value calculator"</a> "."
                </p>
                <p class="govuk-body">
                    "See the themes, outcomes and measures councils ask for, with the £ value of each, in the "
                    <a class="govuk-link" href="/frameworks">"measures frameworks"</a> "."
                </p>
            </div>
        </div>
    }
}
