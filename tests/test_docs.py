"""The docs must keep up with the code: every setting, command and role is documented."""

from __future__ import annotations

import re
from pathlib import Path

from chorus.accounts.roles import Role
from chorus.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
ENV_READ = re.compile(
    r'(?:env(?:str|bool|int|list)|os\.environ\.(?:get|setdefault))\(\s*"([A-Z][A-Z0-9_]+)"'
)


def _env_vars_in_code() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "src").rglob("*.py"):
        names |= set(ENV_READ.findall(path.read_text(encoding="utf-8")))
    return names


def test_it_finds_the_environment_variables_the_code_reads():
    assert {"SECRET_KEY", "DATABASE_URL", "CHORUS_DATA_DIR", "ALLOWED_HOSTS"} <= _env_vars_in_code()


def test_it_documents_every_environment_variable():
    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = sorted(name for name in _env_vars_in_code() if f"`{name}`" not in doc)
    assert missing == [], f"Undocumented in docs/configuration.md: {missing}"


def test_it_documents_the_file_form_of_each_secret():
    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    for secret in ("SECRET_KEY", "DATABASE_URL", "EMAIL_HOST_PASSWORD"):
        assert f"`{secret}_FILE`" in doc


def test_it_documents_every_chorus_command():
    doc = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    subparsers = next(a for a in build_parser()._actions if a.dest == "command")
    missing = [name for name in subparsers.choices if f"`chorus {name}" not in doc]
    assert missing == []


def test_it_documents_every_management_command_of_ours():
    doc = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    commands = [
        p.stem
        for p in (ROOT / "src" / "chorus").glob("*/management/commands/*.py")
        if p.stem != "__init__"
    ]
    assert commands, "expected management commands"
    assert [c for c in commands if f"`{c}`" not in doc] == []


def test_it_documents_every_role():
    doc = (ROOT / "docs" / "roles.md").read_text(encoding="utf-8")
    assert [role.label for role in Role if role.label not in doc] == []


def test_readme_names_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme


MARKDOWN_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_every_relative_link_in_the_docs_reaches_a_file():
    pages = [ROOT / "README.md", ROOT / "deploy" / "README.md", *(ROOT / "docs").glob("*.md")]
    broken = [
        f"{page.relative_to(ROOT)}: {target}"
        for page in pages
        for target in MARKDOWN_LINK.findall(page.read_text(encoding="utf-8"))
        if "://" not in target and not (page.parent / target).exists()
    ]
    assert broken == []


def test_the_deploy_guide_sets_only_documented_settings_and_runs_real_commands():
    guide = (ROOT / "deploy" / "README.md").read_text(encoding="utf-8")
    env_file = (
        guide.split("`/etc/chorus/chorus.env` (group", 1)[1].split("```sh", 1)[1].split("```")[0]
    )
    names = re.findall(r"^([A-Z][A-Z0-9_]+)=", env_file, flags=re.MULTILINE)
    assert {"SECRET_KEY_FILE", "DATABASE_URL_FILE", "CHORUS_BACKUP_KEY_FILE"} <= set(names)
    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert [name for name in names if f"`{name}`" not in doc] == []

    subparsers = next(a for a in build_parser()._actions if a.dest == "command")
    used = set(re.findall(r"^chorus (\w+)", guide, flags=re.MULTILINE))
    assert {"backup", "restore", "manage"} <= used
    assert used - set(subparsers.choices) == set()


GUIDE = ROOT / "docs" / "guide"
GUIDE_IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
GUIDE_JOBS = (
    "Record a placement",
    "Match a request",
    "Raise a concern",
    "Build the round-up",
    "Run a training day",
    "Publish the report",
)


def test_the_staff_guide_has_a_page_for_every_role_listed_in_its_index():
    index = (GUIDE / "README.md").read_text(encoding="utf-8")
    pages = {role: GUIDE / f"{role.value.replace('_', '-')}.md" for role in Role}
    assert [role.label for role, page in pages.items() if not page.exists()] == []
    assert [
        role.label for role in Role if f"| {role.label} | [{pages[role].name}]" not in index
    ] == []


def test_every_screenshot_the_guide_shows_exists_and_each_page_shows_some():
    pages = sorted(GUIDE.glob("*.md"))
    images = {page.name: GUIDE_IMAGE.findall(page.read_text(encoding="utf-8")) for page in pages}
    assert [name for name, found in images.items() if not found and name != "README.md"] == []
    missing = [
        f"{name}: {src}"
        for name, found in images.items()
        for src in found
        if not (GUIDE / src).is_file()
    ]
    assert missing == []
    # Each is a PNG at the guide's size, so the guide stays light and consistent.
    for src in {src for found in images.values() for src in found}:
        head = (GUIDE / src).read_bytes()[:24]
        assert head[:8] == b"\x89PNG\r\n\x1a\n", src
        assert (int.from_bytes(head[16:20]), int.from_bytes(head[20:24])) == (1280, 800), src


def test_the_guide_says_how_to_do_each_job():
    headings = {
        line.lstrip("# ").strip()
        for page in GUIDE.glob("*.md")
        for line in page.read_text(encoding="utf-8").splitlines()
        if line.startswith("## ")
    }
    assert [job for job in GUIDE_JOBS if job not in headings] == []


def test_the_guide_links_reach_their_files():
    broken = [
        f"{page.name}: {target}"
        for page in GUIDE.glob("*.md")
        for target in MARKDOWN_LINK.findall(page.read_text(encoding="utf-8"))
        if "://" not in target and not (page.parent / target).exists()
    ]
    assert broken == []
