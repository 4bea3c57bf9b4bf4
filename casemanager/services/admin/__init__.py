"""The shop itself: settings and profile, policy packs, integrity checks, start-up, the log."""
