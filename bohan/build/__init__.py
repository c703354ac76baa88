"""Build stage: the plan's figures, sample data and imports, made into tables for DuckDB."""
