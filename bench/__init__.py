"""Benchmarks: scripts that measure the app against its floor and print the figures."""
