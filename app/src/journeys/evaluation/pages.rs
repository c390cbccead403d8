//! The evaluation pages: the offers side by side, one offer with its lines and written answers
//! (marking and moderation forms), and a line's exclusion question page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{fields, get_evaluation, get_line_to_exclude, get_offer_evaluation, paths};
use crate::calc::{format_evaluated_score, format_score, Working};
use crate::components::banner::SuccessBanner;
use crate::components::error_summary::{ErrorMessage, ErrorSummary};
use crate::components::form_fields::TextArea;
use crate::components::question_page::{page_title, QuestionPage};
use crate::domain::accounts::Role;
use crate::domain::evaluation::{
    mark_field, reason_field, EvaluatedOffer, Evaluation, EvaluatorRole, ExclusionReason, LineToExclude, MarkedAnswer,
    MarkingScale, OfferEvaluation, MAX_COMMENT_CHARS, SUBMIT_MARKS_FIELD,
};
use crate::domain::form::PostedForm;
use crate::domain::tenders::TenderStatus;
use crate::errors::AppError;
use crate::journeys::guides::{GlossaryTerm, Term};
use crate::page_context::{id_param, loaded, posted_form, require_role};

fn notice(names: &'static [&'static str]) -> Option<&'static str> {
    use_query_map().with_untracked(|q| names.iter().copied().find(|n| q.get(n).is_some()))
}

fn banner(notice: Option<&'static str>) -> Option<AnyView> {
    let text = match notice? {
        "excluded" => "The line has been excluded and the scores worked out again.",
        "restored" => "The line counts again and the scores have been worked out again.",
        "marks-saved" => "Your marks have been saved.",
        "marks-submitted" => "Your marks have been submitted. You can now see the other markers' submitted marks.",
        "moderating" => "You are moderating this tender. Record the moderated mark for each written answer.",
        "moderated" => "The moderated marks have been saved and the scores worked out again.",
        _ => return None,
    };
    Some(view! { <SuccessBanner title="Success" text=text /> }.into_any())
}

/// "5.60 of 7"
fn out_of(score: &Working, weight: rust_decimal::Decimal) -> String {
    format!("{} of {}", format_evaluated_score(score.score), format_score(weight))
}

// ---- Side by side ------------------------------------------------------------------------

#[component]
pub fn EvaluationPage() -> impl IntoView {
    let posted = posted_form();
    let id = id_param("id");
    let notice = notice(&["marks-submitted", "moderating"]);
    if let Err(denied) = require_role(Role::CouncilOfficer) {
        return denied;
    }
    let evaluation = Resource::new(
        move || id,
        |id| async move {
            match id {
                Some(id) => get_evaluation(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        {loaded(evaluation, move |evaluation| view! { <EvaluationView evaluation posted=posted.clone() notice /> })}
    }
    .into_any()
}

#[component]
fn EvaluationView(evaluation: Evaluation, posted: PostedForm, notice: Option<&'static str>) -> impl IntoView {
    let id = evaluation.tender_id;
    let title = format!("Evaluation: {}", evaluation.title);
    let scoring = evaluation.scoring;
    let has_questions = !evaluation.questions.is_empty();
    // "Offer" first links in the scoring method (against the best offer), else in the marking
    // progress, else above the offers side by side, else in the export.
    let says = progress_says(&evaluation);
    let offer_in_method = scoring.rule == crate::calc::ScoringRule::BestRelative;
    let offer_in_progress = !offer_in_method && says.open_each_offer;
    let offer_in_side_by_side = !offer_in_method && !offer_in_progress && evaluation.offers.len() <= 1;
    let offer_in_export = !offer_in_method && !offer_in_progress && !offer_in_side_by_side;
    view! {
        <Title text=page_title(&title, &posted) />
        <ErrorSummary errors=Signal::stored(posted.errors.0.clone()) />
        {banner(notice)}
        <span class="govuk-caption-l">{evaluation.reference.clone()}</span>
        <h1 class="govuk-heading-l">{title.clone()}</h1>
        <p class="govuk-body">
            <a class="govuk-link" href=format!("/manage/tenders/{id}")>"Back to the tender"</a>
            " · "
            <a class="govuk-link" href=paths::GUIDE>"How scores are worked out and how moderation works"</a>
        </p>
        {(evaluation.status == TenderStatus::Awarded).then(|| view! {
            <div class="govuk-inset-text">"The tender has been awarded: this evaluation is final and can no longer change."</div>
        })}
        <dl class="govuk-summary-list">
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Quantitative offer"</dt>
                <dd class="govuk-summary-list__value">{format!("{} marks, ", format_score(scoring.quantitative_weight()))}{method_words(&evaluation)}</dd>
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Written responses"</dt>
                <dd class="govuk-summary-list__value">{if has_questions {
                    format!("{} marks, {} questions marked from 0 to {}; only moderated marks count", format_score(scoring.qualitative_weight()), evaluation.questions.len(), evaluation.scale.top_mark()).into_any()
                } else {
                    view! { "None: this "<GlossaryTerm term=Term::Tender>"tender"</GlossaryTerm>" asks no written questions, so there is nothing to mark or moderate" }.into_any()
                }}</dd>
            </div>
        </dl>
        {has_questions.then(|| view! { <MarkingProgress evaluation=evaluation.clone() posted=posted.clone() link_offer=offer_in_progress /> })}
        {(evaluation.is_open() && !evaluation.offers.is_empty() && evaluation.moderated_answers() == evaluation.written_answers()).then(|| view! {
            <p class="govuk-body">"Every written answer is moderated: the evaluation is ready for "<GlossaryTerm term=Term::Award>"award"</GlossaryTerm>"."</p>
            <a class="govuk-button" data-module="govuk-button" href=crate::journeys::contracts::paths::AWARD.id(id)>"Award the contract"</a>
        })}
        <SideBySide evaluation=evaluation.clone() link_offer=offer_in_side_by_side />
        <Exports evaluation link_offer=offer_in_export link_tender=!says.moderate_instead />
    }
}

/// How the quantitative offer is scored, with the first use of its term linked.
fn method_words(evaluation: &Evaluation) -> AnyView {
    let target = evaluation.scoring.target;
    match evaluation.scoring.rule {
        crate::calc::ScoringRule::TargetRelative => view! {
            "scored against the "<GlossaryTerm term=Term::Target>"target"</GlossaryTerm>{format!(" of {target} ({})", target.percent())}
        }
        .into_any(),
        crate::calc::ScoringRule::BestRelative => {
            view! { "scored against the best "<GlossaryTerm term=Term::Offer>"offer's"</GlossaryTerm>" ratio" }.into_any()
        }
    }
}

/// What the marking progress tells the viewer (as `MarkingProgress` chooses it): to open each
/// offer, and how to moderate instead (which names the tender). The links after it follow.
#[derive(Default)]
struct ProgressSays {
    open_each_offer: bool,
    moderate_instead: bool,
}

fn progress_says(evaluation: &Evaluation) -> ProgressSays {
    let viewer = &evaluation.viewer;
    if evaluation.questions.is_empty() {
        return ProgressSays::default();
    }
    match viewer.role {
        Some(EvaluatorRole::Moderator) => ProgressSays { open_each_offer: true, moderate_instead: false },
        Some(EvaluatorRole::Marker) if viewer.marks_submitted => ProgressSays::default(),
        _ if !evaluation.is_open() => ProgressSays::default(),
        role => ProgressSays { open_each_offer: true, moderate_instead: role.is_none() },
    }
}

/// Who is marking, who moderates, and what the viewer can do next.
#[component]
fn MarkingProgress(evaluation: Evaluation, posted: PostedForm, link_offer: bool) -> impl IntoView {
    let id = evaluation.tender_id;
    let viewer = evaluation.viewer.clone();
    let open = evaluation.is_open();
    let submit_error = posted.error(SUBMIT_MARKS_FIELD);
    let moderated = evaluation.moderated_answers();
    let all_answers = evaluation.written_answers();
    view! {
        <h2 class="govuk-heading-m" id="marking">"Marking and moderation"</h2>
        {if evaluation.markers.is_empty() {
            view! { <p class="govuk-body">"No one has marked the "<GlossaryTerm term=Term::WrittenResponse>"written responses"</GlossaryTerm>" yet."</p> }.into_any()
        } else {
            view! {
                <ul class="govuk-list">
                    {evaluation.markers.iter().map(|m| view! {
                        <li>{m.name.clone()}" "{if m.submitted {
                            view! { <strong class="govuk-tag govuk-tag--green">"Marks submitted"</strong> }.into_any()
                        } else {
                            view! { <strong class="govuk-tag govuk-tag--yellow">"Marking"</strong> }.into_any()
                        }}</li>
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }}
        <p class="govuk-body">{if evaluation.moderators.is_empty() {
            "No moderator yet.".to_owned()
        } else {
            format!("Moderated by {}: {moderated} of {all_answers} answers moderated.", evaluation.moderators.join(", "))
        }}</p>
        {match viewer.role {
            Some(EvaluatorRole::Moderator) => view! {
                <p class="govuk-body">"You are the moderator. Open each "<GlossaryTerm term=Term::Offer link=link_offer>"offer"</GlossaryTerm>" to see every submitted mark side by side and record the mark that counts."</p>
            }.into_any(),
            Some(EvaluatorRole::Marker) if viewer.marks_submitted => view! {
                <p class="govuk-body">{format!("You have submitted your marks for all {} answers.", viewer.to_mark)}</p>
            }.into_any(),
            _ if !open => ().into_any(),
            role => {
                let may_moderate = role.is_none();
                view! {
                    <p class="govuk-body">
                        {format!("You have marked {} of {} written answers. Open each ", viewer.marked, viewer.to_mark)}
                        <GlossaryTerm term=Term::Offer link=link_offer>"offer"</GlossaryTerm>
                        " to mark its answers; no one sees your marks until you submit them, and you see no one else's until then."
                    </p>
                    <div class=if submit_error.is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                        <ErrorMessage id=format!("{SUBMIT_MARKS_FIELD}-error") message=Signal::stored(submit_error.clone()) />
                        <form method="post" action=paths::SUBMIT_MARKS.id(id)>
                            <button type="submit" class="govuk-button" id=SUBMIT_MARKS_FIELD data-module="govuk-button">"Submit your marks"</button>
                        </form>
                    </div>
                    {may_moderate.then(|| view! {
                        <h3 class="govuk-heading-s">"Moderate instead"</h3>
                        <p class="govuk-body">
                            "A moderator is someone who has marked none of this "<GlossaryTerm term=Term::Tender>"tender's"</GlossaryTerm>" offers. "
                            <GlossaryTerm term=Term::Moderation>"Moderation"</GlossaryTerm>" opens once the markers have submitted their marks."
                        </p>
                        <form method="post" action=paths::BECOME_MODERATOR.id(id)>
                            <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Moderate this tender"</button>
                        </form>
                    })}
                }
                .into_any()
            }
        }}
    }
}

/// Every offer as a column, best first.
#[component]
fn SideBySide(evaluation: Evaluation, link_offer: bool) -> impl IntoView {
    let offers = evaluation.offers.clone();
    if offers.is_empty() {
        return view! {
            <h2 class="govuk-heading-m">"Offers"</h2>
            <p class="govuk-body">"No "<GlossaryTerm term=Term::Offer link=link_offer>"offers"</GlossaryTerm>" were submitted before the deadline."</p>
        }
        .into_any();
    }
    let id = evaluation.tender_id;
    let scoring = evaluation.scoring;
    let sv_weight = scoring.sv_weighting;
    let has_questions = !evaluation.questions.is_empty();
    let questions = evaluation.questions.len();
    let cells = |cell: &dyn Fn(&EvaluatedOffer) -> AnyView| {
        offers
            .iter()
            .map(|o| view! { <td class="govuk-table__cell govuk-table__cell--numeric">{cell(o)}</td> })
            .collect_view()
    };
    let row = |label: String, cells: AnyView| {
        view! {
            <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">{label}</th>
                {cells}
            </tr>
        }
    };
    let text = |s: String| view! { {s} }.into_any();
    let working = |w: &Working, weight| {
        view! { <span class="pb-nowrap">{out_of(w, weight)}</span><br /><span class="govuk-body-s pb-working">{w.formula.clone()}</span> }.into_any()
    };
    view! {
        <h2 class="govuk-heading-m" id="offers">{format!("Offers side by side ({})", offers.len())}</h2>
        {(offers.len() == 1).then(|| view! {
            <p class="govuk-body">"One "<GlossaryTerm term=Term::Offer link=link_offer>"offer"</GlossaryTerm>" was received. It is ranked first; against the best offer, it is the best offer."</p>
        })}
        <div class="pb-scroll" role="region" aria-labelledby="offers" tabindex="0">
            <table class="govuk-table pb-side-by-side">
                <caption class="govuk-table__caption govuk-table__caption--s">"Each column is one offer, best first. Scores are rounded once, to 2 decimal places."</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <td class="govuk-table__header"></td>
                        {offers.iter().map(|o| view! {
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                                <a class="govuk-link" href=paths::OFFER.with(&[&id, &o.offer_id])>{o.supplier_name.clone()}</a>
                                <br /><span class="govuk-body-s">{o.reference.clone()}</span>
                                {(evaluation.awarded_offer_id == Some(o.offer_id)).then(|| view! { <br /><strong class="govuk-tag govuk-tag--blue">"Awarded"</strong> })}
                            </th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    {row("Rank".into(), cells(&|o| view! {
                        {o.scores.rank.to_string()}
                        {o.scores.tied.then(|| view! { " " <strong class="govuk-tag govuk-tag--yellow">"Tie"</strong> })}
                    }.into_any()).into_any())}
                    {row(format!("Social value score (of {})", format_score(sv_weight)), cells(&|o| working(&o.scores.total, sv_weight)).into_any())}
                    {row(format!("Quantitative score (of {})", format_score(scoring.quantitative_weight())), cells(&|o| working(&o.scores.quantitative, scoring.quantitative_weight())).into_any())}
                    {has_questions.then(|| row(format!("Qualitative score (of {})", format_score(scoring.qualitative_weight())), cells(&|o| match &o.scores.qualitative {
                        Some(w) => view! {
                            {working(w, scoring.qualitative_weight())}
                            {(o.moderated < questions).then(|| view! { <br /><strong class="govuk-tag govuk-tag--grey">{format!("{} of {questions} moderated", o.moderated)}</strong> })}
                        }.into_any(),
                        None => text(String::new()),
                    }).into_any()))}
                    {row("Social value offered".into(), cells(&|o| text(o.total.to_string())).into_any())}
                    {row("Per £1 of contract value".into(), cells(&|o| text(o.ratio.map(|r| format!("{r} ({})", r.percent())).unwrap_or_else(|| "None".into()))).into_any())}
                    {row("Lines counted".into(), cells(&|o| {
                        let counted = o.lines - o.excluded_lines;
                        let words = if o.every_line_excluded() {
                            format!("None of {}: every line excluded", o.lines)
                        } else if o.excluded_lines > 0 {
                            format!("{counted} of {} ({} excluded)", o.lines, o.excluded_lines)
                        } else {
                            format!("{counted} of {}", o.lines)
                        };
                        text(words)
                    }).into_any())}
                    {evaluation.theme_order.iter().map(|theme| {
                        let theme = theme.clone();
                        row(format!("{theme} (£)"), cells(&|o| text(o.by_theme.get(&theme).copied().unwrap_or_default().to_string())).into_any())
                    }).collect_view()}
                    {evaluation.years.iter().map(|year| {
                        let year = *year;
                        row(format!("Year {year} (£)"), cells(&|o| text(o.by_year.get(&year).copied().unwrap_or_default().to_string())).into_any())
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn Exports(evaluation: Evaluation, link_offer: bool, link_tender: bool) -> impl IntoView {
    let id = evaluation.tender_id;
    let allowed = evaluation.questions.is_empty()
        || evaluation.viewer.sees_all_marks()
        || evaluation.status == TenderStatus::Awarded;
    view! {
        <h2 class="govuk-heading-m">"Export for the procurement file"</h2>
        {if allowed {
            view! {
                <p class="govuk-body">
                    "Every "<GlossaryTerm term=Term::Offer link=link_offer>"offer"</GlossaryTerm>", "<GlossaryTerm term=Term::Line>"line"</GlossaryTerm>
                    " and "<GlossaryTerm term=Term::Exclusion>"exclusion"</GlossaryTerm>", each marker's submitted marks, the moderated marks, and each score's formula with its inputs."
                </p>
                <ul class="govuk-list">
                    <li><a class="govuk-link" href=paths::EXPORT_XLSX.id(id) download>"Download the evaluation as a spreadsheet (XLSX)"</a></li>
                    <li><a class="govuk-link" href=paths::EXPORT_CSV.id(id) download>"Download the evaluation as CSV"</a></li>
                </ul>
            }
            .into_any()
        } else {
            view! {
                <p class="govuk-body">
                    "The export holds every marker's marks, so it opens to you once you have submitted your own marks, or moderate, or once the "
                    <GlossaryTerm term=Term::Tender link=link_tender>"tender"</GlossaryTerm>" is awarded."
                </p>
            }.into_any()
        }}
    }
}

// ---- One offer ---------------------------------------------------------------------------

#[component]
pub fn OfferEvaluationPage() -> impl IntoView {
    let posted = posted_form();
    let (id, offer_id) = (id_param("id"), id_param("offer_id"));
    let notice = notice(&["excluded", "restored", "marks-saved", "moderated"]);
    if let Err(denied) = require_role(Role::CouncilOfficer) {
        return denied;
    }
    let page = Resource::new(
        move || (id, offer_id),
        |ids| async move {
            match ids {
                (Some(id), Some(offer_id)) => get_offer_evaluation(id, offer_id).await,
                _ => Err(AppError::NotFound),
            }
        },
    );
    view! {
        {loaded(page, move |page| view! { <OfferEvaluationView page posted=posted.clone() notice /> })}
    }
    .into_any()
}

#[component]
fn OfferEvaluationView(page: OfferEvaluation, posted: PostedForm, notice: Option<&'static str>) -> impl IntoView {
    let evaluation = page.evaluation.clone();
    let offer = page.offer.clone();
    let id = evaluation.tender_id;
    let scoring = evaluation.scoring;
    let title = format!("Offer from {}", offer.supplier_name);
    let open = evaluation.is_open();
    view! {
        <Title text=page_title(&title, &posted) />
        <ErrorSummary errors=Signal::stored(posted.errors.0.clone()) />
        {banner(notice)}
        <span class="govuk-caption-l">{format!("{} · {}", evaluation.reference, offer.reference)}</span>
        <h1 class="govuk-heading-l">{title}</h1>
        <p class="govuk-body"><a class="govuk-link" href=paths::EVALUATION.id(id)>"Back to the offers side by side"</a></p>
        <dl class="govuk-summary-list">
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Rank"</dt>
                <dd class="govuk-summary-list__value">{format!("{} of {}{}", offer.scores.rank, evaluation.offers.len(), if offer.scores.tied { " (tied)" } else { "" })}</dd>
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Social value score"</dt>
                <dd class="govuk-summary-list__value">{out_of(&offer.scores.total, scoring.sv_weighting)}<br /><span class="govuk-body-s">{offer.scores.total.formula.clone()}</span></dd>
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Quantitative score"</dt>
                <dd class="govuk-summary-list__value">{out_of(&offer.scores.quantitative, scoring.quantitative_weight())}<br /><span class="govuk-body-s">{offer.scores.quantitative.formula.clone()}</span></dd>
            </div>
            {offer.scores.qualitative.clone().map(|q| view! {
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Qualitative score"</dt>
                    <dd class="govuk-summary-list__value">{out_of(&q, scoring.qualitative_weight())}<br /><span class="govuk-body-s">{q.formula.clone()}</span></dd>
                </div>
            })}
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Social value counted"</dt>
                <dd class="govuk-summary-list__value">{format!("{} ({})", offer.total, offer.ratio.map(|r| r.to_string()).unwrap_or_default())}</dd>
            </div>
        </dl>
        <h2 class="govuk-heading-m" id="lines">{format!("Lines ({})", page.lines.len())}</h2>
        {if page.lines.is_empty() {
            view! { <p class="govuk-body">"This offer has no quantified lines: it offers £0."</p> }.into_any()
        } else {
            view! {
                <div class="pb-scroll" role="region" aria-labelledby="lines" tabindex="0">
                <table class="govuk-table">
                    <caption class="govuk-visually-hidden">"The offer's lines as submitted, with the delivery plan for each"</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Measure"</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Year"</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Quantity"</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Value"</th>
                            <th scope="col" class="govuk-table__header">"Delivery plan"</th>
                            <th scope="col" class="govuk-table__header">"Counts?"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {page.lines.iter().map(|l| {
                            let line = &l.line;
                            let line_name = format!("{} year {}", line.code, line.year);
                            let status = match &l.exclusion {
                                None => view! {
                                    <strong class="govuk-tag govuk-tag--green">"Counts"</strong>
                                    {open.then(|| view! {
                                        <br /><a class="govuk-link" href=paths::EXCLUDE.with(&[&id, &offer.offer_id, &line.measure_id, &line.year])>"Exclude"<span class="govuk-visually-hidden">{format!(" {line_name}")}</span></a>
                                    })}
                                }.into_any(),
                                Some(e) => view! {
                                    <strong class="govuk-tag govuk-tag--red">"Excluded"</strong>
                                    <p class="govuk-body-s">{format!("{}: {} ({}, {})", e.reason.label(), e.comment, e.excluded_by, e.excluded_at)}</p>
                                    {open.then(|| view! {
                                        <form method="post" action=paths::RESTORE.with(&[&id, &offer.offer_id, &line.measure_id, &line.year])>
                                            <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">"Count it again"<span class="govuk-visually-hidden">{format!(" {line_name}")}</span></button>
                                        </form>
                                    })}
                                }.into_any(),
                            };
                            view! {
                                <tr class="govuk-table__row">
                                    <td class="govuk-table__cell">{format!("{} {}: {}", line.code, line.theme, line.description)}</td>
                                    <td class="govuk-table__cell govuk-table__cell--numeric">{line.year}</td>
                                    <td class="govuk-table__cell govuk-table__cell--numeric">{format!("{} {}", line.quantity, line.unit)}</td>
                                    <td class="govuk-table__cell govuk-table__cell--numeric">{line.value.to_string()}</td>
                                    <td class="govuk-table__cell">{line.plan.clone()}</td>
                                    <td class="govuk-table__cell">{status}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            }
            .into_any()
        }}
        {(!page.answers.is_empty()).then(|| view! { <WrittenAnswers page=page.clone() posted=posted.clone() /> })}
    }
}

/// What the viewer does with the written answers here: mark them, moderate them, or read them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AnswerForm {
    Mark,
    Moderate,
    Read,
}

#[component]
fn WrittenAnswers(page: OfferEvaluation, posted: PostedForm) -> impl IntoView {
    let evaluation = &page.evaluation;
    let viewer = &evaluation.viewer;
    let moderation_begun = evaluation.moderated_answers() > 0;
    let form = match viewer.role {
        _ if !evaluation.is_open() => AnswerForm::Read,
        Some(EvaluatorRole::Moderator) => AnswerForm::Moderate,
        _ if viewer.may_mark() && !moderation_begun => AnswerForm::Mark,
        _ => AnswerForm::Read,
    };
    let scale = evaluation.scale.clone();
    let id = evaluation.tender_id;
    let offer_id = page.offer.offer_id;
    let answers = page.answers.clone();
    let sees_all = viewer.sees_all_marks();
    let blocks = answers
        .into_iter()
        .map(|answer| view! { <AnswerBlock answer scale=scale.clone() form posted=posted.clone() sees_all /> })
        .collect_view();
    let intro = match form {
        AnswerForm::Mark => "Mark each answer on the tender's scale and justify the mark. You can save some and come back; no one sees your marks until you submit them from the evaluation page.",
        AnswerForm::Moderate => "Each marker's submitted mark is shown beside the answer. Record the moderated mark, the one that counts, with a note of how it was agreed.",
        AnswerForm::Read if sees_all => "The submitted and moderated marks.",
        AnswerForm::Read => "Other markers' marks are shown once you have submitted your own.",
    };
    view! {
        <h2 class="govuk-heading-m" id="answers">"Written responses"</h2>
        <p class="govuk-body">{intro}</p>
        {match form {
            AnswerForm::Mark => view! {
                <form method="post" action=paths::MARKS.with(&[&id, &offer_id]) novalidate>
                    {blocks}
                    <button type="submit" class="govuk-button" data-module="govuk-button">"Save your marks"</button>
                </form>
            }.into_any(),
            AnswerForm::Moderate => view! {
                <form method="post" action=paths::MODERATION.with(&[&id, &offer_id]) novalidate>
                    {blocks}
                    <button type="submit" class="govuk-button" data-module="govuk-button">"Save the moderated marks"</button>
                </form>
            }.into_any(),
            AnswerForm::Read => blocks.into_any(),
        }}
    }
}

#[component]
fn AnswerBlock(
    answer: MarkedAnswer,
    scale: MarkingScale,
    form: AnswerForm,
    posted: PostedForm,
    sees_all: bool,
) -> impl IntoView {
    let measure_id = answer.response.measure_id;
    let heading = format!("{}: {}", answer.response.code, answer.response.description);
    let response = if answer.response.response.trim().is_empty() {
        "No answer was given.".to_owned()
    } else {
        answer.response.response.clone()
    };
    let (current, reason) = match form {
        AnswerForm::Moderate => {
            (answer.moderated.as_ref().map(|m| m.mark), answer.moderated.as_ref().map(|m| m.reason.clone()))
        }
        _ => (answer.own.as_ref().map(|m| m.mark), answer.own.as_ref().map(|m| m.reason.clone())),
    };
    // After a refusal, what was typed.
    let (current, reason) = if posted.values.is_empty() {
        (current.map(|m| m.to_string()).unwrap_or_default(), reason.unwrap_or_default())
    } else {
        (posted.value(&mark_field(measure_id)), posted.value(&reason_field(measure_id)))
    };
    let reason_label = if form == AnswerForm::Moderate { "Moderation note" } else { "Justification" };
    let mark_legend = if form == AnswerForm::Moderate { "Moderated mark" } else { "Your mark" };
    view! {
        <div class="pb-answer">
            <h3 class="govuk-heading-s">{heading.clone()}</h3>
            <div class="govuk-inset-text pb-pre-wrap">{response}</div>
            {(sees_all && !answer.others.is_empty()).then(|| view! {
                <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-table__caption--s">"Markers' submitted marks"</caption>
                    <thead class="govuk-table__head"><tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Marker"</th>
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Mark"</th>
                        <th scope="col" class="govuk-table__header">"Justification"</th>
                    </tr></thead>
                    <tbody class="govuk-table__body">
                        {answer.others.iter().map(|m| view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">{m.by.clone()}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{m.mark}</td>
                                <td class="govuk-table__cell">{m.reason.clone()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {match form {
                AnswerForm::Read => view! {
                    {answer.own.clone().map(|m| view! { <p class="govuk-body">{format!("Your mark: {}. {}", scale.label(m.mark), m.reason)}</p> })}
                    {answer.moderated.clone().map(|m| view! { <p class="govuk-body"><strong>{format!("Moderated mark: {}. ", scale.label(m.mark))}</strong>{m.reason.clone()}</p> })}
                }.into_any(),
                _ => {
                    let mark_id = mark_field(measure_id);
                    let reason_id = reason_field(measure_id);
                    let mark_error = posted.error(&mark_id);
                    let reason_error = posted.error(&reason_id);
                    view! {
                        <div class=if mark_error.is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                            <fieldset class="govuk-fieldset">
                                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{format!("{mark_legend} for {}", answer.response.code)}</legend>
                                <ErrorMessage id=format!("{mark_id}-error") message=Signal::stored(mark_error.clone()) />
                                <div class="govuk-radios govuk-radios--small" data-module="govuk-radios">
                                    {(0..=scale.top_mark()).map(|mark| {
                                        let input_id = if mark == 0 { mark_id.clone() } else { format!("{mark_id}-{mark}") };
                                        let descriptor = scale.descriptors.get(mark as usize).cloned().unwrap_or_default();
                                        view! {
                                            <div class="govuk-radios__item">
                                                <input class="govuk-radios__input" id=input_id.clone() name=mark_id.clone() type="radio" value=mark.to_string() checked=current == mark.to_string() />
                                                <label class="govuk-label govuk-radios__label" for=input_id>{format!("{mark}: {descriptor}")}</label>
                                            </div>
                                        }
                                    }).collect_view()}
                                </div>
                            </fieldset>
                        </div>
                        <TextArea
                            id=reason_id.clone()
                            label=format!("{reason_label} for {}", answer.response.code)
                            value=reason
                            error=reason_error.clone()
                            rows=3
                            maxlength=MAX_COMMENT_CHARS
                        />
                    }
                    .into_any()
                }
            }}
        </div>
    }
}

// ---- Excluding a line --------------------------------------------------------------------

#[component]
pub fn ExcludeLinePage() -> impl IntoView {
    let posted = posted_form();
    let ids = (id_param("id"), id_param("offer_id"), id_param("measure_id"), id_param("year"));
    if let Err(denied) = require_role(Role::CouncilOfficer) {
        return denied;
    }
    let line = Resource::new(
        move || ids,
        |ids| async move {
            match ids {
                (Some(id), Some(offer_id), Some(measure_id), Some(year)) if year > 0 => {
                    get_line_to_exclude(id, offer_id, measure_id, year as u32).await
                }
                _ => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <QuestionPage title="Exclude a line" posted=posted.clone()>
            {loaded(line, move |line| view! { <ExcludeLineForm line posted=posted.clone() /> })}
        </QuestionPage>
    }
    .into_any()
}

#[component]
fn ExcludeLineForm(line: LineToExclude, posted: PostedForm) -> impl IntoView {
    let l = line.line.clone();
    let action = paths::EXCLUDE.with(&[&line.tender_id, &line.offer_id, &l.measure_id, &l.year]);
    let back = paths::OFFER.with(&[&line.tender_id, &line.offer_id]);
    let chosen = posted.value(fields::REASON);
    let reason_error = posted.error(fields::REASON);
    let comment_error = posted.error(fields::COMMENT);
    view! {
        <dl class="govuk-summary-list">
            <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Supplier"</dt><dd class="govuk-summary-list__value">{line.supplier_name.clone()}</dd></div>
            <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Measure"</dt><dd class="govuk-summary-list__value">{format!("{} {}: {}", l.code, l.theme, l.description)}</dd></div>
            <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Contract year"</dt><dd class="govuk-summary-list__value">{l.year}</dd></div>
            <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Quantity and value"</dt><dd class="govuk-summary-list__value">{format!("{} {} = {}", l.quantity, l.unit, l.value)}</dd></div>
            <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Delivery plan"</dt><dd class="govuk-summary-list__value">{l.plan.clone()}</dd></div>
        </dl>
        <p class="govuk-body">"An excluded line adds nothing to the offer. Every offer's scores are worked out again at once. You can undo it until the tender is awarded."</p>
        <form method="post" action=action novalidate>
            <div class=if reason_error.is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                <fieldset class="govuk-fieldset">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">"Why does this line not count?"</legend>
                    <ErrorMessage id="reason-error" message=Signal::stored(reason_error.clone()) />
                    <div class="govuk-radios" data-module="govuk-radios">
                        {ExclusionReason::ALL.into_iter().enumerate().map(|(i, reason)| {
                            let id = if i == 0 { fields::REASON.to_owned() } else { format!("reason-{}", reason.as_str()) };
                            view! {
                                <div class="govuk-radios__item">
                                    <input class="govuk-radios__input" id=id.clone() name=fields::REASON type="radio" value=reason.as_str() checked=chosen == reason.as_str() />
                                    <label class="govuk-label govuk-radios__label" for=id>{reason.label()}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            </div>
            <TextArea
                id=fields::COMMENT
                label="Comment"
                hint="What you found, so that the bidder's assessment summary and the procurement file can explain it"
                value=posted.value(fields::COMMENT)
                error=comment_error.clone()
                rows=4
            />
            <div class="govuk-button-group">
                <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">"Exclude the line"</button>
                <a class="govuk-link" href=back>"Cancel"</a>
            </div>
        </form>
    }
}
