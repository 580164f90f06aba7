"""The command line: ``goaltui`` opens the dashboard, subcommands work headless.

``parser`` reads the arguments, ``commands`` holds one function per subcommand,
``run`` runs them (or the dashboard), ``output`` and ``import_file`` write and
read files. Subcommands never import Textual.
"""

from goaltui.cli.import_file import IMPORT_LIMIT, read_import, read_import_file
from goaltui.cli.parser import build_parser
from goaltui.cli.run import main, run_command

__all__ = ["IMPORT_LIMIT", "build_parser", "main", "read_import", "read_import_file", "run_command"]
