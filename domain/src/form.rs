//! Problems with what was sent in a form, one per field, in the order the fields appear.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The id of the input the message belongs to (the error summary links to it).
    pub field_id: String,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    /// One problem with one field.
    pub fn one(field_id: &str, message: impl ToString) -> FieldErrors {
        let mut errors = FieldErrors::default();
        errors.add(field_id, message);
        errors
    }

    pub fn add(&mut self, field_id: &str, message: impl ToString) {
        self.0.push(FieldError { field_id: field_id.to_owned(), message: message.to_string() });
    }

    /// Keeps the parsed value, or records its error against the field.
    pub fn check<T, E: ToString>(&mut self, field_id: &str, parsed: Result<T, E>) -> Option<T> {
        parsed.map_err(|error| self.add(field_id, error)).ok()
    }

    /// Keeps trimmed text that is present and not too long, or records why not: `missing`, or
    /// that `name` (the field's label, as a sentence starts it) is too long.
    pub fn required_text(
        &mut self,
        field_id: &str,
        typed: &str,
        missing: &str,
        name: &str,
        max_chars: usize,
    ) -> Option<String> {
        let text = typed.trim();
        if text.is_empty() {
            self.add(field_id, missing);
            None
        } else if text.chars().count() > max_chars {
            self.add(field_id, too_long(name, max_chars));
            None
        } else {
            Some(text.to_owned())
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn for_field(&self, field_id: &str) -> Option<&str> {
        self.0.iter().find(|e| e.field_id == field_id).map(|e| e.message.as_str())
    }
}

/// The message for text over its limit, GOV.UK's "[Whatever] must be 35 characters or fewer":
/// `name` is the field's label as a sentence starts it ("Full name", "Your comment on JOB-1").
pub fn too_long(name: &str, max_chars: usize) -> String {
    format!("{name} must be {} characters or fewer", calc::group_thousands(&max_chars.to_string()))
}

/// One fault in an imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileProblem {
    /// The line (CSV) or row (XLSX), counting the header as 1; None for the file as a whole.
    pub line: Option<usize>,
    pub column: Option<String>,
    pub problem: String,
    pub how_to_fix: String,
}

impl FileProblem {
    pub fn whole_file(problem: impl Into<String>, how_to_fix: impl Into<String>) -> FileProblem {
        FileProblem { line: None, column: None, problem: problem.into(), how_to_fix: how_to_fix.into() }
    }
}

/// A form sent without success: what was typed (never passwords) and what was wrong, so the
/// page can be shown again with the answers kept and the problems explained.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostedForm {
    pub values: Vec<(String, String)>,
    pub errors: FieldErrors,
    /// Problems found in an uploaded file, row by row.
    pub file_problems: Vec<FileProblem>,
}

impl PostedForm {
    pub fn value(&self, name: &str) -> String {
        self.values.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    pub fn error(&self, field_id: &str) -> Option<String> {
        self.errors.for_field(field_id).map(str::to_owned)
    }
}
