"""pushguard: stop leaked credentials at the git server and clean up what gets through."""

__version__ = "0.1.0"
