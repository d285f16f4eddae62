"""User-facing wiring: the command line, the Gradio app and the JSON API."""
