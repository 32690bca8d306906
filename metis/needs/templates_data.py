"""Need templates: typical skills-sponsorship missions shipped in data/templates.json."""

import json
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "templates.json"


@lru_cache(maxsize=1)
def need_templates() -> dict[str, dict]:
    """{code: {code, title, description, skills_required, skills_welcome, estimated_hours,
    format, volunteers_wanted}} (skills are taxonomy codes)."""
    with DATA.open(encoding="utf-8") as handle:
        return {t["code"]: t for t in json.load(handle)}


def need_template(code: str) -> dict | None:
    return need_templates().get(code)
