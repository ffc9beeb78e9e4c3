"""The role groups setup_disclosure makes hold exactly the permissions each role
needs, whichever app asks for them (each app registers its own through the
``disclosure_role_permissions`` hook)."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from wagtail import hooks
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from moderation.models import Role, RoleGroup
from moderation.roles import role_model_permissions
from tests.utils import run_setup_command

pytestmark = pytest.mark.django_db

# What every group held before the apps registered their permissions through the
# hook (read from setup_disclosure as it was): the list must not change.
EXPECTED = {
    "administrator": {
        "model": {
            "disclosure_channels.add_channel",
            "disclosure_channels.add_channelmark",
            "disclosure_channels.add_channelposting",
            "disclosure_channels.add_journalentry",
            "disclosure_channels.add_journalissue",
            "disclosure_channels.change_channel",
            "disclosure_channels.change_channelmark",
            "disclosure_channels.change_channelposting",
            "disclosure_channels.change_journalentry",
            "disclosure_channels.change_journalissue",
            "disclosure_channels.delete_channel",
            "disclosure_channels.delete_channelmark",
            "disclosure_channels.delete_channelposting",
            "disclosure_channels.delete_journalentry",
            "disclosure_channels.delete_journalissue",
            "disclosure_channels.view_channel",
            "disclosure_channels.view_channelmark",
            "disclosure_channels.view_channelposting",
            "disclosure_channels.view_journalentry",
            "disclosure_channels.view_journalissue",
            "auth.add_user",
            "auth.change_group",
            "auth.change_user",
            "auth.delete_user",
            "auth.view_group",
            "auth.view_user",
            "disclosure_moderation.add_unit",
            "disclosure_moderation.change_officesettings",
            "disclosure_moderation.change_unit",
            "disclosure_moderation.delete_unit",
            "disclosure_moderation.view_publicationrequest",
            "disclosure_moderation.view_unit",
            "disclosure_reporting.add_committeereport",
            "disclosure_reporting.add_dailyvisitor",
            "disclosure_reporting.add_documentdownloadcount",
            "disclosure_reporting.add_feedback",
            "disclosure_reporting.add_pageviewcount",
            "disclosure_reporting.add_ratelimitwindow",
            "disclosure_reporting.add_unitnarrative",
            "disclosure_reporting.change_committeereport",
            "disclosure_reporting.change_dailyvisitor",
            "disclosure_reporting.change_documentdownloadcount",
            "disclosure_reporting.change_feedback",
            "disclosure_reporting.change_pageviewcount",
            "disclosure_reporting.change_ratelimitwindow",
            "disclosure_reporting.change_unitnarrative",
            "disclosure_reporting.delete_committeereport",
            "disclosure_reporting.delete_dailyvisitor",
            "disclosure_reporting.delete_documentdownloadcount",
            "disclosure_reporting.delete_feedback",
            "disclosure_reporting.delete_pageviewcount",
            "disclosure_reporting.delete_ratelimitwindow",
            "disclosure_reporting.delete_unitnarrative",
            "disclosure_reporting.reopen_committeereport",
            "disclosure_reporting.submit_committeereport",
            "disclosure_reporting.view_committeereport",
            "disclosure_reporting.view_dailyvisitor",
            "disclosure_reporting.view_documentdownloadcount",
            "disclosure_reporting.view_feedback",
            "disclosure_reporting.view_pageviewcount",
            "disclosure_reporting.view_ratelimitwindow",
            "disclosure_reporting.view_unitnarrative",
            "disclosure_site.change_siteappearance",
            "ita.add_itaevidence",
            "ita.add_itaindicator",
            "ita.add_itapagetag",
            "ita.add_itayear",
            "ita.change_itaevidence",
            "ita.change_itaindicator",
            "ita.change_itapagetag",
            "ita.change_itayear",
            "ita.delete_itaevidence",
            "ita.delete_itaindicator",
            "ita.delete_itapagetag",
            "ita.delete_itayear",
            "ita.view_itaevidence",
            "ita.view_itaindicator",
            "ita.view_itapagetag",
            "ita.view_itayear",
            "structured_disclosures.add_procurementmethod",
            "structured_disclosures.change_procurementmethod",
            "structured_disclosures.delete_procurementmethod",
            "structured_disclosures.view_procurementmethod",
            "wagtailadmin.access_admin",
            "wagtailcore.add_task",
            "wagtailcore.add_workflow",
            "wagtailcore.change_task",
            "wagtailcore.change_workflow",
        },
        "page": {
            "Page:add_page",
            "Page:bulk_delete_page",
            "Page:change_page",
            "Page:lock_page",
            "Page:publish_page",
            "Page:unlock_page",
        },
        "collection": {
            "wagtaildocs.add_document",
            "wagtaildocs.change_document",
            "wagtaildocs.choose_document",
            "wagtaildocs.delete_document",
            "wagtailimages.add_image",
            "wagtailimages.change_image",
            "wagtailimages.choose_image",
            "wagtailimages.delete_image",
        },
    },
    "committee": {
        "model": {
            "disclosure_reporting.view_committeereport",
            "disclosure_reporting.view_dailyvisitor",
            "disclosure_reporting.view_documentdownloadcount",
            "disclosure_reporting.view_feedback",
            "disclosure_reporting.view_pageviewcount",
            "disclosure_reporting.view_ratelimitwindow",
            "disclosure_reporting.view_unitnarrative",
            "wagtailadmin.access_admin",
        },
        "page": set(),
        "collection": set(),
    },
    "editor": {
        "model": {
            "wagtailadmin.access_admin",
        },
        "page": {
            "DisclosureIndexPage:add_page",
            "DisclosureIndexPage:change_page",
            "GalleryIndexPage:add_page",
            "GalleryIndexPage:change_page",
        },
        "collection": {
            "wagtaildocs.add_document",
            "wagtaildocs.choose_document",
            "wagtailimages.add_image",
            "wagtailimages.choose_image",
        },
    },
    "ict_publisher": {
        "model": {
            "disclosure_channels.add_channelmark",
            "disclosure_channels.view_channelmark",
            "disclosure_moderation.view_publicationrequest",
            "ita.add_itaevidence",
            "ita.add_itaindicator",
            "ita.add_itapagetag",
            "ita.add_itayear",
            "ita.change_itaevidence",
            "ita.change_itaindicator",
            "ita.change_itapagetag",
            "ita.change_itayear",
            "ita.delete_itaevidence",
            "ita.delete_itaindicator",
            "ita.delete_itapagetag",
            "ita.delete_itayear",
            "ita.view_itaevidence",
            "ita.view_itaindicator",
            "ita.view_itapagetag",
            "ita.view_itayear",
            "structured_disclosures.add_procurementmethod",
            "structured_disclosures.change_procurementmethod",
            "structured_disclosures.delete_procurementmethod",
            "structured_disclosures.view_procurementmethod",
            "wagtailadmin.access_admin",
        },
        "page": {
            "AccessibilityStatementPage:change_page",
            "AccessibilityStatementPage:lock_page",
            "AccessibilityStatementPage:publish_page",
            "AccessibilityStatementPage:unlock_page",
            "ContactPage:change_page",
            "ContactPage:lock_page",
            "ContactPage:publish_page",
            "ContactPage:unlock_page",
            "DisclosureIndexPage:add_page",
            "DisclosureIndexPage:change_page",
            "DisclosureIndexPage:lock_page",
            "DisclosureIndexPage:publish_page",
            "DisclosureIndexPage:unlock_page",
            "GalleryIndexPage:add_page",
            "GalleryIndexPage:change_page",
            "GalleryIndexPage:lock_page",
            "GalleryIndexPage:publish_page",
            "GalleryIndexPage:unlock_page",
            "HomePage:change_page",
            "HomePage:lock_page",
            "HomePage:publish_page",
            "HomePage:unlock_page",
            "MeasurePage:change_page",
            "MeasurePage:lock_page",
            "MeasurePage:publish_page",
            "MeasurePage:unlock_page",
            "PrivacyNoticePage:change_page",
            "PrivacyNoticePage:lock_page",
            "PrivacyNoticePage:publish_page",
            "PrivacyNoticePage:unlock_page",
            "ResponsiblePeoplePage:change_page",
            "ResponsiblePeoplePage:lock_page",
            "ResponsiblePeoplePage:publish_page",
            "ResponsiblePeoplePage:unlock_page",
            "SitemapPage:change_page",
            "SitemapPage:lock_page",
            "SitemapPage:publish_page",
            "SitemapPage:unlock_page",
            "WebsitePolicyPage:change_page",
            "WebsitePolicyPage:lock_page",
            "WebsitePolicyPage:publish_page",
            "WebsitePolicyPage:unlock_page",
        },
        "collection": {
            "wagtaildocs.add_document",
            "wagtaildocs.change_document",
            "wagtaildocs.choose_document",
            "wagtailimages.add_image",
            "wagtailimages.change_image",
            "wagtailimages.choose_image",
        },
    },
    "office_director": {
        "model": {
            "disclosure_moderation.view_publicationrequest",
            "disclosure_reporting.submit_committeereport",
            "disclosure_reporting.view_committeereport",
            "disclosure_reporting.view_dailyvisitor",
            "disclosure_reporting.view_documentdownloadcount",
            "disclosure_reporting.view_feedback",
            "disclosure_reporting.view_pageviewcount",
            "disclosure_reporting.view_ratelimitwindow",
            "disclosure_reporting.view_unitnarrative",
            "wagtailadmin.access_admin",
        },
        "page": set(),
        "collection": set(),
    },
    "pr": {
        "model": {
            "disclosure_channels.add_channel",
            "disclosure_channels.add_channelmark",
            "disclosure_channels.add_channelposting",
            "disclosure_channels.add_journalissue",
            "disclosure_channels.change_channel",
            "disclosure_channels.change_channelmark",
            "disclosure_channels.change_channelposting",
            "disclosure_channels.change_journalissue",
            "disclosure_channels.delete_channelmark",
            "disclosure_channels.view_channel",
            "disclosure_channels.view_channelmark",
            "disclosure_channels.view_channelposting",
            "disclosure_channels.view_journalissue",
            "wagtailadmin.access_admin",
        },
        "page": set(),
        "collection": {
            "wagtaildocs.choose_document",
            "wagtailimages.add_image",
            "wagtailimages.change_image",
            "wagtailimages.choose_image",
        },
    },
    "unit_director": {
        "model": {
            "wagtailadmin.access_admin",
        },
        "page": {
            "DisclosureIndexPage:add_page",
            "DisclosureIndexPage:change_page",
            "GalleryIndexPage:add_page",
            "GalleryIndexPage:change_page",
        },
        "collection": {
            "wagtaildocs.add_document",
            "wagtaildocs.choose_document",
            "wagtailimages.add_image",
            "wagtailimages.choose_image",
        },
    },
}


def granted() -> dict[str, dict[str, set[str]]]:
    """Each role group's permissions: model, page (by page type) and collection."""
    found = {}
    for role_group in RoleGroup.objects.select_related("group"):
        group = role_group.group
        found[role_group.role] = {
            "model": {
                f"{p.content_type.app_label}.{p.codename}"
                for p in group.permissions.select_related("content_type")
            },
            "page": {
                f"{type(gp.page.specific).__name__}:{gp.permission.codename}"
                for gp in GroupPagePermission.objects.filter(group=group)
            },
            "collection": {
                f"{gp.permission.content_type.app_label}.{gp.permission.codename}"
                for gp in GroupCollectionPermission.objects.filter(group=group)
            },
        }
    return found


def test_setup_gives_each_role_exactly_its_permissions():
    run_setup_command()
    assert granted() == EXPECTED


def test_a_second_run_gives_nothing_more():
    run_setup_command()
    run_setup_command()
    assert granted() == EXPECTED


def test_an_app_adds_a_roles_permissions_through_the_hook():
    """A new app names what its content needs per role; set-up grants it."""

    def committee_reads_units():
        return {Role.COMMITTEE: ["disclosure_moderation.view_unit"]}

    with hooks.register_temporarily(
        "disclosure_role_permissions", committee_reads_units
    ):
        run_setup_command()
    committee = Group.objects.get(disclosure_role__role=Role.COMMITTEE)
    assert committee.permissions.filter(
        content_type__app_label="disclosure_moderation", codename="view_unit"
    ).exists()
    # Only the role it was asked for.
    editors = Group.objects.get(disclosure_role__role=Role.EDITOR)
    assert not editors.permissions.filter(codename="view_unit").exists()


def test_a_hook_naming_a_role_that_does_not_exist_is_refused():
    def chairman_reads_units():
        return {"chairman": ["disclosure_moderation.view_unit"]}

    with (
        hooks.register_temporarily("disclosure_role_permissions", chairman_reads_units),
        pytest.raises(ImproperlyConfigured, match="chairman"),
    ):
        role_model_permissions()
