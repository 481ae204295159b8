"""The register's rules, without Qt."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from helpers import make_org, make_person
from sdm_desktop.db.models import AuditEvent, Membership, Organisation, Person
from sdm_desktop.services.core.validation import ValidationError, normalise_postcode
from sdm_desktop.services.register import organisations as orgs
from sdm_desktop.services.register import people
from sdm_desktop.services.register.duplicates import find_similar_organisations, find_similar_people
from sdm_desktop.services.register.organisations import OrganisationInput
from sdm_desktop.services.register.search import (
    RegisterFilter,
    SortKey,
    load_organisation_rows,
    load_person_rows,
    search_organisation_ids,
    search_person_ids,
)


def test_postcodes_are_checked_and_normalised():
    assert normalise_postcode(" sw1a1aa ") == "SW1A 1AA"
    assert normalise_postcode("ls1 4ap") == "LS1 4AP"
    with pytest.raises(ValueError):
        normalise_postcode("12345")


def test_organisation_is_stored_with_clean_values_and_audited(ctx):
    org_id = make_org(ctx, "  Riverside PPG ", postcode="ls14ap", ods_code="a81001", email="Chair@Example.ORG",
                      tags=["carers", " seldom heard ", "carers"], ppe_service=True)
    stored = orgs.get_organisation(ctx, org_id)
    assert stored.name == "Riverside PPG"
    assert stored.postcode == "LS1 4AP"
    assert stored.ods_code == "A81001"
    assert stored.email == "Chair@example.org"
    assert stored.tags == ["carers", "seldom heard"]
    with ctx.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.entity_id == org_id)) == 1


def test_every_bad_field_is_named_and_nothing_is_stored(ctx):
    with pytest.raises(ValidationError) as caught:
        orgs.create_organisation(ctx, OrganisationInput(name="", org_type="Spaceship", postcode="nope",
                                                        email="not-an-email", ods_code="!!"))
    assert set(caught.value.errors) == {"name", "org_type", "postcode", "email", "ods_code"}
    assert search_organisation_ids(ctx, RegisterFilter()) == []


def test_huge_values_are_refused_not_truncated(ctx):
    with pytest.raises(ValidationError) as caught:
        make_org(ctx, "x" * 301)
    assert "too long" in caught.value.errors["name"]


def test_a_tag_too_long_is_refused_not_cut_short_and_saving_it_twice_is_no_crash(ctx):
    long_tag = "t" * 100
    with pytest.raises(ValidationError) as caught:
        make_org(ctx, "Tagged Group", tags=[long_tag])
    assert "too long (100 characters; at most 80)" in caught.value.errors["tags"]
    with pytest.raises(ValidationError):
        make_person(ctx, "Tagged", tags=[long_tag])
    assert search_organisation_ids(ctx, RegisterFilter()) == []
    first = make_org(ctx, "Tagged Group", tags=["t" * 80, " seldom   heard "])
    second = make_org(ctx, "Another Group", tags=["t" * 80])
    assert orgs.get_organisation(ctx, first).tags == ["seldom heard", "t" * 80]
    assert orgs.get_organisation(ctx, second).tags == ["t" * 80]


def test_membership_roles_are_tidied_and_a_role_too_long_is_refused(ctx):
    ppg = make_org(ctx)
    with pytest.raises(ValidationError) as caught:
        make_person(ctx, "Long", orgs=[(ppg, "r" * 81)])
    assert "role that is too long" in caught.value.errors["memberships"]
    person = make_person(ctx, "Tidy", orgs=[(ppg, "  Patient   Representative ")])
    assert [m.role for m in people.get_person(ctx, person).memberships] == ["patient representative"]


def test_control_characters_are_refused_and_line_breaks_in_one_line_fields_become_spaces(ctx):
    with pytest.raises(ValidationError) as caught:
        make_org(ctx, "Bell\x07 Group", email="a\x00b@example.org")
    assert set(caught.value.errors) == {"name", "email"}
    assert "control character" in caught.value.errors["name"]
    with pytest.raises(ValidationError) as caught:
        make_person(ctx, "Null\x00", role="Chair")
    assert set(caught.value.errors) == {"last_name"}
    org = make_org(ctx, "Two\r\nLine\tGroup", address_line1="1 High St\n", notes="line one\nline two")
    stored = orgs.get_organisation(ctx, org)
    assert (stored.name, stored.address_line1, stored.notes) == ("Two Line Group", "1 High St", "line one\nline two")


def test_search_matches_any_field_ignoring_case_and_accents(ctx):
    ppg = make_org(ctx, "Riverside PPG", postcode="LS1 4AP")
    make_org(ctx, "Hilltop Carers", org_type="Carers' group", tags=["seldom heard"])
    zoe = make_person(ctx, "O'Brien", "Zoë", orgs=[(ppg, "chair")], email="zoe@example.org")
    assert search_organisation_ids(ctx, RegisterFilter(text="ls14ap")) == [ppg]
    assert len(search_organisation_ids(ctx, RegisterFilter(text="SELDOM"))) == 1
    assert search_person_ids(ctx, RegisterFilter(text="zoe riverside")) == [zoe]
    assert search_person_ids(ctx, RegisterFilter(text="o'brien")) == [zoe]
    assert search_person_ids(ctx, RegisterFilter(text="100%")) == []


def test_a_pasted_paragraph_or_a_huge_word_in_the_search_is_no_crash(ctx):
    org = make_org(ctx, "Riverside PPG", notes="meets monthly")
    paragraph = "riverside " + " ".join(f"word{i}" for i in range(3000))
    assert search_organisation_ids(ctx, RegisterFilter(text=paragraph)) == []      # all words must match
    assert search_person_ids(ctx, RegisterFilter(text="x" * 200_000)) == []
    assert search_organisation_ids(ctx, RegisterFilter(text="riverside riverside monthly")) == [org]


def test_access_needs_and_who_letters_go_to_are_searchable_too(ctx):
    polish = make_person(ctx, "Nowak", needs_interpreter=True, interpreter_language="Polish")
    ramp = make_person(ctx, "Step", access_needs_other="Step-free access please", needs_large_print=True)
    plain = make_person(ctx, "Plain")
    forum = make_org(ctx, "Forum", addressee_role="The Secretary")
    assert search_person_ids(ctx, RegisterFilter(text="polish")) == [polish]
    assert search_person_ids(ctx, RegisterFilter(text="interpreter")) == [polish]
    assert search_person_ids(ctx, RegisterFilter(text="step-free")) == [ramp]
    assert search_person_ids(ctx, RegisterFilter(text="large print")) == [ramp]
    assert plain not in search_person_ids(ctx, RegisterFilter(text="print"))
    assert search_organisation_ids(ctx, RegisterFilter(text="secretary")) == [forum]


def test_filters_by_type_level_tag_and_active(ctx):
    a = make_org(ctx, "A group", ppe_community=True, tags=["north"])
    b = make_org(ctx, "B group", org_type="Healthwatch", active=False)
    assert search_organisation_ids(ctx, RegisterFilter(org_type="Healthwatch")) == [b]
    assert search_organisation_ids(ctx, RegisterFilter(ppe_level="community")) == [a]
    assert search_organisation_ids(ctx, RegisterFilter(tag="north")) == [a]
    assert search_organisation_ids(ctx, RegisterFilter(active=True)) == [a]
    assert search_organisation_ids(ctx, RegisterFilter(), SortKey("name", descending=True)) == [b, a]


def test_people_are_found_through_their_groups(ctx):
    hw = make_org(ctx, "Healthwatch Town", org_type="Healthwatch")
    member = make_person(ctx, "Member", orgs=[(hw, "member")])
    make_person(ctx, "Loner")
    assert search_person_ids(ctx, RegisterFilter(org_type="Healthwatch")) == [member]
    assert search_person_ids(ctx, RegisterFilter(organisation_id=hw)) == [member]
    row = load_person_rows(ctx, [member])[member]
    assert row.organisations == "Healthwatch Town (member)"


def test_renaming_a_group_updates_how_its_members_are_found(ctx):
    org_id = make_org(ctx, "Old Name Group")
    pid = make_person(ctx, "Member", orgs=[(org_id, "member")])
    data = orgs.get_organisation(ctx, org_id)
    data.name = "Brand New Forum"
    orgs.update_organisation(ctx, org_id, data)
    assert search_person_ids(ctx, RegisterFilter(text="brand new")) == [pid]


def test_delete_then_undo_puts_back_the_group_and_its_memberships(ctx):
    org_id = make_org(ctx, "Doomed Group", tags=["t1"])
    pid = make_person(ctx, "Member", orgs=[(org_id, "secretary")])
    orgs.delete_organisations(ctx, [org_id])
    assert search_organisation_ids(ctx, RegisterFilter()) == []
    with ctx.session() as s:
        assert s.scalar(select(func.count()).select_from(Membership)) == 0
    assert ctx.undo.next_label == "delete 1 organisation"
    ctx.undo.undo()
    assert search_organisation_ids(ctx, RegisterFilter()) == [org_id]
    assert people.get_person(ctx, pid).memberships[0].role == "secretary"
    assert orgs.get_organisation(ctx, org_id).tags == ["t1"]


def test_undo_of_an_edit_restores_the_previous_values(ctx):
    pid = make_person(ctx, "Before", email="before@example.org")
    data = people.get_person(ctx, pid)
    data.last_name, data.email = "After", "after@example.org"
    people.update_person(ctx, pid, data)
    assert people.get_person(ctx, pid).last_name == "After"
    ctx.undo.undo()
    restored = people.get_person(ctx, pid)
    assert (restored.last_name, restored.email) == ("Before", "before@example.org")


def test_undo_of_an_add_removes_it(ctx):
    pid = make_person(ctx, "Added")
    assert ctx.undo.next_label == "add Ada Added"
    ctx.undo.undo()
    with ctx.session() as s:
        assert s.get(Person, pid) is None


def test_undo_of_archiving_several_leaves_one_archived_before_archived(ctx):
    old = make_org(ctx, "Archived Long Ago")
    orgs.set_archived(ctx, [old], True)
    with ctx.session() as s:
        when = s.get(Organisation, old).archived_at
    new = make_org(ctx, "Still Active")
    orgs.set_archived(ctx, [old, new], True)
    ctx.undo.undo()
    with ctx.session() as s:
        assert s.get(Organisation, old).archived_at == when
        assert s.get(Organisation, new).archived_at is None


def test_archived_rows_are_hidden_unless_asked_for(ctx):
    org_id = make_org(ctx, "Sleepy Group")
    orgs.set_archived(ctx, [org_id], True)
    assert search_organisation_ids(ctx, RegisterFilter()) == []
    assert search_organisation_ids(ctx, RegisterFilter(include_archived=True)) == [org_id]
    assert load_organisation_rows(ctx, [org_id])[org_id].archived
    ctx.undo.undo()
    assert search_organisation_ids(ctx, RegisterFilter()) == [org_id]


def test_duplicates_are_spotted_by_ods_code_email_or_similar_name_and_postcode(ctx):
    first = make_org(ctx, "St Mary's Surgery PPG", postcode="LS1 4AP", ods_code="B82005", email="ppg@example.org")
    assert find_similar_organisations(ctx, "Other", ods_code="b82005")[0].reason == "same ODS code B82005"
    assert find_similar_organisations(ctx, "Other", email="PPG@example.org")[0].id == first
    similar = find_similar_organisations(ctx, "St Marys Surgery P.P.G.", postcode="ls14ap")
    assert [d.reason for d in similar] == ["very similar name at the same postcode"]
    assert find_similar_organisations(ctx, "Completely Different Forum", postcode="LS1 4AP") == []
    assert find_similar_organisations(ctx, "St Mary's Surgery PPG", postcode="LS1 4AP", exclude_id=first) == []


def test_similar_people_are_spotted(ctx):
    make_person(ctx, "Birchwood", "Jon", postcode="EX1 1AA", email="jon@example.org")
    assert find_similar_people(ctx, "John", "Birchwood", postcode="EX1 1AA")[0].name == "Jon Birchwood"
    assert find_similar_people(ctx, "Someone", "Else", email="JON@example.org")[0].reason.startswith("same email")
    assert find_similar_people(ctx, "Mary", "Smith", postcode="EX1 1AA") == []


def test_email_is_required_when_it_is_the_preferred_channel(ctx):
    with pytest.raises(ValidationError) as caught:
        make_person(ctx, "NoMail", preferred_channel="email")
    assert "email" in caught.value.errors


def test_a_phone_is_required_for_phone_or_text_and_consent_cannot_be_dated_in_the_future(ctx):
    from datetime import date, timedelta
    with pytest.raises(ValidationError) as caught:
        make_person(ctx, "NoPhone", preferred_channel="text",
                    consent_contact_date=date.today() + timedelta(days=3),
                    consent_data=True, consent_data_date=date.today() + timedelta(days=400))
    assert set(caught.value.errors) == {"phone", "consent_contact_date", "consent_data_date"}
    assert "text message" in caught.value.errors["phone"]
    assert "in the future" in caught.value.errors["consent_contact_date"]
    person = make_person(ctx, "Phoned", preferred_channel="phone", phone="01632 960000",
                         consent_contact_date=date.today())
    assert people.get_person(ctx, person).consent_contact_date == date.today()


def test_contact_rules_honour_do_not_contact_and_consent(ctx):
    ok = make_person(ctx, "Ok", consent_contact=True)
    dnc = make_person(ctx, "Dnc", consent_contact=True, do_not_contact=True)
    none = make_person(ctx, "None", consent_contact=False)
    with ctx.session() as s:
        assert people.can_be_contacted(s.get(Person, ok)) == (True, "")
        assert people.can_be_contacted(s.get(Person, dnc)) == (False, "marked do not contact")
        assert people.can_be_contacted(s.get(Person, none)) == (False, "no consent to be contacted")


def test_an_undo_that_meets_a_busy_database_stays_on_the_stack_to_try_again(ctx):
    from sqlalchemy.exc import OperationalError

    from sdm_desktop.services.core.undo import UndoStep

    attempts = []

    def revert():
        attempts.append(1)
        if len(attempts) == 1:
            raise OperationalError("DELETE ...", {}, Exception("database is locked"))

    ctx.undo.clear()
    ctx.undo.push(UndoStep("add Busy Group", revert))
    with pytest.raises(OperationalError):
        ctx.undo.undo()
    assert ctx.undo.next_label == "add Busy Group"
    assert ctx.undo.undo() == "add Busy Group"
    assert ctx.undo.next_label is None and len(attempts) == 2


def test_an_undo_that_cannot_ever_succeed_is_dropped(ctx):
    from sdm_desktop.services.core.undo import UndoStep

    def revert():
        raise LookupError("No organisation with id 5")

    ctx.undo.clear()
    ctx.undo.push(UndoStep("edit Gone Group", revert))
    with pytest.raises(LookupError):
        ctx.undo.undo()
    assert ctx.undo.next_label is None


def test_search_text_made_by_an_older_version_is_rebuilt_once_when_the_database_is_opened(data_dir):
    from sqlalchemy import update

    from sdm_desktop.db.models import Setting
    from sdm_desktop.services.opening import open_context
    from sdm_desktop.services.register.search_index import SEARCH_TEXT_VERSION, SETTING_KEY

    ctx = open_context(data_dir)
    polish = make_person(ctx, "Nowak", needs_interpreter=True, interpreter_language="Polish",
                         orgs=[(make_org(ctx, "Riverside PPG", tags=["north"]), "chair")])
    with ctx.session() as s:           # as an older version left them: without the access needs
        s.execute(update(Person).values(search_text="nowak | riverside ppg"))
        s.execute(update(Organisation).values(search_text="riverside ppg"))
        s.merge(Setting(key=SETTING_KEY, value="1"))
    assert search_person_ids(ctx, RegisterFilter(text="polish")) == []
    ctx.close()
    ctx = open_context(data_dir)
    try:
        assert search_person_ids(ctx, RegisterFilter(text="polish riverside")) == [polish]
        assert len(search_organisation_ids(ctx, RegisterFilter(text="north"))) == 1
        with ctx.session() as s:
            assert s.get(Setting, SETTING_KEY).value == str(SEARCH_TEXT_VERSION)
    finally:
        ctx.close()
