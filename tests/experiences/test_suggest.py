from __future__ import annotations

from mainspring.experiences.suggest import Document, Index, suggest, tokens

DOCS = [
    Document(1, "Giving feedback", "How to give clear, kind feedback to the people you manage."),
    Document(2, "Forklift safety", "Operate a forklift safely in a busy warehouse; load checks."),
    Document(3, "Coaching conversations", "The GROW model for coaching conversations at work."),
    Document(
        4, "Negotiation skills", "Prepare and run a negotiation with suppliers and customers."
    ),
    Document(5, "Excel pivot tables", "Summarise sales data with pivot tables and charts."),
    Document(
        6, "Warehouse picking", "Pick and pack orders accurately; scanner use in a warehouse."
    ),
]


def test_tokens_drop_stop_words_and_plurals():
    assert tokens("The Coaching of new Managers, 2024 tables!") == ["coaching", "manager", "table"]


def test_an_item_ranks_first_for_its_own_description():
    index = Index(DOCS)
    for doc in DOCS:
        assert index.search(doc.text, k=3)[0].id == doc.id


def test_a_need_in_other_words_finds_the_relevant_items():
    index = Index(DOCS)
    found = suggest(index, "Forklift accidents in the warehouse: drivers skip the load checks", k=2)
    assert [item_id for item_id, _ in found] == [2, 6]
    assert 0 < found[1][1] < found[0][1] <= 1


def test_ranking_is_stable_and_ties_go_to_the_lower_id():
    twins = [Document(9, "Safety walk"), Document(4, "Safety walk"), Document(7, "Budgets")]
    index = Index(twins)
    first = index.search("safety walk", k=5)
    assert [m.id for m in first] == [4, 9]
    assert first == index.search("safety walk", k=5)
    assert [m.id for m in index.search("safety walk", k=1)] == [4]


def test_matches_say_which_words_they_share():
    match = Index(DOCS).search("pivot tables for the sales team", k=1)[0]
    assert match.id == 5
    assert set(match.terms) == {"pivot", "table", "sale"}


def test_an_empty_catalogue_or_query_suggests_nothing():
    assert Index([]).search("feedback") == []
    assert Index(DOCS).search("the and of") == []
    assert Index(DOCS).search("zeppelin") == []


def test_excluded_items_are_left_out():
    index = Index(DOCS)
    assert 1 not in [m.id for m in index.search("feedback coaching", exclude=[1])]


def test_a_saved_index_ranks_the_same_when_loaded(tmp_path):
    index = Index(DOCS)
    index.save(tmp_path / "index.npz")
    loaded = Index.load(tmp_path / "index.npz")
    for doc in DOCS:
        assert loaded.search(doc.text, k=3) == index.search(doc.text, k=3)
    Index([]).save(tmp_path / "empty.npz")
    assert Index.load(tmp_path / "empty.npz").search("feedback") == []
