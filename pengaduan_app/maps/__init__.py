"""folium map builders: plain Python, no Reflex; each returns a full HTML page for an iframe."""
