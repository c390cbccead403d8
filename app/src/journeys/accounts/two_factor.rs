//! Two-factor sign-in's pages: the second step of signing in (a code, or a recovery code),
//! setting it up (a QR code and the same key as text, confirmed with a first code), and the
//! recovery codes, shown once. Their forms are in `two_factor_forms.rs`.

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::{paths, return_to_of_page, returning_to, ReturnToField};
use crate::components::form_fields::TextField;
use crate::components::question_page::QuestionPage;
use crate::errors::AppError;
use crate::page_context::posted_form;

/// The recovery codes just made, for the page that shows them once (from the form's answer).
#[derive(Debug, Clone, Default)]
pub struct NewRecoveryCodes(pub Vec<String>);

/// Which step of a half-done sign-in the page belongs to; anyone else is sent to sign in.
#[cfg(feature = "ssr")]
fn require_pending(stage: services::sessions::Stage) -> bool {
    let waiting = crate::server::request::current_pending_sign_in().is_some_and(|pending| pending.stage == stage);
    if !waiting {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::SEE_OTHER);
            response.insert_header(http::header::LOCATION, http::HeaderValue::from_static("/sign-in"));
        }
    }
    waiting
}

/// Whether the page is for someone waiting for the code step of signing in.
fn awaiting_code() -> bool {
    #[cfg(feature = "ssr")]
    return require_pending(services::sessions::Stage::AwaitingCode);
    #[cfg(not(feature = "ssr"))]
    false
}

/// "Cancel and sign out", for someone halfway through signing in.
#[component]
fn CancelSignIn() -> impl IntoView {
    view! {
        <form method="post" action=paths::SIGN_OUT.pattern()>
            <button type="submit" class="govuk-button govuk-button--secondary">"Cancel and sign out"</button>
        </form>
    }
}

#[component]
pub fn SignInCodePage() -> impl IntoView {
    let posted = posted_form();
    awaiting_code().then(|| {
        view! {
            <QuestionPage title="Enter the code from your authenticator app" posted=posted.clone()>
                <p class="govuk-body">
                    "Open the authenticator app you set up for Pledgebook. Enter the 6-digit code it shows now."
                </p>
                <form method="post" action=paths::SIGN_IN_CODE.pattern() novalidate>
                    <ReturnToField />
                    <TextField
                        id="code"
                        label="Code"
                        hint="For example, 123456. A new code appears every 30 seconds."
                        autocomplete="one-time-code"
                        inputmode="numeric"
                        width_class="govuk-input--width-10"
                        error=posted.error("code")
                    />
                    <button type="submit" class="govuk-button">"Continue"</button>
                </form>
                <p class="govuk-body">
                    <a class="govuk-link" href=returning_to(paths::SIGN_IN_RECOVERY_CODE.pattern(), return_to_of_page().as_deref())>"I cannot use my authenticator app"</a>
                </p>
                <CancelSignIn />
            </QuestionPage>
        }
    })
}

#[component]
pub fn SignInRecoveryCodePage() -> impl IntoView {
    let posted = posted_form();
    awaiting_code().then(|| {
        view! {
            <QuestionPage title="Enter a recovery code" posted=posted.clone()>
                <p class="govuk-body">
                    "When you set up two-factor sign-in you saved 10 recovery codes. Each one works once."
                </p>
                <form method="post" action=paths::SIGN_IN_RECOVERY_CODE.pattern() novalidate>
                    <ReturnToField />
                    <TextField
                        id="recovery-code"
                        label="Recovery code"
                        hint="For example, abcde-fghjk"
                        autocomplete="off"
                        width_class="govuk-input--width-20"
                        error=posted.error("recovery-code")
                    />
                    <button type="submit" class="govuk-button">"Continue"</button>
                </form>
                <p class="govuk-body">
                    "No recovery codes left? Ask your organisation's administrator to reset your two-factor sign-in."
                </p>
                <p class="govuk-body">
                    <a class="govuk-link" href=returning_to(paths::SIGN_IN_CODE.pattern(), return_to_of_page().as_deref())>"Use your authenticator app instead"</a>
                </p>
                <CancelSignIn />
            </QuestionPage>
        }
    })
}

/// What the set-up page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetUp {
    /// Halfway through signing in (set-up is required before going on).
    pub during_sign_in: bool,
    /// Two-factor is already on (this is a change of app).
    pub already_on: bool,
    /// The QR code (an image `data:` URL) and the key as text, once set-up has started.
    pub qr_code_image: Option<String>,
    pub secret_text: Option<String>,
    pub account: String,
}

/// The set-up in progress, for the person signed in or signing in.
#[server]
pub async fn get_two_factor_set_up() -> Result<SetUp, AppError> {
    use crate::errors::WithStatus;
    use crate::server::request::{current_pending_sign_in, current_session};
    use services::two_factor::{set_up_details, SetUpPerson};

    let state = expect_context::<crate::server::AppState>();
    let session = current_session();
    let pending = current_pending_sign_in();
    let person = SetUpPerson::of(session.as_ref(), pending.as_ref()).map_err(|e| AppError::from(e).with_status())?;
    let details = set_up_details(&state.db, &state.security.totp_key, person)
        .await
        .map_err(|e| AppError::from(e).with_status())?;
    let (user, during_sign_in) = match (&session, &pending) {
        (Some(session), _) => (&session.user, false),
        (None, Some(pending)) => (&pending.user, true),
        (None, None) => return Err(AppError::NotSignedIn.with_status()),
    };
    Ok(SetUp {
        during_sign_in,
        already_on: user.totp_secret.is_some(),
        qr_code_image: details.as_ref().map(|d| d.qr_code_image.clone()),
        secret_text: details.as_ref().map(|d| d.secret_text.clone()),
        account: details.map(|d| d.account).unwrap_or_else(|| user.email.clone()),
    })
}

#[component]
pub fn SetUpTwoFactorPage() -> impl IntoView {
    let posted = posted_form();
    #[cfg(feature = "ssr")]
    let allowed = {
        let pending_set_up = crate::server::request::current_pending_sign_in()
            .is_some_and(|p| p.stage == services::sessions::Stage::AwaitingSetUp);
        pending_set_up || crate::page_context::require_sign_in().is_some()
    };
    #[cfg(not(feature = "ssr"))]
    let allowed = false;
    allowed.then(|| {
        let set_up = Resource::new(|| (), |_| get_two_factor_set_up());
        view! {
            <QuestionPage title="Set up two-factor sign-in" posted=posted.clone()>
                <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
                    {
                        let posted = posted.clone();
                        move || set_up.get().map(|result| match result {
                            Ok(set_up) => view! { <SetUpSteps set_up posted=posted.clone() /> }.into_any(),
                            Err(error) => crate::page_context::problem_view(error),
                        })
                    }
                </Suspense>
            </QuestionPage>
        }
    })
}

#[component]
fn SetUpSteps(set_up: SetUp, posted: crate::domain::form::PostedForm) -> impl IntoView {
    let intro = if set_up.during_sign_in {
        "Council staff, and suppliers when a council asks, sign in with a password and a code from an app on their phone. Set it up now to finish signing in."
    } else if set_up.already_on {
        "Two-factor sign-in is on. To move it to another app or phone, set it up again: your old app keeps working until you finish."
    } else {
        "Signing in with a password and a code from an app on your phone keeps your organisation's account safe even if your password is stolen."
    };
    let started = set_up.qr_code_image.clone().zip(set_up.secret_text.clone());
    view! {
        <p class="govuk-body">{intro}</p>
        {match started {
            None => view! {
                <p class="govuk-body">
                    "You need an authenticator app on your phone, such as Microsoft Authenticator, Google Authenticator or any app that supports time-based codes."
                </p>
                <form method="post" action=paths::START_TWO_FACTOR.pattern()>
                    <button type="submit" class="govuk-button">"Start set-up"</button>
                </form>
            }.into_any(),
            Some((image, secret_text)) => view! {
                <h2 class="govuk-heading-m">"1. Add Pledgebook to your app"</h2>
                <p class="govuk-body">"In your authenticator app, choose to add an account, then scan this QR code."</p>
                <img class="pb-qr-code" src=image width="200" height="200" alt=format!("QR code to add {} to an authenticator app", set_up.account) />
                <p class="govuk-body">"If you cannot scan it, choose to enter a key instead and type this key:"</p>
                <p class="govuk-body govuk-!-font-weight-bold pb-secret" id="secret-key">{secret_text}</p>
                <h2 class="govuk-heading-m">"2. Enter the code your app shows"</h2>
                <form method="post" action=paths::SET_UP_TWO_FACTOR.pattern() novalidate>
                    <TextField
                        id="code"
                        label="Code"
                        hint="The 6 digits shown for Pledgebook, for example 123456"
                        autocomplete="one-time-code"
                        inputmode="numeric"
                        width_class="govuk-input--width-10"
                        error=posted.error("code")
                    />
                    <button type="submit" class="govuk-button">"Turn on two-factor sign-in"</button>
                </form>
            }.into_any(),
        }}
        {set_up.during_sign_in.then(|| view! { <CancelSignIn /> })}
    }
}

/// The recovery codes, shown once, straight after they were made.
#[component]
pub fn RecoveryCodesPage() -> impl IntoView {
    let codes = use_context::<NewRecoveryCodes>().unwrap_or_default().0;
    // Shown as a form's answer; asked for directly, it is only for someone signed in.
    if codes.is_empty() && crate::page_context::require_sign_in().is_none() {
        return ().into_any();
    }
    view! {
        <Title text="Save your recovery codes" />
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                {if codes.is_empty() {
                    view! {
                        <h1 class="govuk-heading-l">"Your recovery codes"</h1>
                        <p class="govuk-body">
                            "Recovery codes are shown once, when they are made. If you did not save them, get new ones from "
                            <a class="govuk-link" href="/account">"your account"</a> "."
                        </p>
                    }.into_any()
                } else {
                    view! {
                        <div class="govuk-panel govuk-panel--confirmation">
                            <h1 class="govuk-panel__title">"Save your recovery codes"</h1>
                        </div>
                        <div class="govuk-warning-text">
                            <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                            <strong class="govuk-warning-text__text">
                                <span class="govuk-visually-hidden">"Warning"</span>
                                "These codes will not be shown again. Save them somewhere safe, such as a password manager, now."
                            </strong>
                        </div>
                        <p class="govuk-body">
                            "If you lose your phone, sign in with one of these codes instead of a code from the app. Each code works once."
                        </p>
                        <ol class="govuk-list govuk-list--number pb-recovery-codes" aria-label="Recovery codes">
                            {codes.into_iter().map(|code| view! { <li><span class="pb-secret">{code}</span></li> }).collect_view()}
                        </ol>
                        <a class="govuk-button" href="/account">"I have saved my recovery codes"</a>
                    }.into_any()
                }}
            </div>
        </div>
    }
    .into_any()
}
