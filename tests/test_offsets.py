"""from_offsets and from_subwords on real tokenizers trained here: the exact text, and
every score shown (nothing dropped), for ASCII, accented Latin, CJK, emoji and code."""
from __future__ import annotations

import numpy as np
import pytest
from tokenizer_fixtures import TEXTS, Encoder, byte_level_bpe, tokenizer, wordpiece  # noqa: F401 - a fixture

from textualheatmap import TextualHeatmap, from_offsets, from_subwords


def scores_for(count: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).uniform(0.01, 1.0, count)


def shown_sum(tokens: list[dict]) -> float:
    return float(sum(abs(t["heat"]) for t in tokens if not t.get("format")))


@pytest.mark.parametrize("kind", sorted(TEXTS))
@pytest.mark.parametrize("merge", [None, "sum"])
def test_offsets_give_the_exact_text_and_every_score(tokenizer: tuple[str, Encoder], kind: str,
                                                     merge: str | None) -> None:
    name, encode = tokenizer
    text = TEXTS[kind]
    encoded = encode(text)
    plain = [not s for s in encoded.special]
    scores = scores_for(len(encoded.pieces))
    tokens, mapping = from_offsets(text, encoded.offsets, scores=scores, merge=merge,
                                   special=encoded.special, byte_offsets=encoded.byte_offsets,
                                   return_mapping=True)
    assert "".join(t["token"] for t in tokens) == text
    assert shown_sum(tokens) == pytest.approx(float(np.abs(scores[plain]).sum()), rel=1e-12)
    # Every piece but the special ones lands on a shown token; those map to None.
    assert [m is None for m in mapping] == encoded.special
    counted = [t for t in tokens if not t.get("format")]
    assert sorted({m for m in mapping if m is not None}) == list(range(len(counted)))
    # The mapping reduces the scores exactly as the tokens show them.
    reduced = np.zeros(len(counted))
    np.add.at(reduced, [m for m in mapping if m is not None], scores[plain])
    np.testing.assert_allclose([t["heat"] for t in counted], reduced, rtol=1e-12)


def test_special_tokens_are_left_out_and_mapped_to_none() -> None:
    encoded = wordpiece()(TEXTS["ascii"])
    assert encoded.pieces[0] == "[CLS]" and encoded.offsets[-1] == (0, 0)
    tokens, mapping = from_offsets(TEXTS["ascii"], encoded.offsets, special=encoded.special,
                                   return_mapping=True)
    assert mapping[0] is None and mapping[-1] is None
    # Without the mask, [SEP] at (0, 0) after the text is found and named.
    last = len(encoded.offsets) - 1
    with pytest.raises(ValueError, match=rf"offsets\[{last}\] is \(0, 0\), before .*special="):
        from_offsets(TEXTS["ascii"], encoded.offsets)


def test_subwords_keep_whitespace_pieces_of_byte_level_code() -> None:
    encode = byte_level_bpe()
    for kind in ("code", "ascii", "emoji"):
        encoded = encode(TEXTS[kind])
        scores = scores_for(len(encoded.pieces), seed=3)
        tokens, mapping = from_subwords(encoded.pieces, scores=scores, return_mapping=True)
        assert shown_sum(tokens) == pytest.approx(float(scores.sum()), rel=1e-12)
        assert None not in mapping
    # The code's newline, tab and space pieces are tokens of their own, with their scores.
    encoded = encode(TEXTS["code"])
    tokens = from_subwords(encoded.pieces, scores=scores_for(len(encoded.pieces)))
    blank = [t["token"] for t in tokens if not t.get("format") and not t["token"].strip()]
    assert "\n" in blank and "\t" in blank


def test_overlapping_byte_pieces_are_one_token_with_their_scores_combined() -> None:
    # Three byte-level pieces of one CJK character all span (0, 1).
    tokens, mapping = from_offsets("猫 x", [(0, 1), (0, 1), (0, 1), (1, 2), (2, 3)],
                                   scores=[1, 2, 3, 4, 5], return_mapping=True)
    assert [(t["token"], t.get("heat"), t.get("format", False)) for t in tokens] == [
        ("猫", 6, False), (" ", 4, False), ("x", 5, False)]
    assert mapping == [0, 0, 0, 1, 2]
    mean = from_offsets("ab cd", [(0, 1), (1, 2), (3, 4), (4, 5)], scores=[1, 3, 5, 7], merge="mean")
    assert [(t["token"], t.get("heat")) for t in mean] == [("ab", 2), (" ", None), ("cd", 6)]


def test_edges_of_spans_and_uncovered_text_are_format_tokens() -> None:
    # A span with a leading space (" world") shows the word coloured, the space as format.
    tokens = from_offsets("hi  world!", [(0, 2), (3, 9)], scores=[1, 2])
    assert [(t["token"], t.get("format", False)) for t in tokens] == [
        ("hi", False), ("  ", True), ("world", False), ("!", True)]


def test_empty_spans_join_the_next_piece() -> None:
    # SentencePiece byte fallback: the first two bytes of "—" have empty spans.
    tokens, mapping = from_offsets("a —", [(0, 1), (1, 2), (2, 2), (2, 2), (2, 3)],
                                   scores=[1, 2, 3, 4, 5], return_mapping=True)
    assert [(t["token"], t["heat"]) for t in tokens] == [("a", 1), (" ", 2), ("—", 12)]
    assert mapping == [0, 1, 2, 2, 2]


def test_heat_matrix_reduced_through_the_mapping() -> None:
    heat = np.arange(16, dtype=float).reshape(4, 4)
    tokens = from_offsets("猫 x", [(0, 1), (0, 1), (1, 2), (2, 3)], heat=heat)
    counted = [t["heat"] for t in tokens if not t.get("format")]
    rows = np.array([heat[:2].mean(0), heat[2], heat[3]])
    expected = np.stack([rows[:, :2].sum(1), rows[:, 2], rows[:, 3]], axis=1)
    np.testing.assert_allclose(counted, expected)


@pytest.mark.parametrize("offsets, message", [
    ("ab", "offsets must be a list"),
    ([(0, 1, 2)], r"offsets\[0\] must be a \(start, end\) pair"),
    ([(0, 9)], r"offsets\[0\] is \(0, 9\); a span needs 0 <= start <= end <= 3"),
    ([(1, 2), (0, 1)], r"offsets\[1\] is \(0, 1\), before offsets\[0\]"),
    ([(0, 1.5)], r"offsets\[0\] must hold two ints"),
])
def test_bad_offsets_name_the_piece(offsets: object, message: str) -> None:
    with pytest.raises((TypeError, ValueError), match=message):
        from_offsets("abc", offsets)  # type: ignore[arg-type]


def test_bad_arguments() -> None:
    with pytest.raises(TypeError, match="text must be a string"):
        from_offsets(b"abc", [(0, 1)])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="scores must have shape 2"):
        from_offsets("abc", [(0, 1), (1, 2)], scores=[1])
    with pytest.raises(ValueError, match="special has 1 entries"):
        from_offsets("abc", [(0, 1), (1, 2)], special=[True])
    with pytest.raises(ValueError, match="a byte offset inside a character"):
        from_offsets("é", [(0, 1)], byte_offsets=True)


def test_a_newline_token_shows_its_colour_at_the_line_end() -> None:
    # "x" then a newline piece with its own score: the newline is coloured at the end of
    # the first line, one space wide; a format newline is not.
    figure = TextualHeatmap(width=300)
    figure.set_data([from_offsets("x\ny", [(0, 1), (1, 2), (2, 3)], scores=[0.0, 1.0, 0.0])])
    pieces = figure.scene.layout.facets[0].fragments
    assert pieces.token.tolist() == [0, 1, 2]
    assert pieces.y[1] == pieces.y[0] and pieces.x[1] == pytest.approx(pieces.x[0] + pieces.w[0])
    assert pieces.w[1] == pytest.approx(pieces.w[0])
    plain = TextualHeatmap(width=300)
    plain.set_data([[{"token": "x", "heat": 0.0}, {"token": "\n", "format": True}, {"token": "y", "heat": 1.0}]])
    assert plain.scene.layout.facets[0].fragments.token.tolist() == [0, 1]
