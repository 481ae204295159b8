"""Sample resources: the built-in pack, a few local items (films, a poster with an offline copy),
and shares of them with the demo groups and people."""

from __future__ import annotations

import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.resources import files as resource_files
from sdm_desktop.services.resources import pack as resource_pack
from sdm_desktop.services.resources.library import ResourceInput, create_resource, list_resources
from sdm_desktop.services.resources.shares import ShareRequest, share_resource

LOCAL = [
    ("Film: a consultation without shared decision making", "film", "clinicians",
     "A ten-minute role play recorded by the Wessex Vale SDM team: the clinician decides, the patient "
     "nods. Used at the start of training to ask 'what went wrong?'. DVD and MP4 in the team office.",
     ["training", "film", "bad practice"]),
    ("Film: the same consultation with shared decision making", "film", "clinicians",
     "The same patient and clinician, this time using BRAN and an option grid. Show after the first film.",
     ["training", "film", "good practice"]),
    ("Ask about BRAN — waiting-room poster", "leaflet", "patients",
     "A4 poster for waiting rooms with the four BRAN questions. Large-print version available.",
     ["BRAN", "poster", "large print"]),
    ("Knee osteoarthritis: options explained (local decision aid)", "decision_aid", "patients",
     "Two-page decision aid agreed with the MSK service: exercise, injections, knee replacement, doing nothing.",
     ["decision aid", "MSK"]),
    ("SDM train-the-trainer slide deck (session 2)", "training", "trainers",
     "Slides for session two of the train-the-trainer programme: talking about risk.", ["training"]),
]
POSTER_TEXT = """Ask about BRAN

Before you agree to a test, treatment or procedure, ask:

  B  What are the Benefits?
  R  What are the Risks?
  A  What are the Alternatives?
  N  What if I do Nothing?

It is your decision too. Wessex Vale shared decision making programme.
"""
CHANNELS = ["email", "meeting", "event", "post", "in_person"]


def seed(ctx: AppContext, rng: random.Random, ids) -> None:
    resource_pack.load_pack(ctx, undoable=False)
    made = [create_resource(ctx, ResourceInput(title=t, kind=k, audience=a, description=d, tags=tags),
                            undoable=False) for t, k, a, d, tags in LOCAL]
    with tempfile.TemporaryDirectory() as folder:
        poster = Path(folder) / "bran-poster.txt"
        poster.write_text(POSTER_TEXT, encoding="utf-8")
        resource_files.add_offline_copy(ctx, made[2], poster)
    groups = [i for group_ids in ids.organisations.values() for i in group_ids]
    people = ids.patient_reps or ids.people
    today = date.today()
    pack = [r.id for r in list_resources(ctx) if r.url]
    for n, resource_id in enumerate(made[:4] + pack[::2]):
        for _ in range(2 + n % 2):
            share_resource(ctx, ShareRequest(
                resource_id, organisation_ids=rng.sample(groups, min(len(groups), 2)),
                person_ids=rng.sample(people, min(len(people), 2)),
                shared_on=today - timedelta(days=rng.randint(3, 200)), channel=rng.choice(CHANNELS),
                notes=rng.choice([None, "Discussed at the group's meeting", "Asked for large-print copies",
                                  "Sent with the training invitation"])))
    ctx.undo.clear()
