//! One error vocabulary: each kind of refusal gives the same status through a server function
//! (`/api/…`, as the islands call them) and through a form route (as a browser without
//! JavaScript posts). Not found 404, forbidden 403, conflict 409, both ways.
//!
//! Two differences are by design, and asserted as such:
//! - invalid answers: a form route shows its page again with the messages and what was typed,
//!   with 200, as GOV.UK services do; a server function answers 422 with the field errors;
//! - sign in first: a form route redirects to the sign-in page (303), for a browser to follow;
//!   a server function answers 401, for the island to handle.

use app::journeys::frameworks::paths::NEW_DRAFT;
use app::journeys::offers::paths::OFFER;
use app::journeys::tenders::paths::DETAILS;
use domain::offers::MAX_PLAN_CHARS;

use crate::helpers::{
    council_admin, demo_tender, input_value, location, measure_in, one_line, other_council_admin, published_version_id,
    save, save_ok, seeded, signed_in, start_offer, submit_ok, tender_form, unescape, Backend, Fields, TestApp,
    SUPPLIER_A,
};
use crate::on_both_databases;

/// Calls the server function at `/api/{endpoint}` as an island does: a form-encoded POST.
async fn server_fn(app: &TestApp, browser: &reqwest::Client, endpoint: &str, args: &Fields) -> reqwest::Response {
    browser.post(app.url(&format!("/api/{endpoint}"))).form(args).send().await.unwrap()
}

async fn post_form(app: &TestApp, browser: &reqwest::Client, path: &str, fields: &Fields) -> reqwest::Response {
    browser.post(app.url(path)).form(fields).send().await.unwrap()
}

/// The autosave server function's arguments for the builder's `fields`.
fn autosave_args(offer_id: i64, fields: &Fields) -> Fields {
    let mut args = vec![("id".to_owned(), offer_id.to_string())];
    for (i, (name, value)) in fields.iter().enumerate() {
        args.push((format!("fields[{i}][0]"), name.clone()));
        args.push((format!("fields[{i}][1]"), value.clone()));
    }
    args
}

fn id_arg(id: i64) -> Fields {
    vec![("id".to_owned(), id.to_string())]
}

/// A tender that does not exist, and another council's tender, are not found either way.
async fn not_found_is_404_both_ways(backend: Backend) {
    let app = seeded(backend).await;
    let version_id = published_version_id(&app).await;
    let answers = tender_form("DCC-404", "Nowhere", version_id);
    let admin = council_admin(&app).await;
    let other = other_council_admin(&app).await;
    let demo = demo_tender(&app).await.id;
    for (who, browser, tender_id) in [("the council", &admin, 999_999), ("another council", &other, demo)] {
        let by_server_fn = server_fn(&app, browser, "tenders/editing", &id_arg(tender_id)).await;
        assert_eq!(by_server_fn.status(), 404, "{who}: server function, tender {tender_id}");
        let by_form = post_form(&app, browser, &DETAILS.id(tender_id), &answers).await;
        assert_eq!(by_form.status(), 404, "{who}: form route, tender {tender_id}");
    }
}

/// A supplier asking for council staff's tender and framework work is refused either way.
async fn forbidden_is_403_both_ways(backend: Backend) {
    let app = seeded(backend).await;
    let version_id = published_version_id(&app).await;
    let supplier = signed_in(&app, SUPPLIER_A).await;
    let demo = demo_tender(&app).await.id;

    let by_server_fn = server_fn(&app, &supplier, "tenders/editing", &id_arg(demo)).await;
    assert_eq!(by_server_fn.status(), 403, "tenders: server function");
    let by_form = post_form(&app, &supplier, &DETAILS.id(demo), &tender_form("DCC-403", "Mine", version_id)).await;
    assert_eq!(by_form.status(), 403, "tenders: form route");

    let by_server_fn = server_fn(&app, &supplier, "frameworks/council", &vec![]).await;
    assert_eq!(by_server_fn.status(), 403, "frameworks: server function");
    let by_form = post_form(&app, &supplier, NEW_DRAFT.pattern(), &vec![("name".into(), "Mine".into())]).await;
    assert_eq!(by_form.status(), 403, "frameworks: form route");
}

/// Saving an offer once it is submitted does not fit its state: a conflict either way.
async fn conflict_is_409_both_ways(backend: Backend) {
    let app = seeded(backend).await;
    let tender = demo_tender(&app).await;
    let job_1 = measure_in(&app, &tender, "JOB-1", true).await;
    let supplier = signed_in(&app, SUPPLIER_A).await;
    let offer_id = start_offer(&app, &supplier, tender.id).await;
    save_ok(&app, &supplier, offer_id, &one_line(&job_1, "1", "Hire")).await;
    submit_ok(&app, &supplier, offer_id).await;

    let changed = one_line(&job_1, "2", "Hire two");
    let by_server_fn = server_fn(&app, &supplier, "offers/autosave", &autosave_args(offer_id, &changed)).await;
    assert_eq!(by_server_fn.status(), 409, "server function");
    assert!(unescape(&by_server_fn.text().await.unwrap()).contains("This offer has been submitted"));
    let by_form = save(&app, &supplier, offer_id, &changed).await;
    assert_eq!(by_form.status(), 409, "form route");
    assert!(unescape(&by_form.text().await.unwrap()).contains("This offer has been submitted"));
}

/// By design: a delivery plan over its length is 422 from the server function, and the page
/// again (200) with the message and the typed answers from the form route.
async fn invalid_answers_are_422_from_a_server_function_and_the_page_again_from_a_form(backend: Backend) {
    let app = seeded(backend).await;
    let tender = demo_tender(&app).await;
    let job_1 = measure_in(&app, &tender, "JOB-1", true).await;
    let supplier = signed_in(&app, SUPPLIER_A).await;
    let offer_id = start_offer(&app, &supplier, tender.id).await;
    let too_long = one_line(&job_1, "3", &"x".repeat(MAX_PLAN_CHARS + 1));
    let message = "Your delivery plan for JOB-1 must be 1,000 characters or fewer";

    let by_server_fn = server_fn(&app, &supplier, "offers/autosave", &autosave_args(offer_id, &too_long)).await;
    assert_eq!(by_server_fn.status(), 422, "server function");
    assert!(by_server_fn.text().await.unwrap().contains(&message), "the field's message");
    let by_form = save(&app, &supplier, offer_id, &too_long).await;
    assert_eq!(by_form.status(), 200, "form route: the page again");
    let html = unescape(&by_form.text().await.unwrap());
    assert!(html.contains("There is a problem") && html.contains(&message), "{html}");
    let quantity = input_value(&html, &format!("q-{}-1", job_1.id));
    assert_eq!(quantity.as_deref(), Some("3"), "the typed quantity is kept");
}

/// By design: signed out, the server function answers 401 and the form route sends the browser
/// to sign in.
async fn sign_in_first_is_401_from_a_server_function_and_a_redirect_from_a_form(backend: Backend) {
    let app = seeded(backend).await;
    let tender = demo_tender(&app).await;
    let job_1 = measure_in(&app, &tender, "JOB-1", true).await;
    let supplier = signed_in(&app, SUPPLIER_A).await;
    let offer_id = start_offer(&app, &supplier, tender.id).await;
    let anonymous = app.browser();
    let answers = one_line(&job_1, "1", "Hire");

    let by_server_fn = server_fn(&app, &anonymous, "offers/autosave", &autosave_args(offer_id, &answers)).await;
    assert_eq!(by_server_fn.status(), 401, "offers: server function");
    let by_form = post_form(&app, &anonymous, &OFFER.id(offer_id), &answers).await;
    assert_eq!((by_form.status().as_u16(), location(&by_form).as_str()), (303, "/sign-in"), "offers: form route");

    let by_server_fn = server_fn(&app, &anonymous, "tenders/editing", &id_arg(tender.id)).await;
    assert_eq!(by_server_fn.status(), 401, "tenders: server function");
    let version_id = published_version_id(&app).await;
    let by_form = post_form(&app, &anonymous, &DETAILS.id(tender.id), &tender_form("X", "X", version_id)).await;
    assert_eq!((by_form.status().as_u16(), location(&by_form).as_str()), (303, "/sign-in"), "tenders: form route");
}

on_both_databases!(
    not_found_is_404_both_ways,
    forbidden_is_403_both_ways,
    conflict_is_409_both_ways,
    invalid_answers_are_422_from_a_server_function_and_the_page_again_from_a_form,
    sign_in_first_is_401_from_a_server_function_and_a_redirect_from_a_form,
);
