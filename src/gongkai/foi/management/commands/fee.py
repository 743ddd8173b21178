from django.core.management.base import BaseCommand, CommandError

from gongkai.foi.rules import fee_by_count, fee_by_pages


class Command(BaseCommand):
    help = (
        "信息处理费 in yuan (国办函〔2020〕109号): --by-count N for one applicant's N applications "
        "in one natural month, or --by-pages P for one application of P pages."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--by-count", type=int, metavar="N")
        group.add_argument("--by-pages", type=int, metavar="P")

    def handle(self, *args, by_count, by_pages, **options):
        value = by_count if by_count is not None else by_pages
        if value < 0:
            raise CommandError("the number must not be negative")
        fee = fee_by_count(value) if by_count is not None else fee_by_pages(value)
        self.stdout.write(str(fee))
