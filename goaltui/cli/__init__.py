"""The command line: ``goaltui`` opens the dashboard, subcommands work headless.

``parser`` reads the arguments, ``commands`` holds one function per subcommand,
``run`` runs them (or the dashboard), ``output`` and ``import_file`` write and
read files. Subcommands never import Textual. The parser and the file reader
are imported when first used, so ``goaltui remind`` (run before every shell
prompt) loads neither.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from goaltui.cli.run import main, run_command

if TYPE_CHECKING:
    from goaltui.cli.import_file import IMPORT_LIMIT, read_import, read_import_file
    from goaltui.cli.parser import build_parser

_LATER = {
    "IMPORT_LIMIT": "goaltui.cli.import_file",
    "read_import": "goaltui.cli.import_file",
    "read_import_file": "goaltui.cli.import_file",
    "build_parser": "goaltui.cli.parser",
}


def __getattr__(name: str) -> Any:
    if name in _LATER:
        return getattr(importlib.import_module(_LATER[name]), name)
    raise AttributeError(f"module 'goaltui.cli' has no attribute {name!r}")


__all__ = ["IMPORT_LIMIT", "build_parser", "main", "read_import", "read_import_file", "run_command"]
