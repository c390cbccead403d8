//! The home page, where sign-in lands: three ways in for someone signed out, next steps by role
//! for someone signed in; and the way back to the page that asked for sign-in.

use app::journeys::accounts::paths::{SIGN_IN, SIGN_IN_CODE};
use services::demo::DEMO_ACCOUNTS;

use crate::helpers::{
    demo_code_now, demo_tender, forget_last_code, location, page, seeded, signed_in, start_offer, text_of, Backend,
    TestApp, COUNCIL_ADMIN, DEMO_PASSWORD, SUPPLIER_A, SUPPLIER_B,
};
use crate::on_both_databases;

/// Posts the sign-in form with `return_to`, as the sign-in page sends it; the answer unread.
async fn sign_in_returning(
    app: &TestApp,
    browser: &reqwest::Client,
    email: &str,
    return_to: &str,
) -> reqwest::Response {
    browser
        .post(app.url(SIGN_IN.pattern()))
        .form(&[("email", email), ("password", DEMO_PASSWORD), ("return_to", return_to)])
        .send()
        .await
        .unwrap()
}

async fn signed_out_visitors_see_three_ways_in(backend: Backend) {
    let app = seeded(backend).await;
    let (status, html) = page(&app, &app.browser(), "/").await;
    assert_eq!(status, 200);
    let text = text_of(&html);
    for way_in in ["Bidding for a contract", "Working for a council", "Looking for help for your group"] {
        assert!(text.contains(way_in), "{way_in}: {text}");
    }
    for link in
        ["href=\"/tenders\"", "href=\"/register\"", "href=\"/sign-in\"", "href=\"/frameworks\"", "href=\"/guides\""]
    {
        assert!(html.contains(link), "{link}");
    }
    assert!(!text.contains("Your next steps"));
}

async fn a_supplier_lands_on_its_drafts_and_returns_due(backend: Backend) {
    let app = seeded(backend).await;
    let supplier = signed_in(&app, SUPPLIER_A).await;
    let tender = demo_tender(&app).await;
    let offer_id = start_offer(&app, &supplier, tender.id).await;

    let (status, html) = page(&app, &supplier, "/").await;
    assert_eq!(status, 200);
    let text = text_of(&html);
    assert!(text.contains("Your next steps"), "{text}");
    assert!(html.contains(&format!("href=\"/offers/{offer_id}\"")), "the draft links to the builder: {text}");
    assert!(text.contains(&tender.title) && text.contains("Submit by"), "the draft's tender and deadline: {text}");
    // The demo contract's second quarter ended without a return: it is overdue.
    assert!(text.contains("Quarter 2 return") && text.contains("Overdue"), "{text}");
    assert!(!text.contains("Tenders closing"), "nothing of the council's: {text}");

    // Another supplier sees none of it.
    let other = signed_in(&app, SUPPLIER_B).await;
    let other_text = text_of(&page(&app, &other, "/").await.1);
    assert!(
        !other_text.contains(&format!("/offers/{offer_id}")) && !other_text.contains("Quarter 2 return"),
        "{other_text}"
    );
}

async fn council_staff_land_on_tenders_closing_drafts_and_reviews(backend: Backend) {
    let app = seeded(backend).await;
    let tender = demo_tender(&app).await;
    // The demo's first marker is a council officer.
    for email in [COUNCIL_ADMIN, DEMO_ACCOUNTS[3].0] {
        let council = signed_in(&app, email).await;
        let (status, html) = page(&app, &council, "/").await;
        assert_eq!(status, 200, "{email}");
        let text = text_of(&html);
        assert!(text.contains("Tenders closing") && text.contains(&tender.title), "{email}: {text}");
        assert!(html.contains(&format!("href=\"/manage/tenders/{}\"", tender.id)), "{email}");
        assert!(text.contains("1 return is waiting for review."), "{email}: {text}");
        assert!(text.contains("Drafts to finish"), "{email}: {text}");
        assert_eq!(
            html.contains("href=\"/manage/frameworks\""),
            email == COUNCIL_ADMIN,
            "{email}: frameworks for admins"
        );
    }
}

async fn sign_in_returns_to_the_page_that_asked(backend: Backend) {
    let app = seeded(backend).await;
    let browser = app.browser();
    let asked = browser.get(app.url("/contracts?q=DEMO")).send().await.unwrap();
    assert_eq!(asked.status(), 303);
    let to = location(&asked);
    assert_eq!(to, "/sign-in?return_to=%2Fcontracts%3Fq%3DDEMO");
    let (_, sign_in_page) = page(&app, &browser, &to).await;
    assert!(sign_in_page.contains(r#"name="return_to" value="/contracts?q=DEMO""#), "the form carries it");

    let wrong = browser
        .post(app.url(SIGN_IN.pattern()))
        .form(&[("email", SUPPLIER_A), ("password", "not it"), ("return_to", "/contracts?q=DEMO")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 200, "the sign-in page again, with the problem");
    assert!(wrong.text().await.unwrap().contains(r#"value="/contracts?q=DEMO""#), "kept after a wrong password");

    let signed = sign_in_returning(&app, &browser, SUPPLIER_A, "/contracts?q=DEMO").await;
    assert_eq!((signed.status().as_u16(), location(&signed)), (303, "/contracts?q=DEMO".to_owned()));
}

async fn only_a_local_path_is_returned_to(backend: Backend) {
    let app = seeded(backend).await;
    for elsewhere in ["//evil.example", "https://evil.example", "/\\evil.example", "/sign-in", ""] {
        let response = sign_in_returning(&app, &app.browser(), SUPPLIER_A, elsewhere).await;
        assert_eq!((response.status().as_u16(), location(&response)), (303, "/".to_owned()), "{elsewhere:?}");
        let (_, html) =
            page(&app, &app.browser(), &format!("/sign-in?return_to={}", elsewhere.replace('/', "%2F"))).await;
        assert!(!html.contains("name=\"return_to\""), "{elsewhere:?} is not carried");
    }
}

async fn the_way_back_survives_the_code_step(backend: Backend) {
    let app = seeded(backend).await;
    let browser = app.browser();
    let password = sign_in_returning(&app, &browser, COUNCIL_ADMIN, "/reviews").await;
    assert_eq!(location(&password), "/sign-in/code?return_to=%2Freviews");
    let (_, code_page) = page(&app, &browser, &location(&password)).await;
    assert!(code_page.contains(r#"name="return_to" value="/reviews""#));
    assert!(code_page.contains(r#"href="/sign-in/recovery-code?return_to=%2Freviews""#), "the recovery code's way too");

    forget_last_code(&app, COUNCIL_ADMIN).await;
    let code = demo_code_now();
    let wrong = browser
        .post(app.url(SIGN_IN_CODE.pattern()))
        .form(&[("code", "000000"), ("return_to", "/reviews")])
        .send()
        .await
        .unwrap();
    assert!(wrong.text().await.unwrap().contains(r#"name="return_to" value="/reviews""#), "kept after a wrong code");
    let done = browser
        .post(app.url(SIGN_IN_CODE.pattern()))
        .form(&[("code", code.as_str()), ("return_to", "/reviews")])
        .send()
        .await
        .unwrap();
    assert_eq!((done.status().as_u16(), location(&done)), (303, "/reviews".to_owned()));

    // Without a page to go back to, sign-in lands on the home page.
    let other = app.browser();
    let password = sign_in_returning(&app, &other, SUPPLIER_B, "").await;
    assert_eq!(location(&password), "/");
}

on_both_databases!(
    signed_out_visitors_see_three_ways_in,
    a_supplier_lands_on_its_drafts_and_returns_due,
    council_staff_land_on_tenders_closing_drafts_and_reviews,
    sign_in_returns_to_the_page_that_asked,
    only_a_local_path_is_returned_to,
    the_way_back_survives_the_code_step,
);
