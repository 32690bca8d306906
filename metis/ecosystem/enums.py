from django.db import models
from django.utils.translation import gettext_lazy as _


class OfferKind(models.TextChoices):
    PREMISES = "premises", _("Premises")
    FINANCING = "financing", _("Financing")
    COACHING = "coaching", _("Coaching")
    TRAINING = "training", _("Training")
    TOOLS = "tools", _("Tools")
    COMMUNICATION = "communication", _("Communication")


class CharterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the council")
    APPROVED = "approved", _("Approved by the council, awaiting signatures")
    REJECTED = "rejected", _("Rejected by the council")
    IN_FORCE = "in_force", _("In force")
    ENDED = "ended", _("Ended")


class CouncilOutcome(models.TextChoices):
    PENDING = "pending", _("Awaiting the session")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class SignatorySide(models.TextChoices):
    COMMUNE = "commune", _("The commune")
    PARTNER = "partner", _("The partner")


class ResourceKind(models.TextChoices):
    GUIDE = "guide", _("Guide")
    NETWORK = "network", _("Network to contact")


class HolderStatus(models.TextChoices):
    """What a project holder is: only associations of general interest can receive skills
    sponsorship with tax receipts (docs/ecosystem.md § Project holders)."""

    GENERAL_INTEREST_ASSOCIATION = "gi_association", _("Association of general interest")
    ASSOCIATION = "association", _("Other association")
    COMPANY = "company", _("Company (social enterprise, cooperative…)")
    INDIVIDUAL = "individual", _("Individual, project not yet incorporated")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Awaiting the partner's answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


# The five commitments of every charter (seed 001, the council's note of 21 May 2015),
# numbered from 1; 0 is the partner's own contributions.
COMMITMENTS = [
    _(
        "Inform every public about the realities of the social and solidarity economy and of "
        "social entrepreneurship, its sector networks and the existing support and financing "
        "networks."
    ),
    _(
        "Provide information, advice, tools and resources to support and follow the actors of "
        "the ecosystem, the associated structures and some of the events organised."
    ),
    _(
        "Take part in setting up and following social entrepreneurship in the territory, with "
        "specialised partners."
    ),
    _("Think together about how to structure social entrepreneurship and promote it locally."),
    _(
        "Each signatory communicates on the projects arising from this partnership to the "
        "public, through the communication means it has."
    ),
]
OWN_CONTRIBUTIONS = 0


def commitment_choices():
    return [
        *[(number, f"{number}. {text}") for number, text in enumerate(COMMITMENTS, start=1)],
        (OWN_CONTRIBUTIONS, _("The partner's own contributions")),
    ]
