"""The seed corpus of the model-file fuzz target is what its script writes, and loads."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import gridgov as gg

ROOT = Path(__file__).resolve().parents[2]


def test_fuzz_seed_corpus_is_current():
    """fuzz/corpus/fuzz_model_file/ holds what fuzz/make_model_file_seeds.py writes (a format
    change makes the corpus stale: rerun the script), and every seed loads."""
    spec = importlib.util.spec_from_file_location("make_model_file_seeds", ROOT / "fuzz" / "make_model_file_seeds.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_model_file_seeds"] = module
    spec.loader.exec_module(module)
    corpus = ROOT / "fuzz" / "corpus" / "fuzz_model_file"
    for name, data in module.seed_bytes().items():
        assert (corpus / name).read_bytes() == data, f"{name} is stale: run fuzz/make_model_file_seeds.py"
        m = gg.Model.load(corpus / name)
        assert m._core.to_bytes() == data
    assert any(gg.Model.load(corpus / "deferred_findings.ggm").findings)
