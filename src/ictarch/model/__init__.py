"""The architecture model, its loader and its structure checks."""
