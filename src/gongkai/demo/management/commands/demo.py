import os
import time
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from gongkai.core.filemodes import private_paths, too_open
from gongkai.core.logs import log_to_file
from gongkai.demo import loader
from gongkai.search.indexer import IndexerThread


def warn_of_open_files(out: TextIO) -> None:
    """Say which files of personal data others may read, and how to close them; change nothing:
    the operator may have a reason (a group that makes backups)."""
    for path, mode in too_open(private_paths()):
        owner_only = "700" if path.is_dir() else "600"
        out.write(
            f"警告：{path} 的权限为 {mode:o}，其他用户可以访问其中的个人信息；"
            f"请运行 chmod {owner_only} {path}\n"
        )


class Command(BaseCommand):
    help = "Set up the demo (database, demo data, search index) and serve the portal."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--documents",
            type=int,
            default=int(os.environ.get("GONGKAI_DEMO_DOCUMENTS", 3000)),
            help="generated documents besides the seed plans (first run only)",
        )
        parser.add_argument("--no-serve", action="store_true", help="prepare, then exit")

    def handle(self, *args, port, host, documents, no_serve, **options):
        started = time.monotonic()
        log = settings.VAR_DIR / "log" / "gongkai.log"
        log_to_file(log)
        warn_of_open_files(self.stderr)
        call_command("migrate", interactive=False, verbosity=0)
        if loader.is_loaded():
            self.stdout.write("Demo data already loaded; reusing it.")
        else:
            self.stdout.write(f"Loading demo data (5 seed plans, {documents} generated documents)…")
            loader.load(corpus_size=documents)
        self.stdout.write(f"Ready in {time.monotonic() - started:.1f}s. Data: {settings.VAR_DIR}")
        if no_serve:
            return
        self._banner(host, port, log)
        IndexerThread(settings.SEARCH_POLL_SECONDS)
        call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)

    def _banner(self, host: str, port: int, log: Path) -> None:
        base = f"http://{host}:{port}"
        lines = [
            "",
            f"  门户（政府信息公开专栏）  {base}/",
            f"  检索                      {base}/search/?q=政务公开",
            f"  工作台（工作人员）        {base}/staff/",
            f"  平台配置（Django admin）  {base}/admin/",
            f"  开放接口（OpenAPI）       {base}/api/v1/docs",
            f"  应用日志（错误及其编号）  {log}",
            "",
            f"  演示账号（密码均为 {loader.PASSWORD}）：",
        ]
        lines += [f"    {u:<13} {name}（{role.label}）" for u, name, role, _ in loader.USERS]
        lines.append("")
        self.stdout.write("\n".join(lines))
