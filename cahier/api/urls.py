from django.urls import path

from .api import api
from .landing import landing

# The landing page joins ninja's own patterns, in the same "api" namespace. (No module-level
# `app_name`: include() would take it as this module's namespace.)
_ninja_patterns, _ninja_app, _ninja_namespace = api.urls
urlpatterns = [
    path("v1/", ([path("", landing, name="index"), *_ninja_patterns], _ninja_app, _ninja_namespace))
]
