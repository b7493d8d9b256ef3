"""Text from the data, made inert for each surface it is printed on: one function per surface.

Cells are checked on the way in (``intake.cells`` refuses control, bidirectional and invisible
characters), and every printer escapes again, so that a cell that slipped past a check, a file
name or a reviewer's reason still cannot act on whoever reads it:

- ``terminal``: control, format (bidi, tags, zero-width) and separator characters shown as
  ``\\uXXXX`` escapes, so a terminal never runs an escape sequence or reorders a line, and
  ``##[`` shown as ``##\\[`` (any printed line may reach a GitHub job's log);
- ``github_message`` / ``github_property``: the workflow-command rules of GitHub Actions
  (``%``, CR, LF percent-encoded; in a property also ``:`` and ``,``);
- ``github_line``: a plain log line of a GitHub Actions run: it never starts with ``::`` (a
  workflow command) and never holds ``##[`` (the runner's older command syntax, matched
  anywhere in a line);
- ``markdown``: HTML-escaped, with the characters that make Markdown live (tables, links,
  autolinks such as ``www.``, ``~~`` strikethrough, @mentions, #references, emphasis, code,
  emoji codes) as character references;
- ``html``: HTML-escaped, quotes included, after the terminal escaping (a bidi override is as
  live in a browser as in a terminal).

Standard library only.
"""

from __future__ import annotations

import html as _html
import re


def terminal(text: str, keep: str = "") -> str:
    """``text`` with every character that is not printable shown as an escape (``\\x1b``, ``\\u202e``),
    except the characters in ``keep`` (a multi-line report keeps its line breaks).

    Python's ``str.isprintable`` is False for the categories Cc (C0 and C1 controls), Cf (bidi marks,
    embeddings, isolates, tag characters, zero-width characters), Zl and Zp (U+2028, U+2029), Zs
    other than the space, Co, Cs and Cn: all are escaped.
    """
    shown = "".join(ch if ch in keep or ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)
    # A GitHub runner reads "##[" anywhere in a line of a job's log as a command (its older syntax), and
    # any printed line may end up in one: the bracket is escaped on every surface.
    return shown.replace("##[", "##\\[")


def github_message(text: str) -> str:
    """A workflow command's message (after ``::``): terminal-escaped, then ``%``, CR and LF percent-encoded."""
    return terminal(text, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A workflow command's property value (``file=``, ``title=``): as a message, and ``:`` and ``,`` too."""
    return github_message(text).replace(":", "%3A").replace(",", "%2C")


def github_line(text: str) -> str:
    """One plain line of a GitHub Actions log: no workflow command can start or hide in it.

    The runner reads a line as a command when, leading spaces stripped, it starts with ``::``, or
    when it holds ``##[`` anywhere (the older syntax). So the line is terminal-escaped (one line),
    every ``##[`` loses its bracket to an escape, and a line that would start with ``::`` gets a
    backslash before it.
    """
    line = terminal(text).replace("##[", "##\\[")
    return "\\" + line if line.lstrip().startswith("::") else line


# Markdown characters that make text live on GitHub, as numeric references: table pipes, links and
# images, code, emphasis, escapes, mentions, issue references, URL schemes and emoji codes, the dot
# of a ``www.`` autolink and the tilde of ``~~`` strikethrough.
# The HTML characters are in the same table: one pass, so no reference is escaped twice.
_WWW = re.compile(r"(?i)\b(www)\.")
_MARKDOWN = str.maketrans({**{ch: f"&#{ord(ch)};" for ch in "|@[]`*_\\:~#!"}, "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})
_MARKDOWN = str.maketrans({ch: f"&#{ord(ch)};" for ch in "|@[]`*_\\:~#!&<>\"'"})


def markdown(text: str) -> str:
    """Text that GitHub Markdown and HTML show as written, on one line: no tags, tables, links,
    autolinks (``www.``, ``https:``, e-mail), strikethrough, mentions, references or emphasis."""
    one_line = terminal(text, keep="\n").replace("\r", " ").replace("\n", " ")
    # "www." starts an autolink without any scheme: only its dot is broken (other dots stay readable).
    return _WWW.sub(r"\1&#46;", one_line.translate(_MARKDOWN))


def html(text: str) -> str:
    """Text for an HTML page (element content or a quoted attribute): terminal-escaped, then HTML-escaped.

    Line breaks are kept (a note may have several lines; the page lays them out).
    """
    return _html.escape(terminal(text, keep="\n"), quote=True)
