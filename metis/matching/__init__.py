"""Matching core: scoring with reasons and optimal allocation, on plain data.

No Django import here (the adapter lives with the apps). Names are imported lazily so
that `python -m metis.matching solve` only loads what it needs.
"""

_EXPORTS = {
    "Taxonomy": "taxonomy",
    "Volunteer": "model",
    "Need": "model",
    "Company": "model",
    "Association": "model",
    "Market": "model",
    "encode": "model",
    "score_pair": "reasons",
    "explain": "reasons",
    "build_edges": "scoring",
    "score_rows": "scoring",
    "SkillIndex": "scoring",
    "Graph": "flow",
    "allocate": "flow",
    "allocate_monolithic": "flow",
    "allocate_greedy": "greedy",
    "Proposal": "proposals",
    "propose": "proposals",
    "candidates_for_need": "proposals",
    "graph_of": "proposals",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(name)
