//! The first use of a glossary term on a page links to it (issue 16): one page of each journey,
//! fetched as the person who uses it, is read for its running prose, and the first time each
//! term's name appears there it must be inside a link to its `/glossary#slug`.

use std::ops::Range;

use app::journeys::guides::{paths as guides, GLOSSARY};
use db::contract;
use domain::sample_measures::SAMPLE_MEASURES;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement};
use services::demo::{CLOSED_TENDER_REFERENCE, DEMO_ACCOUNTS};

use crate::helpers::{
    closed_demo_tender, council_officer, demo_tender, measure_in, one_line, published_version_id, save_ok, seeded,
    signed_in, start_offer, Backend, TestApp, COUNCIL_ADMIN, SUPPLIER_A,
};
use crate::on_both_databases;

/// The other names of a term that are checked too: those distinctive enough that a reader meets
/// the term in them ("bid", another name for an offer, is left out: here it is mostly a verb).
const ALSO_CALLED: &[(&str, &str)] = &[
    ("co2e", "carbon dioxide equivalent"),
    ("framework", "measures framework"),
    ("framework", "measure set"),
    ("fte-year", "full-time equivalent year"),
    ("offer", "social value offer"),
    ("sme", "small or medium-sized enterprise"),
    ("sv-ratio", "social value ratio"),
    ("target", "target ratio"),
    ("toms", "themes, outcomes and measures"),
    ("vcse", "voluntary, community and social enterprise"),
    ("written-response", "method statement"),
];

/// Uses of a term's word in another sense than the glossary's: (slug, the phrase around it).
const EVERYDAY: &[(&str, &str)] = &[
    // The verb ("the measures bidders may offer"), not a supplier's offer.
    ("offer", "may offer"),
    // A Procurement Act rating's name, not the tender's target.
    ("target", "approaching target"),
];

/// Elements whose text is running prose.
const PROSE: &[&str] = &["p", "li", "dd"];
const PROSE_CLASSES: &[&str] =
    &["govuk-hint", "govuk-inset-text", "govuk-details__text", "govuk-warning-text__text", "govuk-panel__body"];
/// Elements whose text is not, even inside prose: headings, labels, controls, table headers,
/// navigation, scripts.
const NOT_PROSE: &[&str] = &[
    "h1", "h2", "h3", "h4", "h5", "h6", "label", "legend", "button", "th", "caption", "dt", "nav", "select", "option",
    "textarea", "summary", "script", "style", "template", "svg",
];
/// Status tags, captions, hidden text for screen readers, and the ways back.
const NOT_PROSE_CLASSES: &[&str] =
    &["govuk-tag", "govuk-caption-", "govuk-visually-hidden", "govuk-breadcrumbs", "govuk-back-link"];
const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];
/// Elements inside a line of text: the text around them runs on.
const INLINE: &[&str] = &["a", "abbr", "b", "code", "em", "i", "small", "span", "strong"];

/// An open element, as the scanner needs it.
struct Element {
    name: String,
    classes: Vec<String>,
    href: Option<String>,
}

impl Element {
    fn parse(tag: &str) -> Element {
        let name: String = tag.chars().take_while(|c| !c.is_whitespace() && *c != '/').collect();
        Element {
            name: name.to_ascii_lowercase(),
            classes: attribute(tag, "class")
                .map(|c| c.split_whitespace().map(str::to_owned).collect())
                .unwrap_or_default(),
            href: attribute(tag, "href").map(str::to_owned),
        }
    }

    fn has_class(&self, classes: &[&str]) -> bool {
        self.classes.iter().any(|c| classes.iter().any(|x| if x.ends_with('-') { c.starts_with(x) } else { c == x }))
    }

    /// The glossary entry this element links to, if it is a glossary link.
    fn glossary_slug(&self) -> Option<&str> {
        self.href.as_deref()?.strip_prefix(guides::GLOSSARY)?.strip_prefix('#')
    }
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// The end of a tag that starts at `<`: the first `>` outside quotes.
fn tag_end(html: &str) -> usize {
    let mut quote = None;
    for (i, c) in html.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return i,
            _ => {}
        }
    }
    html.len()
}

fn unescape_text(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// A page's running prose inside `<main>`, as one string (spaces collapsed, a line break between
/// blocks), with the stretches that sit inside glossary links.
#[derive(Default)]
struct Prose {
    text: String,
    links: Vec<(Range<usize>, String)>,
}

impl Prose {
    fn read(html: &str) -> Prose {
        let start = html.find("<main").expect("a <main>");
        let end = start + html[start..].find("</main>").expect("a </main>");
        let mut rest = &html[start..end];
        let mut open: Vec<Element> = Vec::new();
        let mut prose = Prose::default();
        while !rest.is_empty() {
            if let Some(comment) = rest.strip_prefix("<!--") {
                rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
                continue;
            }
            if !rest.starts_with('<') {
                let end = rest.find('<').unwrap_or(rest.len());
                if let Some(slug) = Prose::prose_here(&open) {
                    prose.push(&unescape_text(&rest[..end]), slug);
                }
                rest = &rest[end..];
                continue;
            }
            let end = tag_end(rest);
            let tag = &rest[1..end];
            rest = rest.get(end + 1..).unwrap_or("");
            if tag.starts_with('!') || tag.starts_with('?') {
                continue; // `<!>` hydration markers, doctype
            }
            if let Some(name) = tag.strip_prefix('/') {
                let name = name.trim().to_ascii_lowercase();
                if let Some(at) = open.iter().rposition(|e| e.name == name) {
                    open.truncate(at);
                }
                if !INLINE.contains(&name.as_str()) {
                    prose.line_break();
                }
                continue;
            }
            let element = Element::parse(tag);
            if !INLINE.contains(&element.name.as_str()) {
                prose.line_break();
            }
            if ["script", "style"].contains(&element.name.as_str()) {
                let close = format!("</{}", element.name);
                rest = rest.find(&close).map_or("", |at| &rest[at..]);
            }
            if !VOID.contains(&element.name.as_str()) && !tag.ends_with('/') {
                open.push(element);
            }
        }
        prose
    }

    /// Whether text inside `open` is prose; if so, `Some` of the glossary entry it links to
    /// (`Some(None)` when it links to none). The text of other links is not prose.
    fn prose_here(open: &[Element]) -> Option<Option<String>> {
        let in_prose = open.iter().any(|e| PROSE.contains(&e.name.as_str()) || e.has_class(PROSE_CLASSES));
        let excluded = open.iter().any(|e| NOT_PROSE.contains(&e.name.as_str()) || e.has_class(NOT_PROSE_CLASSES));
        if !in_prose || excluded {
            return None;
        }
        match open.iter().rev().find(|e| e.name == "a") {
            None => Some(None),
            Some(link) => link.glossary_slug().map(|slug| Some(slug.to_owned())),
        }
    }

    fn push(&mut self, text: &str, slug: Option<String>) {
        let start = self.text.len();
        for c in text.chars() {
            if !c.is_whitespace() {
                self.text.push(c);
            } else if !self.text.ends_with([' ', '\n']) && !self.text.is_empty() {
                self.text.push(' ');
            }
        }
        let end = self.text.len();
        match (slug, self.links.last_mut()) {
            // One link written as several text nodes.
            (Some(slug), Some((last, last_slug))) if last.end == start && *last_slug == slug => last.end = end,
            (Some(slug), _) => self.links.push((start..end, slug)),
            (None, _) => {}
        }
    }

    fn line_break(&mut self) {
        let trimmed = self.text.trim_end_matches(' ').len();
        self.text.truncate(trimmed);
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    fn link_at(&self, at: usize) -> Option<&str> {
        self.links.iter().find(|(range, _)| range.contains(&at)).map(|(_, slug)| slug.as_str())
    }
}

/// The words that name a glossary term, as they are matched: lower case, hyphens as spaces.
struct Form {
    words: String,
    slug: &'static str,
    name: &'static str,
}

fn forms() -> Vec<Form> {
    let mut forms: Vec<Form> =
        GLOSSARY.iter().map(|e| Form { words: e.name.into(), slug: e.slug, name: e.name }).collect();
    for (slug, also) in ALSO_CALLED {
        let entry = GLOSSARY.iter().find(|e| e.slug == *slug).expect(slug);
        assert!(entry.also_called.is_some_and(|a| a.contains(also)), "{slug} is also called {also}");
        forms.push(Form { words: (*also).into(), slug: entry.slug, name: entry.name });
    }
    for form in &mut forms {
        form.words = matchable(&form.words);
    }
    forms
}

/// Text as terms are matched in it, byte for byte the same length: lower case, hyphens as spaces.
fn matchable(text: &str) -> String {
    text.to_ascii_lowercase().replace('-', " ")
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// One use of a term: where it is in the prose, and which.
struct Use<'a> {
    at: Range<usize>,
    form: &'a Form,
}

/// Every use of a term in `text`, left to right. Where several terms start at one word (social
/// value, social value plan), the longest is the one used, unless a glossary link there names a
/// shorter one.
fn uses<'a>(prose: &Prose, text: &str, forms: &'a [Form]) -> Vec<Use<'a>> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let starts_word = !is_word_char(text[..at].chars().next_back()) && is_word_char(text[at..].chars().next());
        let mut here: Vec<(usize, &Form)> = Vec::new();
        if starts_word {
            for form in forms {
                let Some(after) = text[at..].strip_prefix(form.words.as_str()) else { continue };
                let plural = usize::from(after.starts_with('s') && !is_word_char(after[1..].chars().next()));
                if plural == 1 || !is_word_char(after.chars().next()) {
                    here.push((form.words.len() + plural, form));
                }
            }
        }
        let linked = prose.link_at(at);
        let chosen = here
            .iter()
            .filter(|(_, form)| Some(form.slug) == linked)
            .max_by_key(|(len, _)| *len)
            .or_else(|| here.iter().max_by_key(|(len, _)| *len));
        match chosen {
            Some(&(len, form)) => {
                found.push(Use { at: at..at + len, form });
                at += len;
            }
            None => at += text[at..].chars().next().map_or(1, char::len_utf8),
        }
    }
    found
}

/// Where each of `needles` occurs in `text` as whole words.
fn occurrences(text: &str, needles: &[String]) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    for needle in needles.iter().filter(|n| !n.is_empty()) {
        for (at, _) in text.match_indices(needle.as_str()) {
            let end = at + needle.len();
            if !is_word_char(text[..at].chars().next_back()) && !is_word_char(text[end..].chars().next()) {
                ranges.push(at..end);
            }
        }
    }
    ranges
}

fn snippet(text: &str, at: &Range<usize>) -> String {
    let mut start = at.start.saturating_sub(60);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at.end + 60).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    format!("…{}[{}]{}…", &text[start..at.start], &text[at.clone()], &text[at.end..end]).replace('\n', " / ")
}

/// The problems with one page: each term whose first use is not linked to it, and each term
/// linked more than once.
fn check_page(page: &str, html: &str, stored: &[String], forms: &[Form]) -> Vec<String> {
    let prose = Prose::read(html);
    let text = matchable(&prose.text);
    let not_portal = occurrences(&prose.text, stored);
    let everyday: Vec<(&str, Range<usize>)> = EVERYDAY
        .iter()
        .flat_map(|(slug, phrase)| occurrences(&text, &[matchable(phrase)]).into_iter().map(move |r| (*slug, r)))
        .collect();
    let mut problems = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for found in uses(&prose, &text, forms) {
        let slug = found.form.slug;
        if seen.contains(&slug)
            || not_portal.iter().any(|r| r.contains(&found.at.start))
            || everyday.iter().any(|(s, r)| *s == slug && r.contains(&found.at.start))
        {
            continue;
        }
        seen.push(slug);
        if prose.link_at(found.at.start) != Some(slug) {
            problems.push(format!(
                "{page}: the first use of “{}” is not linked to {}#{slug}: {}",
                found.form.name,
                guides::GLOSSARY,
                snippet(&prose.text, &found.at)
            ));
        }
    }
    let mut linked: Vec<&str> = Vec::new();
    for (range, slug) in &prose.links {
        if linked.contains(&slug.as_str()) {
            problems.push(format!("{page}: {slug} is linked more than once: {}", snippet(&prose.text, range)));
        }
        linked.push(slug);
    }
    problems
}

/// What the demo's people typed or imported, rather than what the portal writes: titles,
/// descriptions, names, the framework's measures, plans, narratives, notes. Its words are not
/// the portal's prose, so their terms are not checked. (Read from the database, not marked in
/// the pages: the pages stay as they are, and the list is the data model's free-text columns.
/// The calculator's sample measures, measure data kept in code, are added in `stored_text`.)
const STORED_TEXT: &[(&str, &[&str])] = &[
    ("organisation", &["name"]),
    ("app_user", &["full_name"]),
    ("tender", &["title", "description"]),
    ("framework_version", &["name", "local_definition"]),
    ("framework_theme", &["name"]),
    ("framework_measure", &["outcome", "description", "unit", "guidance", "evidence_required"]),
    ("offer_item", &["plan", "response"]),
    ("commitment", &["theme", "description", "unit", "plan", "response"]),
    ("return_line", &["theme", "description", "unit", "narrative"]),
    ("line_review", &["comment"]),
    ("line_exclusion", &["comment"]),
    ("evaluator_mark", &["justification"]),
    ("moderated_mark", &["note"]),
    ("contract", &["title", "award_reason"]),
    ("evidence_file", &["original_name"]),
];

/// Each line of the stored text, spaces collapsed as in `Prose`.
async fn stored_text(app: &TestApp) -> Vec<String> {
    let mut lines = Vec::new();
    for (table, columns) in STORED_TEXT {
        let sql = format!("SELECT {} FROM {table}", columns.join(", "));
        let rows = app.db.query_all_raw(Statement::from_string(app.db.get_database_backend(), sql)).await.unwrap();
        for row in rows {
            for index in 0..columns.len() {
                let value: Option<String> = row.try_get_by_index(index).unwrap();
                lines.extend(
                    value.unwrap_or_default().lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")),
                );
            }
        }
    }
    for sample in SAMPLE_MEASURES {
        lines.extend([sample.description, sample.unit].map(str::to_owned));
    }
    lines.retain(|l| !l.is_empty());
    lines.sort_by_key(|l| std::cmp::Reverse(l.len()));
    lines.dedup();
    lines
}

/// The page's HTML as sent (not unescaped: the scanner reads attributes, and island props hold
/// quotes).
async fn get(app: &TestApp, browser: &reqwest::Client, path: &str) -> String {
    let response = browser.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), 200, "GET {path}");
    response.text().await.unwrap()
}

async fn the_first_use_of_each_term_links_to_it(backend: Backend) {
    let app = seeded(backend).await;
    let tender = demo_tender(&app).await;
    let contract = contract::Entity::find()
        .filter(contract::Column::Reference.eq(CLOSED_TENDER_REFERENCE))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the demo contract");
    let signed_out = app.browser();
    let supplier = signed_in(&app, SUPPLIER_A).await;
    let officer = council_officer(&app).await;
    let admin = signed_in(&app, COUNCIL_ADMIN).await;
    let offer_id = start_offer(&app, &supplier, tender.id).await;
    let first_measure = measure_in(&app, &tender, "JOB-1", true).await;
    save_ok(&app, &supplier, offer_id, &one_line(&first_measure, "2", "Two trainee posts, filled by March")).await;
    let version = published_version_id(&app).await;
    let (contract_id, offer) = (contract.id, offer_id);

    let mut pages: Vec<(String, String)> = Vec::new();
    for (who, browser, path) in [
        ("signed out", &signed_out, "/".to_owned()),
        ("a supplier", &supplier, "/".to_owned()),
        ("an officer", &officer, "/".to_owned()),
        ("signed out", &signed_out, "/tenders".to_owned()),
        ("a supplier", &supplier, format!("/tenders/{}", tender.id)),
        ("a supplier", &supplier, format!("/offers/{offer}")),
        ("a supplier", &supplier, format!("/offers/{offer}/check")),
        ("an officer", &officer, "/contracts".to_owned()),
        ("an officer", &officer, format!("/contracts/{contract_id}")),
        ("a supplier", &supplier, format!("/contracts/{contract_id}")),
        ("a supplier", &supplier, format!("/contracts/{contract_id}/returns/2")),
        ("a supplier", &supplier, format!("/contracts/{contract_id}/returns/3")),
        ("a supplier", &supplier, format!("/contracts/{contract_id}/returns/4")),
        ("an officer", &admin, format!("/contracts/{contract_id}/returns/3/review")),
        ("an officer", &officer, "/manage/tenders".to_owned()),
        ("an officer", &officer, "/manage/new-tender".to_owned()),
        ("an administrator", &admin, "/manage/frameworks".to_owned()),
        ("signed out", &signed_out, "/frameworks".to_owned()),
        ("signed out", &signed_out, format!("/frameworks/{version}")),
        ("signed out", &signed_out, "/calculator".to_owned()),
    ] {
        pages.push((format!("{path} (as {who})"), get(&app, browser, &path).await));
    }
    // The stored text to leave out, before the evaluation below removes the contract's.
    let forms = forms();
    let mut stored = stored_text(&app).await;
    // Only stored text that names a term matters: a short one, such as the theme "Social", would
    // otherwise hide the portal's own "Social value".
    stored.retain(|line| !uses(&Prose::default(), &matchable(line), &forms).is_empty());

    // Last, as it undoes the demo's award: the evaluation of a closed tender.
    let closed = closed_demo_tender(&app).await;
    let path = format!("/manage/tenders/{}/evaluation", closed.id);
    pages.push((format!("{path} (as a marker)"), get(&app, &signed_in(&app, DEMO_ACCOUNTS[3].0).await, &path).await));

    let problems: Vec<String> = pages.iter().flat_map(|(page, html)| check_page(page, html, &stored, &forms)).collect();
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// The scanner itself, on a page written for it.
#[test]
fn the_scanner_finds_first_uses_in_prose_only() {
    let html = r#"<header><p>An offer</p></header><main>
        <h1>Your offer</h1>
        <p class="govuk-body">Make an <a class="govuk-link" href="/glossary#offer">offer</a> for the
        <a class="govuk-link" href="/tenders/1">open tender</a>. Offers count.</p>
        <label for="x">Contract value</label><div class="govuk-hint">Each contract's value</div>
        <p>Social value plans and the Riverside Tender Trust <strong class="govuk-tag">Tender</strong>.</p>
        <!-- a comment about a tender --><ul><li>A tender<!>.</li></ul>
    </main>"#;
    let stored = vec!["Riverside Tender Trust".to_owned()];
    let problems = check_page("test", html, &stored, &forms());
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(problems[0].contains("“Contract”") && problems[0].contains("[contract]'s value"), "{}", problems[0]);
    assert!(problems[1].contains("“Social value plan”") && problems[1].contains("[Social value plans]"));
    assert!(problems[2].contains("“Tender”") && problems[2].contains("A [tender]."), "{}", problems[2]);
}

on_both_databases!(the_first_use_of_each_term_links_to_it);
