"""Hooks of the organisation pages: their demo records."""

from wagtail import hooks

from .demo import load_demo


@hooks.register("disclosure_demo_data")
def load_organisation_demo(demo):
    """The executives page and the organisation chart of the example site."""
    load_demo(demo)
