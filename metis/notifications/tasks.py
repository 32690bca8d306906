from django.tasks import task
from django.utils import translation


@task(queue_name="mail")
def send_notices(*, notice_ids: list[int], language: str) -> int:
    """The e-mails of notices just created for people who chose immediate e-mails, written by
    the worker in the language of the request that created them (notifications.services.notify).
    Notices already e-mailed are skipped. Returns how many e-mails were queued."""
    from .services import notices_email_now

    with translation.override(language):
        return notices_email_now(notice_ids)
