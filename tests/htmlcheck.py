"""Read a report's HTML back: its elements, its one script, and the text a reader sees in each sentence."""
import base64
import hashlib
from html.parser import HTMLParser

from annotate.report.render import _asset

# Everything the report may contain; anything else (iframe, object, embed, base, link, img, ...) is a defect.
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "nav", "a", "main",
                "section", "table", "thead", "tbody", "tr", "th", "td", "div", "span", "b", "br", "mark", "small",
                "article", "form", "fieldset", "legend", "label", "input", "ul", "li", "code", "figure", "figcaption",
                "svg", "text", "rect", "script"}


class Page(HTMLParser):
    """Elements (tag, attributes), script bodies, document titles, and what a reader sees of each sentence."""

    VOID = {"br", "input", "meta", "rect"}

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.elements, self.scripts, self.sentence_texts, self.titles = [], [], [], []
        self._stack = []  # (tag, class) of open elements
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if tag == "script":
            self.scripts.append("")
        elif tag == "div" and attrs.get("class") == "text":
            self.sentence_texts.append("")
        elif tag == "h3" and self._stack and self._stack[-1][0] == "header":
            self.titles.append("")
        if tag not in self.VOID:
            self._stack.append((tag, attrs.get("class")))

    def handle_endtag(self, tag):
        while self._stack and self._stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        tags = [tag for tag, _ in self._stack]
        if "script" in tags:
            self.scripts[-1] += data
        elif ("div", "text") in self._stack and "small" not in tags:  # an entity's type label is not sentence text
            self.sentence_texts[-1] += data
        elif tags[-2:] == ["header", "h3"]:
            self.titles[-1] += data


def assert_inert(page: str) -> Page:
    """Fail unless the page can run nothing but the report's own script and fetch nothing."""
    parsed = Page(page)
    tags = {tag for tag, _ in parsed.elements}
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    for tag, attrs in parsed.elements:
        assert not [name for name in attrs if name.lower().startswith("on")], (tag, attrs)
        assert "src" not in attrs and "srcdoc" not in attrs and "action" not in attrs, (tag, attrs)
        if "href" in attrs:
            assert attrs["href"].startswith(("http://", "https://", "#")), attrs["href"]
        if tag == "meta" and "http-equiv" in attrs:
            assert attrs["http-equiv"] == "Content-Security-Policy"
            policy = dict(d.strip().split(" ", 1) for d in attrs["content"].split(";"))
            script = base64.b64encode(hashlib.sha256(_asset("report.js").encode()).digest()).decode()
            assert policy["default-src"] == "'none'" and policy["script-src"] == f"'sha256-{script}'", policy
    assert parsed.scripts == [_asset("report.js")]
    return parsed
