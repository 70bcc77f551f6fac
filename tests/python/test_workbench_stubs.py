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


def _stub_names(body):
    """Names a class body or module declares: functions, classes, annotated and assigned names."""
    names = {}
    for node in body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            names[node.name] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] = node
        elif isinstance(node, ast.Assign):
            names.update({t.id: node for t in node.targets if isinstance(t, ast.Name)})
    return {n: v for n, v in names.items() if not n.startswith("__")}


def _own_names(obj):
    """What the compiled module, submodule or class defines itself (not inherited, no dunders)."""
    own = vars(obj) if not isinstance(obj, type) else obj.__dict__
    return {n for n in own if not n.startswith("__") and n != "_pybind11_conduit_v1_"}


def test_stub_and_compiled_module_declare_the_same_names():
    """_core.pyi was hand-edited once and fell behind the bindings (GridPlan, draw_grids …
    missing): every public name of the compiled module, its submodules and its classes is in
    the stub, and the stub names nothing the module lacks. Regenerate it with
    tests/python/regenerate_core_stub.py."""
    import types

    tree = ast.parse(open(STUB, encoding="utf-8").read())
    core = _core_ref.core
    problems = []

    def compare(where, obj, body):
        declared = _stub_names(body)
        have = _own_names(obj)
        problems.extend(f"{where}{n} is not in _core.pyi" for n in sorted(have - set(declared)))
        problems.extend(f"_core.pyi declares {where}{n}, which the module lacks" for n in sorted(set(declared) - have))
        for name, node in declared.items():
            value = getattr(obj, name, None)
            if isinstance(node, ast.ClassDef) and isinstance(value, (type, types.ModuleType)):
                compare(f"{where}{name}.", value, node.body)

    compare("", core, tree.body)
    assert not problems, "\n".join(problems)


def test_package_is_typed():
    assert os.path.exists(os.path.join(os.path.dirname(gg.__file__), "py.typed"))
