"""Allow ``python -m ictarch``."""

from ictarch.cli import main

main()
