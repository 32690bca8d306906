from metis.matching import (
    Association,
    Company,
    Need,
    Taxonomy,
    Volunteer,
    candidates_for_need,
    encode,
    propose,
)


def test_propose_and_rank_with_reasons():
    t = Taxonomy.load()
    vols = [
        Volunteer(
            "alice", "acme", 10, skills=("accounting",), commune="1", epci="e", departement="92"
        ),
        Volunteer(
            "bob", "acme", 10, skills=("budgeting",), commune="2", epci="e", departement="92"
        ),
        Volunteer("carol", "acme", 10, skills=("law",), commune="1", epci="e", departement="92"),
    ]
    needs = [
        Need(
            "books",
            "club",
            12,
            required_skills=("accounting",),
            commune="1",
            epci="e",
            departement="92",
        )
    ]
    comps, assocs = [Company("acme", 15)], [Association("club", 100)]
    plan = propose(vols, needs, comps, assocs, t)
    assert {(p.volunteer, p.hours) for p in plan} == {("alice", 10), ("bob", 2)}
    assert all(p.reasons and 1 <= p.score <= 100 for p in plan)
    ranked = candidates_for_need(encode(vols, needs, comps, assocs, t), 0, t)
    assert [p.volunteer for p in ranked] == ["alice", "bob"]
    assert ranked[0].reasons[0] == "comptabilité" and ranked[0].score > ranked[1].score
