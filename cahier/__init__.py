"""cahier: the living catalogue of territorial employment-inclusion initiatives."""
