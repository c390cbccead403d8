//! The supplier's offer: the builder (or, once submitted or closed, the offer as it stands),
//! the check-your-answers page with the attestation, and the receipt.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{fields, get_offer, get_offer_review, get_receipt, paths};
use crate::calc::format_score;
use crate::components::banner::SuccessBanner;
use crate::components::error_summary::{ErrorMessage, ErrorSummary};
use crate::components::question_page::page_title;
use crate::domain::accounts::Role;
use crate::domain::form::{FieldError, PostedForm};
use crate::domain::offers::{
    answers_from_fields, check_offer, OfferPage as OfferPageData, OfferReceipt, OfferReview, OfferStatus,
    SubmissionSummary, SubmittedOffer,
};
use crate::domain::tenders::TenderStatus;
use crate::errors::AppError;
use crate::journeys::contracts::AssessmentSummaryView;
use crate::journeys::guides::{GlossaryTerm, Term};
use crate::page_context::{by_id, id_param, loaded, posted_form, require_role};
use ui::offer_builder::OfferBuilder;

#[component]
pub fn OfferPage() -> impl IntoView {
    let posted = posted_form();
    let id = id_param("id");
    let notice = use_query_map().with_untracked(|q| ["saved", "withdrawn"].into_iter().find(|n| q.get(n).is_some()));
    if let Err(denied) = require_role(Role::SupplierUser) {
        return denied;
    }
    let offer = by_id(id, get_offer);
    loaded(offer, move |mut page| {
        // A refused save (too long a plan) shows what was typed, not what was saved.
        if !posted.values.is_empty() {
            page.answers = answers_from_fields(&posted.values, &page.measures);
        }
        view! { <OfferView page posted=posted.clone() notice /> }
    })
    .into_any()
}

#[component]
fn OfferView(page: OfferPageData, posted: PostedForm, notice: Option<&'static str>) -> impl IntoView {
    let tender = page.tender.clone();
    let check = check_offer(&page.terms, &page.measures, &page.answers);
    let title = page_title("Your social value offer", &PostedForm { errors: check.errors.clone(), ..posted.clone() });
    let banner = match notice {
        Some("saved") => Some(view! { <SuccessBanner title="Saved" text="Your draft has been saved." /> }),
        Some("withdrawn") => Some(
            view! { <SuccessBanner title="Withdrawn" text="Your offer has been withdrawn. It is a draft again: change it and submit it before the deadline." /> },
        ),
        _ => None,
    };
    let offer_id = page.offer_id;
    let submissions = page.submissions.clone();
    let body = if page.editable {
        view! {
            <p class="govuk-body">"Enter what you will deliver in each "<GlossaryTerm term=Term::ContractYear>"contract year"</GlossaryTerm>". The value, totals and ratio update as you type. Leave a box empty for a year you do not offer."</p>
            <OfferBuilder page=page.clone() />
        }
        .into_any()
    } else {
        let submitted = SubmittedOffer::build(&page.terms, &page.measures, &page.answers, &check);
        view! {
            <div class="govuk-inset-text">{match (page.status, page.can_withdraw) {
                (OfferStatus::Submitted, true) => "Your offer has been submitted. To change it, withdraw it: it becomes a draft again, and you must submit it again before the deadline.",
                (OfferStatus::Submitted, false) => "Your offer has been submitted and the deadline has passed. It can no longer change.",
                _ if matches!(tender.status, TenderStatus::Cancelled) => "This tender has been cancelled. This offer was not submitted and can no longer change.",
                _ => "The deadline has passed. This offer was not submitted and can no longer change.",
            }}</div>
            <OfferSummary offer=submitted offer_id change_links=false />
            {page.can_withdraw.then(|| view! {
                <form method="post" action=paths::WITHDRAW.id(offer_id)>
                    <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">"Withdraw this offer"</button>
                </form>
            })}
        }
        .into_any()
    };
    view! {
        <Title text=title />
        {banner}
        <ErrorSummary errors=Signal::stored(posted.errors.0.clone()) />
        <span class="govuk-caption-l">{format!("{} · {}", tender.reference, tender.title)}</span>
        <h1 class="govuk-heading-l">"Your social value offer"</h1>
        <p class="govuk-body">
            <strong class=if page.status == OfferStatus::Submitted { "govuk-tag govuk-tag--green" } else { "govuk-tag govuk-tag--grey" }>{page.status.label()}</strong>
            " "<GlossaryTerm term=Term::ContractValue>"Contract value"</GlossaryTerm>
            {format!(" {} over {} years. ", tender.contract_value, tender.duration_years)}
            <GlossaryTerm term=Term::Offer>"Offers"</GlossaryTerm>{format!(" must be in by {}.", tender.deadline)}
        </p>
        {page.assessment.clone().map(|summary| view! { <AssessmentSummaryView summary /> })}
        {body}
        <SubmissionHistory offer_id submissions />
    }
}

#[component]
fn SubmissionHistory(offer_id: i64, submissions: Vec<SubmissionSummary>) -> impl IntoView {
    (!submissions.is_empty()).then(|| view! {
        <h2 class="govuk-heading-m">"Submissions"</h2>
        <table class="govuk-table">
            <caption class="govuk-visually-hidden">"Every submission of this offer"</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"Reference"</th>
                    <th scope="col" class="govuk-table__header">"Submitted"</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Total"</th>
                    <th scope="col" class="govuk-table__header">"Status"</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {submissions.into_iter().map(|s| view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell"><a class="govuk-link" href=format!("/offers/{offer_id}/submissions/{}", s.id)>{s.reference.clone()}</a></td>
                        <td class="govuk-table__cell">{format!("{} by {}", s.submitted, s.submitted_by)}</td>
                        <td class="govuk-table__cell govuk-table__cell--numeric">{s.total.to_string()}</td>
                        <td class="govuk-table__cell">{match &s.withdrawn {
                            Some(at) => format!("Withdrawn {at}"),
                            None => "Current".to_owned(),
                        }}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    })
}

/// An offer's lines by theme, its written responses, and its figures (computed on the server).
#[component]
fn OfferSummary(offer: SubmittedOffer, offer_id: i64, change_links: bool) -> impl IntoView {
    let themes: Vec<String> =
        offer.theme_order.iter().filter(|t| offer.lines.iter().any(|l| &l.theme == *t)).cloned().collect();
    let by_theme: Vec<(String, crate::calc::Money)> =
        offer.theme_order.iter().filter_map(|t| offer.by_theme.get(t).map(|v| (t.clone(), *v))).collect();
    let change = move |field: String| {
        change_links.then(|| view! {
            <a class="govuk-link" href=format!("/offers/{offer_id}#{field}")>"Change"<span class="govuk-visually-hidden">" this line"</span></a>
        })
    };
    view! {
        <h2 class="govuk-heading-m">"Figures"</h2>
        <table class="govuk-table">
            <caption class="govuk-visually-hidden">"Your offer's figures"</caption>
            <tbody class="govuk-table__body">
                <tr class="govuk-table__row">
                    <th scope="row" class="govuk-table__header">"Total social value"</th>
                    <td class="govuk-table__cell govuk-table__cell--numeric">{offer.total.to_string()}</td>
                </tr>
                <tr class="govuk-table__row">
                    <th scope="row" class="govuk-table__header">"Per £1 of contract value"</th>
                    <td class="govuk-table__cell govuk-table__cell--numeric">{offer.ratio.map(|r| format!("{r} ({})", r.percent())).unwrap_or_default()}</td>
                </tr>
                <tr class="govuk-table__row">
                    <th scope="row" class="govuk-table__header">"Indicative score"</th>
                    <td class="govuk-table__cell govuk-table__cell--numeric">{format!("{} of {}", format_score(offer.indicative_score), format_score(offer.quantitative_weight))}</td>
                </tr>
                {offer.by_year.iter().map(|(year, value)| view! {
                    <tr class="govuk-table__row">
                        <th scope="row" class="govuk-table__header">{format!("Year {year}")}</th>
                        <td class="govuk-table__cell govuk-table__cell--numeric">{value.to_string()}</td>
                    </tr>
                }).collect_view()}
                {by_theme.into_iter().map(|(theme, value)| view! {
                    <tr class="govuk-table__row">
                        <th scope="row" class="govuk-table__header">{theme}</th>
                        <td class="govuk-table__cell govuk-table__cell--numeric">{value.to_string()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        {themes.into_iter().map(|theme| {
            let lines: Vec<_> = offer.lines.iter().filter(|l| l.theme == theme).cloned().collect();
            view! {
                <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-table__caption--m">{theme}</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Measure"</th>
                            <th scope="col" class="govuk-table__header">"Year"</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Quantity"</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Proxy value"</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Value"</th>
                            {change_links.then(|| view! { <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"Change"</span></th> })}
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {lines.into_iter().map(|l| view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">
                                    {format!("{} {}", l.code, l.description)}
                                    {(!l.plan.is_empty()).then(|| view! { <span class="govuk-body-s pb-line-plan">{format!("Plan: {}", l.plan)}</span> })}
                                </td>
                                <td class="govuk-table__cell">{l.year}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{format!("{} {}", l.quantity, l.unit)}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{l.proxy_value.map(|p| p.to_string()).unwrap_or_else(|| "Recorded only".to_owned())}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{l.value.to_string()}</td>
                                {change_links.then(|| view! { <td class="govuk-table__cell">{change(crate::domain::offers::quantity_field(l.measure_id, l.year))}</td> })}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }
        }).collect_view()}
        {(!offer.responses.is_empty()).then(|| view! {
            <h2 class="govuk-heading-m">"Written responses"</h2>
            <dl class="govuk-summary-list">
                {offer.responses.iter().map(|r| view! {
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">{format!("{} {}", r.code, r.description)}</dt>
                        <dd class="govuk-summary-list__value pb-preserve-lines">{r.response.clone()}</dd>
                        {change_links.then(|| view! { <dd class="govuk-summary-list__actions">{change(crate::domain::offers::response_field(r.measure_id))}</dd> })}
                    </div>
                }).collect_view()}
            </dl>
        })}
    }
}

#[component]
pub fn CheckOfferPage() -> impl IntoView {
    let posted = posted_form();
    let id = id_param("id");
    if let Err(denied) = require_role(Role::SupplierUser) {
        return denied;
    }
    let review = by_id(id, get_offer_review);
    loaded(review, move |review| view! { <CheckView review posted=posted.clone() /> }).into_any()
}

#[component]
fn CheckView(review: OfferReview, posted: PostedForm) -> impl IntoView {
    let offer_id = review.page.offer_id;
    let tender = review.page.tender.clone();
    // Problems with the answers link back to their box on the offer page.
    let mut errors: Vec<FieldError> = review
        .problems
        .0
        .iter()
        .map(|e| FieldError { field_id: e.field_id.clone(), message: e.message.clone() })
        .collect();
    for e in &posted.errors.0 {
        if !errors.contains(e) {
            errors.push(e.clone());
        }
    }
    let can_submit = review.page.editable && review.problems.is_empty();
    let summary_errors: Vec<FieldError> = errors
        .iter()
        .map(|e| FieldError {
            field_id: if e.field_id == fields::ATTESTATION {
                e.field_id.clone()
            } else {
                format!("/offers/{offer_id}#{}", e.field_id)
            },
            message: e.message.clone(),
        })
        .collect();
    let attestation_error = posted.error(fields::ATTESTATION);
    view! {
        <Title text=page_title("Check your offer before submitting it", &PostedForm { errors: crate::domain::form::FieldErrors(errors.clone()), ..Default::default() }) />
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=Signal::stored(summary_errors) />
                <span class="govuk-caption-l">{format!("{} · {}", tender.reference, tender.title)}</span>
                <h1 class="govuk-heading-l">"Check your offer before submitting it"</h1>
                <OfferSummary offer=review.offer.clone() offer_id change_links=review.page.editable />
                {if can_submit {
                    view! {
                        <h2 class="govuk-heading-m">"Now submit your offer"</h2>
                        <p class="govuk-body">
                            "By submitting you commit your organisation to deliver this "<GlossaryTerm term=Term::SocialValue>"social value"</GlossaryTerm>
                            " if it wins the "<GlossaryTerm term=Term::Contract>"contract"</GlossaryTerm>". You can withdraw and resubmit it until the deadline."
                        </p>
                        <form method="post" action=paths::SUBMIT.id(offer_id) novalidate>
                            <div class=if attestation_error.is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                                <ErrorMessage id="attestation-error" message=Signal::stored(attestation_error.clone()) />
                                <div class="govuk-checkboxes" data-module="govuk-checkboxes">
                                    <div class="govuk-checkboxes__item">
                                        <input class="govuk-checkboxes__input" id=fields::ATTESTATION name=fields::ATTESTATION type="checkbox" value=fields::YES />
                                        <label class="govuk-label govuk-checkboxes__label" for=fields::ATTESTATION>"I confirm that this offer is accurate and that my organisation can deliver it"</label>
                                    </div>
                                </div>
                            </div>
                            <button type="submit" class="govuk-button" data-module="govuk-button">"Submit offer"</button>
                        </form>
                    }
                    .into_any()
                } else if review.page.editable {
                    view! { <p class="govuk-body"><a class="govuk-link" href=format!("/offers/{offer_id}")>"Go back to your offer to fix the problems"</a></p> }.into_any()
                } else {
                    view! { <p class="govuk-body"><a class="govuk-link" href=format!("/offers/{offer_id}")>"Back to your offer"</a></p> }.into_any()
                }}
            </div>
        </div>
    }
}

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let offer_id = id_param("id");
    let submission_id = id_param("submission_id");
    if let Err(denied) = require_role(Role::SupplierUser) {
        return denied;
    }
    let receipt = by_id(offer_id.zip(submission_id).map(|_| 0), move |_| async move {
        match (offer_id, submission_id) {
            (Some(offer_id), Some(submission_id)) => get_receipt(offer_id, submission_id).await,
            _ => Err(AppError::NotFound),
        }
    });
    loaded(receipt, |receipt| view! { <ReceiptView receipt /> }).into_any()
}

#[component]
fn ReceiptView(receipt: OfferReceipt) -> impl IntoView {
    let s = receipt.submission.clone();
    let withdrawn = s.withdrawn.clone();
    view! {
        <Title text="Offer submitted" />
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                {match withdrawn {
                    None => view! {
                        <div class="govuk-panel govuk-panel--confirmation">
                            <h1 class="govuk-panel__title">"Offer submitted"</h1>
                            <div class="govuk-panel__body">"Your reference"<br /><strong>{s.reference.clone()}</strong></div>
                        </div>
                    }.into_any(),
                    Some(at) => view! {
                        <h1 class="govuk-heading-l">{format!("Submission {}", s.reference)}</h1>
                        <div class="govuk-inset-text">{format!("This submission was withdrawn {at}.")}</div>
                    }.into_any(),
                }}
                <p class="govuk-body">{format!("{} · {}. Submitted {} by {}.", receipt.tender.reference, receipt.tender.title, s.submitted, s.submitted_by)}</p>
                <p class="govuk-body">{format!(
                    "Total social value {}, {} ({}). Indicative quantitative score {} of {} against the target of {}.",
                    receipt.offer.total,
                    receipt.offer.ratio.map(|r| r.to_string()).unwrap_or_default(),
                    receipt.offer.ratio.map(|r| r.percent()).unwrap_or_default(),
                    format_score(receipt.offer.indicative_score),
                    format_score(receipt.quantitative_weight),
                    receipt.target,
                )}</p>
                <h2 class="govuk-heading-m">"What happens next"</h2>
                <p class="govuk-body">{format!("The council evaluates offers after the deadline, {}. Until then you can withdraw your offer, change it and submit it again.", receipt.tender.deadline)}</p>
                <OfferSummary offer=receipt.offer.clone() offer_id=receipt.offer_id change_links=false />
                <p class="govuk-body"><a class="govuk-link" href=format!("/offers/{}", receipt.offer_id)>"Back to your offer"</a></p>
            </div>
        </div>
    }
}
