use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::journeys::accounts::{
    AcceptInvitationPage, AccountPage, ChangePasswordPage, ForgotPasswordPage, PasswordResetSentPage,
    RecoveryCodesPage, RegisterPage, ResetPasswordPage, SetUpTwoFactorPage, SignInCodePage, SignInPage,
    SignInRecoveryCodePage, TeamPage,
};
use crate::journeys::contracts::{AwardPage, ContractPage, ContractsPage};
use crate::journeys::evaluation::{EvaluationGuidePage, EvaluationPage, ExcludeLinePage, OfferEvaluationPage};
use crate::journeys::frameworks::{
    EditVersionPage, FrameworkPage, FrameworksPage, ManageFrameworksPage, MeasurePage, PublishPage, VersionDetailsPage,
};
use crate::journeys::guides::{
    BuildingAnOfferGuidePage, DeliveryPlanGuidePage, GlossaryPage, GuidesPage, SettingUpATenderGuidePage,
    SocialValueGuidePage, TailoringGuidePage,
};
use crate::journeys::offers::{CheckOfferPage, OfferPage, ReceiptPage, YourOffersPage};
use crate::journeys::returns::{CheckReturnPage, EvidenceGuidePage, ReturnPage};
use crate::journeys::reviews::{ReviewGuidePage, ReviewPage, ReviewQueuePage};
use crate::journeys::tenders::{ManageTenderPage, ManageTendersPage, TenderDetailsPage, TenderPage, TendersPage};
use crate::journeys::{calculator::CalculatorPage, home::HomePage, not_found::NotFoundPage};
use crate::layout::{Footer, Header, SkipLink};
use crate::page_context::provide_viewer;
use crate::site_assets::{site_assets, start_islands_page};

/// The HTML document the server renders around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    start_islands_page();
    view! {
        <!DOCTYPE html>
        <html lang="en-GB" class="govuk-template">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
                <meta name="theme-color" content="#1d4f6e" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                {show_page_address()}
                <MetaTags />
            </head>
            <body class="govuk-template__body">
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_viewer();

    view! {
        <Stylesheet id="leptos" href=format!("/pkg/{}", site_assets().css) />
        <Title formatter=|page: String| format!("{} – Pledgebook", crate::components::raw_text::title_text(&page)) />
        <Router>
            <SkipLink />
            <Header />
            <div class="govuk-width-container">
                <main class="govuk-main-wrapper" id="main-content">
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                        <Route path=path!("calculator") view=CalculatorPage />
                        <Route path=path!("sign-in") view=SignInPage />
                        <Route path=path!("sign-in/code") view=SignInCodePage />
                        <Route path=path!("sign-in/recovery-code") view=SignInRecoveryCodePage />
                        <Route path=path!("two-factor/set-up") view=SetUpTwoFactorPage ssr=SsrMode::Async />
                        <Route path=path!("two-factor/recovery-codes") view=RecoveryCodesPage />
                        <Route path=path!("register") view=RegisterPage />
                        <Route path=path!("account") view=AccountPage ssr=SsrMode::Async />
                        <Route path=path!("account/password") view=ChangePasswordPage />
                        <Route path=path!("forgot-password") view=ForgotPasswordPage />
                        <Route path=path!("forgot-password/sent") view=PasswordResetSentPage />
                        <Route path=path!("reset-password/:token") view=ResetPasswordPage />
                        <Route path=path!("team") view=TeamPage ssr=SsrMode::Async />
                        <Route path=path!("invitations/:token") view=AcceptInvitationPage />
                        <Route path=path!("frameworks") view=FrameworksPage ssr=SsrMode::Async />
                        <Route path=path!("frameworks/:id") view=FrameworkPage ssr=SsrMode::Async />
                        <Route path=path!("manage/frameworks") view=ManageFrameworksPage ssr=SsrMode::Async />
                        <Route path=path!("manage/new-framework") view=VersionDetailsPage ssr=SsrMode::Async />
                        <Route path=path!("manage/frameworks/:id") view=EditVersionPage ssr=SsrMode::Async />
                        <Route path=path!("manage/frameworks/:id/details") view=VersionDetailsPage ssr=SsrMode::Async />
                        <Route path=path!("manage/frameworks/:id/add-measure") view=MeasurePage ssr=SsrMode::Async />
                        <Route path=path!("manage/frameworks/:id/measures/:measure_id") view=MeasurePage ssr=SsrMode::Async />
                        <Route path=path!("manage/frameworks/:id/publish") view=PublishPage ssr=SsrMode::Async />
                        <Route path=path!("tenders") view=TendersPage ssr=SsrMode::Async />
                        <Route path=path!("tenders/:id") view=TenderPage ssr=SsrMode::Async />
                        <Route path=path!("manage/tenders") view=ManageTendersPage ssr=SsrMode::Async />
                        <Route path=path!("manage/new-tender") view=TenderDetailsPage ssr=SsrMode::Async />
                        <Route path=path!("manage/tenders/:id") view=ManageTenderPage ssr=SsrMode::Async />
                        <Route path=path!("manage/tenders/:id/details") view=TenderDetailsPage ssr=SsrMode::Async />
                        <Route path=path!("manage/tenders/:id/evaluation") view=EvaluationPage ssr=SsrMode::Async />
                        <Route path=path!("manage/tenders/:id/evaluation/offers/:offer_id") view=OfferEvaluationPage ssr=SsrMode::Async />
                        <Route path=path!("manage/tenders/:id/evaluation/offers/:offer_id/lines/:measure_id/:year/exclude") view=ExcludeLinePage ssr=SsrMode::Async />
                        <Route path=path!("manage/tenders/:id/award") view=AwardPage ssr=SsrMode::Async />
                        <Route path=path!("guides/evaluation") view=EvaluationGuidePage />
                        <Route path=path!("contracts") view=ContractsPage ssr=SsrMode::Async />
                        <Route path=path!("contracts/:id") view=ContractPage ssr=SsrMode::Async />
                        <Route path=path!("contracts/:id/returns/:quarter") view=ReturnPage ssr=SsrMode::Async />
                        <Route path=path!("contracts/:id/returns/:quarter/check") view=CheckReturnPage ssr=SsrMode::Async />
                        <Route path=path!("guides/evidence") view=EvidenceGuidePage />
                        <Route path=path!("reviews") view=ReviewQueuePage ssr=SsrMode::Async />
                        <Route path=path!("contracts/:id/returns/:quarter/review") view=ReviewPage ssr=SsrMode::Async />
                        <Route path=path!("guides/reviewing-evidence") view=ReviewGuidePage />
                        <Route path=path!("offers") view=YourOffersPage ssr=SsrMode::Async />
                        <Route path=path!("offers/:id") view=OfferPage ssr=SsrMode::Async />
                        <Route path=path!("offers/:id/check") view=CheckOfferPage ssr=SsrMode::Async />
                        <Route path=path!("offers/:id/submissions/:submission_id") view=ReceiptPage ssr=SsrMode::Async />
                        <Route path=path!("guides") view=GuidesPage />
                        <Route path=path!("glossary") view=GlossaryPage />
                        <Route path=path!("guides/social-value") view=SocialValueGuidePage />
                        <Route path=path!("guides/building-an-offer") view=BuildingAnOfferGuidePage />
                        <Route path=path!("guides/delivery-plan") view=DeliveryPlanGuidePage />
                        <Route path=path!("guides/tailoring-a-framework") view=TailoringGuidePage />
                        <Route path=path!("guides/setting-up-a-tender") view=SettingUpATenderGuidePage />
                    </Routes>
                </main>
            </div>
            <Footer />
        </Router>
    }
}

/// Set when a form's POST answer shows another page (say, the draft page after a refused
/// import): the address of the page shown.
#[derive(Debug, Clone)]
pub struct ShownAt(pub String);

/// Puts the shown page's address in the address bar, so that it names the page shown and a
/// reload shows that page instead of sending the form again.
fn show_page_address() -> Option<impl IntoView> {
    #[cfg(feature = "ssr")]
    {
        let ShownAt(path) = use_context::<ShownAt>()?;
        let nonce = leptos::nonce::use_nonce();
        // As a JSON string, with `<` escaped so that nothing in it can close the script.
        let path = serde_json::to_string(&path).ok()?.replace('<', "\\u003c");
        Some(view! { <script nonce=nonce>{format!("history.replaceState(null, \"\", {path});")}</script> })
    }
    #[cfg(not(feature = "ssr"))]
    {
        None::<()>
    }
}
