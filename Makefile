# The two commands a newcomer needs: `make run` (chat with the assistant) and `make test`.
# Everything else is installed or rebuilt on demand, only when its inputs changed.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3.10 || command -v python3)
RASA_VENV := .venv/rasa
APP_VENV := .venv/app
APP_PY := $(APP_VENV)/bin/python
MODEL := models/assistant.tar.gz
DICTIONARY := build/jieba/userdict.txt
CONTENT := $(shell find content -name '*.yml')
TRAINING_DATA := config.yml domain.yml $(shell find data -name '*.yml') $(DICTIONARY)
# pip on this kind of machine warns about absent local mirrors; keep the progress readable.
QUIET_PIP := grep -v 'is ignored: it is neither a file nor a directory' || true

.PHONY: help system-packages install catalog model serve run test test-scale evaluate bench profile load retention invite report community admin account screenshots lock clean

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

# Debian's Chromium, Redis, HAProxy, Noto CJK fonts, Node.js and Python, installed when missing
# (as root; otherwise the apt-get command is printed and make stops). One list, also for CI.
system-packages:  ## the Debian packages make test needs (apt-get as root)
	tools/system-packages.sh

install: $(RASA_VENV)/.installed $(APP_VENV)/.installed  ## both virtualenvs, from the lock files

$(RASA_VENV)/.installed: requirements/rasa.lock
	@echo "==> Installing the Rasa server environment ($(RASA_VENV), about 2 minutes)"
	rm -rf $(RASA_VENV) && $(PYTHON) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/pip install --disable-pip-version-check --no-deps --ignore-requires-python \
		-r requirements/rasa.lock 2>&1 | $(QUIET_PIP)
	touch $@

$(APP_VENV)/.installed: requirements/app.lock
	@echo "==> Installing the app environment ($(APP_VENV))"
	rm -rf $(APP_VENV) && $(PYTHON) -m venv $(APP_VENV)
	$(APP_VENV)/bin/pip install --disable-pip-version-check -r requirements/app.lock 2>&1 \
		| $(QUIET_PIP)
	touch $@

catalog: var/.catalog-built  ## the catalog database, built from content/

var/.catalog-built: $(APP_VENV)/.installed $(CONTENT) $(wildcard catalog/*.py catalog/migrations/versions/*.py)
	@echo "==> Building the catalog database from content/"
	$(APP_PY) -m catalog build
	@mkdir -p var && touch $@

# Rewritten only when the words change, so a content edit that adds no word does not retrain.
$(DICTIONARY): $(APP_VENV)/.installed $(CONTENT)
	$(APP_PY) -m catalog dictionary --output $@

model: $(MODEL)  ## train the Rasa model when its data changed

$(MODEL): $(RASA_VENV)/.installed $(TRAINING_DATA)
	@echo "==> Training the Rasa model (about 17 minutes on 2 cores)"
	$(APP_PY) -m tools.train

serve: install catalog model  ## action server + Rasa server on 127.0.0.1, in the foreground
	$(APP_PY) -m tools.serve

run: install catalog model  ## start everything and chat in this terminal (first time: about 20–25 min on 2 cores, most of it training)
	$(APP_PY) -m tools.run

.PHONY: bot
bot: install  ## the Telegram gateway alone (make serve must be running)
	$(APP_PY) -m bot.telegram

.PHONY: web
web: install  ## the web chat on 127.0.0.1:WEB_PORT (8070; make serve must be running)
	$(APP_PY) -m bot.web

.PHONY: wechat wechat-menu
wechat: install  ## the WeChat gateway on 127.0.0.1:WECHAT_PORT (8090; make serve must be running)
	$(APP_PY) -m bot.wechat

wechat-menu: install  ## set the WeChat account's menu: 我要办事 / 找人帮忙 / 使用说明
	$(APP_PY) -m bot.wechat menu

# The Bot API emulator the Telegram gateway's end-to-end tests run against (docs/telegram.md).
EMULATOR := tools/telegram-emulator/node_modules/.installed
$(EMULATOR): tools/telegram-emulator/package-lock.json
	npm ci --prefix tools/telegram-emulator --no-audit --no-fund
	touch $@

# axe-core, the accessibility checks the web chat's browser tests run in the page (docs/web.md).
AXE := tools/axe/node_modules/.installed
$(AXE): tools/axe/package-lock.json
	npm ci --prefix tools/axe --no-audit --no-fund
	touch $@

# pytest runs two workers, each taking whole test files (a file's servers start once): most of
# the end-to-end tests' time is spent waiting on servers, so one worker leaves a core idle.
test: system-packages install catalog model $(EMULATOR) $(AXE)  ## the whole test suite (lint, data validation, unit, end to end)
	$(APP_VENV)/bin/ruff check .
	$(APP_VENV)/bin/ruff format --check .
	$(RASA_VENV)/bin/rasa data validate --quiet
	ACTIONS_URL=http://127.0.0.1:1/unused TRACKER_DB=$(CURDIR)/var/test-stories.db \
		$(RASA_VENV)/bin/rasa test core --stories tests/stories --model $(MODEL) \
		--fail-on-prediction-errors --out results/stories --no-plot
	$(APP_VENV)/bin/pytest -n 2 --dist loadfile

# Debian's PostgreSQL, Redis and HAProxy, installed when missing (as root, as CI runs).
test-scale: install catalog model $(EMULATOR)  ## two Rasa, two action servers, two webhook gateways behind HAProxy; one of each killed midway
	tools/system-packages.sh haproxy redis-server
	SCALE_POSTGRES_URL=$$(bash .ci/postgres assistant_scale) \
		$(APP_VENV)/bin/pytest -q -m scale tests/e2e/test_scale_out.py

evaluate: install catalog model  ## held-out accuracy through real servers, written to docs/evaluation.md
	$(APP_PY) -m tools.evaluate

bench: install catalog model $(EMULATOR)  ## side by side with a plain rasa init assistant; writes docs/benchmarks.md
	$(APP_PY) -m tools.bench

profile: install catalog model  ## where a turn's time goes (py-spy on both servers); writes docs/profile.md
	$(APP_PY) -m tools.profile

RESIDENTS ?= 50
DURATION ?= 2m
load: install catalog model  ## Locust: RESIDENTS residents doing guides for DURATION; writes docs/load.md
	$(APP_PY) -m tools.load --residents $(RESIDENTS) --duration $(DURATION)

retention: install  ## forget conversations older than DAYS days (e.g. make retention DAYS=90)
	$(APP_PY) -m tools.retention --days $(DAYS)

SINCE_DAYS ?= 7
REPORT_DIR ?= $(or $(DATA_DIR),var)
COMMUNITY ?=
report: install  ## needs feedback of the last SINCE_DAYS days: report.png and report.csv in REPORT_DIR
	tools/system-packages.sh fonts-noto-cjk
	$(APP_PY) -m insights --since-days $(SINCE_DAYS) --out $(REPORT_DIR) \
		$(if $(COMMUNITY),--community "$(COMMUNITY)")

community: install  ## add a community, print its Telegram link, WeChat QR scene and web link, and write its poster (make community NAME=玉林社区)
	tools/system-packages.sh fonts-noto-cjk
	$(APP_PY) -m insights --add-community "$(NAME)"
	$(APP_PY) -m bot.web poster "$(NAME)" --out $(REPORT_DIR)

ROLE ?= worker
invite: install  ## a one-time code for a new worker, editor or admin (make invite ROLE=admin)
	$(APP_PY) -m handoff invite --role $(ROLE)

admin: install catalog  ## the editors' web admin on 127.0.0.1:ADMIN_PORT (8000); make serve answers 试一试
	$(APP_PY) -m admin serve

NAME ?=
ACCOUNT_ROLE := $(if $(filter command line environment,$(origin ROLE)),$(ROLE),editor)
account: install  ## an editor's or admin's sign-in (make account NAME=li ROLE=admin)
	$(APP_PY) -m admin account $(NAME) --role $(ACCOUNT_ROLE)

screenshots: install catalog model $(AXE)  ## retake the editor guide's screenshots from the running admin, and the web chat's
	SCREENSHOT_DIR=$(CURDIR)/docs/images/admin $(APP_VENV)/bin/pytest -q tests/e2e/test_admin.py
	SCREENSHOT_DIR=$(CURDIR)/docs/images/web $(APP_VENV)/bin/pytest -q \
		tests/e2e/web/test_web_accessibility.py -k large_print

lock:  ## re-resolve requirements/app.in into requirements/app.lock (Python 3.10 and 3.11)
	$(APP_VENV)/bin/pip install --disable-pip-version-check -q uv
	$(APP_VENV)/bin/uv pip compile --universal --python-version 3.10 --no-header \
		requirements/app.in -o requirements/app.lock

clean:  ## remove virtualenvs, models, the database and build files
	rm -rf .venv models build var results
