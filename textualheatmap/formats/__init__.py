"""Output formats: each writer takes a Scene and a binary stream (writers.py has the table
from file extension to writer, and ``save``); the animated GIF has a folder of its own."""
