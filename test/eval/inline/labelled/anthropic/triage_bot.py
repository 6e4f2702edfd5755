import os

from anthropic import Anthropic

client = Anthropic()
MODEL = os.getenv("ANTHROPIC_MODEL", "claude-sonnet-4-5")

RUNBOOK = open("runbook.md", encoding="utf-8").read()

TRIAGE_SYSTEM = """You are the first responder for production alerts.
Decide severity (SEV1-SEV4), the owning team, and the first three checks to run."""


def triage(alert: str) -> str:
    msg = client.messages.create(
        model=MODEL,
        max_tokens=800,
        system=[
            {"type": "text", "text": TRIAGE_SYSTEM},
            {"type": "text", "text": RUNBOOK, "cache_control": {"type": "ephemeral", "ttl": "1h"}},
        ],
        messages=[
            {"role": "user", "content": f"<alert>\n{alert}\n</alert>"},
        ],
    )
    return msg.content[0].text


def haiku_status(summary: str) -> str:
    msg = client.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=120,
        messages=[
            {"role": "user", "content": "Rewrite this as a one-line public status update:"},
            {"role": "assistant", "content": "Status:"},
            {"role": "user", "content": summary},
        ],
    )
    return msg.content[0].text


def page(team: str) -> None:
    print(f"Paging {team}; the triage prompt decided this team owns the alert")
