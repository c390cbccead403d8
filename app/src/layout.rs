//! The chrome around every page: the skip link, the branded header with its navigation, and
//! the footer. It links to the journeys, so it lives beside the shell, not among components.

use leptos::prelude::*;

use crate::domain::accounts::{Role, Viewer};
use crate::journeys::accounts::paths::SIGN_OUT;
use crate::page_context::viewer;

#[component]
pub fn SkipLink() -> impl IntoView {
    view! { <a href="#main-content" class="govuk-skip-link">"Skip to main content"</a> }
}

/// One link of the header's navigation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavItem {
    pub label: String,
    pub href: &'static str,
}

/// The header's links for `viewer`: at most four, so that with "Sign out" the header holds five
/// items at most and fits on one line on a laptop. The rest of each role's pages are a click
/// away on the home page, which the service name links to.
pub fn nav_items(viewer: Option<&Viewer>) -> Vec<NavItem> {
    let item = |label: &str, href: &'static str| NavItem { label: label.to_owned(), href };
    let Some(viewer) = viewer else {
        return vec![
            item("Open tenders", "/tenders"),
            item("Frameworks", "/frameworks"),
            item("Guides", crate::journeys::guides::paths::INDEX),
            item("Sign in", "/sign-in"),
        ];
    };
    let reviews = NavItem {
        label: match viewer.reviews_waiting {
            Some(waiting) => format!("Returns to review ({waiting})"),
            None => "Returns to review".to_owned(),
        },
        href: crate::journeys::reviews::paths::QUEUE,
    };
    let account = item("Your account", "/account");
    match viewer.role {
        Role::CouncilAdmin => {
            vec![item("Tenders", "/manage/tenders"), item("Frameworks", "/manage/frameworks"), reviews, account]
        }
        Role::CouncilOfficer => {
            vec![item("Tenders", "/manage/tenders"), item("Contracts", "/contracts"), reviews, account]
        }
        Role::SupplierAdmin | Role::SupplierUser => {
            // The guides stay a click away, in the footer and on the home page.
            vec![
                item("Open tenders", "/tenders"),
                item("Your offers", crate::journeys::offers::paths::YOUR_OFFERS),
                item("Contracts", "/contracts"),
                account,
            ]
        }
    }
}

/// Whether `href` is the section of the page at `path`: the page itself or one below it.
fn is_current(href: &str, path: &str) -> bool {
    path == href || path.strip_prefix(href).is_some_and(|rest| rest.starts_with('/'))
}

/// The branded header: the service name and its navigation (the GOV.UK service navigation
/// pattern, which stacks its items on a narrow screen without JavaScript); no crown and no
/// GOV.UK logo.
#[component]
pub fn Header() -> impl IntoView {
    let viewer = viewer();
    let path = leptos_router::hooks::use_location().pathname.get_untracked();
    let links = nav_items(viewer.as_ref())
        .into_iter()
        .map(|item| {
            let current = is_current(item.href, &path);
            view! {
                <li class="govuk-service-navigation__item" class:govuk-service-navigation__item--active=current>
                    <a class="govuk-service-navigation__link" href=item.href aria-current=current.then_some("page")>
                        {item.label}
                    </a>
                </li>
            }
        })
        .collect_view();
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
                            {links}
                            {viewer.is_some().then(|| view! {
                                <li class="govuk-service-navigation__item">
                                    <form method="post" action=SIGN_OUT.pattern() class="pb-inline-form">
                                        <button type="submit" class="govuk-service-navigation__link pb-link-button">"Sign out"</button>
                                    </form>
                                </li>
                            })}
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
                                <a class="govuk-footer__link" href=crate::journeys::guides::paths::INDEX>"Guides"</a>
                            </li>
                            <li class="govuk-footer__inline-list-item">
                                <a class="govuk-footer__link" href=crate::journeys::guides::paths::GLOSSARY>"Glossary"</a>
                            </li>
                            <li class="govuk-footer__inline-list-item">
                                <a class="govuk-footer__link" href="/frameworks">"Measures frameworks"</a>
                            </li>
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

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(role: Role) -> Viewer {
        Viewer { user_id: 1, full_name: "Sam".into(), email: "sam@example.org".into(), role, reviews_waiting: Some(12) }
    }

    #[test]
    fn no_role_has_more_than_five_header_items() {
        assert!(nav_items(None).len() <= 5);
        for role in Role::ALL {
            // The links, plus "Sign out".
            assert!(nav_items(Some(&viewer(role))).len() < 5, "{role:?}");
        }
    }

    #[test]
    fn each_role_reaches_its_own_work() {
        let hrefs = |role| nav_items(Some(&viewer(role))).into_iter().map(|i| i.href).collect::<Vec<_>>();
        assert!(hrefs(Role::CouncilAdmin).contains(&"/manage/frameworks"));
        assert!(hrefs(Role::CouncilOfficer).contains(&"/reviews"));
        assert!(hrefs(Role::SupplierUser).contains(&"/contracts"));
        assert!(hrefs(Role::SupplierUser).contains(&"/offers"), "a losing bidder finds its offers, and so its summary");
        assert!(!hrefs(Role::SupplierAdmin).iter().any(|h| h.starts_with("/manage")));
    }

    #[test]
    fn the_current_section_is_the_page_or_below_it() {
        assert!(is_current("/contracts", "/contracts"));
        assert!(is_current("/contracts", "/contracts/3/returns/1"));
        assert!(!is_current("/contracts", "/contractsx"));
        assert!(!is_current("/tenders", "/manage/tenders"));
    }
}
