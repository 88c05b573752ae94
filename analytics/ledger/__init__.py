"""Importing ledgers (../shared/spec/ledger-format.md): read, map, stage, check, write in one transaction."""

from .importer import (  # noqa: F401
    ConfirmationNeeded,
    ImportRejected,
    ImportResult,
    import_file,
    importable,
    masked_said,
)
