"""The Textual terminal app. Talks to the database only through amtrax_tui.store's use cases."""
