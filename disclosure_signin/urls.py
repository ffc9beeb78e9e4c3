"""Admin URLs of sign-in security (under /admin/sign-in/)."""

from django.urls import path

from . import views

app_name = "disclosure_signin"

urlpatterns = [
    path("code/", views.verify, name="verify"),
    path("two-step/", views.set_up, name="setup"),
    path("two-step/off/", views.turn_off, name="turn_off"),
    path("security/", views.security, name="security"),
    path("security/unlock/", views.unlock, name="unlock"),
    path("security/remove/<int:user_id>/", views.remove, name="remove"),
]
