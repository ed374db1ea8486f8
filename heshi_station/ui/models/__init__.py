"""Qt item models over the ledger's plain records."""
