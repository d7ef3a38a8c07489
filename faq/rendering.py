"""FAQ answers are written in Markdown by editors and shown to anyone: render, then sanitise.

nh3 keeps a short list of tags and link schemes; scripts, styles, event handlers, images and
``javascript:`` links never reach a page, whatever an editor (or a stolen editor account) types.
"""

import html
import re

import markdown
import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

# ts_headline marks matched words with these; they can never come from an editor's text
# (plain_text strips them), so the page can escape everything else and turn only these
# into <mark>.
HIGHLIGHT_START = "\ue000"
HIGHLIGHT_STOP = "\ue001"

# An answer names a contact as {{contact:oig}}; faq.contacts puts the Contact row's current
# number or address there when a page shows the answer, so an edit in the admin reaches every
# answer at once and no number is frozen into the Markdown.
CONTACT_PLACEHOLDER = re.compile(r"\{\{\s*contact:([a-z0-9_-]+)\s*\}\}")


def render_answer(source: str) -> str:
    """Markdown to safe HTML. Headings start at <h4>: an answer sits under the page's <h1>,
    the audience's <h2> and the question's <h3>."""
    raw = markdown.markdown(
        source,
        extensions=["sane_lists", "tables", "toc"],
        extension_configs={"toc": {"baselevel": 4}},
        output_format="html",
    )
    return sanitise(raw)


def sanitise(raw: str) -> str:
    """Keep only the tags, attributes and link schemes an answer may carry."""
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        # Bootstrap's table look, set here: editors' own class attributes are dropped.
        set_tag_attribute_values={"table": {"class": "table table-sm"}},
    )


def plain_text(safe_html: str) -> str:
    """The words of an answer without markup: what search indexes and quotes."""
    text = html.unescape(nh3.clean(safe_html, tags=set()))
    text = text.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_STOP, "")
    # Search quotes this text: a placeholder's braces would read as broken markup.
    text = CONTACT_PLACEHOLDER.sub("", text)
    return " ".join(text.split())
