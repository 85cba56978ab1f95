"""A new run, face-neutral: the steps the app's wizard and `mcp-tui new --plain` both walk
(steps.py) and the checks both show (checks.py). They return data (rich Text included),
which each face renders; nothing here imports Textual.
"""
