import os

import cohere

co = cohere.ClientV2(api_key=os.environ["COHERE_API_KEY"])
MODEL = os.environ.get("COHERE_MODEL", "command-a-03-2025")


def topic(text: str) -> str:
    res = co.chat(
        model=MODEL,
        messages=[
            {"role": "system", "content": "Classify the text as sport, politics, tech or other. One word."},
            {"role": "user", "content": text},
        ],
        temperature=0,
    )
    return res.message.content[0].text


def stream_summary(text: str):
    for event in co.chat_stream(
        model="command-r-plus-08-2024",
        messages=[{"role": "user", "content": f"Summarise in two sentences:\n{text}"}],
        max_tokens=120,
    ):
        if event.type == "content-delta":
            yield event.delta.message.content.text
