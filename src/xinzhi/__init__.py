"""xinzhi."""
