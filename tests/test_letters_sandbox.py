"""A template can neither reach inside the program nor ask for unbounded time or memory."""

from __future__ import annotations

import re

import pytest

from letter_docs import make_template
from sdm_desktop.letters.check import check_template
from sdm_desktop.letters.compiled import CompiledTemplate
from sdm_desktop.letters.merge_values import sample_context
from sdm_desktop.letters.sandbox import TemplateTooBig, sandboxed_env

# Each of these would take minutes, gigabytes, or never finish without the bounds.
GREEDY = {
    "repeat": "{{ 'x' * 1000000000 }}",
    "power": "{{ 9 ** (9 ** 9) }}",
    "pad": "{{ 'x'.ljust(1000000000) }}",
    "centre filter": "{{ 'x'|center(1000000000) }}",
    "wide format": "{{ '{:1000000000}'.format('x') }}",
    "wide percent": "{{ '%1000000000s' % 'x' }}",
    "wide format filter": "{{ '%1000000000s'|format('x') }}",
    "loops of loops": "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}",
    "doubling with ~": "{% set a = 'x' * 1000000 %}{% set b = a ~ a %}{% set c = b ~ b %}{{ c }}",
    "join": "{{ range(100000)|join('x' * 1000) }}",
    "replace": "{{ ('x' * 100000).replace('x', 'y' * 1000) }}",
    "batch": "{{ [1]|batch(1000000000, 'x')|list|length }}",
    "endless output": "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
}


@pytest.mark.parametrize("tag", GREEDY.values(), ids=GREEDY.keys())
def test_a_template_asking_for_too_much_is_refused_in_plain_words(tmp_path, tag):
    report = check_template(make_template(tmp_path / "greedy.docx", "Dear {{ recipient_name }},", tag))
    assert not report.usable
    [error] = [p.message for p in report.problems if p.severity == "error"]
    assert "far too big for a letter" in error


def test_a_template_calling_itself_without_end_is_refused(tmp_path):
    path = make_template(tmp_path / "t.docx", "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}")
    [error] = [p.message for p in check_template(path).problems]
    assert "calls itself without end" in error


def test_lorem_ipsum_generator_is_not_available(tmp_path):
    report = check_template(make_template(tmp_path / "t.docx", "{{ lipsum(1000000) }}"))
    assert report.unknown == ["lipsum"]


def test_ordinary_formatting_loops_and_joins_still_work(tmp_path):
    path = make_template(
        tmp_path / "t.docx", "Phone 01632 960000 {{ '%s items'|format(3) }} {{ '{:,}'.format(1500000) }}",
        "{{ 2 ** 10 }} {{ 'ab' * 3 }} {{ address_lines|join(', ') }} {{ 'a-b'.replace('-', '+') }}",
        "{% for line in address_lines %}{{ loop.index }}/{{ loop.length }}{% if loop.last %}.{% endif %}"
        "{% else %}none{% endfor %}")
    assert check_template(path).usable
    compiled = CompiledTemplate(path)
    xml = compiled.render({**sample_context(), "address_lines": ["1 High St", "Fernbridge"]}).body
    assert "3 items" in xml and "1,500,000" in xml
    assert "1024 ababab 1 High St, Fernbridge a+b" in xml
    assert "1/22/2." in xml


def test_the_step_budget_is_per_letter_not_per_run():
    template = sandboxed_env().from_string("{% for i in range(60000) %}{% endfor %}{{ n }}")
    for n in range(5):          # 5 x 60,000 steps would overrun one budget shared between letters
        assert template.render(n=n) == str(n)


def test_greedy_expressions_raise_a_security_error_from_the_environment_itself():
    env = sandboxed_env()
    for source in ("{{ '{0:{1}}'.format('x', 10**9) }}", "{{ 'a\tb'.expandtabs(10**9) }}",
                   "{{ ('ab' * 100)|indent('x' * 100000) }}", "{{ 'x'|wordwrap(1, wrapstring='y' * 10**6) }}"):
        with pytest.raises(TemplateTooBig):
            env.from_string(source).render()


def test_a_template_that_would_unpack_to_far_too_much_is_refused_before_reading_it(tmp_path, monkeypatch):
    import zipfile

    from sdm_desktop.letters import package

    path = make_template(tmp_path / "bomb.docx", "Dear {{ recipient_name }},")
    with (zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive,
          archive.open("word/media/padding.bin", "w") as part):
        for _ in range(3):
            part.write(b"\0" * 1024 * 1024)                     # 3 MB that compress to a few KB
    assert path.stat().st_size < 100_000
    monkeypatch.setattr(package, "MAX_UNPACKED_BYTES", 2 * 1024 * 1024)
    report = check_template(path)
    assert not report.usable
    [error] = [p.message for p in report.problems if p.severity == "error"]
    assert re.search(r"would unpack to \d MB, more than a letter template can be \(at most 2 MB\)", error)
