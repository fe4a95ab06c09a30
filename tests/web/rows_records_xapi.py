"""Role x URL rows for records: xapi."""

from __future__ import annotations

from tests.web.matrix import NONE, Row, everyone

ROWS: list[Row] = []

# Documents: the LRS ignores web sessions, so without LRS credentials everyone gets 401.
ROWS += [
    Row("xapi:state", NONE, everyone(401, anonymous=401)),
    Row("xapi:activity-profile", NONE, everyone(401, anonymous=401)),
    Row("xapi:agent-profile", NONE, everyone(401, anonymous=401)),
]

# Statements, About, Activities, Agents: credentials are checked before anything else, so a
# web session (or nothing) gets 401; About is open to anyone.
ROWS += [
    Row("xapi:statements", NONE, everyone(401, anonymous=401)),
    Row("xapi:about", NONE, everyone(200, anonymous=200)),
    Row("xapi:activities", NONE, everyone(401, anonymous=401)),
    Row("xapi:agents", NONE, everyone(401, anonymous=401)),
]
