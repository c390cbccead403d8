//! The public calculator's interactive part.

use leptos::prelude::*;

use crate::error_summary::{ErrorMessage, ErrorSummary, FieldError};
use crate::glossary_term::GlossaryTerm;
use calc::QuantityError;
use domain::glossary::Term;
use domain::sample_measures::{self, calculate, SAMPLE_MEASURES};

/// The interactive part: compiled into the WASM, it recomputes the value on every keystroke.
#[island]
pub fn Calculator(initial_code: String, initial_quantity: String, submitted: bool) -> impl IntoView {
    let initial_code = sample_measures::find(&initial_code).unwrap_or(&SAMPLE_MEASURES[0]).code;

    let measure_code = RwSignal::new(initial_code.to_string());
    let quantity_text = RwSignal::new(initial_quantity.clone());
    let calculation = Memo::new(move |_| calculate(&measure_code.get(), &quantity_text.get()));
    let measure = Memo::new(move |_| sample_measures::find(&measure_code.get()).unwrap_or(&SAMPLE_MEASURES[0]));

    // An empty box is only a problem once the form has been sent.
    let quantity_error = Signal::derive(move || match calculation.get() {
        Err(QuantityError::Empty) if !submitted => None,
        Err(error) => Some(error.to_string()),
        Ok(_) => None,
    });
    let summary_errors = Signal::derive(move || match quantity_error.get() {
        Some(message) if submitted => vec![FieldError { field_id: "quantity".into(), message }],
        _ => vec![],
    });
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=summary_errors />
                <span class="govuk-caption-l">"Try the sums"</span>
                <h1 class="govuk-heading-xl">"Social value calculator"</h1>
                <p class="govuk-body">
                    "Choose a "<GlossaryTerm term=Term::Measure>"measure"</GlossaryTerm>" and enter a quantity to see the "
                    <GlossaryTerm term=Term::SocialValue>"social value"</GlossaryTerm>" it is worth. "
                    "The value is the quantity times the measure's "<GlossaryTerm term=Term::ProxyValue>"proxy value"</GlossaryTerm>", rounded to the nearest penny."
                </p>
                <div class="govuk-inset-text">
                    "These are sample measures with illustrative proxy values, written for this demonstration. "
                    "They are not an official "<GlossaryTerm term=Term::Framework>"framework"</GlossaryTerm>": your council publishes its own."
                </div>
                <form method="get" action="/calculator" novalidate>
                    <div class="govuk-form-group">
                        <label class="govuk-label govuk-label--s" for="measure">"Measure"</label>
                        <select
                            class="govuk-select"
                            id="measure"
                            name="measure"
                            on:change=move |ev| measure_code.set(event_target_value(&ev))
                        >
                            {SAMPLE_MEASURES
                                .iter()
                                .map(|m| {
                                    view! {
                                        <option value=m.code selected=m.code == initial_code>
                                            {format!("{} {}: {}", m.code, m.theme, m.description)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <div class=move || {
                        if quantity_error.get().is_some() {
                            "govuk-form-group govuk-form-group--error"
                        } else {
                            "govuk-form-group"
                        }
                    }>
                        <label class="govuk-label govuk-label--s" for="quantity">"Quantity"</label>
                        <div id="quantity-hint" class="govuk-hint">
                            {move || {
                                let m = measure.get();
                                let fraction = if m.quantity_rule.allows_fraction {
                                    "Decimals are allowed, up to 2 places."
                                } else {
                                    "Whole numbers only."
                                };
                                format!("In {}. {fraction}", m.unit)
                            }}
                        </div>
                        <ErrorMessage id="quantity-error" message=quantity_error />
                        <input
                            class=move || {
                                if quantity_error.get().is_some() {
                                    "govuk-input govuk-input--width-10 govuk-input--error"
                                } else {
                                    "govuk-input govuk-input--width-10"
                                }
                            }
                            id="quantity"
                            name="quantity"
                            type="text"
                            inputmode="decimal"
                            spellcheck="false"
                            autocomplete="off"
                            aria-describedby=move || {
                                if quantity_error.get().is_some() {
                                    "quantity-hint quantity-error"
                                } else {
                                    "quantity-hint"
                                }
                            }
                            value=initial_quantity
                            on:input=move |ev| quantity_text.set(event_target_value(&ev))
                        />
                    </div>
                    <button type="submit" class="govuk-button" data-module="govuk-button">"Calculate"</button>
                </form>
            </div>
            <div class="govuk-grid-column-one-third">
                <section class="pb-result" aria-labelledby="result-heading">
                    <h2 class="govuk-heading-m" id="result-heading">"Social value"</h2>
                    <p class="pb-result__figure" role="status" aria-labelledby="result-heading">
                        {move || match calculation.get() {
                            Ok(c) => c.value.to_string(),
                            Err(_) => "£0.00".to_string(),
                        }}
                    </p>
                    <p class="govuk-body-s pb-result__working">
                        {move || match calculation.get() {
                            Ok(c) => format!("{} {} × {} each", c.quantity, c.measure.unit, c.measure.proxy_value()),
                            Err(_) => {
                                let m = measure.get();
                                format!("Enter a quantity in {}. Each is worth {}.", m.unit, m.proxy_value())
                            }
                        }}
                    </p>
                </section>
            </div>
        </div>
    }
}

