"""The dashboard: workload and history as clickable bar charts."""
