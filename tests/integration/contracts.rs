//! Award and contracts: the award gates on moderation, needs a reason against the ranking, makes
//! exactly the expected commitments (submitted proxy values, excluded lines left out, written
//! answers kept), happens once even when two officers press at once; bidders read only their
//! own assessment summary; contracts, their officers and quarters; and who may do what.

use app::journeys::contracts::paths;
use db::{audit_log, commitment, contract, contract_officer, email_outbox, offer_submission, tender};
use domain::contracts::{AWARD_FIELD, AWARD_REASON_FIELD, OFFICER_FIELD, RETURN_DUE_DAYS_FIELD};
use domain::evaluation::{mark_field, reason_field, ExclusionReason};
use domain::offers::SubmittedOffer;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use services::demo::DEMO_ACCOUNTS;
use services::{audit, evaluation};

use crate::helpers::{
    app_user_id, awarded_demo_tender, closed_demo_tender, council_admin, council_officer, demo_session, location,
    measure, other_council_admin, page, registered_supplier, seeded, sign_in_from, signed_in, text_of, unescape,
    Backend, TestApp, COUNCIL_ADMIN, SUPPLIER_A, SUPPLIER_B,
};
use crate::on_both_databases;

const MODERATOR: &str = DEMO_ACCOUNTS[5].0;
const NORTHFIELD: &str = DEMO_ACCOUNTS[6].0;

/// The offer ids of the tender, by supplier name prefix.
async fn offer_of(app: &TestApp, tender_id: i64, supplier_starts: &str) -> i64 {
    let session = demo_session(app, COUNCIL_ADMIN).await;
    let evaluation = evaluation::evaluation(&app.db, &app.state.published, Some(&session), tender_id).await.unwrap();
    evaluation.offers.iter().find(|o| o.supplier_name.starts_with(supplier_starts)).unwrap().offer_id
}

/// The demo moderator moderates every written answer of the closed demo tender: Example
/// [4, 4], Riverside [2, 1], Northfield [4, 3] (totals 7.75, 7.90 and 6.93 before any exclusion).
async fn moderate_all(app: &TestApp, tender_id: i64) {
    let moderator = demo_session(app, MODERATOR).await;
    evaluation::become_moderator(&app.db, &app.state.published, Some(&moderator), tender_id).await.unwrap();
    let sheet = evaluation::evaluation(&app.db, &app.state.published, Some(&moderator), tender_id).await.unwrap();
    for (supplier, marks) in [("Example", [4, 4]), ("Riverside", [2, 1]), ("Northfield", [4, 3])] {
        let offer = sheet.offers.iter().find(|o| o.supplier_name.starts_with(supplier)).unwrap();
        let mut fields = Vec::new();
        for (question, mark) in sheet.questions.iter().zip(marks) {
            fields.push((mark_field(question.measure_id), mark.to_string()));
            fields.push((reason_field(question.measure_id), format!("Moderated note {supplier} {mark}")));
        }
        evaluation::moderate(&app.db, &app.state.published, Some(&moderator), tender_id, offer.offer_id, &fields)
            .await
            .unwrap();
    }
}

async fn contract_of(app: &TestApp, tender_id: i64) -> contract::Model {
    contract::Entity::find()
        .filter(contract::Column::TenderId.eq(tender_id))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a contract")
}

async fn commitments_of(app: &TestApp, contract_id: i64) -> Vec<commitment::Model> {
    commitment::Entity::find().filter(commitment::Column::ContractId.eq(contract_id)).all(&app.db).await.unwrap()
}

async fn submitted(app: &TestApp, offer_id: i64) -> (i64, SubmittedOffer) {
    let row = offer_submission::Entity::find()
        .filter(offer_submission::Column::OfferId.eq(offer_id))
        .filter(offer_submission::Column::WithdrawnAt.is_null())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    (row.id, serde_json::from_str(&row.snapshot).unwrap())
}

fn award_form(offer_id: i64, reason: &str) -> Vec<(String, String)> {
    vec![(AWARD_FIELD.to_owned(), offer_id.to_string()), (AWARD_REASON_FIELD.to_owned(), reason.to_owned())]
}

/// The demo's award: Example Facilities won after Riverside's 9,000 hours were excluded. Its
/// contract holds Example's 8 lines at the proxy values its submission used and its 2 written
/// answers; it runs from the start to the day before the second anniversary; the awarding
/// officer manages it; every bidder was told; its first quarter has ended.
async fn the_demo_award_made_the_contract_with_the_offers_commitments(backend: Backend) {
    let app = seeded(backend).await;
    let tender = awarded_demo_tender(&app).await;
    assert_eq!(tender.status, "awarded");
    let example = tender.awarded_offer_id.expect("awarded");
    let contract = contract_of(&app, tender.id).await;
    let (submission_id, offer) = submitted(&app, example).await;
    assert_eq!((contract.offer_id, contract.submission_id), (example, submission_id));
    assert_eq!(contract.reference, tender.reference);
    assert_eq!(contract.award_reason, None, "the top-ranked offer needs no reason");
    assert_eq!(
        contract.end_date,
        tender.start_date.checked_add_months(chrono::Months::new(24)).unwrap().pred_opt().unwrap()
    );

    let commitments = commitments_of(&app, contract.id).await;
    let lines: Vec<_> = commitments.iter().filter(|c| c.year.is_some()).collect();
    let written: Vec<_> = commitments.iter().filter(|c| c.response.is_some()).collect();
    assert_eq!((lines.len(), written.len()), (offer.lines.len(), offer.responses.len()));
    assert_eq!((lines.len(), written.len()), (8, 2));
    for line in &offer.lines {
        let c = lines
            .iter()
            .find(|c| c.measure_id == line.measure_id && c.year == Some(line.year as i32))
            .unwrap_or_else(|| panic!("{} year {} is a commitment", line.code, line.year));
        assert_eq!(c.quantity.as_deref(), Some(line.quantity.value().normalize().to_string().as_str()));
        assert_eq!(c.proxy_value, line.proxy_value.map(|p| p.per_unit().normalize().to_string()));
        assert_eq!(c.value.as_deref(), Some(line.value.pounds().to_string().as_str()));
        assert_eq!(c.plan, line.plan);
    }
    for response in &offer.responses {
        assert!(written
            .iter()
            .any(|c| c.measure_id == response.measure_id && c.response.as_deref() == Some(response.response.as_str())));
    }
    let officers = contract_officer::Entity::find()
        .filter(contract_officer::Column::ContractId.eq(contract.id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(officers.iter().map(|o| o.user_id).collect::<Vec<_>>(), [app_user_id(&app, COUNCIL_ADMIN).await]);

    // Each bidder's organisation was told, with a link to its own offer's page.
    let mail = email_outbox::Entity::find()
        .filter(email_outbox::Column::Subject.eq(format!("Tender {} has been awarded", tender.reference)))
        .all(&app.db)
        .await
        .unwrap();
    let mut told: Vec<&str> = mail.iter().map(|m| m.to_address.as_str()).collect();
    told.sort();
    let mut bidders = vec![SUPPLIER_A, SUPPLIER_B, NORTHFIELD];
    bidders.sort();
    assert_eq!(told, bidders);
    assert!(mail.iter().any(|m| m.to_address == SUPPLIER_A && m.body_text.contains("Your offer won")));

    // The contract page, as the council sees it: terms, officers, commitments, quarters.
    let admin = council_admin(&app).await;
    let (status, html) = page(&app, &admin, &paths::CONTRACT.id(contract.id)).await;
    assert_eq!(status, 200);
    let text = text_of(&html.replace('<', " <"));
    for expected in [
        "Example Facilities Ltd (demo)",
        "£600,000.00",
        "£214,760.00",
        "Contract officers",
        "Add an officer",
        "Quarter 1 (year 1)",
        "Submitted: waiting for review",
        "Overdue",
        "Quarter 8 (year 2)",
        "Written commitments",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    let (_, public) = page(&app, &app.browser(), &format!("/tenders/{}", tender.id)).await;
    assert!(public.contains(">Awarded<"), "the public tender page says it is awarded");
    audit::verify_chain(&app.db).await.unwrap();
}

/// The award waits for moderation; then an offer other than the top-ranked one needs a reason,
/// refused beside the field with nothing lost; with one, the contract records it.
async fn the_award_waits_for_moderation_and_needs_a_reason_against_the_ranking(backend: Backend) {
    let app = seeded(backend).await;
    let tender = closed_demo_tender(&app).await;
    let admin = council_admin(&app).await;
    let award = paths::AWARD.id(tender.id);
    let northfield = offer_of(&app, tender.id, "Northfield").await;

    let (status, html) = page(&app, &admin, &award).await;
    assert_eq!(status, 409);
    assert!(unescape(&html).contains("once every offer's written answers have a moderated mark"), "{html}");
    let early = admin.post(app.url(&award)).form(&award_form(northfield, "")).send().await.unwrap();
    assert_eq!(early.status(), 409);

    moderate_all(&app, tender.id).await;
    // The question page lists the ranking; continuing with nothing chosen is refused.
    let (status, html) = page(&app, &admin, &award).await;
    assert_eq!(status, 200);
    let text = unescape(&html);
    assert!(text.contains("Which offer wins the contract?"));
    assert!(text.contains("Riverside Community Trust (demo): ranked 1, social value score 7.90 of 10"), "{text}");
    let (_, refused) = page(&app, &admin, &format!("{award}?choosing=yes")).await;
    assert!(unescape(&refused).contains("Choose the offer that wins the contract"));

    // Northfield is ranked 3: the check page warns, and the award needs a reason.
    let (_, check) = page(&app, &admin, &format!("{award}?{AWARD_FIELD}={northfield}")).await;
    let check = unescape(&check);
    assert!(
        check.contains("Check the award before you confirm it") && check.contains("This offer is not ranked first")
    );
    assert!(check.contains("8 lines worth £194,115.00, and 2 written answers"), "{check}");
    let refused = admin.post(app.url(&award)).form(&award_form(northfield, "  ")).send().await.unwrap();
    assert_eq!(refused.status(), 200);
    let refused = unescape(&refused.text().await.unwrap());
    assert!(refused.contains("Explain why this offer wins although it is not ranked first"));
    assert!(refused.contains("Check the award before you confirm it"), "the check page again");
    assert_eq!(tender::Entity::find_by_id(tender.id).one(&app.db).await.unwrap().unwrap().status, "open");

    let awards_before = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("tender_awarded"))
        .filter(audit_log::Column::EntityId.eq(tender.id.to_string()))
        .count(&app.db)
        .await
        .unwrap();
    let reason = "The two higher offers rely on volunteering the delivery plans do not support.";
    let awarded = admin.post(app.url(&award)).form(&award_form(northfield, reason)).send().await.unwrap();
    assert_eq!(awarded.status(), 303);
    let contract = contract_of(&app, tender.id).await;
    assert_eq!(location(&awarded), format!("{}?awarded", paths::CONTRACT.id(contract.id)));
    assert_eq!((contract.offer_id, contract.award_reason.as_deref()), (northfield, Some(reason)));
    let entry = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("tender_awarded"))
        .filter(audit_log::Column::EntityId.eq(tender.id.to_string()))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(entry.len() as u64, awards_before + 1, "the demo's award, undone, and this one");
    let audited = |e: &&audit_log::Model| e.after_json.as_deref().unwrap_or_default().contains("volunteering");
    assert_eq!(entry.iter().filter(audited).count(), 1, "the reason is audited");
    // A second award is a conflict.
    let again = admin.post(app.url(&award)).form(&award_form(northfield, reason)).send().await.unwrap();
    assert_eq!(again.status(), 409);
    audit::verify_chain(&app.db).await.unwrap();
}

/// An excluded line of the winning offer is not a commitment.
async fn excluded_lines_are_left_out_of_the_commitments(backend: Backend) {
    let app = seeded(backend).await;
    let tender = closed_demo_tender(&app).await;
    moderate_all(&app, tender.id).await;
    let example = offer_of(&app, tender.id, "Example").await;
    let gro1 = measure(&app, &tender, "GRO-1").await.id;
    let admin = demo_session(&app, COUNCIL_ADMIN).await;
    evaluation::exclude_line(
        &app.db,
        &app.state.published,
        Some(&admin),
        tender.id,
        example,
        gro1,
        2,
        ExclusionReason::CoreDelivery.as_str(),
        "Core delivery",
    )
    .await
    .unwrap();
    let session = demo_session(&app, COUNCIL_ADMIN).await;
    let standings = evaluation::evaluation(&app.db, &app.state.published, Some(&session), tender.id).await.unwrap();
    let rank = standings.offers.iter().find(|o| o.offer_id == example).unwrap().scores.rank;
    let reason = if rank == 1 { "" } else { "Chosen for the written answers" };
    evaluation::award_tender(
        &app.db,
        &app.state.published,
        Some(&session),
        tender.id,
        Some(example),
        reason,
        "http://127.0.0.1",
    )
    .await
    .unwrap();
    let contract = contract_of(&app, tender.id).await;
    let commitments = commitments_of(&app, contract.id).await;
    assert_eq!(commitments.iter().filter(|c| c.year.is_some()).count(), 7);
    assert!(!commitments.iter().any(|c| c.measure_id == gro1 && c.year == Some(2)), "the excluded line is left out");
    assert!(commitments.iter().any(|c| c.measure_id == gro1 && c.year == Some(1)));
    assert_eq!(commitments.iter().filter(|c| c.response.is_some()).count(), 2);
}

/// Two officers press "Award" at the same moment: one contract, one award, one refusal.
async fn a_concurrent_double_award_makes_one_contract(backend: Backend) {
    let app = seeded(backend).await;
    let tender = closed_demo_tender(&app).await;
    moderate_all(&app, tender.id).await;
    let example = offer_of(&app, tender.id, "Example").await;
    let riverside = offer_of(&app, tender.id, "Riverside").await;
    let (first, second) = (demo_session(&app, COUNCIL_ADMIN).await, demo_session(&app, MODERATOR).await);
    let awards = || {
        audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("tender_awarded"))
            .filter(audit_log::Column::EntityId.eq(tender.id.to_string()))
            .count(&app.db)
    };
    let awards_before = awards().await.unwrap();
    let (a, b) = tokio::join!(
        evaluation::award_tender(
            &app.db,
            &app.state.published,
            Some(&first),
            tender.id,
            Some(riverside),
            "",
            "http://127.0.0.1"
        ),
        evaluation::award_tender(
            &app.db,
            &app.state.published,
            Some(&second),
            tender.id,
            Some(example),
            "Better plans",
            "http://127.0.0.1"
        ),
    );
    assert_eq!(a.is_ok() as u8 + b.is_ok() as u8, 1, "exactly one award: {a:?} {b:?}");
    let refused = if a.is_ok() { b } else { a };
    assert!(matches!(refused, Err(services::tenders::TenderError::WrongStatus(_))), "{refused:?}");
    let contracts =
        contract::Entity::find().filter(contract::Column::TenderId.eq(tender.id)).count(&app.db).await.unwrap();
    assert_eq!(contracts, 1);
    assert_eq!(awards().await.unwrap(), awards_before + 1);
}

/// A losing bidder reads its own scores, marks, excluded line and rank, and the winner's score,
/// never the winner's lines; the winner finds its contract; another supplier gets 404.
async fn each_bidder_reads_only_its_own_assessment_summary(backend: Backend) {
    let app = seeded(backend).await;
    let tender = awarded_demo_tender(&app).await;
    let riverside = offer_of(&app, tender.id, "Riverside").await;
    let example = tender.awarded_offer_id.unwrap();
    let (_, winner) = submitted(&app, example).await;

    let trust = signed_in(&app, SUPPLIER_B).await;
    let (status, html) = page(&app, &trust, &format!("/offers/{riverside}")).await;
    assert_eq!(status, 200);
    let text = unescape(&text_of(&html.replace('<', " <")));
    for expected in [
        "Your assessment summary",
        "Your offer was not successful this time",
        "3 of 3",
        "4.93 of 10",
        "The winning offer's score 9.40 of 10",
        "Not credible, or not supported by the delivery plan",
        "9,000 volunteering hours in year 1",
        "Moderated:",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    for response in &winner.responses {
        assert!(!text.contains(&response.response), "the winner's answers stay private");
    }
    assert!(!text.contains("Example Facilities"), "the winner is not named, nor its lines shown");

    let won = signed_in(&app, SUPPLIER_A).await;
    let (_, html) = page(&app, &won, &format!("/offers/{example}")).await;
    let contract = contract_of(&app, tender.id).await;
    assert!(html.contains("Your offer won the contract") && html.contains(&paths::CONTRACT.id(contract.id)));
    let (status, html) = page(&app, &won, &paths::CONTRACT.id(contract.id)).await;
    assert_eq!(status, 200);
    assert!(!html.contains("Add an officer"), "the supplier cannot manage officers");
    let (_, list) = page(&app, &won, paths::CONTRACTS).await;
    assert!(list.contains("Your contracts") && list.contains(&paths::CONTRACT.id(contract.id)));

    // The losing bidder has no contract; another supplier sees neither offer nor contract.
    let (_, list) = page(&app, &trust, paths::CONTRACTS).await;
    assert!(!list.contains(&paths::CONTRACT.id(contract.id)));
    assert_eq!(page(&app, &trust, &paths::CONTRACT.id(contract.id)).await.0, 404);
    let stranger = registered_supplier(&app, "Stranger Ltd", "s@stranger.example").await;
    assert_eq!(page(&app, &stranger, &format!("/offers/{riverside}")).await.0, 404);
    assert_eq!(page(&app, &stranger, &paths::CONTRACT.id(contract.id)).await.0, 404);
}

/// Who may do what on the new routes: anonymous people are sent to sign in, another council
/// gets 404, suppliers 403 on council actions; officers manage who manages a contract, keeping
/// one at least; only administrators set the return due days.
async fn access_to_the_award_contracts_and_officers(backend: Backend) {
    let app = seeded(backend).await;
    let tender = awarded_demo_tender(&app).await;
    let contract = contract_of(&app, tender.id).await;
    let id = contract.id;
    let anonymous = app.browser();
    let admin_id = app_user_id(&app, COUNCIL_ADMIN).await;
    let moderator_id = app_user_id(&app, MODERATOR).await;
    let add = paths::ADD_OFFICER.id(id);
    let remove = |user: i64| paths::REMOVE_OFFICER.with(&[&id, &user]);
    let officer_form = |user: i64| vec![(OFFICER_FIELD.to_owned(), user.to_string())];

    for path in [paths::CONTRACTS.to_owned(), paths::CONTRACT.id(id), paths::AWARD.id(tender.id)] {
        let response = anonymous.get(app.url(&path)).send().await.unwrap();
        assert_eq!((response.status().as_u16(), location(&response)), (303, sign_in_from(&path)), "{path}");
    }
    for (path, form) in [
        (paths::AWARD.id(tender.id), award_form(1, "")),
        (add.clone(), officer_form(moderator_id)),
        (remove(admin_id), vec![]),
        (paths::RETURN_DUE_DAYS.pattern().to_owned(), vec![(RETURN_DUE_DAYS_FIELD.to_owned(), "10".to_owned())]),
    ] {
        let response = anonymous.post(app.url(&path)).form(&form).send().await.unwrap();
        assert_eq!(location(&response), "/sign-in", "{path}");
    }

    let other = other_council_admin(&app).await;
    assert_eq!(page(&app, &other, &paths::CONTRACT.id(id)).await.0, 404);
    assert_eq!(page(&app, &other, &paths::AWARD.id(tender.id)).await.0, 404);
    assert_eq!(other.post(app.url(&add)).form(&officer_form(moderator_id)).send().await.unwrap().status(), 404);
    let (_, list) = page(&app, &other, paths::CONTRACTS).await;
    assert!(!list.contains(&paths::CONTRACT.id(id)), "another council's list does not hold it");

    let supplier = signed_in(&app, SUPPLIER_A).await;
    assert_eq!(supplier.post(app.url(&add)).form(&officer_form(moderator_id)).send().await.unwrap().status(), 403);
    assert_eq!(supplier.post(app.url(&remove(admin_id))).send().await.unwrap().status(), 403);
    assert_eq!(page(&app, &supplier, &paths::AWARD.id(tender.id)).await.0, 403);
    let by_supplier =
        supplier.post(app.url(&paths::AWARD.id(tender.id))).form(&award_form(1, "")).send().await.unwrap();
    assert_eq!(by_supplier.status(), 403);
    let due = vec![(RETURN_DUE_DAYS_FIELD.to_owned(), "10".to_owned())];
    assert_eq!(supplier.post(app.url(paths::RETURN_DUE_DAYS.pattern())).form(&due).send().await.unwrap().status(), 403);

    // The server functions: nothing for anyone who is not a party.
    let loser = signed_in(&app, SUPPLIER_B).await;
    let calls = [
        ("contracts/award", vec![("tender_id", tender.id.to_string())], 403),
        ("contracts/contract", vec![("id", id.to_string())], 404),
    ];
    for (endpoint, args, supplier_status) in &calls {
        let url = app.url(&format!("/api/{endpoint}"));
        assert_eq!(anonymous.post(&url).form(args).send().await.unwrap().status(), 401, "anonymous {endpoint}");
        assert_eq!(
            loser.post(&url).form(args).send().await.unwrap().status().as_u16(),
            *supplier_status,
            "supplier {endpoint}"
        );
        assert_eq!(other.post(&url).form(args).send().await.unwrap().status(), 404, "other council {endpoint}");
    }
    let list = app.url("/api/contracts/list");
    assert_eq!(anonymous.post(&list).form(&[("q", "")]).send().await.unwrap().status(), 401);
    let listed = loser.post(&list).form(&[("q", "")]).send().await.unwrap().text().await.unwrap();
    assert!(!listed.contains("DEMO-2026-002"), "a losing supplier lists no contract: {listed}");

    // A council officer (not an administrator) manages officers; removing the last is refused.
    let officer = council_officer(&app).await;
    assert_eq!(officer.post(app.url(paths::RETURN_DUE_DAYS.pattern())).form(&due).send().await.unwrap().status(), 403);
    let last = officer.post(app.url(&remove(admin_id))).send().await.unwrap();
    assert_eq!(last.status(), 409);
    assert!(unescape(&last.text().await.unwrap()).contains("A contract needs at least one officer"));
    let nobody =
        officer.post(app.url(&add)).form(&vec![(OFFICER_FIELD.to_owned(), String::new())]).send().await.unwrap();
    assert_eq!(nobody.status(), 200);
    assert!(unescape(&nobody.text().await.unwrap()).contains("Choose a colleague to add as an officer"));
    let added = officer.post(app.url(&add)).form(&officer_form(moderator_id)).send().await.unwrap();
    assert_eq!(location(&added), format!("{}?officer-added", paths::CONTRACT.id(id)));
    let stranger_id = app_user_id(&app, SUPPLIER_A).await;
    let refused = officer.post(app.url(&add)).form(&officer_form(stranger_id)).send().await.unwrap();
    assert_eq!(refused.status(), 200, "a supplier's user cannot be an officer");
    let removed = officer.post(app.url(&remove(admin_id))).send().await.unwrap();
    assert_eq!(location(&removed), format!("{}?officer-removed", paths::CONTRACT.id(id)));
    let officers: Vec<i64> = contract_officer::Entity::find()
        .filter(contract_officer::Column::ContractId.eq(id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.user_id)
        .collect();
    assert_eq!(officers, [moderator_id]);

    // The council's list searches by reference, supplier and officer.
    let admin = council_admin(&app).await;
    for (q, found) in
        [("DEMO-2026-002", true), ("example facilities", true), ("moderator", true), ("northfield", false)]
    {
        let (_, list) = page(&app, &admin, &format!("{}?q={}", paths::CONTRACTS, q.replace(' ', "+"))).await;
        assert_eq!(list.contains(&paths::CONTRACT.id(id)), found, "search {q}");
    }

    // The administrator sets when returns are due; the quarters follow.
    let bad = admin
        .post(app.url(paths::RETURN_DUE_DAYS.pattern()))
        .form(&vec![(RETURN_DUE_DAYS_FIELD.to_owned(), "0".to_owned())])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 200);
    assert!(unescape(&bad.text().await.unwrap()).contains("Enter a number of days from 1 to 120"));
    let saved = admin
        .post(app.url(paths::RETURN_DUE_DAYS.pattern()))
        .form(&vec![(RETURN_DUE_DAYS_FIELD.to_owned(), "45".to_owned())])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&saved), format!("{}?due-days-saved", paths::CONTRACTS));
    let (_, html) = page(&app, &admin, &paths::CONTRACT.id(id)).await;
    assert!(unescape(&html).contains("Each quarter's return is due 45 days after it ends"));
    audit::verify_chain(&app.db).await.unwrap();
}

/// The contract page's quarters from a start on 29 February and on 31 January.
async fn quarters_on_the_contract_page_follow_month_ends_and_leap_years(backend: Backend) {
    let app = seeded(backend).await;
    let tender = awarded_demo_tender(&app).await;
    let contract = contract_of(&app, tender.id).await;
    let admin = council_admin(&app).await;
    for (start, end, first, fifth) in [
        ("2028-02-29", "2030-02-27", "29 February 2028 to 28 May 2028", "28 February 2029 to 28 May 2029"),
        ("2027-01-31", "2029-01-30", "31 January 2027 to 29 April 2027", "31 January 2028 to 29 April 2028"),
    ] {
        contract::ActiveModel {
            id: sea_orm::ActiveValue::Unchanged(contract.id),
            start_date: Set(start.parse().unwrap()),
            end_date: Set(end.parse().unwrap()),
            ..Default::default()
        }
        .update(&app.db)
        .await
        .unwrap();
        let (_, html) = page(&app, &admin, &paths::CONTRACT.id(contract.id)).await;
        let text = text_of(&html.replace('<', " <"));
        assert!(text.contains(first) && text.contains(fifth), "{start}: {text}");
        assert!(text.contains("Quarter 8 (year 2)") && !text.contains("Quarter 9"), "{start}");
    }
}

on_both_databases!(
    the_demo_award_made_the_contract_with_the_offers_commitments,
    the_award_waits_for_moderation_and_needs_a_reason_against_the_ranking,
    excluded_lines_are_left_out_of_the_commitments,
    a_concurrent_double_award_makes_one_contract,
    each_bidder_reads_only_its_own_assessment_summary,
    access_to_the_award_contracts_and_officers,
    quarters_on_the_contract_page_follow_month_ends_and_leap_years,
);
