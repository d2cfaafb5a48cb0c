"""Catalog: organisations, people, achievements, demands, patents, policies and their links."""
