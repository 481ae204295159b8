"""The Stakeholders view, driven like a user."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLineEdit

from helpers import make_org, make_person
from sdm_desktop.services.register import people as people_service
from sdm_desktop.services.register.search import RegisterFilter, search_organisation_ids, search_person_ids


def open_register(window):
    return window.show_view("stakeholders")


def test_models_pass_qt_model_tester(window, ctx, qtmodeltester):
    make_org(ctx, "Alpha Group")
    view = open_register(window)
    view.run_search()
    qtmodeltester.check(view.org_model)
    qtmodeltester.check(view.person_model)


def test_search_as_you_type_narrows_the_table(window, ctx, qtbot):
    make_org(ctx, "Nunthorpe PPG")
    make_org(ctx, "Hilltop Carers", org_type="Carers' group")
    view = open_register(window)
    assert view.org_model.rowCount() == 2
    window.findChild(type(window.undo_action))  # menus exist
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search.hasFocus()
    qtbot.keyClicks(view.search, "nunth")
    qtbot.waitUntil(lambda: view.org_model.rowCount() == 1)
    assert view.org_model.record(0).name == "Nunthorpe PPG"
    assert "1 organisation or group shown" in view.status.text()


def test_filter_by_type_from_the_combo(window, ctx, qtbot):
    make_org(ctx, "Nunthorpe PPG")
    make_org(ctx, "Hilltop Carers", org_type="Carers' group")
    view = open_register(window)
    view.filters.type_filter.setCurrentIndex(view.filters.type_filter.findData("Carers' group"))
    assert [view.org_model.record(r).name for r in range(view.org_model.rowCount())] == ["Hilltop Carers"]


def test_add_a_person_through_the_editor_then_undo(window, ctx, qtbot):
    org_id = make_org(ctx, "Riverside PPG")
    ctx.undo.clear()
    view = open_register(window)
    qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    form = view.person_form
    assert view.detail.currentWidget() is form
    qtbot.keyClicks(form.f.widgets["first_name"], "Grace")
    qtbot.keyClicks(form.f.widgets["last_name"], "Hopper-Sample")
    qtbot.keyClicks(form.f.widgets["email"], "grace@example.org")
    qtbot.keyClicks(form.f.widgets["postcode"], "ls14ap")
    form.f.widgets["consent_contact"].setChecked(True)
    qtbot.keyClicks(form.members.organisation, "riversi")
    assert form.members.organisation.search_now() == ["Riverside PPG"]
    form.members.organisation.choose_label("Riverside PPG")
    form.members.role.setCurrentText("chair")
    form.members.add_selected()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    ids = search_person_ids(ctx, RegisterFilter())
    assert len(ids) == 1
    stored = people_service.get_person(ctx, ids[0])
    assert (stored.first_name, stored.postcode, stored.consent_contact) == ("Grace", "LS1 4AP", True)
    assert [(m.organisation_id, m.role) for m in stored.memberships] == [(org_id, "chair")]
    assert view.person_model.rowCount() == 1
    assert window.undo_action.text() == "&Undo add Grace Hopper-Sample"
    window.undo_action.trigger()
    assert search_person_ids(ctx, RegisterFilter()) == []
    assert view.person_model.rowCount() == 0


def test_validation_messages_appear_next_to_the_field_and_nothing_is_saved(window, ctx, qtbot):
    view = open_register(window)
    view.new_organisation()
    form = view.org_form
    qtbot.keyClicks(form.f.widgets["name"], "Bad Postcode Group")
    qtbot.keyClicks(form.f.widgets["postcode"], "not a postcode")
    qtbot.keyClicks(form.f.widgets["email"], "nope")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.f.errors["postcode"].isVisible()
    assert "UK postcode" in form.f.errors["postcode"].text()
    assert "email address" in form.f.errors["email"].text()
    assert not form.f.errors["name"].isVisible()
    assert search_organisation_ids(ctx, RegisterFilter()) == []


def test_duplicate_warning_lets_the_user_go_back(window, ctx, qtbot, answer_prompts):
    make_org(ctx, "Riverside PPG", ods_code="A81001")
    asked = answer_prompts(False)
    view = open_register(window)
    view.new_organisation()
    qtbot.keyClicks(view.org_form.f.widgets["name"], "Another name")
    qtbot.keyClicks(view.org_form.f.widgets["ods_code"], "a81001")
    view.org_form.save()
    assert "same ODS code A81001" in asked[0]
    assert len(search_organisation_ids(ctx, RegisterFilter())) == 1


def test_delete_asks_first_and_undo_brings_the_rows_back(window, ctx, qtbot, answer_prompts):
    make_org(ctx, "One")
    make_org(ctx, "Two")
    view = open_register(window)
    view.org_table.selectAll()
    asked = answer_prompts(False)
    view.delete_selected()
    assert "Delete 2 organisations" in asked[0]
    assert view.org_model.rowCount() == 2
    answer_prompts(True)
    view.org_table.setFocus()               # Delete acts only in the table that has the keyboard focus
    qtbot.keyClick(view.org_table, Qt.Key.Key_Delete)
    assert view.org_model.rowCount() == 0
    window.undo_action.trigger()
    assert view.org_model.rowCount() == 2


def test_selecting_a_row_opens_it_in_the_editor_and_edits_save(window, ctx, qtbot):
    org_id = make_org(ctx, "Editable Group")
    view = open_register(window)
    view.org_table.selectRow(0)
    assert view.detail.currentWidget() is view.org_form
    name = view.org_form.f.widgets["name"]
    assert isinstance(name, QLineEdit) and name.text() == "Editable Group"
    name.setText("Edited Group")
    qtbot.keyClick(name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert view.org_model.record(0).name == "Edited Group"
    assert view.org_model.id_at(0) == org_id


def test_archive_hides_the_row_until_show_archived(window, ctx, qtbot):
    make_org(ctx, "Sleepy")
    view = open_register(window)
    view.org_table.selectRow(0)
    view.toggle_archive_selected()
    assert view.org_model.rowCount() == 0
    view.filters.archived.setChecked(True)
    assert view.org_model.rowCount() == 1
    assert view.org_model.data(view.org_model.index(0, 0), Qt.ItemDataRole.FontRole).italic()


def test_sorting_by_a_column_header_sorts_in_sql(window, ctx):
    make_org(ctx, "Beta", postcode="ZE1 0AA")
    make_org(ctx, "Alpha", postcode="AB1 0AA")
    view = open_register(window)
    view.org_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert [view.org_model.record(r).name for r in range(2)] == ["Beta", "Alpha"]


def test_sorting_by_tags_or_groups_sorts_by_what_those_columns_show(window, ctx):
    make_org(ctx, "Alpha", tags=["zebra"])
    make_org(ctx, "Beta", tags=["apple", "zoo"])
    untagged = make_org(ctx, "Gamma")
    view = open_register(window)
    tags_column = [c.key for c in view.org_model.columns].index("tags")
    shown = lambda model: [model.record(r).name for r in range(model.rowCount())]  # noqa: E731
    view.org_table.sortByColumn(tags_column, Qt.SortOrder.AscendingOrder)
    assert shown(view.org_model) == ["Beta", "Alpha", "Gamma"]
    view.org_table.sortByColumn(tags_column, Qt.SortOrder.DescendingOrder)
    assert shown(view.org_model) == ["Alpha", "Beta", "Gamma"]          # groups without tags stay last
    zulu = make_org(ctx, "Zulu Forum")
    make_person(ctx, "Adams", orgs=[(zulu, "member")])
    make_person(ctx, "Young", orgs=[(untagged, "chair")])
    make_person(ctx, "Brown")
    view.tabs.setCurrentIndex(1)
    groups_column = [c.key for c in view.person_model.columns].index("organisations")
    view.person_table.sortByColumn(groups_column, Qt.SortOrder.AscendingOrder)
    assert shown(view.person_model) == ["Ada Young", "Ada Adams", "Ada Brown"]


def test_export_shown_writes_the_rows_in_view_order(window, ctx, tmp_path, answer_prompts):
    make_person(ctx, "Zed")
    make_person(ctx, "Able")
    make_person(ctx, "Nocontact", do_not_contact=True)
    view = open_register(window)
    view.tabs.setCurrentIndex(1)
    view.person_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    asked = answer_prompts(True)   # leave them out
    view.export_to(tmp_path / "shown.csv")
    text = (tmp_path / "shown.csv").read_text(encoding="utf-8-sig").splitlines()
    assert [line.split(",")[3] for line in text[1:]] == ["Zed", "Able"]
    assert "1 of these people" in asked[0]


def test_window_layout_and_columns_are_remembered(window, ctx):
    view = open_register(window)
    view.org_table.setColumnWidth(0, 333)
    window.resize(820, 560)
    window.save_layout()
    settings = QSettings(str(ctx.data_dir / "settings.ini"), QSettings.Format.IniFormat)
    assert settings.value("stakeholders/org-column-widths") is not None
    from sdm_desktop.app import build_window
    second = build_window(ctx, synchronous_jobs=True)
    assert second.views["stakeholders"].org_table.columnWidth(0) == 333
    assert settings.value("window/geometry") is not None
    assert settings.value("stakeholders/splitter") is not None


def test_every_view_opens_from_its_shortcut(window, qtbot):
    for n, name in enumerate(["home", "stakeholders", "analysis", "engagement", "training", "letters", "resources"], 1):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{n}"), Qt.KeyboardModifier.ControlModifier)
        assert window.current_view() is window.views[name]


def test_unsaved_edits_are_offered_for_saving_before_moving_on(window, ctx, qtbot, answer_prompts):
    make_org(ctx, "Alpha")
    make_org(ctx, "Beta")
    view = open_register(window)
    view.org_table.selectRow(0)
    assert not view.org_form.dirty
    qtbot.keyClicks(view.org_form.f.widgets["notes"], "Met on Tuesday")
    assert view.org_form.dirty
    asked = answer_prompts(True)
    view.org_table.selectRow(1)
    assert "unsaved changes" in asked[0]
    from sdm_desktop.services.register.organisations import get_organisation
    assert get_organisation(ctx, view.org_model.id_at(0)).notes == "Met on Tuesday"
    assert view.org_form.f.widgets["name"].text() == "Beta"


def test_discarded_edits_are_not_saved(window, ctx, qtbot, answer_prompts):
    org_id = make_org(ctx, "Alpha")
    make_org(ctx, "Beta")
    view = open_register(window)
    view.org_table.selectRow(0)
    qtbot.keyClicks(view.org_form.f.widgets["town"], "Leeds")
    answer_prompts(False)
    view.org_table.selectRow(1)
    from sdm_desktop.services.register.organisations import get_organisation
    assert get_organisation(ctx, org_id).town is None


def test_arrowing_through_the_list_keeps_the_focus_in_the_list(window, ctx, qtbot):
    make_org(ctx, "One")
    make_org(ctx, "Two")
    view = open_register(window)
    window.activateWindow()
    view.org_table.setFocus()
    view.org_table.selectRow(0)
    qtbot.keyClick(view.org_table, Qt.Key.Key_Down)
    assert view.org_form.f.widgets["name"].text() == "Two"
    assert view.org_table.hasFocus()


def test_the_selected_row_stays_selected_after_an_undo(window, ctx, qtbot):
    make_org(ctx, "Alpha")
    beta = make_org(ctx, "Beta")
    view = open_register(window)
    view.org_table.selectRow(1)
    name = view.org_form.f.widgets["name"]
    name.setText("Beta renamed")
    view.org_form.save()
    window.undo_action.trigger()
    assert view.org_model.id_at(view.org_table.currentIndex().row()) == beta
    assert view.org_form.f.widgets["name"].text() == "Beta"


class WriteLockHeldElsewhere:
    """Another program (say, a database browser) in the middle of a change to our database."""

    def __init__(self, ctx):
        import sqlite3
        self.conn = sqlite3.connect(ctx.db.sqlite_path, isolation_level=None)

    def __enter__(self):
        self.conn.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, *exc):
        self.conn.execute("ROLLBACK")
        self.conn.close()


def test_saving_while_another_program_holds_the_write_lock_says_busy_and_keeps_the_edits(
        window, ctx, qtbot, answer_prompts):
    make_org(ctx, "Editable Group")
    view = open_register(window)
    view.org_table.selectRow(0)
    form = view.org_form
    asked = answer_prompts(True)
    form.f.widgets["name"].setText("Renamed Group")
    form.mark_dirty()
    with WriteLockHeldElsewhere(ctx):
        assert form.save() is False
    assert len(asked) == 1 and "database is busy" in asked[0] and "Not saved" in asked[0]
    assert form.dirty and form.f.widgets["name"].text() == "Renamed Group"
    assert orgs_named(ctx) == ["Editable Group"]
    assert form.save() is True                       # once the other program lets go, the same edits save
    assert orgs_named(ctx) == ["Renamed Group"]


def test_deleting_while_the_database_is_busy_deletes_nothing_and_says_why(window, ctx, qtbot, answer_prompts):
    make_org(ctx, "One")
    view = open_register(window)
    view.org_table.selectAll()
    asked = answer_prompts(True)
    with WriteLockHeldElsewhere(ctx):
        view.delete_selected()
        view.toggle_archive_selected()
    assert "Nothing was deleted" in asked[1] and "database is busy" in asked[1]
    assert "database is busy" in asked[2]
    assert orgs_named(ctx) == ["One"] and view.org_model.rowCount() == 1


def orgs_named(ctx) -> list[str]:
    from sdm_desktop.services.register.search import load_organisation_rows
    return sorted(r.name for r in load_organisation_rows(ctx, search_organisation_ids(ctx, RegisterFilter())).values())


def test_a_membership_needs_a_group_picked_from_the_search(window, ctx, qtbot):
    make_org(ctx, "Riverside PPG")
    view = open_register(window)
    view.new_person()
    members = view.person_form.members
    qtbot.keyClicks(members.organisation, "Nowhere Group")
    members.add_selected()
    assert members.problem.isVisible() and "No group is called “Nowhere Group”" in members.problem.text()
    assert members.memberships() == []
    members.organisation.clear()
    qtbot.keyClicks(members.organisation, "ppg")
    members.organisation.search_now()
    members.organisation.choose_label("Riverside PPG")
    members.add_selected()
    assert not members.problem.isVisible()
    assert [(m.organisation_name, m.role) for m in members.memberships()] == [("Riverside PPG", "member")]
    assert members.organisation.text() == ""                   # ready for the next group


def test_a_group_deleted_while_a_person_is_edited_is_explained_above_save(window, ctx, qtbot):
    from sdm_desktop.services.register import organisations as org_service
    ppg = make_org(ctx, "Riverside PPG")
    view = open_register(window)
    view.new_person()
    form = view.person_form
    qtbot.keyClicks(form.f.widgets["last_name"], "Lovelace")
    form.members.organisation.search_now()
    qtbot.keyClicks(form.members.organisation, "river")
    form.members.organisation.search_now()
    form.members.organisation.choose_label("Riverside PPG")
    form.members.add_selected()
    org_service.delete_organisations(ctx, [ppg])          # e.g. by undoing its import meanwhile
    assert form.save() is False
    assert form.form_error.isVisible()
    assert "Groups they belong to include a group that no longer exists (Riverside PPG)" in form.form_error.text()
    assert search_person_ids(ctx, RegisterFilter()) == []


def test_every_bad_person_field_is_explained_beside_it_and_nothing_is_saved(window, ctx, qtbot):
    from datetime import date, timedelta

    view = open_register(window)
    view.new_person()
    form = view.person_form
    qtbot.keyClicks(form.f.widgets["first_name"], "Ada")
    qtbot.keyClicks(form.f.widgets["email"], "ada@@example")
    qtbot.keyClicks(form.f.widgets["phone"], "call me maybe")
    qtbot.keyClicks(form.f.widgets["postcode"], "XX99 9XXX")
    form.f.widgets["title"].setEditText("T" * 60)
    form.f.widgets["consent_contact"].setChecked(True)
    form.f.widgets["consent_contact_date"].set_value(date.today() + timedelta(days=10))
    form.f.widgets["tags"].setText("x" * 90)
    form.f.widgets["notes"].setPlainText("n" * 20001)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    expected = {"last_name": "required", "email": "email address", "phone": "phone number",
                "postcode": "UK postcode", "title": "too long", "consent_contact_date": "in the future",
                "tags": "too long", "notes": "too long"}
    for name, words in expected.items():
        label = form.f.errors[name]
        assert label.isVisible() and words in label.text(), (name, label.text())
    assert not form.f.errors["first_name"].isVisible()
    assert form.f.widgets["last_name"].hasFocus() or form.f.widgets["title"].hasFocus()
    assert search_person_ids(ctx, RegisterFilter()) == []


def test_a_title_of_their_own_is_kept_when_typed_shown_and_saved_again(window, ctx, qtbot):
    person = make_person(ctx, "Nightingale", "Florence", title="Sister")
    view = open_register(window)
    view.tabs.setCurrentIndex(1)
    view.person_table.selectRow(0)
    form = view.person_form
    assert form.f.widgets["title"].currentText() == "Sister"        # not shown as "—"
    form.f.widgets["role"].setText("Matron")
    assert form.save()
    assert people_service.get_person(ctx, person).title == "Sister"  # not wiped by saving
    form.f.widgets["title"].setEditText("Revd Canon")
    assert form.save()
    assert people_service.get_person(ctx, person).title == "Revd Canon"
    form.f.widgets["title"].setCurrentIndex(form.f.widgets["title"].findText("Dr"))
    assert form.save()
    assert people_service.get_person(ctx, person).title == "Dr"


def test_typing_on_keeps_the_rows_shown_until_the_register_changes(window, ctx):
    """A keystroke that finds the same rows changes nothing (the selection stays); after a change is announced the
    rows are read again, even when the search finds the same ones."""
    from sqlalchemy import update

    from sdm_desktop.db.models import Organisation
    from sdm_desktop.services.core.changes import Change

    ppg = make_org(ctx, "Nunthorpe PPG")
    make_org(ctx, "Nunthorpe Carers")
    view = open_register(window)
    view.search.setText("nunt")
    view.run_search()
    view.org_table.selectRow(view.org_model.row_of(ppg))
    view.search.setText("nunth")
    view.run_search()
    assert view.org_table.selected_ids() == [ppg]
    with ctx.session() as s:                                   # as a colleague's save would
        s.execute(update(Organisation).where(Organisation.id == ppg).values(name="Nunthorpe Patients"))
    window.env.announce(Change.ORGANISATION)
    view.search.setText("nunthorpe")
    view.run_search()
    assert view.org_model.record(view.org_model.row_of(ppg)).name == "Nunthorpe Patients"


def test_a_painted_cell_shows_what_data_gives(window, ctx, monkeypatch):
    """Painting asks for a cell's roles in one call (multiData): the same text, and italics for archived rows."""
    from sdm_desktop.services.register import organisations as org_service
    from sdm_desktop.ui.common.tables import lazy_table

    archived = make_org(ctx, "Archived Asters")
    make_org(ctx, "Blooming Bluebells")
    org_service.set_archived(ctx, [archived], True)
    view = open_register(window)
    view.filters.archived.setChecked(True)
    view.run_search()
    assert view.org_model.rowCount() == 2

    def painted():
        view.org_model.refresh_rows()
        return view.org_table.viewport().grab().toImage()

    in_one_call = painted()
    model = view.org_model
    assert [model.data(model.index(row, len(model.columns) - 1)) for row in range(2)] == ["Yes", "Yes"]   # Active
    monkeypatch.setattr(lazy_table, "PAINTED_ROLES", ())          # role by role, through data()
    assert painted() == in_one_call
    monkeypatch.undo()
    monkeypatch.setattr(lazy_table, "ANSWERED", frozenset())      # data() answers nothing: painting does not ask it
    assert painted() == in_one_call
    monkeypatch.setattr(lazy_table, "PAINTED_ROLES", ())
    assert painted() != in_one_call


def test_names_that_need_shaping_are_drawn_shaped_in_the_unshaped_register(window, ctx, monkeypatch):
    """The register draws Latin text unshaped (faster); an Arabic name, drawn back to front unshaped, keeps it."""
    from PySide6.QtGui import QFont

    from sdm_desktop.ui.common.tables import lazy_table
    from sdm_desktop.ui.common.tables.table_helpers import text_unshaped

    assert not any(map(lazy_table.needs_shaping, ["Zoë O’Brien", "Ørsted Straße", "Ἀθηνᾶ Ключ", "£5 – 10"]))
    assert all(map(lazy_table.needs_shaping, ["محمد علی", "স্বাস্থ্য", "Ze\u0301lie"]))
    arabic = make_person(ctx, "علی", "محمد")
    make_person(ctx, "Brien", "Zoë")
    view = open_register(window)
    view.tabs.setCurrentIndex(1)
    view.run_search()
    table, model = view.person_table, view.person_model
    assert table.font().styleStrategy() & QFont.StyleStrategy.PreferNoShaping

    def name_cell():
        model.refresh_rows()
        return table.viewport().grab(table.visualRect(model.index(model.row_of(arabic), 0))).toImage()

    in_the_register = name_cell()
    table.setFont(QFont())                                  # shaped, as every other table
    assert name_cell() == in_the_register
    text_unshaped(table)
    monkeypatch.setattr(lazy_table, "needs_shaping", lambda _text: False)
    assert name_cell() != in_the_register                   # what the row's own font prevents
