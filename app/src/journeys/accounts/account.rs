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
    })
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let viewer = require_sign_in();
    let password_changed = use_query_map().with_untracked(|q| q.get("password-changed").is_some());
    viewer.map(|viewer| {
        let details = Resource::new(|| (), |_| get_account_details());
        view! {
            <Title text="Your account" />
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    {password_changed
                        .then(|| view! { <SuccessBanner title="Success" text="Your password has been changed." /> })}
                    <h1 class="govuk-heading-l">"Your account"</h1>
                    <Suspense fallback=|| view! { <p class="govuk-body">"Loading your account…"</p> }>
                        {move || {
                            details
                                .get()
                                .map(|result| match result {
                                    Ok(details) => view! { <AccountSummary details /> }.into_any(),
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
