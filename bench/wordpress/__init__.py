"""The WordPress 6.1 peer that Colloquy's speed targets compare with (README.md)."""
