"""Pages of the business map: lists, details, forms, traces and the world map."""
