"""Sync with the city centre (同步): wire format, HTTP client, credentials, one-at-a-time lock, scheduling.

Nothing here imports Qt; the UI wraps these functions. ``engine.run_sync`` is the entry point.
"""
