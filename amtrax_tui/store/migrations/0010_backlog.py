"""What is not yet entered in AMTrax, summed per member and end date (store/backlog.py),
filled from the activities: those counted toward an AMT credential (codes without a
body), or any, for a member holding AMT's credentials alone. The index 0007 added to
sum them is dropped: a write's sums of one day are read through (member, end date),
which SQLite would not choose while that index offered (member, not yet entered)."""
from peewee import *


def up(migrator, db):
    class Member(Model):
        class Meta:
            database = db
            table_name = 'member'

    class HeldCredential(Model):
        member = ForeignKeyField(Member)
        code = CharField(max_length=16)
        class Meta:
            database = db
            table_name = 'held_credential'

    class Activity(Model):
        member = ForeignKeyField(Member)
        points = BigIntegerField()
        end_date = DateField()
        entered_in_amtrax = DateField(null=True)
        class Meta:
            database = db
            table_name = 'activity'

    class Allocation(Model):
        activity = ForeignKeyField(Activity)
        credential = ForeignKeyField(HeldCredential)
        class Meta:
            database = db
            table_name = 'allocation'

    class BacklogDay(Model):
        member = ForeignKeyField(Member, on_delete='CASCADE')
        day = DateField()
        activities = IntegerField()
        points = BigIntegerField()
        class Meta:
            database = db
            table_name = 'backlog_day'
            indexes = ((('member', 'day'), True),)
    db.create_tables([BacklogDay])

    other_body = HeldCredential.select().where(
        (HeldCredential.member == Activity.member) & HeldCredential.code.contains(':'))
    toward_amt = Allocation.select().join(HeldCredential).where(
        (Allocation.activity == Activity.id) & ~HeldCredential.code.contains(':'))
    left = (Activity
            .select(Activity.member, Activity.end_date, fn.COUNT(Activity.id), fn.SUM(Activity.points))
            .where(Activity.entered_in_amtrax.is_null() & (~fn.EXISTS(other_body) | fn.EXISTS(toward_amt)))
            .group_by(Activity.member, Activity.end_date))
    BacklogDay.insert_from(left, [BacklogDay.member, BacklogDay.day, BacklogDay.activities,
                                  BacklogDay.points]).execute()
    migrator.migrate(migrator.drop_index('activity', 'activity_member_id_entered_in_amtrax_points'))


def down(migrator, db):
    migrator.migrate(
        migrator.add_index('activity', ('member_id', 'entered_in_amtrax', 'points'), False),
        migrator.drop_table('backlog_day'),
    )
