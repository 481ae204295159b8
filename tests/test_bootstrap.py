"""bootstrap.py: the two commands at the top of the README."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def load_bootstrap(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("bootstrap_under_test", ROOT / "bootstrap.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "VENV", tmp_path / ".venv")
    monkeypatch.setattr(module, "STAMP", tmp_path / ".venv" / ".sdm-desktop-installed")
    return module


def test_a_failed_install_is_one_clear_message_and_is_retried_next_time(tmp_path, monkeypatch):
    bootstrap = load_bootstrap(tmp_path, monkeypatch)
    python = tmp_path / ".venv" / ("Scripts/python.exe" if bootstrap.os.name == "nt" else "bin/python")
    python.parent.mkdir(parents=True)
    python.write_text("")                                  # an existing, half-set-up environment

    def offline(cmd, *a, **k):
        raise subprocess.CalledProcessError(1, cmd)

    monkeypatch.setattr(bootstrap.subprocess, "check_call", offline)
    with pytest.raises(SystemExit) as stopped:
        bootstrap.ensure_environment()
    assert "Could not install SDM Desktop's dependencies" in str(stopped.value.code)
    assert "HTTPS_PROXY" in str(stopped.value.code)
    assert not bootstrap.STAMP.exists()                    # so the next run installs again


def test_the_readme_starts_with_exactly_the_two_bootstrap_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    first_block = readme[readme.index("```") + 1:readme.index("```", readme.index("```") + 1)]
    assert first_block == ["python3 bootstrap.py", "python3 bootstrap.py test"]
    assert readme[0].startswith("# ") and readme.index("```") <= 3


def test_lint_runs_ruff_over_the_sources_and_tests_and_passes_its_verdict_on(tmp_path, monkeypatch):
    bootstrap = load_bootstrap(tmp_path, monkeypatch)
    calls = []
    monkeypatch.setattr(bootstrap, "ensure_environment", lambda: Path("/venv/python"))
    monkeypatch.setattr(bootstrap.subprocess, "call", lambda cmd, cwd: calls.append((cmd, cwd)) or 1)
    assert bootstrap.main(["lint"]) == 1
    assert calls == [(["/venv/python", "-m", "ruff", "check", "src", "tests"], bootstrap.ROOT)]


def test_test_runs_pytest_on_every_core_unless_told_otherwise(tmp_path, monkeypatch):
    bootstrap = load_bootstrap(tmp_path, monkeypatch)
    calls = []
    monkeypatch.setattr(bootstrap, "ensure_environment", lambda: Path("/venv/python"))
    monkeypatch.setattr(bootstrap.subprocess, "call", lambda cmd, cwd: calls.append(cmd) or 3)
    assert bootstrap.main(["test", "-p", "no:cacheprovider"]) == 3
    assert bootstrap.main(["test", "-n", "0", "tests/test_cli.py"]) == 3
    assert bootstrap.main(["test", "-n2"]) == 3
    assert bootstrap.main(["test", "-p", "no:xdist"]) == 3
    assert calls == [["/venv/python", "-m", "pytest", "-n", "auto", "--dist", "worksteal", "-p", "no:cacheprovider"],
                     ["/venv/python", "-m", "pytest", "-n", "0", "tests/test_cli.py"],
                     ["/venv/python", "-m", "pytest", "-n2"],
                     ["/venv/python", "-m", "pytest", "-p", "no:xdist"]]


def test_the_real_tree_passes_the_linter():
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "--quiet", "src", "tests"],
                          cwd=ROOT, capture_output=True, text=True)
    assert ruff.returncode == 0, ruff.stdout[-3000:]
