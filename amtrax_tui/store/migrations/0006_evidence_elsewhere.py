"""Evidence files on another machine: an import kept the path and the SHA-256 recorded
there, since the file is not on this machine. The default is the database's own too,
so a row written without the column (by another program) is an ordinary one."""
from peewee import *


def up(migrator, db):
    # NOT NULL with its default in one ALTER (see 0008): no rebuild of the activity table.
    migrator.migrate(migrator.add_column(
        'activity', 'evidence_elsewhere', BooleanField(default=False, constraints=[SQL('DEFAULT FALSE')]),
        allow_not_null=True))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('activity', 'evidence_elsewhere'))
