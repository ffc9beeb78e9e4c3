"""The short address of a page for posts: /s/<id>/ leads to the page."""

from django.urls import path

from . import views

urlpatterns = [
    path("<str:page_id>/", views.short_link, name="channels_short_link"),
]
