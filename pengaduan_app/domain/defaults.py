"""The categories, extra questions and response templates a new database starts with (seeded by migration 0017).

These were code constants until admins could edit them in the browser; from then on the database rows are
the truth, and this module only seeds a new (or emptied) database. Plain data, no models: the migration
imports it.
"""

from __future__ import annotations

from dataclasses import dataclass

NUMBER = "number"
SINGLE_VALUE_LIST = "singlevaluelist"


@dataclass(frozen=True)
class CategorySeed:
    code: str
    name_id: str
    name_en: str
    icon: str
    color: str
    sla_days: int
    agency: str | None = None  # city-wide: the report goes straight to this dinas, not to the kelurahan


@dataclass(frozen=True)
class QuestionSeed:
    category: str
    code: str
    datatype: str
    label_id: str
    label_en: str
    description_en: str
    hint_en: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[tuple[str, str, str], ...] = ()  # (key, name_id, name_en)


@dataclass(frozen=True)
class TemplateSeed:
    code: str
    title_id: str
    title_en: str
    text_id: str
    text_en: str


DEFAULT_CATEGORIES: tuple[CategorySeed, ...] = (
    CategorySeed("jalan_rusak", "Jalan rusak", "Damaged road", "construction", "#b45309", 5),
    CategorySeed("banjir", "Banjir", "Flooding", "waves", "#0369a1", 3),
    CategorySeed("sampah", "Sampah", "Rubbish", "trash-2", "#4d7c0f", 3),
    CategorySeed("saluran_tersumbat", "Saluran air tersumbat", "Blocked drain", "droplets", "#0e7490", 3),
    CategorySeed("parkir_liar", "Parkir liar", "Illegal parking", "car", "#7c3aed", 3),
    CategorySeed("kemacetan", "Kemacetan", "Traffic jam", "traffic-cone", "#c2410c", 3, "perhubungan"),
    CategorySeed("lampu_jalan", "Lampu jalan rusak", "Broken street light", "lamp", "#ca8a04", 5),
    CategorySeed("pohon_tumbang", "Pohon tumbang", "Fallen tree", "tree-pine", "#15803d", 3),
    CategorySeed("fasilitas_umum", "Fasilitas umum", "Public facilities", "building-2", "#475569", 10),
    CategorySeed("pkl_liar", "Pedagang kaki lima liar", "Unlicensed street vendors", "store", "#a16207", 5),
    CategorySeed("pelanggaran_aturan", "Pelanggaran aturan", "Rule violation", "scale", "#9f1239", 5),
    CategorySeed("izin_bangunan", "Pelanggaran izin bangunan", "Building permit violation", "house", "#6d28d9", 10),
    CategorySeed("kebakaran", "Kebakaran", "Fire", "flame", "#dc2626", 3, "damkar"),
    CategorySeed("tindak_kriminal", "Tindak kriminal", "Crime", "shield-alert", "#991b1b", 3),
    CategorySeed("pengemis", "Pengemis", "Begging", "hand-helping", "#78716c", 5),
    CategorySeed(
        "dilarang_merokok", "Kawasan dilarang merokok", "Smoke-free zone violation", "cigarette-off", "#57534e", 5
    ),
    CategorySeed("iklan_liar", "Iklan tidak berizin", "Unlicensed advertising", "megaphone", "#be185d", 10),
    CategorySeed("makanan_tidak_higienis", "Makanan tidak higienis", "Unhygienic food", "utensils", "#b91c1c", 5),
    CategorySeed("taman", "Taman tidak terurus", "Neglected park", "trees", "#166534", 5),
    CategorySeed("angkot_ngetem", "Angkot ngetem", "Minibus blocking the road", "bus", "#1d4ed8", 3, "perhubungan"),
    CategorySeed(
        "transjakarta", "Laporan Transjakarta", "Transjakarta report", "bus-front", "#1e40af", 5, "perhubungan"
    ),
)

# Only where the answer changes what officers do: how deep a flood is decides whether boats are needed;
# whether a damaged road still lets traffic through decides how fast it is closed off.
DEFAULT_QUESTIONS: tuple[QuestionSeed, ...] = (
    QuestionSeed(
        "banjir",
        "water_depth",
        NUMBER,
        "Kedalaman air (cm)",
        "Water depth (cm)",
        "Water depth at the deepest point, in centimetres",
        "A number of centimetres from 0 to 500, e.g. 40",
        minimum=0,
        maximum=500,
    ),
    QuestionSeed(
        "jalan_rusak",
        "lane_blocked",
        SINGLE_VALUE_LIST,
        "Jalan masih bisa dilalui?",
        "Can traffic still pass?",
        "Can traffic still pass the damage?",
        choices=(
            ("none", "Semua lajur terbuka", "All lanes open"),
            ("partly", "Sebagian lajur tertutup", "Some lanes blocked"),
            ("fully", "Jalan tertutup total", "Road fully blocked"),
        ),
    ),
)

DEFAULT_TEMPLATES: tuple[TemplateSeed, ...] = (
    TemplateSeed(
        "received",
        "Laporan diterima",
        "Report received",
        "Terima kasih, laporan Anda sudah kami terima dan akan segera kami periksa.",
        "Thank you, we have received your report and will check it soon.",
    ),
    TemplateSeed(
        "checking",
        "Sedang dicek ke lokasi",
        "Checking on site",
        "Petugas kami sedang menuju lokasi untuk memeriksa laporan ini.",
        "Our officers are on their way to check this report on site.",
    ),
    TemplateSeed(
        "scheduled",
        "Dijadwalkan",
        "Scheduled",
        "Perbaikan sudah dijadwalkan. Kami akan mengabarkan perkembangannya di sini.",
        "The repair is scheduled. We will post progress here.",
    ),
    TemplateSeed(
        "handed_over",
        "Diteruskan",
        "Handed over",
        "Laporan ini kami teruskan ke unit yang berwenang agar ditangani lebih cepat.",
        "We have passed this report to the responsible unit so it is handled faster.",
    ),
    TemplateSeed(
        "resolved",
        "Sudah ditangani",
        "Resolved",
        "Masalah sudah ditangani. Silakan lihat foto sesudah sebagai bukti.",
        "The problem has been fixed. See the after photo as proof.",
    ),
    TemplateSeed(
        "out_of_scope",
        "Di luar kewenangan",
        "Out of scope",
        "Mohon maaf, laporan ini di luar kewenangan pemerintah provinsi.",
        "Sorry, this report is outside the provincial government's responsibility.",
    ),
    TemplateSeed(
        "need_info",
        "Perlu informasi",
        "Need information",
        "Mohon lengkapi lokasi atau foto agar petugas dapat menindaklanjuti.",
        "Please add the location or a photo so our officers can follow up.",
    ),
)
