//! Guides and the glossary: public pages that teach as the portal is used, so that a first-time
//! bid writer or officer needs no webinar. Each guide is one page; the glossary is one list of
//! the domain's words, and `GlossaryTerm` links a word on any page to its entry.
//!
//! Figures in the guides come from the shared `calc` module at render time, never typed in, so
//! the guides show what the offer builder and the server compute.

mod building_an_offer;
mod delivery_plan;
pub mod glossary;
mod index;
mod setting_up_a_tender;
mod social_value;
mod tailoring;

pub use building_an_offer::{worked_example, BuildingAnOfferGuidePage, WorkedExample};
pub use delivery_plan::DeliveryPlanGuidePage;
pub use glossary::{GlossaryPage, GlossaryTerm, Term, GLOSSARY};
pub use index::GuidesPage;
pub use setting_up_a_tender::SettingUpATenderGuidePage;
pub use social_value::{scoring_examples, ScoringExamples, SocialValueGuidePage};
pub use tailoring::TailoringGuidePage;

use leptos::prelude::*;
use leptos_meta::Title;

pub use domain::routes::guides::paths;

/// Who a guide is written for: its caption, and its group on the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Everyone,
    Suppliers,
    CouncilStaff,
}

impl Audience {
    pub fn caption(self) -> &'static str {
        match self {
            Audience::Everyone => "Guide",
            Audience::Suppliers => "Guide for suppliers",
            Audience::CouncilStaff => "Guide for council staff",
        }
    }
}

/// A guide as the index lists it. The title is also the guide's heading and page title (the
/// guides of other journeys write theirs on their pages: a test keeps the two alike).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Guide {
    pub path: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub audience: Audience,
}

pub const SOCIAL_VALUE: Guide = Guide {
    path: paths::SOCIAL_VALUE,
    title: "What social value is and how offers are scored",
    summary:
        "What councils ask for, and how the target, the weighting and the scoring method turn an offer into marks.",
    audience: Audience::Everyone,
};
pub const BUILDING_AN_OFFER: Guide = Guide {
    path: paths::BUILDING_AN_OFFER,
    title: "Building a social value offer",
    summary: "Choose measures, enter quantities for each year and see what your offer is worth, with a worked example.",
    audience: Audience::Suppliers,
};
pub const DELIVERY_PLAN: Guide = Guide {
    path: paths::DELIVERY_PLAN,
    title: "Writing a delivery plan an officer can believe",
    summary: "Say what you will do, who will do it, when, and how you will prove it.",
    audience: Audience::Suppliers,
};
pub const EVIDENCE: Guide = Guide {
    path: paths::EVIDENCE,
    title: "Evidence for your quarterly return",
    summary: "What proves what you delivered each quarter, and what you must never upload.",
    audience: Audience::Suppliers,
};
pub const TAILORING_A_FRAMEWORK: Guide = Guide {
    path: paths::TAILORING_A_FRAMEWORK,
    title: "Tailoring a framework to your area",
    summary: "Choose the measures that fit your area, set local proxy values and publish a version.",
    audience: Audience::CouncilStaff,
};
pub const SETTING_UP_A_TENDER: Guide = Guide {
    path: paths::SETTING_UP_A_TENDER,
    title: "Setting up a tender: target, weighting and scoring",
    summary: "Choose the measures bidders may offer, the target, the weighting and how offers are scored.",
    audience: Audience::CouncilStaff,
};
pub const EVALUATION: Guide = Guide {
    path: paths::EVALUATION,
    title: "How offers are scored and moderated",
    summary: "The scores and their working, excluding a line, marking on your own and moderation.",
    audience: Audience::CouncilStaff,
};
pub const REVIEWING_EVIDENCE: Guide = Guide {
    path: paths::REVIEWING_EVIDENCE,
    title: "Reviewing a quarterly return",
    summary: "How to check each line's evidence, and when to ask for more.",
    audience: Audience::CouncilStaff,
};

/// Every guide, in the order the index lists them within each audience.
pub const GUIDES: [Guide; 8] = [
    SOCIAL_VALUE,
    BUILDING_AN_OFFER,
    DELIVERY_PLAN,
    EVIDENCE,
    TAILORING_A_FRAMEWORK,
    SETTING_UP_A_TENDER,
    EVALUATION,
    REVIEWING_EVIDENCE,
];

/// The frame every guide of this journey shares: its title, caption and heading, the guide's
/// sections, and the way back to every guide.
#[component]
fn GuideFrame(guide: Guide, children: Children) -> impl IntoView {
    view! {
        <Title text=guide.title />
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <span class="govuk-caption-l">{guide.audience.caption()}</span>
                <h1 class="govuk-heading-l">{guide.title}</h1>
                {children()}
                <h2 class="govuk-heading-m">"More help"</h2>
                <ul class="govuk-list">
                    <li><a class="govuk-link" href=paths::INDEX>"All guides"</a></li>
                    <li><a class="govuk-link" href=paths::GLOSSARY>"Glossary: the words we use"</a></li>
                </ul>
            </div>
        </div>
    }
}

/// Renders a page to HTML on its own, as the server would, for the unit tests.
#[cfg(all(test, feature = "ssr"))]
pub(crate) fn render<V: IntoView + 'static>(page: impl FnOnce() -> V + 'static) -> String {
    let owner = Owner::new();
    owner.with(|| {
        leptos_meta::provide_meta_context();
        page().into_view().to_html()
    })
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    /// Every page of this journey, rendered.
    pub(super) fn pages() -> Vec<(&'static str, String)> {
        vec![
            (paths::INDEX, render(|| view! { <GuidesPage /> })),
            (paths::GLOSSARY, render(|| view! { <GlossaryPage /> })),
            (paths::SOCIAL_VALUE, render(|| view! { <SocialValueGuidePage /> })),
            (paths::BUILDING_AN_OFFER, render(|| view! { <BuildingAnOfferGuidePage /> })),
            (paths::DELIVERY_PLAN, render(|| view! { <DeliveryPlanGuidePage /> })),
            (paths::TAILORING_A_FRAMEWORK, render(|| view! { <TailoringGuidePage /> })),
            (paths::SETTING_UP_A_TENDER, render(|| view! { <SettingUpATenderGuidePage /> })),
        ]
    }

    /// The values of every `attribute="…"` in the HTML.
    pub(super) fn attribute_values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
        let needle = format!("{attribute}=\"");
        html.match_indices(&needle)
            .filter_map(|(at, _)| {
                let start = at + needle.len();
                html[start..].find('"').map(|end| &html[start..start + end])
            })
            .collect()
    }

    /// The opening tag of the element with `attribute` (`href="/tenders"`), and the text just
    /// inside it (up to the next tag): Leptos orders attributes its own way.
    pub(super) fn element_with<'a>(html: &'a str, attribute: &str) -> Option<(&'a str, &'a str)> {
        let at = html.find(attribute)?;
        let open = html[..at].rfind('<')?;
        let close = at + html[at..].find('>')?;
        let text_end = close + 1 + html[close + 1..].find('<')?;
        Some((&html[open..=close], &html[close + 1..text_end]))
    }

    #[test]
    fn every_guide_has_its_own_address_and_title() {
        let mut paths: Vec<_> = GUIDES.iter().map(|g| g.path).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), GUIDES.len(), "one guide per address");
        let mut titles: Vec<_> = GUIDES.iter().map(|g| g.title).collect();
        titles.sort_unstable();
        titles.dedup();
        assert_eq!(titles.len(), GUIDES.len(), "one title per guide");
        for path in paths::PAGES.iter().filter(|p| p.starts_with("/guides/")) {
            assert!(GUIDES.iter().any(|g| g.path == *path), "{path} is listed on the index");
        }
    }

    #[test]
    fn each_guide_page_shows_its_listed_title() {
        for (path, html) in pages() {
            let Some(guide) = GUIDES.iter().find(|g| g.path == path) else { continue };
            assert!(html.contains(&format!("<h1 class=\"govuk-heading-l\">{}</h1>", guide.title)), "{path}: {html}");
        }
    }

    #[test]
    fn the_index_links_every_guide_and_the_glossary() {
        let (_, html) = pages().into_iter().find(|(p, _)| *p == paths::INDEX).unwrap();
        let links = attribute_values(&html, "href");
        for guide in GUIDES {
            assert!(links.contains(&guide.path), "{} is linked: {html}", guide.path);
        }
        assert!(links.contains(&paths::GLOSSARY));
    }

    #[test]
    fn each_guide_links_to_the_pages_it_explains() {
        let explains: [(&str, &[&str]); 5] = [
            (paths::SOCIAL_VALUE, &[paths::EVALUATION, paths::BUILDING_AN_OFFER, "/tenders"]),
            (paths::BUILDING_AN_OFFER, &["/tenders", paths::DELIVERY_PLAN, "/calculator"]),
            (paths::DELIVERY_PLAN, &[paths::EVIDENCE, paths::BUILDING_AN_OFFER]),
            (paths::TAILORING_A_FRAMEWORK, &["/manage/frameworks", "/frameworks"]),
            (paths::SETTING_UP_A_TENDER, &["/manage/tenders", paths::EVALUATION, paths::TAILORING_A_FRAMEWORK]),
        ];
        let pages = pages();
        for (path, targets) in explains {
            let (_, html) = pages.iter().find(|(p, _)| *p == path).unwrap();
            let links = attribute_values(html, "href");
            for target in targets {
                assert!(links.contains(target), "{path} links to {target}");
            }
        }
    }
}
