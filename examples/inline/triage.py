"""Ticket triage with the OpenAI and Anthropic Python SDKs: open it to see inline prompt counts."""
import textwrap

from anthropic import Anthropic
from openai import OpenAI

openai_client = OpenAI()
anthropic_client = Anthropic()

TRIAGE_PROMPT = textwrap.dedent(
    """\
    Classify the support ticket into exactly one queue: billing, bug, account or feature.
    Then rate its urgency from 1 (can wait) to 4 (service down).
    Reply as JSON: {"queue": ..., "urgency": ...}
    """
)


def triage(subject: str, body: str) -> str:
    response = openai_client.chat.completions.create(
        model="gpt-4o-mini",
        max_tokens=50,
        messages=[
            {"role": "system", "content": TRIAGE_PROMPT},
            {"role": "user", "content": f"Subject: {subject}\n\n{body}"},
        ],
    )
    return response.choices[0].message.content


def draft_apology(customer: str, issue: str) -> str:
    message = anthropic_client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=300,
        system="You write short, sincere apologies on behalf of Acme Cloud Storage.",
        messages=[{"role": "user", "content": f"Apologise to {customer} for: {issue}"}],
    )
    return message.content[0].text
