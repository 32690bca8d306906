"""What the mission cycle announces to the apps above it (docs/architecture.md: a lower app never
imports a higher one). The services send these inside their transaction; the receivers are
connected in one place, `metis.workflow` (its AppConfig.ready()). A receiver that raises
ValidationError refuses the step: the service's transaction rolls back, nothing is written.

Each signal names the keyword arguments it is sent with.
"""

from django.dispatch import Signal

participation_applied = Signal()  # participation
participation_invited = Signal()  # participation
participation_accepted = Signal()  # participation, by
participation_refused = Signal()  # participation, by
participation_approved = Signal()  # participation, by, now (None: the present)
participation_completed = Signal()  # participation, by, now (its outcome forms are asked for)
hours_declared = Signal()  # entry
extra_hours_requested = Signal()  # request
hours_rejected = Signal()  # entry
time_entry_validated = Signal()  # entry, by (the entry is then valued by metis.valuation)
time_entry_reversing = Signal()  # entry, by (guards: refuse with a ValidationError)
