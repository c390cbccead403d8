//! Suppliers' offers over HTTP: the deadline locks them, figures the browser sends are ignored
//! and the server's are stored, suppliers are kept apart, resubmission keeps the history,
//! invalid quantities are kept, explained and left out of the figures, a first-year-only measure
//! takes year 1 alone, and each measure's guidance sits beside its boxes.

use app::journeys::offers::fields::{ACTION, ACTION_CHECK, ATTESTATION, YES};
use app::journeys::offers::paths::{CHECK, OFFER, RECEIPT, START, SUBMIT, WITHDRAW, YOUR_OFFERS};
use app::journeys::tenders::paths::CANCEL;
use db::{audit_log, framework_measure, offer};
use domain::audit::AuditAction;
use domain::offers::SubmittedOffer;
use sea_orm::prelude::Decimal;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use services::audit;
use services::demo::DEMO_TENDER_REFERENCE;

use crate::helpers::{
    chosen_measure_ids, demo_tender, input_value, items_of, location, measure_in, offer_row, one_line, page,
    pass_the_deadline, registered_supplier, reload_tender, save, save_ok, seeded, sign_in_from, signed_in, start_offer,
    submissions_of, submit, submit_ok, text_of, unescape, Backend, Fields, COUNCIL_ADMIN, SUPPLIER_A, SUPPLIER_B,
};
use crate::on_both_databases;

fn proxy_of(measure: &framework_measure::Model) -> Decimal {
    measure.proxy_value.as_deref().expect("a monetised measure").parse().unwrap()
}

/// quantity × proxy value, rounded to £0.01 midpoint away from zero (all amounts here are ≥ 0),
/// worked out here independently of the app's calculation code.
fn line_value(quantity: &str, proxy: Decimal) -> Decimal {
    let hundred = Decimal::from(100);
    let exact = quantity.parse::<Decimal>().unwrap() * proxy;
    let mut rounded = (exact * hundred + Decimal::new(5, 1)).floor() / hundred;
    rounded.rescale(2);
    rounded
}

/// "£185,550.24"
fn gbp(amount: Decimal) -> String {
    let plain = format!("{amount:.2}");
    let (whole, pence) = plain.split_once('.').unwrap();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("£{grouped}.{pence}")
}

/// The text of the error message shown beside `field` (its `{field}-error` paragraph).
fn error_beside(html: &str, field: &str) -> Option<String> {
    let start = html.find(&format!("id=\"{field}-error\""))?;
    let rest = &html[start..];
    let body = &rest[rest.find('>')? + 1..];
    Some(text_of(&body[..body.find("</p>")?]))
}

/// The builder's fieldset for the measure `code`: from its legend to the fieldset's end.
fn measure_fieldset<'a>(html: &'a str, code: &str) -> &'a str {
    let legend = format!("govuk-fieldset__legend--s\">{code} ");
    let start = html.find(&legend).unwrap_or_else(|| panic!("{code}'s fieldset on the builder"));
    let rest = &html[start..];
    &rest[..rest.find("</fieldset>").unwrap_or_else(|| panic!("the end of {code}'s fieldset"))]
}

/// The years of the quantity boxes (named `q-{measure}-{year}`) the builder shows for a measure.
fn quantity_boxes(html: &str, measure_id: i64) -> Vec<u32> {
    let name = format!("name=\"q-{measure_id}-");
    html.match_indices(&name)
        .map(|(at, _)| {
            let year = &html[at + name.len()..];
            year[..year.find('"').unwrap()].parse().unwrap()
        })
        .collect()
}

/// The text of the element that follows the first occurrence of `marker` (a class or id).
fn text_after(html: &str, marker: &str, closing: &str) -> String {
    let start = html.find(marker).unwrap_or_else(|| panic!("{marker} on the page"));
    let rest = &html[start..];
    let body = &rest[rest.find('>').unwrap() + 1..];
    text_of(&body[..body.find(closing).unwrap()])
}

// ---- 1. The deadline ------------------------------------------------------------------------

/// Once the deadline passes, nothing about an offer can change: saving, submitting and
/// withdrawing answer 409 and change nothing; no new offer can start; the tender leaves the list.
async fn after_the_deadline_offers_are_locked_and_the_tender_is_unlisted(backend: Backend) {
    let app = seeded(backend).await;
    let tender = demo_tender(&app).await;
    let job_1 = measure_in(&app, &tender, "JOB-1", true).await;

    // Supplier A keeps a draft; supplier B submits.
    let a = signed_in(&app, SUPPLIER_A).await;
    let a_offer = start_offer(&app, &a, tender.id).await;
    save_ok(&app, &a, a_offer, &one_line(&job_1, "2", "Two local hires")).await;
    let b = signed_in(&app, SUPPLIER_B).await;
    let b_offer = start_offer(&app, &b, tender.id).await;
    assert_ne!(a_offer, b_offer, "one offer per supplier");
    save_ok(&app, &b, b_offer, &one_line(&job_1, "1", "One hire")).await;
    submit_ok(&app, &b, b_offer).await;

    let (_, listed) = page(&app, &app.browser(), "/tenders").await;
    assert!(listed.contains(DEMO_TENDER_REFERENCE), "listed while open");

    // The deadline passes.
    pass_the_deadline(&app, tender.id).await;

    let a_items = items_of(&app, a_offer).await;
    let a_row = offer_row(&app, a_offer).await;
    let b_submissions = submissions_of(&app, b_offer).await;
    let b_row = offer_row(&app, b_offer).await;
    assert_eq!(a_items.len(), 1);
    assert_eq!(b_submissions.len(), 1);

    let changed = one_line(&job_1, "9", "Changed too late");
    let refused_save = save(&app, &a, a_offer, &changed).await;
    assert_eq!(refused_save.status(), 409);
    let html = unescape(&refused_save.text().await.unwrap());
    assert!(html.contains("The deadline for this tender has passed"), "{html}");
    let to_check = a
        .post(app.url(&OFFER.id(a_offer)))
        .form(&[(format!("q-{}-1", job_1.id), "9".to_owned()), (ACTION.into(), ACTION_CHECK.into())])
        .send()
        .await
        .unwrap();
    assert_eq!(to_check.status(), 409, "save and continue to check");
    let autosave = a
        .post(app.url("/api/offers/autosave"))
        .form(&[
            ("id", a_offer.to_string()),
            ("fields[0][0]", format!("q-{}-1", job_1.id)),
            ("fields[0][1]", "9".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(autosave.status(), 409, "autosave after the deadline");
    let refused_submit = submit(&app, &a, a_offer).await;
    assert_eq!(refused_submit.status(), 409);
    assert!(unescape(&refused_submit.text().await.unwrap()).contains("The deadline for this tender has passed"));
    let refused_withdraw = b.post(app.url(&WITHDRAW.id(b_offer))).send().await.unwrap();
    assert_eq!(refused_withdraw.status(), 409);
    let b_save = save(&app, &b, b_offer, &changed).await;
    assert_eq!(b_save.status(), 409, "a submitted offer cannot be saved either");

    assert_eq!(items_of(&app, a_offer).await, a_items, "A's draft is unchanged");
    assert_eq!(offer_row(&app, a_offer).await, a_row);
    assert!(submissions_of(&app, a_offer).await.is_empty(), "A submitted nothing");
    assert_eq!(submissions_of(&app, b_offer).await, b_submissions, "B's submission is not withdrawn");
    assert_eq!(offer_row(&app, b_offer).await, b_row);
    assert_eq!(b_row.status, "submitted");

    // A third supplier cannot start an offer now.
    let c = registered_supplier(&app, "Latecomer Ltd", "late@latecomer.example").await;
    let late = c.post(app.url(&START.id(tender.id))).send().await.unwrap();
    assert_eq!(late.status(), 409);
    assert_eq!(offer::Entity::find().filter(offer::Column::TenderId.eq(tender.id)).count(&app.db).await.unwrap(), 2);

    // The pages say so.
    let (status, a_page) = page(&app, &a, &OFFER.id(a_offer)).await;
    assert_eq!(status, 200);
    assert!(a_page.contains("The deadline has passed. This offer was not submitted and can no longer change."));
    let (status, tender_page) = page(&app, &c, &format!("/tenders/{}", tender.id)).await;
    assert_eq!(status, 200);
    assert!(tender_page.contains(">Closed<") && !tender_page.contains("Start your offer"), "{tender_page}");
    let (_, list) = page(&app, &app.browser(), "/tenders").await;
    assert!(!list.contains(DEMO_TENDER_REFERENCE), "a closed tender is not listed");
    assert!(text_of(&list).contains("No open tenders match"));

    // The refused changes left no lock behind: the council can still cancel the tender.
    let admin = signed_in(&app, COUNCIL_ADMIN).await;
    let cancelled =
        tokio::time::timeout(std::time::Duration::from_secs(20), admin.post(app.url(&CANCEL.id(tender.id))).send())
            .await
            .expect("cancelling is not blocked by a refused change's lock")
            .unwrap();
    assert_eq!(location(&cancelled), format!("/manage/tenders/{}?cancelled", tender.id));
    assert_eq!(reload_tender(&app, tender.id).await.status, "cancelled");
}

// ---- 2. Figures the browser sends are ignored -----------------------------------------------

/// Extra fields (values, totals, proxy values, a measure outside the tender, a year beyond the
/// contract) change nothing: the server stores only the tender's quantities and computes every
/// figure from the framework's proxy values.
async fn tampered_figures_are_ignored_and_the_server_computes_every_value(backend: Backend) {
    let app = seeded(backend).await;
    let tender = demo_tender(&app).await;
    let contract_value: Decimal = tender.contract_value.parse().unwrap();
    let job_1 = measure_in(&app, &tender, "JOB-1", true).await;
    let gro_1 = measure_in(&app, &tender, "GRO-1", true).await;
    let env_2 = measure_in(&app, &tender, "ENV-2", true).await;
    let env_3 = measure_in(&app, &tender, "ENV-3", true).await;
    let inn_2 = measure_in(&app, &tender, "INN-2", true).await;
    let job_7 = measure_in(&app, &tender, "JOB-7", false).await;
    let gro_6 = measure_in(&app, &tender, "GRO-6", false).await;

    let a = signed_in(&app, SUPPLIER_A).await;
    let offer_id = start_offer(&app, &a, tender.id).await;
    let (j, g, e2, e3, i, j7, g6) = (job_1.id, gro_1.id, env_2.id, env_3.id, inn_2.id, job_7.id, gro_6.id);
    let honest = [
        (format!("q-{j}-1"), "2.5"),
        (format!("q-{j}-2"), "3"),
        (format!("plan-{j}"), "Local hires through the job centre"),
        (format!("q-{g}-1"), "250000.5"),
        (format!("plan-{g}"), "Local SME subcontracts"),
        // 3 × £0.045 = £0.135 unrounded; the rule gives 3 × £0.05 = £0.15.
        (format!("q-{e3}-1"), "1"),
        (format!("q-{e3}-2"), "1"),
        (format!("q-{e3}-3"), "1"),
        (format!("plan-{e3}"), "Electric vans"),
        (format!("q-{i}-2"), "10"),
        (format!("plan-{i}"), "Refurbished laptops"),
        (format!("response-{e2}"), "A baseline in the first quarter"),
    ];
    let tampering = [
        (format!("value-{j}-1"), "999999999"),
        (format!("value-{j}"), "999999999"),
        ("total".to_owned(), "999999999"),
        ("ratio".to_owned(), "5"),
        ("score".to_owned(), "100"),
        (format!("proxy-{j}"), "1000000"),
        (format!("proxy-value-{j}"), "1000000"),
        (format!("proxy_value-{g}"), "1000000"),
        (format!("subtotal-{e3}"), "1000000"),
        (format!("q-{j7}-1"), "500"),
        (format!("plan-{j7}"), "Not a measure of this tender"),
        (format!("q-{g6}-1"), "7"),
        (format!("response-{g6}"), "Not chosen either"),
        ("q-999999-1".to_owned(), "1000"),
        (format!("q-{j}-9"), "4"),
    ];
    let form: Fields = honest.iter().chain(tampering.iter()).map(|(n, v)| (n.clone(), (*v).to_owned())).collect();
    save_ok(&app, &a, offer_id, &form).await;

    let items = items_of(&app, offer_id).await;
    let stored: Vec<i64> = items.iter().map(|item| item.measure_id).collect();
    let mut expected_ids = vec![j, g, e2, e3, i];
    expected_ids.sort();
    assert_eq!(stored, expected_ids, "only the tender's measures are stored");
    for item in &items {
        let framework = [&job_1, &gro_1, &env_2, &env_3, &inn_2].into_iter().find(|m| m.id == item.measure_id).unwrap();
        let stored_proxy = item.proxy_value.as_deref().map(|p| p.parse::<Decimal>().unwrap());
        let framework_proxy = framework.proxy_value.as_deref().map(|p| p.parse::<Decimal>().unwrap());
        assert_eq!(stored_proxy, framework_proxy, "{}: the framework's proxy value", framework.code);
    }
    let job_item = items.iter().find(|item| item.measure_id == j).unwrap();
    let quantities: serde_json::Value = serde_json::from_str(&job_item.quantities).unwrap();
    assert_eq!(quantities["9"], "4", "the year beyond the contract is kept as typed: {quantities}");

    // The year beyond the contract stops submission, named.
    let refused = submit(&app, &a, offer_id).await;
    assert_eq!(refused.status(), 200);
    let html = unescape(&refused.text().await.unwrap());
    assert!(html.contains("There is a problem"));
    assert!(html.contains("The contract runs for 3 years: leave year 9 empty"), "{html}");
    assert!(submissions_of(&app, offer_id).await.is_empty());
    assert_eq!(offer_row(&app, offer_id).await.status, "draft");

    // Emptied (as the builder sends the box), the same tampered form submits.
    let form: Fields =
        form.into_iter().map(|(n, v)| if n == format!("q-{j}-9") { (n, String::new()) } else { (n, v) }).collect();
    save_ok(&app, &a, offer_id, &form).await;
    let submission_id = submit_ok(&app, &a, offer_id).await;

    let (pj, pg, pe3, pi) = (proxy_of(&job_1), proxy_of(&gro_1), proxy_of(&env_3), proxy_of(&inn_2));
    let expected_lines: Vec<(i64, u32, Decimal)> = vec![
        (j, 1, line_value("2.5", pj)),
        (j, 2, line_value("3", pj)),
        (g, 1, line_value("250000.5", pg)),
        (e3, 1, line_value("1", pe3)),
        (e3, 2, line_value("1", pe3)),
        (e3, 3, line_value("1", pe3)),
        (i, 2, line_value("10", pi)),
    ];
    let total: Decimal = expected_lines.iter().map(|(_, _, v)| *v).sum();
    assert_eq!(total, "185550.24".parse::<Decimal>().unwrap(), "the hand-worked total, from the demo's proxy values");

    let rows = submissions_of(&app, offer_id).await;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.id, submission_id);
    assert_eq!(row.total.parse::<Decimal>().unwrap(), total, "the stored total");
    assert_eq!(row.ratio.as_deref().unwrap().parse::<Decimal>().unwrap(), total / contract_value, "the stored ratio");
    let snapshot: SubmittedOffer = serde_json::from_str(&row.snapshot).unwrap();
    assert_eq!(snapshot.total.pounds(), total);
    assert_eq!(snapshot.ratio.unwrap().value(), total / contract_value);
    let mut lines: Vec<(i64, u32, Decimal)> =
        snapshot.lines.iter().map(|l| (l.measure_id, l.year, l.value.pounds())).collect();
    lines.sort();
    let mut expected_sorted = expected_lines.clone();
    expected_sorted.sort();
    assert_eq!(lines, expected_sorted, "every line, and only the valid ones, with its own value");
    for line in &snapshot.lines {
        let framework = [&job_1, &gro_1, &env_3, &inn_2].into_iter().find(|m| m.id == line.measure_id).unwrap();
        assert_eq!(line.proxy_value.unwrap().per_unit(), proxy_of(framework), "{}", line.code);
        assert_eq!(line.code, framework.code);
    }
    let by_year = |year: u32| expected_lines.iter().filter(|(_, y, _)| *y == year).map(|(_, _, v)| *v).sum::<Decimal>();
    for year in 1..=3 {
        assert_eq!(snapshot.by_year.get(&year).map(|m| m.pounds()), Some(by_year(year)), "year {year}");
    }
    assert!(!snapshot.by_year.contains_key(&9));
    assert_eq!(snapshot.by_theme["Jobs"].pounds(), line_value("2.5", pj) + line_value("3", pj));
    assert_eq!(snapshot.by_theme["Environment"].pounds(), line_value("1", pe3) * Decimal::from(3));
    assert_eq!(snapshot.responses.len(), 1, "the written response");
    assert_eq!(snapshot.responses[0].measure_id, e2);

    // The receipt shows the server's figures.
    let (status, receipt) = page(&app, &a, &RECEIPT.with(&[&offer_id, &submission_id])).await;
    assert_eq!(status, 200);
    assert!(receipt.contains("Offer submitted") && receipt.contains(&row.reference));
    assert!(receipt.contains(&format!("Total social value {}", gbp(total))), "{receipt}");
    assert!(!receipt.contains("£999,999,999"));
}

// ---- 3. Suppliers kept apart ----------------------------------------------------------------

/// Another supplier's people get 404 on everything about an offer that is not theirs; council
/// staff get 403 on offer pages; anonymous visitors are sent to sign in. Nothing changes.
async fn one_supplier_can_neither_see_nor_change_anothers_offer(backend: Backend) {
    let app = seeded(backend).await;
    let tender = demo_tender(&app).await;
    let job_1 = measure_in(&app, &tender, "JOB-1", true).await;
    let a = signed_in(&app, SUPPLIER_A).await;
    let offer_id = start_offer(&app, &a, tender.id).await;
    assert_eq!(start_offer(&app, &a, tender.id).await, offer_id, "starting again finds the same offer");
    let secret = "Secret plan of Example Facilities";
    save_ok(&app, &a, offer_id, &one_line(&job_1, "2", "Draft")).await;

    // The owner's server functions answer (a positive control for the refusals below).
    let autosaved = a
        .post(app.url("/api/offers/autosave"))
        .form(&[
            ("id", offer_id.to_string()),
            ("fields[0][0]", format!("q-{}-1", job_1.id)),
            ("fields[0][1]", "2".into()),
            ("fields[1][0]", format!("plan-{}", job_1.id)),
            ("fields[1][1]", secret.into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(autosaved.status(), 200, "{}", autosaved.text().await.unwrap());
    let items = items_of(&app, offer_id).await;
    assert_eq!((items.len(), items[0].plan.as_str()), (1, secret), "the owner's autosave is stored");
    let own = a.post(app.url("/api/offers/offer")).form(&[("id", offer_id.to_string())]).send().await.unwrap();
    assert_eq!(own.status(), 200);
    assert!(own.text().await.unwrap().contains(secret));

    let b = signed_in(&app, SUPPLIER_B).await;
    let b_offer = start_offer(&app, &b, tender.id).await;
    assert_ne!(b_offer, offer_id, "B gets its own offer");
    let council = signed_in(&app, COUNCIL_ADMIN).await;
    let anonymous = app.browser();

    let takeover: Fields = vec![
        (format!("q-{}-1", job_1.id), "0".into()),
        (format!("plan-{}", job_1.id), "Taken over".into()),
        (ATTESTATION.into(), YES.into()),
    ];
    let items_before = items_of(&app, offer_id).await;
    let offer_before = offer_row(&app, offer_id).await;

    // While A's offer is a draft that could be submitted.
    let draft_attempts = |browser: &reqwest::Client| {
        vec![
            ("GET offer", browser.get(app.url(&OFFER.id(offer_id)))),
            ("GET check", browser.get(app.url(&CHECK.id(offer_id)))),
            ("POST save", browser.post(app.url(&OFFER.id(offer_id))).form(&takeover)),
            (
                "POST check",
                browser.post(app.url(&OFFER.id(offer_id))).form(&{
                    let mut form = takeover.clone();
                    form.push((ACTION.into(), ACTION_CHECK.into()));
                    form
                }),
            ),
            ("POST submit", browser.post(app.url(&SUBMIT.id(offer_id))).form(&takeover)),
            ("POST withdraw", browser.post(app.url(&WITHDRAW.id(offer_id)))),
            ("api offer", browser.post(app.url("/api/offers/offer")).form(&[("id", offer_id.to_string())])),
            ("api review", browser.post(app.url("/api/offers/review")).form(&[("id", offer_id.to_string())])),
            (
                "api autosave",
                browser.post(app.url("/api/offers/autosave")).form(&[
                    ("id", offer_id.to_string()),
                    ("fields[0][0]", format!("plan-{}", job_1.id)),
                    ("fields[0][1]", "Taken over".into()),
                ]),
            ),
        ]
    };
    for (what, request) in draft_attempts(&b) {
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        assert_eq!(status, 404, "supplier B {what} answered {status}: {body}");
        assert!(!body.contains(secret), "supplier B {what} leaked A's plan");
    }
    for (what, request) in draft_attempts(&council) {
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        assert_eq!(status, 403, "council admin {what} answered {status}");
        assert!(!body.contains(secret), "council admin {what} leaked A's plan");
    }
    for (what, request) in draft_attempts(&anonymous) {
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        if what.starts_with("api") {
            assert_eq!(status, 401, "anonymous {what}");
        } else {
            assert_eq!(status, 303, "anonymous {what}");
            // A page comes back to itself after sign-in; a form's POST cannot be repeated.
            let expected =
                if what.starts_with("GET") { sign_in_from(response.url().path()) } else { "/sign-in".to_owned() };
            assert_eq!(location(&response), expected, "anonymous {what}");
        }
    }
    assert_eq!(items_of(&app, offer_id).await, items_before, "A's answers are unchanged");
    assert_eq!(offer_row(&app, offer_id).await, offer_before);
    assert!(submissions_of(&app, offer_id).await.is_empty(), "nobody else submitted A's offer");

    // Once A has submitted: the receipt and withdrawing.
    let submission_id = submit_ok(&app, &a, offer_id).await;
    let submitted = submissions_of(&app, offer_id).await;
    let receipt = RECEIPT.with(&[&offer_id, &submission_id]);
    let (status, own_receipt) = page(&app, &a, &receipt).await;
    assert_eq!(status, 200);
    assert!(own_receipt.contains(&submitted[0].reference));
    for (who, browser, expected) in [("supplier B", &b, 404u16), ("council admin", &council, 403)] {
        for (what, request) in [
            ("GET receipt", browser.get(app.url(&receipt))),
            ("POST withdraw", browser.post(app.url(&WITHDRAW.id(offer_id)))),
            (
                "api receipt",
                browser
                    .post(app.url("/api/offers/receipt"))
                    .form(&[("id", offer_id.to_string()), ("submission_id", submission_id.to_string())]),
            ),
        ] {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let body = response.text().await.unwrap();
            assert_eq!(status, expected, "{who} {what} answered {status}");
            assert!(!body.contains(&submitted[0].reference) && !body.contains(secret), "{who} {what} leaked");
        }
    }
    // B's own offer does not reach A's submission either.
    let (status, _) = page(&app, &b, &RECEIPT.with(&[&b_offer, &submission_id])).await;
    assert_eq!(status, 404, "a submission read through another offer");
    assert_eq!(submissions_of(&app, offer_id).await, submitted, "still submitted, not withdrawn");
    assert_eq!(offer_row(&app, offer_id).await.status, "submitted");
    assert_eq!(items_of(&app, offer_id).await, items_before);
}

// ---- 4. Resubmission ------------------------------------------------------------------------

/// Withdrawing and submitting again keeps every submission: the first marked withdrawn, the
/// latest current, each with its own total; the audit trail records it all.
async fn resubmitting_keeps_the_history_of_every_submission(backend: Backend) {
    let app = seeded(backend).await;
    let tender = demo_tender(&app).await;
    let job_1 = measure_in(&app, &tender, "JOB-1", true).await;
    let proxy = proxy_of(&job_1);
    let a = signed_in(&app, SUPPLIER_A).await;
    let offer_id = start_offer(&app, &a, tender.id).await;
    let answers = |quantity: &str| -> Fields {
        vec![
            (format!("q-{}-1", job_1.id), quantity.into()),
            (format!("plan-{}", job_1.id), "Local hires <script>alert(1)</script>".into()),
        ]
    };

    save_ok(&app, &a, offer_id, &answers("1")).await;
    let first_id = submit_ok(&app, &a, offer_id).await;
    let r1 = submissions_of(&app, offer_id).await[0].reference.clone();
    let (status, receipt) = page(&app, &a, &RECEIPT.with(&[&offer_id, &first_id])).await;
    assert_eq!(status, 200);
    assert!(receipt.contains("Offer submitted") && receipt.contains(&format!("<strong>{r1}</strong>")), "{receipt}");

    // A submitted offer is locked until withdrawn.
    let locked = save(&app, &a, offer_id, &answers("5")).await;
    assert_eq!(locked.status(), 409);
    assert!(
        unescape(&locked.text().await.unwrap()).contains("This offer has been submitted. Withdraw it to change it.")
    );
    let twice = submit(&app, &a, offer_id).await;
    assert_eq!(twice.status(), 409, "submitting twice");

    let withdrawn = a.post(app.url(&WITHDRAW.id(offer_id))).send().await.unwrap();
    assert_eq!(withdrawn.status(), 303);
    assert_eq!(location(&withdrawn), format!("/offers/{offer_id}?withdrawn"));
    assert_eq!(offer_row(&app, offer_id).await.status, "draft");
    let again = a.post(app.url(&WITHDRAW.id(offer_id))).send().await.unwrap();
    assert_eq!(again.status(), 409, "withdrawing a draft");

    save_ok(&app, &a, offer_id, &answers("2")).await;
    let second_id = submit_ok(&app, &a, offer_id).await;
    assert_ne!(first_id, second_id);

    let rows = submissions_of(&app, offer_id).await;
    assert_eq!(rows.len(), 2);
    let (first, second) = (&rows[0], &rows[1]);
    assert_eq!((first.id, second.id), (first_id, second_id));
    assert!(first.withdrawn_at.is_some() && first.withdrawn_by_user_id.is_some(), "the first is withdrawn");
    assert!(second.withdrawn_at.is_none(), "the second is current");
    let r2 = second.reference.clone();
    assert_ne!(r1, r2);
    for reference in [&r1, &r2] {
        let parts: Vec<&str> = reference.split('-').collect();
        assert!(parts.len() == 3 && parts[0] == "SV" && parts[1].len() == 4 && parts[2].len() == 4, "{reference}");
    }
    assert_eq!(first.total.parse::<Decimal>().unwrap(), line_value("1", proxy));
    assert_eq!(second.total.parse::<Decimal>().unwrap(), line_value("2", proxy));
    let first_snapshot: SubmittedOffer = serde_json::from_str(&first.snapshot).unwrap();
    assert_eq!(first_snapshot.lines.len(), 1);
    assert_eq!(first_snapshot.lines[0].quantity.value(), Decimal::from(1), "the first keeps its own quantity");
    assert_eq!(offer_row(&app, offer_id).await.status, "submitted");

    let (status, offer_page) = page(&app, &a, &OFFER.id(offer_id)).await;
    assert_eq!(status, 200);
    let history = &offer_page[offer_page.find(">Submissions<").expect("the submission history")..];
    let row_of = |reference: &str| {
        let start = history.find(reference).unwrap_or_else(|| panic!("{reference} listed"));
        text_of(&history[start..start + history[start..].find("</tr>").unwrap()])
    };
    let (first_row, second_row) = (row_of(&r1), row_of(&r2));
    assert!(first_row.contains("Withdrawn") && first_row.contains(&gbp(line_value("1", proxy))), "{first_row}");
    assert!(second_row.contains("Current") && second_row.contains(&gbp(line_value("2", proxy))), "{second_row}");
    assert!(history.find(&r2).unwrap() < history.find(&r1).unwrap(), "the newest first");

    assert!(
        !offer_page.contains("<script>alert(1)</script>") && !receipt.contains("<script>alert(1)</script>"),
        "plans are escaped"
    );
    let (_, old_receipt) = page(&app, &a, &RECEIPT.with(&[&offer_id, &first_id])).await;
    assert!(old_receipt.contains(&format!("Submission {r1}")) && old_receipt.contains("This submission was withdrawn"));

    let report = audit::verify_chain(&app.db).await.expect("the audit chain verifies");
    assert!(report.entries > 0);
    let count = |action: &'static str| {
        let db = app.db.clone();
        async move {
            audit_log::Entity::find()
                .filter(audit_log::Column::Action.eq(action))
                .filter(audit_log::Column::EntityType.eq("offer"))
                .filter(audit_log::Column::EntityId.eq(offer_id.to_string()))
                .count(&db)
                .await
                .unwrap()
        }
    };
    assert_eq!(count(AuditAction::OfferSubmitted.as_str()).await, 2);
    assert_eq!(count(AuditAction::OfferWithdrawn.as_str()).await, 1);
}

// ---- 5. Invalid quantities ------------------------------------------------------------------

/// Invalid quantities are saved as typed, shown again with a message beside each box, and left
/// out of the figures; they stop submission.
async fn invalid_quantities_are_kept_explained_and_left_out_of_the_figures(backend: Backend) {
    let app = seeded(backend).await;
    let tender = demo_tender(&app).await;
    let soc_1 = measure_in(&app, &tender, "SOC-1", true).await;
    let job_1 = measure_in(&app, &tender, "JOB-1", true).await;
    let inn_2 = measure_in(&app, &tender, "INN-2", true).await;
    let gro_3 = measure_in(&app, &tender, "GRO-3", true).await;
    assert!(soc_1.allows_fraction && job_1.allows_fraction, "fractional measures");
    assert!(!inn_2.allows_fraction, "INN-2 counts whole devices");
    assert!(gro_3.first_year_only, "GRO-3 counts in year 1 only");

    let a = signed_in(&app, SUPPLIER_A).await;
    let offer_id = start_offer(&app, &a, tender.id).await;
    let invalid = [
        (format!("q-{}-1", soc_1.id), "-2", "Enter a quantity of 0 or more"),
        (format!("q-{}-1", job_1.id), "1.234", "Enter a quantity with no more than 2 decimal places"),
        (format!("q-{}-1", inn_2.id), "2.5", "Enter a whole number: this unit cannot be split"),
        (
            format!("q-{}-2", gro_3.id),
            "1",
            "This measure counts in year 1 only: delete the year 2 quantity, or move it to year 1",
        ),
    ];
    let valid = [(format!("q-{}-2", job_1.id), "1"), (format!("q-{}-2", inn_2.id), "3")];
    let mut form: Fields = invalid.iter().map(|(n, v, _)| (n.clone(), (*v).to_owned())).collect();
    form.extend(valid.iter().map(|(n, v)| (n.clone(), (*v).to_owned())));
    for m in [&soc_1, &job_1, &inn_2, &gro_3] {
        form.push((format!("plan-{}", m.id), format!("Plan for {}", m.code)));
    }
    save_ok(&app, &a, offer_id, &form).await;

    // Stored as typed.
    let items = items_of(&app, offer_id).await;
    for (field, typed, _) in &invalid {
        let mut parts = field.split('-').skip(1);
        let (id, year): (i64, &str) = (parts.next().unwrap().parse().unwrap(), parts.next().unwrap());
        let item = items.iter().find(|i| i.measure_id == id).unwrap_or_else(|| panic!("{field} stored"));
        let quantities: serde_json::Value = serde_json::from_str(&item.quantities).unwrap();
        assert_eq!(quantities[year], *typed, "{field} kept as typed");
    }

    let (status, html) = page(&app, &a, &OFFER.id(offer_id)).await;
    assert_eq!(status, 200);
    assert!(html.contains("There is a problem"), "the error summary");
    for (field, typed, message) in &invalid {
        assert_eq!(input_value(&html, field).as_deref(), Some(*typed), "{field} shows what was typed");
        let shown = error_beside(&html, field).unwrap_or_else(|| panic!("an error beside {field}"));
        assert!(shown.contains(message), "{field}: {shown}");
        assert!(html.contains(&format!("href=\"#{field}\"")), "the summary links to {field}");
    }
    for (field, typed) in &valid {
        assert_eq!(input_value(&html, field).as_deref(), Some(*typed));
        assert_eq!(error_beside(&html, field), None, "no error beside the valid {field}");
    }
    let expected = line_value("1", proxy_of(&job_1)) + line_value("3", proxy_of(&inn_2));
    assert_eq!(text_after(&html, "pb-figures__total", "</td>"), gbp(expected), "the figures leave out invalid lines");

    // The check page lists the problems, with the same figures; submitting is refused.
    let (status, check) = page(&app, &a, &CHECK.id(offer_id)).await;
    assert_eq!(status, 200);
    for (field, _, message) in &invalid {
        assert!(
            check.contains(&format!("href=\"/offers/{offer_id}#{field}\">{message}")),
            "{message} on the check page"
        );
    }
    assert!(
        check.contains(&gbp(expected)) && !check.contains("Submit offer"),
        "no submit button while there are problems"
    );
    let refused = submit(&app, &a, offer_id).await;
    assert_eq!(refused.status(), 200);
    let refused = unescape(&refused.text().await.unwrap());
    for (_, _, message) in &invalid {
        assert!(refused.contains(message), "{message} when submitting");
    }
    assert!(submissions_of(&app, offer_id).await.is_empty());
}

// ---- 6. The builder's boxes and guidance --------------------------------------------------

/// A first-year-only measure has one box, for year 1. A year-2 quantity posted by hand is refused:
/// shown in a box of its own with the reason beside it, left out of the figures, and stopping
/// submission, while everything saved before it stays as it was. Emptied, the offer submits.
async fn a_first_year_only_measure_takes_year_1_alone(backend: Backend) {
    let app = seeded(backend).await;
    let tender = demo_tender(&app).await;
    let gro_3 = measure_in(&app, &tender, "GRO-3", true).await;
    let job_1 = measure_in(&app, &tender, "JOB-1", true).await;
    assert!(gro_3.first_year_only && !job_1.first_year_only, "GRO-3 counts in year 1 only, JOB-1 in every year");
    assert_eq!(tender.duration_years, 3, "a contract of three years");

    let a = signed_in(&app, SUPPLIER_A).await;
    let offer_id = start_offer(&app, &a, tender.id).await;
    let (status, html) = page(&app, &a, &OFFER.id(offer_id)).await;
    assert_eq!(status, 200);
    assert_eq!(quantity_boxes(&html, gro_3.id), vec![1], "one box for GRO-3");
    assert_eq!(quantity_boxes(&html, job_1.id), vec![1, 2, 3], "a box per contract year for JOB-1");
    let fieldset = measure_fieldset(&html, "GRO-3");
    assert!(fieldset.contains(">Year 1</label>") && !fieldset.contains(">Year 2</label>"), "{fieldset}");
    assert!(text_of(fieldset).contains("Counts in year 1 only."), "the hint says so");

    // A draft saved through the builder's own boxes.
    let (q_gro_1, q_gro_2) = (format!("q-{}-1", gro_3.id), format!("q-{}-2", gro_3.id));
    let mut form: Fields = one_line(&gro_3, "2", "Two meet-the-buyer events in the first year");
    form.extend(one_line(&job_1, "1.5", "Local hires through the job centre"));
    form.push((format!("q-{}-2", job_1.id), "2".to_owned()));
    save_ok(&app, &a, offer_id, &form).await;
    let saved = items_of(&app, offer_id).await;
    assert_eq!(saved.len(), 2);
    let saved_total =
        line_value("2", proxy_of(&gro_3)) + line_value("1.5", proxy_of(&job_1)) + line_value("2", proxy_of(&job_1));

    // The same form, with a year 2 for GRO-3 added by hand.
    let mut by_hand = form.clone();
    by_hand.push((q_gro_2.clone(), "1".to_owned()));
    save_ok(&app, &a, offer_id, &by_hand).await;
    let items = items_of(&app, offer_id).await;
    assert_eq!(items.len(), saved.len(), "no measure lost");
    for (before, after) in saved.iter().zip(&items) {
        assert_eq!(
            (before.measure_id, &before.plan, &before.response),
            (after.measure_id, &after.plan, &after.response)
        );
        let before_q: serde_json::Value = serde_json::from_str(&before.quantities).unwrap();
        let after_q: serde_json::Value = serde_json::from_str(&after.quantities).unwrap();
        for (year, typed) in before_q.as_object().unwrap() {
            assert_eq!(&after_q[year], typed, "measure {} year {year} kept", after.measure_id);
        }
    }

    let (status, html) = page(&app, &a, &OFFER.id(offer_id)).await;
    assert_eq!(status, 200);
    let message = "This measure counts in year 1 only: delete the year 2 quantity, or move it to year 1";
    assert_eq!(quantity_boxes(&html, gro_3.id), vec![1, 2], "the year posted by hand is shown, to be emptied");
    assert_eq!(input_value(&html, &q_gro_2).as_deref(), Some("1"));
    assert_eq!(error_beside(&html, &q_gro_2), Some(format!("Error: {message}")));
    assert!(html.contains(&format!("href=\"#{q_gro_2}\"")), "the error summary links to the box");
    assert_eq!(input_value(&html, &q_gro_1).as_deref(), Some("2"), "year 1 kept");
    assert_eq!(error_beside(&html, &q_gro_1), None);
    assert_eq!(input_value(&html, &format!("q-{}-2", job_1.id)).as_deref(), Some("2"), "JOB-1 kept");
    assert_eq!(text_after(&html, "pb-figures__total", "</td>"), gbp(saved_total), "year 2 adds nothing");

    // Submitting is refused, with the same reason, on the check page and on the submission.
    let (_, check) = page(&app, &a, &CHECK.id(offer_id)).await;
    assert!(check.contains(&format!("href=\"/offers/{offer_id}#{q_gro_2}\">{message}")), "{message} on the check page");
    assert!(!check.contains("Submit offer"));
    let refused = submit(&app, &a, offer_id).await;
    assert_eq!(refused.status(), 200);
    assert!(unescape(&refused.text().await.unwrap()).contains(message));
    assert!(submissions_of(&app, offer_id).await.is_empty());

    // Emptied, as the builder sends the box: one box again, and the offer submits.
    by_hand.iter_mut().filter(|(name, _)| *name == q_gro_2).for_each(|(_, value)| value.clear());
    save_ok(&app, &a, offer_id, &by_hand).await;
    let (_, html) = page(&app, &a, &OFFER.id(offer_id)).await;
    assert_eq!(quantity_boxes(&html, gro_3.id), vec![1]);
    assert!(!html.contains("There is a problem"));
    submit_ok(&app, &a, offer_id).await;
    let rows = submissions_of(&app, offer_id).await;
    assert_eq!(rows[0].total.parse::<Decimal>().unwrap(), saved_total, "the submitted total");
}

/// Every measure of the tender shows its framework guidance and evidence required in a GOV.UK
/// details component inside its own fieldset, in the page as the server sends it (so with
/// JavaScript off too), closed until opened.
async fn each_measure_has_its_guidance_and_evidence_beside_its_boxes(backend: Backend) {
    let app = seeded(backend).await;
    let tender = demo_tender(&app).await;
    let a = signed_in(&app, SUPPLIER_A).await;
    let offer_id = start_offer(&app, &a, tender.id).await;
    let (status, html) = page(&app, &a, &OFFER.id(offer_id)).await;
    assert_eq!(status, 200);

    let chosen = chosen_measure_ids(&app, tender.id).await;
    assert_eq!(chosen.len(), 15, "the demo tender's measures");
    let measures = framework_measure::Entity::find()
        .filter(framework_measure::Column::Id.is_in(chosen))
        .all(&app.db)
        .await
        .unwrap();
    for m in &measures {
        assert!(!m.guidance.is_empty() && !m.evidence_required.is_empty(), "{}: the demo framework holds both", m.code);
        let fieldset = measure_fieldset(&html, &m.code);
        let start = fieldset
            .find("<details class=\"govuk-details")
            .unwrap_or_else(|| panic!("{}: a details component in its fieldset", m.code));
        let details = &fieldset[start..start + fieldset[start..].find("</details>").expect("the details' end")];
        assert!(!details[..details.find('>').unwrap()].contains(" open"), "{}: closed until opened", m.code);
        let summary = &details[details.find("<summary class=\"govuk-details__summary\"").expect("a summary")..];
        assert_eq!(
            text_of(&summary[..summary.find("</summary>").unwrap()]),
            format!("Guidance and evidence required for {}", m.code)
        );
        // Its text, with a space where each element begins, so that a heading and its paragraph
        // stay apart.
        let body = &details[details.find("<div class=\"govuk-details__text\"").expect("the details' text")..];
        let text = text_of(&body.replace('<', " <"));
        assert!(text.contains(&format!("Guidance {}", text_of(&m.guidance))), "{}: {text}", m.code);
        assert!(text.contains(&format!("Evidence required {}", text_of(&m.evidence_required))), "{}: {text}", m.code);
    }
}

/// A losing bidder finds every offer its organisation made on "Your offers" (linked from its
/// home page and its navigation), and from the awarded tender's row, its assessment summary.
/// The winner's row says it was successful; nobody else reaches the list.
async fn a_supplier_finds_its_offers_and_its_assessment_summary(backend: Backend) {
    let app = seeded(backend).await;
    let tender = crate::helpers::awarded_demo_tender(&app).await;
    let offer_of = |supplier_id: i64| {
        let app = &app;
        let tender_id = tender.id;
        async move {
            offer::Entity::find()
                .filter(offer::Column::TenderId.eq(tender_id))
                .filter(offer::Column::SupplierId.eq(supplier_id))
                .one(&app.db)
                .await
                .unwrap()
                .expect("the demo offer")
        }
    };
    let riverside = signed_in(&app, SUPPLIER_B).await;
    let (_, home) = page(&app, &riverside, "/").await;
    let link = format!("href=\"{YOUR_OFFERS}\"");
    assert!(home.matches(&link).count() >= 2, "the navigation and the home page link to the list: {home}");
    let (status, list) = page(&app, &riverside, YOUR_OFFERS).await;
    assert_eq!(status, 200);
    let own = offer_of(crate::helpers::organisation_of(&app, SUPPLIER_B).await).await;
    let winner = offer_of(crate::helpers::organisation_of(&app, SUPPLIER_A).await).await;
    assert!(list.contains(&format!("href=\"{}\"", OFFER.id(own.id))), "{list}");
    assert!(list.contains("Not successful"), "{list}");
    let summary_link = format!("href=\"{}#assessment\"", OFFER.id(own.id));
    assert!(list.contains(&summary_link), "{list}");
    assert!(!list.contains(&format!("href=\"{}\"", OFFER.id(winner.id))), "never another bidder's offer");
    let (status, offer_page) = page(&app, &riverside, &OFFER.id(own.id)).await;
    assert_eq!(status, 200);
    assert!(offer_page.contains("Your assessment summary") && offer_page.contains("id=\"assessment\""), "{offer_page}");

    let facilities = signed_in(&app, SUPPLIER_A).await;
    let (_, list) = page(&app, &facilities, YOUR_OFFERS).await;
    assert!(list.contains(&format!("href=\"{}\"", OFFER.id(winner.id))) && list.contains(">Successful<"), "{list}");

    let anonymous = app.browser().get(app.url(YOUR_OFFERS)).send().await.unwrap();
    assert_eq!((anonymous.status().as_u16(), location(&anonymous)), (303, sign_in_from(YOUR_OFFERS)));
    let (status, _) = page(&app, &signed_in(&app, COUNCIL_ADMIN).await, YOUR_OFFERS).await;
    assert_eq!(status, 403, "council staff make no offers");
}

on_both_databases!(
    a_supplier_finds_its_offers_and_its_assessment_summary,
    after_the_deadline_offers_are_locked_and_the_tender_is_unlisted,
    tampered_figures_are_ignored_and_the_server_computes_every_value,
    one_supplier_can_neither_see_nor_change_anothers_offer,
    resubmitting_keeps_the_history_of_every_submission,
    invalid_quantities_are_kept_explained_and_left_out_of_the_figures,
    a_first_year_only_measure_takes_year_1_alone,
    each_measure_has_its_guidance_and_evidence_beside_its_boxes,
);
