"""The city centre's receiving service (市人大代表联络服务中心): FastAPI + SQLAlchemy, PostgreSQL or SQLite.

Stations push their outbox here and pull the centre-owned data (roster, units, categories, holiday
calendar, handling events recorded at the centre). See ``heshi_protocol.wire`` for the wire format.
"""
