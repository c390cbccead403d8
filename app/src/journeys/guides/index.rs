//! The list of every guide, by who it is for, and the glossary.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{paths, Audience, GUIDES};

#[component]
pub fn GuidesPage() -> impl IntoView {
    let group = |audience: Audience, heading: &'static str| {
        view! {
            <h2 class="govuk-heading-m">{heading}</h2>
            <ul class="govuk-list">
                {GUIDES.iter().filter(|g| g.audience == audience).map(|g| view! {
                    <li>
                        <h3 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href=g.path>{g.title}</a></h3>
                        <p class="govuk-body">{g.summary}</p>
                    </li>
                }).collect_view()}
            </ul>
        }
    };
    view! {
        <Title text="Guides" />
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"Guides"</h1>
                <p class="govuk-body">"Short guides to social value and to each part of this site. Each one takes a few minutes to read."</p>
                {group(Audience::Everyone, "Start here")}
                {group(Audience::Suppliers, "For suppliers")}
                {group(Audience::CouncilStaff, "For council staff")}
                <h2 class="govuk-heading-m">"The words we use"</h2>
                <ul class="govuk-list">
                    <li>
                        <h3 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href=paths::GLOSSARY>"Glossary"</a></h3>
                        <p class="govuk-body">"What the words of social value mean, in plain English, from proxy value to SV ratio."</p>
                    </li>
                </ul>
            </div>
        </div>
    }
}
