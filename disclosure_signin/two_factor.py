"""Two-step sign-in: a 6-digit code from an authenticator app (TOTP, django-otp)
after the password. Offered to the staff whose password alone could publish (ICT
publishers and administrators); once someone has confirmed a device, every sign-in
of theirs asks for the code."""

from __future__ import annotations

from base64 import b32encode

import segno
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from moderation.models import Role, RoleGroup

# Roles whose password alone could publish: two-step sign-in is offered to them,
# and only they can be required to use it (DISCLOSURE_TWO_FACTOR_REQUIRED).
PUBLISHING_ROLES = (Role.ICT_PUBLISHER, Role.ADMINISTRATOR)
DEVICE_NAME = "authenticator app"


def can_publish(user) -> bool:
    """Whether ``user`` is an ICT publisher or an administrator (or superuser)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return RoleGroup.objects.filter(
        role__in=PUBLISHING_ROLES, group__user=user
    ).exists()


def confirmed_device(user) -> TOTPDevice | None:
    """The user's authenticator app once its first code has been confirmed."""
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def has_two_factor(user) -> bool:
    return (
        user.is_authenticated
        and TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()
    )


def may_set_up(user) -> bool:
    """Who sees the set-up screen: publishers, and anyone who already has it on
    (so that someone who left the ICT unit can still turn it off)."""
    return can_publish(user) or has_two_factor(user)


def required_for(user) -> bool:
    """Whether the site makes ``user`` turn two-step sign-in on before anything else.
    Only ever a publisher: nobody else can be made to."""
    return bool(getattr(settings, "DISCLOSURE_TWO_FACTOR_REQUIRED", False)) and (
        can_publish(user)
    )


def pending_device(user) -> TOTPDevice:
    """The not yet confirmed device whose key the set-up screen shows; the same one
    on every visit until it is confirmed, so a reload does not change the QR code."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for apps set up without the camera."""
    text = b32encode(device.bin_key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


QR_SCALE = 4  # pixels per module: a phone reads it from a screen at arm's length


def qr_code(device: TOTPDevice) -> tuple[str, int]:
    """The device's otpauth:// address as a PNG QR code in a data: URI (drawn here
    by segno: nothing is fetched from another server) and its width in pixels."""
    code = segno.make(device.config_url, error="m")
    width, _height = code.symbol_size(scale=QR_SCALE)
    return code.png_data_uri(scale=QR_SCALE), width


def remove_two_factor(user) -> int:
    """Turn two-step sign-in off for ``user``: every device goes. How many went."""
    count, _ = TOTPDevice.objects.filter(user=user).delete()
    return count
