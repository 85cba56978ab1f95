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
    layout of Devstral Small 2505's tekken.json; built from the shipped v3 file at test time."""
    return tekken_version("v7")


@functools.lru_cache(maxsize=None)
def tekken_version(version: str):
    """Tekken's vocabulary under instruct `version` (v7, v11, v13): see `tekken_file`."""
    from mistral_common.tokens.tokenizers.mistral import MistralTokenizer

    return MistralTokenizer.from_file(str(tekken_file(version)))


@functools.lru_cache(maxsize=None)
def tekken_file(version: str) -> Path:
    """A tekken.json with Tekken's vocabulary under instruct `version`, built from the
    shipped v3 file at test time. From v11 a tekken.json must list its special tokens;
    [ARGS] and [CALL_ID] sit at ranks 32 and 33 and [THINK] [/THINK] at 34 and 35, as in
    Mistral's own files (and mistral_common's tests). v13 is the layout of Devstral
    Small 2 (2512), v11 of Devstral Small 2507, v7 of 2505."""
    import json

    import mistral_common
    from mistral_common.tokens.tokenizers.tekken import Tekkenizer

    spec = json.loads((Path(mistral_common.__file__).parent / "data" / "tekken_240911.json").read_text())
    spec["config"]["version"] = version
    if version not in ("v3", "v7"):
        named = {32: "[ARGS]", 33: "[CALL_ID]", 34: "[THINK]", 35: "[/THINK]"}
        deprecated = {int(t["rank"]): str(t["token_str"]) for t in Tekkenizer.DEPRECATED_SPECIAL_TOKENS}
        spec["special_tokens"] = [
            {"rank": i, "token_str": deprecated.get(i) or named.get(i) or f"<SPECIAL_{i}>", "is_control": True}
            for i in range(spec["config"]["default_num_special_tokens"])
        ]
    path = Path(tempfile.mkdtemp(prefix=f"mcp-tui-tekken-{version}-")) / "tekken.json"
    path.write_text(json.dumps(spec))
    return path
