"""What the home page lists: tasks waiting for the person, and a new organisation's first steps."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Task:
    """Something waiting for the person: how many, and the page that does it."""

    key: str
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class Step:
    """One step of a new organisation's set-up, ticked from the data."""

    key: str
    label: str
    done: bool
    url: str


def waiting(tasks: list[Task]) -> list[Task]:
    """Only what actually waits (a zero count is not a task)."""
    return [task for task in tasks if task.count]


def onboarding(steps: list[Step]) -> list[Step]:
    """The checklist while one step is left; nothing once the organisation is set up."""
    return steps if not all(step.done for step in steps) else []
