//! The calculator with JavaScript off: the server renders the same figure the WASM would.

use crate::helpers::{spawn_app, Backend};
use crate::on_both_databases;

async fn renders_the_value_for_a_submitted_quantity(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, html) = app.get_html("/calculator?measure=SJ1&quantity=12.5").await;
    assert_eq!(status, 200);
    assert!(html.contains("£306,250.00"), "{html}");
    assert!(html.contains("12.5 FTE years × £24,500.00 each"), "{html}");
    assert!(!html.contains("There is a problem"));

    // Pennies round half away from zero: 1,000.33 × £0.1825 = £182.560225.
    let (_, html) = app.get_html("/calculator?measure=SG1&quantity=1%2C000.33").await;
    assert!(html.contains("£182.56"), "{html}");
}

async fn explains_bad_input_and_keeps_what_was_typed(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, html) = app.get_html("/calculator?measure=SJ2&quantity=2.5").await;
    assert_eq!(status, 200);
    assert!(html.contains("There is a problem"), "error summary: {html}");
    assert!(html.contains("href=\"#quantity\""), "the summary links to the field");
    assert!(html.contains("Enter a whole number: this unit cannot be split"), "{html}");
    assert!(html.contains("govuk-form-group--error"));
    assert!(html.contains("value=\"2.5\""), "the typed text is kept");
    assert!(html.contains("<option value=\"SJ2\" selected"), "the chosen measure is kept: {html}");
    assert!(html.contains("<title>Error: Social value calculator"), "{html}");
}

async fn an_empty_form_shows_no_error_until_sent(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, html) = app.get_html("/calculator").await;
    assert!(!html.contains("There is a problem"));
    let (_, html) = app.get_html("/calculator?measure=SJ1&quantity=").await;
    assert!(html.contains("Enter a quantity"), "{html}");
}

on_both_databases!(
    renders_the_value_for_a_submitted_quantity,
    explains_bad_input_and_keeps_what_was_typed,
    an_empty_form_shows_no_error_until_sent,
);
