"""The command line, as Zola's: a grammar of subparsers (parser.py) over one function per command (commands.py);
where a command may write a file of its own (destination.py)."""

from .parser import main as main
from .parser import parser as parser
