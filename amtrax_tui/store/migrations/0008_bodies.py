"""Other bodies' credentials: an activity's length in minutes, the bodies that approve
its provider, its points per content area; and, per allocation, whether the credential's
body approves the provider. The defaults are the database's own too, so a row written
without the new columns (by another program) is an ordinary one.

AMT's MT is now MLS: held MT credentials become MLS. A member holding both keeps one
MLS, with MT's activities moved to it; each change is kept in the history.
"""
import datetime as dt
import json

from dateutil.relativedelta import relativedelta
from peewee import *

ACTOR = 'migration'


def _month_index(anchor, day):
    k = (day.year - anchor.year) * 12 + day.month - anchor.month
    while anchor + relativedelta(months=k) > day:
        k -= 1
    while anchor + relativedelta(months=k + 1) <= day:
        k += 1
    return k


def up(migrator, db):
    # NOT NULL with a default in one ALTER: adding the column as NULL first would make
    # the SQLite migrator rebuild the table, and dropping the old activity table
    # cascades to every allocation.
    migrator.migrate(
        migrator.add_column('activity', 'minutes', IntegerField(null=True)),
        migrator.add_column('activity', 'approved_by', CharField(
            max_length=64, default='', constraints=[SQL("DEFAULT ''")]), allow_not_null=True),
        migrator.add_column('allocation', 'approved', BooleanField(
            default=False, constraints=[SQL('DEFAULT FALSE')]), allow_not_null=True),
    )

    class Activity(Model):
        class Meta:
            database = db
            table_name = 'activity'

    class ActivityArea(Model):
        activity = ForeignKeyField(Activity, on_delete='CASCADE')
        area = CharField(max_length=64)
        points = BigIntegerField()
        class Meta:
            database = db
            table_name = 'activity_area'
            indexes = ((('activity', 'area'), True),)
    db.create_tables([ActivityArea])
    _mt_to_mls(db)


def _mt_to_mls(db):
    class HeldCredential(Model):
        member_id = IntegerField()
        code = CharField(max_length=16)
        certified_on = DateField()
        anchor = DateField()
        class Meta:
            database = db
            table_name = 'held_credential'

    class Allocation(Model):
        activity_id = IntegerField()
        credential = ForeignKeyField(HeldCredential)
        end_date = DateField()
        category = CharField(max_length=64)
        points = BigIntegerField()
        class Meta:
            database = db
            table_name = 'allocation'

    class MonthTotal(Model):
        credential = ForeignKeyField(HeldCredential)
        month = IntegerField()
        category = CharField(max_length=64)
        points = BigIntegerField()
        class Meta:
            database = db
            table_name = 'month_total'

    class Change(Model):
        at = DateTimeField()
        actor = CharField(max_length=200)
        action = CharField(max_length=16)
        entity = CharField(max_length=32)
        entity_id = IntegerField()
        member_id = IntegerField(null=True)
        before = TextField(null=True)
        after = TextField(null=True)
        class Meta:
            database = db
            table_name = 'change'

    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)

    def log(action, held, before, after):
        Change.create(at=now, actor=ACTOR, action=action, entity='credential', entity_id=held.id,
                      member_id=held.member_id, before=json.dumps(before, sort_keys=True, default=str),
                      after=json.dumps(after, sort_keys=True, default=str))

    for mt in HeldCredential.select().where(HeldCredential.code == 'MT').order_by(HeldCredential.id):
        mls = HeldCredential.get_or_none((HeldCredential.member_id == mt.member_id) & (HeldCredential.code == 'MLS'))
        if mls is None:
            HeldCredential.update(code='MLS').where(HeldCredential.id == mt.id).execute()
            log('update', mt, {'code': 'MT'}, {'code': 'MLS'})
            continue
        counted = Allocation.select(Allocation.activity_id).where(Allocation.credential == mls.id)
        moving = Allocation.select(Allocation.activity_id).where(
            (Allocation.credential == mt.id) & Allocation.activity_id.not_in(counted))
        moved = sorted(a for (a,) in moving.tuples())
        Allocation.update(credential=mls.id).where(
            (Allocation.credential == mt.id) & Allocation.activity_id.in_(moved)).execute()
        Allocation.delete().where(Allocation.credential == mt.id).execute()
        MonthTotal.delete().where(MonthTotal.credential.in_([mt.id, mls.id])).execute()
        totals = {}
        daily = (Allocation.select(Allocation.end_date, Allocation.category, fn.SUM(Allocation.points))
                 .where(Allocation.credential == mls.id)
                 .group_by(Allocation.end_date, Allocation.category).tuples())
        for day, category, points in daily:
            key = (_month_index(mls.anchor, day), category)
            totals[key] = totals.get(key, 0) + int(points)
        rows = [{'credential': mls.id, 'month': k, 'category': c, 'points': p} for (k, c), p in totals.items()]
        for start in range(0, len(rows), 1000):
            MonthTotal.insert_many(rows[start:start + 1000]).execute()
        HeldCredential.delete().where(HeldCredential.id == mt.id).execute()
        log('delete', mt,
            {'code': 'MT', 'certified_on': mt.certified_on, 'anchor': mt.anchor},
            {'code': 'MLS', 'kept': mls.id, 'activities_moved': moved})


def down(migrator, db):
    migrator.migrate(
        migrator.drop_table('activity_area'),
        migrator.drop_column('allocation', 'approved'),
        migrator.drop_column('activity', 'approved_by'),
        migrator.drop_column('activity', 'minutes'),
    )
