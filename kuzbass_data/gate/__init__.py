"""Everything that judges a contribution: reading raw/ (intake), the row, key, reading and source
checks (``validate``), proofs, the id registry, versions, the diff and review, annotations and
the audit. It imports ``schema`` and the small shared modules beneath it, never ``publish``."""
