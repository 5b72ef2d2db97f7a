"""Demo data for trying the app: reports with photos and timelines, and demo officers; never used in production."""
