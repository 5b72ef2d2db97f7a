"""Open311 GeoReport v2 under /open311/v2/: routing and formats, serializers, request parsing, keys and limits."""
