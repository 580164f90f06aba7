"""The shape of the code: the layers of pyproject's import-linter contracts, and no import cycle.

An import inside a function counts (it runs all the same); one under
``if TYPE_CHECKING:`` does not (only the type checker reads it).
"""

from __future__ import annotations

from pathlib import Path

import grimp
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_contracts_hold(capsys) -> None:
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert code == 0, report


def test_no_module_is_part_of_an_import_cycle() -> None:
    graph = grimp.build_graph("goaltui", exclude_type_checking_imports=True, cache_dir=None)
    circles = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported.startswith("goaltui") and graph.chain_exists(imported, module):
                back = graph.find_shortest_chain(imported, module) or ()
                circles.append(" -> ".join((module, *back)))
    assert not circles, "import cycles:\n" + "\n".join(circles)


def test_the_contracts_name_every_layer() -> None:
    """A new top-level package or module is placed in a layer, not left outside them."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    layers = set(config["tool"]["importlinter"]["contracts"][0]["layers"])
    top = {
        f"goaltui.{path.stem if path.is_file() else path.name}"
        for path in (ROOT / "goaltui").iterdir()
        if (path.suffix == ".py" or (path / "__init__.py").exists())
        and path.name not in ("__init__.py", "__main__.py")
    }
    assert top <= layers, sorted(top - layers)


#: The longest module and class a reader should meet, in lines.
MODULE_LINES = 400
CLASS_LINES = 300


def test_modules_and_classes_stay_small_enough_to_read() -> None:
    import ast

    too_long = []
    for path in sorted((ROOT / "goaltui").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT).as_posix()
        if text.count("\n") > MODULE_LINES:
            too_long.append(f"{name}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > CLASS_LINES:
                    too_long.append(f"{name}: class {node.name} has {size} lines")
    assert not too_long, "split these by concern:\n" + "\n".join(too_long)
