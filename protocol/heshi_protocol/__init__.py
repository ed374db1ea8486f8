"""What the station and the city centre share: one definition each, imported by both sides, never copied.

- ``vocab``: the closed vocabularies (English codes on the wire and in the databases, Chinese labels);
- ``workdays``: the working-day calendar and the bundled holiday table;
- ``opinion_state``: the pure fold of an opinion's handling events and the step rules;
- ``figures``: the monthly figures' definitions (月度统计口径) and their pure rules (on-time verdicts, rates);
- ``payloads``: what a station-owned record looks like on the wire;
- ``wire``: the HTTP wire format (headers, gzip bodies, push/pull shapes);
- ``schemas``: the one schema of every record, event, push body and pull page (``record_problems``,
  ``event_problems``, ``change_problems``; pydantic);
- ``errors``: the exceptions whose message is meant for the person at the screen.

Nothing here imports Qt, SQLAlchemy, FastAPI or any other part of the project (only pydantic, for ``schemas``).
"""
