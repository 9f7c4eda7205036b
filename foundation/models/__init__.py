from .actors import Membership, Organisation, Person
from .base import (
    CitedRecord,
    EditConflict,
    Publishable,
    PublishableQuerySet,
    Status,
    Verification,
    Versioned,
)
from .changes import Change, ChangeKind, Delivery, DeliveryAttempt, DeliveryStatus, Endpoint
from .dates import Precision, format_precise_date
from .events import Event, EventParticipant
from .mentions import ProposedMention
from .merges import Merge
from .relations import OrganisationRelation
from .review import RecordComment
from .sources import LANGUAGE_CHOICES, Citation, Source
from .statements import Figure, Statement
from .visibility import Visibility, VisibleModel, VisibleQuerySet, sees_drafts

__all__ = [
    "LANGUAGE_CHOICES",
    "Change",
    "ChangeKind",
    "Citation",
    "CitedRecord",
    "Delivery",
    "DeliveryAttempt",
    "DeliveryStatus",
    "EditConflict",
    "Endpoint",
    "Event",
    "EventParticipant",
    "Figure",
    "Membership",
    "Merge",
    "Organisation",
    "OrganisationRelation",
    "Person",
    "Precision",
    "ProposedMention",
    "Publishable",
    "PublishableQuerySet",
    "RecordComment",
    "Source",
    "Statement",
    "Status",
    "Verification",
    "Versioned",
    "Visibility",
    "VisibleModel",
    "VisibleQuerySet",
    "format_precise_date",
    "sees_drafts",
]
