"""`python -m bot` is the `legalbot` command."""

from bot.cli import main

main()
