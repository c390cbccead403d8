//! The offer builder: an island. Every keystroke recomputes the line's £ value, the totals by
//! year and theme, the ratio, the progress against the target and the indicative score, with
//! the same `check_offer` the server runs. Drafts save themselves a second after typing stops;
//! the Save button (and the whole form, with JavaScript off) posts to the server instead.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;

use crate::calc::{format_score, parse_line, LineError, Money, OfferLine};
use crate::components::error_summary::{ErrorMessage, ErrorSummary};
use crate::domain::form::FieldError;
use crate::domain::frameworks::{MeasureKind, StoredMeasure};
use crate::domain::offers::{
    check_offer, line_terms, plan_field, quantity_field, response_field, ItemAnswers, OfferAnswers, OfferCheck,
    OfferPage, MAX_PLAN_CHARS, MAX_RESPONSE_CHARS,
};

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
                // Every contract year, plus any year typed that is beyond it (so it is shown and refused).
                let mut years: Vec<u32> = (1..=duration).collect();
                years.extend(saved.quantities.keys().copied().filter(|y| *y > duration || *y == 0));
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
                        match super::autosave_offer(offer_id, fields).await {
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
    let theme_order = crate::domain::tenders::theme_order(&page.measures);

    view! {
        <form method="post" action=super::paths::OFFER.id(offer_id) novalidate class="pb-offer">
            <ErrorSummary errors=summary_errors />
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    {themes.into_iter().map(|(theme, items)| view! {
                        <h2 class="govuk-heading-l pb-theme-heading">{theme}</h2>
                        {items.into_iter().map(|item| view! { <MeasureEntry item schedule_save /> }).collect_view()}
                    }).collect_view()}
                </div>
                <div class="govuk-grid-column-one-third">
                    <section class="pb-figures" aria-labelledby="figures-heading">
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
                            <p class="govuk-body-s">{move || check.with(|c| format!("{}% of the target", percent_of_target(c, target.value())))}</p>
                        </div>
                        {(scoring.rule == crate::calc::ScoringRule::BestRelative).then(|| view! {
                            <p class="govuk-body-s">"This tender scores offers against the best offer received. Until offers are evaluated, your score is shown against the target."</p>
                        })}
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
                        <table class="govuk-table pb-figures__table">
                            <caption class="govuk-table__caption govuk-table__caption--s">"By theme"</caption>
                            <tbody class="govuk-table__body">
                                {move || check.with(|c| theme_order.iter().filter_map(|theme| c.figures.by_theme.get(theme).map(|value| view! {
                                    <tr class="govuk-table__row">
                                        <th scope="row" class="govuk-table__header">{theme.clone()}</th>
                                        <td class="govuk-table__cell govuk-table__cell--numeric">{value.to_string()}</td>
                                    </tr>
                                })).collect_view())}
                            </tbody>
                        </table>
                        <p class="govuk-body-s pb-save-status" role="status">{move || match save_state.get() {
                            SaveState::Saved(Some(at)) => format!("Draft saved: {at}"),
                            SaveState::Saved(None) => "Not saved yet".to_owned(),
                            SaveState::Unsaved => "Unsaved changes".to_owned(),
                            SaveState::Saving => "Saving…".to_owned(),
                            SaveState::Failed(why) => format!("Not saved. {why} To try again, use the Save draft button."),
                        }}</p>
                    </section>
                </div>
            </div>
            <div class="govuk-button-group">
                <button type="submit" name=super::fields::ACTION value=super::fields::ACTION_CHECK class="govuk-button" data-module="govuk-button">"Continue to check your offer"</button>
                <button type="submit" name=super::fields::ACTION value=super::fields::ACTION_SAVE class="govuk-button govuk-button--secondary" data-module="govuk-button">"Save draft"</button>
            </div>
        </form>
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
#[component]
fn MeasureEntry(item: Item, schedule_save: Callback<()>) -> impl IntoView {
    let m = &item.measure.measure;
    let id = item.measure.id;
    let hint_id = format!("measure-{id}-hint");
    let mut hint = match (m.kind, m.proxy_value) {
        (MeasureKind::Monetised, Some(proxy)) => format!("Unit: {}. Each is worth {proxy}.", m.unit),
        (MeasureKind::Qualitative, _) => "A written response: it adds no £.".to_owned(),
        _ => format!("Unit: {}. Recorded only: it adds no £.", m.unit),
    };
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
    view! {
        <div class="govuk-form-group pb-measure">
            <fieldset class="govuk-fieldset" aria-describedby=hint_id.clone()>
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
                <div id=hint_id.clone() class="govuk-hint">{format!("{outcome}. {hint}")}</div>
                {if is_qualitative {
                    view! { <TextBox id=response_field(id) label="Your response" rows=5 max=MAX_RESPONSE_CHARS text=item.response schedule_save /> }.into_any()
                } else {
                    view! {
                        <div class="pb-years">
                            {cells.into_iter().map(|cell| view! { <QuantityBox cell schedule_save /> }).collect_view()}
                        </div>
                        <p class="govuk-body-s pb-measure__subtotal">"Value of this measure: "<strong>{subtotal}</strong></p>
                        <TextBox id=plan_field(id) label="How you will deliver it" rows=2 max=MAX_PLAN_CHARS text=item.plan schedule_save />
                    }
                    .into_any()
                }}
            </fieldset>
        </div>
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
    text: RwSignal<String>,
    schedule_save: Callback<()>,
) -> impl IntoView {
    let error = Signal::derive(move || {
        text.with(|t| (t.chars().count() > max).then(|| format!("Enter {max} characters or fewer")))
    });
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
            >{text.get_untracked()}</textarea>
        </div>
    }
}
