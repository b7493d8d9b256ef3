"""An offline accessibility check of generated HTML, and the WCAG contrast formula.

Why this and not axe-core: axe would have to be downloaded at test time (no network
in tests) or vendored into the repository. Instead the rules that matter for these
pages are checked here on the HTML itself, and the browser tests read Chromium's own
accessibility tree (every control and link must have a name). The rules:

- the page has ``<html lang>``, a non-empty ``<title>`` and exactly one ``<h1>``;
- headings never skip a level (h1 -> h3);
- every ``input``/``select``/``textarea`` has a ``<label for>`` or an ``aria-label``;
- every ``<th>`` has ``scope``; every ``<table>`` has a ``<caption>``;
- every ``<img>`` has ``alt``; every ``<svg role="img">`` is named by existing ids;
- element ids are unique, and every ``href="#x"`` on the page points to an id;
- every link has text (or a ``<title>`` inside, for links in an SVG).

``contrast`` is the WCAG 2 contrast ratio of two sRGB colours.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

CONTROLS = {"input", "select", "textarea"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.title = ""
        self.headings: list[int] = []
        self.ids: list[str] = []
        self.label_for: set[str] = set()
        self.controls: list[dict[str, str]] = []
        self.th_without_scope = 0
        self.tables = 0
        self.captions = 0
        self.images_without_alt = 0
        self.svg_labels: list[str] = []
        self.fragment_links: list[str] = []
        self.link_texts: list[str] = []
        self._stack: list[str] = []
        self._in_title = False
        self._link_text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "title" and self._link_text is None:
            self._in_title = "svg" not in self._stack
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "label" and a.get("for"):
            self.label_for.add(a["for"])
        elif tag in CONTROLS and a.get("type") != "hidden":
            self.controls.append(a)
        elif tag == "th" and not a.get("scope"):
            self.th_without_scope += 1
        elif tag == "table":
            self.tables += 1
        elif tag == "caption":
            self.captions += 1
        elif tag == "img" and "alt" not in a:
            self.images_without_alt += 1
        elif tag == "svg" and a.get("role") == "img":
            self.svg_labels.append(a.get("aria-labelledby", "") or ("aria-label" if a.get("aria-label") else ""))
        elif tag == "a":
            if a.get("href", "").startswith("#"):
                self.fragment_links.append(a["href"][1:])
            self._link_text = []
        if tag not in ("meta", "link", "input", "br", "img", "line", "circle", "rect"):
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "a" and self._link_text is not None:
            self.link_texts.append("".join(self._link_text).strip())
            self._link_text = None
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._link_text is not None:
            self._link_text.append(data)


def accessibility_problems(html: str) -> list[str]:
    """What the page gets wrong by the rules in the module docstring; empty when nothing."""
    c = _Collector()
    c.feed(html)
    c.close()
    problems = []
    if not c.lang:
        problems.append("html has no lang")
    if not c.title.strip():
        problems.append("page has no title")
    if c.headings.count(1) != 1:
        problems.append(f"page has {c.headings.count(1)} h1 headings, not one")
    for before, after in zip(c.headings, c.headings[1:], strict=False):
        if after > before + 1:
            problems.append(f"heading level skips from h{before} to h{after}")
    for control in c.controls:
        if control.get("id", "") not in c.label_for and not control.get("aria-label"):
            problems.append(f"form control {control.get('id') or control.get('name') or '?'} has no label")
    if c.th_without_scope:
        problems.append(f"{c.th_without_scope} th elements have no scope")
    if c.captions < c.tables:
        problems.append(f"{c.tables - c.captions} tables have no caption")
    if c.images_without_alt:
        problems.append(f"{c.images_without_alt} images have no alt")
    ids = set(c.ids)
    for label in c.svg_labels:
        if not label or (label != "aria-label" and not all(part in ids for part in label.split())):
            problems.append("an svg image has no accessible name")
    duplicates = sorted({i for i in c.ids if c.ids.count(i) > 1})
    if duplicates:
        problems.append(f"duplicate ids: {', '.join(duplicates[:5])}")
    for target in c.fragment_links:
        if target and target not in ids:
            problems.append(f"link to #{target}, which is not on the page")
    if any(not text for text in c.link_texts):
        problems.append(f"{sum(not t for t in c.link_texts)} links have no text")
    return problems


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """The WCAG relative luminance of a #rrggbb or #rgb colour."""
    hex_digits = colour.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(d * 2 for d in hex_digits)
    r, g, b = (int(hex_digits[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def css_colours(css: str) -> dict[str, str]:
    """The custom properties of a stylesheet that hold a hex colour, by name without the dashes."""
    return {name: value for name, value in re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{3,6})\s*;", css)}
