"""The default report categories (Qlue's 2016 list) and their SLA targets in working days."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from ..models import Category
from .agencies import CITY_WIDE_CATEGORIES


@dataclass(frozen=True)
class CategorySeed:
    code: str
    name_id: str
    name_en: str
    icon: str
    color: str
    sla_days: int


DEFAULT_CATEGORIES: tuple[CategorySeed, ...] = (
    CategorySeed("jalan_rusak", "Jalan rusak", "Damaged road", "construction", "#b45309", 5),
    CategorySeed("banjir", "Banjir", "Flooding", "waves", "#0369a1", 3),
    CategorySeed("sampah", "Sampah", "Rubbish", "trash-2", "#4d7c0f", 3),
    CategorySeed("saluran_tersumbat", "Saluran air tersumbat", "Blocked drain", "droplets", "#0e7490", 3),
    CategorySeed("parkir_liar", "Parkir liar", "Illegal parking", "car", "#7c3aed", 3),
    CategorySeed("kemacetan", "Kemacetan", "Traffic jam", "traffic-cone", "#c2410c", 3),
    CategorySeed("lampu_jalan", "Lampu jalan rusak", "Broken street light", "lamp", "#ca8a04", 5),
    CategorySeed("pohon_tumbang", "Pohon tumbang", "Fallen tree", "tree-pine", "#15803d", 3),
    CategorySeed("fasilitas_umum", "Fasilitas umum", "Public facilities", "building-2", "#475569", 10),
    CategorySeed("pkl_liar", "Pedagang kaki lima liar", "Unlicensed street vendors", "store", "#a16207", 5),
    CategorySeed("pelanggaran_aturan", "Pelanggaran aturan", "Rule violation", "scale", "#9f1239", 5),
    CategorySeed("izin_bangunan", "Pelanggaran izin bangunan", "Building permit violation", "house", "#6d28d9", 10),
    CategorySeed("kebakaran", "Kebakaran", "Fire", "flame", "#dc2626", 3),
    CategorySeed("tindak_kriminal", "Tindak kriminal", "Crime", "shield-alert", "#991b1b", 3),
    CategorySeed("pengemis", "Pengemis", "Begging", "hand-helping", "#78716c", 5),
    CategorySeed(
        "dilarang_merokok", "Kawasan dilarang merokok", "Smoke-free zone violation", "cigarette-off", "#57534e", 5
    ),
    CategorySeed("iklan_liar", "Iklan tidak berizin", "Unlicensed advertising", "megaphone", "#be185d", 10),
    CategorySeed("makanan_tidak_higienis", "Makanan tidak higienis", "Unhygienic food", "utensils", "#b91c1c", 5),
    CategorySeed("taman", "Taman tidak terurus", "Neglected park", "trees", "#166534", 5),
    CategorySeed("angkot_ngetem", "Angkot ngetem", "Minibus blocking the road", "bus", "#1d4ed8", 3),
    CategorySeed("transjakarta", "Laporan Transjakarta", "Transjakarta report", "bus-front", "#1e40af", 5),
)


def ensure_categories(session: Session) -> int:
    """Insert the default categories that are missing; returns how many were added."""
    existing = set(session.exec(select(Category.code)).all())
    added = 0
    for order, seed in enumerate(DEFAULT_CATEGORIES):
        if seed.code in existing:
            continue
        session.add(Category(sort_order=order, agency=CITY_WIDE_CATEGORIES.get(seed.code), **seed.__dict__))
        added += 1
    session.flush()
    return added


def active_categories(session: Session) -> list[Category]:
    return list(session.exec(select(Category).where(Category.active).order_by(Category.sort_order)).all())


def category_name(category: Category, lang: str) -> str:
    return category.name_en if lang == "en" else category.name_id
