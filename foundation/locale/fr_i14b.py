"""French for the API's point-in-time reads, expansions and the public history (issue 14)."""

FR = {
    "Unknown expansion(s): %(unknown)s. Choose among: %(available)s.": (
        "Expansion(s) inconnue(s) : %(unknown)s. Choisissez parmi : %(available)s."
    ),
    "(none)": "(aucune)",
}
