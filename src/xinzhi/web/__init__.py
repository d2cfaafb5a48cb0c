"""Web: the FastAPI app factory, REST API routers and server-rendered pages."""
