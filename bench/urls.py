from django.urls import path

from config.urls import urlpatterns as app_urlpatterns

from .floor import statements_floor

urlpatterns = [
    path("bench/floor/statements/", statements_floor, name="bench-floor-statements"),
    *app_urlpatterns,
]
