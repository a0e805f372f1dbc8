from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "cahier — administration"
admin.site.site_title = "cahier"
admin.site.index_title = "Back-office du catalogue"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("cahier.api.urls")),
    path("curation/", include("cahier.contributions.urls_curation")),
    path("alertes/", include("cahier.alerts.urls")),
    path("curation/", include("cahier.contacts.urls_curation")),
    path("curation/", include("cahier.audience.urls_curation")),
    path("", include("cahier.reminders.urls")),
    path("", include("cahier.contacts.urls")),
    path("", include("cahier.legal.urls")),
    path("", include("cahier.contributions.urls")),
    path("", include("cahier.editions.urls")),
    path("", include("cahier.www.urls")),
]

handler404 = "cahier.www.views.errors.page_not_found"
handler500 = "cahier.www.views.errors.server_error"
