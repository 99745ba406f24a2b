"""Shared sites: member PINs, staff accounts, sign-in locks, saved form drafts,
and who entered each activity (filled in for existing ones from the history).
"""
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('member', 'pin_hash', CharField(max_length=200, null=True)),
        # NOT NULL with its default in one ALTER (see 0008): no rebuild of the activity table.
        migrator.add_column('activity', 'entered_by', CharField(
            max_length=200, default='', constraints=[SQL("DEFAULT ''")]), allow_not_null=True),
    )
    db.execute_sql(
        "UPDATE activity SET entered_by = COALESCE((SELECT c.actor FROM change c "
        "WHERE c.entity = 'activity' AND c.entity_id = activity.id AND c.action = 'create' "
        "ORDER BY c.id LIMIT 1), '')"
    )

    class Staff(Model):
        name = CharField(unique=True, max_length=100)
        pin_hash = CharField(max_length=200)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'staff'

    class SignInLock(Model):
        login = CharField(unique=True, max_length=200)
        failures = IntegerField(default=0)
        locked_until = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'sign_in_lock'

    class Member(Model):
        class Meta:
            database = db
            table_name = 'member'

    class FormDraft(Model):
        member = ForeignKeyField(Member, on_delete='CASCADE')
        form = CharField(max_length=64)
        data = TextField()
        saved_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'form_draft'
            indexes = ((('member', 'form'), True),)

    db.create_tables([Staff, SignInLock, FormDraft])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('form_draft'))
    migrator.migrate(migrator.drop_table('sign_in_lock'))
    migrator.migrate(migrator.drop_table('staff'))
    migrator.migrate(
        migrator.drop_column('activity', 'entered_by'),
        migrator.drop_column('member', 'pin_hash'),
    )
