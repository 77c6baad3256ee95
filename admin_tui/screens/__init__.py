"""Console screens: each reads and changes the box only through service functions."""
