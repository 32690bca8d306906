"""What the Service Civique Professionnel announces, sent inside its services' transaction and
chained by metis.workflow."""

from django.dispatch import Signal

# A civic day was booked: the employer must answer (participation=).
civic_day_booked = Signal()
