"""Reading rendered HTML in tests: parse it once and select elements with CSS selectors."""

from __future__ import annotations

import cssselect2
import tinyhtml5


class HtmlTree:
    def __init__(self, html: str):
        self.root = cssselect2.ElementWrapper.from_html_root(tinyhtml5.parse(html))

    def all(self, selector: str):
        return [wrapper.etree_element for wrapper in self.root.query_all(selector)]

    def one(self, selector: str):
        found = self.all(selector)
        assert len(found) == 1, f"{selector!r} matched {len(found)} elements"
        return found[0]

    def texts(self, selector: str) -> list[str]:
        return [text(element) for element in self.all(selector)]


def text(element) -> str:
    """The element's text with whitespace collapsed, as a reader sees it."""
    return " ".join("".join(element.itertext()).split())
