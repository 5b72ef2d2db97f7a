"""HTTP endpoints served beside the Reflex app (same port): map frames, photos, later Open311."""
