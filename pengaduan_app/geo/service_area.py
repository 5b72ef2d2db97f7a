"""The built-in service area used while only approximate areas exist: mainland DKI Jakarta.

Derived once from the union of the five kota in /work/shared/data/jakarta/kota.geojson:
`Polygon(union.buffer(0.002).simplify(0.005).exterior)` (holes dropped), coordinates
rounded to 4 decimals. 44 vertices; it reaches at most about 720 m beyond the real
border (sea or neighbouring regencies), leaves out 0.2 % of the land in slivers at most
about 270 m deep, and does not include Kepulauan Seribu.
"""

from __future__ import annotations

import shapely
from shapely.geometry import Polygon

# (lon, lat), clockwise from the western border near Kalideres.
_OUTLINE = (
    (106.6867, -6.1738), (106.6837, -6.1154), (106.693, -6.1111), (106.6855, -6.097),
    (106.6915, -6.0938), (106.7263, -6.0869), (106.7416, -6.1004), (106.7756, -6.1069),
    (106.7884, -6.1063), (106.7895, -6.0927), (106.8009, -6.0905), (106.8112, -6.1174),
    (106.8173, -6.1129), (106.8373, -6.1194), (106.8563, -6.1147), (106.8497, -6.11),
    (106.8627, -6.11), (106.8788, -6.093), (106.922, -6.0987), (106.9693, -6.0911),
    (106.9724, -6.2001), (106.9506, -6.2234), (106.9454, -6.2538), (106.9071, -6.2619),
    (106.9247, -6.3141), (106.9159, -6.3666), (106.8831, -6.3743), (106.8707, -6.3557),
    (106.8555, -6.3557), (106.8533, -6.3443), (106.8423, -6.3385), (106.8362, -6.3567),
    (106.7935, -6.3664), (106.7906, -6.3474), (106.8096, -6.3168), (106.7752, -6.3164),
    (106.7598, -6.2802), (106.7485, -6.2727), (106.7523, -6.2545), (106.742, -6.2303),
    (106.7164, -6.2249), (106.7227, -6.194), (106.7128, -6.1918), (106.7186, -6.1857),
)  # fmt: skip

MAINLAND_JAKARTA = Polygon(_OUTLINE)
shapely.prepare(MAINLAND_JAKARTA)
