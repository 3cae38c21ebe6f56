"""The command line: click commands that parse options, call the library and print the
result's Report (`commands.py`), one vocabulary of options (`options.py`), printing and
saving (`output.py`), the group and the entry point with its exit statuses (`main.py`).
No computation lives here."""

from .main import EXIT_STATUS, cli, main

__all__ = ["cli", "main", "EXIT_STATUS"]
