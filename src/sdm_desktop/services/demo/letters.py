"""Sample letters: sender details for Wessex Vale and one past mailing to the PPGs."""

from __future__ import annotations

import random
from datetime import date

from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.letters.recipients import RecipientRequest
from sdm_desktop.services.letters.runs import LetterRequest, write_letters
from sdm_desktop.services.letters.templates import bundled_dir, save_sender_details, sender_details
from sdm_desktop.services.register.search import RegisterFilter

SENDER = {
    "sender_name": "Dr Sam Okafor",
    "sender_role": "Clinical Lead for Shared Decision Making",
    "sender_organisation": "NHS Wessex Vale Integrated Care Board",
    "sender_address": "Vale House\n1 Quay Street\nFernbridge EX1 1AA",
    "sender_phone": "01632 960000",
    "sender_email": "sdm.team@example.nhs.uk",
    "programme_name": "Wessex Vale Shared Decision Making Programme",
    "programme_website": "www.example.nhs.uk/sdm",
}


def seed(ctx: AppContext, rng: random.Random, ids) -> None:
    if not any(sender_details(ctx).values()):
        save_sender_details(ctx, SENDER)
    template = bundled_dir() / "letter_group_invitation.docx"
    if not template.is_file():
        return
    request = LetterRequest(
        template, ctx.data_dir / "letters" / f"{date.today():%Y-%m-%d} Invitation to PPGs (sample)",
        RecipientRequest("organisations", RegisterFilter(org_type="Patient Participation Group (PPG)")),
        individual=True, combined=True,
        run_fields={"event_name": "an introductory evening on shared decision making",
                    "event_date": "Tuesday 20 January 2027, 6pm to 8pm",
                    "event_venue": "Fernbridge Community Centre", "reply_by": "9 January 2027"})
    if not request.output_dir.exists():
        write_letters(ctx, request)
