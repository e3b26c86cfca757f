"""Analysis: language, brand mentions and signals (recommendation, deviant use, promotion, sentiment)."""

NAME = "portevoix.nlp"
VERSION = "0.2.0"
