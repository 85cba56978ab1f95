"""Mistral tokenizers for the data tests, loaded once per process (the demo model's
SmolLM2 tokenizer is conftest's `tokenizer` fixture). Tekken is Devstral's tokenizer
family, shipped inside mistral_common."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path


@functools.lru_cache(maxsize=1)
def tekken_tokenizer():
    import mistral_common
    from mistral_common.tokens.tokenizers.mistral import MistralTokenizer

    return MistralTokenizer.from_file(str(Path(mistral_common.__file__).parent / "data" / "tekken_240911.json"))


@functools.lru_cache(maxsize=1)
def mistral_v7_tokenizer():
    """Tekken's vocabulary with the v7 instruct layout ([SYSTEM_PROMPT] first), the
    layout of Devstral's own tekken.json; built from the shipped v3 file at test time."""
    import json

    import mistral_common
    from mistral_common.tokens.tokenizers.mistral import MistralTokenizer

    spec = json.loads((Path(mistral_common.__file__).parent / "data" / "tekken_240911.json").read_text())
    spec["config"]["version"] = "v7"
    path = Path(tempfile.mkdtemp(prefix="mcp-tui-tekken-v7-")) / "tekken.json"
    path.write_text(json.dumps(spec))
    return MistralTokenizer.from_file(str(path))
