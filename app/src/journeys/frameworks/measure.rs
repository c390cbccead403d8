//! The question page for one measure of a draft: adding it, or changing it (local proxy values
//! included).

use leptos::prelude::*;

use super::paths;
use leptos_meta::Title;

use super::draft_resource;
use crate::components::error_summary::{ErrorMessage, ErrorSummary};
use crate::components::form_fields::{CheckboxField, TextArea, TextField};
use crate::components::question_page::page_title;
use crate::domain::accounts::Role;
use crate::domain::form::PostedForm;
use crate::domain::frameworks::{MeasureAnswers, MeasureField, MeasureKind, VersionDetails};
use crate::errors::AppError;
use crate::page_context::{id_param, posted_form, problem_view, require_role};

#[component]
pub fn MeasurePage() -> impl IntoView {
    let posted = posted_form();
    let (id, measure_id) = (id_param("id"), id_param("measure_id"));
    if let Err(denied) = require_role(Role::CouncilAdmin) {
        return denied;
    }
    let version = draft_resource(id);
    view! {
            <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
                {
                    let posted = posted.clone();
                    move || version.get().map(|result| match result {
                        Err(error) => problem_view(error),
                        Ok(version) => {
                            let stored = measure_id.and_then(|mid| version.measures.iter().find(|m| m.id == mid).cloned());
                            if measure_id.is_some() && stored.is_none() {
                                return problem_view(AppError::NotFound);
                            }
                            let answers = if !posted.values.is_empty() {
                                posted_answers(&posted)
                            } else if let Some(stored) = &stored {
                                stored.measure.to_answers()
                            } else {
                                let mut fresh = MeasureAnswers::default();
                                fresh.set(MeasureField::Applies, "yes");
                                fresh
                            };
                            view! { <MeasureForm version measure_id answers posted=posted.clone() /> }.into_any()
                        }
                    })
                }
            </Suspense>
    }
    .into_any()
}

fn posted_answers(posted: &PostedForm) -> MeasureAnswers {
    let mut answers = MeasureAnswers::default();
    for field in MeasureField::ALL {
        answers.set(field, posted.value(field.id()));
    }
    answers
}

#[component]
fn MeasureForm(
    version: VersionDetails,
    measure_id: Option<i64>,
    answers: MeasureAnswers,
    posted: PostedForm,
) -> impl IntoView {
    let id = version.summary.id;
    let title = if measure_id.is_some() { "Change the measure" } else { "Add a measure" };
    let action = match measure_id {
        Some(measure_id) => paths::MEASURE.with(&[&id, &measure_id]),
        None => paths::ADD_MEASURE.id(id),
    };
    let value = |field: MeasureField| answers.get(field).to_owned();
    let error = |field: MeasureField| posted.error(field.id());
    let chosen_theme = value(MeasureField::Theme);
    let chosen_kind = MeasureKind::parse_label(&value(MeasureField::Kind));
    let yes = |field: MeasureField| crate::domain::frameworks::parse_yes_no(answers.get(field), false).unwrap_or(false);
    let group = |field: MeasureField| {
        if error(field).is_some() {
            "govuk-form-group govuk-form-group--error"
        } else {
            "govuk-form-group"
        }
    };
    view! {
        <Title text=page_title(title, &posted) />
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=Signal::stored(posted.errors.0.clone()) />
                <span class="govuk-caption-l">{format!("{} · version {}", version.summary.name, version.summary.version_label)}</span>
                <h1 class="govuk-heading-l">{title}</h1>
                <form method="post" action=action novalidate>
                    <TextField id="code" label="Code" hint="Letters, digits, hyphens or dots, like JOB-1. Unique in this version." value=value(MeasureField::Code) error=error(MeasureField::Code) width_class="govuk-input--width-10" />
                    <div class=group(MeasureField::Theme)>
                        <label class="govuk-label govuk-label--s" for="theme">"Theme"</label>
                        <ErrorMessage id="theme-error" message=Signal::stored(error(MeasureField::Theme)) />
                        <select class="govuk-select" id="theme" name="theme">
                            <option value="" selected=chosen_theme.is_empty()>"Choose a theme"</option>
                            {version.themes.iter().map(|t| view! {
                                <option value=t.name.clone() selected=t.name == chosen_theme>{t.name.clone()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <TextField id="outcome" label="Outcome" hint="What the measure helps achieve, like More local people in good work" value=value(MeasureField::Outcome) error=error(MeasureField::Outcome) />
                    <TextArea id="description" label="Description" value=value(MeasureField::Description) error=error(MeasureField::Description) rows=3 />
                    <div class=group(MeasureField::Kind)>
                        <fieldset class="govuk-fieldset">
                            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Kind of measure"</legend>
                            <ErrorMessage id="kind-error" message=Signal::stored(error(MeasureField::Kind)) />
                            <div class="govuk-radios govuk-radios--small" data-module="govuk-radios">
                                {MeasureKind::ALL.into_iter().enumerate().map(|(i, kind)| {
                                    let input_id = if i == 0 { "kind".to_owned() } else { format!("kind-{}", kind.as_str()) };
                                    let hint = match kind {
                                        MeasureKind::Monetised => "Has a proxy value in £ per unit",
                                        MeasureKind::RecordOnly => "A number is recorded; it adds no £",
                                        MeasureKind::Qualitative => "A written answer",
                                    };
                                    view! {
                                        <div class="govuk-radios__item">
                                            <input class="govuk-radios__input" id=input_id.clone() name="kind" type="radio" value=kind.label() checked=chosen_kind == Some(kind) aria-describedby=format!("{input_id}-hint") />
                                            <label class="govuk-label govuk-radios__label" for=input_id.clone()>{capitalise(kind.label())}</label>
                                            <div id=format!("{input_id}-hint") class="govuk-hint govuk-radios__hint">{hint}</div>
                                        </div>
                                    }
                                }).collect_view()}
                            </div>
                        </fieldset>
                    </div>
                    <TextField id="unit" label="Unit" hint="For example FTE years, hours, £ spent or tonnes CO2e. Leave empty for a written answer." value=value(MeasureField::Unit) error=error(MeasureField::Unit) width_class="govuk-input--width-20" />
                    <TextField id="proxy-value" label="Proxy value, £ per unit" hint="Monetised measures only: your local value of one unit, like 12.50" value=value(MeasureField::ProxyValue) error=error(MeasureField::ProxyValue) width_class="govuk-input--width-10" />
                    <div class="govuk-form-group">
                        <fieldset class="govuk-fieldset">
                            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"About this measure"</legend>
                            <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                                <CheckboxField id="allows-fraction" label="Quantities can have fractions (like 2.5 FTE years)" checked=yes(MeasureField::AllowsFraction) />
                                <CheckboxField id="first-year-only" label="First year of the contract only" checked=yes(MeasureField::FirstYearOnly) />
                                <CheckboxField id="community-offer" label="Offered to the community (schools, charities, groups)" checked=yes(MeasureField::CommunityOffer) />
                                <CheckboxField id="applies" label="Applies in our area" checked=yes(MeasureField::Applies) />
                            </div>
                        </fieldset>
                    </div>
                    <TextField id="adds-to" label="Adds to (optional)" hint="The code of the measure this one adds value to, like JOB-1" value=value(MeasureField::AddsTo) error=error(MeasureField::AddsTo) width_class="govuk-input--width-10" />
                    <TextArea id="guidance" label="Guidance for suppliers (optional)" hint="How to count it, and where a proxy value comes from" value=value(MeasureField::Guidance) error=error(MeasureField::Guidance) />
                    <TextArea id="evidence-required" label="Evidence required (optional)" hint="What proves delivery, without personal data" value=value(MeasureField::EvidenceRequired) error=error(MeasureField::EvidenceRequired) rows=3 />
                    <div class="govuk-button-group">
                        <button type="submit" class="govuk-button">"Save measure"</button>
                        <a class="govuk-link" href=format!("/manage/frameworks/{id}")>"Cancel"</a>
                    </div>
                </form>
            </div>
        </div>
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
