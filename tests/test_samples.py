"""The built-in samples and the script that draws the README's pictures."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from PIL import Image

from textualheatmap import TextualHeatmap
from textualheatmap.samples import load_sample, sample_names

ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = ROOT / "textualheatmap" / "samples"


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def test_sample_names() -> None:
    assert sample_names() == ("characters", "subwords")


@pytest.mark.parametrize("name", ["characters", "subwords"])
def test_sample_draws_with_its_settings(name: str) -> None:
    sample = load_sample(name)
    assert set(sample) == {"settings", "data", "highlight"}
    figure = TextualHeatmap(**sample["settings"])
    figure.set_data(sample["data"])
    figure.highlight(sample["highlight"])
    assert figure.token_count > 30
    assert (SAMPLES_DIR / f"{name}.json").stat().st_size < 150_000


def test_characters_sample_is_the_readme_figure() -> None:
    sample = load_sample()
    assert sample["settings"] == {"width": 600, "show_meta": True, "facet_titles": ["GRU", "LSTM"]}
    gru, lstm = sample["data"]
    text = "".join(token["token"] for token in gru)
    assert len(text) > 190 and text == "".join(token["token"] for token in lstm)
    figure = TextualHeatmap(**sample["settings"])
    figure.set_data(sample["data"])
    lines = {round(float(y), 3) for y in figure.scene.layout.facets[0].fragments.y}
    assert len(lines) == 4  # four lines at width 600, like the seed's figure
    for facet in sample["data"]:
        for i, token in enumerate(facet):
            assert len(token["meta"]) == 3 and len(token["heat"]) == i + 1
            assert max(token["heat"]) == 1 and min(token["heat"]) >= 0
    assert gru[100]["heat"] != lstm[100]["heat"]  # two different models


def test_subwords_sample_has_format_tokens_for_spaces() -> None:
    (facet,) = load_sample("subwords")["data"]
    spaces = [token for token in facet if token.get("format")]
    pieces = [token for token in facet if not token.get("format")]
    assert spaces and all(token == {"token": " ", "format": True} for token in spaces)
    assert all(len(token["heat"]) == len(pieces) for token in pieces)
    text = "".join(token["token"] for token in facet)
    assert "unbelievable manuscript" in text and "##" not in text
    # "un", "believ", "able" are three tokens with no space between them.
    i = next(k for k, token in enumerate(facet) if token["token"] == "believ")
    assert facet[i - 1]["token"] == "un" and facet[i + 1]["token"] == "able"


def test_load_sample_rejects_unknown_names() -> None:
    with pytest.raises(ValueError, match="unknown sample 'nope'; the samples are characters, subwords"):
        load_sample("nope")
    with pytest.raises(TypeError, match="sample name must be a string"):
        load_sample(3)  # type: ignore[arg-type]


def test_load_sample_gives_a_fresh_copy() -> None:
    load_sample()["settings"]["width"] = 1
    assert load_sample()["settings"]["width"] == 600


def test_committed_samples_are_the_scripts_output(tmp_path: Path) -> None:
    written = load_script("make_sample").main(tmp_path)
    assert sorted(path.name for path in written) == ["characters.json", "subwords.json"]
    for path in written:
        assert path.read_bytes() == (SAMPLES_DIR / path.name).read_bytes(), (
            f"{path.name} differs from the committed sample: run scripts/make_sample.py")


def test_make_gifs_is_deterministic(tmp_path: Path) -> None:
    make_gifs = load_script("make_gifs")
    first = make_gifs.main(tmp_path / "a", max_frames=4)
    second = make_gifs.main(tmp_path / "b", max_frames=4)
    names = [path.name for path in first]
    assert names == ["show_meta.svg", "show_meta.gif", "no_meta_and_rotated.gif", "sub_word_tokenized.gif",
                     "signed_legend.svg", "small_multiples.svg", "dark_theme.svg", "offsets_code.svg",
                     "translation.svg", "generation.gif"]
    assert names == [path.name for path in second]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_make_gifs_static_figure_is_the_sample(tmp_path: Path) -> None:
    make_gifs = load_script("make_gifs")
    picture = make_gifs.PICTURES[0]
    assert picture.name == "show_meta.svg"
    path = make_gifs.draw(picture, tmp_path)
    sample = load_sample()
    figure = TextualHeatmap(**sample["settings"])
    figure.set_data(sample["data"])
    assert path.read_text("utf-8") == figure.to_svg(sample["highlight"])


def test_rotated_picture_keeps_each_title_on_its_model() -> None:
    make_gifs = load_script("make_gifs")
    picture = next(p for p in make_gifs.PICTURES if p.name == "no_meta_and_rotated.gif")
    figure, _highlight = make_gifs.figure_of(picture)
    sample = load_sample()
    lstm = TextualHeatmap(facet_titles=["LSTM"])
    lstm.set_data([sample["data"][1]])
    # The first facet is titled LSTM, so it must carry the LSTM scores.
    assert figure.scene.frame(50).facets[0].colors.tolist() == lstm.scene.frame(50).facets[0].colors.tolist()


def test_contact_sheet_draws_every_panel_as_committed() -> None:
    sheet = load_script("contact_sheet").contact_sheet()
    committed = Image.open(ROOT / "docs" / "contact_sheet.png")
    assert sheet.size == committed.size  # every panel, laid out as in the picture looked at
    # Its pixels as committed, within a rounding of the rasteriser (fonts may differ slightly).
    difference = np.abs(np.asarray(sheet, dtype=np.int16) - np.asarray(committed.convert("RGB"), dtype=np.int16))
    assert (difference.max(axis=-1) > 8).mean() < 0.01
