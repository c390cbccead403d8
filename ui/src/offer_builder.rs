//! The offer builder: an island. Every keystroke recomputes the line's £ value, the totals by
//! year and theme, the ratio, the progress against the target and the indicative score, with
//! the same `check_offer` the server runs. Drafts save themselves a second after typing stops;
//! the Save button (and the whole form, with JavaScript off) posts to the server instead.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;

use calc::{format_score, parse_line, LineError, Money, OfferLine};
use crate::error_summary::{ErrorMessage, ErrorSummary};
use domain::form::FieldError;
use domain::frameworks::{MeasureKind, StoredMeasure};
use domain::offers::{
    check_offer, line_terms, plan_field, quantity_field, response_field, text_too_long, ItemAnswers, OfferAnswers,
    OfferCheck, OfferPage, MAX_PLAN_CHARS, MAX_RESPONSE_CHARS,
};
use crate::glossary_term::GlossaryTerm;
use domain::glossary::Term;

/// One quantity box: a measure in one contract year.
#[derive(Clone)]
struct Cell {
    year: u32,
    field: String,
    typed: RwSignal<String>,
    parsed: Memo<Result<Option<OfferLine>, LineError>>,
}

/// Everything typed for one measure.
#[derive(Clone)]
struct Item {
    measure: StoredMeasure,
    cells: Vec<Cell>,
    plan: RwSignal<String>,
    response: RwSignal<String>,
}

impl Item {
    fn answers(&self) -> ItemAnswers {
        ItemAnswers {
            quantities: self.cells.iter().map(|c| (c.year, c.typed.get())).collect(),
            plan: self.plan.get(),
            response: self.response.get(),
        }
    }

    fn fields(&self, into: &mut Vec<(String, String)>) {
        for cell in &self.cells {
            into.push((cell.field.clone(), cell.typed.get_untracked()));
        }
        into.push((plan_field(self.measure.id), self.plan.get_untracked()));
        into.push((response_field(self.measure.id), self.response.get_untracked()));
    }
}

#[derive(Clone, PartialEq)]
enum SaveState {
    Saved(Option<String>),
    Unsaved,
    Saving,
    Failed(String),
}

#[island]
pub fn OfferBuilder(page: OfferPage) -> impl IntoView {
    let offer_id = page.offer_id;
    let terms = Arc::new(page.terms.clone());
    let measures = Arc::new(page.measures.clone());
    let duration = page.terms.duration_years;

    let items: Arc<Vec<Item>> = Arc::new(
        page.measures
            .iter()
            .map(|measure| {
                let saved = page.answers.get(&measure.id).cloned().unwrap_or_default();
                let line_terms = Arc::new(line_terms(measure));
                // A box for each year the measure counts in: every contract year, or year 1 alone
                // for a first-year-only measure. Any other year that holds a quantity (posted by
                // hand, say) gets a box too, so that it is shown with the server's refusal and can
                // be emptied.
                let counted: Vec<u32> =
                    if measure.measure.first_year_only { vec![1] } else { (1..=duration).collect() };
                let mut years = counted.clone();
                years.extend(
                    saved
                        .quantities
                        .iter()
                        .filter(|(year, typed)| !counted.contains(year) && !typed.trim().is_empty())
                        .map(|(year, _)| *year),
                );
                let cells = if measure.measure.kind == MeasureKind::Qualitative {
                    vec![]
                } else {
                    years
                        .into_iter()
                        .map(|year| {
                            let typed = RwSignal::new(saved.quantities.get(&year).cloned().unwrap_or_default());
                            let line_terms = line_terms.clone();
                            let parsed = Memo::new(move |_| parse_line(&line_terms, year, duration, &typed.get()));
                            Cell { year, field: quantity_field(measure.id, year), typed, parsed }
                        })
                        .collect()
                };
                Item {
                    measure: measure.clone(),
                    cells,
                    plan: RwSignal::new(saved.plan.clone()),
                    response: RwSignal::new(saved.response.clone()),
                }
            })
            .collect(),
    );

    // The figures: the very function the server uses to recompute and store them.
    let check: Memo<OfferCheck> = {
        let items = items.clone();
        Memo::new(move |_| {
            let answers: OfferAnswers = items.iter().map(|item| (item.measure.id, item.answers())).collect();
            check_offer(&terms, &measures, &answers)
        })
    };
    let has_errors_at_load = !check.get_untracked().errors.is_empty();
    let summary_errors =
        Signal::derive(
            move || {
                if has_errors_at_load {
                    check.with(|c| c.errors.0.clone())
                } else {
                    Vec::<FieldError>::new()
                }
            },
        );

    // Autosave: a second after the last keystroke, the whole draft goes to the server.
    let save_state = RwSignal::new(SaveState::Saved(page.last_saved.clone()));
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let schedule_save = {
        let items = items.clone();
        Callback::new(move |()| {
            save_state.set(SaveState::Unsaved);
            if let Some(handle) = pending.get_value() {
                handle.clear();
            }
            let items = items.clone();
            let handle = set_timeout_with_handle(
                move || {
                    let mut fields = Vec::new();
                    for item in items.iter() {
                        item.fields(&mut fields);
                    }
                    save_state.set(SaveState::Saving);
                    leptos::task::spawn_local(async move {
                        match crate::autosave::autosave_offer(offer_id, fields).await {
                            Ok(saved_at) => {
                                if save_state.get_untracked() == SaveState::Saving {
                                    save_state.set(SaveState::Saved(Some(saved_at)));
                                }
                            }
                            Err(error) => save_state.set(SaveState::Failed(error.to_string())),
                        }
                    });
                },
                Duration::from_millis(1000),
            )
            .ok();
            pending.set_value(handle);
        })
    };

    let mut themes: Vec<(String, Vec<Item>)> = Vec::new();
    for item in items.iter() {
        match themes.iter_mut().find(|(t, _)| *t == item.measure.measure.theme) {
            Some((_, list)) => list.push(item.clone()),
            None => themes.push((item.measure.measure.theme.clone(), vec![item.clone()])),
        }
    }
    let scoring = page.terms.scoring;
    let target = scoring.target;
    let theme_order = domain::tenders::theme_order(&page.measures);
    // The first measure of each kind, in the order shown, links the terms its hint uses.
    let shown: Vec<i64> = themes.iter().flat_map(|(_, items)| items.iter().map(|i| i.measure.id)).collect();
    let first_of = |qualitative: bool| {
        shown.iter().copied().find(|id| {
            items
                .iter()
                .any(|i| i.measure.id == *id && (i.measure.measure.kind == MeasureKind::Qualitative) == qualitative)
        })
    };
    let (first_counted, first_written) = (first_of(false), first_of(true));

    view! {
        <form method="post" action=domain::routes::offers::paths::OFFER.id(offer_id) novalidate class="pb-offer">
            <ErrorSummary errors=summary_errors />
            <div class="govuk-grid-row pb-offer__layout">
                <div class="govuk-grid-column-two-thirds-from-desktop">
                    {themes.into_iter().map(|(theme, items)| view! {
                        <h2 class="govuk-heading-l pb-theme-heading">{theme}</h2>
                        {items.into_iter().map(|item| {
                            let first = Some(item.measure.id) == first_counted || Some(item.measure.id) == first_written;
                            view! { <MeasureEntry item first schedule_save /> }
                        }).collect_view()}
                    }).collect_view()}
                    <FiguresBar check scoring />
                </div>
                <div class="govuk-grid-column-one-third-from-desktop pb-offer__aside">
                    <section class="pb-figures" aria-labelledby="figures-heading">
                        // The key figures stay in view beside the measures; the totals by year and
                        // by theme, below them, scroll under them.
                        <div class="pb-figures__key">
                            <h2 class="govuk-heading-m" id="figures-heading">"Your offer"</h2>
                            <table class="govuk-table pb-figures__table">
                                <caption class="govuk-visually-hidden">"Your offer's figures"</caption>
                                <tbody class="govuk-table__body">
                                    <tr class="govuk-table__row">
                                        <th scope="row" class="govuk-table__header">"Total social value"</th>
                                        <td class="govuk-table__cell govuk-table__cell--numeric pb-figures__total">{move || check.with(|c| c.figures.total.to_string())}</td>
                                    </tr>
                                    <tr class="govuk-table__row">
                                        <th scope="row" class="govuk-table__header">"Per £1 of contract value"</th>
                                        <td class="govuk-table__cell govuk-table__cell--numeric">{move || check.with(|c| c.figures.ratio.map(|r| format!("{r} ({})", r.percent())).unwrap_or_default())}</td>
                                    </tr>
                                    <tr class="govuk-table__row">
                                        <th scope="row" class="govuk-table__header">"Indicative score"</th>
                                        <td class="govuk-table__cell govuk-table__cell--numeric">{move || check.with(|c| format!("{} of {}", format_score(scoring.indicative_score(c.figures.ratio)), format_score(scoring.quantitative_weight())))}</td>
                                    </tr>
                                </tbody>
                            </table>
                            <div class="govuk-form-group pb-progress">
                                <label class="govuk-label govuk-body-s" for="target-progress">{format!("Against the target of {target}")}</label>
                                <progress id="target-progress" max="100" value=move || check.with(|c| percent_of_target(c, target.value()).min(100).to_string())></progress>
                                <p class="govuk-body-s">{move || check.with(|c| format!("{}% of the ", percent_of_target(c, target.value())))}<GlossaryTerm term=Term::Target>"target"</GlossaryTerm></p>
                            </div>
                            {(scoring.rule == calc::ScoringRule::BestRelative).then(|| view! {
                                <p class="govuk-body-s">"This "<GlossaryTerm term=Term::Tender>"tender"</GlossaryTerm>" scores offers against the best offer received. Until offers are evaluated, your score is shown against the target."</p>
                            })}
                            <p class="govuk-body-s pb-save-status" role="status">{move || match save_state.get() {
                                SaveState::Saved(Some(at)) => format!("Draft saved: {at}"),
                                SaveState::Saved(None) => "Not saved yet".to_owned(),
                                SaveState::Unsaved => "Unsaved changes".to_owned(),
                                SaveState::Saving => "Saving…".to_owned(),
                                SaveState::Failed(why) => format!("Not saved. {why} To try again, use the Save draft button."),
                            }}</p>
                        </div>
                        <div class="pb-figures__more">
                            <table class="govuk-table pb-figures__table">
                                <caption class="govuk-table__caption govuk-table__caption--s">"By contract year"</caption>
                                <tbody class="govuk-table__body">
                                    {(1..=duration).map(|year| view! {
                                        <tr class="govuk-table__row">
                                            <th scope="row" class="govuk-table__header">{format!("Year {year}")}</th>
                                            <td class="govuk-table__cell govuk-table__cell--numeric">{move || check.with(|c| c.figures.by_year.get(&year).copied().unwrap_or(Money::ZERO).to_string())}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            // Shown once a theme has a value: a table with a caption and no rows
                            // reads as a layout table (HTML_CodeSniffer H39.3).
                            <Show when=move || check.with(|c| !c.figures.by_theme.is_empty())>
                                <table class="govuk-table pb-figures__table">
                                    <caption class="govuk-table__caption govuk-table__caption--s">"By theme"</caption>
                                    <tbody class="govuk-table__body">
                                        {let theme_order = theme_order.clone(); move || check.with(|c| theme_order.iter().filter_map(|theme| c.figures.by_theme.get(theme).map(|value| view! {
                                            <tr class="govuk-table__row">
                                                <th scope="row" class="govuk-table__header">{theme.clone()}</th>
                                                <td class="govuk-table__cell govuk-table__cell--numeric">{value.to_string()}</td>
                                            </tr>
                                        })).collect_view())}
                                    </tbody>
                                </table>
                            </Show>
                        </div>
                    </section>
                </div>
            </div>
            <div class="govuk-button-group">
                <button type="submit" name=domain::routes::offers::fields::ACTION value=domain::routes::offers::fields::ACTION_CHECK class="govuk-button" data-module="govuk-button">"Continue to check your offer"</button>
                <button type="submit" name=domain::routes::offers::fields::ACTION value=domain::routes::offers::fields::ACTION_SAVE class="govuk-button govuk-button--secondary" data-module="govuk-button">"Save draft"</button>
            </div>
        </form>
    }
}

/// The offer's key figures in a line or two, for screens too narrow for the panel beside the
/// form: it stays at the foot of the window while the measures scroll, and rests after the last
/// measure, just before the full panel. Wide screens hide it (`style/components/_offers.scss`).
#[component]
fn FiguresBar(check: Memo<OfferCheck>, scoring: calc::ScoringTerms) -> impl IntoView {
    let target = scoring.target;
    view! {
        <div class="pb-figures-bar" role="group" aria-label="Your offer so far">
            <dl class="pb-figures-bar__list">
                <div class="pb-figures-bar__figure">
                    <dt>"Total"</dt>
                    <dd>{move || check.with(|c| c.figures.total.to_string())}</dd>
                </div>
                <div class="pb-figures-bar__figure">
                    <dt>"Per £1"</dt>
                    <dd>{move || check.with(|c| Money::from_pounds(c.figures.ratio.map(|r| r.value()).unwrap_or_default()).to_string())}</dd>
                </div>
                <div class="pb-figures-bar__figure">
                    <dt>"Of target"</dt>
                    <dd>{move || check.with(|c| format!("{}%", percent_of_target(c, target.value())))}</dd>
                </div>
                <div class="pb-figures-bar__figure">
                    <dt>"Score"</dt>
                    <dd>{move || check.with(|c| format!("{} of {}", format_score(scoring.indicative_score(c.figures.ratio)), format_score(scoring.quantitative_weight())))}</dd>
                </div>
            </dl>
        </div>
    }
}

/// The offer's ratio as a whole percentage of the target.
fn percent_of_target(check: &OfferCheck, target: rust_decimal::Decimal) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    match check.figures.ratio {
        Some(ratio) if !target.is_zero() => (ratio.value() * rust_decimal::Decimal::ONE_HUNDRED / target)
            .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            .to_i64()
            .unwrap_or(0),
        _ => 0,
    }
}

/// One measure's boxes: a quantity per contract year and a delivery plan, or a written response.
/// The `first` measure of its kind (counted, or written) links the glossary terms it uses.
#[component]
fn MeasureEntry(item: Item, first: bool, schedule_save: Callback<()>) -> impl IntoView {
    let m = &item.measure.measure;
    let id = item.measure.id;
    let hint_id = format!("measure-{id}-hint");
    let kind_hint = match (m.kind, m.proxy_value) {
        (MeasureKind::Qualitative, _) => view! {
            "A "<GlossaryTerm term=Term::WrittenResponse link=first>"written response"</GlossaryTerm>": it adds no £."
        }
        .into_any(),
        (MeasureKind::Monetised, Some(proxy)) => view! {
            <GlossaryTerm term=Term::Unit link=first>"Unit"</GlossaryTerm>{format!(": {}. Each is worth {proxy}.", m.unit)}
        }
        .into_any(),
        _ => view! {
            <GlossaryTerm term=Term::Unit link=first>"Unit"</GlossaryTerm>{format!(": {}. Recorded only: it adds no £.", m.unit)}
        }
        .into_any(),
    };
    let mut hint = String::new();
    if m.kind != MeasureKind::Qualitative {
        hint.push_str(if m.allows_fraction { " Decimals allowed, up to 2 places." } else { " Whole numbers only." });
    }
    if m.first_year_only {
        hint.push_str(" Counts in year 1 only.");
    }
    let legend = format!("{} {}", m.code, m.description);
    let cells = item.cells.clone();
    let subtotal = {
        let cells = cells.clone();
        move || {
            let total: Money = cells
                .iter()
                .filter_map(|c| c.parsed.with(|p| p.as_ref().ok().and_then(|l| l.as_ref().map(OfferLine::value))))
                .sum();
            total.to_string()
        }
    };
    let is_qualitative = m.kind == MeasureKind::Qualitative;
    let outcome = m.outcome.clone();
    let help =
        MeasureHelp { code: m.code.clone(), guidance: m.guidance.clone(), evidence: m.evidence_required.clone() };
    view! {
        <div class="govuk-form-group pb-measure">
            <fieldset class="govuk-fieldset" aria-describedby=hint_id.clone()>
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
                <div id=hint_id.clone() class="govuk-hint">{format!("{outcome}. ")}{kind_hint}{hint}</div>
                {help.view()}
                {if is_qualitative {
                    view! { <TextBox id=response_field(id) label="Your response" rows=5 max=MAX_RESPONSE_CHARS too_long=text_too_long(&m.code, m.kind) text=item.response schedule_save /> }.into_any()
                } else {
                    view! {
                        <div class="pb-years">
                            {cells.into_iter().map(|cell| view! { <QuantityBox cell schedule_save /> }).collect_view()}
                        </div>
                        <p class="govuk-body-s pb-measure__subtotal">"Value of this "<GlossaryTerm term=Term::Measure link=first>"measure"</GlossaryTerm>": "<strong>{subtotal}</strong></p>
                        <TextBox id=plan_field(id) label="How you will deliver it" rows=2 max=MAX_PLAN_CHARS too_long=text_too_long(&m.code, m.kind) text=item.plan schedule_save />
                    }
                    .into_any()
                }}
            </fieldset>
        </div>
    }
}

/// What the framework says about a measure: how to count it, and the evidence that will prove
/// its delivery. Shown in a GOV.UK details component (a native `<details>`, so it opens with
/// JavaScript off too), beside the measure's boxes.
struct MeasureHelp {
    code: String,
    guidance: String,
    evidence: String,
}

impl MeasureHelp {
    fn view(self) -> Option<impl IntoView> {
        let MeasureHelp { code, guidance, evidence } = self;
        let (guidance, evidence) = (guidance.trim().to_owned(), evidence.trim().to_owned());
        let summary = match (guidance.is_empty(), evidence.is_empty()) {
            (true, true) => return None,
            (false, false) => "Guidance and evidence required",
            (false, true) => "Guidance",
            (true, false) => "Evidence required",
        };
        let both = !guidance.is_empty() && !evidence.is_empty();
        Some(view! {
            <details class="govuk-details pb-measure__help">
                <summary class="govuk-details__summary">
                    <span class="govuk-details__summary-text">{summary}<span class="govuk-visually-hidden">{format!(" for {code}")}</span></span>
                </summary>
                <div class="govuk-details__text">
                    {(!guidance.is_empty()).then(|| view! {
                        {both.then(|| view! { <h3 class="govuk-heading-s govuk-!-margin-bottom-1">"Guidance"</h3> })}
                        <p class=if both { "govuk-body pb-preserve-lines" } else { "govuk-body pb-preserve-lines govuk-!-margin-bottom-0" }>{guidance}</p>
                    })}
                    {(!evidence.is_empty()).then(|| view! {
                        {both.then(|| view! { <h3 class="govuk-heading-s govuk-!-margin-bottom-1">"Evidence required"</h3> })}
                        <p class="govuk-body pb-preserve-lines govuk-!-margin-bottom-0">{evidence}</p>
                    })}
                </div>
            </details>
        })
    }
}

#[component]
fn QuantityBox(cell: Cell, schedule_save: Callback<()>) -> impl IntoView {
    let Cell { year, field, typed, parsed } = cell;
    let error = Signal::derive(move || parsed.with(|p| p.as_ref().err().map(ToString::to_string)));
    let value = move || {
        parsed.with(|p| match p {
            Ok(Some(line)) => line.value().to_string(),
            _ => "£0.00".to_owned(),
        })
    };
    let error_id = format!("{field}-error");
    let described_by = {
        let error_id = error_id.clone();
        move || error.get().map(|_| error_id.clone())
    };
    view! {
        <div class=move || if error.get().is_some() { "govuk-form-group govuk-form-group--error pb-year" } else { "govuk-form-group pb-year" }>
            <label class="govuk-label" for=field.clone()>{format!("Year {year}")}</label>
            <ErrorMessage id=error_id message=error />
            <input
                class=move || if error.get().is_some() { "govuk-input govuk-input--width-5 govuk-input--error" } else { "govuk-input govuk-input--width-5" }
                id=field.clone()
                name=field
                type="text"
                inputmode="decimal"
                autocomplete="off"
                spellcheck="false"
                aria-describedby=described_by
                value=typed.get_untracked()
                on:input=move |ev| {
                    typed.set(event_target_value(&ev));
                    schedule_save.run(());
                }
            />
            <span class="govuk-body-s pb-year__value">{value}</span>
        </div>
    }
}

#[component]
fn TextBox(
    id: String,
    label: &'static str,
    rows: u32,
    max: usize,
    /// The message once the text is over `max`: the server's own.
    too_long: String,
    text: RwSignal<String>,
    schedule_save: Callback<()>,
) -> impl IntoView {
    let error = Signal::derive(move || text.with(|t| (t.chars().count() > max).then(|| too_long.clone())));
    let error_id = format!("{id}-error");
    let described_by = {
        let error_id = error_id.clone();
        move || error.get().map(|_| error_id.clone())
    };
    view! {
        <div class=move || if error.get().is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
            <label class="govuk-label" for=id.clone()>{label}</label>
            <ErrorMessage id=error_id message=error />
            <textarea
                class=move || if error.get().is_some() { "govuk-textarea govuk-textarea--error" } else { "govuk-textarea" }
                id=id.clone()
                name=id
                rows=rows
                aria-describedby=described_by
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    schedule_save.run(());
                }
            >{crate::raw_text::textarea_text(&text.get_untracked())}</textarea>
        </div>
    }
}
