"""Measurements of amtrax_tui: startup, memory, scale, latency, concurrency."""
