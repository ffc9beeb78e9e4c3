"""Sign-in protection for the admin: failed logins throttled per account and per
address (django-axes), and two-step sign-in with an authenticator app (django-otp)
for the staff who can publish."""
