"""Running test code from several threads against the real database."""

import threading

from django.db import connection


def run_in_threads(target, count):
    """Run `target` in `count` threads at once; return the exceptions they raised.

    A thread's exception would otherwise vanish; each thread closes its own
    database connection when done.
    """
    errors = []

    def run():
        try:
            target()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=run) for _ in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return errors
