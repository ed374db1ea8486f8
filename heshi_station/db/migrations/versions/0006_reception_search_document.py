"""one search document per reception: its text and its visitors' names, villages and phones

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26

A reception was found through two indexes (its own text, and its visitors') joined at query time; a
common village name then meant thousands of row look-ups. Now ``reception.search_text`` holds matter,
outcome and every visitor's name, village and phone, and the trigram and bigram indexes cover that one
column. The write path fills it when registering; triggers keep it right if a reception's text or a
visitor is changed or removed afterwards.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

DOCUMENT = (
    "{r}.matter || ' ' || {r}.outcome || coalesce((SELECT ' ' || group_concat(v.name || ' ' || v.village || ' ' "
    "|| v.phone, ' ') FROM visitor v WHERE v.reception_id = {r}.id), '')"
)


def _drop_old() -> None:
    for table in ("reception", "visitor"):
        for suffix in ("ai", "ad", "au", "bigram_ai", "bigram_ad", "bigram_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")
    for idx in ("reception_fts", "reception_bigram", "visitor_fts", "visitor_bigram"):
        op.execute(f"DROP TABLE IF EXISTS {idx}")


def upgrade() -> None:
    _drop_old()
    op.add_column("reception", sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    op.execute(f"UPDATE reception SET search_text = {DOCUMENT.format(r='reception')}")
    op.execute(
        "CREATE VIRTUAL TABLE reception_fts USING fts5(search_text, content='reception', content_rowid='rowid', "
        "tokenize='trigram')"
    )
    op.execute("CREATE VIRTUAL TABLE reception_bigram USING fts5(tokens, content='')")
    op.execute("INSERT INTO reception_fts(reception_fts) VALUES ('rebuild')")
    op.execute("INSERT INTO reception_bigram(rowid, tokens) SELECT rowid, heshi_bigrams(search_text) FROM reception")
    # The indexes follow search_text.
    op.execute(
        "CREATE TRIGGER reception_ai AFTER INSERT ON reception BEGIN "
        "INSERT INTO reception_fts(rowid, search_text) VALUES (new.rowid, new.search_text); "
        "INSERT INTO reception_bigram(rowid, tokens) VALUES (new.rowid, heshi_bigrams(new.search_text)); END"
    )
    op.execute(
        "CREATE TRIGGER reception_ad AFTER DELETE ON reception BEGIN "
        "INSERT INTO reception_fts(reception_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); "
        "INSERT INTO reception_bigram(reception_bigram, rowid, tokens) "
        "VALUES ('delete', old.rowid, heshi_bigrams(old.search_text)); END"
    )
    op.execute(
        "CREATE TRIGGER reception_au AFTER UPDATE OF search_text ON reception BEGIN "
        "INSERT INTO reception_fts(reception_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); "
        "INSERT INTO reception_fts(rowid, search_text) VALUES (new.rowid, new.search_text); "
        "INSERT INTO reception_bigram(reception_bigram, rowid, tokens) "
        "VALUES ('delete', old.rowid, heshi_bigrams(old.search_text)); "
        "INSERT INTO reception_bigram(rowid, tokens) VALUES (new.rowid, heshi_bigrams(new.search_text)); END"
    )
    op.create_index("ix_visitor_name", "visitor", ["name"])  # autocomplete by name prefix
    # search_text follows the reception's text and its visitors when they are edited after registration.
    op.execute(
        "CREATE TRIGGER reception_document_au AFTER UPDATE OF matter, outcome ON reception BEGIN "
        f"UPDATE reception SET search_text = {DOCUMENT.format(r='new')} WHERE rowid = new.rowid; END"
    )
    op.execute(
        "CREATE TRIGGER visitor_document_au AFTER UPDATE OF name, village, phone, reception_id ON visitor BEGIN "
        f"UPDATE reception SET search_text = {DOCUMENT.format(r='reception')} "
        "WHERE id IN (old.reception_id, new.reception_id); END"
    )
    op.execute(
        "CREATE TRIGGER visitor_document_ad AFTER DELETE ON visitor BEGIN "
        f"UPDATE reception SET search_text = {DOCUMENT.format(r='reception')} WHERE id = old.reception_id; END"
    )


def downgrade() -> None:
    # Going back would need the per-table indexes of 0002-0004 rebuilt; the app never downgrades a ledger
    # (it restores a backup instead), so refuse rather than leave search half-indexed.
    raise NotImplementedError("降级到 0005 不受支持：请从升级前的备份恢复。")
