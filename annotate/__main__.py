"""``python -m annotate``."""
from annotate.cli import entry

entry()
