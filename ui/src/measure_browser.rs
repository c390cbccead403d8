//! A framework's measures by theme and outcome, with a search that narrows the list as you type.

use leptos::prelude::*;

use crate::glossary_term::GlossaryTerm;
use domain::frameworks::{MeasureKind, StoredMeasure};
use domain::glossary::Term;

/// The measures by theme and outcome, with a search that narrows the list as you type
/// (compiled into the WASM); without JavaScript the search is a plain GET form.
#[island]
pub fn MeasureBrowser(id: i64, measures: Vec<StoredMeasure>, themes: Vec<String>, initial_query: String) -> impl IntoView {
    let query = RwSignal::new(initial_query);
    let total = measures.len();
    let matching =
        move || measures.iter().filter(|m| query.with(|q| m.measure.matches(q))).cloned().collect::<Vec<_>>();
    view! {
        <form method="get" action=domain::routes::frameworks::paths::FRAMEWORK.id(id) role="search" class="govuk-!-margin-bottom-6">
            <div class="govuk-form-group">
                <label class="govuk-label govuk-label--s" for="q">"Search measures by code or words"</label>
                <div class="pb-search">
                    <input class="govuk-input govuk-!-width-two-thirds" id="q" name="q" type="search"
                        value=query.get_untracked()
                        prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev)) />
                    <button type="submit" class="govuk-button govuk-!-margin-bottom-0">"Search"</button>
                </div>
            </div>
        </form>
        {move || {
            let found = matching();
            let count = found.len();
            let searching = query.with(|q| !q.trim().is_empty());
            // "Evidence" first appears in the first measure shown that says what evidence it needs.
            let first_evidence = themes
                .iter()
                .flat_map(|theme| shown_in_order(&found, theme))
                .find(|m| !m.measure.evidence_required.is_empty())
                .map(|m| m.id);
            view! {
                <p class="govuk-body" role="status">
                    {if searching { format!("{count} of {total} measures match") } else { format!("{total} measures") }}
                </p>
                {themes.iter().filter_map(|theme| {
                    let in_theme: Vec<StoredMeasure> = found.iter().filter(|m| &m.measure.theme == theme).cloned().collect();
                    (!in_theme.is_empty()).then(|| view! { <ThemeSection theme=theme.clone() measures=in_theme first_evidence /> })
                }).collect_view()}
            }
        }}
    }
}

/// A theme's measures in the order `ThemeSection` shows them: by outcome, each outcome where its
/// first measure is.
fn shown_in_order<'a>(measures: &'a [StoredMeasure], theme: &str) -> Vec<&'a StoredMeasure> {
    let in_theme: Vec<&StoredMeasure> = measures.iter().filter(|m| m.measure.theme == theme).collect();
    let mut outcomes: Vec<&str> = Vec::new();
    for m in &in_theme {
        if !outcomes.contains(&m.measure.outcome.as_str()) {
            outcomes.push(&m.measure.outcome);
        }
    }
    outcomes.iter().flat_map(|o| in_theme.iter().copied().filter(move |m| m.measure.outcome == *o)).collect()
}

#[component]
fn ThemeSection(theme: String, measures: Vec<StoredMeasure>, first_evidence: Option<i64>) -> impl IntoView {
    let mut outcomes: Vec<String> = Vec::new();
    for m in &measures {
        if !outcomes.contains(&m.measure.outcome) {
            outcomes.push(m.measure.outcome.clone());
        }
    }
    view! {
        <h2 class="govuk-heading-m">{theme}</h2>
        {outcomes.into_iter().map(|outcome| {
            let rows: Vec<StoredMeasure> = measures.iter().filter(|m| m.measure.outcome == outcome).cloned().collect();
            view! {
                <table class="govuk-table pb-measures">
                    <caption class="govuk-table__caption govuk-table__caption--s">{outcome}</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Code"</th>
                            <th scope="col" class="govuk-table__header">"Measure"</th>
                            <th scope="col" class="govuk-table__header">"Unit"</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Proxy value"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {rows.into_iter().map(|m| {
                            let link_evidence = first_evidence == Some(m.id);
                            view! { <MeasureRow measure=m link_evidence /> }
                        }).collect_view()}
                    </tbody>
                </table>
            }
        }).collect_view()}
    }
}

#[component]
fn MeasureRow(measure: StoredMeasure, link_evidence: bool) -> impl IntoView {
    let m = measure.measure;
    let value = match (m.kind, m.proxy_value) {
        (MeasureKind::Monetised, Some(value)) => format!("{value} per unit"),
        (MeasureKind::RecordOnly, _) => "Recorded, no £ value".to_owned(),
        _ => "Written answer".to_owned(),
    };
    view! {
        <tr class="govuk-table__row">
            <td class="govuk-table__cell"><strong>{m.code.clone()}</strong></td>
            <td class="govuk-table__cell">
                {m.description.clone()}
                <div class="pb-tags">
                    {m.first_year_only.then(|| view! { <strong class="govuk-tag govuk-tag--blue">"First year only"</strong> })}
                    {m.community_offer.then(|| view! { <strong class="govuk-tag govuk-tag--turquoise">"Community offer"</strong> })}
                    {m.adds_to.clone().map(|code| view! { <strong class="govuk-tag govuk-tag--purple">{format!("Adds to {code}")}</strong> })}
                </div>
                {(!m.guidance.is_empty() || !m.evidence_required.is_empty()).then(|| view! {
                    <details class="govuk-details govuk-!-margin-bottom-0">
                        <summary class="govuk-details__summary">
                            <span class="govuk-details__summary-text">"Guidance and evidence" <span class="govuk-visually-hidden">{format!(" for {}", m.code)}</span></span>
                        </summary>
                        <div class="govuk-details__text">
                            <p class="govuk-body-s">{m.guidance.clone()}</p>
                            {(!m.evidence_required.is_empty()).then(|| view! { <p class="govuk-body-s"><strong><GlossaryTerm term=Term::Evidence link=link_evidence>"Evidence"</GlossaryTerm>": "</strong>{m.evidence_required.clone()}</p> })}
                        </div>
                    </details>
                })}
            </td>
            <td class="govuk-table__cell">{m.unit.clone()}</td>
            <td class="govuk-table__cell govuk-table__cell--numeric">{value}</td>
        </tr>
    }
}
