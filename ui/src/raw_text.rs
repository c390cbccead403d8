//! Stored or typed text inside `<textarea>` and `<title>`. Leptos 0.8 writes these elements'
//! children as they are, unescaped (leptos-rs/leptos#4819), so a value holding `</textarea>`
//! would close the element and the rest would be live markup. Both elements' content is
//! "escapable raw text": the browser decodes character references in it, so escaping `&`, `<`
//! and `>` brings back exactly what was typed. Leptos neither escapes nor hydrates these
//! children, so the escaped text is written on the server only; in the browser (an island that
//! creates a text area) the value is already plain text.

/// `text` with `&`, `<` and `>` as character references.
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// A text area's content, as its markup must carry it so that the box shows `value` exactly.
/// On the server: escaped, after one line break, which the HTML parser drops (so a value that
/// begins with a line break keeps it).
pub fn textarea_text(value: &str) -> String {
    if cfg!(feature = "ssr") {
        format!("\n{}", escaped(value))
    } else {
        value.to_owned()
    }
}

/// A page's title, as `<title>` must carry it (server only, like the element itself).
pub fn title_text(title: &str) -> String {
    if cfg!(feature = "ssr") {
        escaped(title)
    } else {
        title.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_could_close_the_element_or_read_as_a_reference() {
        assert_eq!(escaped("</textarea><b>x</b>"), "&lt;/textarea&gt;&lt;b&gt;x&lt;/b&gt;");
        assert_eq!(escaped("&amp; <!-- \"q\" 'a'"), "&amp;amp; &lt;!-- \"q\" 'a'");
        assert_eq!(escaped("line one\nline two £1"), "line one\nline two £1");
    }
}
