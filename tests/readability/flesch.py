"""Flesch reading ease of each page's visible text, by textstat (PyPI).

Reads a JSON object {page: text} on stdin and prints {page: score}. Each line of a page's text
(a heading, a list item, a button) and each table cell counts as a sentence of its own: without a
full stop textstat would read a whole list or table as one endless sentence.
"""

import json
import re
import sys

import textstat

textstat.set_lang("en_GB")


def as_sentences(text: str) -> str:
    lines = (line.strip() for line in re.split(r"[\n\t]", text))
    return " ".join(line if re.search(r"[.!?:]$", line) else f"{line}." for line in lines if line)


pages = json.load(sys.stdin)
json.dump({page: textstat.flesch_reading_ease(as_sentences(text)) for page, text in pages.items()}, sys.stdout)
