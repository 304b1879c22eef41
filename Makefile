# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint format clean serve bench

$(STAMP): requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py create_local_admin
	@# The task worker runs beside the server and stops with it.
	$(BIN)/python manage.py run_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/python manage.py runserver 127.0.0.1:8000

# Production server: DEBUG off (so SECRET_KEY and ALLOWED_HOSTS must be set),
# static files hashed and compressed for whitenoise. SERVER=granian|gunicorn
# (granian by default: faster in make bench, bench/results/latest.md);
# workers and threads from WEB_CONCURRENCY / WEB_THREADS (README, docs/deploy.md).
SERVER ?= granian
serve: $(STAMP)
	DEBUG=false $(BIN)/python manage.py migrate --noinput
	DEBUG=false $(BIN)/python manage.py collectstatic --noinput --verbosity 0
ifeq ($(SERVER),granian)
	DEBUG=false exec $(BIN)/granian --interface wsgi --host $${HOST:-127.0.0.1} --port $${PORT:-8000} \
		--workers $${WEB_CONCURRENCY:-$$(( $$(nproc) * 2 + 1 ))} --blocking-threads $${WEB_THREADS:-1} \
		portal.wsgi:application
else
	DEBUG=false exec $(BIN)/gunicorn --config gunicorn.conf.py portal.wsgi
endif

# Load benchmarks (bench/README.md): 1k and 100k articles on SQLite; add
# BENCH_POSTGRES=1 for the 1M-article PostgreSQL run.
bench: $(STAMP)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var staticfiles
