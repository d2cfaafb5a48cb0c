"""What several domains share, in one home: GB/T 2260 regions, explained results, charts,
Word/Excel writers, permissions, CLI and web helpers. Imports core only, never a domain."""
