"""The layout layer: the map as a graph, placement of what the author left out, labels."""
