"""`--help` everywhere: every command and action says in one line what it does, and every option and
argument has a help text. The tree is walked from build_parser(), so new commands are held to it too."""

from __future__ import annotations

import argparse

import pytest

from sdm_desktop.cli import build_parser, main


def _parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            listed = {choice.dest: choice.help for choice in action._choices_actions}
            for name, child in action.choices.items():
                yield from _parsers(child, path + (name,))
                assert name in listed, f"{' '.join(path + (name,))} is not listed in its parent's --help"


PARSERS = dict(_parsers(build_parser()))


def _listed_help(path: tuple[str, ...]) -> str | None:
    parent = PARSERS[path[:-1]]
    for action in parent._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if choice.dest == path[-1]:
                    return choice.help
    return None


@pytest.mark.parametrize("path", [p for p in PARSERS if p], ids=" ".join)
def test_every_command_has_a_one_line_description(path):
    listed = _listed_help(path)
    assert listed and listed.strip() and "\n" not in listed, f"{' '.join(path)} has no one-line help in its parent"
    parser = PARSERS[path]
    assert parser.description and parser.description.strip(), f"'{' '.join(path)} --help' does not say what it does"


@pytest.mark.parametrize("path", list(PARSERS), ids=lambda p: " ".join(p) or "sdm-desktop")
def test_every_option_and_argument_has_help(path):
    parser = PARSERS[path]
    missing = [action.option_strings[-1] if action.option_strings else action.dest for action in parser._actions
               if not isinstance(action, argparse._SubParsersAction)
               and not (action.help and action.help.strip() and action.help != argparse.SUPPRESS)]
    assert not missing, f"'{' '.join(('sdm-desktop',) + path)} --help': no help for {', '.join(missing)}"


@pytest.mark.parametrize("path", list(PARSERS), ids=lambda p: " ".join(p) or "sdm-desktop")
def test_help_is_printed_and_exits_0(path, capsys):
    with pytest.raises(SystemExit) as done:
        main([*path, "--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    assert out.startswith("usage: sdm-desktop")
    description = PARSERS[path].description
    assert " ".join(description.split()[:4]) in " ".join(out.split())
