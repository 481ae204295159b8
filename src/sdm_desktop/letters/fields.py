"""The merge fields a letter template may use, documented for the user (and the check)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MergeField:
    name: str
    group: str
    description: str
    example: str


FIELDS: list[MergeField] = [
    # Recipient
    MergeField("recipient_name", "Recipient", "Who the letter is addressed to: a person's full name, "
               "or a role such as 'The Chair'", "Mrs Priya Hawthorn"),
    MergeField("recipient_title", "Recipient", "The person's title (Mr, Ms, Dr, …); empty for a role", "Mrs"),
    MergeField("recipient_first_name", "Recipient", "The person's first name", "Priya"),
    MergeField("recipient_last_name", "Recipient", "The person's last name", "Hawthorn"),
    MergeField("recipient_role", "Recipient", "The person's role in the group (chair, secretary, …) "
               "or job title", "Chair"),
    MergeField("salutation", "Recipient", "The greeting, built from title and name, or 'Dear Chair' / "
               "'Dear colleagues' for a group", "Dear Mrs Hawthorn"),
    MergeField("sign_off", "Recipient", "'Yours sincerely' when the letter greets someone by name, "
               "'Yours faithfully' when it greets a role", "Yours sincerely"),
    MergeField("organisation_name", "Recipient", "The group or organisation written to (a GP practice's "
               "linked PPG when writing to the practice; or the person's main group)", "Fernbridge Carers Together"),
    MergeField("organisation_type", "Recipient", "Its type in the register", "Carers' group"),
    MergeField("ods_code", "Recipient", "Its ODS code, where it has one", "Y99001"),
    MergeField("is_gp_practice", "Recipient", "True when writing to a GP practice's Patient Participation "
               "Group with no PPG record linked to the practice (use in {% if is_gp_practice %}); a linked PPG "
               "is written to by its own name", "False"),
    MergeField("large_print", "Recipient", "True in the large-print copy for people who asked for one", "False"),
    # Address
    MergeField("address_lines", "Address", "The whole address block as a list of lines, for "
               "{%p for line in address_lines %}{{ line }}{%p endfor %}",
               "['Mrs Priya Hawthorn', 'Chair', 'Fernbridge Carers Together', '12 High Street', …]"),
    MergeField("address_block", "Address", "The whole address block in one field, one line per line",
               "Mrs Priya Hawthorn / Chair / … (line breaks)"),
    MergeField("address_line1", "Address", "First line of the street address", "12 High Street"),
    MergeField("address_line2", "Address", "Second line of the street address", ""),
    MergeField("address_line3", "Address", "Third line of the street address", ""),
    MergeField("town", "Address", "Town", "Fernbridge"),
    MergeField("county", "Address", "County", "Wessex Vale"),
    MergeField("postcode", "Address", "Postcode", "EX4 2AB"),
    # Dates
    MergeField("today", "Dates", "Today's date, UK style", "25 November 2026"),
    MergeField("today_short", "Dates", "Today's date as dd/mm/yyyy", "25/11/2026"),
    MergeField("letter_reference", "Dates", "A reference for this letter: the mailing's number (as listed under "
               "past mailings) and the letter's number in it", "SDM/12/007"),
    # Programme and sender (from Letters → Sender details)
    MergeField("programme_name", "Programme", "The name of the programme",
               "Wessex Vale Shared Decision Making Programme"),
    MergeField("programme_website", "Programme", "Programme web page", "www.example.nhs.uk/sdm"),
    MergeField("sender_name", "Sender", "Who signs the letter", "Dr Sam Okafor"),
    MergeField("sender_role", "Sender", "Their role", "Clinical Lead for Shared Decision Making"),
    MergeField("sender_organisation", "Sender", "The sending organisation (letterhead)",
               "NHS Wessex Vale Integrated Care Board"),
    MergeField("sender_address_lines", "Sender", "The sender's address as a list of lines", "['Vale House', …]"),
    MergeField("sender_address", "Sender", "The sender's address on one line, comma separated",
               "Vale House, 1 Quay Street, Fernbridge EX1 1AA"),
    MergeField("sender_phone", "Sender", "Telephone for replies", "01632 960000"),
    MergeField("sender_email", "Sender", "Email for replies", "sdm.team@example.nhs.uk"),
    # Run details (typed in when the letters are written)
    MergeField("event_name", "This mailing", "The event, meeting or course the letter is about",
               "Shared decision making: an introduction for patient groups"),
    MergeField("event_date", "This mailing", "When it is", "Tuesday 20 January 2027, 6pm to 8pm"),
    MergeField("event_venue", "This mailing", "Where it is", "Fernbridge Community Centre"),
    MergeField("reply_by", "This mailing", "Date to reply by", "9 January 2027"),
    MergeField("course_name", "This mailing", "Training course name (certificates, invitations)",
               "Shared Decision Making: Train the Trainer"),
    MergeField("completion_date", "This mailing", "Date the course was completed (certificates)", "12 March 2027"),
]

FIELD_NAMES = frozenset(f.name for f in FIELDS)
RUN_FIELDS = [f.name for f in FIELDS if f.group == "This mailing"]
# filled in for each letter from the register (and its number): one value for a whole mailing would be overwritten
PER_RECIPIENT = frozenset(f.name for f in FIELDS if f.group in ("Recipient", "Address")) | {"letter_reference"}


def field_list_text() -> str:
    """The field list as plain text the user can copy into a template."""
    lines, group = [], None
    for f in FIELDS:
        if f.group != group:
            group = f.group
            lines.append(f"\n{group}")
        lines.append(f"  {{{{ {f.name} }}}}  {f.description}. Example: {f.example}")
    return "\n".join(lines).strip() + "\n"
