"""Tiny real tokenizers, trained on the spot on text made here: no downloads.

Byte-level BPE, WordPiece and Unigram from the ``tokenizers`` package, and a
SentencePiece BPE model with byte fallback; each gives pieces and offsets for any text.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest

TEXTS = {
    "ascii": "The quick brown fox jumps over the lazy dog, twice.",
    "accented": "La naïve Zoë a mangé une crème brûlée à São Paulo — ¡qué rico!",
    "cjk": "我们喜欢自然语言处理。東京は晴れです。한국어도 좋아요",
    "emoji": "A family 👨\u200d👩\u200d👧\u200d👦 waves 👋🏽, flags 🇫🇷 and ❤️!",
    "code": "def f(x):\n\tif x:\n\t\treturn x  + 1\n\n    pass\t# done\r\n",
}


def corpus() -> list[str]:
    """A few hundred lines in the scripts the tests use (the tokenizers learn from them)."""
    words = ["token", "offset", "heat", "map", "naïve", "crème", "brûlée", "émigré", "São",
             "自然", "语言", "処理", "東京", "한국어", "👋🏽", "👨\u200d👩\u200d👧", "❤️"]
    lines = [f"line {i}: the {words[i % len(words)]} and the {words[(3 * i) % len(words)]} "
             f"of {i * 7 % 13}" for i in range(300)]
    lines += [f"def g{i}(a, b):\n\treturn a * {i} + b\n" for i in range(60)]
    return lines + list(TEXTS.values()) * 3


@dataclass(frozen=True)
class Encoded:
    pieces: list[str]
    offsets: list[tuple[int, int]]
    special: list[bool]
    byte_offsets: bool = False


Encoder = Callable[[str], Encoded]


def _hf(tokenizer: object) -> Encoder:
    def encode(text: str) -> Encoded:
        encoding = tokenizer.encode(text)  # type: ignore[attr-defined]
        return Encoded(list(encoding.tokens), [tuple(o) for o in encoding.offsets],
                       [bool(s) for s in encoding.special_tokens_mask])
    return encode


def byte_level_bpe() -> Encoder:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    tokenizer.train_from_iterator(corpus(), trainers.BpeTrainer(
        vocab_size=400, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False))
    return _hf(tokenizer)


def wordpiece() -> Encoder:
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors, trainers
    tokenizer = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=False, strip_accents=False)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.train_from_iterator(corpus(), trainers.WordPieceTrainer(
        vocab_size=400, special_tokens=["[UNK]", "[CLS]", "[SEP]"], show_progress=False))
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 1), ("[SEP]", 2)])
    return _hf(tokenizer)


def unigram() -> Encoder:
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    tokenizer = Tokenizer(models.Unigram())
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace()
    tokenizer.train_from_iterator(corpus(), trainers.UnigramTrainer(
        vocab_size=300, unk_token="<unk>", special_tokens=["<unk>"], show_progress=False))
    return _hf(tokenizer)


def sentencepiece() -> Encoder:
    import sentencepiece as spm
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(sentence_iterator=iter(corpus()), model_writer=model, vocab_size=500,
                                   model_type="bpe", byte_fallback=True, character_coverage=0.9995,
                                   hard_vocab_limit=False, minloglevel=2, num_threads=1)
    processor = spm.SentencePieceProcessor(model_proto=model.getvalue())

    def encode(text: str) -> Encoded:
        pieces = processor.encode(text, out_type="proto").pieces
        return Encoded([p.piece for p in pieces], [(p.begin, p.end) for p in pieces],
                       [False] * len(pieces), byte_offsets=True)
    return encode


TOKENIZERS = {"bytelevel-bpe": byte_level_bpe, "wordpiece": wordpiece, "unigram": unigram,
              "sentencepiece": sentencepiece}


@pytest.fixture(scope="session", params=sorted(TOKENIZERS))
def tokenizer(request: pytest.FixtureRequest) -> tuple[str, Encoder]:
    pytest.importorskip("tokenizers")
    pytest.importorskip("sentencepiece")
    return request.param, TOKENIZERS[request.param]()
