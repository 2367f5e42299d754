"""Reading an item's history: its formulation, the cell spec it implies, process mistakes."""
