"""The sample data set: fictional groups and people in the fictional county of Wessex Vale.

Safe to repeat: a marker in the settings table records that it was loaded. Other
capabilities add their own seeders to ``SEEDERS``; each gets the ids made before it.
Sample data loaded by an older version is brought up to date by ``update_demo`` (once per change).
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from sdm_desktop.db.models import Organisation, OrganisationType, Setting, Tag
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.register.organisations import OrganisationInput, create_organisation, get_organisation
from sdm_desktop.services.register.people import MembershipInput, PersonInput, create_person

MARKER = "demo.loaded"
LINKS_MARKER = "demo.ppg_links"        # sample PPGs are linked to their practices (reached through)
PPG_SUFFIX = " Patient Participation Group"
TOWNS = [("Fernbridge", "FB"), ("Oakhaven", "OK"), ("Millbrook", "ML"), ("Lowmoor", "LM"),
         ("Kestrel Bay", "KB"), ("Ashcombe", "AS")]
POSTCODE_AREAS = ["EX", "TQ", "PL", "TR", "BA", "TA"]
STREETS = ["High Street", "Station Road", "Church Lane", "Mill Road", "Victoria Road", "Market Square",
           "Orchard Way", "Riverside", "The Green", "Park Avenue"]
FIRST_NAMES = ["Ada", "Bilal", "Ceri", "Dev", "Esme", "Farah", "Gwen", "Hamza", "Iris", "Jonah", "Kezia",
               "Lowri", "Mo", "Nia", "Olu", "Priya", "Quinn", "Rhys", "Saoirse", "Tomasz", "Uma", "Vik",
               "Wren", "Yusuf", "Zoë", "Aled", "Bea", "Conor", "Dilys", "Efe"]
SURNAMES = ["Appleyard", "Birchwood", "Cloudberry", "Dunnock", "Elderflower", "Fieldfare", "Goldcrest",
            "Hawthorn", "Ivybridge", "Juniper", "Kingfisher", "Larkspur", "Meadowsweet", "Nightjar",
            "O'Rowan", "Pipit", "Quillwort", "Redstart", "Sandpiper", "Teasel", "Umber", "Vetch",
            "Whinchat", "Yarrow", "Zander-Moss"]
CONDITIONS = ["Diabetes", "Breathe Easy (COPD)", "Stroke survivors", "Kidney patients", "Living with cancer",
              "Arthritis", "Parkinson's", "Maternity voices"]


@dataclass
class DemoIds:
    organisations: dict[str, list[int]] = field(default_factory=dict)   # by type
    people: list[int] = field(default_factory=list)
    patient_reps: list[int] = field(default_factory=list)
    clinicians: list[int] = field(default_factory=list)


Seeder = Callable[[AppContext, random.Random, DemoIds], None]
# Modules with a ``seed(ctx, rng, ids)`` function, run in order after the register.
SEEDER_MODULES: list[str] = [
    "sdm_desktop.services.demo.analysis",
    "sdm_desktop.services.demo.engagement",
    "sdm_desktop.services.demo.training",
    "sdm_desktop.services.demo.letters",
    "sdm_desktop.services.demo.importing",
    "sdm_desktop.services.demo.resources",
    "sdm_desktop.services.demo.consultation",
]


def demo_loaded(ctx: AppContext) -> bool:
    with ctx.session() as s:
        return s.get(Setting, MARKER) is not None


def load_demo(ctx: AppContext) -> bool:
    """Load the sample data once. Returns False when it was already there."""
    if demo_loaded(ctx):
        return False
    rng = random.Random(2026)
    ids = DemoIds()
    seed_register(ctx, rng, ids)
    for module in SEEDER_MODULES:
        importlib.import_module(module).seed(ctx, rng, ids)
    with ctx.session() as s:
        s.add(Setting(key=MARKER, value=date.today().isoformat()))
        s.add(Setting(key=LINKS_MARKER, value=date.today().isoformat()))
    ctx.undo.clear()
    return True


def update_demo(ctx: AppContext) -> list[str]:
    """Bring sample data loaded by an older version up to date; what was done, in words (nothing: []).

    Each change is made once: a group unlinked by hand afterwards stays unlinked."""
    with ctx.session() as s:
        if s.get(Setting, MARKER) is None or s.get(Setting, LINKS_MARKER) is not None:
            return []
        linked = _link_sample_ppgs(s)
        s.add(Setting(key=LINKS_MARKER, value=date.today().isoformat()))
    return [f"Linked {linked} sample Patient Participation Groups to their GP practices."] if linked else []


def _link_sample_ppgs(session) -> int:
    """Sample PPGs ("<practice> Patient Participation Group", tagged demo) not yet linked to their practice."""
    def demo_of_type(type_name: str):
        return (select(Organisation).join(OrganisationType, OrganisationType.id == Organisation.org_type_id)
                .where(OrganisationType.name == type_name, Organisation.tags.any(Tag.name == "demo")))

    practices = {o.name: o.id for o in session.scalars(demo_of_type("GP practice"))}
    linked = 0
    for ppg in session.scalars(demo_of_type("Patient Participation Group (PPG)")
                               .where(Organisation.reached_through_id.is_(None))):
        practice = practices.get(ppg.name.removesuffix(PPG_SUFFIX))
        if ppg.name.endswith(PPG_SUFFIX) and practice is not None:
            ppg.reached_through_id = practice
            audit.record(session, "update", "organisation", ppg.id, name=ppg.name, reached_through=practice)
            linked += 1
    return linked


def _address(rng: random.Random, town_index: int) -> dict:
    town, _ = TOWNS[town_index % len(TOWNS)]
    area = POSTCODE_AREAS[town_index % len(POSTCODE_AREAS)]
    return {
        "address_line1": f"{rng.randint(1, 180)} {rng.choice(STREETS)}",
        "town": town, "county": "Wessex Vale",
        "postcode": (f"{area}{rng.randint(1, 20)} {rng.randint(1, 9)}"
                     f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"),
    }


def _slug(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())[:24]


def _org(ctx: AppContext, ids: DemoIds, name: str, org_type: str, rng: random.Random, town: int,
         levels: tuple[bool, bool, bool], tags: list[str], reached_through: int | None = None, **extra) -> int:
    """``reached_through``: the organisation it is reached through, whose address and phone it uses (a PPG's
    practice)."""
    phone = f"01632 {rng.randint(100000, 999999)}"
    address = _address(rng, town)      # drawn even when not used, so the rest of the sample stays the same
    email = f"{_slug(name)}@example.org"
    if reached_through is not None:
        host = get_organisation(ctx, reached_through)
        phone, email = host.phone, f"ppg.{_slug(host.name)}@example.org"
        address = {"address_line1": f"c/o {host.name}", "address_line2": host.address_line1,
                   "town": host.town, "county": host.county, "postcode": host.postcode}
    data = OrganisationInput(
        name=name, org_type=org_type, email=email, phone=phone,
        ppe_individual=levels[0], ppe_service=levels[1], ppe_community=levels[2], tags=["demo", *tags],
        reached_through_id=reached_through, **address, **extra)
    org_id = create_organisation(ctx, data, undoable=False)
    ids.organisations.setdefault(org_type, []).append(org_id)
    return org_id


def seed_register(ctx: AppContext, rng: random.Random, ids: DemoIds) -> None:
    practices = _seed_practices(ctx, rng, ids)
    groups = _seed_groups(ctx, rng, ids)
    _seed_people(ctx, rng, ids, practices, groups)


def _seed_practices(ctx, rng, ids) -> list[tuple[int, int]]:
    pairs = []
    for n in range(14):
        town = n % len(TOWNS)
        tname = TOWNS[town][0]
        name = [f"{tname} Health Centre", f"{tname} Medical Practice", f"The {STREETS[n % 10]} Surgery",
                f"{tname} & District Family Practice"][n % 4]
        if n >= 4:
            name = f"{name} ({['North', 'South', 'East', 'West', 'Central'][n % 5]})"
        ods = f"Y9{9000 + n}"
        practice = _org(ctx, ids, name, "GP practice", rng, town, (True, False, False), [tname],
                        ods_code=ods, commissioner_code="QZZ")
        # Every practice must have a PPG, and it is reached through the practice.
        ppg = _org(ctx, ids, f"{name}{PPG_SUFFIX}", "Patient Participation Group (PPG)",
                   rng, town, (True, True, n % 3 == 0), [tname, "PPG"], addressee_role="The Chair",
                   reached_through=practice)
        pairs.append((practice, ppg))
    return pairs


def _seed_groups(ctx, rng, ids) -> list[int]:
    made = []
    spec = [
        ("Carers' group", [f"{t} Carers Together" for t, _ in TOWNS[:4]], (True, True, True), ["carers"]),
        ("Patient & public group", ["Wessex Vale Patient Voice Panel", "Citizens' Health Jury (Wessex Vale)",
                                    "Young People's Health Forum", "Over-60s Health & Wellbeing Forum"],
         (False, True, True), ["public"]),
        ("Condition-specific support group", [f"Wessex Vale {c} Group" for c in CONDITIONS],
         (True, True, False), ["long-term conditions"]),
        ("Healthwatch", ["Healthwatch Wessex Vale"], (False, True, True), ["statutory"]),
        ("VCSE organisation", ["Fernbridge Community Action", "Oakhaven Refugee & Migrant Support",
                               "Millbrook Men's Shed", "Kestrel Bay Food Bank", "Lowmoor Deaf Community Hub"],
         (False, True, True), ["VCSE", "seldom heard"]),
        ("NHS trust", ["Wessex Vale Hospitals NHS Foundation Trust", "Wessex Vale Community & Mental Health NHS Trust",
                       "South Moors Ambulance Service NHS Trust"], (True, True, False), ["provider"]),
        ("ICB / commissioner", ["NHS Wessex Vale Integrated Care Board"], (False, True, True), ["commissioner"]),
        ("Local authority / Health and Wellbeing Board", ["Wessex Vale County Council",
                                                          "Wessex Vale Health and Wellbeing Board"],
         (False, False, True), ["local authority"]),
        ("Clinician group / network", ["Wessex Vale Primary Care Network Clinical Directors",
                                       "Respiratory Clinical Network", "Maternity & Neonatal Voices Partnership"],
         (True, True, False), ["clinical"]),
        ("Other", ["Wessex Vale Faith Leaders' Forum", "University of Wessex Vale Patient Panel"],
         (False, False, True), ["other"]),
    ]
    for index, (org_type, names, levels, tags) in enumerate(spec):
        for n, name in enumerate(names):
            active = not (org_type == "Patient & public group" and n == 3)
            made.append(_org(ctx, ids, name, org_type, rng, index + n, levels, tags, active=active))
    return made


def _seed_people(ctx, rng, ids, practices, groups) -> None:
    used: set[str] = set()
    roles = ["chair", "secretary", "member", "member", "patient representative"]
    ppgs = [ppg for _, ppg in practices]
    # PPG chairs also sit on the county's patient panel, and some PPG patient representatives on
    # Healthwatch's reference group: people belong to several groups.
    panel = ids.organisations["Patient & public group"][0]
    healthwatch = ids.organisations["Healthwatch"][0]
    for index, org_id in enumerate(ppgs + groups):
        for role in roles[: 2 + index % 4]:
            also = []
            if org_id in ppgs and role == "chair":
                also = [MembershipInput(panel, "member")]
            elif org_id in ppgs and role == "patient representative" and index % 2:
                also = [MembershipInput(healthwatch, "patient representative")]
            _person(ctx, rng, ids, used, org_id, role, index, also=also)
    for index, (practice, _) in enumerate(practices):
        _person(ctx, rng, ids, used, practice, "clinician", index, clinician=True,
                work_address=get_organisation(ctx, practice))


def _person(ctx, rng, ids, used, org_id, role, index, clinician=False, also=(), work_address=None) -> None:
    """``work_address``: a clinician is written to at their practice, not at home."""
    while True:
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        if f"{first} {last}" not in used:
            used.add(f"{first} {last}")
            break
    rep = role == "patient representative"
    slug = f"{first}.{last}".lower().replace("'", "").replace("ë", "e")
    consent = rng.random() > 0.08
    address = _address(rng, index)     # drawn even when not used, so the rest of the sample stays the same
    if work_address is not None:
        address = {"address_line1": work_address.name, "address_line2": work_address.address_line1,
                   "town": work_address.town, "county": work_address.county, "postcode": work_address.postcode}
    consented_on = date.today() - timedelta(days=rng.randint(30, 330)) if consent else None
    data = PersonInput(
        title=rng.choice(["Dr", "Dr", "Ms", "Mr"]) if clinician else rng.choice(["", "", "", "Mx", "Dr"]),
        first_name=first, last_name=last,
        role="GP partner" if clinician else ("Patient representative" if rep else role.capitalize()),
        email=f"{slug}@example.{'nhs.uk' if clinician else 'org'}",
        phone=f"07700 {rng.randint(900000, 900999)}",
        preferred_channel=rng.choice(["email", "email", "post", "phone"]),
        needs_large_print=rng.random() < 0.07, needs_easy_read=rng.random() < 0.04,
        needs_interpreter=rng.random() < 0.03, is_patient_rep=rep,
        participant_type=("clinician" if clinician
                          else "patient_rep" if rep else rng.choice(["carer", "other", "other"])),
        profession="General practitioner" if clinician else None,
        do_not_contact=rng.random() < 0.03, consent_contact=consent,
        consent_contact_date=consented_on,
        consent_contact_how=rng.choice(["signed form", "email", "verbal, recorded by staff"]) if consent else None,
        consent_data=consent, consent_data_date=consented_on,
        lawful_basis="consent" if not clinician else "public_task",
        tags=["demo"] + (["trainer pool"] if rep and index % 3 == 0 else []),
        memberships=[MembershipInput(org_id, role if not clinician else "clinician"), *also],
        **address,
    )
    person_id = create_person(ctx, data, undoable=False)
    ids.people.append(person_id)
    if rep:
        ids.patient_reps.append(person_id)
    if clinician:
        ids.clinicians.append(person_id)


