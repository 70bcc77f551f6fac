"""python/gridgov/_core.pyi describes the compiled module: it parses, and what it declares exists."""

import ast
import os

import gridgov as gg
from gridgov import _core_ref

STUB = os.path.join(os.path.dirname(gg.__file__), "_core.pyi")


def declared(tree):
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            yield node.name, node


def test_stub_parses_and_declares_only_what_exists():
    tree = ast.parse(open(STUB, encoding="utf-8").read())
    core = _core_ref.core
    names = dict(declared(tree))
    assert {"Model", "ModelBuilder", "Error", "InputError", "seed_county"} <= set(names)
    for name, node in names.items():
        assert hasattr(core, name), f"_core.pyi declares {name}, which _core lacks: regenerate the stub"
        if isinstance(node, ast.ClassDef) and name in ("Model", "ModelBuilder"):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and not item.name.startswith("__"):
                    assert hasattr(getattr(core, name), item.name), f"{name}.{item.name} is stale"


def test_package_is_typed():
    assert os.path.exists(os.path.join(os.path.dirname(gg.__file__), "py.typed"))
