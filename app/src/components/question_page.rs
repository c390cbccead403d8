use leptos::prelude::*;
use leptos_meta::Title;

use super::error_summary::ErrorSummary;
use crate::domain::form::PostedForm;

/// The GOV.UK question-page frame: the title ("Error: " first when there are problems), the
/// two-thirds column, the error summary and the heading, around the page's own content.
#[component]
pub fn QuestionPage(title: &'static str, posted: PostedForm, children: Children) -> impl IntoView {
    view! {
        <Title text=page_title(title, &posted) />
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=Signal::stored(posted.errors.0) />
                <h1 class="govuk-heading-l">{title}</h1>
                {children()}
            </div>
        </div>
    }
}

/// "Error: " before the page title when the page shows problems (GOV.UK pattern).
pub fn page_title(title: &str, posted: &PostedForm) -> String {
    if posted.errors.is_empty() {
        title.to_owned()
    } else {
        format!("Error: {title}")
    }
}

/// The hint under every "create a password" field.
pub const NEW_PASSWORD_HINT: &str =
    "Use at least 12 characters. A few words that do not go together make a strong password.";
