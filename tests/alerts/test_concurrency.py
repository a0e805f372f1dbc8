"""Two senders at once (two cron jobs overlapping, two servers): every digest goes once."""

import threading

import pytest
from django.core import mail
from django.db import connection

from cahier.alerts.enums import DigestStatus
from cahier.alerts.models import Delivery, Digest
from cahier.alerts.sending import alerts_send
from tests.catalogue.factories import InitiativeFactory, region

from .factories import paris, published_at, subscribe

pytestmark = pytest.mark.postgres
SUBSCRIBERS = 12


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_each_digest_once(on_postgres):
    if not on_postgres:
        pytest.skip("SQLite serialises writers (BEGIN IMMEDIATE): no interleaving to test")
    confirmed = paris(2026, 3, 10, 9, 0)
    for number in range(SUBSCRIBERS):
        subscribe(f"lecteur{number}@example.org", now=confirmed)
    for title in ("Garage solidaire", "Épicerie solidaire"):
        published_at(InitiativeFactory(title=title, region=region("bretagne")), paris(2026, 3, 11))
    mail.outbox.clear()  # the confirmation requests
    start, reports, errors = threading.Barrier(2), [], []

    def sender():
        start.wait()
        try:
            reports.append(alerts_send(now=paris(2026, 3, 11, 12, 0)))
        except Exception as error:  # reported below, whatever it is
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sum(report.sent for report in reports) == SUBSCRIBERS
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"lecteur{number}@example.org" for number in range(SUBSCRIBERS)
    )
    assert Digest.objects.filter(status=DigestStatus.SENT).count() == SUBSCRIBERS
    assert Delivery.objects.count() == 2 * SUBSCRIBERS
    assert alerts_send(now=paris(2026, 3, 11, 13, 0)).sent == 0
