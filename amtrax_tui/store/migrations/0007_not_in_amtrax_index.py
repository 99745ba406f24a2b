"""An index that answers "how many activities are not yet in AMTrax, and their points"
for one member without reading the activity rows (every save re-reads it)."""
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_index('activity', ('member_id', 'entered_in_amtrax', 'points'), False)
    )


def down(migrator, db):
    migrator.migrate(migrator.drop_index('activity', 'activity_member_id_entered_in_amtrax_points'))
