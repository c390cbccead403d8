//! The return page's two islands: a line's quantity box with its £ worked out live (the same
//! `delivered_line` the server stores with), and a line's evidence uploader, which sends each
//! chosen file at once with XMLHttpRequest so that its progress can be shown. Without
//! JavaScript both are plain form fields of the return's multipart form.

use leptos::prelude::*;

use calc::{ProxyValue, QuantityRule};
use crate::error_summary::ErrorMessage;
use domain::returns::{delivered_line, display_size, quantity_field};
use crate::glossary_term::GlossaryTerm;
use domain::glossary::Term;

/// A line's quantity delivered this quarter, and what it is worth as typed.
#[island]
pub fn DeliveredQuantity(
    line_id: i64,
    label: String,
    hint: String,
    typed: String,
    rule: QuantityRule,
    proxy: Option<ProxyValue>,
    /// The server's message from the last post, shown until the box is changed.
    server_error: Option<String>,
    /// Whether "proxy value" links in the line's worth: its first use on the page.
    link_proxy_value: bool,
) -> impl IntoView {
    let field = quantity_field(line_id);
    let typed = RwSignal::new(typed);
    let changed = RwSignal::new(false);
    let checked = Memo::new(move |_| typed.with(|t| delivered_line(t, rule, proxy)));
    let error = Signal::derive(move || match checked.get() {
        Err(problem) => Some(problem.to_string()),
        Ok(_) if !changed.get() => server_error.clone(),
        Ok(_) => None,
    });
    let worth = move || match checked.get() {
        Ok(Some((_, value))) if proxy.is_some() => view! {
            {format!("Worth {value} at the committed ")}
            <GlossaryTerm term=Term::ProxyValue link=link_proxy_value>"proxy value"</GlossaryTerm>
        }
        .into_any(),
        Ok(Some(_)) => "Recorded in its own units: it adds no £".into_any(),
        _ => "Worth £0.00 until a quantity is entered".into_any(),
    };
    let error_id = format!("{field}-error");
    let hint_id = format!("{field}-hint");
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || match error.get() {
            Some(_) => format!("{hint_id} {error_id}"),
            None => hint_id.clone(),
        }
    };
    view! {
        <div class=move || if error.get().is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
            <label class="govuk-label govuk-label--s" for=field.clone()>{label}</label>
            <div id=hint_id class="govuk-hint">{hint}</div>
            <ErrorMessage id=error_id message=error />
            <input
                class=move || if error.get().is_some() { "govuk-input govuk-input--width-10 govuk-input--error" } else { "govuk-input govuk-input--width-10" }
                id=field.clone()
                name=field
                type="text"
                inputmode="decimal"
                autocomplete="off"
                spellcheck="false"
                aria-describedby=described_by
                value=typed.get_untracked()
                on:input=move |ev| {
                    changed.set(true);
                    typed.set(event_target_value(&ev));
                }
            />
            <p class="govuk-body-s pb-return-worth" aria-live="polite">{worth}</p>
        </div>
    }
}

/// One chosen file's upload, as the uploader shows it.
#[derive(Clone)]
struct Upload {
    name: String,
    /// Bytes sent, of the total.
    sent: RwSignal<(f64, f64)>,
    outcome: RwSignal<Option<Result<String, String>>>,
}

/// A line's evidence files: a file input (several at once). With JavaScript each file is sent
/// as soon as it is chosen, each with its own progress bar and result; without, the files go
/// with the return form when it is saved.
#[island]
pub fn EvidenceUploader(
    line_id: i64,
    label: String,
    upload_url: String,
    max_file_bytes: u64,
    server_error: Option<String>,
) -> impl IntoView {
    let field = domain::returns::evidence_field(line_id);
    let hint_id = format!("{field}-hint");
    let error_id = format!("{field}-error");
    let uploads: RwSignal<Vec<Upload>> = RwSignal::new(Vec::new());
    let error = Signal::stored(server_error.clone());
    let described_by = if server_error.is_some() { format!("{hint_id} {error_id}") } else { hint_id.clone() };
    let hint = format!(
        "{}, up to {} each. You can choose several files at once.",
        domain::returns::ALLOWED_EVIDENCE_TYPES,
        display_size(max_file_bytes)
    );
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        send_chosen_files(&ev, &upload_url, uploads);
        #[cfg(not(feature = "hydrate"))]
        let _ = (&ev, &upload_url);
    };
    view! {
        <div class=if server_error.is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
            <label class="govuk-label govuk-label--s" for=field.clone()>{label}</label>
            <div id=hint_id class="govuk-hint">{hint}</div>
            <ErrorMessage id=error_id message=error />
            <input
                class="govuk-file-upload"
                id=field.clone()
                name=field
                type="file"
                multiple=true
                accept=".pdf,.png,.jpg,.jpeg,.csv,.xlsx,.docx"
                aria-describedby=described_by
                on:change=on_change
            />
            <ul class="govuk-list pb-uploads" aria-live="polite">
                <For
                    each=move || uploads.get().into_iter().enumerate()
                    key=|(index, _)| *index
                    children=|(_, upload)| view! { <UploadProgress upload /> }
                />
            </ul>
        </div>
    }
}

#[component]
fn UploadProgress(upload: Upload) -> impl IntoView {
    let Upload { name, sent, outcome } = upload;
    let label = name.clone();
    view! {
        <li>
            {move || match outcome.get() {
                None => view! {
                    <label class="govuk-body-s">
                        {format!("Uploading {label}")}
                        <progress max=move || sent.get().1 value=move || sent.get().0>{move || {
                            let (done, total) = sent.get();
                            format!("{}%", if total > 0.0 { (done / total * 100.0).round() } else { 0.0 })
                        }}</progress>
                    </label>
                }.into_any(),
                Some(Ok(stored)) => view! { <p class="govuk-body-s">{format!("Uploaded {stored}")}</p> }.into_any(),
                Some(Err(problem)) => view! {
                    <p class="govuk-error-message"><span class="govuk-visually-hidden">"Error: "</span>{format!("{name}: {problem}")}</p>
                }.into_any(),
            }}
        </li>
    }
}

/// Sends each chosen file in its own request, then clears the input so that saving the form
/// does not send them again.
#[cfg(feature = "hydrate")]
fn send_chosen_files(ev: &leptos::ev::Event, upload_url: &str, uploads: RwSignal<Vec<Upload>>) {
    use wasm_bindgen::JsCast;
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
    let Some(files) = input.files() else { return };
    for index in 0..files.length() {
        if let Some(file) = files.get(index) {
            let upload =
                Upload { name: file.name(), sent: RwSignal::new((0.0, file.size())), outcome: RwSignal::new(None) };
            uploads.update(|list| list.push(upload.clone()));
            if let Err(error) = send_file(upload_url, &file, upload.clone()) {
                upload.outcome.set(Some(Err(format!(
                    "could not be sent ({error:?}). Try again, or save the form with the file chosen"
                ))));
            }
        }
    }
    input.set_value("");
}

#[cfg(feature = "hydrate")]
fn send_file(upload_url: &str, file: &web_sys::File, upload: Upload) -> Result<(), wasm_bindgen::JsValue> {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    let form = web_sys::FormData::new()?;
    form.append_with_blob_and_filename(domain::routes::returns::fields::FILE, file, &file.name())?;
    let request = web_sys::XmlHttpRequest::new()?;
    request.open("POST", upload_url)?;
    request.set_request_header("Accept", "application/json")?;
    let sent = upload.sent;
    let on_progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
        if ev.length_computable() {
            sent.set((ev.loaded(), ev.total()));
        }
    });
    request.upload()?.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    on_progress.forget();
    let outcome = upload.outcome;
    let finished = request.clone();
    let on_done = Closure::<dyn FnMut()>::new(move || {
        let answer: Option<domain::returns::UploadAnswer> =
            finished.response_text().ok().flatten().and_then(|text| serde_json::from_str(&text).ok());
        let result = match answer {
            Some(domain::returns::UploadAnswer { problem: Some(problem), .. }) => Err(problem),
            Some(domain::returns::UploadAnswer { file: Some(file), .. }) => {
                Ok(format!("{} ({}, {})", file.name, file.kind, display_size(file.size_bytes)))
            }
            _ => Err(match finished.status().unwrap_or(0) {
                401 | 403 => "you are no longer signed in. Sign in again and choose the file again".to_owned(),
                _ => "the upload failed. Try again".to_owned(),
            }),
        };
        outcome.set(Some(result));
    });
    request.set_onloadend(Some(on_done.as_ref().unchecked_ref()));
    on_done.forget();
    request.send_with_opt_form_data(Some(&form))
}
