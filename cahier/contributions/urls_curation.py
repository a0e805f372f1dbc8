"""The curation back office (mounted at « /curation/ »)."""

from django.urls import path

from .views import (
    curation,
    curation_admin,
    curation_edit,
    curation_essaimage,
    curation_links,
    institutions,
    spreadsheet,
    updates,
)

app_name = "curation"

urlpatterns = [
    path("", curation.home, name="home"),
    path("file/", curation.queue, name="queue"),
    path("nouvelle/", curation.create, name="create"),
    path("publier/", curation.bulk_publish, name="bulk_publish"),
    path("initiatives/<int:pk>/", curation.detail, name="detail"),
    path("initiatives/<int:pk>/etat/", curation.transition, name="transition"),
    path("initiatives/<int:pk>/commenter/", curation.comment, name="comment"),
    path("initiatives/<int:pk>/modifier/", curation_edit.edit, name="edit"),
    path("initiatives/<int:pk>/historique/", curation.history, name="history"),
    path(
        "initiatives/<int:pk>/historique/<int:revision_pk>/",
        curation.revision_diff,
        name="revision_diff",
    ),
    path(
        "initiatives/<int:pk>/historique/<int:revision_pk>/restaurer/",
        curation.revision_restore,
        name="revision_restore",
    ),
    path("initiatives/<int:pk>/numero/", curation.number, name="number"),
    path("initiatives/<int:pk>/fusionner/", curation.merge, name="merge"),
    path("initiatives/<int:pk>/indicateurs/", curation_essaimage.outcomes, name="outcomes"),
    path("initiatives/<int:pk>/origine/", curation_essaimage.lineage, name="lineage"),
    path("mises-a-jour/", updates.queue, name="updates"),
    path("mises-a-jour/<int:pk>/", updates.detail, name="update_detail"),
    path("mises-a-jour/<int:pk>/accepter/", updates.accept, name="update_accept"),
    path("mises-a-jour/<int:pk>/refuser/", updates.reject, name="update_reject"),
    path("appels/", curation_admin.calls, name="calls"),
    path("appels/nouveau/", curation_admin.call_edit, name="call_create"),
    path("appels/<int:pk>/", curation_admin.call_edit, name="call_edit"),
    path("appels/<int:pk>/ouvrir/", curation_admin.call_open, name="call_open"),
    path("appels/<int:pk>/clore/", curation_admin.call_close, name="call_close"),
    path("evenements/", curation_admin.events, name="events"),
    path("evenements/nouveau/", curation_admin.event_edit, name="event_create"),
    path("evenements/<int:pk>/", curation_admin.event_edit, name="event_edit"),
    path("organismes/", curation_admin.organisations, name="organisations"),
    path("organismes/<int:pk>/", curation_admin.organisation_edit, name="organisation_edit"),
    path("institutions/", institutions.institution_changes, name="institutions"),
    path("institutions/nouvelle/", institutions.institution_change_edit, name="institution_create"),
    path("institutions/<int:pk>/", institutions.institution_change_edit, name="institution_edit"),
    path(
        "institutions/<int:pk>/supprimer/",
        institutions.institution_change_delete,
        name="institution_delete",
    ),
    path("institutions/adresses/", institutions.dead_addresses, name="dead_addresses"),
    path("contributeurs/inviter/", curation_admin.invite, name="invite"),
    path("journal/", curation_admin.journal, name="journal"),
    path("liens/", curation_links.broken_links, name="links"),
    path("tableur/", spreadsheet.upload, name="spreadsheet"),
    path(
        "tableur/modele.xlsx",
        spreadsheet.template,
        {"extension": "xlsx"},
        name="spreadsheet_template_xlsx",
    ),
    path(
        "tableur/modele.csv",
        spreadsheet.template,
        {"extension": "csv"},
        name="spreadsheet_template_csv",
    ),
    path("tableur/<int:pk>/", spreadsheet.preview, name="spreadsheet_preview"),
    path("tableur/<int:pk>/confirmer/", spreadsheet.confirm, name="spreadsheet_confirm"),
]
