//! The award page: which offer wins (with the ranking), then check your answers before the
//! award is confirmed. An offer other than the top-ranked needs a reason.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{fields, get_award_check, paths};
use crate::calc::{format_evaluated_score, format_score};
use crate::components::error_summary::{ErrorMessage, ErrorSummary};
use crate::components::form_fields::TextArea;
use crate::components::question_page::page_title;
use crate::domain::accounts::Role;
use crate::domain::contracts::{AwardCheck, AWARD_FIELD, AWARD_REASON_FIELD};
use crate::domain::dates::display_date;
use crate::domain::form::PostedForm;
use crate::domain::tenders::OfferStanding;
use crate::errors::AppError;
use crate::journeys::evaluation;
use crate::page_context::{by_id, id_param, posted_form, problem_view, require_role};

const CHOOSE: &str = crate::domain::contracts::AWARD_CHOICE_MISSING;
const AWARD_REASON_HINT: &str = "For the procurement file, in 5,000 characters or fewer";

#[component]
pub fn AwardPage() -> impl IntoView {
    let posted = posted_form();
    let id = id_param("id");
    let (offer, choosing) = use_query_map().with_untracked(|q| {
        (
            q.get(AWARD_FIELD).and_then(|o| o.parse::<i64>().ok()),
            q.get(AWARD_FIELD).is_some() || q.get(fields::CHOOSING).is_some(),
        )
    });
    if let Err(denied) = require_role(Role::CouncilOfficer) {
        return denied;
    }
    let check = by_id(id, move |id| get_award_check(id, offer));
    let show = move |check: AwardCheck| {
        let mut posted = posted.clone();
        if check.chosen.is_none() && choosing && posted.error(AWARD_FIELD).is_none() {
            posted.errors.add(AWARD_FIELD, CHOOSE);
        }
        view! {
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    {match check.chosen.clone() {
                        None => view! { <ChooseWinner check posted /> }.into_any(),
                        Some(chosen) => view! { <CheckAward check chosen posted /> }.into_any(),
                    }}
                </div>
            </div>
        }
        .into_any()
    };
    view! {
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || check.get().map(|result| match result {
                Ok(check) => show(check),
                // Not yet moderated, or already awarded: say why, and where to go.
                Err(AppError::Conflict(reason)) => view! {
                    <Title text="This tender cannot be awarded now" />
                    <h1 class="govuk-heading-l">"This tender cannot be awarded now"</h1>
                    <p class="govuk-body">{reason}</p>
                    <p class="govuk-body"><a class="govuk-link" href=id.map(|id| evaluation::paths::EVALUATION.id(id)).unwrap_or_default()>"Go to the evaluation"</a></p>
                }
                .into_any(),
                Err(error) => problem_view(error),
            })}
        </Suspense>
    }
    .into_any()
}

/// "Example Facilities Ltd: ranked 1, social value score 9.40 of 10"
fn standing_words(s: &OfferStanding, out_of: &str) -> String {
    format!(
        "{}: ranked {}{}, social value score {} of {out_of}",
        s.supplier_name,
        s.rank,
        if s.tied { " (tie)" } else { "" },
        format_evaluated_score(s.score)
    )
}

#[component]
fn ChooseWinner(check: AwardCheck, posted: PostedForm) -> impl IntoView {
    let title = "Which offer wins the contract?";
    let error = posted.error(AWARD_FIELD);
    let out_of = out_of(&check);
    view! {
        <Title text=page_title(title, &posted) />
        <ErrorSummary errors=Signal::stored(posted.errors.0.clone()) />
        <span class="govuk-caption-l">{check.reference.clone()}</span>
        <form method="get" action=paths::AWARD.id(check.tender_id) novalidate>
            <input type="hidden" name=fields::CHOOSING value="yes" />
            <div class=if error.is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                <fieldset class="govuk-fieldset" aria-describedby=if error.is_some() { "offer-hint offer-error" } else { "offer-hint" }>
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--l">
                        <h1 class="govuk-fieldset__heading">{title}</h1>
                    </legend>
                    <div id="offer-hint" class="govuk-hint">"Best social value score first, after exclusions and moderation. You check the award on the next page before it is made."</div>
                    <ErrorMessage id="offer-error" message=Signal::stored(error.clone()) />
                    <div class="govuk-radios" data-module="govuk-radios">
                        {check.standings.iter().enumerate().map(|(i, s)| {
                            let field = if i == 0 { AWARD_FIELD.to_owned() } else { format!("{AWARD_FIELD}-{}", s.offer_id) };
                            view! {
                                <div class="govuk-radios__item">
                                    <input class="govuk-radios__input" id=field.clone() name=AWARD_FIELD type="radio" value=s.offer_id.to_string() />
                                    <label class="govuk-label govuk-radios__label" for=field>{standing_words(s, &out_of)}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            </div>
            <div class="govuk-button-group">
                <button type="submit" class="govuk-button" data-module="govuk-button">"Continue"</button>
                <a class="govuk-link" href=format!("/manage/tenders/{}", check.tender_id)>"Cancel"</a>
            </div>
        </form>
    }
}

/// Scores are out of the tender's social value weighting.
fn out_of(check: &AwardCheck) -> String {
    format_score(check.sv_weighting)
}

#[component]
fn CheckAward(check: AwardCheck, chosen: OfferStanding, posted: PostedForm) -> impl IntoView {
    let title = "Check the award before you confirm it";
    let reason_error = posted.error(AWARD_REASON_FIELD);
    let out_of = out_of(&check);
    let row = |key: &'static str, value: String| {
        view! {
            <div class="govuk-summary-list__row govuk-summary-list__row--no-actions">
                <dt class="govuk-summary-list__key">{key}</dt>
                <dd class="govuk-summary-list__value">{value}</dd>
            </div>
        }
    };
    let change = paths::AWARD.id(check.tender_id);
    view! {
        <Title text=page_title(title, &posted) />
        <ErrorSummary errors=Signal::stored(posted.errors.0.clone()) />
        <span class="govuk-caption-l">{check.reference.clone()}</span>
        <h1 class="govuk-heading-l">{title}</h1>
        <h2 class="govuk-heading-m">"The ranking"</h2>
        <table class="govuk-table">
            <caption class="govuk-visually-hidden">"Every offer, best social value score first"</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Rank"</th>
                    <th scope="col" class="govuk-table__header">"Supplier"</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Social value"</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{format!("Score (of {out_of})")}</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {check.standings.iter().map(|s| view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell govuk-table__cell--numeric">{s.rank}{s.tied.then_some(" (tie)")}</td>
                        <td class="govuk-table__cell">{s.supplier_name.clone()}{(s.offer_id == chosen.offer_id).then(|| view! { " " <strong class="govuk-tag">"Chosen"</strong> })}</td>
                        <td class="govuk-table__cell govuk-table__cell--numeric">{s.total.to_string()}</td>
                        <td class="govuk-table__cell govuk-table__cell--numeric">{format_evaluated_score(s.score)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <h2 class="govuk-heading-m">"The award"</h2>
        <dl class="govuk-summary-list">
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Winning supplier"</dt>
                <dd class="govuk-summary-list__value">{chosen.supplier_name.clone()}</dd>
                <dd class="govuk-summary-list__actions">
                    <a class="govuk-link" href=change>"Change"<span class="govuk-visually-hidden">" the winning supplier"</span></a>
                </dd>
            </div>
            {row("Offer", chosen.reference.clone())}
            {row("Rank", format!("{} of {}{}", chosen.rank, check.standings.len(), if chosen.tied { " (tie)" } else { "" }))}
            {row("Social value score", format!("{} of {out_of}", format_evaluated_score(chosen.score)))}
            {row("Contract", format!("{}: {}", check.reference, check.title))}
            {row("Contract value", check.contract_value.to_string())}
            {row("Contract runs", format!("{} to {}", display_date(&check.start_date), display_date(&check.end_date)))}
            {row("Commitments", format!(
                "{} lines worth {}, and {} written answers, as the offer was submitted (excluded lines left out)",
                check.lines, check.committed, check.written_answers
            ))}
            {row("Contract officer", "You. You can add others on the contract's page.".to_owned())}
        </dl>
        <form method="post" action=paths::AWARD.id(check.tender_id) novalidate>
            <input type="hidden" name=AWARD_FIELD value=chosen.offer_id.to_string() />
            {check.against_ranking.then(|| view! {
                <div class="govuk-warning-text">
                    <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                    <strong class="govuk-warning-text__text">
                        <span class="govuk-visually-hidden">"Warning"</span>
                        "This offer is not ranked first. Give your reason for choosing it: it is recorded with the award."
                    </strong>
                </div>
                <TextArea
                    id=AWARD_REASON_FIELD
                    label="Why does this offer win?"
                    hint=AWARD_REASON_HINT
                    value=posted.value(AWARD_REASON_FIELD)
                    error=reason_error.clone()
                    rows=4
                />
            })}
            <p class="govuk-body">"Awarding makes the contract with these commitments, and tells every bidder, each of whom can then read their own assessment summary. It cannot be undone."</p>
            <div class="govuk-button-group">
                <button type="submit" class="govuk-button" data-module="govuk-button">"Award the contract"</button>
                <a class="govuk-link" href=format!("/manage/tenders/{}", check.tender_id)>"Cancel"</a>
            </div>
        </form>
    }
}
