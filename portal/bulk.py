"""Plain rows inserted in one executemany, for batches too large for model instances.

`bulk_create()` builds a model instance per row and prepares each value
through its field; for the import's link and history rows (hundreds per batch,
no save() logic, no signals, no ids needed back) that cost more than the insert.
"""

from django.db import connection


def insert_rows(model, names, rows):
    """INSERT `rows` (tuples of database-ready values for the fields `names`) into `model`'s table."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in names)
    marks = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})", rows)


def db_value(model, name, value):
    """`value` as the database stores it in `model`'s field `name` (a datetime as SQLite's text)."""
    return model._meta.get_field(name).get_db_prep_save(value, connection)
