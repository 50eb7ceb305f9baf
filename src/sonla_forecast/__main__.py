"""``python -m sonla_forecast``: the same as the ``sonla-forecast`` command."""

from .cli import main

raise SystemExit(main())
