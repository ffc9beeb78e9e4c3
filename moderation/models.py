"""The office and its units (กลุ่ม/หน่วย): the people behind every publication."""

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Task


class UnitKind(models.TextChoices):
    ICT = "ict", _("ICT (publishes on the website)")
    PR = "pr", _("Public relations")
    OTHER = "other", _("Other unit")


class UnitQuerySet(models.QuerySet):
    def for_user(self, user) -> "UnitQuerySet":
        """Units where the user is a member, the director or the deputy."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            models.Q(members=user) | models.Q(director=user) | models.Q(deputy=user)
        ).distinct()


class Unit(models.Model):
    """A unit of the office (กลุ่ม/หน่วย) that supplies and owns published information."""

    code = models.SlugField(
        _("code"),
        max_length=50,
        unique=True,
        help_text=_("A short stable identifier, e.g. 'policy'. Used in addresses."),
    )
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=UnitKind.choices, default=UnitKind.OTHER
    )
    director = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("unit director"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directed_units",
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deputy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputised_units",
        help_text=_(
            "Acts for the director when the director is away or is the requester."
        ),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        blank=True,
        related_name="disclosure_units",
        help_text=_("Staff who prepare this unit's information."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    objects = UnitQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name_th"),
                FieldPanel("name_en"),
                FieldPanel("short_name"),
                FieldPanel("code"),
                FieldPanel("kind"),
                FieldPanel("sort_order"),
            ],
            heading=_("Unit"),
        ),
        MultiFieldPanel(
            [FieldPanel("director"), FieldPanel("deputy"), FieldPanel("members")],
            heading=_("People"),
        ),
    ]

    class Meta:
        ordering = ["sort_order", "name_th"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The Thai name, or the English one for an English admin user when set."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name_th


@register_setting(icon="home")
class OfficeSettings(BaseSiteSetting):
    """The office running the measure: its name, head and contacts — data, not code."""

    name_th = models.CharField(_("office name (Thai)"), max_length=255, blank=True)
    name_en = models.CharField(_("office name (English)"), max_length=255, blank=True)
    short_name_th = models.CharField(
        _("short name (Thai)"),
        max_length=100,
        blank=True,
        help_text=_("For example สพป. + province + area number"),
    )
    office_director = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("office director"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    memo_number_prefix = models.CharField(
        _("memo number prefix"),
        max_length=50,
        blank=True,
        help_text=_(
            "Printed before the running number of each request memo, e.g. ศธ 04001/. "
            "Numbers restart at 1 each fiscal year."
        ),
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    ict_unit = models.ForeignKey(
        Unit,
        verbose_name=_("ICT unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Publishes on the website (measure §2.1)."),
    )
    pr_unit = models.ForeignKey(
        Unit,
        verbose_name=_("public relations unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Publishes through other channels (measure §2.2)."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name_th"),
                FieldPanel("name_en"),
                FieldPanel("short_name_th"),
                FieldPanel("office_director"),
                FieldPanel("memo_number_prefix"),
            ],
            heading=_("Office"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("ict_unit"), FieldPanel("pr_unit")],
            heading=_("Responsible units"),
        ),
    ]

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("office")

    def __str__(self) -> str:
        return self.name_th or str(_("Office"))


class ApprovalStep(models.TextChoices):
    """The three steps of the measure's approval chain (§3.1), in order."""

    UNIT_DIRECTOR = "unit_director", _("Unit director")
    OFFICE_DIRECTOR = "office_director", _("Office director")
    PUBLISHER = "publisher", _("ICT publisher")


class DisclosureApprovalTask(Task):
    """One step of the approval chain; its approvers come from the page's unit and
    the office at run time, so one workflow serves every unit."""

    step = models.CharField(
        _("step"), max_length=20, choices=ApprovalStep.choices, unique=True
    )

    admin_form_fields = [*Task.admin_form_fields, "step"]
    admin_form_readonly_on_edit_fields = [
        *Task.admin_form_readonly_on_edit_fields,
        "step",
    ]

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")

    @classmethod
    def get_description(cls):
        return _(
            "Approved by the unit's director, the office director or an ICT publisher, "
            "resolved from the page's unit; nobody approves their own request."
        )

    # Who may act: one rule, in moderation.approvers.
    def _may_act(self, obj, user) -> bool:
        from .approvers import user_may_act

        return user_may_act(self, obj, user)

    def get_actions(self, obj, user):
        from .approvers import user_may_approve

        if not self._may_act(obj, user):
            return []
        actions = [("reject", _("Request changes"), True)]
        # Whoever changed the content under review may send it back, not approve it.
        if user_may_approve(self, obj, user):
            # No "and publish" here: Wagtail's action menu adds it to the approvals
            # of whichever step is last, the one whose approval publishes.
            actions += [
                ("approve", _("Approve"), False),
                ("approve", _("Approve with comment"), True),
            ]
        return actions

    def start(self, workflow_state, user=None):
        # A rewrite after "request changes" goes back to step 1; see step_to_start.
        from .approvers import step_to_start

        step = step_to_start(self, workflow_state, user)
        if step.pk != self.pk:
            return step.start(workflow_state, user=user)
        return super().start(workflow_state, user=user)

    def get_form_for_action(self, action):
        from .forms import ApproveForm, RequestChangesForm

        return RequestChangesForm if action == "reject" else ApproveForm

    def user_can_access_editor(self, obj, user):
        return self._may_act(obj, user)

    def locked_for_user(self, obj, user):
        return not (user.is_superuser or self._may_act(obj, user))

    def user_can_lock(self, obj, user):
        # A lock would outlive the step and block the next approver.
        return False

    def user_can_unlock(self, obj, user):
        # Wagtail asks only the task while a workflow runs; keep the publishers'
        # and administrators' unlock permission working then too.
        from .pages import has_page_permission

        return has_page_permission(user, "unlock_page")

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from .approvers import task_states_user_can_moderate

        return task_states_user_can_moderate(self, user)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        from .approvers import decide

        return decide(self, task_state, user, action_name, **kwargs)


class ApprovalRecord(models.Model):
    """Who decided a step and in what capacity, as it was at the time, so a printed
    memo never changes when directors or the office change later."""

    task_state = models.OneToOneField(
        "wagtailcore.TaskState",
        on_delete=models.CASCADE,
        related_name="disclosure_record",
    )
    step = models.CharField(_("step"), max_length=20, choices=ApprovalStep.choices)
    routing = models.CharField(_("routing"), max_length=30)
    name = models.CharField(_("name"), max_length=255)
    position = models.CharField(_("position"), max_length=255)
    acting = models.BooleanField(_("acting for"), default=False)
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("version decided on"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    superseded_at = models.DateTimeField(
        _("superseded at"),
        null=True,
        blank=True,
        help_text=_(
            "Set when the content changed after this approval: the step decides again."
        ),
    )

    class Meta:
        verbose_name = _("approval record")
        verbose_name_plural = _("approval records")

    def __str__(self) -> str:
        return f"{self.name} ({self.position})"

    @classmethod
    def record(cls, task_state, task, user, approvers) -> "ApprovalRecord":
        from .memo import capacity

        position, acting = capacity(task_state, task.step, user, approvers.routing)
        page = task_state.workflow_state.content_object
        record, _created = cls.objects.update_or_create(
            task_state=task_state,
            defaults={
                "step": task.step,
                "routing": approvers.routing,
                "name": user.get_full_name() or user.get_username(),
                "position": position,
                "acting": acting,
                # What the decider saw: the latest version when they decided (an
                # approver may have edited it since the step started).
                "revision": page.get_latest_revision(),
            },
        )
        return record


class PublicationRequest(models.Model):
    """A request to publish (บันทึกขออนุญาตเผยแพร่ข้อมูลผ่านเว็บไซต์): one per workflow
    run of a unit-owned page, numbered per fiscal year, printed as the memo."""

    workflow_state = models.OneToOneField(
        "wagtailcore.WorkflowState",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="publication_request",
        verbose_name=_("workflow"),
        help_text=_("Empty for a publication outside the approval chain."),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="publication_requests",
        verbose_name=_("page"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="publication_requests",
        verbose_name=_("unit"),
    )
    category = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("category"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), db_index=True)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    number = models.PositiveIntegerField(_("number"))
    document_number = models.CharField(
        _("document number"),
        max_length=80,
        blank=True,
        help_text=_("As printed on the memo (ที่ …), fixed when it was opened."),
    )
    # Published by an administrator outside the chain (urgent): the reason, what
    # was published, and the office director's acknowledgement.
    outside_chain = models.BooleanField(
        _("published outside the approval chain"), default=False
    )
    reason = models.TextField(_("reason"), blank=True)
    published_revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("version published"),
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    # A request withdrawn or cancelled: by whom, when and why (ความเห็น).
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    cancelled_by_name = models.CharField(
        _("cancelled by (name)"), max_length=255, blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_comment = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("request to publish")
        verbose_name_plural = _("requests to publish")
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "number"], name="unique_memo_number_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.fiscal_year} {self.page.title}"

    @staticmethod
    def format_number(prefix: str, number: int, fiscal_year: int) -> str:
        """ที่ … : the office's prefix, the running number and the fiscal year."""
        return f"{prefix}{number}/{fiscal_year}"


class Role(models.TextChoices):
    """The measure's roles; each is one Django group (see README, "Roles")."""

    EDITOR = "editor", _("Editor (prepares a unit's items)")
    UNIT_DIRECTOR = "unit_director", _("Unit director")
    OFFICE_DIRECTOR = "office_director", _("Office director")
    ICT_PUBLISHER = "ict_publisher", _("ICT publisher")
    PR = "pr", _("Public relations")
    COMMITTEE = "committee", _("Committee")
    ADMINISTRATOR = "administrator", _("Administrator")


class RoleGroup(models.Model):
    """Which Django group holds a role, so a group can be renamed safely."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, unique=True)
    group = models.OneToOneField(
        "auth.Group", on_delete=models.CASCADE, related_name="disclosure_role"
    )

    class Meta:
        verbose_name = _("role group")
        verbose_name_plural = _("role groups")

    def __str__(self) -> str:
        return f"{self.get_role_display()} → {self.group.name}"


class PageCreation(models.Model):
    """One "new page" form, known by the random token it was rendered with.

    Wagtail 8's autosave posts the create form, and "Save draft" may post the same
    form again before the autosave's answer has turned it into an edit form: the
    second post then made a second page, or was refused as "slug already used".
    The first post to create the page records it here; later posts of the same
    form edit that page (moderation/page_creation.py).
    """

    token = models.UUIDField(unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set once the person's own click (not an autosave) has been answered: the
    # browser has left that form, so an autosave of it arriving later is stale.
    submitted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("page creation form")
        verbose_name_plural = _("page creation forms")

    def __str__(self) -> str:
        return str(self.token)
