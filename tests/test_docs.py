"""Generated documents, the chart, the citation file and the version."""

from __future__ import annotations

import re

import pytest

import kuzbass_data as kd
from kuzbass_data import docs
from kuzbass_data.cli import main


def test_generated_documents_are_up_to_date(repo):
    assert docs.stale_documents(repo) == []


def test_docs_check_fails_when_a_document_is_stale(tmp_path, repo, capsys):
    (tmp_path / "docs").mkdir()
    (tmp_path / "README.md").write_text((repo / "README.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["docs", str(tmp_path), "--check"]) == 1
    assert "docs/tables.md: differs" in capsys.readouterr().out
    assert main(["docs", str(tmp_path)]) == 0
    assert main(["docs", str(tmp_path), "--check"]) == 0


def test_data_dictionary_documents_every_column_and_term():
    text = docs.tables_md()
    for table in kd.tables():
        assert f"## {table}:" in text
        for column in kd.describe(table)["column"]:
            assert f"| `{column}` |" in text
    for term in ("not_specified", "prokopyevsk", "more_than", "grams_per_day", "inconsistent_derivation"):
        assert f"| `{term}` |" in text


def test_readme_catalogue_lists_every_table_with_its_rows(repo):
    readme = (repo / "README.md").read_text(encoding="utf-8")
    for table in kd.tables():
        assert f"| `{table}` | {len(kd.load(table))} |" in readme


def test_citation_cff_names_the_version_and_the_source_doi(repo):
    cff = (repo / "CITATION.cff").read_text(encoding="utf-8")
    assert f'version: "{kd.__version__}"' in cff
    assert 'doi: "10.1017/S0020859015000462"' in cff
    assert "references:" in cff


def test_changelog_top_release_is_the_version(repo):
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\]", changelog, re.M)
    assert releases and releases[0] == kd.__version__
    assert "Keep a Changelog" in changelog and "**Major**" in changelog


def test_version_is_defined_once(repo):
    pyproject = (repo / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject and 'path = "kuzbass_data/__about__.py"' in pyproject
    assert f'__version__ = "{kd.__version__}"' in (repo / "kuzbass_data" / "__about__.py").read_text(encoding="utf-8")


def test_plot_writes_a_png(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    out = tmp_path / "coal.png"
    assert main(["plot", "coal_output", "--out", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 10_000


def test_plot_other_tables_is_a_clean_error(tmp_path, capsys):
    assert main(["plot", "rations", "--out", str(tmp_path / "x.png")]) == 2
    assert "no chart for 'rations'" in capsys.readouterr().err


def test_committed_chart_exists(repo):
    assert (repo / "docs" / "coal_output.png").read_bytes()[:4] == b"\x89PNG"
