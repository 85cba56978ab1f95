"""Agent runs: a model works a multi-step task through real MCP servers (started over
stdio), step by step, until it answers without a call or its step budget ends.

servers.py starts the servers and calls their tools; loop.py is the loop; transcript.py
records every step; workspace.py seeds and diffs the sandbox; checks.py scores the final
state by code; tasks.py reads the agentic task files; scripted.py replays a known
solution (the training trajectories and the tests' fake model); playground.py runs one
free task for `mcp-tui agent` and the playground screen.
"""
