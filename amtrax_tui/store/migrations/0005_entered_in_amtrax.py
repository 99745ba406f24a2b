"""When each activity was entered in AMTrax, AMT's own record (null: not yet)."""
from peewee import *


def up(migrator, db):
    migrator.migrate(migrator.add_column('activity', 'entered_in_amtrax', DateField(null=True)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('activity', 'entered_in_amtrax'))
