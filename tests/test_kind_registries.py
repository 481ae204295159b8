"""`export KIND` and `report KIND` come from registries: a feature that lists a kind in its own module (this test
module, here) gets the command, its options and its place in --help without editing another feature's module."""

from __future__ import annotations

import csv

import pytest

from sdm_desktop.cli import main
from sdm_desktop.services.core.registry import Option
from sdm_desktop.services.exporting import registry as export_registry
from sdm_desktop.services.exporting.kinds import INCLUDE_NO_CONTACT, ExportKind
from sdm_desktop.services.exporting.tables import Table
from sdm_desktop.services.reporting import registry as report_registry
from sdm_desktop.services.reporting.kinds import PERIOD_FROM, PERIOD_TO, ReportKind

GREETING = Option(("--greeting",), "greeting", "the word to greet with (greetings)", metavar="WORD")
TEXT_OUTPUT = Option(("-o", "--output"), "output", "the text file to write", metavar="FILE.txt", required=True)


def build_greetings(ctx, options) -> tuple[Table, str]:
    """What the kind was given, as a table: only its own options reach it."""
    rows = [[options.greeting or "hello", options.include_no_contact, sorted(vars(options))]]
    return Table(["greeting", "include_no_contact", "options"], rows, len(rows), "Greetings"), "Greetings: a note."


def write_tally(ctx, options, progress) -> str:
    """A report kind: writes a line for the period (dates already read) and says what it wrote."""
    with open(options.output, "w", encoding="utf-8") as handle:
        handle.write(f"{options.date_from.isoformat()} to {options.date_to.isoformat()}\n")
    return f"Tally written to {options.output}."


EXPORT_KINDS = (ExportKind("greetings", "a greeting per row (a test kind)", build_greetings,
                           (INCLUDE_NO_CONTACT, GREETING)),)
REPORT_KINDS = (ReportKind("tally", "the period, counted (a test kind)", write_tally,
                           (PERIOD_FROM, PERIOD_TO, TEXT_OUTPUT)),)


@pytest.fixture
def registered(monkeypatch):
    """This module registered as one more feature's export and report module."""
    monkeypatch.setattr(export_registry, "FEATURE_EXPORT_MODULES", [*export_registry.FEATURE_EXPORT_MODULES, __name__])
    monkeypatch.setattr(report_registry, "FEATURE_REPORT_MODULES", [*report_registry.FEATURE_REPORT_MODULES, __name__])


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def help_of(capsys, *argv) -> str:
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help"])
    assert done.value.code == 0
    return " ".join(capsys.readouterr().out.split())


def test_a_registered_export_kind_is_exported_with_its_own_options(registered, data_dir, tmp_path, capsys):
    target = tmp_path / "greetings.csv"
    code, out, err = run(capsys, "--data-dir", data_dir, "export", "greetings", "-o", target, "--greeting", "hiya")
    assert code == 0
    assert out.strip() == f"Exported 1 greetings rows to {target}"
    assert err.strip() == "Greetings: a note."
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [["greeting", "include_no_contact", "options"],
                    ["hiya", "no", "['greeting', 'include_no_contact']"]]


def test_a_registered_export_kind_is_listed_in_export_help_with_its_option(registered, capsys):
    text = help_of(capsys, "export")
    assert "greetings, interactions" in text                  # the KIND list, in order of name
    assert "--greeting WORD the word to greet with (greetings)" in text


def test_a_registered_kinds_own_option_is_refused_by_the_other_kinds(registered, data_dir, tmp_path, capsys):
    code, out, err = run(capsys, "--data-dir", data_dir, "export", "resources", "-o", tmp_path / "r.csv",
                         "--greeting", "hiya")
    assert code == 1 and not out
    assert err.strip() == ("sdm-desktop: error: --greeting does not apply to an export of resources "
                           "(it takes no filters); nothing was written.")
    assert not (tmp_path / "r.csv").exists()


def test_an_unregistered_kind_is_wrong_usage(data_dir, tmp_path, capsys):
    with pytest.raises(SystemExit) as done:
        main(["--data-dir", str(data_dir), "export", "greetings", "-o", str(tmp_path / "g.csv")])
    assert done.value.code == 2
    assert "invalid choice: 'greetings'" in capsys.readouterr().err


def test_a_registered_report_kind_is_written_and_listed_in_report_help(registered, data_dir, tmp_path, capsys):
    assert "tally the period, counted (a test kind)" in help_of(capsys, "report")
    assert "--from DATE --to DATE -o FILE.txt" in help_of(capsys, "report", "tally")
    target = tmp_path / "tally.txt"
    code, out, _ = run(capsys, "--data-dir", data_dir, "report", "tally", "--from", "2026-01-01",
                       "--to", "2026-03-31", "-o", target)
    assert code == 0
    assert out.strip() == f"Tally written to {target}."
    assert target.read_text(encoding="utf-8") == "2026-01-01 to 2026-03-31\n"


def test_a_registered_report_kind_gets_the_period_checks(registered, data_dir, tmp_path, capsys):
    code, _, err = run(capsys, "--data-dir", data_dir, "report", "tally", "--from", "2026-04-01",
                       "--to", "2026-03-31", "-o", tmp_path / "tally.txt")
    assert code == 1
    assert err.strip() == "sdm-desktop: error: The period ends (2026-03-31) before it starts (2026-04-01)."
    assert not (tmp_path / "tally.txt").exists()


def test_two_kinds_with_one_name_are_refused(monkeypatch):
    monkeypatch.setattr(export_registry, "FEATURE_EXPORT_MODULES",
                        [*export_registry.FEATURE_EXPORT_MODULES, __name__, __name__])
    with pytest.raises(ValueError, match="'greetings'"):
        export_registry.export_kinds()
