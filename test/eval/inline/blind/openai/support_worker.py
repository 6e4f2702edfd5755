"""Nightly worker: drafts replies for open support tickets and posts them to the helpdesk."""
import logging
import os
import sqlite3

from openai import OpenAI

log = logging.getLogger(__name__)
client = OpenAI()

DRAFT_MODEL = os.environ.get("DRAFT_MODEL", "gpt-4.1")
TRIAGE_MODEL = "gpt-4.1-mini"

DIGEST_PROMPT_TEMPLATE = """You are the support lead at {company}.
Write a digest of today's open tickets for the morning stand-up.
Group them by product area and list the ticket ids under each group.

Tickets:
{tickets}
"""

REPLY_SYSTEM_PROMPT = (
    "You draft replies to customer support tickets. Be concise and friendly, "
    "never promise refunds, and end with the agent's first name."
)


def load_open_tickets(db_path):
    conn = sqlite3.connect(db_path)
    rows = conn.execute(
        "SELECT id, subject, body FROM tickets WHERE status = 'open' ORDER BY created_at"
    ).fetchall()
    log.info("Loaded %d open tickets for the prompt", len(rows))
    return rows


def draft_reply(ticket_id, subject, body, agent_name):
    response = client.chat.completions.create(
        model=DRAFT_MODEL,
        max_tokens=400,
        messages=[
            {"role": "system", "content": REPLY_SYSTEM_PROMPT},
            {"role": "user", "content": f"Ticket #{ticket_id}: {subject}\n\n{body}\n\nAgent: {agent_name}"},
        ],
    )
    return response.choices[0].message.content


def triage(subject):
    response = client.responses.create(
        model=TRIAGE_MODEL,
        instructions="Classify the ticket subject as billing, bug, account or other. Answer with one word.",
        input=subject,
        max_output_tokens=5,
    )
    return response.output_text.strip()


def morning_digest(company, rows):
    prompt = DIGEST_PROMPT_TEMPLATE.format(
        company=company,
        tickets="\n".join(f"#{r[0]} {r[1]}" for r in rows),
    )
    completion = client.chat.completions.create(
        model=os.getenv("DIGEST_MODEL", "gpt-4o"),
        messages=[{"role": "user", "content": prompt}],
    )
    return completion.choices[0].message.content


def main():
    rows = load_open_tickets(os.environ["HELPDESK_DB"])
    if not rows:
        print("No open tickets; nothing to draft. Run with --all to include pending tickets.")
        return
    for ticket_id, subject, body in rows:
        queue = triage(subject)
        log.debug("ticket %s routed to %s", ticket_id, queue)
        draft = draft_reply(ticket_id, subject, body, agent_name="Sam")
        log.info("drafted %d characters for ticket %s", len(draft or ""), ticket_id)
    print(morning_digest("Acme", rows))


if __name__ == "__main__":
    main()
