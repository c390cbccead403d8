//! The guides and the glossary, as the server sends them: public, every glossary link leads to an
//! entry, the worked example shows what `calc` computes, and the pages they explain link to them.

use app::journeys::guides::{self, paths, worked_example, GLOSSARY, GUIDES};

use crate::helpers::{demo_tender, seeded, signed_in, spawn_app, Backend, TestApp, COUNCIL_ADMIN};
use crate::on_both_databases;

/// The values of every `attribute="…"` in the HTML.
fn attribute_values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let needle = format!("{attribute}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let start = at + needle.len();
            html[start..].find('"').map(|end| &html[start..start + end])
        })
        .collect()
}

/// The text of the page's one `<h1>`.
fn heading(html: &str) -> &str {
    let start = html.find("<h1").expect("a heading");
    let start = start + html[start..].find('>').unwrap() + 1;
    let end = start + html[start..].find("</h1>").unwrap();
    &html[start..end]
}

async fn public_html(app: &TestApp, path: &str) -> String {
    let response = app.browser().get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), 200, "GET {path} signed out");
    response.text().await.unwrap()
}

async fn every_guide_and_the_glossary_answer_signed_out(backend: Backend) {
    let app = spawn_app(backend).await;
    for path in paths::PAGES {
        public_html(&app, path).await;
    }
    // Every guide on the index, this journey's or another's, under the title the index gives it.
    let index = public_html(&app, paths::INDEX).await;
    let links = attribute_values(&index, "href");
    for guide in GUIDES {
        assert!(links.contains(&guide.path), "the index links {}", guide.path);
        let html = public_html(&app, guide.path).await;
        assert_eq!(heading(&html), guide.title, "{}", guide.path);
        assert!(html.contains(&format!("<title>{} – Pledgebook</title>", guide.title)), "{}", guide.path);
    }
    assert!(links.contains(&paths::GLOSSARY));
}

async fn every_glossary_link_leads_to_an_entry(backend: Backend) {
    let app = spawn_app(backend).await;
    let glossary = public_html(&app, paths::GLOSSARY).await;
    let ids = attribute_values(&glossary, "id");
    for entry in GLOSSARY {
        assert_eq!(ids.iter().filter(|id| **id == entry.slug).count(), 1, "one element with id {}", entry.slug);
        assert!(glossary.contains(entry.definition), "{}'s definition", entry.slug);
    }
    let prefix = format!("{}#", paths::GLOSSARY);
    let mut linked = 0;
    for path in GUIDES.iter().map(|g| g.path).chain([paths::INDEX]) {
        let html = public_html(&app, path).await;
        for href in attribute_values(&html, "href") {
            let Some(slug) = href.strip_prefix(&prefix) else { continue };
            assert!(ids.contains(&slug), "{path} links to {href}, which the glossary lacks");
            linked += 1;
        }
    }
    assert!(linked > 50, "the guides link their terms ({linked} links)");
}

async fn the_worked_example_shows_what_calc_computes(backend: Backend) {
    let app = spawn_app(backend).await;
    let html = public_html(&app, paths::BUILDING_AN_OFFER).await;
    let example = worked_example();
    // The figures the guide's unit test works out by hand: the page cannot show stale ones.
    assert_eq!(example.check.figures.total.to_string(), "£273,193.43");
    assert_eq!(example.ratio_text(), "£0.14 per £1 (14%)");
    assert_eq!(example.score_text(), "3.82 of 7");
    for row in example.rows() {
        assert!(html.contains(&format!(">{}</td>", row.value)), "line value {}", row.value);
        assert!(html.contains(&format!(">{}</td>", row.quantity)), "quantity {}", row.quantity);
        assert!(html.contains(&format!(">{}</td>", row.unit)), "unit {}", row.unit);
    }
    assert!(html.contains(">£273,193.43</td>"), "the table's total");
    assert!(html.contains(">£0.14 per £1 (14%)</dd>"));
    assert!(html.contains(">3.82 of 7</dd>"));
    assert!(html.contains("£273,193.43 ÷ £2,000,000.00 is £0.14 per £1, or 14%."), "the ratio's working");
    // The way on, into the builder: the open tenders.
    assert!(attribute_values(&html, "href").contains(&"/tenders"));
    assert!(html.contains(">Find an open tender</a>"));
}

async fn the_pages_they_explain_link_to_the_guides(backend: Backend) {
    let app = seeded(backend).await;
    let tender = demo_tender(&app).await;
    let html = public_html(&app, &format!("/tenders/{}", tender.id)).await;
    let links = attribute_values(&html, "href");
    assert!(links.contains(&paths::SOCIAL_VALUE), "the tender page links the social value guide");
    assert!(links.contains(&paths::BUILDING_AN_OFFER), "the tender page links the offer guide");

    let admin = signed_in(&app, COUNCIL_ADMIN).await;
    for (page, guide) in
        [("/manage/frameworks", guides::TAILORING_A_FRAMEWORK), ("/manage/new-tender", guides::SETTING_UP_A_TENDER)]
    {
        let response = admin.get(app.url(page)).send().await.unwrap();
        assert_eq!(response.status(), 200, "GET {page}");
        let html = response.text().await.unwrap();
        assert!(attribute_values(&html, "href").contains(&guide.path), "{page} links {}", guide.path);
    }
}

on_both_databases!(
    every_guide_and_the_glossary_answer_signed_out,
    every_glossary_link_leads_to_an_entry,
    the_worked_example_shows_what_calc_computes,
    the_pages_they_explain_link_to_the_guides,
);
