import json
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.ingest import format_limit
from gongkai.core.privacy import Finding, Kind, ScanError, file_text, mask, scan


class Command(BaseCommand):
    help = (
        "Scan a TXT, PDF, DOCX or XLSX file for personal data (ID, mobile and bank card numbers, "
        "email addresses) and classification marks, as the guard does before publication. "
        "Findings are not an error: the exit code is 0 whenever the file could be read."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help='print the findings as a JSON list of {"kind", "text", "start", "end"}',
        )

    def handle(self, *args: object, file: str, as_json: bool, **options: object) -> None:
        path = Path(file)
        text = self.read(path)
        findings = scan(text)
        if as_json:
            self.print_json(findings)
        else:
            self.print_report(path, text, findings)

    def read(self, path: Path) -> str:
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        if not path.is_file():
            raise CommandError(f"不是文件：{path}")
        try:
            if path.stat().st_size > settings.ATTACHMENT_MAX_BYTES:
                limit = format_limit(settings.ATTACHMENT_MAX_BYTES)
                raise CommandError(f"文件过大：上限为 {limit}：{path}")
            data = path.read_bytes()
        except OSError as e:
            raise CommandError(f"无法读取文件：{path}（{e.strerror or e}）") from e
        try:
            return file_text(data, path.name)
        except ScanError as e:
            raise CommandError(f"{e}：{path}") from e

    def print_json(self, findings: list[Finding]) -> None:
        self.stdout.write(json.dumps([f.to_json() for f in findings], ensure_ascii=False))

    def print_report(self, path: Path, text: str, findings: list[Finding]) -> None:
        if not findings:
            self.stdout.write(f"{path}：未发现个人信息或密级标志")
            return
        self.stdout.write(f"{path}（行列按提取出的文本计）：")
        for f in findings:
            line, column = line_column(text, f.start)
            self.stdout.write(
                f"  第 {line} 行第 {column} 列  {f.kind.label}  {f.text}  → 建议遮盖为：{mask(f)}"
            )
        counts = Counter(f.kind for f in findings)
        by_kind = "，".join(f"{kind.label} {counts[kind]} 处" for kind in Kind if counts[kind])
        self.stdout.write(f"共发现 {len(findings)} 处：{by_kind}")


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of `offset`."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1
