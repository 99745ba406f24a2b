"""Points per held credential, cycle month and category, filled from the allocations."""

from dateutil.relativedelta import relativedelta
from peewee import *


def _month_index(anchor, day):
    k = (day.year - anchor.year) * 12 + day.month - anchor.month
    while anchor + relativedelta(months=k) > day:
        k -= 1
    while anchor + relativedelta(months=k + 1) <= day:
        k += 1
    return k


def up(migrator, db):
    class HeldCredential(Model):
        anchor = DateField()
        class Meta:
            database = db
            table_name = 'held_credential'

    class Allocation(Model):
        credential = ForeignKeyField(HeldCredential)
        end_date = DateField()
        category = CharField(max_length=64)
        points = BigIntegerField()
        class Meta:
            database = db
            table_name = 'allocation'

    class MonthTotal(Model):
        credential = ForeignKeyField(HeldCredential, on_delete='CASCADE')
        month = IntegerField()
        category = CharField(max_length=64)
        points = BigIntegerField()
        class Meta:
            database = db
            table_name = 'month_total'
            indexes = ((('credential', 'month', 'category'), True),)
    db.create_tables([MonthTotal])

    anchors = dict(HeldCredential.select(HeldCredential.id, HeldCredential.anchor).tuples())
    totals = {}
    daily = (Allocation.select(Allocation.credential, Allocation.end_date, Allocation.category,
                               fn.SUM(Allocation.points))
             .group_by(Allocation.credential, Allocation.end_date, Allocation.category).tuples())
    for held_id, day, category, points in daily:
        key = (held_id, _month_index(anchors[held_id], day), category)
        totals[key] = totals.get(key, 0) + points
    rows = [{'credential': h, 'month': k, 'category': c, 'points': p} for (h, k, c), p in totals.items()]
    for start in range(0, len(rows), 1000):
        MonthTotal.insert_many(rows[start:start + 1000]).execute()


def down(migrator, db):
    migrator.migrate(migrator.drop_table('month_total'))
