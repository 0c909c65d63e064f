"""Small files the course owns (slide examples); installed as ``coursekit.data``."""
