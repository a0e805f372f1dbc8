"""Background tasks of the contact requests (`cahier worker` runs them; docs/essaimage.md)."""

from django_tasks import task

from . import services


@task()
def contact_requests_remind_task() -> dict:
    """`cahier contacts remind --enqueue`: idempotent, like the command."""
    return services.contact_requests_remind()


@task()
def contact_requests_purge_task() -> int:
    """`cahier contacts purge --enqueue`: idempotent, like the command."""
    return services.contact_requests_purge()
