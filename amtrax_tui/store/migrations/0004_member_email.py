"""Members' e-mail addresses (optional), where transcripts are sent."""
from peewee import *


def up(migrator, db):
    migrator.migrate(migrator.add_column('member', 'email', CharField(max_length=254, null=True)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('member', 'email'))
