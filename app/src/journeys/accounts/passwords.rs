use leptos::prelude::*;

use super::paths;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::form_fields::{EmailField, NewPasswordField, TextField};
use crate::components::question_page::QuestionPage;
use crate::page_context::{posted_form, require_sign_in};

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let viewer = require_sign_in();
    let posted = posted_form();
    viewer.map(|_| {
        view! {
            <QuestionPage title="Change your password" posted=posted.clone()>
                    <p class="govuk-body">"You will stay signed in here. You will be signed out everywhere else."</p>
                    <form method="post" action=paths::CHANGE_PASSWORD.pattern() novalidate>
                        <TextField
                            id="current-password"
                            label="Current password"
                            input_type="password"
                            autocomplete="current-password"
                            error=posted.error("current-password")
                        />
                        <NewPasswordField id="new-password" label="New password" error=posted.error("new-password") />
                        <button type="submit" class="govuk-button">"Change password"</button>
                    </form>
            </QuestionPage>
        }
    })
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let posted = posted_form();
    view! {
        <QuestionPage title="Reset your password" posted=posted.clone()>
                <p class="govuk-body">
                    "Enter the email address you sign in with. We will send you a link to choose a new password."
                </p>
                <form method="post" action=paths::FORGOT_PASSWORD.pattern() novalidate>
                    <EmailField value=posted.value("email") error=posted.error("email") />
                    <button type="submit" class="govuk-button">"Send the link"</button>
                </form>
        </QuestionPage>
    }
}

#[component]
pub fn PasswordResetSentPage() -> impl IntoView {
    view! {
        <Title text="Check your email" />
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"Check your email"</h1>
                <p class="govuk-body">
                    "If an account uses that email address, we have sent it a link to reset the password. The link works once, for 60 minutes."
                </p>
                <p class="govuk-body">
                    <a class="govuk-link" href="/sign-in">"Back to sign in"</a>
                </p>
            </div>
        </div>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let posted = posted_form();
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    view! {
        <QuestionPage title="Choose a new password" posted=posted.clone()>
                <form method="post" action=paths::RESET_PASSWORD.id(&token) novalidate>
                    <NewPasswordField id="new-password" label="New password" error=posted.error("new-password") />
                    <button type="submit" class="govuk-button">"Save the new password"</button>
                </form>
                <p class="govuk-body">
                    "Link not working? " <a class="govuk-link" href="/forgot-password">"Ask for a new one"</a> "."
                </p>
        </QuestionPage>
    }
}
