from django.core.management.base import BaseCommand

from gongkai.core.jobs import recorded
from gongkai.publishing.review import publish_scheduled


class Command(BaseCommand):
    help = (
        "Publish the approved documents whose scheduled publication time has come. A document "
        "that something blocks (a finding of the privacy guard, a missing interpretation) waits "
        "and its log says why. Run it from cron every few minutes."
    )

    def handle(self, *args, **options):
        with recorded("publish_scheduled"):
            published, held = publish_scheduled()
        for document in published:
            self.stdout.write(f"已发布：{document.index_no} {document.title}")
        for document, why in held:
            self.stdout.write(f"暂不能发布：{document.title}（{why}）")
        self.stdout.write(f"{len(published)} published, {len(held)} held back")
