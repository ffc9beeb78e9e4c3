"""Send the weekly review reminders (run once a week, e.g. by systemd's timer)."""

from django.core.management.base import BaseCommand

from disclosure_pages.review_digest import plan_digests
from disclosure_pages.tasks import send_review_digest


class Command(BaseCommand):
    """Queue one e-mail per person listing their units' stale items and those due
    within 14 days; a person who had theirs this week gets nothing more."""

    help = (
        "Queue this week's review reminders: one e-mail per person with stale items "
        "or items due within 14 days in their units. Safe to run more than once."
    )

    def handle(self, *args, **options):
        planned = plan_digests()
        week = planned.week.isoformat()
        for user_id in planned.to_send:
            send_review_digest.enqueue(user_id, week)
        self.stdout.write(
            self.style.SUCCESS(
                f"Week of {week}: {len(planned.to_send)} reminder(s) queued, "
                f"{planned.already_sent} already sent this week, "
                f"{planned.nothing_due} person(s) with nothing due."
            )
        )
