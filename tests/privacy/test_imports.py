"""`privacy` is a base app: it imports only `lib` and `accounts`, never the apps above it.

Apps register their personal data with privacy (`chorus.privacy.registry`) instead.
"""

from __future__ import annotations

import ast
from pathlib import Path

import chorus.privacy

ALLOWED = {"chorus.lib", "chorus.accounts", "chorus.privacy"}
PRIVACY = Path(chorus.privacy.__file__).parent


def _chorus_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import of a chorus module in the file, deferred ones too."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
            # `from chorus import people` imports the app, not a name in chorus.
            if node.module == "chorus":
                found += [(node.lineno, f"chorus.{alias.name}") for alias in node.names]
    return [(line, module) for line, module in found if module.split(".")[0] == "chorus"]


def _outside(module: str) -> bool:
    return module != "chorus" and ".".join(module.split(".")[:2]) not in ALLOWED


def test_privacy_imports_nothing_but_lib_and_accounts():
    files = sorted(PRIVACY.rglob("*.py"))
    assert len(files) > 10 and PRIVACY / "registry.py" in files
    wrong = [
        f"{path.relative_to(PRIVACY.parent)}:{line} imports {module}"
        for path in files
        for line, module in _chorus_imports(path)
        if _outside(module)
    ]
    assert wrong == []


def test_the_check_sees_every_form_of_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import chorus.people.models\n"
        "from chorus import voices\n"
        "from chorus.lib.crypto import EncryptedTextField\n"
        "def f():\n"
        "    from chorus.media.models import Placement\n"
    )
    outside = [module for _, module in _chorus_imports(sample) if _outside(module)]
    assert outside == ["chorus.people.models", "chorus.voices", "chorus.media.models"]
