import argparse
import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from gongkai.foi.calculator import explain, parse_third_party_consultation
from gongkai.foi.rules import DeadlineQuestion, RuleError


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value}") from None


class Command(BaseCommand):
    help = (
        "The reply due date of a disclosure application (条例第三十三条). The last line is the "
        "due date, YYYY-MM-DD; with --json, the line before it explains every day of the count."
    )

    def add_arguments(self, parser):
        parser.add_argument("--received", required=True, type=_date, help="收到申请之日")
        parser.add_argument("--clarification-received", type=_date, help="收到补正申请之日")
        parser.add_argument(
            "--consultation",
            action="append",
            default=[],
            metavar="START:END",
            help="征求意见期间（可重复）；答复未到时写 START:",
        )
        parser.add_argument("--extended", action="store_true", help="延长答复期限（20个工作日）")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, received, clarification_received, consultation, extended, **options):
        try:
            answer = explain(
                DeadlineQuestion(
                    received=received,
                    clarification_received=clarification_received,
                    third_party_consultations=tuple(
                        parse_third_party_consultation(c) for c in consultation
                    ),
                    extended=extended,
                )
            )
        except RuleError as error:
            raise CommandError(str(error)) from error
        except DatabaseError as error:  # the holiday table lives in the database
            raise CommandError("数据库尚未初始化：请先运行 gongkai migrate") from error
        if options["json"]:
            self.stdout.write(json.dumps(answer, ensure_ascii=False))
        elif answer["provisional"]:
            self.stderr.write("注意：期间内有年份尚无节假日安排，按周一至周五计算，结果为暂定。")
        self.stdout.write(answer["due"] or f"暂停中：{answer['waiting_for']}")
