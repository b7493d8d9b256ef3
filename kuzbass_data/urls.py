"""Where the project lives on the web: one setting, ``[project.urls]`` in pyproject.toml.

The owners set ``Repository`` (the code) and ``Homepage`` (the website) there. The build backend
writes them into the installed package's metadata as ``Project-URL`` lines, so the package reads
them with ``importlib.metadata``: without network and without pyproject.toml (a wheel has none).
Until the owners set them, every place that would show a URL says that it is unset; nothing here
ever makes a URL up.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

DISTRIBUTION = "kuzbass-data"
# The [project.urls] keys, as the metadata spells them.
REPOSITORY_KEY = "Repository"
SITE_KEY = "Homepage"
UNSET = "not yet set (the owners have not published the repository)"


@dataclass(frozen=True)
class ProjectUrls:
    """The repository and website URLs; "" for one that is not set."""

    repository: str = ""
    site: str = ""

    def repository_text(self) -> str:
        """The repository URL, or a plain sentence that it is unset."""
        return self.repository or f"repository URL {UNSET}"

    def site_text(self) -> str:
        """The website URL, or a plain sentence that it is unset."""
        return self.site or f"website URL {UNSET}"

    def report_url(self, row_id: str) -> str:
        """Where to report an error in row ``row_id``: a new issue on the repository; "" while it is unset."""
        if not self.repository.startswith("https://github.com/"):
            return ""
        title = quote(f"Error in row {row_id}")
        return f"{self.repository.rstrip('/')}/issues/new?title={title}"


def parse_project_urls(lines: list[str]) -> ProjectUrls:
    """The URLs from ``Project-URL`` metadata lines ("Repository, https://..."); only https URLs count."""
    found: dict[str, str] = {}
    for line in lines:
        label, _, url = line.partition(",")
        url = url.strip()
        if url.startswith("https://"):
            found[label.strip().lower()] = url
    return ProjectUrls(repository=found.get(REPOSITORY_KEY.lower(), ""), site=found.get(SITE_KEY.lower(), ""))


def project_urls(root: Path | None = None) -> ProjectUrls:
    """The project's URLs: from ``root``/pyproject.toml when ``root`` (a checkout) is given, else from the installed metadata.

    The build and ``docs`` pass the checkout, so a URL the owners have just set reaches the
    published files without a reinstall; everything else reads the metadata, which a wheel has
    (so does a ``root`` without pyproject.toml). Both are unset when neither carries them.
    """
    if root is not None and (root / "pyproject.toml").is_file():
        return _from_pyproject(root / "pyproject.toml")
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        lines = metadata(DISTRIBUTION).get_all("Project-URL") or []
    except PackageNotFoundError:
        return ProjectUrls()
    return parse_project_urls([str(line) for line in lines])


def _from_pyproject(path: Path) -> ProjectUrls:
    import tomllib

    try:
        urls = tomllib.loads(path.read_text(encoding="utf-8")).get("project", {}).get("urls", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return ProjectUrls()
    if not isinstance(urls, dict):
        return ProjectUrls()
    return parse_project_urls([f"{label}, {url}" for label, url in urls.items() if isinstance(url, str)])


__all__ = ["UNSET", "ProjectUrls", "parse_project_urls", "project_urls"]
