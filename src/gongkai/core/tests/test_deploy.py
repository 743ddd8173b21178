"""The README's production variables pass Django's deploy checks with no warning.

Settings are read from the environment when they are imported, so the checks run in a fresh
process with exactly the variables the README tells an operator to set.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[4] / "README.md"


def production_variables() -> dict[str, str]:
    """The variables of the README's 生产部署 section, placeholders filled in."""
    section = README.read_text(encoding="utf-8").split("## 生产部署", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)[1]
    variables = {}
    for line in block.splitlines():
        name, _, value = line.split("#", 1)[0].strip().partition("=")
        variables[name] = value.strip()
    assert variables["GONGKAI_SECRET_KEY"] == "…"  # the operator's own
    variables["GONGKAI_SECRET_KEY"] = secrets.token_urlsafe(50)
    return variables


def deploy_check(tmp_path, **overrides) -> subprocess.CompletedProcess:
    # Only the README's variables: nothing from the shell that runs the tests.
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GONGKAI_") and k not in {"DATABASE_URL", "REDIS_URL"}
    }
    variables = {**production_variables(), "GONGKAI_VAR": str(tmp_path), **overrides}
    return subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env={**inherited, **variables},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_readme_production_variables_pass_the_deploy_checks(tmp_path):
    result = deploy_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_https_the_deploy_checks_do_warn(tmp_path):
    """The test above would pass on a command that checks nothing."""
    result = deploy_check(tmp_path, GONGKAI_HTTPS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


def test_hsts_and_the_redirect_follow_the_environment(tmp_path):
    result = deploy_check(tmp_path, GONGKAI_HSTS_SECONDS="0", GONGKAI_SSL_REDIRECT="0")
    assert "security.W004" in result.stderr and "security.W008" in result.stderr
