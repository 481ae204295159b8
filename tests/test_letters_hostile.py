"""Templates written to eat the machine are refused quickly, with the template and the paragraph named.

Without the bounds each of these took minutes and gigabytes (see the figures in CHANGELOG.md).
"""

from __future__ import annotations

import sys

import pytest

from helpers import make_org
from letter_docs import make_template
from sdm_desktop.errors import UserError
from sdm_desktop.letters import isolation
from sdm_desktop.letters.check import check_template
from sdm_desktop.letters.render import render_docx
from sdm_desktop.services.letters.recipients import RecipientRequest
from sdm_desktop.services.letters.runs import LetterRequest, write_letters


def doubling(kind: str, depth: int = 40) -> str:
    """a0 is one item; each of a1 … a40 holds the one before twice: 2**40 items when printed."""
    if kind == "dict":
        first, step = "{'k': 1}", "{{'l': a{before}, 'r': a{before}}}"
    else:
        first, step = "[1]", "[a{before}, a{before}]"
    sets = [f"{{% set a0 = {first} %}}"]
    sets += [f"{{% set a{i} = {step.format(before=i - 1)} %}}" for i in range(1, depth + 1)]
    return "".join(sets)


HOSTILE = {
    "nested lists printed": doubling("list") + "{{ a40 }}",
    "nested tables as JSON": doubling("dict") + "{{ a40|tojson }}",
    "nested lists as text in a loop": doubling("list") + "{% for x in a40 %}{{ x|string }}{% endfor %}",
    "nested lists joined with ~": doubling("list") + "{{ a40 ~ '' }}",
    "nested lists formatted": doubling("list") + "{{ '%s' % (a40,) }}{{ '{}'.format(a40) }}",
    "a million centred pieces": "{{ ('x'*999999)|list|map('center',9999)|join }}",
    "a third of a million pieces formatted": "{{ ('%s'*333333) % (('x'*999999,)*333333) }}",
    "just under every old limit": "{% for i in range(99999) %}{{ 'x'*495 }}{% endfor %}",
}


@pytest.mark.parametrize("tag", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_template_is_refused_by_the_check_naming_the_paragraph(tmp_path, tag):
    report = check_template(make_template(tmp_path / "hostile.docx", "Dear {{ salutation }},", tag))
    assert not report.usable
    [error] = [p.message for p in report.problems if p.severity == "error"]
    assert "far too big for a letter" in error
    assert "near paragraph 2" in error


def test_a_mailing_with_a_template_that_grows_with_every_letter_is_refused_and_writes_nothing(ctx, tmp_path):
    for n in range(3):
        make_org(ctx, f"Group {n}", address_line1="1 High St", town="Fernbridge", postcode="EX1 1AA")
    # literal text, not made by the template: only the size of what it writes stops it
    template = make_template(tmp_path / "legal.docx", "{% for i in range(99999) %}" + "x" * 495 + "{% endfor %}")
    with pytest.raises(UserError, match=r"legal\.docx.*more than 10,000,000 characters") as caught:
        write_letters(ctx, LetterRequest(template, tmp_path / "out", RecipientRequest("organisations")))
    assert "Traceback" not in str(caught.value)
    assert not (tmp_path / "out").exists()


def _equal_but_separate(depth: int = 40) -> str:
    """Two nested lists built apart: comparing them looks at 2**40 items inside one C call, which no
    check in the sandbox can interrupt."""
    return doubling("list", depth) + doubling("list", depth).replace("a", "b") + "{{ a40 == b40 }}"


def test_a_template_that_slips_past_the_sandbox_is_stopped_by_the_time_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(isolation, "STEP_SECONDS", 2.0)
    report = check_template(make_template(tmp_path / "compare.docx", "Dear {{ salutation }},",
                                          _equal_but_separate()))
    [error] = [p.message for p in report.problems if p.severity == "error"]
    assert error.startswith("checking it took longer than 2 seconds and was stopped")
    assert check_template(make_template(tmp_path / "fine.docx", "Dear {{ salutation }},")).usable  # a new worker


def test_a_certificate_or_report_template_is_held_to_the_same_time_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(isolation, "STEP_SECONDS", 2.0)
    template = make_template(tmp_path / "certificate.docx", "Awarded to {{ recipient_name }}", _equal_but_separate())
    with pytest.raises(UserError, match=r"^Cannot fill in the template certificate.docx: filling it in took longer "
                                        r"than 2 seconds and was stopped"):
        render_docx(template, {"recipient_name": "Ada"}, tmp_path / "out" / "certificate.docx")
    assert not (tmp_path / "out" / "certificate.docx").exists()
    fine = make_template(tmp_path / "fine.docx", "Awarded to {{ recipient_name }}")
    assert render_docx(fine, {"recipient_name": "Ada"}, tmp_path / "out" / "fine.docx").exists()   # a new worker


def allocate_a_lot(step=None) -> int:
    """Run in the worker: far more memory than it may have."""
    return len(bytearray(4 * isolation.MEMORY_LIMIT))


def answer(value, step=None):
    return value


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the memory limit is enforced on Linux only")
def test_the_worker_is_held_to_its_memory_limit():
    with pytest.raises(isolation.TemplateOverrun, match=r"^testing needed more than 1,024 MB of memory"):
        isolation.run_isolated(allocate_a_lot, doing="testing")
    assert isolation.run_isolated(answer, 42, doing="testing again") == 42     # in a new worker
