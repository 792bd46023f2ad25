"""The systemd units in deploy/ are the ones systemd would load, hardened, and point at Chorus.

`systemd-analyze verify --root=DIR` loads a unit as systemd would, against a root in
which the install path (/opt/chorus) exists: it fails when ExecStart's program is
missing. systemd-analyze comes with Debian's systemd package (`.ci/run` and
`make browser` install it when it is missing).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
ANALYZE = "/usr/bin/systemd-analyze"
# The units every service pulls in (sysinit.target, basic.target, …), from the host.
SYSTEM_UNITS = Path("/usr/lib/systemd/system")
UNITS = {
    "chorus-web.service": "/opt/chorus/.venv/bin/chorus serve --bind 127.0.0.1:8000",
    "chorus-worker.service": "/opt/chorus/.venv/bin/chorus worker",
    "chorus-scheduler.service": "/opt/chorus/.venv/bin/chorus scheduler",
}
DATA_DIR = "/var/lib/chorus"


def _service_section(unit: str) -> dict[str, list[str]]:
    """The [Service] settings of a shipped unit: each key with its values, in order."""
    values: dict[str, list[str]] = {}
    section = ""
    for raw in (DEPLOY / unit).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        if section == "Service":
            key, _, value = line.partition("=")
            values.setdefault(key.strip(), []).append(value.strip())
    return values


def _root(tmp_path: Path, *, install: bool = True) -> Path:
    """A root holding the shipped units, systemd's own units and, if `install`, Chorus."""
    root = tmp_path / "root"
    units = root / "etc" / "systemd" / "system"
    units.mkdir(parents=True)
    for unit in UNITS:
        shutil.copy(DEPLOY / unit, units / unit)
    assert SYSTEM_UNITS.is_dir(), f"{SYSTEM_UNITS} is missing: install Debian's systemd"
    shutil.copytree(SYSTEM_UNITS, root / SYSTEM_UNITS.relative_to("/"), symlinks=True)
    (root / "etc" / "chorus").mkdir()
    (root / "etc" / "chorus" / "chorus.env").write_text("", encoding="utf-8")
    if install:
        program = root / "opt" / "chorus" / ".venv" / "bin" / "chorus"
        program.parent.mkdir(parents=True)
        program.write_text("#!/bin/sh\n", encoding="utf-8")
        program.chmod(0o755)
    return root


def _verify(root: Path, unit: str) -> subprocess.CompletedProcess[str]:
    assert Path(ANALYZE).exists(), f"No {ANALYZE}: run `make browser` (apt-get install systemd)."
    return subprocess.run(  # noqa: S603
        [ANALYZE, "verify", "--man=no", f"--root={root}", f"/etc/systemd/system/{unit}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("unit", sorted(UNITS))
def test_systemd_loads_each_unit_without_a_complaint(tmp_path, unit):
    result = _verify(_root(tmp_path), unit)
    # Unknown or misspelt settings are only warnings to systemd: any output counts.
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


@pytest.mark.parametrize("unit", sorted(UNITS))
def test_verify_fails_when_the_installed_program_is_missing(tmp_path, unit):
    result = _verify(_root(tmp_path, install=False), unit)
    assert result.returncode != 0
    assert "/opt/chorus/.venv/bin/chorus is not executable" in result.stderr


def test_verify_reports_a_misspelt_hardening_option(tmp_path):
    root = _root(tmp_path)
    unit = root / "etc" / "systemd" / "system" / "chorus-web.service"
    text = unit.read_text(encoding="utf-8")
    unit.write_text(text.replace("ProtectSystem=strict", "ProtectSytem=strict"), encoding="utf-8")
    result = _verify(root, "chorus-web.service")
    assert "Unknown key 'ProtectSytem'" in result.stderr


@pytest.mark.parametrize("unit", sorted(UNITS))
def test_each_unit_runs_chorus_as_its_own_user_in_a_read_only_system(unit):
    service = _service_section(unit)
    assert service["ExecStart"] == [UNITS[unit]]
    assert service["User"] == ["chorus"]
    assert service["EnvironmentFile"] == ["/etc/chorus/chorus.env"]
    assert service["Environment"] == [f"CHORUS_DATA_DIR={DATA_DIR}"]
    # A scheduler that lost its lock exits cleanly and must come back to wait for it.
    restart = "always" if unit == "chorus-scheduler.service" else "on-failure"
    assert service["Restart"] == [restart]
    for option, value in {
        "ProtectSystem": "strict",
        "NoNewPrivileges": "yes",
        "PrivateTmp": "yes",
        "ProtectHome": "yes",
        "UMask": "0077",
    }.items():
        assert service[option] == [value], option
    writable = " ".join(service["ReadWritePaths"]).split()
    assert writable[0] == DATA_DIR
    # Only the data folder and, for the processes that run backups, the backup folder.
    assert set(writable[1:]) <= {"-/srv/backups/chorus"}
