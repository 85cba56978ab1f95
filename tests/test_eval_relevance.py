"""Answer relevance with the bundled all-MiniLM-L6-v2 (loads in about a second)."""

import pytest

from mcp_tui.eval.relevance import Relevance


@pytest.fixture(scope="module")
def rel():
    return Relevance()


def test_embeddings_are_unit_length_sentence_vectors(rel):
    e = rel.embed(["The capital of France is Paris.", "x"])
    assert tuple(e.shape) == (2, 384)
    assert e.norm(dim=-1).tolist() == pytest.approx([1.0, 1.0], abs=1e-5)


def test_paraphrases_score_higher_than_unrelated_answers(rel):
    ref = "Paris is the capital of France."
    same, para, other, empty = rel.scores(
        [ref, "The capital of France is Paris.", "Use git log to list commits.", "  "], [ref] * 4)
    assert same == pytest.approx(1.0, abs=1e-5)
    assert para > 0.9 > 0.3 > other
    assert empty == 0.0
    assert rel.scores([], []) == []
    with pytest.raises(ValueError, match="1 answers but 0 references"):
        rel.scores(["a"], [])
