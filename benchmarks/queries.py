"""Per-call cost of every public lookup and query on the shipped content, printed as JSON.

``run.py`` runs this file with the scratch environment's python, so it measures the installed wheel.
Every query is called with a real ID: the first candidate whose answer is not empty.
A query missing from the API of the day is listed as missing, not measured.
"""

from __future__ import annotations

import json
import sys
import timeit
from typing import Any

import hipknowledge as hk


def per_call(statement: str, names: dict[str, Any], repeat: int) -> float:
    """Seconds per run of ``statement``: the fastest of ``repeat`` timings, each about 0.2 s long."""
    timer = timeit.Timer(statement, globals=names)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat, number)) / number


def main() -> None:
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    kb = hk.load()

    def ids(*folders: str) -> list[str]:
        return [record_id for folder in folders for record_id in getattr(kb, folder, {})]

    everything = ids("muscles", "groups", "structures", "conditions", "techniques", "exercises", "sources", "claims")
    regions = [region.value for region in hk.BodyRegion]
    movements = [movement.value for movement in hk.HipMovement]
    # (label, method, candidate arguments)
    queries = [
        ("lookup", "lookup", ["psoas-major"]),
        ("get", "get", ["psoas-major"]),
        ("members", "members", ids("groups")),
        ("groups_of", "groups_of", ids("muscles")),
        ("muscles_targeted_by", "muscles_targeted_by", ids("techniques")),
        ("techniques_targeting", "techniques_targeting", ids("muscles")),
        ("conditions_at", "conditions_at", regions),
        ("conditions_sharing_pain_location", "conditions_sharing_pain_location", ids("conditions")),
        ("muscles_for", "muscles_for", movements),
        ("antagonists", "antagonists", ids("muscles")),
        ("exercises_for (muscle)", "exercises_for", ids("muscles")),
        ("exercises_for (movement)", "exercises_for", movements),
        ("care_for", "care_for", ids("conditions")),
        ("conditions_treated_by", "conditions_treated_by", ids("techniques", "exercises")),
        ("conditions_involving", "conditions_involving", ids("muscles", "structures")),
        ("claims_about", "claims_about", everything),
        ("cited_by", "cited_by", ids("sources")),
        ("related", "related", everything),
    ]
    costs: dict[str, list[Any]] = {}
    missing = []
    if hasattr(kb, "muscles"):
        costs["muscles[id]"] = ["psoas-major", per_call("kb.muscles[a]", {"kb": kb, "a": "psoas-major"}, repeat)]
    else:
        missing.append("muscles[id]")
    for label, method, candidates in queries:
        if not hasattr(kb, method) or not candidates:
            missing.append(label)
            continue
        query = getattr(kb, method)
        argument = next((a for a in candidates if query(a)), candidates[0])
        costs[label] = [argument, per_call(f"kb.{method}(a)", {"kb": kb, "a": argument}, repeat)]
    search = per_call("kb.search(a)", {"kb": kb, "a": "hip flexor"}, repeat) if hasattr(kb, "search") else None
    json.dump({"costs": costs, "missing": missing, "search": search}, sys.stdout)


if __name__ == "__main__":
    main()
