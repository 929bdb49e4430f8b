"""The web page at ``/`` of ``arbeidsmigratie serve`` (docs/web.md).

Plain HTML, CSS and JavaScript served from this package's ``static/`` folder (no CDN, no build
step), talking to the same server and engine as ``/compare``, ``/costing``, ``/parameters`` and
``/variables``. :func:`register_web` adds the page and its few JSON endpoints to the Flask app.
"""

from openfisca_arbeidsmigratie.web.routes import blueprint, register_web

__all__ = ["blueprint", "register_web"]
