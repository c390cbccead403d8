//! The returns journey's addresses and form-field names.

/// The journey's addresses, used by the pages, the route table and the tests.
pub mod paths {
    use crate::routes::FormPath;

    /// A quarter's return page, and where its form posts (multipart: fields and files).
    pub const RETURN: FormPath = FormPath("/contracts/{id}/returns/{quarter}");
    pub const START: FormPath = FormPath("/contracts/{id}/returns/{quarter}/start");
    /// Check your answers (GET), and where its attestations post.
    pub const CHECK: FormPath = FormPath("/contracts/{id}/returns/{quarter}/check");
    pub const SUBMIT: FormPath = FormPath("/contracts/{id}/returns/{quarter}/submit");
    /// One file for one line (the uploader island's requests; the answer is JSON).
    pub const UPLOAD: FormPath = FormPath("/evidence/lines/{line_id}");
    /// A file, as an attachment.
    pub const DOWNLOAD: FormPath = FormPath("/evidence/{file_id}");
    pub const GUIDE: &str = "/guides/evidence";

    /// Every form route, for the access tests: (address, method). (The uploader island's
    /// route answers JSON, and downloads are GETs: both are tested on their own.)
    pub const FORMS: [(FormPath, &str); 3] = [(RETURN, "POST"), (START, "POST"), (SUBMIT, "POST")];
}

/// The names of the journey's form fields that are not the domain's.
pub mod fields {
    /// The return form's buttons: what the post asks for.
    pub const ACTION: &str = "action";
    pub const SAVE: &str = "save";
    pub const CONTINUE: &str = "continue";
    pub const ADD_MEASURE: &str = "add-measure";
    /// Sends the answers to the council's questions (a return with information requested).
    pub const SEND_ANSWERS: &str = "send-answers";
    /// `delete-file-{id}`
    pub const DELETE_FILE_PREFIX: &str = "delete-file-";
    /// The uploader island's file field.
    pub const FILE: &str = "file";
}
