"""Recipes: a cell spec plus guided steps, loaded from YAML and driven through the reducer."""
