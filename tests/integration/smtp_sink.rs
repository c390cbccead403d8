//! A real SMTP server on loopback for the notification tests: aiosmtpd (from PyPI, installed by
//! `scripts/test`, which exports `SMTP_SINK_PYTHON`), keeping each message it receives in a
//! Maildir. Started per test on a free port; stopped when dropped.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct SmtpSink {
    child: Child,
    port: u16,
    maildir: PathBuf,
}

/// One message as received: its envelope recipient, subject, and decoded parts by content type.
#[derive(Debug, Clone)]
pub struct Received {
    pub to: String,
    pub subject: String,
    pub text: Option<String>,
    pub html: Option<String>,
}

impl SmtpSink {
    pub fn start() -> SmtpSink {
        let python = std::env::var("SMTP_SINK_PYTHON")
            .expect("SMTP_SINK_PYTHON names aiosmtpd's Python: run ./scripts/test, which installs it");
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let maildir = std::env::temp_dir().join(format!("pledgebook-mail-{}", uuid::Uuid::new_v4().simple()));
        let child = Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd starts");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "aiosmtpd did not listen on {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        SmtpSink { child, port, maildir }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far.
    pub fn received(&self) -> Vec<Received> {
        let mut messages = Vec::new();
        for folder in ["new", "cur"] {
            let Ok(entries) = std::fs::read_dir(self.maildir.join(folder)) else { continue };
            for entry in entries.flatten() {
                let raw = std::fs::read_to_string(entry.path()).unwrap();
                messages.push(parse(&raw));
            }
        }
        messages
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

/// Undoes quoted-printable (soft line breaks and `=XX`).
fn quoted_printable(body: &str) -> String {
    let joined = body.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(&joined[i + 1..i + 3], 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A part's head and decoded body.
fn part(raw: &str) -> (String, String) {
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap_or((&raw, ""));
    // Long headers are folded onto indented lines.
    let head = head.replace("\n ", " ").replace("\n\t", " ");
    let head = head.as_str();
    let body = match header(head, "Content-Transfer-Encoding") {
        Some(encoding) if encoding.eq_ignore_ascii_case("quoted-printable") => quoted_printable(body),
        _ => body.to_owned(),
    };
    (head.to_owned(), body)
}

fn parse(raw: &str) -> Received {
    let (head, body) = part(raw);
    let mut received = Received {
        to: header(&head, "X-RcptTo").unwrap_or_default().to_owned(),
        subject: header(&head, "Subject").unwrap_or_default().to_owned(),
        text: None,
        html: None,
    };
    let content_type = header(&head, "Content-Type").unwrap_or_default();
    if let Some(boundary) = content_type.split("boundary=").nth(1) {
        let boundary = format!("--{}", boundary.trim_matches('"'));
        for chunk in body.split(&boundary).skip(1) {
            let (head, body) = part(chunk.trim_start_matches(['\r', '\n']));
            let kind = header(&head, "Content-Type").unwrap_or_default();
            if kind.starts_with("text/plain") {
                received.text = Some(body);
            } else if kind.starts_with("text/html") {
                received.html = Some(body);
            }
        }
    } else if content_type.starts_with("text/plain") {
        received.text = Some(body);
    }
    received
}
