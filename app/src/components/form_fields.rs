//! Form fields in the GOV.UK pattern: label, hint, error message beside the field, and the
//! input marked as in error, described by both.

use leptos::prelude::*;

use super::error_summary::ErrorMessage;

/// The ids and classes a GOV.UK field needs: its hint, its error message, and the
/// `aria-describedby` that links the input to both.
struct FieldIds {
    error_id: String,
    hint_id: String,
    described_by: Option<String>,
    group_class: &'static str,
}

impl FieldIds {
    fn new(id: &str, has_hint: bool, has_error: bool) -> FieldIds {
        let error_id = format!("{id}-error");
        let hint_id = format!("{id}-hint");
        let described_by = [has_hint.then(|| hint_id.clone()), has_error.then(|| error_id.clone())]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        FieldIds {
            error_id,
            hint_id,
            described_by: (!described_by.is_empty()).then_some(described_by),
            group_class: if has_error { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" },
        }
    }
}

/// A field's hint: plain words, or words with a link in them (a glossary term's first use).
#[derive(Clone)]
pub struct Hint(ViewFn);

impl Hint {
    /// A hint with links: `Hint::view(|| view! { "Each " <GlossaryTerm …>"contract"</GlossaryTerm> … })`.
    pub fn view<C: RenderHtml + Send + 'static>(words: impl Fn() -> C + Send + Sync + 'static) -> Hint {
        Hint(ViewFn::from(words))
    }
}

impl From<&'static str> for Hint {
    fn from(words: &'static str) -> Hint {
        Hint(ViewFn::from(move || words))
    }
}

impl From<String> for Hint {
    fn from(words: String) -> Hint {
        Hint(ViewFn::from(move || words.clone()))
    }
}

/// A text-like input (text, email, password) with its label, optional hint and error.
#[component]
pub fn TextField(
    id: &'static str,
    label: &'static str,
    #[prop(optional, into)] hint: Option<Hint>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// e.g. "numeric", for a whole number the phone's keypad should offer.
    #[prop(optional)]
    inputmode: Option<&'static str>,
    #[prop(optional, into)] value: String,
    #[prop(default = None)] error: Option<String>,
    #[prop(default = "")] width_class: &'static str,
) -> impl IntoView {
    let has_error = error.is_some();
    let FieldIds { error_id, hint_id, described_by, group_class } = FieldIds::new(id, hint.is_some(), has_error);
    let input_class = format!("govuk-input {width_class}{}", if has_error { " govuk-input--error" } else { "" });
    view! {
        <div class=group_class>
            <label class="govuk-label govuk-label--s" for=id>
                {label}
            </label>
            {hint.map(|hint| view! { <div id=hint_id.clone() class="govuk-hint">{hint.0.run()}</div> })}
            <ErrorMessage id=error_id message=Signal::stored(error) />
            <input
                class=input_class
                id=id
                name=id
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                spellcheck="false"
                aria-describedby=described_by
                value=value
            />
        </div>
    }
}

/// A single checkbox answering a yes/no question.
#[component]
pub fn CheckboxField(id: &'static str, label: &'static str, #[prop(optional)] checked: bool) -> impl IntoView {
    view! {
        <div class="govuk-checkboxes__item">
            <input class="govuk-checkboxes__input" id=id name=id type="checkbox" value="yes" checked=checked />
            <label class="govuk-label govuk-checkboxes__label" for=id>
                {label}
            </label>
        </div>
    }
}

/// The email address field, as every account form asks it.
#[component]
pub fn EmailField(
    #[prop(default = "Email address")] label: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(default = None)] error: Option<String>,
) -> impl IntoView {
    view! { <TextField id="email" label input_type="email" autocomplete="email" value error /> }
}

/// A field for choosing a new password, with the policy as its hint (never pre-filled).
#[component]
pub fn NewPasswordField(
    id: &'static str,
    label: &'static str,
    #[prop(default = None)] error: Option<String>,
) -> impl IntoView {
    view! {
        <TextField
            id
            label
            hint=crate::components::question_page::NEW_PASSWORD_HINT
            input_type="password"
            autocomplete="new-password"
            error
        />
    }
}

/// A multi-line answer with its label, optional hint and error. Every text area of the portal
/// but the offer builder's (an island's, with its own live message) is this one, so that stored
/// text always comes back escaped (`raw_text::textarea_text`).
#[component]
pub fn TextArea(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<Hint>,
    #[prop(optional, into)] value: String,
    #[prop(default = None)] error: Option<String>,
    #[prop(default = 5)] rows: u32,
    #[prop(optional)] maxlength: Option<usize>,
) -> impl IntoView {
    let has_error = error.is_some();
    let FieldIds { error_id, hint_id, described_by, group_class } = FieldIds::new(&id, hint.is_some(), has_error);
    let class = if has_error { "govuk-textarea govuk-textarea--error" } else { "govuk-textarea" };
    view! {
        <div class=group_class>
            <label class="govuk-label govuk-label--s" for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <div id=hint_id.clone() class="govuk-hint">{hint.0.run()}</div> })}
            <ErrorMessage id=error_id message=Signal::stored(error) />
            <textarea
                class=class
                id=id.clone()
                name=id
                rows=rows
                maxlength=maxlength.map(|max| max.to_string())
                aria-describedby=described_by
            >{crate::components::raw_text::textarea_text(&value)}</textarea>
        </div>
    }
}

/// The GOV.UK date input: day, month and year boxes under one legend. The boxes are sent as
/// `{id}-day`, `{id}-month` and `{id}-year`; the day box has the id `id`, which the error summary
/// links to.
#[component]
pub fn DateInput(
    id: &'static str,
    legend: &'static str,
    #[prop(into)] hint: Hint,
    day: String,
    month: String,
    year: String,
    error: Option<String>,
) -> impl IntoView {
    let ids = FieldIds::new(id, true, error.is_some());
    let input_class = |width: &str| {
        let error_class = if error.is_some() { " govuk-input--error" } else { "" };
        format!("govuk-input govuk-date-input__input {width}{error_class}")
    };
    let part = move |suffix: &'static str, label: &'static str, value: String, width: &'static str| {
        let box_id = if suffix == "day" { id.to_owned() } else { format!("{id}-{suffix}") };
        view! {
            <div class="govuk-date-input__item">
                <div class="govuk-form-group">
                    <label class="govuk-label govuk-date-input__label" for=box_id.clone()>{label}</label>
                    <input class=input_class(width) id=box_id name=format!("{id}-{suffix}") type="text" inputmode="numeric" value=value />
                </div>
            </div>
        }
    };
    view! {
        <div class=ids.group_class>
            <fieldset class="govuk-fieldset" role="group" aria-describedby=ids.described_by>
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
                <div id=ids.hint_id class="govuk-hint">{hint.0.run()}</div>
                <ErrorMessage id=ids.error_id message=Signal::stored(error.clone()) />
                <div class="govuk-date-input">
                    {part("day", "Day", day, "govuk-input--width-2")}
                    {part("month", "Month", month, "govuk-input--width-2")}
                    {part("year", "Year", year, "govuk-input--width-4")}
                </div>
            </fieldset>
        </div>
    }
}
