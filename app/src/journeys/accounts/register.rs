use leptos::prelude::*;

use super::paths;

use crate::components::form_fields::{CheckboxField, EmailField, NewPasswordField, TextField};
use crate::components::question_page::QuestionPage;
use crate::page_context::posted_form;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let posted = posted_form();
    view! {
        <QuestionPage title="Register your organisation" posted=posted.clone()>
                <p class="govuk-body">
                    "Register once for your firm or group. You will run its account, and you can ask your colleagues to join."
                </p>
                <form method="post" action=paths::REGISTER.pattern() novalidate>
                    <h2 class="govuk-heading-m">"Your organisation"</h2>
                    <TextField
                        id="organisation-name"
                        label="Organisation name"
                        autocomplete="organization"
                        value=posted.value("organisation-name")
                        error=posted.error("organisation-name")
                    />
                    <TextField
                        id="companies-house-number"
                        label="Companies House number (optional)"
                        hint="8 characters, like 01234567 or SC123456"
                        value=posted.value("companies-house-number")
                        error=posted.error("companies-house-number")
                        width_class="govuk-input--width-10"
                    />
                    <TextField
                        id="postcode"
                        label="Postcode of your main office"
                        autocomplete="postal-code"
                        value=posted.value("postcode")
                        error=posted.error("postcode")
                        width_class="govuk-input--width-10"
                    />
                    <div class="govuk-form-group">
                        <fieldset class="govuk-fieldset" aria-describedby="organisation-type-hint">
                            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
                                "Is your organisation any of these?"
                            </legend>
                            <div id="organisation-type-hint" class="govuk-hint">"Select all that apply."</div>
                            <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                                <CheckboxField
                                    id="is-sme"
                                    label="A small or medium-sized enterprise (SME)"
                                    checked=!posted.value("is-sme").is_empty()
                                />
                                <CheckboxField
                                    id="is-vcse"
                                    label="A voluntary, community or social enterprise (VCSE)"
                                    checked=!posted.value("is-vcse").is_empty()
                                />
                            </div>
                        </fieldset>
                    </div>
                    <h2 class="govuk-heading-m">"You"</h2>
                    <TextField
                        id="full-name"
                        label="Full name"
                        autocomplete="name"
                        value=posted.value("full-name")
                        error=posted.error("full-name")
                    />
                    <EmailField value=posted.value("email") error=posted.error("email") />
                    <NewPasswordField id="password" label="Create a password" error=posted.error("password") />
                    <button type="submit" class="govuk-button">"Register"</button>
                </form>
        </QuestionPage>
    }
}
