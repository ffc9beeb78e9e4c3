"""The other channels in the admin (filled in as the app grows)."""
