"""Who manages events (django-rules; docs/events.md): a territory's officer the commune's events,
an association's manager the association's (metis/events/organisers.py). Reading published
events and registering are public."""

import rules

from .organisers import may_organise, organises_any


@rules.predicate
def organises_events(user):
    return organises_any(user)


@rules.predicate
def is_organiser_of(user, event):
    return event is not None and may_organise(user, event.organiser)


rules.add_perm("events.organise", organises_events)
rules.add_perm("events.manage", is_organiser_of)
