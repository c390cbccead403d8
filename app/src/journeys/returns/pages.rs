//! A quarter's return page (the supplier fills it in; the council reads it) and its
//! check-your-answers page with the two attestations.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{fields, get_return, paths};
use crate::components::banner::SuccessBanner;
use crate::components::error_summary::{ErrorMessage, ErrorSummary};
use crate::components::form_fields::TextArea;
use crate::components::question_page::page_title;
use crate::components::summary_list::summary_row;
use crate::domain::dates::display_date;
use crate::domain::form::PostedForm;
use crate::domain::returns::{
    delivered_line, display_size, narrative_field, quantity_field, EvidenceFileView, ReturnLineView,
    ReturnPage as ReturnPageData, ReturnState, ADDITIONAL_MEASURE_FIELD, ATTEST_LINES_FIELD, ATTEST_LINES_TEXT,
    ATTEST_PERIOD_FIELD, ATTEST_PERIOD_TEXT, MAX_NARRATIVE_CHARS,
};
use crate::errors::AppError;
use crate::journeys::guides::{GlossaryTerm, Term};
use crate::page_context::{id_param, loaded, posted_form, require_sign_in};
use ui::delivery::{DeliveredQuantity, EvidenceUploader};

fn notice(names: &'static [&'static str]) -> Option<&'static str> {
    use_query_map().with_untracked(|q| names.iter().copied().find(|n| q.get(n).is_some()))
}

/// The return asked for by the address (`:id` is the contract, `:quarter` its quarter).
fn return_resource() -> Resource<Result<ReturnPageData, AppError>> {
    let ids = id_param("id").zip(id_param("quarter").and_then(|q| u32::try_from(q).ok()));
    Resource::new(
        move || ids,
        |ids| async move {
            match ids {
                Some((contract_id, quarter)) => get_return(contract_id, quarter).await,
                None => Err(AppError::NotFound),
            }
        },
    )
}

pub(crate) fn quarter_heading(page: &ReturnPageData) -> String {
    format!("Quarter {} (year {}) return", page.quarter.number, page.quarter.year)
}

// ---- The return ---------------------------------------------------------------------------

#[component]
pub fn ReturnPage() -> impl IntoView {
    let posted = posted_form();
    let notice = notice(&["started", "saved", "measure-added", "file-deleted", "submitted", "answered"]);
    if require_sign_in().is_none() {
        return ().into_any();
    }
    loaded(return_resource(), move |mut page| {
        // A refused save shows what was typed, not what was saved.
        for line in &mut page.lines {
            if let Some((_, typed)) = posted.values.iter().find(|(n, _)| *n == quantity_field(line.line_id)) {
                line.quantity_typed = typed.clone();
            }
            if let Some((_, typed)) = posted.values.iter().find(|(n, _)| *n == narrative_field(line.line_id)) {
                line.narrative = typed.clone();
            }
        }
        view! { <ReturnView page posted=posted.clone() notice /> }
    })
    .into_any()
}

fn banner(notice: Option<&'static str>) -> Option<AnyView> {
    let (title, text) = match notice? {
        "started" => ("Started", "The return has been started. Enter what you delivered this quarter, then save it."),
        "saved" => ("Saved", "Your draft has been saved."),
        "measure-added" => ("Added", "The additional measure has been added at the end of the return."),
        "file-deleted" => ("Deleted", "The evidence file has been deleted."),
        "submitted" => ("Submitted", "Your return has been submitted. It is locked while the council reviews it."),
        "answered" => ("Sent", "Your answers have been sent. The council will review those lines again."),
        _ => return None,
    };
    Some(view! { <SuccessBanner title text /> }.into_any())
}

#[component]
fn ReturnView(page: ReturnPageData, posted: PostedForm, notice: Option<&'static str>) -> impl IntoView {
    let heading = quarter_heading(&page);
    let contract_link = crate::journeys::contracts::paths::CONTRACT.id(page.contract_id);
    let address = paths::RETURN.with(&[&page.contract_id, &page.quarter.number]);
    let q = page.quarter.clone();
    let status = view! { <strong class=page.state.tag_class(page.overdue)>{page.state.label(page.overdue)}</strong> };
    let body = match (page.lines.is_empty() && page.state != ReturnState::Draft, page.can_edit, page.can_answer) {
        (true, _, _) => not_started(&page).into_any(),
        (false, true, _) => view! { <ReturnForm page=page.clone() posted=posted.clone() address /> }.into_any(),
        (false, false, true) => view! { <AnswerForm page=page.clone() posted=posted.clone() address /> }.into_any(),
        (false, false, false) => view! { <ReturnReadOnly page=page.clone() /> }.into_any(),
    };
    let review_link = page.can_review.then(|| {
        let href = crate::journeys::reviews::paths::REVIEW.with(&[&page.contract_id, &page.quarter.number]);
        view! { <a class="govuk-button" data-module="govuk-button" href=href>"Review this return"</a> }
    });
    view! {
        <Title text=page_title(&heading, &posted) />
        <ErrorSummary errors=Signal::stored(posted.errors.0.clone()) />
        {banner(notice)}
        <span class="govuk-caption-l">{format!("{}: {}", page.contract_reference, page.contract_title)}</span>
        <h1 class="govuk-heading-l">{heading}</h1>
        <p class="govuk-body"><a class="govuk-link" href=contract_link>"Back to the contract"</a></p>
        <dl class="govuk-summary-list">
            {summary_row("Supplier", page.supplier_name.clone())}
            {summary_row("Quarter", format!("{} to {}", display_date(&q.starts), display_date(&q.ends)))}
            {summary_row("Return due", display_date(&q.return_due))}
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Status"</dt>
                <dd class="govuk-summary-list__value">{status}</dd>
            </div>
            {page.submitted.clone().map(|(at, by)| summary_row("Submitted", format!("{at} by {by}")))}
        </dl>
        {review_link}
        {body}
        <p class="govuk-body">
            <a class="govuk-link" href=paths::GUIDE>"What counts as evidence, and what never to upload"</a>
        </p>
    }
}

fn not_started(page: &ReturnPageData) -> impl IntoView {
    let can_start = page.is_supplier && page.state == ReturnState::NotStarted;
    let start = paths::START.with(&[&page.contract_id, &page.quarter.number]);
    view! {
        {match (page.state, page.is_supplier) {
            (ReturnState::NotYetOpen, _) => view! { <p class="govuk-body">"This "<GlossaryTerm term=Term::Quarter>"quarter"</GlossaryTerm>" has not started yet, so there is nothing to report."</p> }.into_any(),
            (_, true) => view! {
                <p class="govuk-body">
                    "Report what you "<GlossaryTerm term=Term::Delivered>"delivered"</GlossaryTerm>" against each of this year's "<GlossaryTerm term=Term::Commitment>"commitments"</GlossaryTerm>
                    " this "<GlossaryTerm term=Term::Quarter>"quarter"</GlossaryTerm>", with "<GlossaryTerm term=Term::Evidence>"evidence"</GlossaryTerm>". You can save a draft and come back to it."
                </p>
            }.into_any(),
            (_, false) => view! { <p class="govuk-body">"The "<GlossaryTerm term=Term::Supplier>"supplier"</GlossaryTerm>" has not started this return yet."</p> }.into_any(),
        }}
        {can_start.then(|| view! {
            <form method="post" action=start novalidate>
                <button type="submit" class="govuk-button" data-module="govuk-button">"Start this return"</button>
            </form>
        })}
    }
}

/// The figures beside a line: what was committed and what has been delivered against it. On the
/// `first` line shown, the glossary terms they use link.
pub(crate) fn line_figures(line: &ReturnLineView, first: bool) -> impl IntoView {
    let unit = line.unit.clone();
    let amount = move |q: crate::calc::Quantity| format!("{q} ({unit})");
    view! {
        <dl class="govuk-summary-list govuk-summary-list--no-border">
            {match line.committed_for_year {
                Some(committed) => summary_row("Committed for the year", amount(committed)).into_any(),
                None => summary_row("Committed for the year", "Nothing: this line is additional".to_owned()).into_any(),
            }}
            {summary_row("Delivered to date: approved", amount(line.approved_to_date))}
            {summary_row("Delivered to date: awaiting review", amount(line.awaiting_review))}
            {line.remaining.map(|left| summary_row("Still to deliver this year", amount(left)))}
            {summary_row("Proxy value", match line.proxy_value {
                Some(proxy) => view! {
                    {format!("{proxy} per ")}<GlossaryTerm term=Term::Unit link=first>"unit"</GlossaryTerm>
                    {if line.additional { " (the framework's)" } else { " (as committed)" }}
                }.into_any(),
                None => view! { "None: recorded in its own "<GlossaryTerm term=Term::Unit link=first>"units"</GlossaryTerm> }.into_any(),
            })}
        </dl>
    }
}

pub(crate) fn line_heading(line: &ReturnLineView) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m" id=format!("line-{}", line.line_id)>
            {format!("{} {}", line.code, line.description)}
            {line.additional.then(|| view! { " " <strong class="govuk-tag govuk-tag--purple">"Additional"</strong> })}
        </h2>
    }
}

#[component]
fn ReturnForm(page: ReturnPageData, posted: PostedForm, address: String) -> impl IntoView {
    let total = page.total();
    let can_submit = page.can_submit;
    let addable = page.addable_measures.clone();
    let measure_error = posted.error(ADDITIONAL_MEASURE_FIELD);
    view! {
        <p class="govuk-body">
            "For each "<GlossaryTerm term=Term::Line>"line"</GlossaryTerm>", enter the quantity "<GlossaryTerm term=Term::Delivered>"delivered"</GlossaryTerm>
            " in this "<GlossaryTerm term=Term::Quarter>"quarter"</GlossaryTerm>" (0 if none), say what was delivered, and add "<GlossaryTerm term=Term::Evidence>"evidence"</GlossaryTerm>
            ". The value of each line is worked out as you type, at the "<GlossaryTerm term=Term::ProxyValue>"proxy value"</GlossaryTerm>" the line was committed at."
        </p>
        <form method="post" action=address enctype="multipart/form-data" novalidate>
            {page.lines.iter().enumerate().map(|(index, line)| {
                let id = line.line_id;
                let narrative = narrative_field(id);
                let narrative_error = posted.error(&narrative);
                let hint = format!(
                    "Unit: {}. {}",
                    line.unit,
                    if line.rule.allows_fraction { "Decimals allowed, up to 2 places." } else { "Whole numbers only." }
                );
                view! {
                    <section class="pb-return-line">
                        {line_heading(line)}
                        {line_figures(line, index == 0)}
                        <DeliveredQuantity
                            line_id=id
                            label=format!("Quantity of {} delivered this quarter", line.code)
                            hint
                            link_proxy_value=false
                            typed=line.quantity_typed.clone()
                            rule=line.rule
                            proxy=line.proxy_value
                            server_error=posted.error(&quantity_field(id))
                        />
                        <TextArea
                            id=narrative.clone()
                            label=format!("What you delivered for {}", line.code)
                            hint=format!("Who benefited, what was done and how you know. Up to {MAX_NARRATIVE_CHARS} characters.")
                            value=line.narrative.clone()
                            error=narrative_error.clone()
                            rows=3
                        />
                        <EvidenceFiles files=line.files.clone() can_delete=true code=line.code.clone() />
                        <EvidenceUploader
                            line_id=id
                            label=format!("Add evidence for {}", line.code)
                            upload_url=paths::UPLOAD.id(id)
                            max_file_bytes=page.max_file_bytes
                            server_error=posted.error(&crate::domain::returns::evidence_field(id))
                        />
                    </section>
                }
            }).collect_view()}
            <h2 class="govuk-heading-m">"Delivered beyond your commitments"</h2>
            <div class=if measure_error.is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                <label class="govuk-label govuk-label--s" for=ADDITIONAL_MEASURE_FIELD>"Add a line for another measure of the contract's framework"</label>
                <div class="govuk-hint" id="additional-measure-hint">
                    "Only for "<GlossaryTerm term=Term::SocialValue>"social value"</GlossaryTerm>" delivered on this "<GlossaryTerm term=Term::Contract>"contract"</GlossaryTerm>
                    " this quarter that your plan does not already count. It is marked additional."
                </div>
                <ErrorMessage id="additional-measure-error" message=Signal::stored(measure_error.clone()) />
                <select class="govuk-select" id=ADDITIONAL_MEASURE_FIELD name=ADDITIONAL_MEASURE_FIELD aria-describedby="additional-measure-hint">
                    <option value="">"Choose a measure"</option>
                    {addable.into_iter().map(|m| view! { <option value=m.measure_id.to_string()>{format!("{} {}", m.code, m.description)}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="govuk-button govuk-button--secondary" name=fields::ACTION value=fields::ADD_MEASURE data-module="govuk-button">"Add this measure"</button>
            <h2 class="govuk-heading-m">"This return"</h2>
            <p class="govuk-body">{format!("Value of the quantities as last saved: {total}")}</p>
            {(!can_submit).then(|| view! {
                <div class="govuk-inset-text">"This quarter has not ended yet: you can save a draft now and submit it once the quarter ends."</div>
            })}
            <div class="govuk-button-group">
                {can_submit.then(|| view! {
                    <button type="submit" class="govuk-button" name=fields::ACTION value=fields::CONTINUE data-module="govuk-button">"Save and check your return"</button>
                })}
                <button type="submit" class="govuk-button govuk-button--secondary" name=fields::ACTION value=fields::SAVE data-module="govuk-button">"Save draft"</button>
            </div>
        </form>
    }
}

/// A line's evidence files, each downloadable; while the return is a draft, each can be deleted
/// (a button of the return form, so that nothing typed is lost).
#[component]
pub(crate) fn EvidenceFiles(
    files: Vec<EvidenceFileView>,
    can_delete: bool,
    code: String,
    /// Whether "evidence" links here: its first use on the page.
    #[prop(optional)]
    link_evidence: bool,
) -> impl IntoView {
    if files.is_empty() {
        return view! {
            <p class="govuk-body-s">"No "<GlossaryTerm term=Term::Evidence link=link_evidence>"evidence"</GlossaryTerm>{format!(" files for {code} yet.")}</p>
        }
        .into_any();
    }
    view! {
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--s">{format!("Evidence for {code}")}</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"File"</th>
                    <th scope="col" class="govuk-table__header">"Type and size"</th>
                    <th scope="col" class="govuk-table__header">"Uploaded"</th>
                    {can_delete.then(|| view! { <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"Delete"</span></th> })}
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {files.into_iter().map(|file| view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell"><a class="govuk-link" href=paths::DOWNLOAD.id(file.id)>{file.name.clone()}</a></td>
                        <td class="govuk-table__cell">{format!("{}, {}", file.kind, display_size(file.size_bytes))}</td>
                        <td class="govuk-table__cell">{format!("{} by {}", file.uploaded_at, file.uploaded_by)}</td>
                        {can_delete.then(|| view! {
                            <td class="govuk-table__cell">
                                <button type="submit" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0" name=fields::ACTION value=format!("{}{}", fields::DELETE_FILE_PREFIX, file.id) data-module="govuk-button">
                                    "Delete"<span class="govuk-visually-hidden">{format!(" {}", file.name)}</span>
                                </button>
                            </td>
                        })}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn ReturnReadOnly(page: ReturnPageData) -> impl IntoView {
    let total = page.total();
    let first_without_files = first_without_files(&page.lines);
    view! {
        {page.lines.iter().enumerate().map(|(index, line)| {
            let delivered = match delivered_line(&line.quantity_typed, line.rule, line.proxy_value) {
                Ok(Some((quantity, value))) => format!("{quantity} ({}), worth {value}", line.unit),
                _ if line.quantity_typed.trim().is_empty() => "Not entered yet".to_owned(),
                _ => format!("{} (not a valid quantity yet)", line.quantity_typed),
            };
            view! {
                <section class="pb-return-line">
                    {line_heading(line)}
                    {line_figures(line, index == 0)}
                    <dl class="govuk-summary-list">
                        {summary_row("Delivered this quarter", delivered)}
                        {summary_row("What was delivered", if line.narrative.trim().is_empty() { "Not entered yet".to_owned() } else { line.narrative.clone() })}
                        {(page.state != ReturnState::Draft).then(|| review_rows(line))}
                    </dl>
                    <EvidenceFiles files=line.files.clone() can_delete=false code=line.code.clone() link_evidence=first_without_files == Some(index) />
                    <LineHistory line=line.clone() />
                </section>
            }
        }).collect_view()}
        <p class="govuk-body">{format!("Value of this return: {total}")}</p>
    }
}

/// The first line with no evidence files: where "No evidence files" is the page's first use of
/// "evidence", when nothing above uses it.
pub(crate) fn first_without_files(lines: &[ReturnLineView]) -> Option<usize> {
    lines.iter().position(|line| line.files.is_empty())
}

/// A submitted line's review: its status and what counts as delivered.
pub(crate) fn review_rows(line: &ReturnLineView) -> impl IntoView {
    let review = &line.review;
    view! {
        <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">"Council's review"</dt>
            <dd class="govuk-summary-list__value"><strong class=review.status.tag_class()>{review.status.label()}</strong></dd>
        </div>
        {review.approved.map(|q| summary_row("Counts as delivered", format!("{q} ({})", line.unit)))}
        {review.question.clone().map(|q| summary_row("The council asks", q))}
    }
}

/// Every decision on a line and every answer, oldest first.
#[component]
pub(crate) fn LineHistory(line: ReturnLineView) -> impl IntoView {
    if line.review.history.is_empty() {
        return ().into_any();
    }
    let unit = line.unit.clone();
    view! {
        <h3 class="govuk-heading-s">{format!("History of {}", line.code)}</h3>
        <ol class="govuk-list pb-history">
            {line.review.history.iter().map(|entry| {
                let quantity = entry.quantity.clone().map(|q| format!(" ({q} {unit})")).unwrap_or_default();
                view! {
                    <li>
                        <strong>{format!("{}{quantity}", entry.kind.label())}</strong>
                        {format!(" by {}, {}", entry.by, entry.at)}
                        {(!entry.comment.is_empty()).then(|| view! { <p class="govuk-body govuk-!-margin-bottom-2 pb-pre-wrap">{entry.comment.clone()}</p> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

/// The supplier's answers to the council's questions: each line asked about can be corrected,
/// given more evidence and a reply, then sent back for review. Other lines are shown as decided.
#[component]
fn AnswerForm(page: ReturnPageData, posted: PostedForm, address: String) -> impl IntoView {
    use crate::domain::reviews::{reply_field, LineStatus, MAX_COMMENT_CHARS};
    let first_asked =
        page.lines.iter().find(|l| l.review.status == LineStatus::InformationRequested).map(|l| l.line_id);
    view! {
        <div class="govuk-inset-text">
            "The council has asked about some "<GlossaryTerm term=Term::Line>"lines"</GlossaryTerm>". Answer each question, correct the line if you need to, add "
            <GlossaryTerm term=Term::Evidence>"evidence"</GlossaryTerm>", then send your answers. The other lines keep their decisions."
        </div>
        <form method="post" action=address enctype="multipart/form-data" novalidate>
            {page.lines.iter().map(|line| {
                // The first line asked about shows the page's first figures.
                let first = first_asked == Some(line.line_id);
                let id = line.line_id;
                if line.review.status != LineStatus::InformationRequested {
                    return view! {
                        <section class="pb-return-line">
                            {line_heading(line)}
                            <dl class="govuk-summary-list">{review_rows(line)}</dl>
                            <LineHistory line=line.clone() />
                        </section>
                    }.into_any();
                }
                let narrative = narrative_field(id);
                let narrative_error = posted.error(&narrative);
                let reply = reply_field(id);
                let reply_error = posted.error(&reply);
                let typed_reply = posted.value(&reply);
                view! {
                    <section class="pb-return-line">
                        {line_heading(line)}
                        <div class="govuk-inset-text">
                            <strong>"The council asks: "</strong>{line.review.question.clone().unwrap_or_default()}
                        </div>
                        {line_figures(line, first)}
                        <DeliveredQuantity
                            line_id=id
                            label=format!("Quantity of {} delivered this quarter", line.code)
                            hint=format!("Unit: {}. Change it only if your answer corrects it.", line.unit)
                            link_proxy_value=first
                            typed=line.quantity_typed.clone()
                            rule=line.rule
                            proxy=line.proxy_value
                            server_error=posted.error(&quantity_field(id))
                        />
                        <TextArea
                            id=narrative.clone()
                            label=format!("What you delivered for {}", line.code)
                            value=line.narrative.clone()
                            error=narrative_error.clone()
                            rows=3
                        />
                        <EvidenceFiles files=line.files.clone() can_delete=false code=line.code.clone() />
                        <EvidenceUploader
                            line_id=id
                            label=format!("Add evidence for {}", line.code)
                            upload_url=paths::UPLOAD.id(id)
                            max_file_bytes=page.max_file_bytes
                            server_error=posted.error(&crate::domain::returns::evidence_field(id))
                        />
                        <TextArea
                            id=reply.clone()
                            label=format!("Your answer about {}", line.code)
                            hint=format!("Leave it empty to answer later. Up to {MAX_COMMENT_CHARS} characters.")
                            value=typed_reply
                            error=reply_error.clone()
                            rows=3
                        />
                        <LineHistory line=line.clone() />
                    </section>
                }.into_any()
            }).collect_view()}
            <button type="submit" class="govuk-button" name=fields::ACTION value=fields::SEND_ANSWERS data-module="govuk-button">"Send your answers"</button>
        </form>
    }
}

// ---- Check your answers -------------------------------------------------------------------

#[component]
pub fn CheckReturnPage() -> impl IntoView {
    let posted = posted_form();
    if require_sign_in().is_none() {
        return ().into_any();
    }
    loaded(return_resource(), move |page| view! { <CheckView page posted=posted.clone() /> }).into_any()
}

#[component]
fn CheckView(page: ReturnPageData, posted: PostedForm) -> impl IntoView {
    let title = format!("Check your return for quarter {} (year {})", page.quarter.number, page.quarter.year);
    let back = paths::RETURN.with(&[&page.contract_id, &page.quarter.number]);
    let submit = paths::SUBMIT.with(&[&page.contract_id, &page.quarter.number]);
    let total = page.total();
    let period_error = posted.error(ATTEST_PERIOD_FIELD);
    let lines_error = posted.error(ATTEST_LINES_FIELD);
    let attest_error = period_error.clone().or(lines_error.clone());
    let can_submit = page.can_edit && page.can_submit;
    view! {
        <Title text=page_title(&title, &posted) />
        <ErrorSummary errors=Signal::stored(posted.errors.0.clone()) />
        <span class="govuk-caption-l">{format!("{}: {}", page.contract_reference, page.contract_title)}</span>
        <h1 class="govuk-heading-l">{title}</h1>
        {page.lines.iter().map(|line| {
            let change = format!("{back}#{}", quantity_field(line.line_id));
            let delivered = match delivered_line(&line.quantity_typed, line.rule, line.proxy_value) {
                Ok(Some((quantity, value))) => format!("{quantity} ({}), worth {value}", line.unit),
                _ => "Not entered".to_owned(),
            };
            let files = if line.files.is_empty() {
                "None".to_owned()
            } else {
                line.files.iter().map(|f| f.name.clone()).collect::<Vec<_>>().join(", ")
            };
            view! {
                <h2 class="govuk-heading-m">
                    {format!("{} {}", line.code, line.description)}
                    {line.additional.then(|| view! { " " <strong class="govuk-tag govuk-tag--purple">"Additional"</strong> })}
                </h2>
                <dl class="govuk-summary-list">
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Delivered this quarter"</dt>
                        <dd class="govuk-summary-list__value">{delivered}</dd>
                        <dd class="govuk-summary-list__actions">
                            <a class="govuk-link" href=change.clone()>"Change"<span class="govuk-visually-hidden">{format!(" the quantity for {}", line.code)}</span></a>
                        </dd>
                    </div>
                    {summary_row("What you delivered", if line.narrative.trim().is_empty() { "Nothing entered".to_owned() } else { line.narrative.clone() })}
                    {summary_row("Evidence files", files)}
                </dl>
            }
        }).collect_view()}
        <h2 class="govuk-heading-m">"Value of this return"</h2>
        <p class="govuk-body">{total.to_string()}</p>
        {if can_submit {
            view! {
                <form method="post" action=submit novalidate>
                    <div class=if attest_error.is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                        <fieldset class="govuk-fieldset" aria-describedby="attest-hint">
                            <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">"Before you submit"</legend>
                            <div id="attest-hint" class="govuk-hint">"Once submitted, the return is locked while the council reviews it."</div>
                            <ErrorMessage id="attest-period-error" message=Signal::stored(period_error) />
                            <ErrorMessage id="attest-lines-error" message=Signal::stored(lines_error) />
                            <div class="govuk-checkboxes" data-module="govuk-checkboxes">
                                <div class="govuk-checkboxes__item">
                                    <input class="govuk-checkboxes__input" id=ATTEST_PERIOD_FIELD name=ATTEST_PERIOD_FIELD type="checkbox" value="yes" />
                                    <label class="govuk-label govuk-checkboxes__label" for=ATTEST_PERIOD_FIELD>{ATTEST_PERIOD_TEXT}</label>
                                </div>
                                <div class="govuk-checkboxes__item">
                                    <input class="govuk-checkboxes__input" id=ATTEST_LINES_FIELD name=ATTEST_LINES_FIELD type="checkbox" value="yes" />
                                    <label class="govuk-label govuk-checkboxes__label" for=ATTEST_LINES_FIELD>{ATTEST_LINES_TEXT}</label>
                                </div>
                            </div>
                        </fieldset>
                    </div>
                    <button type="submit" class="govuk-button" data-module="govuk-button">"Submit the return"</button>
                </form>
            }.into_any()
        } else {
            view! { <p class="govuk-body">"This return cannot be submitted now."</p> }.into_any()
        }}
        <p class="govuk-body"><a class="govuk-link" href=back>"Back to the return"</a></p>
    }
}
