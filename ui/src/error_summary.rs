use leptos::prelude::*;

pub use domain::form::FieldError;

/// The GOV.UK error summary: shown at the top of a page after a submission that had problems,
/// each linking to its field (on this page, or, for a field id that is an address such as
/// `/offers/7#q-3-1`, on another). Renders nothing when there are none.
#[component]
pub fn ErrorSummary(#[prop(into)] errors: Signal<Vec<FieldError>>) -> impl IntoView {
    move || {
        let errors = errors.get();
        (!errors.is_empty()).then(|| {
            view! {
                <div class="govuk-error-summary" data-module="govuk-error-summary">
                    <div role="alert">
                        <h2 class="govuk-error-summary__title">"There is a problem"</h2>
                        <div class="govuk-error-summary__body">
                            <ul class="govuk-list govuk-error-summary__list">
                                {errors
                                    .into_iter()
                                    .map(|error| {
                                        view! {
                                            <li>
                                                <a href=if error.field_id.starts_with('/') {
                                                    error.field_id
                                                } else {
                                                    format!("#{}", error.field_id)
                                                }>{error.message}</a>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </div>
                    </div>
                </div>
            }
        })
    }
}

/// The message shown beside a field, with the hidden "Error:" prefix screen readers announce.
#[component]
pub fn ErrorMessage(#[prop(into)] id: String, #[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|message| {
            view! {
                <p id=id.clone() class="govuk-error-message">
                    <span class="govuk-visually-hidden">"Error: "</span>
                    {message}
                </p>
            }
        })
    }
}
