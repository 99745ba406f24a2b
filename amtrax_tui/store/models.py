"""Peewee models. The schema itself is made by the migrations beside this file."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any, cast

from peewee import (
    AutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    ModelSelect,
    TextField,
)

db = DatabaseProxy()


def as_tuples(query: ModelSelect[Any]) -> Iterator[tuple[Any, ...]]:
    """The query's rows as tuples (its `.tuples()`, which peewee-stubs type as model instances)."""
    return cast(Iterator[tuple[Any, ...]], iter(query.tuples()))


POINTS_SCALE = 10_000  # points are stored as exact ten-thousandths


class PointsField(BigIntegerField):
    """Decimal points stored as an integer, so SQL sums are exact on every backend."""

    def db_value(self, value):
        return None if value is None else int(Decimal(value) * POINTS_SCALE)

    def python_value(self, value):
        return None if value is None else Decimal(int(value)) / POINTS_SCALE


class BaseModel(Model):
    id = AutoField()  # what Peewee adds by itself, stated so that type checkers know it

    class Meta:
        database = db
        legacy_table_names = False


class Member(BaseModel):
    name = CharField(max_length=200)
    amt_id = CharField(max_length=32, unique=True)
    created_at = DateTimeField()
    pin_hash = CharField(max_length=200, null=True)  # salted scrypt (store.auth); None: cannot sign in
    email = CharField(max_length=254, null=True)  # where transcripts are sent; None: none given


class HeldCredential(BaseModel):
    member = ForeignKeyField(Member, backref="credentials", on_delete="CASCADE")
    member_id: int  # the key itself, which Peewee adds beside `member`
    code = CharField(max_length=16)
    certified_on = DateField()
    anchor = DateField()  # certification date, or the cycle start AMT shows

    class Meta:
        indexes = ((("member", "code"), True),)


class Activity(BaseModel):
    member = ForeignKeyField(Member, backref="activities", on_delete="CASCADE")
    member_id: int  # the key itself, which Peewee adds beside `member`
    category = CharField(max_length=64)
    title = CharField(max_length=200)
    title_key = TextField()  # case-folded (may grow: 'ß' -> 'ss'), for duplicate checks
    provider = CharField(max_length=200, default="")
    points = PointsField()
    start_date = DateField()
    end_date = DateField()
    notes = TextField(default="")
    evidence = CharField(max_length=500, default="")
    evidence_sha256 = CharField(max_length=64, null=True)
    evidence_elsewhere = BooleanField(default=False)  # a file on another machine, kept as a reference by an import
    attested_at = DateTimeField()
    created_at = DateTimeField()
    updated_at = DateTimeField()
    entered_by = CharField(max_length=200, default="")  # who recorded it: "member:ID", "staff:NAME", "cli:USER"
    entered_in_amtrax = DateField(null=True)  # when it was entered in AMTrax, AMT's own record; None: not yet
    minutes = IntegerField(null=True)  # how long it lasted; None: not given
    approved_by = CharField(max_length=64, default="")  # codes of the bodies approving its provider, space-separated

    class Meta:
        indexes = (
            (("member", "category", "start_date", "title_key"), False),
            (("member", "end_date"), False),
            # The history's other sorts (store/browse.py): a page read in index order, not the member's rows sorted.
            (("member", "points"), False),
            (("member", "title_key"), False),
        )


class Allocation(BaseModel):
    """An activity counted toward one held credential. It repeats the activity's
    end date, category and points so progress is one covering-index range scan."""

    activity = ForeignKeyField(Activity, backref="allocations", on_delete="CASCADE")
    credential = ForeignKeyField(HeldCredential, backref="allocations", on_delete="CASCADE")
    end_date = DateField()
    category = CharField(max_length=64)
    points = PointsField()
    approved = BooleanField(default=False)  # the credential's body approves the activity's provider

    class Meta:
        indexes = (
            (("activity", "credential"), True),
            (("credential", "end_date", "category", "points"), False),
        )


class ActivityArea(BaseModel):
    """The points an activity gives one content area of a body that splits them (AAMA's clinical...)."""

    activity = ForeignKeyField(Activity, backref="areas", on_delete="CASCADE")
    area = CharField(max_length=64)
    points = PointsField()

    class Meta:
        indexes = ((("activity", "area"), True),)


class Change(BaseModel):
    """The history: every create, edit and delete with its before and after values."""

    at = DateTimeField()
    actor = CharField(max_length=200)
    action = CharField(max_length=16)
    entity = CharField(max_length=32)
    entity_id = IntegerField()
    member_id = IntegerField(null=True, index=True)
    before = TextField(null=True)  # JSON
    after = TextField(null=True)  # JSON

    class Meta:
        indexes = ((("entity", "entity_id"), False),)


class MonthTotal(BaseModel):
    """Points of one held credential's allocations in one cycle month and category (see totals.py)."""

    credential = ForeignKeyField(HeldCredential, on_delete="CASCADE")
    month = IntegerField()  # months since the credential's anchor
    category = CharField(max_length=64)
    points = PointsField()

    class Meta:
        indexes = ((("credential", "month", "category"), True),)


class BacklogDay(BaseModel):
    """A member's activities ending on one day that AMTrax records and that are not yet
    entered there: how many, and their points (see backlog.py)."""

    member = ForeignKeyField(Member, on_delete="CASCADE")
    day = DateField()
    activities = IntegerField()
    points = PointsField()

    class Meta:
        indexes = ((("member", "day"), True),)


class Staff(BaseModel):
    """A staff account: signs in with its name and PIN, acts for any member."""

    name = CharField(max_length=100, unique=True)
    pin_hash = CharField(max_length=200)
    created_at = DateTimeField()


class SignInLock(BaseModel):
    """Wrong PINs per ID as typed at sign-in, whether or not the ID exists,
    so that a lock says nothing about which IDs are real."""

    login = CharField(max_length=200, unique=True)
    failures = IntegerField(default=0)
    locked_until = DateTimeField(null=True)  # naive UTC


class FormDraft(BaseModel):
    """A form's unsaved input, kept when the terminal went away, offered back later."""

    member = ForeignKeyField(Member, backref="drafts", on_delete="CASCADE")
    form = CharField(max_length=64)
    data = TextField()  # JSON: the form's field values
    saved_at = DateTimeField()

    class Meta:
        indexes = ((("member", "form"), True),)


MODELS = [Member, HeldCredential, Activity, Allocation, ActivityArea, Change, MonthTotal, Staff, SignInLock, FormDraft]
