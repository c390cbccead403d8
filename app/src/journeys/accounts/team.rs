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
    pub two_factor_on: bool,
}

/// The administrator's organisation: its people, for the team page.
#[server]
pub async fn get_team() -> Result<Vec<TeamMember>, AppError> {
    team().await.map_err(crate::errors::WithStatus::with_status)
}

#[cfg(feature = "ssr")]
async fn team() -> Result<Vec<TeamMember>, AppError> {
    use crate::server::request::current_session;
    use services::accounts::team_members;

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
                two_factor_on: m.totp_secret.is_some(),
                email: m.email,
                is_active: m.is_active,
            })
        })
        .collect())
}

/// The council's choice that suppliers use two-factor sign-in (council administrators only).
#[server]
pub async fn get_suppliers_two_factor() -> Result<bool, AppError> {
    crate::page_context::call(|db, _, session| async move {
        services::two_factor::suppliers_requirement(&db, session.as_ref()).await
    })
    .await
}

#[component]
pub fn TeamPage() -> impl IntoView {
    let viewer = require_sign_in();
    let posted = posted_form();
    let (invited, deactivated) =
        use_query_map().with_untracked(|q| (q.get("invited").is_some(), q.get("deactivated").is_some()));
    let saved = use_query_map().with_untracked(|q| {
        [
            ("role-changed", "The role has been changed."),
            ("two-factor-reset", "Their two-factor sign-in has been reset and they have been signed out. They will set it up again when they next sign in."),
            ("suppliers-two-factor-saved", "Your choice for suppliers has been saved. It applies from each supplier's next sign-in."),
        ]
        .into_iter()
        .find(|(key, _)| q.get(key).is_some())
        .map(|(_, text)| text)
    });
    viewer.map(|viewer| {
        let team = Resource::new(|| (), |_| get_team());
        let kind = viewer.role.organisation_kind();
        let roles: Vec<Role> = Role::of_kind(kind).to_vec();
        let chosen_role = posted.value("role");
        let role_error = posted.error("role");
        view! {
            <Title text=page_title("Your team", &posted) />
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-full">
                    {invited.then(|| view! { <SuccessBanner title="Success" text="Invitation sent. The link works once, for 7 days." /> })}
                    {deactivated.then(|| view! { <SuccessBanner title="Success" text="The account has been deactivated and signed out." /> })}
                    {saved.map(|text| view! { <SuccessBanner title="Success" text=text /> })}
                    <ErrorSummary errors=Signal::stored(posted.errors.0.clone()) />
                    <h1 class="govuk-heading-l">"Your team"</h1>
                    <Suspense fallback=|| view! { <p class="govuk-body">"Loading your team…"</p> }>
                        {move || team.get().map(|result| match result {
                            Ok(members) => view! { <TeamTable members roles=Role::of_kind(kind) /> }.into_any(),
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
                    {(kind == OrganisationKind::Council).then(|| view! { <SuppliersTwoFactor posted=posted.clone() /> })}
                </div>
            </div>
        }
    })
}

/// A council administrator's choice that suppliers sign in with two factors too.
#[component]
fn SuppliersTwoFactor(posted: crate::domain::form::PostedForm) -> impl IntoView {
    use super::fields::SUPPLIERS_TWO_FACTOR;
    let error = posted.error(SUPPLIERS_TWO_FACTOR);
    let required = Resource::new(|| (), |_| get_suppliers_two_factor());
    view! {
        <Suspense fallback=|| ()>
            {move || required.get().map(|result| result.ok().map(|required| {
                let error = error.clone();
                view! {
                    <form method="post" action=paths::SUPPLIERS_TWO_FACTOR.pattern() novalidate class="govuk-!-width-two-thirds">
                        <div class=if error.is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                            <fieldset class="govuk-fieldset" aria-describedby="suppliers-two-factor-hint">
                                <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
                                    <h2 class="govuk-fieldset__heading">"Must suppliers use two-factor sign-in?"</h2>
                                </legend>
                                <div class="govuk-hint" id="suppliers-two-factor-hint">
                                    "Your council's staff always sign in with a password and a code from an app. You can ask the same of every supplier on the portal, from their next sign-in."
                                </div>
                                <ErrorMessage id="suppliers-two-factor-error" message=Signal::stored(error.clone()) />
                                <div class="govuk-radios govuk-radios--small" data-module="govuk-radios">
                                    <div class="govuk-radios__item">
                                        <input class="govuk-radios__input" id=SUPPLIERS_TWO_FACTOR name=SUPPLIERS_TWO_FACTOR type="radio" value="yes" checked=required />
                                        <label class="govuk-label govuk-radios__label" for=SUPPLIERS_TWO_FACTOR>"Yes, suppliers must use it"</label>
                                    </div>
                                    <div class="govuk-radios__item">
                                        <input class="govuk-radios__input" id="suppliers-two-factor-no" name=SUPPLIERS_TWO_FACTOR type="radio" value="no" checked=!required />
                                        <label class="govuk-label govuk-radios__label" for="suppliers-two-factor-no">"No, suppliers choose"</label>
                                    </div>
                                </div>
                            </fieldset>
                        </div>
                        <button type="submit" class="govuk-button govuk-button--secondary">"Save choice for suppliers"</button>
                    </form>
                }
            }))}
        </Suspense>
    }
}

#[component]
fn TeamTable(members: Vec<TeamMember>, roles: [Role; 2]) -> impl IntoView {
    view! {
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">"People in your organisation"</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"Name"</th>
                    <th scope="col" class="govuk-table__header">"Email address"</th>
                    <th scope="col" class="govuk-table__header">"Role"</th>
                    <th scope="col" class="govuk-table__header">"Status"</th>
                    <th scope="col" class="govuk-table__header">"Two-factor"</th>
                    <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {members.into_iter().map(|m| view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell">{m.full_name.clone()}</td>
                        <td class="govuk-table__cell">{m.email.clone()}</td>
                        <td class="govuk-table__cell">
                            {if m.is_active {
                                view! { <RoleForm member=m.clone() roles /> }.into_any()
                            } else {
                                m.role.label().into_any()
                            }}
                        </td>
                        <td class="govuk-table__cell">{if m.is_active { "Active" } else { "Deactivated" }}</td>
                        <td class="govuk-table__cell">
                            {if m.two_factor_on { "On" } else { "Off" }}
                            {(m.two_factor_on && m.is_active && !m.is_you).then(|| view! {
                                <form method="post" action=paths::RESET_TWO_FACTOR.id(m.user_id) class="pb-inline-form">
                                    <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                                        "Reset" <span class="govuk-visually-hidden">{format!(" two-factor sign-in for {}", m.full_name)}</span>
                                    </button>
                                </form>
                            })}
                        </td>
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

/// A colleague's role, changed in place (the field's id is `role-{user_id}`).
#[component]
fn RoleForm(member: TeamMember, roles: [Role; 2]) -> impl IntoView {
    let posted = posted_form();
    let id = format!("{}-{}", super::fields::ROLE, member.user_id);
    let error = posted.error(&id);
    view! {
        <form method="post" action=paths::CHANGE_ROLE.id(member.user_id) class="pb-inline-form">
            <div class=if error.is_some() { "govuk-form-group govuk-form-group--error govuk-!-margin-bottom-1" } else { "govuk-form-group govuk-!-margin-bottom-1" }>
                <label class="govuk-label govuk-visually-hidden" for=id.clone()>{format!("Role of {}", member.full_name)}</label>
                <ErrorMessage id=format!("{id}-error") message=Signal::stored(error.clone()) />
                <select class="govuk-select" id=id.clone() name=super::fields::ROLE aria-describedby=error.as_ref().map(|_| format!("{id}-error"))>
                    {roles.into_iter().map(|role| view! {
                        <option value=role.as_str() selected=role == member.role>{role.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                "Change role" <span class="govuk-visually-hidden">{format!(" of {}", member.full_name)}</span>
            </button>
        </form>
    }
}
