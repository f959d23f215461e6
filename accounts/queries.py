"""The accounts' raw SQL: only statements a benchmark line needs, each stating again
a rule the ORM states (named in its docstring), with table and column names from the
models' `_meta` and a test that both give the same answers (tests/accounts/
test_queries.py).
"""

from functools import lru_cache

from allauth.account.models import EmailAddress
from django.db import connection

from .models import User


def _column(model, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def email_is_registered(email: str) -> bool:
    """Whether an account holds `email`, whatever its case (as its own or as an
    allauth address):

        same = Exact(Upper("email"), Upper(Value(email)))
        User.objects.filter(same).values("pk").union(
            EmailAddress.objects.filter(same).values("user_id"), all=True
        ).exists()

    UPPER on both sides, not `__iexact`: SQLite runs that as LIKE, where % and _ in
    an address would match other addresses. Asked of every guest's comment."""
    if not email:
        return False
    with connection.cursor() as cursor:
        cursor.execute(_email_is_registered_sql(connection.vendor), [email, email])
        return cursor.fetchone() is not None


@lru_cache(maxsize=2)
def _email_is_registered_sql(vendor: str) -> str:
    same = [
        f"SELECT 1 FROM {_table(model)} "  # noqa: S608 (names, no values)
        f"WHERE UPPER({_column(model, 'email')}) = UPPER(%s)"
        for model in (User, EmailAddress)
    ]
    return f"{same[0]} UNION ALL {same[1]} LIMIT 1"
