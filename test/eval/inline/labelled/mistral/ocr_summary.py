import os

from mistralai import Mistral

mistral = Mistral(api_key=os.getenv("MISTRAL_API_KEY", ""))
SUMMARY_MODEL = os.getenv("SUMMARY_MODEL", "mistral-small-latest")

SUMMARY_PROMPT = """Summarise the scanned letter in three bullet points:
who sent it, what they want, and the deadline if any."""


def summarise_letter(text: str) -> str:
    res = mistral.chat.complete(
        model=SUMMARY_MODEL,
        messages=[
            {"role": "system", "content": SUMMARY_PROMPT},
            {"role": "user", "content": text},
        ],
        temperature=0.1,
    )
    return res.choices[0].message.content


def translate(text: str, language: str) -> str:
    res = mistral.chat.complete(
        model="mistral-large-latest",
        messages=[{"role": "user", "content": f"Translate into {language}, keep names unchanged:\n\n{text}"}],
        max_tokens=2000,
    )
    return res.choices[0].message.content
