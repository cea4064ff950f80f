"""The claim-set graph on hand-built edges: sides and the cycle that breaks them."""

from claims.linking import graph


def test_cycle_of_a_larger_inconsistent_set_lists_only_the_cycle():
    edges = [
        graph.Edge(1, 1, 2, "agree"),
        graph.Edge(2, 2, 3, "conflict"),
        graph.Edge(3, 3, 4, "agree"),
        graph.Edge(4, 4, 1, "agree"),  # 1=2, 2≠3, 3=4, 4=1: odd
        graph.Edge(5, 4, 5, "conflict"),
    ]
    result = graph.sides({1, 2, 3, 4, 5}, edges)
    assert result.is_inconsistent
    assert sorted(result.cycle) == [1, 2, 3, 4]
