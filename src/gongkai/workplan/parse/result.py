"""What reading a work plan gives: its sections and tasks; the refusal when it cannot be read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from gongkai.core.refusals import Refusal


class ParseError(Refusal):
    """The file cannot be read as a work plan (the message is for the person uploading it)."""


@dataclass(frozen=True)
class Deadline:
    text: str
    due: date | None
    every: str | None
    within_working_days: int | None
    within_days: int | None


@dataclass(frozen=True)
class Task:
    number: str
    text: str
    lead_units: tuple[str, ...]
    responsible_units: tuple[str, ...]
    deadline: Deadline | None
    requirement: str = ""
    section: str = ""


@dataclass(frozen=True)
class Section:
    number: str
    title: str


@dataclass(frozen=True)
class Plan:
    title: str
    year: int | None
    sections: tuple[Section, ...]
    tasks: tuple[Task, ...]
    unplaced: tuple[str, ...] = ()  # text the reader could not place in any task: to be checked


def plan_to_json(plan: Plan) -> dict[str, Any]:
    def deadline(d: Deadline | None) -> dict[str, Any] | None:
        if d is None:
            return None
        return {
            "text": d.text,
            "due": d.due.isoformat() if d.due else None,
            "every": d.every,
            "within_working_days": d.within_working_days,
            "within_days": d.within_days,
        }

    return {
        "title": plan.title,
        "year": plan.year,
        "sections": [{"number": s.number, "title": s.title} for s in plan.sections],
        "tasks": [
            {
                "number": t.number,
                "text": t.text,
                "lead_units": list(t.lead_units),
                "responsible_units": list(t.responsible_units),
                "deadline": deadline(t.deadline),
                "requirement": t.requirement,
                "section": t.section,
            }
            for t in plan.tasks
        ],
        "unplaced": list(plan.unplaced),
    }
