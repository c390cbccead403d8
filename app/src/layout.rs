//! The chrome around every page: the skip link, the branded header with its navigation, and
//! the footer. It links to the journeys, so it lives beside the shell, not among components.

use leptos::prelude::*;

use crate::domain::accounts::Role;
use crate::journeys::accounts::paths::SIGN_OUT;
use crate::page_context::viewer;

#[component]
pub fn SkipLink() -> impl IntoView {
    view! { <a href="#main-content" class="govuk-skip-link">"Skip to main content"</a> }
}

/// The branded header: the service name and its navigation; no crown and no GOV.UK logo.
#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="govuk-generic-header pb-header">
            <div class="govuk-generic-header__container govuk-width-container">
                <div class="govuk-generic-header__logo">
                    <a href="/" class="govuk-generic-header__homepage-link">"Pledgebook"</a>
                </div>
            </div>
        </header>
        <div class="govuk-service-navigation">
            <div class="govuk-width-container">
                <div class="govuk-service-navigation__container">
                    <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
                        <ul class="govuk-service-navigation__list" id="navigation">
                            <li class="govuk-service-navigation__item">
                                <a class="govuk-service-navigation__link" href="/calculator">"Value calculator"</a>
                            </li>
                            <li class="govuk-service-navigation__item">
                                <a class="govuk-service-navigation__link" href="/frameworks">"Measures frameworks"</a>
                            </li>
                            <li class="govuk-service-navigation__item">
                                <a class="govuk-service-navigation__link" href="/tenders">"Open tenders"</a>
                            </li>
                            {match viewer() {
                                Some(viewer) => {
                                    let is_council_admin = viewer.role == Role::CouncilAdmin;
                                    let is_council_staff = viewer.role.includes(Role::CouncilOfficer);
                                    view! {
                                        {is_council_staff.then(|| view! {
                                            <li class="govuk-service-navigation__item">
                                                <a class="govuk-service-navigation__link" href="/manage/tenders">"Manage tenders"</a>
                                            </li>
                                            <li class="govuk-service-navigation__item">
                                                <a class="govuk-service-navigation__link" href=crate::journeys::reviews::paths::QUEUE>
                                                    {match viewer.reviews_waiting {
                                                        Some(waiting) => format!("Returns to review ({waiting})"),
                                                        None => "Returns to review".to_owned(),
                                                    }}
                                                </a>
                                            </li>
                                        })}
                                        {is_council_admin.then(|| view! {
                                            <li class="govuk-service-navigation__item">
                                                <a class="govuk-service-navigation__link" href="/manage/frameworks">"Manage frameworks"</a>
                                            </li>
                                        })}
                                        <li class="govuk-service-navigation__item">
                                            <a class="govuk-service-navigation__link" href="/account">
                                                {format!("Your account ({})", viewer.full_name)}
                                            </a>
                                        </li>
                                        <li class="govuk-service-navigation__item">
                                            <form method="post" action=SIGN_OUT.pattern() class="pb-inline-form">
                                                <button type="submit" class="govuk-service-navigation__link pb-link-button">
                                                    "Sign out"
                                                </button>
                                            </form>
                                        </li>
                                    }
                                        .into_any()
                                }
                                None => {
                                    view! {
                                        <li class="govuk-service-navigation__item">
                                            <a class="govuk-service-navigation__link" href="/sign-in">"Sign in"</a>
                                        </li>
                                        <li class="govuk-service-navigation__item">
                                            <a class="govuk-service-navigation__link" href="/register">"Register"</a>
                                        </li>
                                    }
                                        .into_any()
                                }
                            }}
                        </ul>
                    </nav>
                </div>
            </div>
        </div>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="govuk-footer">
            <div class="govuk-width-container">
                <div class="govuk-footer__meta">
                    <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
                        <h2 class="govuk-visually-hidden">"Support links"</h2>
                        <ul class="govuk-footer__inline-list">
                            <li class="govuk-footer__inline-list-item">
                                <a class="govuk-footer__link" href="/calculator">"Value calculator"</a>
                            </li>
                        </ul>
                        <span class="govuk-footer__licence-description">
                            "Pledgebook is open-source software for councils and their suppliers."
                        </span>
                    </div>
                </div>
            </div>
        </footer>
    }
}
