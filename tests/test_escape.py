"""Nothing live reaches a reader: cells refuse what acts on a screen, and every printer escapes again.

One list of hostile strings is fed to every surface: the cell checks, the terminal (problems,
``get``/``show`` layouts), GitHub workflow commands and the plain lines printed beside them, the
diff's Markdown and the site's HTML. Each surface is asserted on what would make it live.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from conftest import edit_line, only, problems_in
from kuzbass_data import escape, terminal
from kuzbass_data.gate.annotations import annotation, log_line
from kuzbass_data.gate.diff import _md
from kuzbass_data.gate.problems import Problem
from kuzbass_data.publish.website import _e, page

# Characters that act on a screen or hide text: each must be refused in a cell.
INVISIBLE = {
    "escape (C0)": "\x1b",
    "8-bit CSI (C1)": "\x9b",
    "8-bit OSC (C1)": "\x9d",
    "next line (C1)": "\x85",
    "left-to-right mark": "\u200e",
    "right-to-left mark": "\u200f",
    "arabic letter mark": "\u061c",
    "left-to-right embedding": "\u202a",
    "right-to-left override": "\u202e",
    "first strong isolate": "\u2068",
    "pop directional isolate": "\u2069",
    "tag letter A": "\U000e0041",
    "cancel tag": "\U000e007f",
    "unassigned tag U+E0000": "\U000e0000",
    "line separator": "\u2028",
    "paragraph separator": "\u2029",
    "invisible times": "\u2062",
    "mongolian vowel separator": "\u180e",
    "interlinear annotation": "\ufff9",
}

# Strings that are live on one surface or another.
HOSTILE = [
    *(f"a{ch}b" for ch in INVISIBLE.values()),
    "\x1b[31mred\x1b[0m",
    "\x9b2J\x9d0;title\x07",
    "::add-mask::secret",
    "  ::stop-commands::token",
    "::error file=x::injected",
    "##[warning]injected",
    "text ##[add-mask]secret",
    "line\n::warning::second line",
    "line\r##[error]x",
    "%0A::error::encoded",
    "www.evil.example",
    "see https://evil.example/x",
    "~~struck~~",
    "@maintainers please merge",
    "user@example.org",
    "#1 and GH-1",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[link](https://evil.example)",
    "![image](https://evil.example/x.png)",
    "a | b | c",
    "`code` and **bold** and _em_",
    ":shipit:",
    "&lt;already escaped&gt;",
]


def _live_characters(text: str, keep: str = "") -> list[str]:
    """Characters of ``text`` a screen would act on or hide (category C* and Z* other than the space)."""
    return [ch for ch in text if ch not in keep and ch != " " and unicodedata.category(ch)[0] in "CZ"]


@pytest.mark.parametrize("name", list(INVISIBLE))
def test_a_cell_refuses_every_invisible_or_control_character_once(minimal, name):
    edit_line(minimal, "coal_output", 3, "in 1927,,", f"in 1927,,note {INVISIBLE[name]}here")
    problem = only(problems_in(minimal), code="control-character", line=3, column="note")
    assert f"U+{ord(INVISIBLE[name]):04X}" in problem.message
    assert not _live_characters(str(problem))


def test_the_cell_check_refuses_every_format_character_unicode_knows():
    """Every character of category Cf (present and future versions of the table) is in the refused class."""
    from kuzbass_data.gate.intake.cells import CONTROL

    refused = re.compile(CONTROL)
    format_characters = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"]
    assert format_characters and all(refused.fullmatch(ch) for ch in format_characters)
    assert not refused.search("ordinary text: 10.5 million tons, 1937–1940, “quoted”, é, ё, \u00a0")


@pytest.mark.parametrize("text", HOSTILE)
def test_terminal_surfaces_escape_every_hostile_string(text):
    shown = [
        escape.terminal(text),
        str(Problem("raw/x.csv", 2, "note", f"{text!s} is wrong", "fix it", code="x")),
        *terminal.record({"note": text, text: "value"}, 80),
        *(terminal.table([{"note": text}], ["note"], 200) or []),
        terminal.one_line(text, 80),
    ]
    for line in shown:
        assert not _live_characters(line), (text, line)
        assert "##[" not in line, (text, line)  # a GitHub runner's older command syntax, matched anywhere in a log line


@pytest.mark.parametrize("text", HOSTILE)
def test_github_surfaces_start_and_hide_no_workflow_command(text):
    problem = Problem(text, 2, text, text, text, code=text)
    command = annotation(problem, 3)
    assert command.startswith("::error file=") and "\n" not in command and "\r" not in command
    # The message follows the second "::"; nothing before it comes from the problem unescaped.
    head, _, message = command.partition("::")[2].partition("::")
    assert "::" not in head and "\n" not in message
    plain = log_line(text)
    assert not plain.lstrip().startswith("::") and "##[" not in plain
    for line in (command, plain):
        assert not _live_characters(line), (text, line)


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_shows_every_hostile_string_as_written(text):
    shown = _md(text)
    assert escape.markdown(text) == shown  # the diff uses the one Markdown escaping
    for live in ("<", ">", "www.", "~~", "@", "://", "](", "|", "`", "**", "_", "#", ":", "\n", "\r"):
        assert live not in shown.replace("&#", "").replace("&lt;", "").replace("&gt;", "").replace("&amp;", "").replace("&quot;", ""), (text, live, shown)
    assert not _live_characters(shown)


@pytest.mark.parametrize("text", HOSTILE)
def test_html_shows_every_hostile_string_as_written(text):
    for shown in (_e(text), escape.html(text), page(text, "")):
        assert "<script>alert" not in shown and "<img src=x" not in shown and 'onerror="' not in shown
        assert not _live_characters(shown, keep="\n"), (text, shown[:200])


def test_the_surfaces_keep_ordinary_text_readable():
    text = "about 10.5 million tons in 1937–1940 (Landau, p. 14)"
    assert escape.terminal(text) == text and escape.html(text) == text and escape.github_line(text) == text
    assert "\u2013" in escape.markdown(text) and "million tons" in escape.markdown(text)


def test_validate_in_github_format_prints_no_command_from_a_reviewed_reason(scratch, capsys):
    """A reason of audit/acknowledgements.csv is printed beside the annotations: it must stay text."""
    import csv
    import io

    from kuzbass_data.cli import main

    path = scratch / "audit" / "acknowledgements.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[1][3] = "##[add-mask]secret ::warning::injected"  # the reason (id, code, phrase, reason, fingerprint)
    out_text = io.StringIO()
    csv.writer(out_text, lineterminator="\n").writerows(rows)
    path.write_text(out_text.getvalue(), encoding="utf-8")
    main(["validate", str(scratch), "--format", "github"])
    out = capsys.readouterr().out.splitlines()
    assert any("add-mask" in line for line in out)  # the reason was printed: the test saw the surface
    for line in out:
        if line.startswith(("::error ", "::warning ")):
            continue
        assert not line.lstrip().startswith("::") and "##[" not in line, line


def test_get_and_search_print_hostile_cells_escaped(monkeypatch, capsys):
    """`get` and `search` end to end, on a row whose published cells carry every hostile string."""
    from kuzbass_data import lookup
    from kuzbass_data.cli import main

    hostile = " ".join(HOSTILE)
    found = lookup.Row(
        "coal_output",
        "kuzbass-1932-plan",
        {"id": "kuzbass-1932-plan", "note": hostile, "excerpt": hostile},
        label=hostile,
        source={"citation": hostile},
        conflicts=({"id": "c", "kind": "k", "explanation": hostile},),
    )
    monkeypatch.setattr(lookup, "row", lambda row_id: found)
    monkeypatch.setattr(lookup, "search", lambda text: [found])
    monkeypatch.setattr(lookup, "worded_number", lambda cells: hostile, raising=False)
    monkeypatch.setattr(lookup.Row, "summary", lambda self: hostile)
    for argv in (["get", "kuzbass-1932-plan"], ["search", "plan"]):
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert "\\u202e" in out  # the hostile text was printed, escaped
        assert not _live_characters(out, keep="\n"), argv
