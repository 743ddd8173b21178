import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_the_gongkai_command_runs_django_commands(capsys):
    import sys

    from gongkai.cli import main

    argv, sys.argv = sys.argv, ["gongkai", "check"]
    try:
        main()
    finally:
        sys.argv = argv
    assert "no issues" in capsys.readouterr().out
