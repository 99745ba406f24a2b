"""amtrax_tui: record AMT CCP points from the terminal."""

__version__ = "0.1.0"
