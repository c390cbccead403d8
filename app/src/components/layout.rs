use leptos::prelude::*;

#[component]
pub fn SkipLink() -> impl IntoView {
    view! { <a href="#main-content" class="govuk-skip-link">"Skip to main content"</a> }
}

/// The council-branded header: the service name only, no crown and no GOV.UK logo.
#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="govuk-header pb-header">
            <div class="govuk-header__container govuk-width-container">
                <div class="govuk-header__logo">
                    <a href="/" class="govuk-header__link govuk-header__link--homepage">
                        <span class="pb-header__wordmark">"Pledgebook"</span>
                    </a>
                </div>
                <div class="govuk-header__content">
                    <span class="govuk-header__service-name pb-header__tagline">"Social value in public procurement"</span>
                </div>
            </div>
        </header>
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
