"""Latih: static e-learning and self-assessment sites from YAML lessons and scenario quizzes."""

__version__ = "0.1.0"
FORMAT_VERSION = 1
