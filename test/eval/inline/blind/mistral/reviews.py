import os

from mistralai import Mistral

client = Mistral(api_key=os.environ["MISTRAL_API_KEY"])
MODEL = "mistral-large-latest"


def classify(review: str) -> str:
    res = client.chat.complete(
        model=MODEL,
        messages=[
            {"role": "system", "content": "Classify the product review as positive, negative or mixed. One word."},
            {"role": "user", "content": review},
        ],
        max_tokens=3,
    )
    return res.choices[0].message.content


def bedtime_story(theme: str):
    stream = client.chat.stream(
        model=os.getenv("MISTRAL_MODEL", "mistral-medium-latest"),
        messages=[{"role": "user", "content": f"Write a 100-word bedtime story about {theme}."}],
    )
    for event in stream:
        print(event.data.choices[0].delta.content or "", end="")


def embed(texts: list[str]):
    # Embeddings are not prompts.
    return client.embeddings.create(model="mistral-embed", inputs=texts)
