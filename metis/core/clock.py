"""The clock of a replay: services that a replay calls at a past moment (the demo's past
programme) take `now` (None: the present) and save what they write through `save_at`."""

import datetime


def save_at(obj, now: datetime.datetime | None, **save_kwargs) -> None:
    """Save `obj` and its history row (django-simple-history) at `now`. Django stamps
    `created_at` and `updated_at` with the present whatever they hold: with a `now`, they are
    set to it just after."""
    if now is None:
        obj.save(**save_kwargs)
        return
    adding = obj._state.adding
    obj._history_date = now
    try:
        obj.save(**save_kwargs)
    finally:
        del obj._history_date
    stamps = {"created_at": now, "updated_at": now} if adding else {"updated_at": now}
    type(obj)._default_manager.filter(pk=obj.pk).update(**stamps)
    for name, value in stamps.items():
        setattr(obj, name, value)
