"""Public URLs of the ITA page; the site mounts them under ``ita/``."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.ita_index, name="ita_index"),
    path("<int:fiscal_year>/", views.year_page, name="ita_year"),
    path("<int:fiscal_year>/<str:code>/", views.indicator_page, name="ita_indicator"),
]
