import logging
import os

import anthropic
import requests
from anthropic.types import MessageParam

logger = logging.getLogger("claims")
client = anthropic.Anthropic()
CLAIMS_MODEL = os.environ.get("CLAIMS_MODEL", "claude-opus-4-1")

with open("policy_wording.md", encoding="utf-8") as fh:
    POLICY_TEXT = fh.read()

CLAIM_SYSTEM_PROMPT = """You assess home-insurance claims against the policy wording.
State whether the claim is covered, partly covered or not covered, and quote the clause you rely on."""

ESCALATION_PROMPT = "Summarise why this claim needs a human adjuster, in two sentences, for the escalation queue."

ERROR_MESSAGES = {
    "too_long": "Your claim description is too long. Please shorten it to 5,000 characters.",
    "empty": "Please describe what happened before submitting the claim.",
}


def assess(claim: str) -> str:
    message = client.messages.create(
        model=CLAIMS_MODEL,
        max_tokens=1500,
        system=[
            {"type": "text", "text": CLAIM_SYSTEM_PROMPT},
            {"type": "text", "text": POLICY_TEXT, "cache_control": {"type": "ephemeral"}},
        ],
        messages=[{"role": "user", "content": claim}],
    )
    return message.content[0].text


def follow_up_questions(claim: str, history: list[MessageParam]) -> str:
    with client.messages.stream(
        model="claude-3-5-haiku-latest",
        max_tokens=300,
        system="Ask the claimant at most three short questions that would settle the claim.",
        messages=[*history, {"role": "user", "content": f"Claim so far:\n{claim}"}],
    ) as stream:
        return "".join(stream.text_stream)


def escalate(claim: str) -> None:
    # The escalation service runs its own model behind an internal HTTP API.
    response = requests.post(
        "https://escalations.internal/api/v1/summaries",
        json={"prompt": ESCALATION_PROMPT + "\n\n" + claim},
        timeout=10,
    )
    if response.status_code != 200:
        logger.warning("escalation failed with %s for claim of %d chars", response.status_code, len(claim))


def validate(claim: str) -> None:
    if not claim.strip():
        raise ValueError(ERROR_MESSAGES["empty"])
    if len(claim) > 5000:
        raise ValueError(ERROR_MESSAGES["too_long"])
