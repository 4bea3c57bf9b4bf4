"""Cases as the desk sees them: recording and correcting, the list, one case, the dashboard."""
