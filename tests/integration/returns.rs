//! Quarterly returns and evidence files: the demo's return waiting for review and its overdue
//! quarter; a return filed through the forms (drafts that keep what was typed, check your
//! answers, attestations, the lock); evidence typed by content, named safely, limited in size
//! while streaming, uploaded fifty at once, swept after a crash, and downloaded only by the
//! contract's parties; the same on S3-compatible storage (a real S3 server on loopback).

use app::journeys::returns::{fields, paths};
use bytes::Bytes;
use db::{contract, evidence_file, evidence_upload, framework_measure, quarterly_return, return_line};
use domain::returns::{
    evidence_field, narrative_field, quantity_field, ReturnStatus, UploadAnswer, ADDITIONAL_MEASURE_FIELD,
    ATTEST_LINES_FIELD, ATTEST_PERIOD_FIELD,
};
use reqwest::multipart::{Form, Part};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use services::demo::CLOSED_TENDER_REFERENCE;
use services::{audit, returns};
use sha2::{Digest, Sha256};

use crate::helpers::{
    council_admin, council_officer, location, other_council_admin, page, seeded, signed_in, spawn_app_with, text_of,
    unescape, Backend, TestApp, SUPPLIER_A, SUPPLIER_B,
};
use crate::on_both_databases;
use crate::s3_server::S3Server;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2,
    0, 0, 0, 0x90, 0x77, 0x53, 0xDE,
];
const CSV: &[u8] = b"role,start date,hours\nApprentice,2026-05-12,37.5\n";

async fn demo_contract(app: &TestApp) -> contract::Model {
    contract::Entity::find()
        .filter(contract::Column::Reference.eq(CLOSED_TENDER_REFERENCE))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the demo contract")
}

async fn return_of(app: &TestApp, contract_id: i64, quarter: i32) -> Option<quarterly_return::Model> {
    quarterly_return::Entity::find()
        .filter(quarterly_return::Column::ContractId.eq(contract_id))
        .filter(quarterly_return::Column::Quarter.eq(quarter))
        .one(&app.db)
        .await
        .unwrap()
}

async fn lines_of(app: &TestApp, return_id: i64) -> Vec<return_line::Model> {
    return_line::Entity::find()
        .filter(return_line::Column::ReturnId.eq(return_id))
        .order_by_asc(return_line::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

/// The demo contract's fourth quarter (ended, overdue), started by the supplier through the
/// form: its contract, the browser, and the return's lines.
async fn started_draft(app: &TestApp) -> (i64, reqwest::Client, Vec<return_line::Model>) {
    let contract = demo_contract(app).await;
    let supplier = signed_in(app, SUPPLIER_A).await;
    let response = supplier.post(app.url(&paths::START.with(&[&contract.id, &4]))).send().await.unwrap();
    assert_eq!(response.status(), 303, "the supplier starts quarter 4's return");
    assert_eq!(location(&response), format!("{}?started", paths::RETURN.with(&[&contract.id, &4])));
    let row = return_of(app, contract.id, 4).await.expect("a return");
    (contract.id, supplier, lines_of(app, row.id).await)
}

/// One file sent as the uploader island sends it: its status and JSON answer.
async fn upload(
    app: &TestApp,
    browser: &reqwest::Client,
    line_id: i64,
    name: &str,
    bytes: Vec<u8>,
) -> (u16, UploadAnswer) {
    // Names are sent as typed (not percent-encoded), as a hostile client could send them.
    let form = Form::new().percent_encode_noop().part(fields::FILE, Part::bytes(bytes).file_name(name.to_owned()));
    let response = browser
        .post(app.url(&paths::UPLOAD.id(line_id)))
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("JSON from the upload route ({status}): {e}: {text}")),
    )
}

/// The return form as a browser without JavaScript posts it: fields, and files per line.
async fn post_return(
    app: &TestApp,
    browser: &reqwest::Client,
    contract_id: i64,
    quarter: u32,
    typed: &[(String, String)],
    files: &[(i64, &str, &[u8])],
) -> reqwest::Response {
    let mut form = Form::new().percent_encode_noop();
    for (name, value) in typed {
        form = form.text(name.clone(), value.clone());
    }
    for (line_id, name, bytes) in files {
        form = form.part(evidence_field(*line_id), Part::bytes(bytes.to_vec()).file_name(name.to_string()));
    }
    browser.post(app.url(&paths::RETURN.with(&[&contract_id, &quarter]))).multipart(form).send().await.unwrap()
}

fn stored_objects(app: &TestApp) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(&app.evidence_dir)
        .map(|dir| dir.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

async fn file_rows(app: &TestApp) -> Vec<evidence_file::Model> {
    evidence_file::Entity::find().order_by_asc(evidence_file::Column::Id).all(&app.db).await.unwrap()
}

/// The demo: quarter 1's return is reviewed, quarter 2's has a question for the supplier,
/// quarter 3's waits for review (each with two files); quarter 4's is overdue. Both the
/// council and the supplier see it so.
async fn the_demo_return_waits_for_review_and_the_next_is_overdue(backend: Backend) {
    let app = seeded(backend).await;
    let contract = demo_contract(&app).await;
    for (quarter, status) in
        [(1, ReturnStatus::Reviewed), (2, ReturnStatus::InformationRequested), (3, ReturnStatus::Submitted)]
    {
        let row = return_of(&app, contract.id, quarter).await.expect("a demo return");
        assert_eq!(row.status, status.as_str(), "quarter {quarter}");
    }
    let files = file_rows(&app).await;
    assert_eq!(files.len(), 6);
    assert_eq!(stored_objects(&app).len(), 6, "each file is stored once, under its key");
    for file in &files {
        assert_eq!(file.storage_key.len(), 32, "a generated key");
        assert!(stored_objects(&app).contains(&file.storage_key));
    }
    for browser in [council_admin(&app).await, signed_in(&app, SUPPLIER_A).await] {
        let (status, html) = page(&app, &browser, &app::journeys::contracts::paths::CONTRACT.id(contract.id)).await;
        assert_eq!(status, 200);
        let text = text_of(&unescape(&html).replace('<', " <"));
        for expected in [
            "Quarter 1 (year 1)",
            "Submitted: waiting for review",
            "Overdue",
            "1 return waiting for review; 1 return overdue",
        ] {
            assert!(text.contains(expected), "{expected} in {text}");
        }
        let (status, html) = page(&app, &browser, &paths::RETURN.with(&[&contract.id, &1])).await;
        assert_eq!(status, 200);
        let html = unescape(&html);
        assert!(html.contains("demo-recruitment-summary.csv") && html.contains("demo-school-letter.pdf"), "{html}");
        assert!(!html.contains("Save draft"), "a submitted return is read only");
    }
    let (_, html) = page(&app, &signed_in(&app, SUPPLIER_A).await, &paths::RETURN.with(&[&contract.id, &4])).await;
    assert!(html.contains("Overdue") && html.contains("Start this return"), "{html}");
    audit::verify_chain(&app.db).await.unwrap();
}

/// A return filed through the forms, as without JavaScript: a draft keeps what was typed, valid
/// or not; a file chosen in the form is uploaded with it; an additional measure is added at the
/// framework's value; submitting needs every line and both attestations; then it is locked.
async fn a_supplier_files_a_return_through_the_forms(backend: Backend) {
    let app = seeded(backend).await;
    let (contract_id, supplier, lines) = started_draft(&app).await;
    assert_eq!(lines.len(), 4, "one line for each of year 1's commitments");
    let first = lines[0].id;
    // Quarters 2 and 3 were submitted: their quantities show as awaiting review on quarter 4's lines.
    let (_, html) = page(&app, &supplier, &paths::RETURN.with(&[&contract_id, &4])).await;
    assert!(text_of(&unescape(&html)).contains("Delivered to date: awaiting review"), "{html}");

    let mut typed: Vec<(String, String)> = vec![
        (quantity_field(first), "lots".into()),
        (narrative_field(first), "Two apprentices started in May".into()),
        (fields::ACTION.into(), fields::SAVE.into()),
    ];
    let response = post_return(&app, &supplier, contract_id, 4, &typed, &[(first, "letter.pdf", PDF)]).await;
    assert_eq!(response.status(), 200, "the page again, with the problem");
    let html = unescape(&response.text().await.unwrap());
    assert!(html.contains("Enter the quantity as a number, like 12 or 12.5"), "{html}");
    assert!(html.contains("value=\"lots\""), "what was typed is kept");
    let saved = lines_of(&app, lines[0].return_id).await;
    assert_eq!(saved[0].quantity_typed, "lots", "everything typed is saved, valid or not");
    assert_eq!(saved[0].narrative, "Two apprentices started in May");
    let files = file_rows(&app).await;
    assert_eq!(files.iter().filter(|f| f.return_line_id == first).count(), 1, "the file chosen in the form is stored");

    // Continuing with a line left empty is refused beside that line.
    typed = vec![
        (quantity_field(first), "2".into()),
        (narrative_field(first), "Two apprentices started in May".into()),
        (fields::ACTION.into(), fields::CONTINUE.into()),
    ];
    let response = post_return(&app, &supplier, contract_id, 4, &typed, &[]).await;
    assert_eq!(response.status(), 200);
    let html = unescape(&response.text().await.unwrap());
    assert!(html.contains("Enter the quantity delivered this quarter, or 0 if none was"), "{html}");

    // An additional measure, at the framework's proxy value.
    let measure = framework_measure::Entity::find()
        .filter(framework_measure::Column::Code.eq("ENV-1"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a demo measure");
    typed.retain(|(n, _)| n != fields::ACTION);
    typed.push((ADDITIONAL_MEASURE_FIELD.into(), measure.id.to_string()));
    typed.push((fields::ACTION.into(), fields::ADD_MEASURE.into()));
    let response = post_return(&app, &supplier, contract_id, 4, &typed, &[]).await;
    assert_eq!(response.status(), 303);
    let lines = lines_of(&app, lines[0].return_id).await;
    let added = lines.last().unwrap();
    assert!(added.additional && added.commitment_id.is_none());
    assert_eq!(added.proxy_value, measure.proxy_value);

    // Every line filled in; continue; the check page; submit without, then with, attestations.
    let mut typed: Vec<(String, String)> = Vec::new();
    for line in &lines {
        typed.push((quantity_field(line.id), "1".into()));
        typed.push((narrative_field(line.id), format!("Delivered {} this quarter", line.code)));
    }
    typed.push((fields::ACTION.into(), fields::CONTINUE.into()));
    let response = post_return(&app, &supplier, contract_id, 4, &typed, &[]).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let check = paths::CHECK.with(&[&contract_id, &4]);
    assert_eq!(location(&response), check);
    let (status, html) = page(&app, &supplier, &check).await;
    assert_eq!(status, 200);
    assert!(html.contains("letter.pdf") && html.contains("Additional"), "{html}");
    let submit = app.url(&paths::SUBMIT.with(&[&contract_id, &4]));
    let response = supplier.post(&submit).form(&[(ATTEST_PERIOD_FIELD, "yes")]).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let html = unescape(&response.text().await.unwrap());
    assert!(
        html.contains("Confirm that each line relates to a commitment in the plan or is marked additional"),
        "{html}"
    );
    assert_eq!(return_of(&app, contract_id, 4).await.unwrap().status, "draft");
    let response =
        supplier.post(&submit).form(&[(ATTEST_PERIOD_FIELD, "yes"), (ATTEST_LINES_FIELD, "yes")]).send().await.unwrap();
    assert_eq!(response.status(), 303);
    let row = return_of(&app, contract_id, 4).await.unwrap();
    assert_eq!(row.status, "submitted");
    assert!(row.submitted_at.is_some());

    // Locked: no more changes, uploads or deletions.
    let response = post_return(&app, &supplier, contract_id, 4, &typed, &[]).await;
    assert_eq!(response.status(), 409);
    let (status, answer) = upload(&app, &supplier, first, "more.csv", CSV.to_vec()).await;
    assert_eq!(status, 409, "{answer:?}");
    let file_id = file_rows(&app).await.iter().find(|f| f.return_line_id == first).unwrap().id;
    let delete = vec![(fields::ACTION.to_owned(), format!("{}{file_id}", fields::DELETE_FILE_PREFIX))];
    let response = post_return(&app, &supplier, contract_id, 4, &delete, &[]).await;
    assert_eq!(response.status(), 409);
    assert!(evidence_file::Entity::find_by_id(file_id).one(&app.db).await.unwrap().is_some());
    let (_, html) =
        page(&app, &council_admin(&app).await, &app::journeys::contracts::paths::CONTRACT.id(contract_id)).await;
    assert!(text_of(&unescape(&html)).contains("2 returns waiting for review; 0 returns overdue."), "{html}");
    audit::verify_chain(&app.db).await.unwrap();
}

/// A draft's file can be deleted (row and object); the delete keeps what was typed.
async fn a_draft_file_can_be_deleted(backend: Backend) {
    let app = seeded(backend).await;
    let (contract_id, supplier, lines) = started_draft(&app).await;
    let (status, answer) = upload(&app, &supplier, lines[1].id, "photo.png", PNG.to_vec()).await;
    assert_eq!(status, 200, "{answer:?}");
    let file = answer.file.expect("the file's record");
    assert_eq!(file.kind, "PNG");
    assert_eq!(file.sha256, hex::encode(Sha256::digest(PNG)));
    let before = stored_objects(&app).len();
    let typed = vec![
        (quantity_field(lines[1].id), "3".to_owned()),
        (fields::ACTION.to_owned(), format!("{}{}", fields::DELETE_FILE_PREFIX, file.id)),
    ];
    let response = post_return(&app, &supplier, contract_id, 4, &typed, &[]).await;
    assert_eq!(response.status(), 303);
    assert!(evidence_file::Entity::find_by_id(file.id).one(&app.db).await.unwrap().is_none());
    assert_eq!(stored_objects(&app).len(), before - 1, "its object is gone too");
    assert_eq!(lines_of(&app, lines[1].return_id).await[1].quantity_typed, "3");
}

/// Types are decided by content: a wrong type with a right extension, polyglots, SVG, HTML
/// named .csv and empty files are refused (and nothing is left stored); names are sanitised
/// for display and never used as keys.
async fn evidence_is_checked_by_content(backend: Backend) {
    let app = seeded(backend).await;
    let (_, supplier, lines) = started_draft(&app).await;
    let line = lines[0].id;
    let before = stored_objects(&app);
    let html_pdf = b"<html><body><script>alert(1)</script></body></html>\n%PDF-1.4\n%%EOF\n".to_vec();
    let pdf_html = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n".to_vec();
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec();
    let html_csv = b"name,value\n<script>alert(1)</script>,1\n".to_vec();
    for (name, bytes, expected) in [
        ("report.pdf", PNG.to_vec(), "PNG"),
        ("polyglot.pdf", html_pdf, "PDF"),
        ("polyglot2.pdf", pdf_html, "PDF"),
        ("drawing.svg", svg.clone(), "PDF, PNG, JPEG, CSV, XLSX or DOCX"),
        ("drawing.png", svg, "PDF, PNG, JPEG, CSV, XLSX or DOCX"),
        ("table.csv", html_csv, "CSV"),
        ("empty.csv", Vec::new(), "empty"),
    ] {
        let (status, answer) = upload(&app, &supplier, line, name, bytes).await;
        assert_eq!(status, 422, "{name} is refused: {answer:?}");
        let problem = answer.problem.expect("a reason");
        assert!(answer.file.is_none());
        assert!(
            problem.contains(expected) || problem.to_lowercase().contains(&expected.to_lowercase()),
            "{name}: {problem}"
        );
    }
    assert_eq!(stored_objects(&app), before, "a refused file leaves nothing stored");
    assert_eq!(evidence_upload::Entity::find().count(&app.db).await.unwrap(), 0, "nor an upload record");

    for (sent, shown) in [("../../etc/passwd.csv", "passwd.csv"), ("..\\..\\boot.csv", "boot.csv")] {
        let (status, answer) = upload(&app, &supplier, line, sent, CSV.to_vec()).await;
        assert_eq!(status, 200, "{sent}: {answer:?}");
        assert_eq!(answer.file.unwrap().name, shown);
    }
    // Control characters and a right-to-left override, as a client could send them raw.
    let session = crate::helpers::demo_session(&app, SUPPLIER_A).await;
    let target = returns::upload_target(&app.db, Some(&session), line).await.unwrap();
    let body = futures::stream::iter([Ok::<_, std::io::Error>(Bytes::from_static(CSV))]);
    let stored =
        returns::upload_evidence(&app.db, &app.evidence, Some(&session), target, "bell\u{7}\r\n\u{202e}vsc.csv", body)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(stored.name, "bellvsc.csv");
    for file in file_rows(&app).await {
        assert!(file.storage_key.chars().all(|c| c.is_ascii_hexdigit()), "{}", file.storage_key);
        assert!(!stored_objects(&app).iter().any(|o| o.contains("passwd") || o.contains("boot")));
    }
}

/// The size limit holds while streaming: a file of exactly the limit is stored, one byte more
/// is refused, with nothing left behind.
async fn the_size_limit_holds_while_streaming(backend: Backend) {
    let app = spawn_app_with(backend, &[("EVIDENCE_MAX_MB", "1".into())]).await;
    services::demo::seed(&app.db, crate::helpers::DEMO_PASSWORD, &app.evidence, &app.totp_key).await.unwrap();
    let (_, supplier, lines) = started_draft(&app).await;
    let limit = 1024 * 1024;
    let csv_of = |size: usize| {
        let mut bytes = b"a,b\n".to_vec();
        bytes.resize(size - 1, b'1');
        bytes.push(b'\n');
        bytes
    };
    let before = stored_objects(&app).len();
    let (status, answer) = upload(&app, &supplier, lines[0].id, "under.csv", csv_of(limit)).await;
    assert_eq!(status, 200, "{answer:?}");
    assert_eq!(answer.file.unwrap().size_bytes, limit as u64);
    let (status, answer) = upload(&app, &supplier, lines[0].id, "over.csv", csv_of(limit + 1)).await;
    assert_eq!(status, 422);
    assert!(answer.problem.unwrap().contains("1 MB"));
    assert_eq!(stored_objects(&app).len(), before + 1, "only the file within the limit is stored");
    // Without JavaScript, the refusal is shown beside the line's file input.
    let typed = vec![(fields::ACTION.to_owned(), fields::SAVE.to_owned())];
    let over = csv_of(limit + 1);
    let response = post_return(&app, &supplier, 0, 0, &typed, &[]).await;
    assert_eq!(response.status(), 404, "no such contract");
    let contract_id = demo_contract(&app).await.id;
    let response = post_return(&app, &supplier, contract_id, 4, &typed, &[(lines[1].id, "big.csv", &over)]).await;
    assert_eq!(response.status(), 200);
    let html = unescape(&response.text().await.unwrap());
    assert!(html.contains("big.csv") && html.contains("1 MB"), "{html}");
}

/// A multipart body that stops partway through a PDF part, with no closing boundary: what a
/// browser sends when its tab is closed mid-upload.
fn broken_off_upload(field: &str) -> Vec<u8> {
    let mut body = format!(
        "--cut\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"report.pdf\"\r\n\
         Content-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&PDF[..PDF.len() / 2]);
    body
}

/// A broken-off upload, on the uploader island's route and on the return form's: a 400 that
/// says what happened, and nothing stored.
async fn a_broken_off_upload_is_a_bad_request_and_stores_nothing(backend: Backend) {
    let app = seeded(backend).await;
    let (contract_id, supplier, lines) = started_draft(&app).await;
    let before = (stored_objects(&app), file_rows(&app).await.len());
    let send = |url: String, field: String| {
        supplier
            .post(app.url(&url))
            .header("content-type", "multipart/form-data; boundary=cut")
            .body(broken_off_upload(&field))
            .send()
    };
    let response = send(paths::UPLOAD.id(lines[0].id), fields::FILE.to_owned()).await.unwrap();
    assert_eq!(response.status(), 400);
    let answer: UploadAnswer = response.json().await.unwrap();
    assert_eq!(answer.problem.as_deref(), Some("The upload stopped before the file arrived. Try again."));
    let response = send(paths::RETURN.with(&[&contract_id, &4]), evidence_field(lines[0].id)).await.unwrap();
    assert_eq!(response.status(), 400);
    let text = response.text().await.unwrap();
    assert!(text.contains("The upload stopped before the file arrived. Try again."), "{text}");
    assert_eq!((stored_objects(&app), file_rows(&app).await.len()), before, "nothing is stored");
    assert_eq!(evidence_upload::Entity::find().count(&app.db).await.unwrap(), 0, "nor an upload record");
}

/// An XLSX whose worksheet inflates to 150 MB of zeros from a file of a few hundred KB.
pub fn xlsx_bomb() -> Vec<u8> {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    writer.start_file("[Content_Types].xml", options).unwrap();
    writer.write_all(br#"<?xml version="1.0"?><Types/>"#).unwrap();
    writer.start_file("xl/workbook.xml", options).unwrap();
    writer.write_all(br#"<?xml version="1.0"?><workbook/>"#).unwrap();
    writer.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..150 {
        writer.write_all(&zeros).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// A decompression bomb is refused on both upload routes, with a reason, and nothing is kept.
async fn a_decompression_bomb_is_refused(backend: Backend) {
    let app = seeded(backend).await;
    let (contract_id, supplier, lines) = started_draft(&app).await;
    let bomb = xlsx_bomb();
    assert!(bomb.len() < 1024 * 1024, "{} bytes", bomb.len());
    let before = (stored_objects(&app), file_rows(&app).await.len());
    let (status, answer) = upload(&app, &supplier, lines[0].id, "figures.xlsx", bomb.clone()).await;
    assert_eq!(status, 422, "{answer:?}");
    let problem = answer.problem.unwrap();
    assert!(
        problem.starts_with("‘figures.xlsx’ cannot be uploaded because it would unpack to more than 100 MB"),
        "{problem}"
    );
    let typed = vec![(fields::ACTION.to_owned(), fields::SAVE.to_owned())];
    let response = post_return(&app, &supplier, contract_id, 4, &typed, &[(lines[1].id, "figures.xlsx", &bomb)]).await;
    assert_eq!(response.status(), 200, "the return again, with the reason beside the file input");
    let html = unescape(&response.text().await.unwrap());
    assert!(html.contains("cannot be uploaded because it would unpack to more than 100 MB"), "{html}");
    assert_eq!((stored_objects(&app), file_rows(&app).await.len()), before, "nothing is stored");
    assert_eq!(evidence_upload::Entity::find().count(&app.db).await.unwrap(), 0, "nor an upload record");
}

/// Fifty uploads at once to one line: every one is stored once, under its own key.
async fn fifty_concurrent_uploads(backend: Backend) {
    let app = seeded(backend).await;
    let (_, supplier, lines) = started_draft(&app).await;
    let before = stored_objects(&app).len();
    let line_id = lines[2].id;
    let uploads = (0..50).map(|i| {
        let bytes = format!("number,of\n{i},50\n").into_bytes();
        let (app, supplier) = (&app, &supplier);
        async move { upload(app, supplier, line_id, &format!("sheet-{i}.csv"), bytes).await }
    });
    let answers = futures::future::join_all(uploads).await;
    assert!(answers.iter().all(|(status, _)| *status == 200), "{answers:?}");
    let rows: Vec<_> = file_rows(&app).await.into_iter().filter(|f| f.return_line_id == lines[2].id).collect();
    assert_eq!(rows.len(), 50);
    let keys: std::collections::BTreeSet<_> = rows.iter().map(|f| f.storage_key.clone()).collect();
    assert_eq!(keys.len(), 50);
    assert_eq!(stored_objects(&app).len(), before + 50);
    assert_eq!(evidence_upload::Entity::find().count(&app.db).await.unwrap(), 0);
    audit::verify_chain(&app.db).await.unwrap();
}

/// A crash between storing an object and writing its row (the upload recorded, the object
/// stored, no row), and a staging file left by a crash mid-write: the sweep removes both, and
/// leaves every file that has its row.
async fn the_sweep_removes_what_a_crash_leaves(backend: Backend) {
    let app = seeded(backend).await;
    let kept = stored_objects(&app);
    let body = futures::stream::iter([Ok::<_, std::io::Error>(Bytes::from_static(CSV))]);
    let orphan = app.evidence.store(&app.db, "crashed.csv", body).await.expect("stored");
    std::fs::write(app.evidence_dir.join(format!("{}#7", "0123456789abcdef0123456789abcdef")), b"half a file").unwrap();
    assert_eq!(stored_objects(&app).len(), kept.len() + 2);
    // Younger than the sweep's minimum age: an upload may still be under way, so nothing goes.
    let report = app.evidence.sweep(&app.db, services::evidence::SWEEP_MIN_AGE).await.unwrap();
    assert_eq!(report, Default::default());
    let report = app.evidence.sweep(&app.db, std::time::Duration::ZERO).await.unwrap();
    assert_eq!((report.orphan_objects, report.staging_files, report.aborted_uploads), (1, 1, 1));
    assert_eq!(stored_objects(&app), kept, "only the files with rows remain");
    assert!(!stored_objects(&app).contains(&orphan.key));
    assert_eq!(evidence_upload::Entity::find().count(&app.db).await.unwrap(), 0);
}

/// A store that fails on purpose (its folder replaced by a file, so nothing can be written):
/// the person gets an opaque error with a reference, and nothing is recorded; once the store
/// works again, so does the upload.
async fn a_failing_store_records_nothing(backend: Backend) {
    let app = seeded(backend).await;
    let (_, supplier, lines) = started_draft(&app).await;
    let rows = file_rows(&app).await.len();
    let folder = app.evidence_dir.clone();
    let kept = folder.with_extension("kept");
    std::fs::rename(&folder, &kept).unwrap();
    std::fs::write(&folder, b"not a folder").unwrap();
    let (status, answer) = upload(&app, &supplier, lines[0].id, "sheet.csv", CSV.to_vec()).await;
    assert_eq!(status, 500, "{answer:?}");
    let problem = answer.problem.unwrap();
    assert!(problem.starts_with("Sorry, something went wrong") && !problem.contains("not a folder"), "{problem}");
    assert_eq!(file_rows(&app).await.len(), rows, "no row for a file that was not stored");
    assert_eq!(evidence_upload::Entity::find().count(&app.db).await.unwrap(), 0);
    std::fs::remove_file(&folder).unwrap();
    std::fs::rename(&kept, &folder).unwrap();
    let (status, _) = upload(&app, &supplier, lines[0].id, "sheet.csv", CSV.to_vec()).await;
    assert_eq!(status, 200);
}

/// Downloads: an attachment with a safe name, never sniffed, for the contract's supplier and
/// council staff only; anyone else gets nothing.
async fn downloads_go_to_the_contracts_parties_only(backend: Backend) {
    let app = seeded(backend).await;
    let file = file_rows(&app).await.into_iter().find(|f| f.kind == "csv").expect("the demo CSV");
    let address = app.url(&paths::DOWNLOAD.id(file.id));
    for browser in [signed_in(&app, SUPPLIER_A).await, council_admin(&app).await, council_officer(&app).await] {
        let response = browser.get(&address).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let headers = response.headers().clone();
        assert_eq!(headers["content-type"], "text/csv");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        let disposition = headers["content-disposition"].to_str().unwrap().to_owned();
        assert!(
            disposition.starts_with("attachment;") && disposition.contains("demo-recruitment-summary.csv"),
            "{disposition}"
        );
        let bytes = response.bytes().await.unwrap();
        assert_eq!(hex::encode(Sha256::digest(&bytes)), file.sha256);
    }
    for browser in [signed_in(&app, SUPPLIER_B).await, other_council_admin(&app).await] {
        let response = browser.get(&address).send().await.unwrap();
        assert_eq!(response.status(), 404, "another organisation gets nothing");
    }
    let response = app.browser().get(&address).send().await.unwrap();
    assert!(response.status().is_redirection(), "anonymous visitors are sent to sign in");
    let response =
        signed_in(&app, SUPPLIER_A).await.get(app.url(&paths::DOWNLOAD.id(file.id + 1000))).send().await.unwrap();
    assert_eq!(response.status(), 404);
}

/// Who may do what: another supplier and another council get 404 on every page and route;
/// council staff read returns but may not change them (403); anonymous visitors sign in first.
async fn only_the_contracts_parties_reach_its_returns(backend: Backend) {
    let app = seeded(backend).await;
    let contract_id = demo_contract(&app).await.id;
    let (_, supplier, lines) = started_draft(&app).await;
    let return_page = paths::RETURN.with(&[&contract_id, &4]);
    let check_page = paths::CHECK.with(&[&contract_id, &4]);
    let server_fn = app.url("/api/returns/return");
    let form_args = [("contract_id", contract_id.to_string()), ("quarter", "4".to_owned())];

    for (who, browser) in
        [("another supplier", signed_in(&app, SUPPLIER_B).await), ("another council", other_council_admin(&app).await)]
    {
        for path in [&return_page, &check_page] {
            let (status, html) = page(&app, &browser, path).await;
            assert_eq!(status, 404, "{who}: GET {path}");
            assert!(!html.contains("Example Facilities"), "{who} sees nothing of it");
        }
        let response = browser.post(&server_fn).form(&form_args).send().await.unwrap();
        assert_eq!(response.status(), 404, "{who}: the server function");
        for path in [paths::START.with(&[&contract_id, &6]), paths::SUBMIT.with(&[&contract_id, &4])] {
            let response = browser.post(app.url(&path)).form(&[("x", "y")]).send().await.unwrap();
            assert_eq!(response.status(), 404, "{who}: POST {path}");
        }
        let response =
            post_return(&app, &browser, contract_id, 4, &[(fields::ACTION.into(), fields::SAVE.into())], &[]).await;
        assert_eq!(response.status(), 404, "{who}: the return form");
        let (status, _) = upload(&app, &browser, lines[0].id, "x.csv", CSV.to_vec()).await;
        assert_eq!(status, 404, "{who}: an upload");
    }

    // Council staff read the return, but may not change it.
    let officer = council_officer(&app).await;
    let (status, html) = page(&app, &officer, &return_page).await;
    assert_eq!(status, 200);
    assert!(!html.contains("Save draft"), "read only for the council");
    let response = officer.post(&server_fn).form(&form_args).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let response = officer.post(app.url(&paths::START.with(&[&contract_id, &6]))).send().await.unwrap();
    assert_eq!(response.status(), 403);
    let response =
        post_return(&app, &officer, contract_id, 4, &[(fields::ACTION.into(), fields::SAVE.into())], &[]).await;
    assert_eq!(response.status(), 403);
    let (status, _) = upload(&app, &officer, lines[0].id, "x.csv", CSV.to_vec()).await;
    assert_eq!(status, 403);

    // Anonymous visitors are sent to sign in; the upload route answers 401.
    let anonymous = app.browser();
    let (status, _) = page(&app, &anonymous, &return_page).await;
    assert_eq!(status, 303);
    let (status, _) = upload(&app, &anonymous, lines[0].id, "x.csv", CSV.to_vec()).await;
    assert_eq!(status, 401);
    let response = post_return(&app, &anonymous, contract_id, 4, &[], &[]).await;
    assert!(response.status().is_redirection());
    // A quarter that has not started cannot be started; the supplier's own pages work.
    let response = supplier.post(app.url(&paths::START.with(&[&contract_id, &8]))).send().await.unwrap();
    assert_eq!(response.status(), 409, "quarter 8 has not started");
    let (status, _) = page(&app, &supplier, &check_page).await;
    assert_eq!(status, 200);
}

/// The same journey on S3-compatible storage (a real S3 server on loopback): upload, download,
/// the size limit, and the sweep aborting an upload that never completed.
async fn evidence_on_s3_compatible_storage(backend: Backend) {
    let s3 = S3Server::start().await;
    let mut settings = vec![("EVIDENCE_STORE", s3.store_url("evidence")), ("EVIDENCE_MAX_MB", "6".to_owned())];
    settings.extend(s3.env());
    let app = spawn_app_with(backend, &settings).await;
    services::demo::seed(&app.db, crate::helpers::DEMO_PASSWORD, &app.evidence, &app.totp_key).await.unwrap();
    assert!(stored_objects(&app).is_empty(), "nothing goes to the local folder");
    let (_, supplier, lines) = started_draft(&app).await;
    // A file over one S3 part (5 MiB), under the limit: stored in two parts, read back whole.
    let mut big = b"a,b\n".to_vec();
    big.resize(5 * 1024 * 1024 + 4096, b'7');
    big.push(b'\n');
    let (status, answer) = upload(&app, &supplier, lines[0].id, "big.csv", big.clone()).await;
    assert_eq!(status, 200, "{answer:?}");
    let file = answer.file.unwrap();
    let response = supplier.get(app.url(&paths::DOWNLOAD.id(file.id))).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.bytes().await.unwrap().as_ref(), big.as_slice());
    // Over the limit: refused while streaming, and its multipart upload aborted.
    let mut over = big.clone();
    over.resize(6 * 1024 * 1024 + 1, b'7');
    let (status, _) = upload(&app, &supplier, lines[0].id, "over.csv", over).await;
    assert_eq!(status, 422);
    assert_eq!(s3.multipart_uploads().await, 0, "the refused upload was aborted");
    // A crash: an object stored with no row, and an upload started and never finished.
    let body = futures::stream::iter([Ok::<_, std::io::Error>(Bytes::from_static(CSV))]);
    app.evidence.store(&app.db, "crashed.csv", body).await.unwrap();
    s3.start_abandoned_upload("evidence/abandoned", &app.db).await;
    assert_eq!(s3.multipart_uploads().await, 1);
    let report = app.evidence.sweep(&app.db, std::time::Duration::ZERO).await.unwrap();
    assert_eq!((report.orphan_objects, report.aborted_uploads), (1, 2), "{report:?}");
    assert_eq!(s3.multipart_uploads().await, 0, "the abandoned upload was aborted");
    let keys = s3.object_keys().await;
    let rows = file_rows(&app).await;
    assert_eq!(keys.len(), rows.len(), "one object for each file row: {keys:?}");
    for row in rows {
        assert!(keys.iter().any(|k| k.ends_with(&row.storage_key)));
    }
}

on_both_databases!(
    the_demo_return_waits_for_review_and_the_next_is_overdue,
    a_supplier_files_a_return_through_the_forms,
    a_draft_file_can_be_deleted,
    evidence_is_checked_by_content,
    a_broken_off_upload_is_a_bad_request_and_stores_nothing,
    a_decompression_bomb_is_refused,
    the_size_limit_holds_while_streaming,
    fifty_concurrent_uploads,
    the_sweep_removes_what_a_crash_leaves,
    a_failing_store_records_nothing,
    downloads_go_to_the_contracts_parties_only,
    only_the_contracts_parties_reach_its_returns,
    evidence_on_s3_compatible_storage,
);
