"""ZUS's side for development, demos and tests: a real HTTP server on 127.0.0.1.

Services (the submission gateway, the e-visit booking service, notifications) plug into one
server (``server.SandboxServer``); each keeps its own state under the server's state directory.
"""
