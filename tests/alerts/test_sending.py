"""The sender on a frozen clock (`now=`): periods, watermark, what counts as new, failures and
crashes never turned into a second e-mail."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from cahier.alerts import sending
from cahier.alerts.enums import DigestStatus
from cahier.alerts.models import Delivery, Digest, Subscription
from cahier.alerts.sending import alerts_send
from cahier.alerts.services import subscriptions_purge_pending
from tests.catalogue.factories import InitiativeFactory, region

from .factories import paris, published_at, subscribe

# Also run on PostgreSQL (second pass of `make test`): the sender's queries on both backends.
pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
CONFIRMED = paris(2026, 3, 10, 9, 0)


def fiche(title: str, moment, slug_region: str = "bretagne"):
    return published_at(InitiativeFactory(title=title, region=region(slug_region)), moment)


def test_immediate_sends_each_new_fiche_once():
    subscribe(now=CONFIRMED)
    fiche("Avant la confirmation", CONFIRMED - timedelta(hours=2))
    fiche("Garage solidaire", paris(2026, 3, 11, 10, 0))
    report = alerts_send(now=paris(2026, 3, 11, 11, 0))
    assert (report.sent, report.fiches) == (1, 1)
    [message] = mail.outbox
    assert "Garage solidaire" in message.body
    assert "Avant la confirmation" not in message.body
    assert alerts_send(now=paris(2026, 3, 11, 11, 5)).sent == 0
    fiche("Épicerie solidaire", paris(2026, 3, 12, 8, 0))
    alerts_send(now=paris(2026, 3, 12, 9, 0))
    assert len(mail.outbox) == 2
    assert "Épicerie solidaire" in mail.outbox[1].body
    assert "Garage solidaire" not in mail.outbox[1].body


def test_weekly_digest_waits_for_its_week():
    subscribe(frequency="hebdomadaire", now=CONFIRMED)
    fiche("Garage solidaire", paris(2026, 3, 11, 10, 0))
    fiche("Épicerie solidaire", paris(2026, 3, 13, 10, 0))
    assert alerts_send(now=paris(2026, 3, 14, 9, 0)).sent == 0
    assert alerts_send(now=paris(2026, 3, 17, 8, 59)).sent == 0
    assert alerts_send(now=paris(2026, 3, 17, 9, 0)).sent == 1
    [message] = mail.outbox
    assert "2\u00a0nouvelles initiatives" in message.subject
    assert message.body.index("Garage solidaire") < message.body.index("Épicerie solidaire")
    # The next week starts at this digest.
    fiche("Tiers-lieu", paris(2026, 3, 18, 10, 0))
    assert alerts_send(now=paris(2026, 3, 20, 9, 0)).sent == 0
    assert alerts_send(now=paris(2026, 3, 24, 9, 0)).sent == 1
    assert len(mail.outbox) == 2


def test_a_quiet_week_sends_nothing_and_the_next_fiche_waits_for_no_one():
    subscribe(frequency="hebdomadaire", now=CONFIRMED)
    assert alerts_send(now=paris(2026, 3, 20, 9, 0)).sent == 0  # nothing new: no e-mail
    fiche("Garage solidaire", paris(2026, 3, 21, 10, 0))
    # The week since the confirmation is over and nothing was sent in it: sent at once.
    assert alerts_send(now=paris(2026, 3, 21, 11, 0)).sent == 1
    fiche("Épicerie solidaire", paris(2026, 3, 22, 10, 0))
    assert alerts_send(now=paris(2026, 3, 23, 11, 0)).sent == 0


def test_monthly_digest_per_calendar_month():
    subscribe(frequency="mensuel", now=CONFIRMED)
    fiche("Garage solidaire", paris(2026, 3, 20, 10, 0))
    assert alerts_send(now=paris(2026, 3, 31, 23, 30)).sent == 0
    assert alerts_send(now=paris(2026, 4, 1, 0, 30)).sent == 1
    fiche("Épicerie solidaire", paris(2026, 4, 2, 10, 0))
    assert alerts_send(now=paris(2026, 4, 30, 12, 0)).sent == 0
    assert alerts_send(now=paris(2026, 5, 1, 7, 0)).sent == 1
    assert len(mail.outbox) == 2


def test_updated_fiches_do_not_count():
    """An alert announces new fiches; one published before the confirmation and edited
    after it is not new (docs/essaimage.md)."""
    from cahier.catalogue import services
    from cahier.catalogue.snapshot import initiative_to_json, json_to_data

    old = fiche("Garage solidaire", CONFIRMED - timedelta(days=30))
    subscribe(now=CONFIRMED)
    data = json_to_data(initiative_to_json(old))
    data.title = "Garage solidaire (nouvelle adresse)"
    services.initiative_update(initiative=old, data=data, expected_version=old.version)
    assert alerts_send(now=paris(2026, 3, 11, 9, 0)).sent == 0
    assert mail.outbox == []


def test_a_fiche_committed_late_is_still_announced_once():
    """published_at is stamped before its transaction commits: a fiche stamped just before a
    run's watermark but committed after it is caught by the next run (OVERLAP)."""
    subscribe(now=CONFIRMED)
    fiche("Garage solidaire", paris(2026, 3, 11, 10, 0))
    alerts_send(now=paris(2026, 3, 11, 11, 0))
    fiche("Commis en retard", paris(2026, 3, 11, 10, 59))
    alerts_send(now=paris(2026, 3, 11, 12, 0))
    assert len(mail.outbox) == 2
    assert "Commis en retard" in mail.outbox[1].body
    assert "Garage solidaire" not in mail.outbox[1].body
    assert Delivery.objects.count() == 2


def test_a_refused_digest_is_sent_again_by_the_next_run(monkeypatch):
    subscribe(now=CONFIRMED)
    fiche("Garage solidaire", paris(2026, 3, 11, 10, 0))
    real_send = EmailMessage.send

    def refused(self, fail_silently=False):
        raise ConnectionRefusedError("serveur de courriel arrêté")

    monkeypatch.setattr(EmailMessage, "send", refused)
    report = alerts_send(now=paris(2026, 3, 11, 11, 0))
    assert (report.sent, report.failed) == (0, 1)
    assert Digest.objects.get().status == DigestStatus.FAILED
    monkeypatch.setattr(EmailMessage, "send", real_send)
    assert alerts_send(now=paris(2026, 3, 11, 12, 0)).sent == 1
    assert alerts_send(now=paris(2026, 3, 11, 13, 0)).sent == 0
    [message] = mail.outbox
    assert "Garage solidaire" in message.body
    assert Digest.objects.get().status == DigestStatus.SENT


def test_a_crash_after_the_record_never_sends_twice(monkeypatch):
    """Killed between the commit of the record and the mail server: the next run does not
    send the digest again (it may have left), and reports it."""
    subscribe(now=CONFIRMED)
    fiche("Garage solidaire", paris(2026, 3, 11, 10, 0))

    def killed(**kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(sending, "digest_deliver", killed)
    with pytest.raises(KeyboardInterrupt):
        alerts_send(now=paris(2026, 3, 11, 11, 0))
    monkeypatch.undo()
    report = alerts_send(now=paris(2026, 3, 11, 12, 0))
    assert report.sent == 0
    assert report.interrupted == [Digest.objects.get().pk]
    assert mail.outbox == []


def test_pending_requests_are_purged_after_a_week():
    subscribe("oubli@example.org", confirmed=False, now=CONFIRMED)
    subscribe("confirme@example.org", now=CONFIRMED)
    assert subscriptions_purge_pending(now=CONFIRMED + timedelta(days=6)) == 0
    assert alerts_send(now=CONFIRMED + timedelta(days=8)).purged == 1
    assert list(Subscription.objects.values_list("email", flat=True)) == ["confirme@example.org"]


def test_unsubscribed_means_no_more_email():
    from cahier.alerts.services import subscription_delete

    subscription = subscribe(now=CONFIRMED)
    fiche("Garage solidaire", paris(2026, 3, 11, 10, 0))
    subscription_delete(subscription=subscription)
    assert alerts_send(now=paris(2026, 3, 11, 11, 0)).sent == 0
    assert mail.outbox == []


def test_digest_text_typography_and_links():
    subscribe(now=CONFIRMED, query="q=garage&region=bretagne")
    fiche("Garage solidaire", paris(2026, 3, 11, 10, 0))
    alerts_send(now=paris(2026, 3, 11, 11, 0))
    [message] = mail.outbox
    assert "Mots recherchés\u00a0: «\u00a0garage\u00a0» · Région\u00a0: Bretagne" in message.body
    assert "publiée le 11\u00a0mars 2026" in message.body
    assert "/initiatives/?q=garage&region=bretagne" in message.body
    assert "/initiatives/flux.atom?q=garage&region=bretagne" in message.body
    assert "/alertes/gerer/" in message.body and "/alertes/desabonnement/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert " :" not in message.body.replace("https:", "").replace("http:", "")


def test_a_search_whose_filter_was_removed_is_reported_not_guessed(client):
    """A keyword deleted since: the alert matches nothing (never « every fiche »), the command
    names it and its manage page says so."""
    from cahier.alerts import tokens
    from cahier.catalogue.services import term_delete
    from tests.catalogue.factories import KeywordFactory

    bike = KeywordFactory(label="Vélo", slug="velo")
    subscription = subscribe(query="mot_cle=velo", now=CONFIRMED)
    term_delete(term=bike)
    fiche("Garage solidaire", paris(2026, 3, 11, 10, 0))
    report = alerts_send(now=paris(2026, 3, 11, 11, 0))
    assert (report.sent, report.broken) == (0, [subscription.pk])
    assert mail.outbox == []
    page = client.get(f"/alertes/gerer/{tokens.make(subscription.key, tokens.MANAGE)}/")
    assert "Recherche suivie, devenue invalide" in page.content.decode()
    assert "mot_cle=velo" in page.content.decode()


def test_a_large_digest_lists_fifty_fiches_and_links_to_the_rest(monkeypatch):
    from cahier.alerts import emails

    monkeypatch.setattr(emails, "MAX_LISTED", 2)
    subscribe(now=CONFIRMED)
    for number in range(3):
        fiche(f"Initiative numéro {number}", paris(2026, 3, 11, 10, number))
    alerts_send(now=paris(2026, 3, 11, 11, 0))
    [message] = mail.outbox
    assert "3\u00a0nouvelles initiatives" in message.subject
    assert "Initiative numéro 1" in message.body
    assert "Initiative numéro 2" not in message.body
    assert "… et 1\u00a0autre, sur la page de la recherche" in message.body
    assert Delivery.objects.count() == 3
