"""``python -m annotate``."""
from annotate.cli import main

main()
