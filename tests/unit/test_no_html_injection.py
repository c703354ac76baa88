"""No user text is ever rendered as HTML (issue 9, point 5).

Static: every call in ``app.py``, ``pages/`` and ``bohan/`` that lets Streamlit render HTML
(``unsafe_allow_html=True``, ``st.html``, ``components.html``) passes a string literal or the
result of a known builder. Dynamic: those builders escape what they are given, even a
catalogue text or a label carrying ``<script>``.
"""
from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bohan import survey_view as sv
from tests.conftest import ROOT

SCRIPT = "<script>bohan()</script>"
#: Builders that return HTML made only from escaped text, numbers and fixed markup (checked below).
SAFE_BUILDERS = {"satisfaction_legend", "rate_legend", "legend_html"}
#: HTML calls known to format text unescaped, reported to the lead (file, function). A fix
#: removes the entry; a new unescaped call fails the test until it escapes its text.
KNOWN_UNESCAPED: set[tuple[str, str]] = set()


def _sources() -> list[Path]:
    return [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "bohan").rglob("*.py"))]


def _is_html_call(call: ast.Call) -> bool:
    for kw in call.keywords:
        if kw.arg in ("unsafe_allow_html", "unsafe_allow_javascript"):
            return not (isinstance(kw.value, ast.Constant) and kw.value.value is False)
    func = call.func
    return isinstance(func, ast.Attribute) and func.attr == "html" and not (
        isinstance(func.value, ast.Name) and func.value.id == "html")  # html.escape's module is not a sink


def _safe(node: ast.AST) -> bool:
    """A string literal, ``html.escape(...)``, a known builder, or text joined from those only."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return all(_safe(v.value) if isinstance(v, ast.FormattedValue) else _safe(v) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _safe(node.left) and _safe(node.right)
    if isinstance(node, ast.Call):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name == "escape" or name in SAFE_BUILDERS:
            return True
        if name == "join" and isinstance(node.func.value, ast.Constant) and len(node.args) == 1:
            arg = node.args[0]
            if isinstance(arg, (ast.GeneratorExp, ast.ListComp)):
                return _safe(arg.elt)
            return isinstance(arg, (ast.List, ast.Tuple)) and all(_safe(e) for e in arg.elts)
    return False


def html_calls() -> list[tuple[str, str, int, bool]]:
    """(file, enclosing function or <module>, line, safe) of every HTML-rendering call."""
    found = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _is_html_call(node):
                body = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "body"), None)
                owner = node
                while owner in parents and not isinstance(owner, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    owner = parents[owner]
                where = owner.name if isinstance(owner, (ast.FunctionDef, ast.AsyncFunctionDef)) else "<module>"
                found.append((path.relative_to(ROOT).as_posix(), where, node.lineno, body is not None and _safe(body)))
    return found


def test_html_calls_render_only_literals_and_escaping_builders():
    """Every unsafe_allow_html / st.html call passes a literal or an escaping builder (known exceptions listed)."""
    calls = html_calls()
    assert len(calls) >= 4, calls  # the survey's two legends, the map legend, the presentation style
    unsafe = {(path, where) for path, where, _, safe in calls if not safe}
    assert unsafe == KNOWN_UNESCAPED, (
        "new HTML call formatting unescaped text (escape it with html.escape), or a known one fixed "
        f"(remove it from KNOWN_UNESCAPED): {sorted(unsafe ^ KNOWN_UNESCAPED)}")


def test_presentation_style_is_a_fixed_style_block():
    """The presentation page's one HTML call is a constant <style> block, no placeholders, no script."""
    tree = ast.parse((ROOT / "pages/7_present.py").read_text(encoding="utf-8"))
    bodies = [ast.literal_eval(n.args[0]) for n in ast.walk(tree) if isinstance(n, ast.Call) and _is_html_call(n)]
    assert len(bodies) == 1
    style = bodies[0]
    assert style.startswith("<style>") and style.endswith("</style>") and style.count("<") == 2
    assert "script" not in style.lower() and "{" in style  # CSS braces, and nothing that runs


def test_legend_html_escapes_labels():
    """The survey maps' legend builder shows a label with markup as text."""
    out = sv.legend_html([("#ffffff", SCRIPT), ("#000000", "<img src=x onerror=bohan()>")], outlined=(SCRIPT,))
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;bohan()&lt;/script&gt;" in out and "3px solid" in out


@pytest.mark.parametrize("legend", [sv.satisfaction_legend, sv.rate_legend])
@pytest.mark.parametrize("values", [[np.nan, np.nan], [-5.0, 1e308], [0.0, 0.0], [], [12.5, 33.3, 48.0, 61.9, 90.0]])
def test_survey_legends_escape_even_catalogue_text(monkeypatch, legend, values):
    """The survey legends escape every label, even catalogue texts and numbers (markup in a translation stays text)."""
    hostile = lambda key, lang="ja", **fmt: f"{SCRIPT}{key}{sorted(fmt.items())}"  # noqa: E731
    monkeypatch.setattr(sv, "t", hostile)
    df = pd.DataFrame({"value": pd.Series(values, dtype="float64"), "flag": [True] * len(values)})
    for lang in ("ja", "en"):
        out = legend(df, lang)
        assert "<script" not in out and ("&lt;script&gt;" in out or not out)


def test_map_legend_escapes_labels(monkeypatch):
    """The map pages' legend row shows a label with markup as text."""
    from bohan import ui

    shown = []
    monkeypatch.setattr(ui.st, "markdown", lambda body, **kw: shown.append((body, kw)))
    ui.legend([("#ffffff", SCRIPT), ("red;background:url(https://evil.example/)", "x")])
    (body, kw), = shown
    assert kw.get("unsafe_allow_html")
    assert "<script" not in body and "evil.example" not in body
