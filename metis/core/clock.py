"""The clock of a replay: services that a replay calls at a past moment (the demo's past
programme) take `now` (None: the present) and save what they write through `save_at`."""

import datetime


def save_at(obj, now: datetime.datetime | None, **save_kwargs) -> None:
    """Save `obj` and its history row (django-simple-history) at `now`."""
    if now is None:
        obj.save(**save_kwargs)
        return
    adding = obj._state.adding
    obj._history_date = now
    try:
        obj.save(**save_kwargs)
    finally:
        del obj._history_date
    stamp_at(obj, now, created=adding)


def stamp_at(obj, now: datetime.datetime | None, *, created: bool) -> None:
    """Django stamps `created_at` (auto_now_add) and `updated_at` (auto_now) with the present
    whatever they hold: with a `now`, those of them the model has are set to it (`created_at`
    only for a row just `created`)."""
    if now is None:
        return
    names = {field.name for field in obj._meta.concrete_fields}
    stamps = {
        name: now
        for name in ("created_at", "updated_at")
        if name in names and (created or name == "updated_at")
    }
    if stamps:
        type(obj)._default_manager.filter(pk=obj.pk).update(**stamps)
        for name, value in stamps.items():
            setattr(obj, name, value)
