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
    account_details().await.map_err(AppError::with_status)
}

#[cfg(feature = "ssr")]
async fn account_details() -> Result<AccountDetails, AppError> {
    use crate::domain::accounts::Role;
    use crate::server::db::organisation;
    use crate::server::request::current_session;
    use sea_orm::EntityTrait;

    let session = current_session().ok_or(AppError::NotSignedIn)?;
    let state = expect_context::<crate::server::AppState>();
    let organisation = organisation::Entity::find_by_id(session.user.organisation_id)
        .one(&state.db)
        .await
        .map_err(AppError::unexpected)?
        .ok_or(AppError::NotFound)?;
    Ok(AccountDetails {
        full_name: session.user.full_name,
        email: session.user.email,
        role: Role::parse(&session.user.role).map(Role::label).unwrap_or_default().to_owned(),
        organisation_name: organisation.name,
        reminders_off: session.user.reminders_off,
    })
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let viewer = require_sign_in();
    let password_changed = use_query_map().with_untracked(|q| q.get("password-changed").is_some());
    let reminders_saved = use_query_map().with_untracked(|q| q.get("reminders-saved").is_some());
    let posted = crate::page_context::posted_form();
    viewer.map(|viewer| {
        let details = Resource::new(|| (), |_| get_account_details());
        view! {
            <Title text="Your account" />
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    {password_changed
                        .then(|| view! { <SuccessBanner title="Success" text="Your password has been changed." /> })}
                    {reminders_saved
                        .then(|| view! { <SuccessBanner title="Success" text="Your reminder setting has been saved." /> })}
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
