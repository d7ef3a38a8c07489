"""Reading the pages as a visitor would: visible text by CSS class, element ids, links."""

from html.parser import HTMLParser

VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
}


class _Page(HTMLParser):
    def __init__(self, css_class: str | None):
        super().__init__()
        self.css_class = css_class
        self.texts: list[str] = []
        self.ids: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._open: list[int | None] = []
        self._link: list[str] | None = None
        self._link_href = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag == "a":
            self._link, self._link_href = [], attrs.get("href") or ""
        if tag in VOID_ELEMENTS:
            return
        classes = (attrs.get("class") or "").split()
        if self.css_class and self.css_class in classes:
            self.texts.append("")
            self._open.append(len(self.texts) - 1)
        else:
            self._open.append(None)

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self.links.append((" ".join("".join(self._link).split()), self._link_href))
            self._link = None
        if tag not in VOID_ELEMENTS and self._open:
            self._open.pop()

    def handle_data(self, data):
        for index in {i for i in self._open if i is not None}:
            self.texts[index] += data
        if self._link is not None:
            self._link.append(data)


def _parse(response, css_class=None) -> _Page:
    page = _Page(css_class)
    page.feed(response.content.decode())
    return page


def texts(response, css_class: str) -> list[str]:
    """The whitespace-normalised text of each element of ``css_class``, in page order."""
    return [" ".join(text.split()) for text in _parse(response, css_class).texts]


def ids(response) -> list[str]:
    return _parse(response).ids


def links(response) -> list[tuple[str, str]]:
    """(text, href) of every link, in page order."""
    return _parse(response).links
