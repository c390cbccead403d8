//! Council staff's pages: their tenders, the tender question page, and a tender's own page
//! (choose its measures, open it to bidders, cancel it).

use leptos::prelude::*;

use super::paths;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::public::TenderTerms;
use super::{get_council_tenders, get_framework_choices, get_tender_for_editing};
use crate::calc::ScoringRule;
use crate::components::banner::SuccessBanner;
use crate::components::error_summary::{ErrorMessage, ErrorSummary};
use crate::components::form_fields::{DateInput, Hint, TextArea, TextField};
use crate::components::question_page::page_title;
use crate::domain::accounts::Role;
use crate::domain::dates::display_date;
use crate::domain::evaluation::{MarkingScale, DEFAULT_DESCRIPTORS};
use crate::domain::form::PostedForm;
use crate::domain::frameworks::MeasureKind;
use crate::domain::tenders::{FrameworkChoice, TenderAnswers, TenderEditing, TenderStatus, TenderSummary};
use crate::errors::AppError;
use crate::journeys::guides::{GlossaryTerm, Term};
use crate::page_context::{by_id, id_param, loaded, posted_form, require_role};

#[component]
pub fn ManageTendersPage() -> impl IntoView {
    if let Err(denied) = require_role(Role::CouncilOfficer) {
        return denied;
    }
    let tenders = Resource::new(|| (), |_| get_council_tenders());
    view! {
        <Title text="Your council's tenders" />
        <h1 class="govuk-heading-l">"Your council's tenders"</h1>
        <p class="govuk-body">
            "Prepare a "<GlossaryTerm term=Term::Tender>"tender"</GlossaryTerm>", choose the "<GlossaryTerm term=Term::Measure>"measures"</GlossaryTerm>
            " bidders may offer, then open it. "<GlossaryTerm term=Term::Offer>"Offers"</GlossaryTerm>" close automatically at the deadline."
        </p>
        <a class="govuk-button" href="/manage/new-tender">"Create a tender"</a>
        {loaded(tenders, |tenders| view! { <TendersTable tenders /> })}
    }
    .into_any()
}

#[component]
fn TendersTable(tenders: Vec<TenderSummary>) -> impl IntoView {
    if tenders.is_empty() {
        return view! { <p class="govuk-body">"Your council has no tenders yet."</p> }.into_any();
    }
    view! {
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">"Tenders"</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"Reference"</th>
                    <th scope="col" class="govuk-table__header">"Title"</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Value"</th>
                    <th scope="col" class="govuk-table__header">"Deadline"</th>
                    <th scope="col" class="govuk-table__header">"Status"</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {tenders.into_iter().map(|t| view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell pb-nowrap">{t.reference.clone()}</td>
                        <td class="govuk-table__cell"><a class="govuk-link" href=format!("/manage/tenders/{}", t.id)>{t.title.clone()}</a></td>
                        <td class="govuk-table__cell govuk-table__cell--numeric">{t.contract_value.to_string()}</td>
                        <td class="govuk-table__cell">{t.deadline.clone()}</td>
                        <td class="govuk-table__cell"><strong class=t.status.tag_class()>{t.status.label()}</strong></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// Creating a tender (`/manage/new-tender`) or changing a draft's terms
/// (`/manage/tenders/:id/details`).
#[component]
pub fn TenderDetailsPage() -> impl IntoView {
    let posted = posted_form();
    let editing = id_param("id");
    if let Err(denied) = require_role(Role::CouncilOfficer) {
        return denied;
    }
    let source = Resource::new(
        move || editing,
        |editing| async move {
            let choices = get_framework_choices().await?;
            let answers = match editing {
                Some(id) => Some(get_tender_for_editing(id).await?.answers),
                None => None,
            };
            Ok::<_, AppError>((choices, answers))
        },
    );
    let title = if editing.is_some() { "Change the tender's terms" } else { "Create a tender" };
    let action = match editing {
        Some(id) => paths::DETAILS.id(id),
        None => paths::NEW_TENDER.pattern().to_owned(),
    };
    view! {
        <Title text=page_title(title, &posted) />
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=Signal::stored(posted.errors.0.clone()) />
                <h1 class="govuk-heading-l">{title}</h1>
                <p class="govuk-body">
                    "For help with the "<GlossaryTerm term=Term::Target>"target"</GlossaryTerm>", the "<GlossaryTerm term=Term::Weighting>"weighting"</GlossaryTerm>
                    " and the "<GlossaryTerm term=Term::ScoringMethod>"scoring method"</GlossaryTerm>", read "
                    <a class="govuk-link" href=crate::journeys::guides::paths::SETTING_UP_A_TENDER target="_blank" rel="noreferrer noopener">"the guide to setting up a tender (opens in new tab)"</a>"."
                </p>
                {loaded(source, move |(choices, saved)| {
                    let answers = if posted.values.is_empty() {
                        saved.unwrap_or_else(|| TenderAnswers {
                            duration_years: "3".into(),
                            deadline_time: "17:00".into(),
                            target_ratio: "0.25".into(),
                            sv_weighting: "10".into(),
                            quantitative_share: "70".into(),
                            scoring_method: ScoringRule::TargetRelative.as_str().into(),
                            ..Default::default()
                        })
                    } else {
                        TenderAnswers::from_fields(&posted.values)
                    };
                    view! { <TenderForm action=action.clone() answers choices posted=posted.clone() /> }
                })}
            </div>
        </div>
    }
    .into_any()
}

#[component]
fn TenderForm(
    action: String,
    answers: TenderAnswers,
    choices: Vec<FrameworkChoice>,
    posted: PostedForm,
) -> impl IntoView {
    let error = |id: &str| posted.error(id);
    let a = answers;
    let chosen_method = a.scoring_method.clone();
    let chosen_version = a.framework_version.clone();
    view! {
        <form method="post" action=action novalidate>
            <TextField id="reference" label="Reference" hint="Your council's reference for the procurement, like DCC-2027-014" value=a.reference.clone() error=error("reference") width_class="govuk-input--width-20" />
            <TextField id="title" label="Title" value=a.title.clone() error=error("title") />
            <TextArea id="description" label="What the contract is for" value=a.description.clone() error=error("description") />
            <TextField id="contract-value" label="Contract value (£)" hint=Hint::view(|| view! { "The whole "<GlossaryTerm term=Term::Contract>"contract's"</GlossaryTerm>" value over its length, like 2,000,000" }) value=a.contract_value.clone() error=error("contract-value") width_class="govuk-input--width-10" />
            <TextField id="duration-years" label="Length of the contract in years" hint=Hint::view(|| view! { "Whole years. Bidders commit quantities for each "<GlossaryTerm term=Term::ContractYear>"contract year"</GlossaryTerm>"." }) value=a.duration_years.clone() error=error("duration-years") width_class="govuk-input--width-3" />
            <DateInput id="start-date" legend="When the contract starts" hint="For example, 1 4 2027" day=a.start_day.clone() month=a.start_month.clone() year=a.start_year.clone() error=error("start-date") />
            <DateInput id="deadline" legend="Deadline for offers" hint="UK time. For example, 15 1 2027" day=a.deadline_day.clone() month=a.deadline_month.clone() year=a.deadline_year.clone() error=error("deadline") />
            <TextField id="deadline-time" label="Time offers must be in by" hint="UK time, like 17:00 or 5pm" value=a.deadline_time.clone() error=error("deadline-time") width_class="govuk-input--width-5" />
            <div class=if error("framework-version").is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                <label class="govuk-label govuk-label--s" for="framework-version">"Measures framework"</label>
                <div id="framework-version-hint" class="govuk-hint">"A published version. Bidders choose from the "<GlossaryTerm term=Term::Measure>"measures"</GlossaryTerm>" you pick from it."</div>
                <ErrorMessage id="framework-version-error" message=Signal::stored(error("framework-version")) />
                <select class="govuk-select" id="framework-version" name="framework-version" aria-describedby="framework-version-hint">
                    <option value="" selected=chosen_version.is_empty()>"Choose a framework"</option>
                    {choices.into_iter().map(|c| {
                        let selected = c.id.to_string() == chosen_version;
                        view! { <option value=c.id.to_string() selected=selected>{c.label}</option> }
                    }).collect_view()}
                </select>
            </div>
            <TextField id="target-ratio" label="Target social value per £1 of contract value (£)" hint=Hint::view(|| view! { "For example, 0.25 for 25p of "<GlossaryTerm term=Term::SocialValue>"social value"</GlossaryTerm>" per £1" }) value=a.target_ratio.clone() error=error("target-ratio") width_class="govuk-input--width-5" />
            <TextField id="sv-weighting" label="Social value weighting (%)" hint="Social value's share of the whole evaluation, commonly 10 to 20" value=a.sv_weighting.clone() error=error("sv-weighting") width_class="govuk-input--width-3" />
            <TextField id="quantitative-share" label="Quantitative part of the social value weighting (%)" hint=Hint::view(|| view! { "The rest is for the "<GlossaryTerm term=Term::WrittenResponse>"written responses"</GlossaryTerm>" officers mark" }) value=a.quantitative_share.clone() error=error("quantitative-share") width_class="govuk-input--width-3" />
            <div class=if error("scoring-method").is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                <fieldset class="govuk-fieldset" aria-describedby="scoring-method-hint">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"How the quantitative offer is scored"</legend>
                    <div id="scoring-method-hint" class="govuk-hint">"Each "<GlossaryTerm term=Term::Offer>"offer's"</GlossaryTerm>" ratio is social value per £1 of "<GlossaryTerm term=Term::ContractValue>"contract value"</GlossaryTerm></div>
                    <ErrorMessage id="scoring-method-error" message=Signal::stored(error("scoring-method")) />
                    <div class="govuk-radios" data-module="govuk-radios">
                        {ScoringRule::ALL.into_iter().enumerate().map(|(i, rule)| {
                            let id = if i == 0 { "scoring-method".to_owned() } else { format!("scoring-method-{}", rule.as_str()) };
                            let hint = match rule {
                                ScoringRule::TargetRelative => "Full marks at the target; less in proportion below it",
                                ScoringRule::BestRelative => "Full marks for the best offer; others in proportion to it",
                            };
                            view! {
                                <div class="govuk-radios__item">
                                    <input class="govuk-radios__input" id=id.clone() name="scoring-method" type="radio" value=rule.as_str() checked=chosen_method == rule.as_str() />
                                    <label class="govuk-label govuk-radios__label" for=id>{rule.label()}</label>
                                    <div class="govuk-hint govuk-radios__hint">{hint}</div>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            </div>
            <MarkingScaleFields descriptors=a.marking_scale.clone() posted=posted.clone() />
            <button type="submit" class="govuk-button" data-module="govuk-button">"Save and continue"</button>
        </form>
    }
}

/// The written answers' marking scale: a descriptor for each mark from 0 to 5, the default
/// filled in.
#[component]
fn MarkingScaleFields(descriptors: Vec<String>, posted: PostedForm) -> impl IntoView {
    view! {
        <div class="govuk-form-group">
            <fieldset class="govuk-fieldset" aria-describedby="marking-scale-hint">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Marking scale for the written responses"</legend>
                <div id="marking-scale-hint" class="govuk-hint">"Officers mark each written response from 0 to 5. Say what each mark means; the usual wording is filled in."</div>
                {DEFAULT_DESCRIPTORS.iter().enumerate().map(|(mark, default)| {
                    let id = MarkingScale::field(mark);
                    let error = posted.error(&id);
                    let value = descriptors.get(mark).filter(|d| !d.trim().is_empty()).cloned().unwrap_or_else(|| (*default).to_owned());
                    view! {
                        <div class=if error.is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                            <label class="govuk-label" for=id.clone()>{format!("Mark {mark}")}</label>
                            <ErrorMessage id=format!("{id}-error") message=Signal::stored(error.clone()) />
                            <input class=if error.is_some() { "govuk-input govuk-input--error" } else { "govuk-input" } id=id.clone() name=id.clone() type="text" value=value aria-describedby=error.is_some().then(|| format!("{id}-error")) />
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        </div>
    }
}

/// A tender's own page for its council's staff.
#[component]
pub fn ManageTenderPage() -> impl IntoView {
    let posted = posted_form();
    let id = id_param("id");
    let query = use_query_map();
    let (words, notice) = query.with_untracked(|q| {
        let notice = ["created", "saved", "opened", "cancelled", "awarded"].into_iter().find(|n| q.get(n).is_some());
        (q.get("words").unwrap_or_default(), notice)
    });
    if let Err(denied) = require_role(Role::CouncilOfficer) {
        return denied;
    }
    let tender = by_id(id, get_tender_for_editing);
    view! {
        {loaded(tender, move |editing| view! { <ManageTenderView editing posted=posted.clone() words=words.clone() notice /> })}
    }
    .into_any()
}

#[component]
fn ManageTenderView(
    editing: TenderEditing,
    posted: PostedForm,
    words: String,
    notice: Option<&'static str>,
) -> impl IntoView {
    let details = editing.details.clone();
    let summary = details.summary.clone();
    let id = summary.id;
    let status = summary.status;
    let is_draft = status == TenderStatus::Draft;
    let banner = notice.map(|n| match n {
        "created" => view! { <SuccessBanner title="Success" text="Tender created. Now choose its measures." /> },
        "opened" => {
            view! { <SuccessBanner title="Success" text="The tender is open. Suppliers can now make offers." /> }
        }
        "cancelled" => view! { <SuccessBanner title="Success" text="The tender has been cancelled." /> },
        "awarded" => view! { <SuccessBanner title="Success" text="The contract has been awarded." /> },
        _ => view! { <SuccessBanner title="Success" text="Your changes have been saved." /> },
    });
    view! {
        <Title text=page_title(&summary.title, &posted) />
        <ErrorSummary errors=Signal::stored(posted.errors.0.clone()) />
        {banner}
        <span class="govuk-caption-l">{format!("{} · {}", summary.reference, summary.council_name)}</span>
        <h1 class="govuk-heading-l">{summary.title.clone()}</h1>
        <p class="govuk-body"><strong class=status.tag_class()>{status.label()}</strong></p>
        <h2 class="govuk-heading-m">"Terms"</h2>
        <TenderTerms details=details.clone() />
        {is_draft.then(|| view! {
            <p class="govuk-body"><a class="govuk-link" href=format!("/manage/tenders/{id}/details")>"Change the terms"<span class="govuk-visually-hidden">" of this tender"</span></a></p>
        })}
        {if is_draft {
            view! { <MeasureSelection editing=editing.clone() words /> }.into_any()
        } else {
            view! {
                <h2 class="govuk-heading-m">{format!("Measures ({})", details.measures.len())}</h2>
                <super::public::MeasuresByTheme measures=details.measures.clone() />
                <p class="govuk-body"><a class="govuk-link" href=format!("/tenders/{id}")>"See the tender as suppliers see it"</a></p>
            }
            .into_any()
        }}
        {is_draft.then(|| {
            let problems = editing.open_problems.clone();
            view! {
                <h2 class="govuk-heading-m">"Open the tender"</h2>
                {if problems.is_empty() {
                    view! { <p class="govuk-body">"Once open, suppliers can see the tender and make offers until the deadline. Its terms and measures can no longer change."</p> }.into_any()
                } else {
                    view! {
                        <p class="govuk-body">"Before it can open:"</p>
                        <ul class="govuk-list govuk-list--bullet">{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                    }
                    .into_any()
                }}
                <div class=if posted.error("open").is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                    <ErrorMessage id="open-error" message=Signal::stored(posted.error("open")) />
                    <form method="post" action=paths::OPEN.id(id)>
                        <button type="submit" class="govuk-button" id="open" data-module="govuk-button">"Open the tender to bidders"</button>
                    </form>
                </div>
            }
        })}
        {matches!(status, TenderStatus::Closed | TenderStatus::Awarded).then(|| view! {
            <Offers editing=editing.clone() />
        })}
        {matches!(status, TenderStatus::Draft | TenderStatus::Open | TenderStatus::Closed).then(|| view! {
            <h2 class="govuk-heading-m">"Cancel the tender"</h2>
            <form method="post" action=paths::CANCEL.id(id)>
                <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">"Cancel this tender"</button>
            </form>
        })}
    }
}

/// The draft's measure choice: a search (GET) over the framework's measures, and a form that
/// saves the choice for the measures shown.
#[component]
fn MeasureSelection(editing: TenderEditing, words: String) -> impl IntoView {
    let id = editing.details.summary.id;
    let chosen_count = editing.framework_measures.iter().filter(|(_, chosen)| *chosen).count();
    let shown: Vec<_> = editing.framework_measures.iter().filter(|(m, _)| m.measure.matches(&words)).cloned().collect();
    let shown_count = shown.len();
    view! {
        <h2 class="govuk-heading-m" id="measures">"Measures bidders may offer"</h2>
        <p class="govuk-body">{format!("{chosen_count} of {} chosen.", editing.framework_measures.len())}</p>
        <form method="get" action=format!("{}#measures", paths::MANAGE.id(id)) class="pb-search">
            <div class="govuk-form-group">
                <label class="govuk-label govuk-label--s" for="words">"Search measures"</label>
                <div id="words-hint" class="govuk-hint">"A code or words from the measure"</div>
                <input class="govuk-input govuk-input--width-20" id="words" name="words" type="search" aria-describedby="words-hint" value=words.clone() />
                <button type="submit" class="govuk-button govuk-button--secondary pb-search__button" data-module="govuk-button">"Search"</button>
            </div>
        </form>
        {(!words.is_empty()).then(|| view! {
            <p class="govuk-body">{format!("{shown_count} measures match “{words}”. ")}<a class="govuk-link" href=format!("/manage/tenders/{id}#measures")>"Show all measures"</a></p>
        })}
        <form method="post" action=paths::MEASURES.id(id)>
            <div class="govuk-form-group">
                <fieldset class="govuk-fieldset">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Choose the measures"</legend>
                    <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                        {shown.into_iter().map(|(m, chosen)| {
                            let field = format!("measure-{}", m.id);
                            let kind = match m.measure.kind {
                                MeasureKind::Monetised => m.measure.proxy_value.map(|p| format!("{p} per {}", m.measure.unit)).unwrap_or_default(),
                                MeasureKind::RecordOnly => format!("Recorded in {}, no £", m.measure.unit),
                                MeasureKind::Qualitative => "Written response".to_owned(),
                            };
                            view! {
                                <input type="hidden" name="shown" value=m.id.to_string() />
                                <div class="govuk-checkboxes__item">
                                    <input class="govuk-checkboxes__input" id=field.clone() name="chosen" type="checkbox" value=m.id.to_string() checked=chosen />
                                    <label class="govuk-label govuk-checkboxes__label" for=field>{format!("{} {}: {}", m.measure.code, m.measure.theme, m.measure.description)}</label>
                                    <div class="govuk-hint govuk-checkboxes__hint">{kind}</div>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            </div>
            <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Save the chosen measures"</button>
        </form>
        <p class="govuk-body-s">{format!("Contract starts {}.", display_date(&editing.details.summary.start_date))}</p>
    }
}

/// The submitted offers once the deadline has passed, with their quantitative scores, and the
/// award (a closed tender only).
#[component]
fn Offers(editing: TenderEditing) -> impl IntoView {
    let id = editing.details.summary.id;
    let scoring = editing.details.scoring;
    let out_of = crate::calc::format_score(scoring.sv_weighting);
    let can_award = editing.details.summary.status == TenderStatus::Closed && !editing.offers.is_empty();
    let offers = editing.offers.clone();
    view! {
        <h2 class="govuk-heading-m">{format!("Offers received ({})", offers.len())}</h2>
        <p class="govuk-body"><a class="govuk-link" href=crate::journeys::evaluation::paths::EVALUATION.id(id)>"Evaluate the offers side by side"</a>": scores with their working, excluded lines, and marking the written responses."</p>
        {editing.contract_id.map(|contract| view! {
            <p class="govuk-body"><a class="govuk-link" href=crate::journeys::contracts::paths::CONTRACT.id(contract)>"See the contract"</a>": its commitments, officers and quarters."</p>
        })}
        {if offers.is_empty() {
            view! { <p class="govuk-body">"No offers were submitted before the deadline."</p> }.into_any()
        } else {
            view! {
                <table class="govuk-table">
                    <caption class="govuk-visually-hidden">"Submitted offers, best social value score first"</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Supplier"</th>
                            <th scope="col" class="govuk-table__header">"Reference"</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Social value"</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Per £1"</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Rank"</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">{format!("Social value score (of {out_of})")}</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {offers.iter().map(|o| view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">{o.supplier_name.clone()}{(editing.awarded_offer_id == Some(o.offer_id)).then(|| view! { " " <strong class="govuk-tag govuk-tag--blue">"Awarded"</strong> })}</td>
                                <td class="govuk-table__cell pb-nowrap">{o.reference.clone()}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{o.total.to_string()}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{o.ratio.map(|r| r.to_string()).unwrap_or_default()}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{o.rank}{o.tied.then_some(" (tie)")}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{crate::calc::format_score(o.score)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }
            .into_any()
        }}
        {can_award.then(|| view! {
            <p class="govuk-body">"Once every offer's written answers are moderated, award the contract: you choose the winning offer and check the award before it is made."</p>
            <a class="govuk-button" data-module="govuk-button" href=crate::journeys::contracts::paths::AWARD.id(id)>"Award the contract"</a>
        })}
    }
}
