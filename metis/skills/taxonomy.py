"""The skills taxonomy shipped with the platform."""

import json
from pathlib import Path

TAXONOMY_FILE = Path(__file__).resolve().parent / "data" / "skills.json"


def load_taxonomy(skill_model):
    """Create or update every skill of the shipped taxonomy (parents before children)."""
    entries = json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    by_code = {}
    for entry in sorted(entries, key=lambda e: e["parent"] is not None):
        skill, _ = skill_model.objects.update_or_create(
            code=entry["code"],
            defaults={
                "parent": by_code.get(entry["parent"]),
                "kind": entry["kind"],
                "label_fr": entry["label_fr"],
                "label_en": entry["label_en"],
                "synonyms": entry.get("synonyms", []),
            },
        )
        by_code[skill.code] = skill
    return len(by_code)
