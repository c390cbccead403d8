//! The home page, where sign-in lands: what the portal is for and three ways in for someone
//! signed out; the person's next steps, by role, for someone signed in.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::domain::accounts::{Role, Viewer};
use crate::domain::dates::display_date;
use crate::domain::next_steps::{CouncilSteps, NextSteps, SupplierSteps};
use crate::domain::tenders::TenderSummary;
use crate::errors::AppError;
use crate::journeys::guides::{paths as guides, GlossaryTerm, Term};
use crate::journeys::{frameworks, offers, returns, reviews, tenders};
use crate::page_context::{loaded, viewer};

/// The signed-in person's next steps.
#[server(endpoint = "home/next-steps")]
pub async fn get_next_steps() -> Result<NextSteps, AppError> {
    crate::page_context::call(move |db, published, session| async move {
        services::home::next_steps(&db, &published, session.as_ref()).await
    })
    .await
}

#[component]
pub fn HomePage() -> impl IntoView {
    match viewer() {
        Some(viewer) => view! { <SignedInHome viewer /> }.into_any(),
        None => view! { <SignedOutHome /> }.into_any(),
    }
}

#[component]
fn SignedOutHome() -> impl IntoView {
    view! {
        <Title text="Home" />
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-xl">"Social value, from bid to delivery"</h1>
                <p class="govuk-body-l">
                    "When a council buys a service, it asks the firms bidding what more they will do for the area: "<GlossaryTerm term=Term::Local>"local"</GlossaryTerm>" jobs, apprenticeships, "
                    "spending with local firms and charities, time given to schools. This is "<GlossaryTerm term=Term::SocialValue>"social value"</GlossaryTerm>". "
                    "Pledgebook helps firms make their "<GlossaryTerm term=Term::Offer>"offers"</GlossaryTerm>", councils score them, and everyone see what was "
                    <GlossaryTerm term=Term::Delivered>"delivered"</GlossaryTerm>"."
                </p>
                <p class="govuk-body">
                    <a class="govuk-link" href=guides::SOCIAL_VALUE>"Read what social value is and how bids are scored"</a>
                </p>
            </div>
        </div>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-one-third">
                <h2 class="govuk-heading-m">"Bidding for a contract"</h2>
                <p class="govuk-body">"Find an open "<GlossaryTerm term=Term::Tender>"tender"</GlossaryTerm>", build your offer and see what it is worth as you type."</p>
                <ul class="govuk-list">
                    <li><a class="govuk-link" href="/tenders">"Find an open tender"</a></li>
                    <li><a class="govuk-link" href="/register">"Register your organisation"</a></li>
                    <li><a class="govuk-link" href=guides::BUILDING_AN_OFFER>"How to build an offer"</a></li>
                </ul>
            </div>
            <div class="govuk-grid-column-one-third">
                <h2 class="govuk-heading-m">"Working for a council"</h2>
                <p class="govuk-body">"Set up tenders, score the offers, and check what each "<GlossaryTerm term=Term::Supplier>"supplier"</GlossaryTerm>" delivers."</p>
                <ul class="govuk-list">
                    <li><a class="govuk-link" href="/sign-in">"Sign in"</a></li>
                    <li><a class="govuk-link" href=guides::SETTING_UP_A_TENDER>"How to set up a tender"</a></li>
                    <li><a class="govuk-link" href=guides::TAILORING_A_FRAMEWORK>"How to tailor a framework"</a></li>
                </ul>
                <p class="govuk-body">"Your council's administrator gives you an account."</p>
            </div>
            <div class="govuk-grid-column-one-third">
                <h2 class="govuk-heading-m">"Looking for help for your group"</h2>
                <p class="govuk-body">
                    "Schools, charities and community groups can see which offers firms may make to them, such as "
                    "staff time, training or gifts. These are "<GlossaryTerm term=Term::CommunityOffer>"community offers"</GlossaryTerm>"."
                </p>
                <ul class="govuk-list">
                    <li><a class="govuk-link" href="/frameworks">"See what councils ask firms to offer"</a></li>
                    <li><a class="govuk-link" href="/calculator">"Work out what an offer is worth"</a></li>
                </ul>
            </div>
        </div>
        <p class="govuk-body"><a class="govuk-link" href=guides::INDEX>"All guides"</a>" and the "<a class="govuk-link" href=guides::GLOSSARY>"glossary"</a>" explain the words used here."</p>
    }
}

#[component]
fn SignedInHome(viewer: Viewer) -> impl IntoView {
    let steps = Resource::new(|| (), |()| get_next_steps());
    let reviews_waiting = viewer.reviews_waiting;
    let is_admin = viewer.role == Role::CouncilAdmin;
    view! {
        <Title text="Your next steps" />
        <span class="govuk-caption-l">{viewer.full_name.clone()}</span>
        <h1 class="govuk-heading-l">"Your next steps"</h1>
        {loaded(steps, move |steps| match steps {
            NextSteps::Supplier(steps) => view! { <SupplierNextSteps steps /> }.into_any(),
            NextSteps::Council(steps) => view! { <CouncilNextSteps steps reviews_waiting is_admin /> }.into_any(),
        })}
        <h2 class="govuk-heading-m">"Help"</h2>
        <ul class="govuk-list">
            <li><a class="govuk-link" href=guides::INDEX>"Guides"</a>" for each part of the work"</li>
            <li><a class="govuk-link" href=guides::GLOSSARY>"Glossary"</a>" of the words used here"</li>
            <li><a class="govuk-link" href="/account">"Your account"</a>": password, two-factor sign-in, reminders"</li>
        </ul>
    }
}

#[component]
fn SupplierNextSteps(steps: SupplierSteps) -> impl IntoView {
    let drafts = if steps.draft_offers.is_empty() {
        view! { <p class="govuk-body">"You have no offers in draft. "<a class="govuk-link" href="/tenders">"Find an open tender"</a>" to start one."</p> }.into_any()
    } else {
        view! {
            <ul class="govuk-list govuk-list--spaced">
                {steps.draft_offers.into_iter().map(|draft| view! {
                    <li>
                        <a class="govuk-link govuk-!-font-weight-bold" href=offers::paths::OFFER.id(draft.offer_id)>{draft.tender.title.clone()}</a>
                        <br />
                        {format!("{}, {}. Submit by {}.", draft.tender.reference, draft.tender.council_name, draft.tender.deadline)}
                    </li>
                }).collect_view()}
            </ul>
        }.into_any()
    };
    let returns_due = if steps.returns_due.is_empty() {
        view! { <p class="govuk-body">"No returns are due."</p> }.into_any()
    } else {
        view! {
            <ul class="govuk-list govuk-list--spaced">
                {steps.returns_due.into_iter().map(|due| view! {
                    <li>
                        <a class="govuk-link govuk-!-font-weight-bold" href=returns::paths::RETURN.with(&[&due.contract_id, &due.quarter])>
                            {format!("Quarter {} return: {}", due.quarter, due.contract_title)}
                        </a>
                        " "<strong class=due.state.tag_class(due.overdue)>{due.state.label(due.overdue)}</strong>
                        <br />
                        {format!("{}. Due by {}.", due.contract_reference, display_date(&due.due))}
                    </li>
                }).collect_view()}
            </ul>
        }.into_any()
    };
    view! {
        <h2 class="govuk-heading-m">"Offers in draft"</h2>
        <p class="govuk-body">"Each "<GlossaryTerm term=Term::Offer>"offer"</GlossaryTerm>" can be changed until its "<GlossaryTerm term=Term::Tender>"tender"</GlossaryTerm>" closes."</p>
        {drafts}
        <h2 class="govuk-heading-m">"Returns due"</h2>
        <p class="govuk-body">"Each "<GlossaryTerm term=Term::QuarterlyReturn>"quarterly return"</GlossaryTerm>" reports what you "<GlossaryTerm term=Term::Delivered>"delivered"</GlossaryTerm>", with "<GlossaryTerm term=Term::Evidence>"evidence"</GlossaryTerm>"."</p>
        {returns_due}
        <p class="govuk-body">
            <a class="govuk-link" href=offers::paths::YOUR_OFFERS>"Your offers"</a>" · "
            <a class="govuk-link" href="/contracts">"Your contracts"</a>" · "
            <a class="govuk-link" href=guides::BUILDING_AN_OFFER>"How to build an offer"</a>
        </p>
    }
}

#[component]
fn CouncilNextSteps(steps: CouncilSteps, reviews_waiting: Option<u64>, is_admin: bool) -> impl IntoView {
    let closing = if steps.closing_tenders.is_empty() {
        view! { <p class="govuk-body">"None of your council's "<GlossaryTerm term=Term::Tender>"tenders"</GlossaryTerm>" is open."</p> }.into_any()
    } else {
        tender_list(steps.closing_tenders, |t| format!("{}. Closes {}.", t.reference, t.deadline))
    };
    let nothing_in_draft = steps.draft_tenders.is_empty() && steps.draft_frameworks.is_empty();
    let draft_tenders = (!steps.draft_tenders.is_empty())
        .then(|| tender_list(steps.draft_tenders, |t| format!("{}. Tender in draft.", t.reference)));
    let draft_frameworks = (!steps.draft_frameworks.is_empty()).then(|| {
        view! {
            <ul class="govuk-list govuk-list--spaced">
                {steps.draft_frameworks.into_iter().map(|framework| view! {
                    <li>
                        <a class="govuk-link govuk-!-font-weight-bold" href=frameworks::paths::DRAFT.id(framework.id)>{framework.name.clone()}</a>
                        <br />
                        {format!("Version {}. Framework in draft.", framework.version_label)}
                    </li>
                }).collect_view()}
            </ul>
        }
    });
    let waiting = reviews_waiting.unwrap_or(0);
    view! {
        <h2 class="govuk-heading-m">"Returns to review"</h2>
        <p class="govuk-body">
            {match waiting {
                0 => "No returns are".to_owned(),
                1 => "1 return is".to_owned(),
                n => format!("{n} returns are"),
            }}
            " waiting for "<GlossaryTerm term=Term::Review>"review"</GlossaryTerm>". "
            <a class="govuk-link" href=reviews::paths::QUEUE>"See the returns to review"</a>
        </p>
        <h2 class="govuk-heading-m">"Tenders closing"</h2>
        {closing}
        <h2 class="govuk-heading-m">"Drafts to finish"</h2>
        {nothing_in_draft.then(|| view! { <p class="govuk-body">"Nothing is in draft."</p> })}
        {draft_tenders}
        {draft_frameworks}
        <p class="govuk-body">
            <a class="govuk-link" href=tenders::paths::NEW_TENDER.pattern()>"Start a new tender"</a>" · "
            <a class="govuk-link" href="/contracts">"Contracts"</a>
            {is_admin.then(|| view! { " · "<a class="govuk-link" href="/manage/frameworks">"Manage frameworks"</a>" · "<a class="govuk-link" href="/team">"Your team"</a> })}
        </p>
    }
}

/// A list of the council's tenders, each linked to its management page.
fn tender_list(list: Vec<TenderSummary>, detail: impl Fn(&TenderSummary) -> String) -> AnyView {
    view! {
        <ul class="govuk-list govuk-list--spaced">
            {list.into_iter().map(|tender| {
                let line = detail(&tender);
                view! {
                    <li>
                        <a class="govuk-link govuk-!-font-weight-bold" href=tenders::paths::MANAGE.id(tender.id)>{tender.title}</a>
                        <br />
                        {line}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
