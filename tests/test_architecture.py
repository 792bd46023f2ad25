"""The arrows docs/architecture.md states: an import against them fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "chorus"
APPS = sorted(p.name for p in SRC.iterdir() if (p / "__init__.py").exists())


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
        ("voices", {"lib", "accounts", "privacy", "people"}),
        ("monitoring", {"lib", "accounts", "privacy", "people"}),
        ("roundup", {"lib", "accounts", "privacy", "people", "monitoring", "impact"}),
        ("research", {"lib", "accounts", "privacy", "people", "media", "social", "impact"}),
        ("network", {"lib", "accounts", "privacy", "people", "voices", "media", "impact"}),
        (
            "training",
            {"lib", "accounts", "privacy", "people", "voices", "media", "impact", "network"},
        ),
        ("social", {"lib", "accounts", "privacy", "people", "voices", "media", "impact"}),
        ("ops", {"lib", "accounts", "privacy"}),
        ("funders", {"lib", "accounts", "privacy", "people", "impact"}),
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


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _top_level_imports(app: str) -> dict[str, set[str]]:
    """Each module of `app` → the modules of `app` it imports at its top level."""
    paths = [p for p in (SRC / app).rglob("*.py") if "migrations" not in p.parts]
    modules = {_module_name(path) for path in paths}
    graph: dict[str, set[str]] = {}
    for path in paths:
        targets: set[str] = set()
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    # `from package import module` imports that module; anything else
                    # imports the module named after `from`.
                    submodule = f"{node.module}.{alias.name}"
                    targets.add(submodule if submodule in modules else node.module)
            elif isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
        graph[_module_name(path)] = targets & modules
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                found.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return found


def _deferred_without_reason(app: str) -> list[str]:
    """Imports inside functions whose group is not introduced by a comment saying why."""
    bad = []
    for path in (SRC / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        lines = path.read_text().splitlines()
        for function in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if path.name == "apps.py" and function.name == "ready":
                continue  # Django's place for registering: the app's models are loaded by then
            for node in ast.walk(function):
                if not isinstance(node, ast.Import | ast.ImportFrom):
                    continue
                above = node.lineno - 2
                while above >= 0 and lines[above].lstrip().startswith(("from ", "import ")):
                    above -= 1  # a group of imports shares the comment above it
                if "#" not in lines[node.lineno - 1] and not (
                    above >= 0 and lines[above].lstrip().startswith("#")
                ):
                    bad.append(f"{path.relative_to(SRC)}:{node.lineno}")
    return sorted(bad)


@pytest.mark.parametrize("app", APPS)
def test_an_app_has_no_import_circles(app):
    assert _cycles(_top_level_imports(app)) == []


@pytest.mark.parametrize("app", APPS)
def test_an_import_is_deferred_into_a_function_only_with_a_reason(app):
    assert _deferred_without_reason(app) == []


def test_the_circle_and_deferral_rules_can_fail(tmp_path, monkeypatch):
    fake = tmp_path / "chorus" / "demo_app"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "a.py").write_text("from chorus.demo_app import b\n")
    (fake / "b.py").write_text("from chorus.demo_app.a import x\n\ndef f():\n    import json\n")
    monkeypatch.setattr(f"{__name__}.SRC", tmp_path / "chorus")
    assert _cycles(_top_level_imports("demo_app")) != []
    assert _deferred_without_reason("demo_app") == ["demo_app/b.py:4"]


WRITERS = {"audit_record", "audited_create", "audited_update", "audited_delete", "enqueue"}


def _views_that_write() -> list[str]:
    """View modules that write an audit row or queue a task themselves (a service must)."""
    found = []
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts or "views" not in path.stem:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                if name in WRITERS:
                    found.append(f"{path.relative_to(SRC)}:{node.lineno} {name}")
    return sorted(found)


def test_views_leave_audit_rows_and_tasks_to_services():
    assert _views_that_write() == []


def test_template_comments_close_on_their_own_line():
    """Django's `{# … #}` ends at the line's end: one spread over two lines is shown to
    the reader as text. Longer notes use {% comment %}."""
    open_ended = [
        f"{path.relative_to(SRC)}:{number}"
        for path in SRC.rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "{#" in line and "#}" not in line[line.index("{#") :]
    ]
    assert open_ended == []
