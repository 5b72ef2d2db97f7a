"""The rules of Pengaduan, in plain Python (no Reflex): pages, API and CLI share them."""
