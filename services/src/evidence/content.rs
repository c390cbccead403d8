//! What an evidence file is, decided by its content as it streams in, and how its name is shown
//! and sent back. Pure: no I/O, no async.
//!
//! The name a browser sends is only a claim, so the type comes from the bytes: magic signatures
//! for PDF, PNG, JPEG, XLSX and DOCX (through `infer`) and, for CSV, which has none, strict text
//! rules (UTF-8, no NUL byte, no markup, parses as CSV). The name's extension must then agree, so
//! a file always opens in the program its name promises.

use std::fmt::Write as _;

/// The types a supplier may upload, as messages name them.
pub const ALLOWED_TYPES_TEXT: &str = domain::returns::ALLOWED_EVIDENCE_TYPES;

/// How much of a file's start is kept to look for magic bytes. The signatures sit in the first
/// KiB, and an OOXML file's first few ZIP entries within a few KiB, so this leaves room to spare.
const HEAD_BYTES: usize = 64 * 1024;
/// The longest name kept for display.
const MAX_NAME_CHARS: usize = 120;
/// The longest name quoted in a refusal, so the message stays short.
const MAX_MESSAGE_NAME_CHARS: usize = 40;
/// A longer "extension" is not kept whole when a name is cut: it is not a real one.
const MAX_KEPT_EXTENSION_CHARS: usize = 10;

/// Markup that lets a browser render the start of a PDF as a web page.
const PAGE_MARKUP: [&[u8]; 7] = [b"<html", b"<script", b"<body", b"<iframe", b"<svg", b"<!doctype html", b"<head"];

/// A type of evidence file that may be uploaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EvidenceKind {
    Pdf,
    Png,
    Jpeg,
    Csv,
    Xlsx,
    Docx,
}

impl EvidenceKind {
    /// Every allowed type, in the order messages list them.
    pub const ALL: [EvidenceKind; 6] = [
        EvidenceKind::Pdf,
        EvidenceKind::Png,
        EvidenceKind::Jpeg,
        EvidenceKind::Csv,
        EvidenceKind::Xlsx,
        EvidenceKind::Docx,
    ];

    /// The name people know the type by.
    pub fn label(self) -> &'static str {
        match self {
            EvidenceKind::Pdf => "PDF",
            EvidenceKind::Png => "PNG",
            EvidenceKind::Jpeg => "JPEG",
            EvidenceKind::Csv => "CSV",
            EvidenceKind::Xlsx => "XLSX",
            EvidenceKind::Docx => "DOCX",
        }
    }

    /// The MIME type to serve the file with.
    pub fn content_type(self) -> &'static str {
        match self {
            EvidenceKind::Pdf => "application/pdf",
            EvidenceKind::Png => "image/png",
            EvidenceKind::Jpeg => "image/jpeg",
            EvidenceKind::Csv => "text/csv",
            EvidenceKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            EvidenceKind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }
    }

    /// The extensions a file of this type may have: lowercase, no dot, the usual one first.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            EvidenceKind::Pdf => &["pdf"],
            EvidenceKind::Png => &["png"],
            EvidenceKind::Jpeg => &["jpg", "jpeg"],
            EvidenceKind::Csv => &["csv"],
            EvidenceKind::Xlsx => &["xlsx"],
            EvidenceKind::Docx => &["docx"],
        }
    }

    /// The stored form, read back by [`EvidenceKind::parse`].
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::Pdf => "pdf",
            EvidenceKind::Png => "png",
            EvidenceKind::Jpeg => "jpeg",
            EvidenceKind::Csv => "csv",
            EvidenceKind::Xlsx => "xlsx",
            EvidenceKind::Docx => "docx",
        }
    }

    /// The type stored as `stored` by [`EvidenceKind::as_str`].
    pub fn parse(stored: &str) -> Option<EvidenceKind> {
        EvidenceKind::ALL.into_iter().find(|kind| kind.as_str() == stored)
    }

    /// The type a lowercase extension (without its dot) names, if it is an allowed one.
    fn from_extension(extension: &str) -> Option<EvidenceKind> {
        EvidenceKind::ALL.into_iter().find(|kind| kind.extensions().contains(&extension))
    }

    /// The label with "a" or "an", as it is read aloud ("an XLSX").
    fn with_article(self) -> String {
        match self {
            EvidenceKind::Xlsx => format!("an {}", self.label()),
            _ => format!("a {}", self.label()),
        }
    }
}

/// Why an evidence file was refused. The messages are shown beside the file field; the file
/// name in them is sanitised and short, as the field is empty again by the time they are read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvidenceRefusal {
    #[error("‘{file_name}’ is empty. Choose a {types} file that holds your evidence", types = ALLOWED_TYPES_TEXT)]
    Empty { file_name: String },
    /// Enforced by the caller, which counts the bytes.
    #[error("The selected file must be smaller than {} MB", megabytes(*limit_bytes))]
    TooLarge { limit_bytes: u64 },
    #[error("‘{file_name}’ must be a {types}", types = ALLOWED_TYPES_TEXT)]
    NotAllowed { file_name: String },
    /// HTML, SVG or script in a text file, or at the start of a PDF: a browser could run it.
    #[error(
        "‘{file_name}’ cannot be uploaded because it holds web page code or scripts. \
         Save your evidence without them as a {types}",
        types = ALLOWED_TYPES_TEXT
    )]
    Markup { file_name: String },
    /// An allowed type, whose name does not end with one of its extensions. `extension` is the
    /// name's own (lowercase, no dot), if it has one.
    #[error("{}", name_mismatch_message(file_name, *kind, extension.as_deref()))]
    DoesNotMatchName { file_name: String, kind: EvidenceKind, extension: Option<String> },
    /// Named `.csv` but not UTF-8: usually Excel's plain "CSV", which is Windows-1252.
    #[error(
        "‘{file_name}’ must be saved as CSV UTF-8. In your spreadsheet program, choose Save As, \
         then ‘CSV UTF-8 (Comma delimited)’"
    )]
    CsvNotUtf8 { file_name: String },
    #[error(
        "‘{file_name}’ cannot be read as a CSV because a quote mark (\") is never closed. \
         Add the missing quote mark, or save the file again as CSV UTF-8"
    )]
    CsvQuoteNotClosed { file_name: String },
    /// An XLSX or DOCX that would unpack to far more than it holds (a zip bomb), or is damaged.
    #[error("‘{file_name}’ cannot be uploaded because {problem}. Save it again from Excel or Word, or as a PDF")]
    UnsafePackage { file_name: String, problem: crate::zip_package::PackageProblem },
}

fn name_mismatch_message(file_name: &str, kind: EvidenceKind, extension: Option<&str>) -> String {
    let is_a = kind.with_article();
    let usual = kind.extensions()[0];
    match extension {
        None => format!("‘{file_name}’ is {is_a}, so its name must end .{usual}. Rename it, then choose it again"),
        Some(extension) => match EvidenceKind::from_extension(extension) {
            Some(named) => format!(
                "‘{file_name}’ is {is_a} but its name ends .{extension}. Rename it to end .{usual}, or choose {}",
                named.with_article()
            ),
            None => format!("‘{file_name}’ is {is_a} but its name ends .{extension}. Rename it to end .{usual}"),
        },
    }
}

/// A limit in MB, as a person would write it: whole when it is a whole number of MiB or of MB.
fn megabytes(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes.is_multiple_of(MIB) {
        (bytes / MIB).to_string()
    } else if bytes.is_multiple_of(1_000_000) {
        (bytes / 1_000_000).to_string()
    } else {
        format!("{:.1}", bytes as f64 / MIB as f64)
    }
}

/// Decides an evidence file's type as it streams in, chunk by chunk, keeping only its first
/// `HEAD_BYTES`. `feed` refuses as soon as the verdict is certain, so a bad upload stops early.
#[derive(Debug)]
pub struct ContentCheck {
    /// The sent name, sanitised and cut short, for messages.
    shown_name: String,
    /// The sent name's extension: lowercase, no dot.
    extension: Option<String>,
    /// The file's first bytes, until they are judged.
    head: Vec<u8>,
    /// `None` until the head is judged.
    verdict: Option<Verdict>,
    csv: CsvScan,
    /// An Office package's bytes, whole (within the upload's size limit): its zip directory,
    /// which a bomb would lie in, is at the end.
    package: Option<Vec<u8>>,
    bytes_seen: u64,
}

#[derive(Debug)]
enum Verdict {
    /// An allowed type by its magic bytes, with a name that fits: the rest is not looked at.
    Kind(EvidenceKind),
    /// No magic bytes: a CSV if its text holds to the end.
    CsvIfTextHolds,
    Refused(EvidenceRefusal),
}

impl ContentCheck {
    /// `file_name` is the name as the person's browser sent it.
    pub fn new(file_name: &str) -> ContentCheck {
        let name = sanitise_file_name(file_name);
        ContentCheck {
            extension: name
                .rsplit_once('.')
                .map(|(_, extension)| extension.to_ascii_lowercase())
                .filter(|extension| !extension.is_empty()),
            shown_name: cut_keeping_extension(&name, MAX_MESSAGE_NAME_CHARS),
            head: Vec::new(),
            verdict: None,
            csv: CsvScan::new(),
            package: None,
            bytes_seen: 0,
        }
    }

    /// Takes the next chunk. Once refused, every later call refuses the same way.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), EvidenceRefusal> {
        self.bytes_seen += chunk.len() as u64;
        let mut rest = chunk;
        if self.verdict.is_none() {
            let (into_head, after_head) = chunk.split_at(chunk.len().min(HEAD_BYTES - self.head.len()));
            self.head.extend_from_slice(into_head);
            if self.head.len() < HEAD_BYTES {
                return Ok(());
            }
            self.verdict = Some(self.judge_head());
            rest = after_head;
        }
        match &self.verdict {
            Some(Verdict::CsvIfTextHolds) => {
                self.csv.feed(rest);
                if let Some(problem) = self.csv.problem {
                    let refusal = self.refusal_for(problem);
                    self.verdict = Some(Verdict::Refused(refusal.clone()));
                    return Err(refusal);
                }
                Ok(())
            }
            Some(Verdict::Refused(refusal)) => Err(refusal.clone()),
            Some(Verdict::Kind(_)) | None => {
                if let Some(package) = &mut self.package {
                    package.extend_from_slice(rest);
                }
                Ok(())
            }
        }
    }

    /// The verdict, once every chunk has been fed.
    pub fn finish(mut self) -> Result<EvidenceKind, EvidenceRefusal> {
        if self.bytes_seen == 0 {
            return Err(EvidenceRefusal::Empty { file_name: self.shown_name });
        }
        let verdict = match self.verdict.take() {
            Some(verdict) => verdict,
            None => self.judge_head(),
        };
        match verdict {
            Verdict::Kind(kind) => match self.package.take() {
                Some(package) => crate::zip_package::check_package(&package)
                    .map(|()| kind)
                    .map_err(|problem| EvidenceRefusal::UnsafePackage { file_name: self.shown_name, problem }),
                None => Ok(kind),
            },
            Verdict::Refused(refusal) => Err(refusal),
            Verdict::CsvIfTextHolds => match self.csv.finish() {
                Ok(()) => self.check_name(EvidenceKind::Csv).map(|()| EvidenceKind::Csv),
                Err(problem) => Err(self.refusal_for(problem)),
            },
        }
    }

    pub fn bytes_seen(&self) -> u64 {
        self.bytes_seen
    }

    /// Judges the head, once full or at the end of the file, and lets it go.
    fn judge_head(&mut self) -> Verdict {
        let head = std::mem::take(&mut self.head);
        let Some(kind) = magic_kind(&head) else {
            self.csv.feed(&head);
            return Verdict::CsvIfTextHolds;
        };
        let checked = if kind == EvidenceKind::Pdf && holds_page_markup(&head) {
            Err(EvidenceRefusal::Markup { file_name: self.shown_name.clone() })
        } else {
            self.check_name(kind)
        };
        if checked.is_ok() && matches!(kind, EvidenceKind::Xlsx | EvidenceKind::Docx) {
            self.package = Some(head);
        }
        match checked {
            Ok(()) => Verdict::Kind(kind),
            Err(refusal) => Verdict::Refused(refusal),
        }
    }

    fn check_name(&self, kind: EvidenceKind) -> Result<(), EvidenceRefusal> {
        let file_name = self.shown_name.clone();
        match self.extension.as_deref() {
            Some(extension) if kind.extensions().contains(&extension) => Ok(()),
            // Any text without markup passes as CSV, so calling a .txt or .json file "a CSV"
            // would mislead: say what is allowed instead.
            Some(extension) if kind == EvidenceKind::Csv && EvidenceKind::from_extension(extension).is_none() => {
                Err(EvidenceRefusal::NotAllowed { file_name })
            }
            extension => {
                Err(EvidenceRefusal::DoesNotMatchName { file_name, kind, extension: extension.map(str::to_owned) })
            }
        }
    }

    fn refusal_for(&self, problem: NotCsv) -> EvidenceRefusal {
        let file_name = self.shown_name.clone();
        let named_csv = self.extension.as_deref() == Some("csv");
        match problem {
            NotCsv::Markup => EvidenceRefusal::Markup { file_name },
            NotCsv::NotUtf8 if named_csv => EvidenceRefusal::CsvNotUtf8 { file_name },
            NotCsv::QuoteNotClosed if named_csv => EvidenceRefusal::CsvQuoteNotClosed { file_name },
            NotCsv::NulByte | NotCsv::NotUtf8 | NotCsv::QuoteNotClosed => EvidenceRefusal::NotAllowed { file_name },
        }
    }
}

/// The allowed type a file's head shows by magic bytes, if any. The signatures that must sit at
/// the very start go first: `infer`'s PDF check accepts `%PDF` anywhere in the first KiB, which
/// an image or a ZIP entry could hold by chance.
fn magic_kind(head: &[u8]) -> Option<EvidenceKind> {
    let infer_finds = |matches: fn(&[u8]) -> bool, kind| matches(head).then_some(kind);
    infer_finds(infer::image::is_png, EvidenceKind::Png)
        .or_else(|| infer_finds(infer::image::is_jpeg, EvidenceKind::Jpeg))
        .or_else(|| infer_finds(infer::doc::is_docx, EvidenceKind::Docx))
        .or_else(|| infer_finds(infer::doc::is_xlsx, EvidenceKind::Xlsx))
        .or_else(|| ooxml_main_part(head))
        .or_else(|| infer_finds(infer::archive::is_pdf, EvidenceKind::Pdf))
}

/// A backup for `infer`, which tells DOCX from XLSX by the third and fourth ZIP entries only, so
/// misses files whose writer orders entries differently (`docProps/` first, say). Looks through
/// the head's ZIP entry headers for the package's parts list and its main part.
fn ooxml_main_part(head: &[u8]) -> Option<EvidenceKind> {
    const ENTRY_HEADER: &[u8] = b"PK\x03\x04";
    if !head.starts_with(ENTRY_HEADER) {
        return None;
    }
    let entry_name = |at: usize| {
        let name_len = usize::from(u16::from_le_bytes([*head.get(at + 26)?, *head.get(at + 27)?]));
        head.get(at + 30..at + 30 + name_len)
    };
    let names: Vec<&[u8]> =
        (0..head.len()).filter(|&at| head[at..].starts_with(ENTRY_HEADER)).filter_map(entry_name).collect();
    if !names.contains(&&b"[Content_Types].xml"[..]) {
        return None;
    }
    names.iter().find_map(|name| match *name {
        b"word/document.xml" => Some(EvidenceKind::Docx),
        b"xl/workbook.xml" => Some(EvidenceKind::Xlsx),
        _ => None,
    })
}

fn holds_page_markup(head: &[u8]) -> bool {
    PAGE_MARKUP.iter().any(|markup| head.windows(markup.len()).any(|window| window.eq_ignore_ascii_case(markup)))
}

/// Why a file with no magic bytes cannot be a CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NotCsv {
    NulByte,
    NotUtf8,
    /// `<` followed by a letter, `!`, `?` or `/`: the start of an HTML, SVG or XML tag.
    Markup,
    QuoteNotClosed,
}

/// Follows the text of a file with no magic bytes, to tell whether it can be a CSV.
#[derive(Debug)]
struct CsvScan {
    /// The first reason found: later bytes are not looked at.
    problem: Option<NotCsv>,
    /// The start of a UTF-8 character that the last chunk cut off.
    utf8_tail: Vec<u8>,
    /// The last byte seen was `<`, so the next chunk's first byte may open a tag.
    after_open_angle: bool,
    reader: csv_core::Reader,
}

impl CsvScan {
    fn new() -> CsvScan {
        // Not `Reader::default()`, which leaves the parser's tables unbuilt.
        CsvScan { problem: None, utf8_tail: Vec::new(), after_open_angle: false, reader: csv_core::Reader::new() }
    }

    fn feed(&mut self, bytes: &[u8]) {
        if self.problem.is_some() {
            return;
        }
        // Problems count in the order of their bytes, so chunk ends cannot change which is found.
        let (before, found) = match self.find_nul_or_markup(bytes) {
            Some((at, problem)) => (&bytes[..at], Some(problem)),
            None => (bytes, None),
        };
        if !self.continues_utf8(before) {
            self.problem = Some(NotCsv::NotUtf8);
        } else if found.is_some() {
            self.problem = found;
        } else {
            self.parse(bytes);
        }
    }

    fn finish(&mut self) -> Result<(), NotCsv> {
        if let Some(problem) = self.problem {
            Err(problem)
        } else if !self.utf8_tail.is_empty() {
            Err(NotCsv::NotUtf8)
        } else if self.quote_left_open() {
            Err(NotCsv::QuoteNotClosed)
        } else {
            Ok(())
        }
    }

    /// Where the first NUL byte or tag opening is in `bytes`, counting a tag from the byte after `<`.
    /// Jumps from one NUL or `<` to the next (memchr), since a file can be tens of megabytes.
    fn find_nul_or_markup(&mut self, bytes: &[u8]) -> Option<(usize, NotCsv)> {
        let opens_tag = |byte: u8| byte.is_ascii_alphabetic() || matches!(byte, b'!' | b'?' | b'/');
        let &first = bytes.first()?;
        // A `<` that ended the previous chunk opens a tag if this chunk starts one.
        if self.after_open_angle && opens_tag(first) {
            return Some((0, NotCsv::Markup));
        }
        let mut from = 0;
        while let Some(offset) = memchr::memchr2(0, b'<', &bytes[from..]) {
            let at = from + offset;
            if bytes[at] == 0 {
                return Some((at, NotCsv::NulByte));
            }
            match bytes.get(at + 1) {
                Some(&next) if opens_tag(next) => return Some((at + 1, NotCsv::Markup)),
                _ => from = at + 1,
            }
        }
        self.after_open_angle = bytes.last() == Some(&b'<');
        None
    }

    /// Whether `bytes` carry on valid UTF-8, keeping a character cut off at their end for the next call.
    fn continues_utf8(&mut self, mut bytes: &[u8]) -> bool {
        // First complete the character the last chunk cut off, a byte at a time (three at most).
        while !self.utf8_tail.is_empty() {
            let Some((&byte, rest)) = bytes.split_first() else {
                return true;
            };
            self.utf8_tail.push(byte);
            bytes = rest;
            match std::str::from_utf8(&self.utf8_tail) {
                Ok(_) => self.utf8_tail.clear(),
                Err(error) if error.error_len().is_some() => return false,
                Err(_) => {} // still cut off
            }
        }
        match std::str::from_utf8(bytes) {
            Ok(_) => true,
            Err(error) if error.error_len().is_none() => {
                self.utf8_tail.extend_from_slice(&bytes[error.valid_up_to()..]);
                true
            }
            Err(_) => false,
        }
    }

    fn parse(&mut self, mut bytes: &[u8]) {
        // The fields are not kept: `csv_core` only needs somewhere to write them.
        let mut fields = [0u8; 1024];
        let mut field_ends = [0usize; 64];
        while !bytes.is_empty() {
            let (_, read, _, _) = self.reader.read_record(bytes, &mut fields, &mut field_ends);
            bytes = &bytes[read..];
        }
    }

    /// `csv_core` reports no errors: at the end of the input it just closes an open quoted field.
    /// So, at the end, feed the parser `,\n`: outside quotes it ends a record; inside, it is text.
    /// (Not on a clone: `csv_core`'s `Clone` for `Reader` leaves most of its tables unset.)
    fn quote_left_open(&mut self) -> bool {
        let (result, _, _, _) = self.reader.read_record(b",\n", &mut [0u8; 8], &mut [0usize; 8]);
        result != csv_core::ReadRecordResult::Record
    }
}

/// The sent name made safe to show: its last path part, without control or bidi-override
/// characters (which can disguise an extension), single-spaced, without leading dots, and at most
/// 120 characters, keeping the extension. "evidence" when nothing is left.
pub fn sanitise_file_name(sent: &str) -> String {
    let last_part = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let visible: String = last_part.chars().filter(|&c| !is_hidden_control(c)).collect();
    let single_spaced = visible.split_whitespace().collect::<Vec<_>>().join(" ");
    let name = single_spaced.trim_start_matches(['.', ' ']);
    if name.is_empty() {
        return "evidence".to_owned();
    }
    cut_keeping_extension(name, MAX_NAME_CHARS)
}

fn is_hidden_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn cut_keeping_extension(name: &str, max_chars: usize) -> String {
    if name.chars().count() <= max_chars {
        return name.to_owned();
    }
    let extension = name
        .rsplit_once('.')
        .map(|(_, extension)| extension)
        .filter(|extension| extension.chars().count() <= MAX_KEPT_EXTENSION_CHARS);
    match extension {
        Some(extension) => {
            let stem: String = name.chars().take(max_chars - 1 - extension.chars().count()).collect();
            format!("{}.{extension}", stem.trim_end())
        }
        None => name.chars().take(max_chars).collect::<String>().trim_end().to_owned(),
    }
}

/// A `Content-Disposition` value that makes browsers download the file, never show it, under its
/// sanitised name: an ASCII fallback for old clients and the exact name as RFC 5987 UTF-8.
pub fn content_disposition(name: &str) -> String {
    let name = sanitise_file_name(name);
    let fallback: String =
        name.chars().map(|c| if matches!(c, ' '..='~') && !matches!(c, '"' | '\\' | ';') { c } else { '_' }).collect();
    let mut encoded = String::with_capacity(name.len());
    for byte in name.bytes() {
        // RFC 5987 attr-char: everything else is percent-encoded.
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            let _ = write!(encoded, "%{byte:02X}");
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // ---- Sample files ----

    fn pdf() -> Vec<u8> {
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".to_vec()
    }

    fn png() -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        bytes.extend_from_slice(b"\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89");
        bytes
    }

    fn jpeg() -> Vec<u8> {
        b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xff\xd9".to_vec()
    }

    /// A real ZIP archive with stored (uncompressed) entries.
    fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        fn crc32(data: &[u8]) -> u32 {
            let mut crc = !0u32;
            for &byte in data {
                crc ^= u32::from(byte);
                for _ in 0..8 {
                    crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
                }
            }
            !crc
        }
        let (mut out, mut central) = (Vec::new(), Vec::new());
        for (name, data) in entries {
            let offset = out.len() as u32;
            let (crc, size, name_len) = (crc32(data), data.len() as u32, name.len() as u16);
            out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
            out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // version, flags, stored, time, date
            out.extend_from_slice(&crc.to_le_bytes());
            out.extend_from_slice(&size.to_le_bytes());
            out.extend_from_slice(&size.to_le_bytes());
            out.extend_from_slice(&name_len.to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(data);
            central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            central.extend_from_slice(&crc.to_le_bytes());
            central.extend_from_slice(&size.to_le_bytes());
            central.extend_from_slice(&size.to_le_bytes());
            central.extend_from_slice(&name_len.to_le_bytes());
            central.extend_from_slice(&[0; 12]); // extra, comment, disk, attributes
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(name.as_bytes());
        }
        let central_offset = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        out.extend_from_slice(&[0, 0, 0, 0]);
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&central_offset.to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out
    }

    const CONTENT_TYPES: &[u8] =
        br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#;
    const RELS: &[u8] = br#"<?xml version="1.0"?><Relationships/>"#;

    /// Entries in the order Word writes them: `infer` needs the third and fourth in `word/`.
    fn docx() -> Vec<u8> {
        zip(&[
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("word/document.xml", br#"<?xml version="1.0"?><w:document/>"#),
            ("word/_rels/document.xml.rels", RELS),
        ])
    }

    /// Entries in the order Excel writes them.
    fn xlsx() -> Vec<u8> {
        zip(&[
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("xl/workbook.xml", br#"<?xml version="1.0"?><workbook/>"#),
            ("xl/_rels/workbook.xml.rels", RELS),
        ])
    }

    fn csv() -> Vec<u8> {
        "supplier,measure,amount\nAcme Ltd,\"Apprentices, new\",3\n\"Smith & Sons\",\"Said \"\"hi\"\"\",£1,200\n"
            .as_bytes()
            .to_vec()
    }

    /// Valid CSV filling the whole head, so what follows it is checked as a stream.
    fn csv_filler() -> Vec<u8> {
        let mut bytes = b"ref,description,amount\n".to_vec();
        while bytes.len() <= HEAD_BYTES {
            bytes.extend_from_slice(b"1,\"widget supply, north\",12.50\n");
        }
        bytes
    }

    fn then(mut start: Vec<u8>, rest: &[u8]) -> Vec<u8> {
        start.extend_from_slice(rest);
        start
    }

    fn check_split(name: &str, bytes: &[u8], chunk_len: usize) -> Result<EvidenceKind, EvidenceRefusal> {
        let mut check = ContentCheck::new(name);
        for chunk in bytes.chunks(chunk_len.max(1)) {
            check.feed(chunk)?;
        }
        check.finish()
    }

    fn check_at(name: &str, bytes: &[u8], mut cuts: Vec<usize>) -> Result<EvidenceKind, EvidenceRefusal> {
        cuts.sort_unstable();
        let mut check = ContentCheck::new(name);
        let mut start = 0;
        for cut in cuts.into_iter().chain([bytes.len()]) {
            check.feed(&bytes[start..cut])?;
            start = cut;
        }
        check.finish()
    }

    /// Checks the file whole, a byte at a time and in uneven chunks, expecting one verdict.
    fn check(name: &str, bytes: &[u8]) -> Result<EvidenceKind, EvidenceRefusal> {
        let whole = check_split(name, bytes, bytes.len());
        for chunk_len in [1, 3, 4096] {
            assert_eq!(check_split(name, bytes, chunk_len), whole, "{name} in chunks of {chunk_len}");
        }
        whole
    }

    fn named(file_name: &str) -> String {
        file_name.to_owned()
    }

    // ---- Kinds ----

    #[test]
    fn kinds_round_trip_through_their_stored_names() {
        for kind in EvidenceKind::ALL {
            assert_eq!(EvidenceKind::parse(kind.as_str()), Some(kind));
            assert!(kind.extensions().contains(&kind.as_str()) || kind == EvidenceKind::Jpeg);
        }
        assert_eq!(EvidenceKind::parse("PDF"), None);
        assert_eq!(EvidenceKind::parse("jpg"), None);
        assert_eq!(EvidenceKind::Jpeg.extensions(), ["jpg", "jpeg"]);
        assert_eq!(EvidenceKind::Csv.content_type(), "text/csv");
        assert_eq!(
            EvidenceKind::Docx.content_type(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
    }

    #[test]
    fn allowed_types_text_names_every_kind() {
        let labels: Vec<_> = EvidenceKind::ALL.iter().map(|kind| kind.label()).collect();
        assert_eq!(format!("{} or {}", labels[..5].join(", "), labels[5]), ALLOWED_TYPES_TEXT);
    }

    // ---- Accepted by content ----

    #[test]
    fn samples_are_what_infer_says() {
        assert!(infer::is_mime(&docx(), EvidenceKind::Docx.content_type()));
        assert!(infer::is_mime(&xlsx(), EvidenceKind::Xlsx.content_type()));
        assert!(!infer::doc::is_xlsx(&docx()) && !infer::doc::is_docx(&xlsx()));
        assert!(infer::is_mime(&pdf(), "application/pdf"));
        assert!(infer::is_mime(&png(), "image/png"));
        assert!(infer::is_mime(&jpeg(), "image/jpeg"));
    }

    #[test]
    fn accepts_office_files_whose_entries_infer_does_not_expect() {
        let docprops_first = zip(&[
            ("docProps/app.xml", b"<Properties/>"),
            ("docProps/core.xml", b"<cp:coreProperties/>"),
            ("_rels/.rels", RELS),
            ("xl/workbook.xml", b"<workbook/>"),
            ("[Content_Types].xml", CONTENT_TYPES),
        ]);
        assert!(!infer::doc::is_xlsx(&docprops_first));
        assert_eq!(check("hours.xlsx", &docprops_first), Ok(EvidenceKind::Xlsx));
        let three_entries = zip(&[
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("word/document.xml", b"<w:document/>"),
        ]);
        assert!(!infer::doc::is_docx(&three_entries));
        assert_eq!(check("letter.docx", &three_entries), Ok(EvidenceKind::Docx));
        // Without its parts list it is just a ZIP.
        let no_parts_list = zip(&[("word/document.xml", b"<w:document/>"), ("notes.txt", b"hi")]);
        assert!(infer::doc::is_docx(&no_parts_list), "infer goes by the first entry's folder alone");
        let no_parts_list = zip(&[("notes.txt", b"hi"), ("word/document.xml", b"<w:document/>")]);
        assert!(matches!(check("letter.docx", &no_parts_list), Err(EvidenceRefusal::NotAllowed { .. })));
    }

    #[test]
    fn accepts_each_kind_by_content() {
        assert_eq!(check("return.pdf", &pdf()), Ok(EvidenceKind::Pdf));
        assert_eq!(check("site.png", &png()), Ok(EvidenceKind::Png));
        assert_eq!(check("site.jpg", &jpeg()), Ok(EvidenceKind::Jpeg));
        assert_eq!(check("site.jpeg", &jpeg()), Ok(EvidenceKind::Jpeg));
        assert_eq!(check("letter.docx", &docx()), Ok(EvidenceKind::Docx));
        assert_eq!(check("hours.xlsx", &xlsx()), Ok(EvidenceKind::Xlsx));
        assert_eq!(check("hours.csv", &csv()), Ok(EvidenceKind::Csv));
    }

    #[test]
    fn compares_extensions_ignoring_case() {
        assert_eq!(check("RETURN.PDF", &pdf()), Ok(EvidenceKind::Pdf));
        assert_eq!(check("Site.JpEg", &jpeg()), Ok(EvidenceKind::Jpeg));
        assert_eq!(check("C:\\Users\\me\\Hours.CSV", &csv()), Ok(EvidenceKind::Csv));
    }

    #[test]
    fn accepts_files_longer_than_the_head() {
        let big_pdf = then(pdf(), &vec![b'x'; 3 * HEAD_BYTES]);
        assert_eq!(check("return.pdf", &big_pdf), Ok(EvidenceKind::Pdf));
        assert_eq!(check("hours.csv", &then(csv_filler(), "£€😀,\"a\nb\"\n".as_bytes())), Ok(EvidenceKind::Csv));
    }

    // ---- The name must fit the content ----

    #[test]
    fn refuses_a_name_that_does_not_fit_the_content() {
        let refusal = check("report.pdf", &png()).unwrap_err();
        assert_eq!(
            refusal,
            EvidenceRefusal::DoesNotMatchName {
                file_name: named("report.pdf"),
                kind: EvidenceKind::Png,
                extension: Some("pdf".into())
            }
        );
        assert_eq!(
            refusal.to_string(),
            "‘report.pdf’ is a PNG but its name ends .pdf. Rename it to end .png, or choose a PDF"
        );
        assert_eq!(
            check("hours.docx", &xlsx()).unwrap_err().to_string(),
            "‘hours.docx’ is an XLSX but its name ends .docx. Rename it to end .xlsx, or choose a DOCX"
        );
        assert_eq!(
            check("hours.pdf", &csv()).unwrap_err().to_string(),
            "‘hours.pdf’ is a CSV but its name ends .pdf. Rename it to end .csv, or choose a PDF"
        );
    }

    #[test]
    fn refuses_a_missing_or_unknown_extension() {
        assert_eq!(
            check("scan", &pdf()).unwrap_err().to_string(),
            "‘scan’ is a PDF, so its name must end .pdf. Rename it, then choose it again"
        );
        assert_eq!(
            check("photo.exe", &jpeg()).unwrap_err().to_string(),
            "‘photo.exe’ is a JPEG but its name ends .exe. Rename it to end .jpg"
        );
        assert!(matches!(check("photo.", &jpeg()), Err(EvidenceRefusal::DoesNotMatchName { extension: None, .. })));
        assert!(matches!(check("", &pdf()), Err(EvidenceRefusal::DoesNotMatchName { extension: None, .. })));
        // Plain text is only a CSV when named so.
        assert_eq!(check("notes.txt", &csv()), Err(EvidenceRefusal::NotAllowed { file_name: named("notes.txt") }));
        assert_eq!(
            check("data.json", b"{\"a\": 1}\n"),
            Err(EvidenceRefusal::NotAllowed { file_name: named("data.json") })
        );
        assert!(matches!(
            check("hours", &csv()),
            Err(EvidenceRefusal::DoesNotMatchName { kind: EvidenceKind::Csv, .. })
        ));
    }

    #[test]
    fn a_disguised_extension_is_seen_for_what_it_is() {
        // U+202E makes "report<U+202E>fdp.exe" show as "reportexe.pdf"; it is dropped, so the name ends .exe.
        let refusal = check("report\u{202E}fdp.exe", &pdf()).unwrap_err();
        assert!(
            matches!(refusal, EvidenceRefusal::DoesNotMatchName { ref extension, .. } if extension.as_deref() == Some("exe"))
        );
    }

    // ---- Empty, and other types ----

    #[test]
    fn refuses_an_empty_file() {
        assert_eq!(check("hours.csv", b""), Err(EvidenceRefusal::Empty { file_name: named("hours.csv") }));
        let mut check = ContentCheck::new("hours.csv");
        check.feed(b"").unwrap();
        assert_eq!(
            check.finish().unwrap_err().to_string(),
            "‘hours.csv’ is empty. Choose a PDF, PNG, JPEG, CSV, XLSX or DOCX file that holds your evidence"
        );
    }

    /// An Office package whose main part is `main` (deflated) after the usual parts.
    fn deflated_package(main_part: &str, main: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (name, data) in [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS), (main_part, main)] {
            writer.start_file(name, options).unwrap();
            writer.write_all(data).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn refuses_an_office_package_that_would_unpack_to_far_more_than_it_holds() {
        use crate::zip_package::PackageProblem;
        let zeros = vec![0u8; 4 * 1024 * 1024];
        for (name, main_part) in [("bomb.xlsx", "xl/workbook.xml"), ("bomb.docx", "word/document.xml")] {
            let bomb = deflated_package(main_part, &zeros);
            for chunk_len in [1_000, 64 * 1024, bomb.len()] {
                assert_eq!(
                    check_split(name, &bomb, chunk_len),
                    Err(EvidenceRefusal::UnsafePackage {
                        file_name: name.into(),
                        problem: PackageProblem::TooCompressed
                    }),
                    "{name} in chunks of {chunk_len}"
                );
            }
            let text: String =
                (0..2_000).map(|i| format!("<w:p>Line {i}: {} people delivered.</w:p>", i * 7 % 13)).collect();
            let fine = deflated_package(main_part, text.as_bytes());
            assert!(check_split(name, &fine, 1_000).is_ok(), "{name}: an ordinary package passes");
        }
        let message = check("bomb.xlsx", &deflated_package("xl/workbook.xml", &zeros)).unwrap_err().to_string();
        assert_eq!(
            message,
            "‘bomb.xlsx’ cannot be uploaded because one of its parts is compressed more than 100 to 1. \
             Save it again from Excel or Word, or as a PDF"
        );
    }

    #[test]
    fn refuses_other_types() {
        let gif =
            b"GIF89a\x01\0\x01\0\x80\0\0\xff\xff\xff\0\0\0!\xf9\x04\x01\0\0\0\0,\0\0\0\0\x01\0\x01\0\0\x02\x02D\x01\0;";
        let exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0\xb8\0\0\0\0\0\0\0@\0\0\0\0\0\0\0";
        let plain_zip = zip(&[("notes.txt", b"hello"), ("more.txt", b"there"), ("last.txt", b"!")]);
        let ole_doc = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0\0\0\0\0".to_vec();
        for (name, bytes) in [
            ("anim.gif", gif.to_vec()),
            ("anim.png", gif.to_vec()),
            ("setup.exe", exe.to_vec()),
            ("setup.pdf", exe.to_vec()),
            ("evidence.zip", plain_zip.clone()),
            ("evidence.docx", plain_zip),
            ("old.doc", ole_doc),
            ("noise.jpg", (0..=255u8).rev().collect()),
        ] {
            assert_eq!(check(name, &bytes), Err(EvidenceRefusal::NotAllowed { file_name: named(name) }), "{name}");
        }
        assert_eq!(
            EvidenceRefusal::NotAllowed { file_name: named("anim.gif") }.to_string(),
            "‘anim.gif’ must be a PDF, PNG, JPEG, CSV, XLSX or DOCX"
        );
    }

    // ---- Markup ----

    #[test]
    fn refuses_html_even_when_named_csv() {
        let html = b"<!DOCTYPE html>\n<html><body><p>a,b</p></body></html>\n";
        for name in ["page.csv", "page.html", "page"] {
            assert_eq!(check(name, html), Err(EvidenceRefusal::Markup { file_name: named(name) }), "{name}");
        }
        assert_eq!(
            check("page.csv", html).unwrap_err().to_string(),
            "‘page.csv’ cannot be uploaded because it holds web page code or scripts. \
             Save your evidence without them as a PDF, PNG, JPEG, CSV, XLSX or DOCX"
        );
    }

    #[test]
    fn refuses_an_svg_holding_a_script() {
        let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        for name in ["logo.svg", "logo.csv", "logo.png"] {
            assert_eq!(check(name, svg), Err(EvidenceRefusal::Markup { file_name: named(name) }), "{name}");
        }
    }

    #[test]
    fn refuses_each_tag_opening_but_not_a_lone_angle_bracket() {
        for text in ["a,<b>\n", "a,<B\n", "a,</\n", "a,<!-- x\n", "a,<?php\n", "x,<SCRIPT>\n"] {
            assert!(matches!(check("t.csv", text.as_bytes()), Err(EvidenceRefusal::Markup { .. })), "{text:?}");
        }
        for text in ["size,<5 staff\n", "a < b,c\n", "a,<\n", "<=,<<,< \n", "a,b<"] {
            assert_eq!(check("t.csv", text.as_bytes()), Ok(EvidenceKind::Csv), "{text:?}");
        }
    }

    #[test]
    fn refuses_a_pdf_that_is_also_a_web_page() {
        let html_first = b"<html><body><script>fetch('/x')</script></body></html>\n%PDF-1.4\n%%EOF\n";
        let pdf_first = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n<script>alert(document.cookie)</script>\n%%EOF\n";
        let doctype = b"%PDF-1.4\n<!DocType HTML><p>hi</p>\n";
        assert!(infer::archive::is_pdf(html_first));
        for bytes in [&html_first[..], &pdf_first[..], &doctype[..]] {
            assert_eq!(check("return.pdf", bytes), Err(EvidenceRefusal::Markup { file_name: named("return.pdf") }));
        }
    }

    // ---- CSV text rules ----

    #[test]
    fn accepts_a_csv_with_a_byte_order_mark_or_ragged_rows() {
        assert_eq!(check("hours.csv", &then(b"\xef\xbb\xbf".to_vec(), &csv())), Ok(EvidenceKind::Csv));
        assert_eq!(check("hours.csv", b"\xef\xbb\xbf"), Ok(EvidenceKind::Csv));
        assert_eq!(check("hours.csv", b"a,b,c\n1\n2,3,4,5,6\r\n\r\nlast"), Ok(EvidenceKind::Csv));
        assert_eq!(check("hours.csv", b"\n"), Ok(EvidenceKind::Csv));
    }

    #[test]
    fn refuses_a_csv_with_a_quote_never_closed() {
        let refusal = check("hours.csv", b"name,notes\nAcme,\"unfinished\n").unwrap_err();
        assert_eq!(refusal, EvidenceRefusal::CsvQuoteNotClosed { file_name: named("hours.csv") });
        assert_eq!(
            refusal.to_string(),
            "‘hours.csv’ cannot be read as a CSV because a quote mark (\") is never closed. \
             Add the missing quote mark, or save the file again as CSV UTF-8"
        );
        assert!(matches!(check("hours.csv", b"\"a\"\"\n"), Err(EvidenceRefusal::CsvQuoteNotClosed { .. })));
        let big = then(csv_filler(), b"x,\"never closed\n".repeat(101).as_slice());
        assert!(matches!(check("hours.csv", &big), Err(EvidenceRefusal::CsvQuoteNotClosed { .. })));
        // Quotes that close, even oddly placed, are fine: csv_core reads them leniently.
        for text in ["\"a\"\"b\"\n", "\"a,\nb\"", "a\"b,c\n", "\"a\"b\n", "\"\""] {
            assert_eq!(check("t.csv", text.as_bytes()), Ok(EvidenceKind::Csv), "{text:?}");
        }
    }

    #[test]
    fn refuses_a_nul_byte() {
        assert_eq!(
            check("hours.csv", b"a,b\n1,\0\n"),
            Err(EvidenceRefusal::NotAllowed { file_name: named("hours.csv") })
        );
        // UTF-16, as Excel's "Unicode Text" saves it.
        let utf16: Vec<u8> = "a,b\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(matches!(check("hours.csv", &utf16), Err(EvidenceRefusal::NotAllowed { .. })));
    }

    #[test]
    fn refuses_text_that_is_not_utf8() {
        // "£" in Windows-1252, as Excel's plain "CSV" saves it.
        let refusal = check("hours.csv", b"item,cost\nwidgets,\xa312\n").unwrap_err();
        assert_eq!(refusal, EvidenceRefusal::CsvNotUtf8 { file_name: named("hours.csv") });
        assert_eq!(
            refusal.to_string(),
            "‘hours.csv’ must be saved as CSV UTF-8. In your spreadsheet program, choose Save As, \
             then ‘CSV UTF-8 (Comma delimited)’"
        );
        // A character cut off by the end of the file.
        assert!(matches!(check("hours.csv", b"a,\xe2\x82"), Err(EvidenceRefusal::CsvNotUtf8 { .. })));
        assert!(matches!(check("hours.txt", b"a,\xa3"), Err(EvidenceRefusal::NotAllowed { .. })));
    }

    // ---- Chunk boundaries ----

    #[test]
    fn chunk_boundaries_do_not_change_the_verdict() {
        let samples: Vec<(&str, Vec<u8>)> = vec![
            ("a.pdf", pdf()),
            ("a.png", png()),
            ("a.jpg", jpeg()),
            ("a.docx", docx()),
            ("a.xlsx", xlsx()),
            ("a.csv", csv()),
            ("a.pdf", png()),
            ("a.csv", b"\xef\xbb\xbf\"q\"".to_vec()),
            // Past the head, so each sits across chunk ends when fed in small chunks.
            ("a.csv", then(csv_filler(), "£,€,😀,\"é\"\n".as_bytes())),
            ("a.csv", then(csv_filler(), b"a,b<")),
            ("a.csv", then(csv_filler(), b"a,<script>\n")),
            ("a.csv", then(csv_filler(), b"a,\xe2\x82\xac,\xe2\x82")),
            ("a.csv", then(csv_filler(), b"a,\xe2<script>")),
            ("a.csv", then(csv_filler(), b"a,<\0")),
            ("a.csv", then(csv_filler(), b"\"open\n")),
        ];
        let verdicts: Vec<_> = samples.iter().map(|(name, bytes)| check(name, bytes)).collect();
        use EvidenceKind::*;
        let kinds: Vec<_> = verdicts[..9].iter().map(|verdict| verdict.as_ref().ok().copied()).collect();
        assert_eq!(
            kinds,
            [Some(Pdf), Some(Png), Some(Jpeg), Some(Docx), Some(Xlsx), Some(Csv), None, Some(Csv), Some(Csv)]
        );
        assert!(matches!(verdicts[9], Ok(Csv)));
        assert!(matches!(verdicts[10], Err(EvidenceRefusal::Markup { .. })));
        assert!(matches!(verdicts[11], Err(EvidenceRefusal::CsvNotUtf8 { .. })));
        assert!(matches!(verdicts[12], Err(EvidenceRefusal::CsvNotUtf8 { .. })));
        assert!(matches!(verdicts[13], Err(EvidenceRefusal::NotAllowed { .. })));
        assert!(matches!(verdicts[14], Err(EvidenceRefusal::CsvQuoteNotClosed { .. })));
    }

    #[test]
    fn a_tag_split_between_chunks_is_still_found() {
        let filler = csv_filler();
        let mut check = ContentCheck::new("a.csv");
        check.feed(&filler).unwrap();
        check.feed(b"x,<").unwrap();
        assert!(matches!(check.feed(b"script>"), Err(EvidenceRefusal::Markup { .. })));
    }

    #[test]
    fn a_character_split_between_chunks_is_still_valid() {
        let mut check = ContentCheck::new("a.csv");
        check.feed(&csv_filler()).unwrap();
        for byte in "x,😀\n".bytes() {
            check.feed(&[byte]).unwrap();
        }
        assert_eq!(check.finish(), Ok(EvidenceKind::Csv));
    }

    // ---- Early refusal ----

    #[test]
    fn refuses_a_misnamed_binary_as_soon_as_the_head_is_full() {
        let big_png = then(png(), &vec![0; 2 * HEAD_BYTES]);
        let mut check = ContentCheck::new("photo.pdf");
        check.feed(&big_png[..HEAD_BYTES - 1]).unwrap();
        assert!(matches!(
            check.feed(&big_png[HEAD_BYTES - 1..HEAD_BYTES]),
            Err(EvidenceRefusal::DoesNotMatchName { .. })
        ));
        // It stays refused.
        assert!(check.feed(b"more").is_err());
        assert_eq!(check.bytes_seen(), HEAD_BYTES as u64 + 4);
        assert!(matches!(check.finish(), Err(EvidenceRefusal::DoesNotMatchName { .. })));
    }

    #[test]
    fn refuses_text_that_cannot_be_csv_as_soon_as_the_head_is_full() {
        let mut check = ContentCheck::new("hours.csv");
        check.feed(b"a,b\n\0").unwrap(); // a NUL alone may yet be a PNG or a ZIP
        assert!(matches!(check.feed(&vec![b'x'; HEAD_BYTES]), Err(EvidenceRefusal::NotAllowed { .. })));

        let mut check = ContentCheck::new("hours.csv");
        check.feed(&csv_filler()).unwrap();
        check.feed(b"a,b\n").unwrap();
        assert!(matches!(check.feed(b"<svg onload=alert(1)>"), Err(EvidenceRefusal::Markup { .. })));
    }

    #[test]
    fn does_not_refuse_a_good_file_early() {
        let big_csv = then(csv_filler(), &csv_filler());
        let mut check = ContentCheck::new("hours.csv");
        for chunk in big_csv.chunks(1000) {
            check.feed(chunk).unwrap();
        }
        assert_eq!(check.bytes_seen(), big_csv.len() as u64);
        assert_eq!(check.finish(), Ok(EvidenceKind::Csv));
    }

    #[test]
    fn says_the_size_limit_in_megabytes() {
        let message = |limit_bytes| EvidenceRefusal::TooLarge { limit_bytes }.to_string();
        assert_eq!(message(25 * 1024 * 1024), "The selected file must be smaller than 25 MB");
        assert_eq!(message(25_000_000), "The selected file must be smaller than 25 MB");
        assert_eq!(message(1024 * 1024 * 3 / 2), "The selected file must be smaller than 1.5 MB");
    }

    #[test]
    fn quotes_a_long_name_short_in_messages() {
        let name = format!("{}.pdf", "quarterly evidence ".repeat(10));
        let refusal = check(&name, &png()).unwrap_err();
        let EvidenceRefusal::DoesNotMatchName { file_name, .. } = refusal else { panic!("{refusal:?}") };
        assert_eq!(file_name, "quarterly evidence quarterly evidenc.pdf");
    }

    // ---- Names ----

    #[test]
    fn sanitises_file_names() {
        for (sent, shown) in [
            ("../../etc/passwd", "passwd"),
            ("..\\..\\boot.ini", "boot.ini"),
            ("C:\\Users\\Sam\\Desktop\\Q1 hours.xlsx", "Q1 hours.xlsx"),
            ("a\r\nb.pdf", "ab.pdf"),
            ("", "evidence"),
            ("dir/", "evidence"),
            (". . .", "evidence"),
            ("\u{7f}\u{85}\u{9f}", "evidence"),
            ("...hidden.csv", "hidden.csv"),
            ("  Q1   site\tvisit .jpg ", "Q1 sitevisit .jpg"),
            ("report\u{202E}fdp.exe", "reportfdp.exe"),
            ("a\u{2066}b\u{2069}c\u{202A}.png", "abc.png"),
            ("Rapport d’activité.docx", "Rapport d’activité.docx"),
        ] {
            assert_eq!(sanitise_file_name(sent), shown, "{sent:?}");
        }
    }

    #[test]
    fn cuts_long_names_keeping_the_extension() {
        let long = format!("{}.xlsx", "é".repeat(200));
        let cut = sanitise_file_name(&long);
        assert_eq!(cut.chars().count(), 120);
        assert!(cut.ends_with("é.xlsx"));
        let no_extension = "b".repeat(300);
        assert_eq!(sanitise_file_name(&no_extension), "b".repeat(120));
        let silly_extension = format!("a.{}", "c".repeat(300));
        assert_eq!(sanitise_file_name(&silly_extension).chars().count(), 120);
    }

    #[test]
    fn content_disposition_is_safe_and_keeps_the_name() {
        assert_eq!(
            content_disposition("Q1 hours.csv"),
            "attachment; filename=\"Q1 hours.csv\"; filename*=UTF-8''Q1%20hours.csv"
        );
        assert_eq!(
            content_disposition("../Rapport \"été\";\\x.pdf"),
            "attachment; filename=\"x.pdf\"; filename*=UTF-8''x.pdf"
        );
        assert_eq!(
            content_disposition("Rapport \"été\"; 100%.pdf"),
            "attachment; filename=\"Rapport __t___ 100%.pdf\"; filename*=UTF-8''Rapport%20%22%C3%A9t%C3%A9%22%3B%20100%25.pdf"
        );
        assert_eq!(content_disposition("a\r\nb.pdf"), "attachment; filename=\"ab.pdf\"; filename*=UTF-8''ab.pdf");
    }

    // ---- Properties ----

    /// A CSV field, quoted when it must be.
    fn csv_field() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9 ,.\"\n£€😀-]{0,12}".prop_map(|field| {
            if field.contains([',', '"', '\n']) {
                format!("\"{}\"", field.replace('"', "\"\""))
            } else {
                field
            }
        })
    }

    fn csv_text() -> impl Strategy<Value = String> {
        (prop::collection::vec(prop::collection::vec(csv_field(), 1..5), 1..12), any::<bool>()).prop_map(
            |(records, crlf)| {
                let lines: Vec<String> = records.iter().map(|fields| fields.join(",")).collect();
                lines.join(if crlf { "\r\n" } else { "\n" })
            },
        )
    }

    fn cuts_into(len: usize, at: &[prop::sample::Index]) -> Vec<usize> {
        at.iter().map(|index| index.index(len + 1)).collect()
    }

    /// Bytes that often make or break the rules, mixed with any others.
    fn awkward_byte() -> impl Strategy<Value = u8> {
        prop_oneof![
            any::<u8>(),
            prop::sample::select(vec![
                b'<', b's', b'!', b'/', b'"', b',', b'\n', b'\r', 0, 0xe2, 0x82, 0xac, 0xf0, 0x9f
            ])
        ]
    }

    proptest! {
        #[test]
        fn any_split_of_a_valid_csv_is_a_csv(
            bom in any::<bool>(),
            past_head in any::<bool>(),
            text in csv_text(),
            at in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
        ) {
            let mut bytes = if bom { b"\xef\xbb\xbf".to_vec() } else { Vec::new() };
            if past_head {
                bytes.extend_from_slice(&csv_filler());
            }
            bytes.extend_from_slice(text.as_bytes());
            prop_assume!(!bytes.is_empty());
            let start = if past_head { HEAD_BYTES - 8 } else { 0 };
            let cuts = cuts_into(bytes.len() - start, &at).into_iter().map(|cut| cut + start).collect();
            prop_assert_eq!(check_at("returns.csv", &bytes, cuts), Ok(EvidenceKind::Csv));
        }

        #[test]
        fn any_split_of_any_bytes_gives_one_verdict(
            start in prop::sample::select(vec![&b""[..], b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"PK\x03\x04"]),
            past_head in any::<bool>(),
            body in prop::collection::vec(awkward_byte(), 0..200),
            at in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
            name in prop::sample::select(vec!["a.csv", "a.pdf", "a.png", "a.txt", "a"]),
        ) {
            let mut bytes = start.to_vec();
            if past_head {
                bytes.extend_from_slice(&csv_filler());
            }
            let body_start = bytes.len();
            bytes.extend_from_slice(&body);
            let whole = check_at(name, &bytes, Vec::new());
            let cuts = cuts_into(body.len(), &at).into_iter().map(|cut| cut + body_start).collect();
            prop_assert_eq!(check_at(name, &bytes, cuts), whole.clone());
            prop_assert_eq!(check_split(name, &bytes, 1), whole);
        }

        #[test]
        fn sanitised_names_are_safe_to_show(
            sent in prop::collection::vec(
                prop_oneof![
                    any::<char>(),
                    prop::sample::select(vec!['/', '\\', '.', ' ', '\t', '\u{202E}', '\u{2067}', '\u{85}', '\u{7f}', 'é']),
                ],
                0..300,
            ).prop_map(|chars| chars.into_iter().collect::<String>()),
        ) {
            let shown = sanitise_file_name(&sent);
            prop_assert!(!shown.is_empty());
            prop_assert!(shown.chars().count() <= MAX_NAME_CHARS);
            prop_assert!(!shown.contains(['/', '\\']), "{:?}", shown);
            prop_assert!(!shown.chars().any(is_hidden_control), "{:?}", shown);
            prop_assert!(!shown.starts_with(['.', ' ']) && !shown.ends_with(' ') && !shown.contains("  "), "{:?}", shown);
            prop_assert_eq!(sanitise_file_name(&shown), shown.clone());

            let header = content_disposition(&sent);
            prop_assert!(header.bytes().all(|byte| matches!(byte, b' '..=b'~')), "{:?}", header);
            let fallback = &header["attachment; filename=\"".len()..header.find("\"; filename*=").unwrap()];
            prop_assert!(!fallback.contains(['"', '\\', ';']), "{:?}", header);
        }
    }
}
