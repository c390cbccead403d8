use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::components::banner::SuccessBanner;
use crate::errors::AppError;
use crate::page_context::require_sign_in;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountDetails {
    pub full_name: String,
    pub email: String,
    pub role: String,
    pub organisation_name: String,
    pub reminders_off: bool,
}

/// The signed-in person's own account.
#[server]
pub async fn get_account_details() -> Result<AccountDetails, AppError> {
    account_details().await.map_err(crate::errors::WithStatus::with_status)
}

#[cfg(feature = "ssr")]
async fn account_details() -> Result<AccountDetails, AppError> {
    use crate::domain::accounts::Role;
    use crate::server::request::current_session;

    let session = current_session().ok_or(AppError::NotSignedIn)?;
    let state = expect_context::<crate::server::AppState>();
    let organisation_name = services::accounts::organisation_name(&state.db, &session).await?;
    Ok(AccountDetails {
        full_name: session.user.full_name,
        email: session.user.email,
        role: Role::parse(&session.user.role).map(Role::label).unwrap_or_default().to_owned(),
        organisation_name,
        reminders_off: session.user.reminders_off,
    })
}

/// The person's sign-in security: two-factor, and where they are signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSecurity {
    pub two_factor_on: bool,
    pub two_factor_required: bool,
    pub recovery_codes_left: u64,
    pub sessions: Vec<SignedInSession>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInSession {
    pub session_id: i64,
    /// "Firefox on Windows"
    pub browser: String,
    pub started: String,
    pub last_used: String,
    pub is_this_one: bool,
}

#[server]
pub async fn get_account_security() -> Result<AccountSecurity, AppError> {
    account_security().await.map_err(crate::errors::WithStatus::with_status)
}

#[cfg(feature = "ssr")]
async fn account_security() -> Result<AccountSecurity, AppError> {
    use crate::domain::accounts::browser_in_words;
    use crate::domain::dates::display_uk_time;
    use crate::server::request::current_session;
    use services::{sessions, two_factor};

    let session = current_session().ok_or(AppError::NotSignedIn)?;
    let state = expect_context::<crate::server::AppState>();
    let status = two_factor::status(&state.db, &session).await.map_err(AppError::unexpected)?;
    let live = sessions::list_for_user(&state.db, session.user.id, state.security.sessions, chrono::Utc::now())
        .await
        .map_err(AppError::unexpected)?;
    Ok(AccountSecurity {
        two_factor_on: status.enabled,
        two_factor_required: status.required,
        recovery_codes_left: status.recovery_codes_left,
        sessions: live
            .into_iter()
            .map(|row| SignedInSession {
                session_id: row.id,
                browser: browser_in_words(row.user_agent.as_deref()),
                started: display_uk_time(row.created_at),
                last_used: display_uk_time(row.last_seen_at),
                is_this_one: row.id == session.session_id,
            })
            .collect(),
    })
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let viewer = require_sign_in();
    let password_changed = use_query_map().with_untracked(|q| q.get("password-changed").is_some());
    let reminders_saved = use_query_map().with_untracked(|q| q.get("reminders-saved").is_some());
    let sessions_ended = use_query_map().with_untracked(|q| {
        if q.get("sessions-ended").is_some() {
            Some("You have been signed out everywhere else.")
        } else if q.get("session-ended").is_some() {
            Some("That session has been signed out.")
        } else {
            None
        }
    });
    let posted = crate::page_context::posted_form();
    viewer.map(|viewer| {
        let details = Resource::new(|| (), |_| get_account_details());
        let security = Resource::new(|| (), |_| get_account_security());
        view! {
            <Title text="Your account" />
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    {password_changed
                        .then(|| view! { <SuccessBanner title="Success" text="Your password has been changed." /> })}
                    {reminders_saved
                        .then(|| view! { <SuccessBanner title="Success" text="Your reminder setting has been saved." /> })}
                    {sessions_ended.map(|text| view! { <SuccessBanner title="Success" text=text /> })}
                    <crate::components::error_summary::ErrorSummary errors=Signal::stored(posted.errors.0.clone()) />
                    <h1 class="govuk-heading-l">"Your account"</h1>
                    <Suspense fallback=|| view! { <p class="govuk-body">"Loading your account…"</p> }>
                        {move || {
                            details
                                .get()
                                .map(|result| match result {
                                    Ok(details) => view! { <AccountSummary details=details.clone() /> <Reminders off=details.reminders_off posted=posted.clone() /> }.into_any(),
                                    Err(error) => view! { <p class="govuk-body">{error.to_string()}</p> }.into_any(),
                                })
                        }}
                    </Suspense>
                    <ul class="govuk-list">
                        <li><a class="govuk-link" href="/account/password">"Change your password"</a></li>
                        {viewer.is_admin().then(|| view! { <li><a class="govuk-link" href="/team">"Manage your team"</a></li> })}
                    </ul>
                    <Suspense fallback=|| view! { <p class="govuk-body">"Loading your sign-in settings…"</p> }>
                        {move || {
                            security
                                .get()
                                .map(|result| match result {
                                    Ok(security) => view! { <TwoFactorSummary security=security.clone() /> <SignedInSessions sessions=security.sessions /> }.into_any(),
                                    Err(error) => view! { <p class="govuk-body">{error.to_string()}</p> }.into_any(),
                                })
                        }}
                    </Suspense>
                </div>
            </div>
        }
    })
}

#[component]
fn AccountSummary(details: AccountDetails) -> impl IntoView {
    let rows = [
        ("Name", details.full_name),
        ("Email address", details.email),
        ("Organisation", details.organisation_name),
        ("Role", details.role),
    ];
    view! {
        <dl class="govuk-summary-list">
            {rows
                .into_iter()
                .map(|(key, value)| {
                    view! {
                        <div class="govuk-summary-list__row">
                            <dt class="govuk-summary-list__key">{key}</dt>
                            <dd class="govuk-summary-list__value">{value}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}

/// Reminders about returns due and overdue can be turned off; decisions always arrive.
#[component]
fn Reminders(off: bool, posted: crate::domain::form::PostedForm) -> impl IntoView {
    use super::fields::REMINDERS;
    use crate::components::error_summary::ErrorMessage;
    let error = posted.error(REMINDERS);
    view! {
        <form method="post" action=super::paths::REMINDERS.pattern() novalidate>
            <div class=if error.is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                <fieldset class="govuk-fieldset" aria-describedby="reminders-hint">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">"Email reminders"</legend>
                    <div class="govuk-hint" id="reminders-hint">"Reminders tell you when a quarterly return is due in 14 days, or overdue. Emails about decisions on returns, and questions from the council, always reach you."</div>
                    <ErrorMessage id="reminders-error" message=Signal::stored(error.clone()) />
                    <div class="govuk-radios" data-module="govuk-radios">
                        <div class="govuk-radios__item">
                            <input class="govuk-radios__input" id=REMINDERS name=REMINDERS type="radio" value="on" checked=!off />
                            <label class="govuk-label govuk-radios__label" for=REMINDERS>"Send me reminders"</label>
                        </div>
                        <div class="govuk-radios__item">
                            <input class="govuk-radios__input" id="reminders-off" name=REMINDERS type="radio" value="off" checked=off />
                            <label class="govuk-label govuk-radios__label" for="reminders-off">"Do not send me reminders"</label>
                        </div>
                    </div>
                </fieldset>
            </div>
            <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Save reminder setting"</button>
        </form>
    }
}

#[component]
fn TwoFactorSummary(security: AccountSecurity) -> impl IntoView {
    use super::paths;
    let state = match (security.two_factor_on, security.two_factor_required) {
        (true, _) => format!("On. Recovery codes left: {}", security.recovery_codes_left),
        (false, true) => "Off: you will set it up when you next sign in".to_owned(),
        (false, false) => "Off".to_owned(),
    };
    view! {
        <h2 class="govuk-heading-m">"Two-factor sign-in"</h2>
        <dl class="govuk-summary-list">
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Two-factor sign-in"</dt>
                <dd class="govuk-summary-list__value">{state}</dd>
                <dd class="govuk-summary-list__actions">
                    <a class="govuk-link" href=paths::SET_UP_TWO_FACTOR.pattern()>
                        {if security.two_factor_on { "Move to another app" } else { "Set up" }}
                        <span class="govuk-visually-hidden">" two-factor sign-in"</span>
                    </a>
                </dd>
            </div>
        </dl>
        {security.two_factor_on.then(|| view! {
            <form method="post" action=paths::NEW_RECOVERY_CODES.pattern()>
                <p class="govuk-body">"Used some recovery codes, or lost them? New codes replace all the old ones."</p>
                <button type="submit" class="govuk-button govuk-button--secondary">"Get new recovery codes"</button>
            </form>
        })}
    }
}

/// Where the person is signed in; any session can be ended from here.
#[component]
fn SignedInSessions(sessions: Vec<SignedInSession>) -> impl IntoView {
    use super::paths;
    let others = sessions.iter().filter(|s| !s.is_this_one).count();
    view! {
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">"Where you are signed in"</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"Browser"</th>
                    <th scope="col" class="govuk-table__header">"Signed in"</th>
                    <th scope="col" class="govuk-table__header">"Last used"</th>
                    <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {sessions.into_iter().map(|s| view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell">{s.browser.clone()}{s.is_this_one.then_some(" (this browser)")}</td>
                        <td class="govuk-table__cell">{s.started.clone()}</td>
                        <td class="govuk-table__cell">{s.last_used.clone()}</td>
                        <td class="govuk-table__cell">
                            <form method="post" action=paths::END_SESSION.id(s.session_id) class="pb-inline-form">
                                <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                                    "Sign out"
                                    <span class="govuk-visually-hidden">{format!(" {} signed in at {}", s.browser, s.started)}</span>
                                </button>
                            </form>
                        </td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        {(others > 0).then(|| view! {
            <form method="post" action=paths::END_OTHER_SESSIONS.pattern()>
                <button type="submit" class="govuk-button govuk-button--warning">"Sign out everywhere else"</button>
            </form>
        })}
    }
}
