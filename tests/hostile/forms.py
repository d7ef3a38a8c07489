"""The forms a page offers, read from its HTML as a browser would: where each posts and the
names of its fields (file inputs apart), so the hostile-input test can fill every one."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class PageForm:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)  # name → the value the page set
    files: list[str] = field(default_factory=list)


class _Forms(HTMLParser):
    def __init__(self, url: str):
        super().__init__()
        self.url = url
        self.forms: list[PageForm] = []
        self._form: PageForm | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = PageForm(
                action=attrs.get("action") or self.url,
                method=(attrs.get("method") or "get").lower(),
            )
            self.forms.append(self._form)
        elif tag in ("input", "select", "textarea", "button") and self._form is not None:
            name = attrs.get("name")
            if not name or name == "csrfmiddlewaretoken":
                return
            if attrs.get("type") == "file":
                self._form.files.append(name)
            else:
                self._form.fields.setdefault(name, attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def page_forms(html: str, url: str) -> list[PageForm]:
    parser = _Forms(url)
    parser.feed(html)
    return parser.forms
