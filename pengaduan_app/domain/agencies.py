"""City agencies (dinas) that handle city-wide categories and take hand-overs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Agency:
    code: str
    name_id: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_id


AGENCIES: tuple[Agency, ...] = (
    Agency("bina_marga", "Dinas Bina Marga", "Roads Agency"),
    Agency("sda", "Dinas Sumber Daya Air", "Water Resources Agency"),
    Agency("lingkungan_hidup", "Dinas Lingkungan Hidup", "Environment Agency"),
    Agency("perhubungan", "Dinas Perhubungan", "Transport Agency"),
    Agency("satpol_pp", "Satpol PP", "Public Order Agency"),
    Agency("pertamanan", "Dinas Pertamanan dan Hutan Kota", "Parks and Urban Forest Agency"),
    Agency("citata", "Dinas Cipta Karya, Tata Ruang dan Pertanahan", "Spatial Planning Agency"),
    Agency("kesehatan", "Dinas Kesehatan", "Health Agency"),
    Agency("damkar", "Dinas Penanggulangan Kebakaran dan Penyelamatan", "Fire and Rescue Agency"),
)

BY_CODE = {agency.code: agency for agency in AGENCIES}


def agency_name(code: str | None, lang: str) -> str:
    agency = BY_CODE.get(code or "")
    return agency.name(lang) if agency else ""
