"""The centre's web console (市中心网页工作台): server-rendered Jinja2 pages with vendored htmx, and a JSON
endpoint behind each page. Mounted by ``heshi_centre.app.create_app`` under ``/console``."""
