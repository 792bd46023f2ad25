"""The arrows docs/architecture.md states: an import against them fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "chorus"


def _imports_of(app: str) -> dict[str, set[str]]:
    """Chorus apps imported by each module of `app` (migrations aside)."""
    found: dict[str, set[str]] = {}
    for path in (SRC / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            modules = []
            if isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            for module in modules:
                parts = module.split(".")
                if parts[0] == "chorus" and len(parts) > 1 and parts[1] != app:
                    names.add(parts[1])
        if names:
            found[str(path.relative_to(SRC))] = names
    return found


def _breaking(app: str, allowed: set[str]) -> dict[str, list[str]]:
    return {
        module: sorted(names - allowed)
        for module, names in _imports_of(app).items()
        if names - allowed
    }


@pytest.mark.parametrize(
    ("app", "allowed"),
    [
        ("lib", set()),
        ("privacy", {"lib", "accounts"}),
        ("impact", {"lib", "accounts", "privacy", "voices"}),
        ("people", {"lib", "accounts", "privacy"}),
        ("training", {"lib", "accounts", "privacy", "people", "voices", "media", "impact"}),
    ],
)
def test_an_app_imports_only_what_the_arrows_allow(app, allowed):
    assert _breaking(app, allowed) == {}


def test_demo_reaches_only_into_apps_not_the_command_line():
    assert {m: n for m, n in _imports_of("demo").items() if "cli" in n} == {}


def test_nothing_imports_demo():
    importers = {
        module
        for app in (p.name for p in SRC.iterdir() if (p / "__init__.py").exists())
        if app != "demo"
        for module, names in _imports_of(app).items()
        if "demo" in names
    }
    assert importers == set()


def test_the_rule_finds_an_import_against_the_arrows(tmp_path, monkeypatch):
    # The check itself must be able to fail: a module of lib importing an app is caught.
    fake = tmp_path / "chorus"
    (fake / "lib").mkdir(parents=True)
    (fake / "lib" / "bad.py").write_text("from chorus.media.models import Placement\n")
    monkeypatch.setattr(f"{__name__}.SRC", fake)
    assert _breaking("lib", set()) == {"lib/bad.py": ["media"]}
