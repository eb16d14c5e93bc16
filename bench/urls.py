"""The benchmark's URLconf: its reference views under /__bench__/, then the whole site."""

from django.urls import include, path

from reviews_project.urls import handler404, handler500
from reviews_project.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("__bench__/", include("bench.views")), *site_urlpatterns]

__all__ = ["handler404", "handler500", "urlpatterns"]
