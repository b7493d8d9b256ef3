"""Package-level metadata: the one place humans edit it; the build writes it into datapackage.json."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..__about__ import __version__


@dataclass(frozen=True)
class Licence:
    """A licence as Frictionless describes it."""

    # SPDX identifier.
    name: str
    # Where the licence text is.
    path: str
    # Human title.
    title: str

    def descriptor(self) -> dict[str, str]:
        """The Frictionless licence descriptor."""
        return {"name": self.name, "path": self.path, "title": self.title}


@dataclass(frozen=True)
class PackageMetadata:
    """What the data package says about itself."""

    # Frictionless package name and PyPI distribution name.
    name: str
    # Human title.
    title: str
    # What the package is and is not.
    description: str
    # Package version, from kuzbass_data/__about__.py.
    version: str
    # Year of this release, for citations.
    year: int
    # Licence of the curated data (every resource).
    data_licence: Licence
    # Licence of the code.
    code_licence: Licence
    # What applies to the verbatim excerpts.
    excerpt_notice: str
    # Who made the package, as cited.
    authors: tuple[str, ...]
    # Search keywords.
    keywords: tuple[str, ...] = field(default=())


PACKAGE = PackageMetadata(
    name="kuzbass-data",
    title="Kuzbass data: curated numbers on the Kuzbass coal region, 1920-1950",
    description=(
        "Curated statistical tables on the Kuzbass coal region of western Siberia, 1920-1950: coal output, "
        "mine accidents, deportations of special settlers, foreign specialists, prisoners of war and internees, "
        "bread rations, labour turnover, repression and mining conditions. Every number is one row with its "
        "provenance: the source, the footnote it cites and a short verbatim excerpt. Today every number comes "
        "from one article, Landau (2015), doi:10.1017/S0020859015000462; the tables are what that article states, "
        "not archival totals."
    ),
    version=__version__,
    year=2026,
    data_licence=Licence("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/", "Creative Commons Attribution 4.0"),
    code_licence=Licence("MIT", "https://opensource.org/licenses/MIT", "MIT License"),
    excerpt_notice=(
        "The excerpt column quotes the source article, which is copyrighted by its publisher. Each excerpt is at "
        "most 200 characters, kept as evidence for one number and attributed to its source; the excerpts are not "
        "covered by the data licence, and reusing them beyond quotation needs the rights holder's permission."
    ),
    authors=("kuzbass-data contributors",),
    keywords=("Kuzbass", "Siberia", "coal", "Soviet Union", "Stalinism", "forced labour", "special settlers", "prisoners of war"),
)
