"""Tokenizer pieces to tokens: the three schemes on pieces as real tokenizers spell them."""
from __future__ import annotations

import numpy as np
import pytest

from textualheatmap import TextualHeatmap, from_subwords
from textualheatmap.subwords import BYTE_OF_CHAR, detect_scheme

BERT = ["[CLS]", "the", "un", "##believ", "##able", "story", ".", "[SEP]"]
GPT2 = ["The", "Ġunbel", "ievable", "Ġstory", "Ċ", "Ġcaf", "Ã©"]
SENTENCEPIECE = ["▁The", "▁un", "believ", "able", "▁story", "."]


def text_of(tokens: list[dict]) -> str:
    return "".join(token["token"] for token in tokens)


def shown(tokens: list[dict]) -> list[str]:
    """The non-format tokens' texts, the ones a highlight counts."""
    return [token["token"] for token in tokens if not token.get("format")]


def quiet_figure() -> TextualHeatmap:
    return TextualHeatmap(display_fn=lambda *args, **kwargs: None)


# --- the three schemes, one token per piece ---------------------------------------------

def test_wordpiece_spaces_words_but_not_continuations_or_punctuation() -> None:
    tokens = from_subwords(BERT)
    assert text_of(tokens) == "[CLS] the unbelievable story. [SEP]"
    assert shown(tokens) == ["[CLS]", "the", "un", "believ", "able", "story", ".", "[SEP]"]
    assert [t["token"] for t in tokens if t.get("format")] == [" "] * 4
    assert all(set(t) == {"token"} for t in tokens if not t.get("format"))


def test_wordpiece_opening_punctuation_takes_no_space_after_it() -> None:
    tokens = from_subwords(["a", "(", "big", "##gest", ")", "cat", ",", "said", "[UNK]", "!"])
    assert text_of(tokens) == "a (biggest) cat, said [UNK] !"


def test_byte_level_decodes_spaces_newlines_and_bytes() -> None:
    tokens = from_subwords(GPT2)
    assert text_of(tokens) == "The unbelievable story\n café"
    # The newline piece 'Ċ' is a token of its own: the model saw it (a coloured gap).
    assert shown(tokens) == ["The", "unbel", "ievable", "story", "\n", "caf", "é"]
    assert [(t["token"], t.get("format", False)) for t in tokens[5:8]] == [
        ("story", False), ("\n", False), (" ", True)]


def test_byte_alphabet_is_gpt2s() -> None:
    # Every byte has one character; printable Latin-1 stands for itself, the rest moved.
    assert sorted(BYTE_OF_CHAR.values()) == list(range(256))
    assert BYTE_OF_CHAR["Ġ"] == 0x20 and BYTE_OF_CHAR["Ċ"] == 0x0A and BYTE_OF_CHAR["ĉ"] == 0x09
    assert BYTE_OF_CHAR["A"] == 0x41 and BYTE_OF_CHAR["é"] == 0xE9
    # Not printable, so moved: no-break space (GPT-2 spells U+00A0 "Âł") and soft hyphen.
    assert BYTE_OF_CHAR["ł"] == 0xA0 and BYTE_OF_CHAR["Ń"] == 0xAD and max(map(ord, BYTE_OF_CHAR)) == 0x143
    assert text_of(from_subwords(["Ġa", "Âł", "b"], scheme="bytelevel")) == "a\u00a0b"


def test_byte_level_character_split_over_pieces_is_one_token() -> None:
    # "猫" is E7 8C AB: GPT-2 may cut it into 'Ġç' 'Į' '«'; the three show one character.
    tokens = from_subwords(["<s>", "The", "Ġcat", "Ġç", "Į", "«", "</s>"], scores=[0, 1, 2, 3, 4, 5, 6])
    assert text_of(tokens) == "<s> The cat 猫 </s>"
    assert [(t["token"], t["heat"]) for t in tokens if not t.get("format")] == [
        ("<s>", 0), ("The", 1), ("cat", 2), ("猫", 12), ("</s>", 6)]


def test_byte_level_cut_off_character_shows_replacement() -> None:
    assert text_of(from_subwords(["Ġcat", "Ġç", "Į"], scheme="bytelevel")) == "cat \ufffd"


def test_sentencepiece_drops_the_dummy_prefix_and_keeps_words_together() -> None:
    tokens = from_subwords(SENTENCEPIECE)
    assert text_of(tokens) == "The unbelievable story."
    assert shown(tokens) == ["The", "un", "believ", "able", "story", "."]


def test_sentencepiece_byte_fallback_and_lone_space_piece() -> None:
    # Llama spells a newline <0x0A> and "(x)" as '▁' '(' 'x' ')'.
    tokens = from_subwords(["▁Hello", "<0x0A>", "▁", "(", "x", ")", "<0xE7>", "<0x8C>", "<0xAB>"],
                           scores=list(range(9)))
    assert text_of(tokens) == "Hello\n (x)猫"
    # The newline and the lone '▁' keep their scores, as tokens of their own.
    assert [t["token"] for t in tokens if t.get("format")] == []
    assert [(t["token"], t["heat"]) for t in tokens] == [
        ("Hello", 0), ("\n", 1), (" ", 2), ("(", 3), ("x", 4), (")", 5), ("猫", 6 + 7 + 8)]


def test_special_tokens_kept_or_skipped() -> None:
    skipped = from_subwords(BERT, scores=range(8), skip_special=True)
    assert text_of(skipped) == "the unbelievable story."
    assert [t["heat"] for t in skipped if not t.get("format")] == [1, 2, 3, 4, 5, 6]
    roberta = from_subwords(["<s>", "The", "Ġstory", "</s>", "<pad>"])
    assert text_of(roberta) == "<s> The story </s> <pad>"
    custom = from_subwords(["<s>", "The", "Ġstory", "</s>"], special_tokens={"</s>"},
                           scheme="bytelevel", skip_special=True)
    assert text_of(custom) == "<s>The story"


# --- scores and merging --------------------------------------------------------------------

def test_scores_become_single_number_heat() -> None:
    tokens = from_subwords(SENTENCEPIECE, scores=[0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
    assert [t.get("heat") for t in tokens] == [0.1, None, 0.2, 0.3, 0.4, None, 0.5, 0.6]
    assert all(isinstance(t["heat"], float) for t in tokens if "heat" in t)


@pytest.mark.parametrize(("merge", "expected"), [
    ("sum", [("[CLS]", 0.5), ("the", 0.1), ("unbelievable", 0.9), ("story", 0.3), (".", 0.0),
             ("[SEP]", 0.5)]),
    ("mean", [("[CLS]", 0.5), ("the", 0.1), ("unbelievable", 0.3), ("story", 0.3), (".", 0.0),
              ("[SEP]", 0.5)]),
])
def test_wordpiece_merge(merge: str, expected: list[tuple[str, float]]) -> None:
    tokens = from_subwords(BERT, scores=[0.5, 0.1, 0.2, 0.3, 0.4, 0.3, 0.0, 0.5], merge=merge)
    assert text_of(tokens) == "[CLS] the unbelievable story. [SEP]"
    got = [(t["token"], t["heat"]) for t in tokens if not t.get("format")]
    assert [word for word, _ in got] == [word for word, _ in expected]
    np.testing.assert_allclose([h for _, h in got], [h for _, h in expected], atol=1e-12)


def test_byte_level_merge_sums_words_and_keeps_the_newline_and_its_score() -> None:
    tokens = from_subwords(GPT2, scores=[1, 2, 3, 4, 100, 5, 6], merge="sum")
    assert [(t["token"], t.get("heat"), t.get("format", False)) for t in tokens] == [
        ("The", 1, False), (" ", None, True), ("unbelievable", 5, False), (" ", None, True),
        ("story", 4, False), ("\n", 100, False), (" ", None, True), ("café", 11, False)]


def test_sentencepiece_merge_mean() -> None:
    tokens = from_subwords(SENTENCEPIECE, scores=[1, 3, 6, 9, 2, 4], merge="mean")
    assert [(t["token"], t.get("heat")) for t in tokens if not t.get("format")] == [
        ("The", 1), ("unbelievable", 6), ("story.", 3)]


def test_heat_rows_and_columns_merge_together() -> None:
    # Pieces: [CLS] un ##able [SEP]; row i is the heat while piece i is highlighted.
    heat = np.array([[1.0, 0.0, 0.0, 0.0],
                     [0.1, 0.5, 0.3, 0.1],
                     [0.2, 0.2, 0.4, 0.2],
                     [0.0, 0.0, 0.0, 1.0]])
    pieces = ["[CLS]", "un", "##able", "[SEP]"]
    plain = from_subwords(pieces, heat=heat)
    assert [t["heat"] for t in plain if not t.get("format")] == heat.tolist()
    merged = [t for t in from_subwords(pieces, heat=heat, merge="sum") if not t.get("format")]
    assert [t["token"] for t in merged] == ["[CLS]", "unable", "[SEP]"]
    # Rows of "unable" averaged, its columns summed: each row still sums to one.
    np.testing.assert_allclose([t["heat"] for t in merged],
                               [[1.0, 0.0, 0.0], [0.15, 0.7, 0.15], [0.0, 0.0, 1.0]], atol=1e-12)
    mean = [t["heat"] for t in from_subwords(pieces, heat=heat, merge="mean") if not t.get("format")]
    np.testing.assert_allclose(mean[1], [0.15, 0.35, 0.15], atol=1e-12)


# --- detection and errors --------------------------------------------------------------------

@pytest.mark.parametrize(("pieces", "scheme"), [
    (BERT, "wordpiece"), (GPT2, "bytelevel"), (SENTENCEPIECE, "sentencepiece"),
    (["[CLS]", "hello", "world", "[SEP]"], "wordpiece"), (["hello"], "wordpiece"),
])
def test_scheme_detection(pieces: list[str], scheme: str) -> None:
    assert detect_scheme(pieces) == scheme


def test_undecidable_scheme_asks_for_it() -> None:
    with pytest.raises(ValueError, match="pass scheme="):
        from_subwords(["unbel", "ievable"])
    assert text_of(from_subwords(["unbel", "ievable"], scheme="bytelevel")) == "unbelievable"


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"pieces": "the story"}, TypeError, "pieces must be a list of strings"),
    ({"pieces": ["a", 3]}, TypeError, r"pieces\[1\] must be a string"),
    ({"pieces": ["a", "b"], "scores": [1.0]}, ValueError, "scores must have shape 2"),
    ({"pieces": ["a", "b"], "scores": [1.0, float("nan")]}, ValueError, r"scores\[1\] is nan"),
    ({"pieces": ["a", "b"], "scores": ["x", 1]}, TypeError, "scores must hold numbers"),
    ({"pieces": ["a", "b"], "heat": [[1, 0]]}, ValueError, "heat must have shape 2 x 2"),
    ({"pieces": ["a"], "scores": [1], "heat": [[1]]}, ValueError, "not both"),
    ({"pieces": ["a"], "scheme": "bpe"}, ValueError, "scheme must be"),
    ({"pieces": ["a"], "merge": "max"}, ValueError, "merge must be"),
    ({"pieces": ["a"], "skip_special": 1}, TypeError, "skip_special must be a bool"),
])
def test_bad_input(kwargs: dict, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        from_subwords(**kwargs)


# --- the figure takes the result --------------------------------------------------------------

@pytest.mark.parametrize("pieces", [BERT, GPT2, SENTENCEPIECE])
def test_figure_takes_heat_vectors(pieces: list[str]) -> None:
    n = len(pieces)
    heat = np.eye(n) * 0.5 + 0.5 / n
    figure = quiet_figure()
    tokens = from_subwords(pieces, heat=heat)
    figure.set_data([tokens])
    counted = [t for t in tokens if not t.get("format")]
    assert figure.token_count == len(counted)
    figure.highlight(1)
    colors = figure.scene.frame().facets[0].colors
    # The highlighted token's heat is the highest of its row, so its colour is the brightest.
    assert colors[1] == colors.max() and (colors >= 0).all()


def test_figure_takes_single_number_heat() -> None:
    figure = quiet_figure()
    figure.set_data([from_subwords(BERT, scores=[0, 0, 1, 1, 1, 0.5, 0, 0], merge="mean")])
    colors = figure.scene.frame().facets[0].colors  # no highlight needed for a saliency map
    assert colors.tolist() == [0, 0, 96, 48, 0, 0]
    assert 'class="heat"' in figure.to_svg()
