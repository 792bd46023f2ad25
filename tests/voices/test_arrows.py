"""voices owns consent and the judges; it imports no other domain app.

Apps that use stories (media today; social, podcast, reports next) import voices and
register with it (`chorus.voices.uses`, `chorus.voices.outlets`); never the other way.
"""

from __future__ import annotations

import ast
from pathlib import Path

import chorus.voices

# What voices may build on: the shared base, the directory, audit and accounts.
ALLOWED = ("chorus.voices", "chorus.lib", "chorus.accounts", "chorus.people", "chorus.privacy")


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def test_voices_imports_no_other_domain_app():
    root = Path(chorus.voices.__file__).parent
    files = sorted(root.rglob("*.py"))
    assert any(f.parts[-2:] == ("consent", "__init__.py") for f in files)
    wrong = [
        f"{path.relative_to(root)}:{line} imports {module}"
        for path in files
        for line, module in _imports(path)
        if (module == "chorus" or module.startswith("chorus."))
        and not any(module == ok or module.startswith(f"{ok}.") for ok in ALLOWED)
    ]
    assert wrong == []


def test_voices_migrations_do_not_depend_on_media():
    root = Path(chorus.voices.__file__).parent / "migrations"
    for path in sorted(root.glob("0*.py")):
        text = path.read_text()
        assert "('media'," not in text and '("media",' not in text, path.name
        assert "to='media." not in text and 'to="media.' not in text, path.name
