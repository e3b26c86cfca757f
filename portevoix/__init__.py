"""Porte-voix: social listening and influencer discovery."""

__version__ = "0.1.0"
