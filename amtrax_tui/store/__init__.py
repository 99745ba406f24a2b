"""Storage and use cases. Never imports Textual."""
