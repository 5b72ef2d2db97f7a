"""Administrative areas: loading boundary GeoJSON, the built-in fallback, and point-to-area routing.

Plain Python (shapely + SQLModel), no Reflex: pages, API and CLI all call into here.
"""
