import os

from google import genai
from google.genai import types

client = genai.Client()
MODEL_ID = os.environ.get("GEMINI_MODEL", "gemini-2.5-pro")


def describe_damage(photo: bytes, claim_id: str, notes: str) -> str:
    response = client.models.generate_content(
        model=MODEL_ID,
        contents=[
            types.Content(
                role="user",
                parts=[
                    types.Part.from_bytes(data=photo, mime_type="image/jpeg"),
                    types.Part(text=f"Claim {claim_id}. Adjuster notes: {notes}"),
                    types.Part(text="Describe the visible damage to the vehicle panel by panel. Do not estimate costs."),
                ],
            )
        ],
        config=types.GenerateContentConfig(
            system_instruction="You are a vehicle damage assessor writing for an insurance file.",
            max_output_tokens=1024,
            temperature=0.2,
        ),
    )
    return response.text


def illustrate(product_name: str) -> list[bytes]:
    result = client.models.generate_images(
        model="imagen-4.0-generate-001",
        prompt=f"Product photo of {product_name} on a wooden table, studio lighting",
        config=types.GenerateImagesConfig(number_of_images=2),
    )
    return [img.image.image_bytes for img in result.generated_images]


def safety_checklist() -> None:
    for chunk in client.models.generate_content_stream(
        model="gemini-2.5-flash",
        contents="List five safety checks to do before a long drive.",
    ):
        print(chunk.text, end="")


def count(text: str) -> int:
    # Token counting sends no prompt for an answer.
    return client.models.count_tokens(model="gemini-2.5-flash", contents=text).total_tokens
