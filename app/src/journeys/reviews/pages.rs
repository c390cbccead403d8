//! The review queue (returns waiting, oldest first, with filters) and the review page: each
//! line's commitment, delivery to date, claim, evidence and history, with a decision to make.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{get_review, get_review_queue, paths};
use crate::components::banner::SuccessBanner;
use crate::components::error_summary::{ErrorMessage, ErrorSummary};
use crate::components::form_fields::{Hint, TextArea};
use crate::components::question_page::page_title;
use crate::components::summary_list::summary_row;
use crate::domain::accounts::Role;
use crate::domain::dates::display_date;
use crate::domain::form::PostedForm;
use crate::domain::returns::{delivered_line, ReturnLineView, ReturnPage as ReturnPageData};
use crate::domain::reviews::{
    approved_quantity_field, comment_field, decision_field, FilterOption, LineStatus, QueueFilters, ReviewQueue,
    APPROVE, APPROVE_LESS, CONTRACT_FILTER, MAX_COMMENT_CHARS, OFFICER_FILTER, REJECT, REQUEST_INFORMATION,
    SUPPLIER_FILTER,
};
use crate::errors::AppError;
use crate::journeys::guides::{GlossaryTerm, Term};
use crate::journeys::returns::pages::{
    first_without_files, line_figures, line_heading, quarter_heading, EvidenceFiles, LineHistory,
};
use crate::page_context::{id_param, loaded, posted_form, require_role};

// ---- The queue ----------------------------------------------------------------------------

#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    let posted = posted_form();
    if let Err(refused) = require_role(Role::CouncilOfficer) {
        return refused;
    }
    let query = use_query_map();
    let filters = query.with_untracked(|q| QueueFilters {
        contract: q.get(CONTRACT_FILTER).and_then(|v| v.parse().ok()),
        supplier: q.get(SUPPLIER_FILTER).and_then(|v| v.parse().ok()),
        officer: q.get(OFFICER_FILTER).and_then(|v| v.parse().ok()),
    });
    let reviewed = query.with_untracked(|q| q.get("reviewed").is_some());
    let queue = Resource::new(move || filters.clone(), |f| get_review_queue(f.contract, f.supplier, f.officer));
    view! {
        <Title text=page_title("Returns waiting for review", &posted) />
        {reviewed.then(|| view! { <SuccessBanner title="Reviewed" text="Your decisions have been saved and the supplier has been told." /> })}
        <h1 class="govuk-heading-l">"Returns waiting for review"</h1>
        <p class="govuk-body">"Quarterly returns your council's suppliers have submitted, oldest first. Only the quantities you approve count as delivered. "
            <a class="govuk-link" href=paths::GUIDE>"How to review evidence, and when to ask for more"</a>
        </p>
        {loaded(queue, |queue| view! { <QueueView queue /> })}
    }
    .into_any()
}

fn filter_select(
    id: &'static str,
    label: &'static str,
    all: &'static str,
    options: Vec<FilterOption>,
    chosen: Option<i64>,
) -> impl IntoView {
    view! {
        <div class="govuk-form-group pb-filter">
            <label class="govuk-label govuk-label--s" for=id>{label}</label>
            <select class="govuk-select" id=id name=id>
                <option value="">{all}</option>
                {options.into_iter().map(|o| view! {
                    <option value=o.id.to_string() selected=chosen == Some(o.id)>{o.label}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn QueueView(queue: ReviewQueue) -> impl IntoView {
    let f = queue.filters.clone();
    let filtered = f != QueueFilters::default();
    let count = queue.returns.len();
    view! {
        <form method="get" action=paths::QUEUE novalidate>
            {filter_select(CONTRACT_FILTER, "Contract", "All contracts", queue.contracts.clone(), f.contract)}
            {filter_select(SUPPLIER_FILTER, "Supplier", "All suppliers", queue.suppliers.clone(), f.supplier)}
            {filter_select(OFFICER_FILTER, "Officer", "All officers", queue.officers.clone(), f.officer)}
            <div class="govuk-button-group">
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Filter"</button>
                {filtered.then(|| view! { <a class="govuk-link" href=paths::QUEUE>"Clear filters"</a> })}
            </div>
        </form>
        {if queue.returns.is_empty() {
            view! { <p class="govuk-body">{if filtered { "No returns waiting for review match these filters." } else { "No returns are waiting for review." }}</p> }.into_any()
        } else {
            view! {
                <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-table__caption--m">{format!("{count} {} waiting", if count == 1 { "return" } else { "returns" })}</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Return"</th>
                            <th scope="col" class="govuk-table__header">"Supplier"</th>
                            <th scope="col" class="govuk-table__header">"Submitted"</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Lines waiting"</th>
                            <th scope="col" class="govuk-table__header">"Officers"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {queue.returns.into_iter().map(|r| view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">
                                    <a class="govuk-link" href=paths::REVIEW.with(&[&r.contract_id, &r.quarter])>
                                        {format!("{}: quarter {} (year {})", r.contract_reference, r.quarter, r.year)}
                                    </a>
                                </td>
                                <td class="govuk-table__cell">{r.supplier_name.clone()}</td>
                                <td class="govuk-table__cell">{r.submitted_at.clone()}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{r.lines_waiting}</td>
                                <td class="govuk-table__cell">{r.officers.join(", ")}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}

// ---- Reviewing one return -----------------------------------------------------------------

fn review_resource() -> Resource<Result<ReturnPageData, AppError>> {
    let ids = id_param("id").zip(id_param("quarter").and_then(|q| u32::try_from(q).ok()));
    Resource::new(
        move || ids,
        |ids| async move {
            match ids {
                Some((contract_id, quarter)) => get_review(contract_id, quarter).await,
                None => Err(AppError::NotFound),
            }
        },
    )
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let posted = posted_form();
    if let Err(refused) = require_role(Role::CouncilOfficer) {
        return refused;
    }
    let decided = use_query_map().with_untracked(|q| q.get("decided").is_some());
    loaded(review_resource(), move |page| view! { <ReviewView page posted=posted.clone() decided /> }).into_any()
}

#[component]
fn ReviewView(page: ReturnPageData, posted: PostedForm, decided: bool) -> impl IntoView {
    let title = format!("Review the {}", quarter_heading(&page).to_lowercase());
    let q = page.quarter.clone();
    let address = paths::REVIEW.with(&[&page.contract_id, &q.number]);
    let return_link = crate::journeys::returns::paths::RETURN.with(&[&page.contract_id, &q.number]);
    let waiting = page.lines.iter().filter(|l| l.review.status == LineStatus::Pending).count();
    // Where each glossary term is first used: the first line's figures, the first line without
    // files, the first line waiting for a decision.
    let first = LinksOnLine {
        figures: page.lines.first().map(|l| l.line_id),
        evidence: first_without_files(&page.lines).map(|i| page.lines[i].line_id),
        decision: page.lines.iter().find(|l| l.review.status == LineStatus::Pending).map(|l| l.line_id),
    };
    view! {
        <Title text=page_title(&title, &posted) />
        <ErrorSummary errors=Signal::stored(posted.errors.0.clone()) />
        {decided.then(|| view! { <SuccessBanner title="Saved" text="Your decisions have been saved. The lines without a decision are still waiting." /> })}
        <span class="govuk-caption-l">{format!("{}: {}", page.contract_reference, page.contract_title)}</span>
        <h1 class="govuk-heading-l">{title}</h1>
        <dl class="govuk-summary-list">
            {summary_row("Supplier", page.supplier_name.clone())}
            {summary_row("Quarter", format!("{} to {}", display_date(&q.starts), display_date(&q.ends)))}
            {page.submitted.clone().map(|(at, by)| summary_row("Submitted", format!("{at} by {by}")))}
            {summary_row("Lines waiting for review", waiting.to_string())}
        </dl>
        <p class="govuk-body">
            <a class="govuk-link" href=paths::GUIDE>"How to review evidence, and when to ask for more"</a>
        </p>
        {if page.can_review {
            view! {
                <form method="post" action=address novalidate>
                    {page.lines.iter().map(|line| view! { <LineToReview line=line.clone() posted=posted.clone() first /> }).collect_view()}
                    <button type="submit" class="govuk-button" data-module="govuk-button">"Save decisions"</button>
                </form>
            }.into_any()
        } else {
            view! {
                <p class="govuk-body">"No "<GlossaryTerm term=Term::Line>"line"</GlossaryTerm>" of this return is waiting for "<GlossaryTerm term=Term::Review>"review"</GlossaryTerm>"."</p>
                {page.lines.iter().map(|line| view! { <LineToReview line=line.clone() posted=posted.clone() first /> }).collect_view()}
            }.into_any()
        }}
        <p class="govuk-body"><a class="govuk-link" href=return_link>"Back to the return"</a></p>
        <p class="govuk-body"><a class="govuk-link" href=paths::QUEUE>"All returns waiting for review"</a></p>
    }
}

/// The lines whose text holds the first use of a glossary term on the review page.
#[derive(Clone, Copy)]
struct LinksOnLine {
    figures: Option<i64>,
    evidence: Option<i64>,
    decision: Option<i64>,
}

/// One line: the commitment and delivery to date, the claim and its evidence, its history, and
/// (while it waits) the decision to make.
#[component]
fn LineToReview(line: ReturnLineView, posted: PostedForm, first: LinksOnLine) -> impl IntoView {
    let id = line.line_id;
    let claim = match delivered_line(&line.quantity_typed, line.rule, line.proxy_value) {
        Ok(Some((quantity, value))) => format!("{quantity} ({}), worth {value}", line.unit),
        _ => line.quantity_typed.clone(),
    };
    let decision = (line.review.status == LineStatus::Pending).then(|| {
        let radios = decision_field(id);
        let quantity = approved_quantity_field(id);
        let comment = comment_field(id);
        let choice_error = posted.error(&radios);
        let quantity_error = posted.error(&quantity);
        let comment_error = posted.error(&comment);
        let link_supplier = first.decision == Some(id);
        let chosen = posted.value(&radios);
        let options = [
            (APPROVE, "Approve the quantity claimed"),
            (APPROVE_LESS, "Approve a smaller quantity"),
            (REJECT, "Reject: nothing on this line counts"),
            (REQUEST_INFORMATION, "Ask the supplier for more information"),
        ];
        view! {
            <div class=if choice_error.is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                <fieldset class="govuk-fieldset" aria-describedby=format!("{radios}-hint")>
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{format!("Your decision on {}", line.code)}</legend>
                    <div class="govuk-hint" id=format!("{radios}-hint")>"Leave it unchosen to decide later."</div>
                    <ErrorMessage id=format!("{radios}-error") message=Signal::stored(choice_error.clone()) />
                    <div class="govuk-radios govuk-radios--small" data-module="govuk-radios">
                        {options.into_iter().enumerate().map(|(i, (value, label))| {
                            // The first radio takes the group's id, so the error summary's link lands on it.
                            let input_id = if i == 0 { radios.clone() } else { format!("{radios}-{value}") };
                            view! {
                                <div class="govuk-radios__item">
                                    <input class="govuk-radios__input" id=input_id.clone() name=radios.clone() type="radio" value=value checked=chosen == value />
                                    <label class="govuk-label govuk-radios__label" for=input_id>{label}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            </div>
            <div class=if quantity_error.is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                <label class="govuk-label govuk-label--s" for=quantity.clone()>{format!("Quantity of {} you approve", line.code)}</label>
                <div class="govuk-hint" id=format!("{quantity}-hint")>{format!("Only if you approve a smaller quantity. Unit: {}.", line.unit)}</div>
                <ErrorMessage id=format!("{quantity}-error") message=Signal::stored(quantity_error.clone()) />
                <input
                    class=if quantity_error.is_some() { "govuk-input govuk-input--width-10 govuk-input--error" } else { "govuk-input govuk-input--width-10" }
                    id=quantity.clone() name=quantity.clone() type="text" inputmode="decimal" spellcheck="false"
                    value=posted.value(&quantity) aria-describedby=format!("{quantity}-hint")
                />
            </div>
            <TextArea
                id=comment.clone()
                label=format!("Your comment on {}", line.code)
                hint=Hint::view(move || view! {
                    "The reason, or your question to the "<GlossaryTerm term=Term::Supplier link=link_supplier>"supplier"</GlossaryTerm>
                    {format!(". Needed unless you approve. The supplier sees it. Up to {MAX_COMMENT_CHARS} characters.")}
                })
                value=posted.value(&comment)
                error=comment_error.clone()
                rows=3
            />
        }
    });
    view! {
        <section class="pb-return-line">
            {line_heading(&line)}
            {(line.review.status != LineStatus::Pending).then(|| view! {
                <p class="govuk-body"><strong class=line.review.status.tag_class()>{line.review.status.label()}</strong></p>
            })}
            {line_figures(&line, first.figures == Some(id))}
            <dl class="govuk-summary-list">
                {summary_row("Claimed this quarter", claim)}
                {summary_row("What was delivered", line.narrative.clone())}
                {line.review.approved.map(|q| summary_row("Counts as delivered", format!("{q} ({})", line.unit)))}
            </dl>
            <EvidenceFiles files=line.files.clone() can_delete=false code=line.code.clone() link_evidence=first.evidence == Some(id) />
            <LineHistory line=line.clone() />
            {decision}
        </section>
    }
}
