"""Generated documents, the chart, the citation file and the version."""

from __future__ import annotations

import re

import pytest

import kuzbass_data as kd
from kuzbass_data.cli import main
from kuzbass_data.publish import docs


def test_generated_documents_are_up_to_date(repo):
    assert docs.stale_documents(repo) == []


def _checkout(root, repo):
    """A folder that looks like a kuzbass-data checkout: raw/ and the pyproject.toml."""
    (root / "raw").mkdir(parents=True)
    (root / "pyproject.toml").write_text((repo / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8")
    return root


def test_docs_check_fails_when_a_document_is_stale(tmp_path, repo, capsys):
    _checkout(tmp_path, repo)
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
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\]", changelog, re.MULTILINE)
    assert releases and releases[0] == kd.__version__
    assert "Keep a Changelog" in changelog and "**Major**" in changelog


def test_version_is_defined_once(repo):
    pyproject = (repo / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject and 'path = "kuzbass_data/__about__.py"' in pyproject
    assert f'__version__ = "{kd.__version__}"' in (repo / "kuzbass_data" / "__about__.py").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("extension", "magic"),
    [(".png", b"\x89PNG\r\n\x1a\n"), (".svg", b"<?xml"), (".pdf", b"%PDF-"), (".PNG", b"\x89PNG\r\n\x1a\n")],
)
def test_plot_writes_the_format_its_extension_names(tmp_path, capsys, extension, magic):
    pytest.importorskip("matplotlib")
    out = tmp_path / f"coal{extension}"
    assert main(["plot", "coal_output", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(magic)
    assert out.stat().st_size > 5_000


@pytest.mark.parametrize("name", ["coal.jpg", "coal", "coal.png.txt"])
def test_plot_unknown_extension_is_a_usage_error(tmp_path, capsys, name):
    assert main(["plot", "coal_output", "--out", str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    assert ".png, .svg, .pdf" in err and len(err.strip().splitlines()) == 1 and "internal error" not in err
    assert list(tmp_path.iterdir()) == []


def test_plot_to_a_target_of_the_wrong_kind_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    (tmp_path / "dir.png").mkdir()
    for out in (tmp_path / "dir.png", tmp_path / "file.txt" / "c.png"):
        assert main(["plot", "coal_output", "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and "internal error" not in err


def test_plot_without_matplotlib_is_a_usage_error(tmp_path, capsys, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert main(["plot", "coal_output", "--out", str(tmp_path / "c.png")]) == 2
    err = capsys.readouterr().err
    assert "[plot] extra" in err and "internal error" not in err


def test_chart_is_honest_about_sparse_years_units_and_plans():
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    from kuzbass_data.publish.plot import coal_output_figure

    fig = coal_output_figure()
    try:
        for ax in fig.axes:
            for line in ax.get_lines():  # nothing joins the years the source states
                assert len(line.get_xdata()) < 2 or line.get_linestyle() in ("None", "none", "")
            assert "tons" in ax.get_ylabel() and "source's word" in ax.get_ylabel()
            assert ax.get_ylim()[0] == 0
        texts = [t.get_text() for t in fig.axes[0].texts]
        coal = kd.load("coal_output")
        plans = coal[(coal["measure"] == "output") & (coal["status"] == "plan") & (coal["basin"] == "kuzbass")]
        assert sum(t.startswith("plan") for t in texts) == len(plans)  # every plan labelled as a plan
        legend = " ".join(t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts())
        assert "plan" in legend and "qualified" in legend
    finally:
        plt.close(fig)


def test_docs_refuses_to_write_outside_a_checkout(tmp_path, capsys):
    (tmp_path / "CONTRIBUTING.md").write_text("my own contributing guide", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "someone-else"\n', encoding="utf-8")
    (tmp_path / "raw").mkdir()
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    for args in (["docs", str(tmp_path)], ["docs", str(tmp_path), "--check"]):
        assert main(args) == 2
        err = capsys.readouterr().err
        assert "not a kuzbass-data checkout" in err and len(err.strip().splitlines()) == 1
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    assert (tmp_path / "CONTRIBUTING.md").read_text(encoding="utf-8") == "my own contributing guide"


def test_period_examples_in_the_docs_are_periods_the_data_use():
    described = kd.describe("observations").set_index("column").loc["period", "description"]
    examples = re.findall(r"'([^']+)'", described)
    assert examples
    used = set(kd.load("observations")["period"].dropna())
    assert set(examples) <= used, set(examples) - used


def test_plot_other_tables_is_a_clean_error(tmp_path, capsys):
    assert main(["plot", "sources", "--out", str(tmp_path / "x.png")]) == 2
    assert "no chart for 'sources'" in capsys.readouterr().err


def test_committed_chart_exists(repo):
    assert (repo / "docs" / "coal_output.png").read_bytes()[:4] == b"\x89PNG"


def test_problem_reference_lists_every_code_of_the_catalogue_with_its_level():
    from kuzbass_data.gate.problems import catalogue

    page = docs.problems_md()
    for entry in catalogue().values():
        assert f'| <a id="{entry.code}"></a>`{entry.code}` | {entry.level} |' in page
    assert f"{len(catalogue())} codes." in page


def test_docs_check_fails_when_the_problem_reference_lags_the_catalogue(tmp_path, repo, capsys):
    _checkout(tmp_path, repo)
    assert main(["docs", str(tmp_path)]) == 0
    page = tmp_path / docs.PROBLEMS_PAGE
    # A code added to the catalogue but not regenerated: the page lacks its row.
    page.write_text("\n".join(line for line in page.read_text(encoding="utf-8").splitlines() if "`wrong-separator`" not in line) + "\n", encoding="utf-8")
    assert main(["docs", str(tmp_path), "--check"]) == 1
    assert f"{docs.PROBLEMS_PAGE}: differs" in capsys.readouterr().out
