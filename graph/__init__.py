"""Graph and rankings: who champions each brand, why, and the shortlists brand teams export."""

NAME = "portevoix.graph"
VERSION = "0.1.0"
