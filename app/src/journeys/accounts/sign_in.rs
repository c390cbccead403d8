use leptos::prelude::*;

use super::{paths, ReturnToField};
use leptos_router::hooks::use_query_map;

use crate::components::banner::SuccessBanner;
use crate::components::form_fields::{EmailField, TextField};
use crate::components::question_page::QuestionPage;
use crate::page_context::posted_form;

#[component]
pub fn SignInPage() -> impl IntoView {
    let posted = posted_form();
    let password_was_reset = use_query_map().with_untracked(|q| q.get("reset").is_some());
    view! {
        {password_was_reset
                    .then(|| {
                        view! {
                            <SuccessBanner
                                title="Success"
                                text="Your password has been reset. Sign in with your new password."
                            />
                        }
                    })}
        <QuestionPage title="Sign in" posted=posted.clone()>
                <form method="post" action=paths::SIGN_IN.pattern() novalidate>
                    <ReturnToField />
                    <EmailField value=posted.value("email") error=posted.error("email") />
                    <TextField
                        id="password"
                        label="Password"
                        input_type="password"
                        autocomplete="current-password"
                        error=posted.error("password")
                    />
                    <button type="submit" class="govuk-button">"Sign in"</button>
                </form>
                <p class="govuk-body">
                    <a class="govuk-link" href="/forgot-password">"Forgotten your password?"</a>
                </p>
                <h2 class="govuk-heading-m">"New to Pledgebook?"</h2>
                <p class="govuk-body">
                    "If your firm wants to bid, " <a class="govuk-link" href="/register">"register it"</a>
                    ". If you work for a council, ask the person who runs its account to add you."
                </p>
        </QuestionPage>
    }
}
