"""The sample data: realistic enough that every view is worth looking at."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func, select

from sdm_desktop.db.models import Membership, Organisation, OrganisationType, Person
from sdm_desktop.services.register.organisations import organisation_types


def test_groups_of_every_type_and_over_a_hundred_people(demo_ctx):
    with demo_ctx.session() as s:
        by_type = Counter(s.scalars(select(OrganisationType.name).join(Organisation)))
        people = s.scalar(select(func.count()).select_from(Person))
    assert set(by_type) == set(organisation_types(demo_ctx))
    assert sum(by_type.values()) >= 48 and by_type["Patient Participation Group (PPG)"] >= 10
    assert people >= 100


def test_every_practices_ppg_is_reached_at_the_practice(demo_ctx):
    with demo_ctx.session() as s:
        practices = {o.name: o for o in s.scalars(select(Organisation).join(OrganisationType)
                                                   .where(OrganisationType.name == "GP practice"))}
        ppgs = list(s.scalars(select(Organisation).join(OrganisationType)
                              .where(OrganisationType.name == "Patient Participation Group (PPG)")))
        assert ppgs
        for ppg in ppgs:
            practice = practices[ppg.name.removesuffix(" Patient Participation Group")]
            assert (ppg.postcode, ppg.town, ppg.phone) == (practice.postcode, practice.town, practice.phone)
            assert ppg.address_line1 == f"c/o {practice.name}" and ppg.address_line2 == practice.address_line1


def test_clinicians_are_written_to_at_their_practice(demo_ctx):
    with demo_ctx.session() as s:
        rows = s.execute(select(Person, Organisation).join(Membership, Membership.person_id == Person.id)
                         .join(Organisation).where(Membership.role == "clinician")).all()
        assert rows
        for person, practice in rows:
            assert (person.address_line1, person.postcode) == (practice.name, practice.postcode)


def test_consent_is_dated_in_the_past_and_people_belong_to_several_groups(demo_ctx):
    with demo_ctx.session() as s:
        consenting = list(s.scalars(select(Person).where(Person.consent_contact.is_(True))))
        groups_each = Counter(s.scalars(select(Membership.person_id)))
    assert consenting
    assert all(p.consent_contact_date and p.consent_contact_date <= date.today() for p in consenting)
    assert all(p.consent_data_date == p.consent_contact_date for p in consenting if p.consent_data)
    assert sum(1 for n in groups_each.values() if n > 1) >= 10


def test_participant_type_agrees_with_the_patient_representative_flag(demo_ctx):
    with demo_ctx.session() as s:
        pairs = set(s.execute(select(Person.is_patient_rep, Person.participant_type)))
    assert (True, "patient_rep") in pairs
    assert all((kind == "patient_rep") == rep for rep, kind in pairs if kind)


def test_every_sample_ppg_is_linked_to_its_practice(demo_ctx):
    with demo_ctx.session() as s:
        practices = {o.id: o.name for o in s.scalars(select(Organisation).join(OrganisationType)
                                                      .where(OrganisationType.name == "GP practice"))}
        ppgs = list(s.scalars(select(Organisation).join(OrganisationType)
                              .where(OrganisationType.name == "Patient Participation Group (PPG)")))
        assert len(ppgs) == 14 and len(practices) == 19        # five practices come from the sample ODS import
        assert all(ppg.name == f"{practices[ppg.reached_through_id]} Patient Participation Group" for ppg in ppgs)


def test_sample_data_loaded_before_the_links_is_linked_once_when_demo_is_repeated(demo_ctx, capsys):
    from sdm_desktop.cli import main
    from sdm_desktop.db.models import Setting
    from sdm_desktop.services.demo.loader import LINKS_MARKER
    from sdm_desktop.services.letters.recipients import RecipientRequest, select_recipients

    with demo_ctx.session() as s:           # as an older version left it
        for org in s.scalars(select(Organisation)):
            org.reached_through_id = None
        s.delete(s.get(Setting, LINKS_MARKER))
    written_before = len(select_recipients(demo_ctx, RecipientRequest("organisations"))[0])
    data_dir = demo_ctx.data_dir
    demo_ctx.close()
    assert main(["--data-dir", str(data_dir), "demo"]) == 0
    assert capsys.readouterr().out.strip() == (
        "The sample data is already loaded; Linked 14 sample Patient Participation Groups to their GP practices.")
    assert main(["--data-dir", str(data_dir), "demo"]) == 0
    assert capsys.readouterr().out.strip() == "The sample data is already loaded; nothing changed."
    from sdm_desktop.services.opening import open_context
    ctx = open_context(data_dir)
    try:
        with ctx.session() as s:
            assert s.scalar(select(func.count()).where(Organisation.reached_through_id.is_not(None))) == 14
        assert len(select_recipients(ctx, RecipientRequest("organisations"))[0]) == written_before - 14
    finally:
        ctx.close()
