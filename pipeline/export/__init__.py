"""Export stage: typed tables into an immutable, documented, versioned dataset folder."""
