"""The thidua REST API, version 1, mounted at /api/v1/.

One router per app, added here: ``api.add_router("", <app>.api.router)``.  Every endpoint
needs an API token (``Authorization: Bearer …``) or a logged-in browser session (see
``thidua.api.auth``); errors are answered as ``{"detail": …, "code": …}``.

The Swagger UI at /api/v1/docs is served from local static files (``ninja`` is an installed
app), with the online validator switched off, so the page works on a closed intranet.
"""

from __future__ import annotations

from ninja import NinjaAPI, Swagger

from thidua.api import org
from thidua.api.auth import DEFAULT_AUTH
from thidua.api.errors import install_error_handlers
from thidua.awards.api import router as awards_router
from thidua.awards.api_domain import router as awards_domain_router
from thidua.campaigns.api import router as campaigns_router
from thidua.honors.api import router as honors_router
from thidua.portal.api import router as portal_router
from thidua.reports.api import router as reports_router

api = NinjaAPI(
    # Nested under the "api" namespace of thidua/api/urls.py: reverse("api:api-v1:…").
    urls_namespace="api:api-v1",
    title="thidua API",
    version="1",
    description=(
        "Read access to the organisation tree and people of thidua, scoped like the web pages. "
        "Authenticate with a personal token: `Authorization: Bearer <token>` "
        '(create one at /account/tokens/). Errors: `{"detail": …, "code": …}`.'
    ),
    auth=DEFAULT_AUTH,
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)

api.add_router("", org.router)  # /units, /people, /me
api.add_router("", awards_router)  # POST /eligibility
api.add_router("", campaigns_router)  # /campaigns, /registrations, /targets, /key-works
api.add_router("", awards_domain_router)  # /awards, /nominations, /council-sessions, /registry
api.add_router("", honors_router)  # /honors/profiles, /honors/decisions (public, no token)
api.add_router("", portal_router)  # /portal/news, /portal/polls (public, no token)
api.add_router("", reports_router)  # /reports/commendations, /reports/people, /reports/campaigns
# Other apps mount their routers here, before thidua/api/urls.py reads api.urls.
