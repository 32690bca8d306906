"""What the documents announce to the apps above them (docs/architecture.md, "Orchestration"):
sent inside the service's transaction, connected in `metis.workflow`.

Each signal names the keyword arguments it is sent with.
"""

from django.dispatch import Signal

receipt_issued = Signal()  # receipt, by
receipt_cancelled = Signal()  # receipt, by
