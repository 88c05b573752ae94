"""Importing ledgers (../shared/spec/ledger-format.md): read, map, stage, check, write in one transaction."""

from .importer import ConfirmationNeeded, ImportRejected, ImportResult, import_file, importable  # noqa: F401
