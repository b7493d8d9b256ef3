"""The package's citation, in plain text and BibTeX, with every source it draws on.

It works on the rows of sources.csv as plain dicts, so ``kuzbass-data cite`` starts
fast and never imports pandas.
"""

from __future__ import annotations

import re
from typing import Literal

from .schema.package import PACKAGE
from .urls import ProjectUrls, project_urls

Style = Literal["text", "bibtex", "both"]


def plain_citation(sources: list[dict[str, str]], urls: ProjectUrls | None = None) -> str:
    """The plain-text citation of the package and of its sources, with where the package lives (or that it is unset)."""
    urls = urls or project_urls()
    lines = [
        (f"{'; '.join(PACKAGE.authors)} ({PACKAGE.year}). {PACKAGE.title}. Version {PACKAGE.version}. Frictionless data package and Python package kuzbass-data."),
        f"Repository: {urls.repository_text()}.",
        "",
        "Every number in it comes from:",
    ]
    lines += [f"  {s['citation']}" for s in sources]
    return "\n".join(lines)


def bibtex_citation(sources: list[dict[str, str]], urls: ProjectUrls | None = None) -> str:
    """BibTeX entries for the package (its url once the owners set it) and for each of its sources."""
    urls = urls or project_urls()
    # No url field while it is unset: the note says so instead of a made-up address.
    where = f"  url     = {{{urls.repository}}},\n" if urls.repository else ""
    unset = "" if urls.repository else f"; {urls.repository_text()}"
    entries = [
        (
            "@misc{kuzbass_data,\n"
            f"  author  = {{{{{' and '.join(PACKAGE.authors)}}}}},\n"
            f"  title   = {{{PACKAGE.title}}},\n"
            f"  year    = {{{PACKAGE.year}}},\n"
            f"  version = {{{PACKAGE.version}}},\n"
            f"{where}"
            f"  note    = {{Frictionless data package; every number cites its source, footnote and a verbatim excerpt{unset}}}\n"
            "}"
        )
    ]
    for s in sources:
        fields = {
            "author": s["authors"].replace("; ", " and "),
            "title": s["title"],
            "journal": s["journal"],
            "volume": s["volume"],
            "number": s["issue"],
            "pages": re.sub(r"\s*[-–]+\s*", "--", s["pages"]),
            "year": s["year"],
            "doi": s["doi"],
        }
        body = ",\n".join(f"  {k:<7} = {{{v}}}" for k, v in fields.items() if v)
        kind = "article" if s["journal"] else "misc"
        entries.append(f"@{kind}{{{s['id'].replace('-', '_')},\n{body}\n}}")
    return "\n\n".join(entries)


def citation(sources: list[dict[str, str]], style: Style = "both") -> str:
    """The citation in ``style``: "text", "bibtex" or "both" (text, then BibTeX)."""
    if style == "text":
        return plain_citation(sources)
    if style == "bibtex":
        return bibtex_citation(sources)
    if style == "both":
        return plain_citation(sources) + "\n\nBibTeX:\n\n" + bibtex_citation(sources)
    raise ValueError(f"unknown citation style {style!r}; use 'text', 'bibtex' or 'both'")
