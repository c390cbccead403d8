use leptos::prelude::*;

use super::paths;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::components::banner::SuccessBanner;
use crate::components::error_summary::{ErrorMessage, ErrorSummary};
use crate::components::form_fields::{NewPasswordField, TextField};
use crate::components::question_page::{page_title, QuestionPage};
use crate::domain::accounts::{OrganisationKind, Role};
use crate::errors::AppError;
use crate::page_context::{posted_form, require_sign_in};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub user_id: i64,
    pub full_name: String,
    pub email: String,
    pub role: Role,
    pub is_active: bool,
    pub is_you: bool,
}

/// The administrator's organisation: its people, for the team page.
#[server]
pub async fn get_team() -> Result<Vec<TeamMember>, AppError> {
    team().await.map_err(AppError::with_status)
}

#[cfg(feature = "ssr")]
async fn team() -> Result<Vec<TeamMember>, AppError> {
    use crate::server::request::current_session;
    use crate::server::services::accounts::team_members;

    let session = current_session();
    let state = expect_context::<crate::server::AppState>();
    let members = team_members(&state.db, session.as_ref()).await.map_err(AppError::from)?;
    let me = session.map(|s| s.user.id);
    Ok(members
        .into_iter()
        .filter_map(|m| {
            Some(TeamMember {
                user_id: m.id,
                is_you: Some(m.id) == me,
                role: Role::parse(&m.role)?,
                full_name: m.full_name,
                email: m.email,
                is_active: m.is_active,
            })
        })
        .collect())
}

#[component]
pub fn TeamPage() -> impl IntoView {
    let viewer = require_sign_in();
    let posted = posted_form();
    let (invited, deactivated) =
        use_query_map().with_untracked(|q| (q.get("invited").is_some(), q.get("deactivated").is_some()));
    viewer.map(|viewer| {
        let team = Resource::new(|| (), |_| get_team());
        let roles: Vec<Role> = match viewer.role.organisation_kind() {
            OrganisationKind::Supplier => vec![Role::SupplierUser, Role::SupplierAdmin],
            OrganisationKind::Council => vec![Role::CouncilOfficer, Role::CouncilAdmin],
        };
        let chosen_role = posted.value("role");
        let role_error = posted.error("role");
        view! {
            <Title text=page_title("Your team", &posted) />
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-full">
                    {invited.then(|| view! { <SuccessBanner title="Success" text="Invitation sent. The link works once, for 7 days." /> })}
                    {deactivated.then(|| view! { <SuccessBanner title="Success" text="The account has been deactivated and signed out." /> })}
                    <ErrorSummary errors=Signal::stored(posted.errors.0.clone()) />
                    <h1 class="govuk-heading-l">"Your team"</h1>
                    <Suspense fallback=|| view! { <p class="govuk-body">"Loading your team…"</p> }>
                        {move || team.get().map(|result| match result {
                            Ok(members) => view! { <TeamTable members /> }.into_any(),
                            Err(error) => view! { <p class="govuk-body">{error.to_string()}</p> }.into_any(),
                        })}
                    </Suspense>
                    <h2 class="govuk-heading-m">"Invite someone"</h2>
                    <form method="post" action=paths::INVITE.pattern() novalidate class="govuk-!-width-two-thirds">
                        <TextField
                            id="email"
                            label="Their email address"
                            input_type="email"
                            autocomplete="off"
                            value=posted.value("email")
                            error=posted.error("email")
                        />
                        <div class=if role_error.is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                            <fieldset class="govuk-fieldset">
                                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Their role"</legend>
                                <ErrorMessage id="role-error" message=Signal::stored(role_error.clone()) />
                                <div class="govuk-radios govuk-radios--small" data-module="govuk-radios">
                                    {roles.into_iter().enumerate().map(|(i, role)| {
                                        let id = if i == 0 { "role".to_owned() } else { format!("role-{}", role.as_str()) };
                                        let checked = chosen_role == role.as_str() || (chosen_role.is_empty() && i == 0);
                                        view! {
                                            <div class="govuk-radios__item">
                                                <input class="govuk-radios__input" id=id.clone() name="role" type="radio" value=role.as_str() checked=checked />
                                                <label class="govuk-label govuk-radios__label" for=id>{role.label()}</label>
                                            </div>
                                        }
                                    }).collect_view()}
                                </div>
                            </fieldset>
                        </div>
                        <button type="submit" class="govuk-button">"Send invitation"</button>
                    </form>
                </div>
            </div>
        }
    })
}

#[component]
fn TeamTable(members: Vec<TeamMember>) -> impl IntoView {
    view! {
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">"People in your organisation"</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"Name"</th>
                    <th scope="col" class="govuk-table__header">"Email address"</th>
                    <th scope="col" class="govuk-table__header">"Role"</th>
                    <th scope="col" class="govuk-table__header">"Status"</th>
                    <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {members.into_iter().map(|m| view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell">{m.full_name.clone()}</td>
                        <td class="govuk-table__cell">{m.email.clone()}</td>
                        <td class="govuk-table__cell">{m.role.label()}</td>
                        <td class="govuk-table__cell">{if m.is_active { "Active" } else { "Deactivated" }}</td>
                        <td class="govuk-table__cell">
                            {(m.is_active && !m.is_you).then(|| view! {
                                <form method="post" action=paths::DEACTIVATE.id(m.user_id) class="pb-inline-form">
                                    <button type="submit" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0">
                                        "Deactivate" <span class="govuk-visually-hidden">{format!(" {}", m.full_name)}</span>
                                    </button>
                                </form>
                            })}
                        </td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn AcceptInvitationPage() -> impl IntoView {
    let posted = posted_form();
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    view! {
        <QuestionPage title="Accept your invitation" posted=posted.clone()>
                <p class="govuk-body">"Tell us your name and choose a password to finish setting up your account."</p>
                <form method="post" action=paths::ACCEPT_INVITATION.id(&token) novalidate>
                    <TextField id="full-name" label="Full name" autocomplete="name" value=posted.value("full-name") error=posted.error("full-name") />
                    <NewPasswordField id="password" label="Create a password" error=posted.error("password") />
                    <button type="submit" class="govuk-button">"Create my account"</button>
                </form>
        </QuestionPage>
    }
}
