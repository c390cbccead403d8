//! Council staff's tenders over HTTP: creating one (mistakes shown, answers kept), choosing its
//! measures with a search, opening it (then it is listed and its terms are locked), who may
//! manage it, and, after the deadline, the offers scored and the award.

use app::journeys::contracts::paths::{AWARD as AWARD_PATH, CONTRACT};
use app::journeys::tenders::fields::{CHOSEN, SHOWN};
use app::journeys::tenders::paths::{CANCEL, DETAILS, MANAGE, MEASURES, NEW_TENDER, OPEN};
use chrono::{Datelike, Duration, Timelike, Utc};
use db::{audit_log, tender, tender_measure};
use domain::audit::AuditAction;
use domain::contracts::{AWARD_FIELD as AWARD, AWARD_REASON_FIELD};
use sea_orm::prelude::Decimal;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use services::audit;
use services::demo::DEMO_TENDER_REFERENCE;

use crate::helpers::{
    chosen_measure_ids, council_officer, demo_tender, input_value, location, measure, measure_in, one_line,
    other_council_admin, page, pass_the_deadline, published_version_id, reload_tender, save_ok, seeded, sign_in_from,
    signed_in, start_offer, submit_ok, tender_form, text_of, unescape, Backend, Fields, TestApp, COUNCIL_ADMIN,
    SUPPLIER_A, SUPPLIER_B,
};
use crate::on_both_databases;

fn with(form: &Fields, name: &str, value: &str) -> Fields {
    form.iter().map(|(n, v)| (n.clone(), if n == name { value.to_owned() } else { v.clone() })).collect()
}

/// Creates a tender through the form; returns its id.
async fn create_tender(app: &TestApp, browser: &reqwest::Client, form: &Fields) -> i64 {
    let response = browser.post(app.url(NEW_TENDER.pattern())).form(form).send().await.unwrap();
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let to = location(&response);
    to.strip_prefix("/manage/tenders/")
        .and_then(|rest| rest.strip_suffix("?created"))
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("the tender's page: {to}"))
}

/// The measure ids the manage page shows (its hidden `shown` fields), as a browser would send.
fn shown_ids(html: &str) -> Vec<i64> {
    html.split("name=\"shown\" value=\"").skip(1).map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap()).collect()
}

async fn choose(
    app: &TestApp,
    browser: &reqwest::Client,
    tender_id: i64,
    shown: &[i64],
    chosen: &[i64],
) -> reqwest::Response {
    let mut form: Fields = shown.iter().map(|id| (SHOWN.to_owned(), id.to_string())).collect();
    form.extend(chosen.iter().map(|id| (CHOSEN.to_owned(), id.to_string())));
    browser.post(app.url(&MEASURES.id(tender_id))).form(&form).send().await.unwrap()
}

/// Titles of the tenders the open list shows for a query.
async fn listed(app: &TestApp, query: &str) -> String {
    let (status, html) = page(app, &app.browser(), &format!("/tenders{query}")).await;
    assert_eq!(status, 200, "/tenders{query}");
    html
}

/// A council officer creates a tender through the form (a mistake first), chooses its measures
/// with a search, and opens it; then it is listed and filtered, and its terms are locked.
async fn council_staff_create_choose_measures_and_open_a_tender(backend: Backend) {
    let app = seeded(backend).await;
    let version_id = published_version_id(&app).await;
    let olive = council_officer(&app).await;
    let title = "Library cleaning and caretaking";
    let form = tender_form("DCC-2027-777", title, version_id);

    let (status, blank) = page(&app, &olive, NEW_TENDER.pattern()).await;
    assert_eq!(status, 200);
    assert!(
        blank.contains("Create a tender") && blank.contains(&format!("value=\"{version_id}\"")),
        "the framework to choose"
    );

    // A mistake first: shown with the answers kept, nothing created.
    let bad = with(&with(&form, "contract-value", "lots of money"), "deadline-time", "25:00");
    let response = olive.post(app.url(NEW_TENDER.pattern())).form(&bad).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let html = unescape(&response.text().await.unwrap());
    assert!(html.contains("There is a problem"));
    assert!(html.contains("Enter the contract value in pounds, like 1,200,000"), "{html}");
    assert!(html.contains("Enter a real time, like 17:00 or 5pm"));
    assert!(html.contains("href=\"#contract-value\"") && html.contains("href=\"#deadline-time\""));
    assert_eq!(input_value(&html, "title").as_deref(), Some(title), "typed answers are kept");
    assert_eq!(input_value(&html, "contract-value").as_deref(), Some("lots of money"));
    assert_eq!(input_value(&html, "reference").as_deref(), Some("DCC-2027-777"));
    assert_eq!(tender::Entity::find().count(&app.db).await.unwrap(), 2, "only the demo tenders");

    let id = create_tender(&app, &olive, &form).await;
    let created = reload_tender(&app, id).await;
    assert_eq!(created.status, "draft");
    assert_eq!(created.contract_value.parse::<Decimal>().unwrap(), Decimal::from(750_000));
    assert_eq!((created.duration_years, created.scoring_method.as_str()), (2, "best_relative"));
    assert_eq!(created.target_ratio.parse::<Decimal>().unwrap(), "0.3".parse::<Decimal>().unwrap());
    let deadline_day = (Utc::now() + Duration::days(60)).date_naive();
    assert_eq!(created.deadline.date_naive(), deadline_day);
    assert!([16, 17].contains(&created.deadline.hour()) && created.deadline.minute() == 0, "5pm UK time");
    let same_reference = olive.post(app.url(NEW_TENDER.pattern())).form(&form).send().await.unwrap();
    assert_eq!(same_reference.status(), 200);
    assert!(same_reference.text().await.unwrap().contains("Your council already has a tender with this reference"));

    // A draft's terms can change: the form shows them as saved.
    let (status, details) = page(&app, &olive, &DETAILS.id(id)).await;
    assert_eq!(status, 200);
    assert_eq!(input_value(&details, "reference").as_deref(), Some("DCC-2027-777"));
    assert_eq!(input_value(&details, "deadline-time").as_deref(), Some("17:00"), "5pm, as UK time");
    assert_eq!(input_value(&details, "deadline").as_deref(), Some(deadline_day.day().to_string().as_str()));
    let renamed = olive
        .post(app.url(&DETAILS.id(id)))
        .form(&with(&form, "title", &format!("{title} (draft)")))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&renamed), format!("/manage/tenders/{id}?saved"));
    assert_eq!(reload_tender(&app, id).await.title, format!("{title} (draft)"));
    let refused = olive.post(app.url(&DETAILS.id(id))).form(&with(&form, "sv-weighting", "0")).send().await.unwrap();
    assert_eq!(refused.status(), 200);
    let refused = unescape(&refused.text().await.unwrap());
    assert!(refused.contains("Enter social value's weighting as a percentage from 1 to 100, like 10"), "{refused}");
    assert_eq!(reload_tender(&app, id).await.sv_weighting, "15", "a refused change changes nothing");
    olive.post(app.url(&DETAILS.id(id))).form(&form).send().await.unwrap();
    assert_eq!(reload_tender(&app, id).await.title, title);

    // A draft is for its council's staff only.
    assert_eq!(page(&app, &olive, &format!("/tenders/{id}")).await.0, 200);
    assert_eq!(page(&app, &app.browser(), &format!("/tenders/{id}")).await.0, 404);
    assert_eq!(page(&app, &signed_in(&app, SUPPLIER_A).await, &format!("/tenders/{id}")).await.0, 404);
    assert!(!listed(&app, "").await.contains(title), "a draft is not listed");

    // Opening needs a measure.
    let empty = olive.post(app.url(&OPEN.id(id))).send().await.unwrap();
    assert_eq!(empty.status(), 200);
    assert!(empty.text().await.unwrap().contains("Choose at least one measure for bidders to offer"));
    assert_eq!(reload_tender(&app, id).await.status, "draft");

    // Choose measures; a search shows some, and the choice of the others is kept.
    let created = reload_tender(&app, id).await;
    let mut ids = Vec::new();
    for code in ["JOB-1", "INN-2", "SOC-1", "ENV-1"] {
        ids.push(measure(&app, &created, code).await.id);
    }
    let (job_1, inn_2, soc_1, env_1) = (ids[0], ids[1], ids[2], ids[3]);
    let (_, all) = page(&app, &olive, &MANAGE.id(id)).await;
    let every = shown_ids(&all);
    assert_eq!(every.len(), 28, "every measure that applies is shown");
    let saved = choose(&app, &olive, id, &every, &[job_1, inn_2, soc_1]).await;
    assert_eq!(saved.status(), 303);
    assert_eq!(location(&saved), format!("/manage/tenders/{id}?saved#measures"));
    let mut expected = vec![job_1, inn_2, soc_1];
    expected.sort();
    assert_eq!(chosen_measure_ids(&app, id).await, expected);

    let (_, volunteering) = page(&app, &olive, &format!("{}?words=volunteer", MANAGE.id(id))).await;
    let shown = shown_ids(&volunteering);
    assert!(shown.contains(&soc_1) && !shown.contains(&job_1) && !shown.contains(&inn_2), "{shown:?}");
    assert!(volunteering.contains(&format!("{} measures match “volunteer”", shown.len())));
    assert_eq!(choose(&app, &olive, id, &shown, &[]).await.status(), 303, "untick SOC-1");
    let (_, carbon) = page(&app, &olive, &format!("{}?words=carbon", MANAGE.id(id))).await;
    let shown = shown_ids(&carbon);
    assert!(shown.contains(&env_1) && !shown.contains(&job_1), "{shown:?}");
    assert_eq!(choose(&app, &olive, id, &shown, &[env_1]).await.status(), 303);
    let mut expected = vec![job_1, inn_2, env_1];
    expected.sort();
    assert_eq!(chosen_measure_ids(&app, id).await, expected, "measures not shown keep their choice");

    // Opening needs a deadline in the future too.
    let chosen_deadline = reload_tender(&app, id).await.deadline;
    let set_deadline = |deadline| tender::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(id),
        deadline: Set(deadline),
        ..Default::default()
    };
    set_deadline(Utc::now() - Duration::hours(1)).update(&app.db).await.unwrap();
    let too_late = olive.post(app.url(&OPEN.id(id))).send().await.unwrap();
    assert_eq!(too_late.status(), 200);
    assert!(unescape(&too_late.text().await.unwrap())
        .contains("The deadline has passed: change it to a time in the future"));
    assert_eq!(reload_tender(&app, id).await.status, "draft");
    set_deadline(chosen_deadline).update(&app.db).await.unwrap();

    // Open it.
    let opened = olive.post(app.url(&OPEN.id(id))).send().await.unwrap();
    assert_eq!(opened.status(), 303);
    assert_eq!(location(&opened), format!("/manage/tenders/{id}?opened"));
    let open = reload_tender(&app, id).await;
    assert_eq!(open.status, "open");
    assert!(open.opened_at.is_some());
    let (status, public) = page(&app, &app.browser(), &format!("/tenders/{id}")).await;
    assert_eq!(status, 200);
    assert!(
        public.contains(title) && public.contains("£750,000.00") && public.contains("Measures for this tender (3)")
    );

    // Listed, and filtered.
    let demo_title = demo_tender(&app).await.title;
    let both = listed(&app, "").await;
    assert!(both.contains(title) && both.contains(&demo_title) && text_of(&both).contains("2 open tenders"));
    for (query, mine, demo) in [
        ("?words=caretaking", true, false),
        ("?words=CARETAKING+libraries", true, false),
        ("?words=gritting", false, true),
        ("?words=DCC-2027-777", true, false),
        ("?value=0-500000", false, false),
        ("?value=500000-2000000", true, true),
        ("?value=2000000-10000000", false, true),
        ("?value=10000000-", false, false),
        ("?theme=Social", false, true),
        ("?theme=Innovation", true, true),
        ("?theme=environment", true, true),
        ("?closing=7", false, false),
        ("?closing=90", true, true),
        ("?words=caretaking&theme=Social", false, false),
        ("?value=500000-2000000&theme=Jobs&closing=90", true, true),
    ] {
        let html = listed(&app, query).await;
        assert_eq!(html.contains(title), mine, "{query}: the new tender");
        assert_eq!(html.contains(&demo_title), demo, "{query}: the demo tender");
    }

    // Its terms are locked now.
    let before = reload_tender(&app, id).await;
    let measures_before = chosen_measure_ids(&app, id).await;
    for (what, response) in [
        ("details", olive.post(app.url(&DETAILS.id(id))).form(&with(&form, "title", "Changed")).send().await.unwrap()),
        ("measures", choose(&app, &olive, id, &every, &[job_1]).await),
        ("open", olive.post(app.url(&OPEN.id(id))).send().await.unwrap()),
    ] {
        assert_eq!(response.status(), 409, "changing the {what} of an open tender");
    }
    assert_eq!(reload_tender(&app, id).await, before);
    assert_eq!(chosen_measure_ids(&app, id).await, measures_before);

    // The staff's list shows it; cancelling takes it off the public list.
    let (_, mine) = page(&app, &olive, "/manage/tenders").await;
    assert!(mine.contains(title) && mine.contains(&demo_title));
    let cancelled = olive.post(app.url(&CANCEL.id(id))).send().await.unwrap();
    assert_eq!(location(&cancelled), format!("/manage/tenders/{id}?cancelled"));
    assert_eq!(reload_tender(&app, id).await.status, "cancelled");
    assert!(!listed(&app, "").await.contains(title));
    assert!(audit::verify_chain(&app.db).await.is_ok());
}

/// Everyone but the council's staff gets nothing from the tender management pages and forms:
/// anonymous → sign in; a supplier → 403; another council's staff → 404. Nothing changes.
async fn only_the_councils_staff_manage_its_tenders(backend: Backend) {
    let app = seeded(backend).await;
    let version_id = published_version_id(&app).await;
    let admin = signed_in(&app, COUNCIL_ADMIN).await;
    let title = "Secret draft tender for parks";
    let form = tender_form("DCC-SECRET-1", title, version_id);
    let draft = create_tender(&app, &admin, &form).await;
    let job_1 = measure(&app, &reload_tender(&app, draft).await, "JOB-1").await.id;
    assert_eq!(choose(&app, &admin, draft, &[job_1], &[job_1]).await.status(), 303);
    let open = demo_tender(&app).await;
    let draft_before = reload_tender(&app, draft).await;
    let measures_before = chosen_measure_ids(&app, draft).await;
    let tenders_before = tender::Entity::find().count(&app.db).await.unwrap();

    let visitors = [
        ("anonymous", app.browser(), 303u16),
        ("supplier", signed_in(&app, SUPPLIER_A).await, 403),
        ("another council's admin", other_council_admin(&app).await, 404),
    ];
    for (who, browser, expected) in &visitors {
        let other_council = *who == "another council's admin";
        let mut pages = vec!["/manage/tenders".to_owned(), NEW_TENDER.pattern().to_owned()];
        for id in [draft, open.id] {
            pages.push(MANAGE.id(id));
            pages.push(format!("{}?words=jobs", MANAGE.id(id)));
            pages.push(DETAILS.id(id));
        }
        for path in &pages {
            let response = browser.get(app.url(path)).send().await.unwrap();
            let status = response.status().as_u16();
            let to = location(&response);
            let body = response.text().await.unwrap();
            assert!(!body.contains(title), "{who} GET {path} leaked the draft");
            // Another council's staff have their own (empty) list and may create their own tenders.
            if other_council && (path == "/manage/tenders" || path == NEW_TENDER.pattern()) {
                assert_eq!(status, 200, "{who} GET {path}");
                continue;
            }
            assert_eq!(status, *expected, "{who} GET {path}");
            if *expected == 303 {
                assert_eq!(to, sign_in_from(path), "{who} GET {path}");
            }
        }
        let mut forms: Vec<(String, Fields)> = Vec::new();
        if !other_council {
            forms.push((NEW_TENDER.pattern().into(), tender_form("DCC-INTRUDER", "Intruder", version_id)));
        }
        for id in [draft, open.id] {
            forms.push((DETAILS.id(id), with(&form, "title", "Intruder")));
            forms.push((MEASURES.id(id), vec![(SHOWN.into(), job_1.to_string())]));
            forms.push((OPEN.id(id), vec![]));
            forms.push((CANCEL.id(id), vec![]));
        }
        for (path, fields) in &forms {
            let response = browser.post(app.url(path)).form(fields).send().await.unwrap();
            let status = response.status().as_u16();
            assert_eq!(status, *expected, "{who} POST {path}");
            if *expected == 303 {
                assert_eq!(location(&response), "/sign-in", "{who} POST {path}");
            }
        }
        // A draft does not exist outside its council.
        let (status, body) = page(&app, browser, &format!("/tenders/{draft}")).await;
        assert_eq!(status, 404, "{who} GET /tenders/{draft}");
        assert!(!body.contains(title));
        let api = browser.post(app.url("/api/tenders/tender")).form(&[("id", draft.to_string())]).send().await.unwrap();
        assert_eq!(api.status(), 404, "{who} api tender");
        let editing =
            browser.post(app.url("/api/tenders/editing")).form(&[("id", draft.to_string())]).send().await.unwrap();
        let expected_api = if *who == "anonymous" { 401 } else { *expected };
        assert_eq!(editing.status().as_u16(), expected_api, "{who} api editing");
    }
    let (_, otto_list) = page(&app, &visitors[2].1, "/manage/tenders").await;
    assert!(!otto_list.contains(title) && !otto_list.contains(DEMO_TENDER_REFERENCE), "another council's list");

    assert_eq!(reload_tender(&app, draft).await, draft_before, "the draft is unchanged");
    assert_eq!(chosen_measure_ids(&app, draft).await, measures_before);
    assert_eq!(reload_tender(&app, open.id).await, open, "the open tender is unchanged");
    assert_eq!(tender::Entity::find().count(&app.db).await.unwrap(), tenders_before, "no tender created");
}

/// Offers stay sealed until the deadline; then the council sees them scored under the
/// tender's method (against the target, or against the best offer) and awards one.
async fn after_the_deadline_the_council_sees_the_offers_scored_and_awards_one(backend: Backend) {
    let app = seeded(backend).await;
    let tender = demo_tender(&app).await;
    let job_1 = measure_in(&app, &tender, "JOB-1", true).await;
    // JOB-1 alone: no written questions, so nothing to moderate and the award can follow at once.
    tender_measure::Entity::delete_many()
        .filter(tender_measure::Column::TenderId.eq(tender.id))
        .filter(tender_measure::Column::MeasureId.ne(job_1.id))
        .exec(&app.db)
        .await
        .unwrap();
    // A offers 4 FTE years (£100,000: £0.05 per £1), B offers 2 (£50,000: £0.025 per £1).
    let mut offers = Vec::new();
    for (email, quantity) in [(SUPPLIER_A, "4"), (SUPPLIER_B, "2")] {
        let supplier = signed_in(&app, email).await;
        let offer_id = start_offer(&app, &supplier, tender.id).await;
        save_ok(&app, &supplier, offer_id, &one_line(&job_1, quantity, "Hire")).await;
        submit_ok(&app, &supplier, offer_id).await;
        offers.push((supplier, offer_id));
    }
    let (a_offer, b_offer) = (offers[0].1, offers[1].1);
    let council = signed_in(&app, COUNCIL_ADMIN).await;
    let manage = MANAGE.id(tender.id);
    let award = AWARD_PATH.id(tender.id);

    // Sealed before the deadline: not listed, and no award.
    let (_, before) = page(&app, &council, &manage).await;
    assert!(!before.contains("Offers received") && !before.contains("Example Facilities"), "offers are sealed");
    let early = council.post(app.url(&award)).form(&[(AWARD, a_offer.to_string())]).send().await.unwrap();
    assert_eq!(early.status(), 409);

    pass_the_deadline(&app, tender.id).await;

    // Target-relative: 7 marks × min(1, ratio ÷ 0.25): A 7 × 0.2 = 1.4, B 7 × 0.1 = 0.7.
    // The page's text with a space where each tag was, so that table cells stay apart.
    let cells = |html: &str| text_of(&html.replace('<', " <"));
    let (status, html) = page(&app, &council, &manage).await;
    assert_eq!(status, 200);
    let text = cells(&html);
    assert!(text.contains("Offers received (2)"), "{text}");
    let a_at = text.find("Example Facilities Ltd (demo)").expect("A listed");
    let b_at = text.find("Riverside Community Trust (demo)").expect("B listed");
    assert!(a_at < b_at, "best score first");
    assert!(text[a_at..b_at].contains("£100,000.00 £0.05 per £1 1 1.4"), "{}", &text[a_at..b_at]);
    assert!(text[b_at..].contains("£50,000.00 £0.03 per £1 2 0.7"), "{}", &text[b_at..]);

    // Best-relative: 7 marks × ratio ÷ the best ratio: A 7, B 3.5.
    tender::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(tender.id),
        scoring_method: Set("best_relative".into()),
        ..Default::default()
    }
    .update(&app.db)
    .await
    .unwrap();
    let text = cells(&page(&app, &council, &manage).await.1);
    assert!(text.contains("£100,000.00 £0.05 per £1 1 7 "), "{text}");
    assert!(text.contains("£50,000.00 £0.03 per £1 2 3.5 "), "{text}");

    // Who may award: not a supplier (403), not another council (404).
    let supplier = &offers[0].0;
    let by_supplier = supplier.post(app.url(&award)).form(&[(AWARD, a_offer.to_string())]).send().await.unwrap();
    assert_eq!(by_supplier.status(), 403);
    let other = other_council_admin(&app).await;
    let by_other = other.post(app.url(&award)).form(&[(AWARD, a_offer.to_string())]).send().await.unwrap();
    assert_eq!(by_other.status(), 404);
    let anonymous = app.browser().post(app.url(&award)).form(&[(AWARD, a_offer.to_string())]).send().await.unwrap();
    assert_eq!(location(&anonymous), "/sign-in");

    // No choice, or an offer of another tender: the question again, with its message.
    for choice in [vec![], vec![(AWARD, "999999".to_owned())]] {
        let refused = council.post(app.url(&award)).form(&choice).send().await.unwrap();
        assert_eq!(refused.status(), 200);
        assert!(unescape(&refused.text().await.unwrap()).contains("Choose the offer that wins the contract"));
    }
    assert_eq!(reload_tender(&app, tender.id).await.status, "open", "nothing awarded yet");

    // B is ranked second: its award needs a reason (no written answers, so no moderation).
    let reasonless = council.post(app.url(&award)).form(&[(AWARD, b_offer.to_string())]).send().await.unwrap();
    assert_eq!(reasonless.status(), 200);
    assert!(unescape(&reasonless.text().await.unwrap()).contains("Explain why this offer wins"));
    let reason = (AWARD_REASON_FIELD, "The delivery plan is the more credible".to_owned());
    let awarded =
        council.post(app.url(&award)).form(&[(AWARD, b_offer.to_string()), reason.clone()]).send().await.unwrap();
    assert_eq!(awarded.status(), 303);
    assert!(location(&awarded).starts_with(&CONTRACT.id("")), "to the contract: {}", location(&awarded));
    let row = reload_tender(&app, tender.id).await;
    assert_eq!((row.status.as_str(), row.awarded_offer_id), ("awarded", Some(b_offer)));
    assert!(row.awarded_at.is_some());
    let again = council.post(app.url(&award)).form(&[(AWARD, a_offer.to_string())]).send().await.unwrap();
    assert_eq!(again.status(), 409, "awarded once");
    assert_eq!(reload_tender(&app, tender.id).await.awarded_offer_id, Some(b_offer));
    let (_, public) = page(&app, &app.browser(), &format!("/tenders/{}", tender.id)).await;
    assert!(public.contains(">Awarded<"));
    let awards = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(AuditAction::TenderAwarded.as_str()))
        .filter(audit_log::Column::EntityId.eq(tender.id.to_string()))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(awards, 1);
    audit::verify_chain(&app.db).await.unwrap();
}

on_both_databases!(
    council_staff_create_choose_measures_and_open_a_tender,
    only_the_councils_staff_manage_its_tenders,
    after_the_deadline_the_council_sees_the_offers_scored_and_awards_one,
);
