from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting activation")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    # Named by one of its employees signing up for the Service Civique Professionnel (docs/rules.md
    # § 8): not on METIS itself, so no pledge, no approval; its HR contact is invited.
    NOT_JOINED = "not_joined", _("Not joined")


class LegalForm(models.TextChoices):
    SAS = "SAS", "SAS"
    SASU = "SASU", "SASU"
    SA = "SA", "SA"
    SARL = "SARL", "SARL"
    EURL = "EURL", "EURL"
    SNC = "SNC", "SNC"
    SCOP = "SCOP", "SCOP"
    EI = "EI", _("Sole proprietorship")
    OTHER = "other", _("Other")


class FieldOfAction(models.TextChoices):
    """Eligible fields of general interest (art. 200 and 238 bis CGI)."""

    PHILANTHROPIC = "philanthropic", _("Philanthropic")
    EDUCATIONAL = "educational", _("Educational")
    SCIENTIFIC = "scientific", _("Scientific")
    SOCIAL = "social", _("Social")
    HUMANITARIAN = "humanitarian", _("Humanitarian")
    SPORTING = "sporting", _("Sporting")
    FAMILY = "family", _("Family")
    CULTURAL = "cultural", _("Cultural")
    HERITAGE = "heritage", _("Heritage")
    ENVIRONMENT = "environment", _("Environment")
    FRENCH_LANGUAGE = "french_language", _("French language and culture")


class EligibilityEvidence(models.TextChoices):
    STATEMENT = "statement", _("The association's own statement")
    RESCRIT = "rescrit", _("Tax ruling (rescrit)")
    RECOGNISED_PUBLIC_UTILITY = "rup", _("Recognised of public utility")


class SignatoryQuality(models.TextChoices):
    """Who may sign the association's tax receipts (docs/rules.md § 5, cerfa 16216 notice)."""

    PRESIDENT = "president", _("President")
    TREASURER = "treasurer", _("Treasurer")
    AUTHORISED = "authorised", _("Person authorised by the association")


class TaxReturnForm(models.TextChoices):
    """Where the association reports its yearly receipts figures (art. 222 bis CGI)."""

    FORM_2065 = "2065", _("Form 2065-SD (box L)")
    FORM_2070 = "2070", _("Form 2070-SD")
    NONE = "none", _("No tax return: online declaration")


class PartnerKind(models.TextChoices):
    """What kind of ecosystem actor a partner is (docs/ecosystem.md)."""

    CROWDFUNDING = "crowdfunding", _("Crowdfunding platform")
    BANK = "bank", _("Bank or postal group")
    THIRD_PLACE = "third_place", _("Co-working / third place")
    SUPPORT_NETWORK = "support_network", _("Support network")
    TRAINING = "training", _("Training body")
    COMPANY = "company", _("Company")
    OTHER = "other", _("Other")
