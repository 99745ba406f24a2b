"""The first schema: members, held credentials, activities, allocations, history.

Points are stored as integer ten-thousandths (see models.PointsField).
On SQLite the ids use AUTOINCREMENT, so the id of a deleted activity is never
given to a new one: the history and `restore` rely on ids staying unique.
"""
from peewee import *
from playhouse.sqlite_ext import AutoIncrementField


def up(migrator, db):
    Id = AutoIncrementField if isinstance(db, SqliteDatabase) else AutoField

    class Member(Model):
        id = Id()
        name = CharField(max_length=200)
        amt_id = CharField(unique=True, max_length=32)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'member'
    db.create_tables([Member])

    class Activity(Model):
        id = Id()
        member = ForeignKeyField(Member, on_delete='CASCADE')
        category = CharField(max_length=64)
        title = CharField(max_length=200)
        title_key = TextField()
        provider = CharField(max_length=200, default='')
        points = BigIntegerField()
        start_date = DateField()
        end_date = DateField()
        notes = TextField(default='')
        evidence = CharField(max_length=500, default='')
        evidence_sha256 = CharField(null=True, max_length=64)
        attested_at = DateTimeField()
        created_at = DateTimeField()
        updated_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'activity'
            indexes = ((('member', 'category', 'start_date', 'title_key'), False), (('member', 'end_date'), False))
    db.create_tables([Activity])

    class HeldCredential(Model):
        id = Id()
        member = ForeignKeyField(Member, on_delete='CASCADE')
        code = CharField(max_length=16)
        certified_on = DateField()
        anchor = DateField()
        class Meta:
            database = db
            table_name = 'held_credential'
            indexes = ((('member', 'code'), True),)
    db.create_tables([HeldCredential])

    class Allocation(Model):
        id = Id()
        activity = ForeignKeyField(Activity, on_delete='CASCADE')
        credential = ForeignKeyField(HeldCredential, on_delete='CASCADE')
        end_date = DateField()
        category = CharField(max_length=64)
        points = BigIntegerField()
        class Meta:
            database = db
            table_name = 'allocation'
            indexes = ((('activity', 'credential'), True), (('credential', 'end_date', 'category', 'points'), False))
    db.create_tables([Allocation])

    class Change(Model):
        id = Id()
        at = DateTimeField()
        actor = CharField(max_length=200)
        action = CharField(max_length=16)
        entity = CharField(max_length=32)
        entity_id = IntegerField()
        member_id = IntegerField(index=True, null=True)
        before = TextField(null=True)
        after = TextField(null=True)
        class Meta:
            database = db
            table_name = 'change'
            indexes = ((('entity', 'entity_id'), False),)
    db.create_tables([Change])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('change'))
    migrator.migrate(migrator.drop_table('allocation'))
    migrator.migrate(migrator.drop_table('held_credential'))
    migrator.migrate(migrator.drop_table('activity'))
    migrator.migrate(migrator.drop_table('member'))
