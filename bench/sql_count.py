"""Bench only: a middleware that says in `X-SQL-Count` how many SQL statements the request ran.

bench/settings.py puts it first when BENCH_COUNT_SQL=1 (bench/busy_hour.py), so that a load run can
report statements per second without a database-side log. Page-cache hits run none, or the view counter's.
"""

from django.db import connections


class SQLCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        wrappers = [connection.execute_wrapper(counter) for connection in connections.all()]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response["X-SQL-Count"] = str(count)
        return response
