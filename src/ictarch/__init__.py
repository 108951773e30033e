"""ictarch: smart-city ICT architecture as code."""

__version__ = "0.1.0"
