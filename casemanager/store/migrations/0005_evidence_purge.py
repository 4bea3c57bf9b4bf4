"""Evidence: purgeable bytes and a per-case index of live evidence.

``evidence.blob_id`` becomes nullable: an explicit purge deletes the bytes of
removed evidence and clears the link, while the evidence row (who added it,
why it was removed) stays. The index serves "live evidence of this case", read
by the evidence tab, the proof checklist and the per-case size limit.
"""


def up(migrator, db):
    migrator.migrate(
        migrator.drop_not_null("evidence", "blob_id"),
        migrator.add_index("evidence", ("case_id", "removed_at"), False),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index("evidence", "evidence_case_id_removed_at"),
        migrator.add_not_null("evidence", "blob_id"),
    )
