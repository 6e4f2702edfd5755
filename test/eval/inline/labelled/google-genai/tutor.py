import os

from google import genai
from google.genai import types

client = genai.Client(vertexai=True, project=os.environ["GCP_PROJECT"], location="europe-west4")

TUTOR_SYSTEM_PROMPT = "You are a Socratic maths tutor. Ask one guiding question at a time; never give the final answer."


def tutor_turn(history: list[types.Content], student_message: str) -> str:
    response = client.models.generate_content(
        model="gemini-2.5-pro",
        contents=[
            *history,
            types.Content(role="user", parts=[types.Part(text=student_message)]),
        ],
        config=types.GenerateContentConfig(system_instruction=TUTOR_SYSTEM_PROMPT, max_output_tokens=256),
    )
    return response.text


def worksheet(topic: str, level: str) -> str:
    response = client.models.generate_content(
        model=os.environ.get("WORKSHEET_MODEL", "gemini-2.5-flash"),
        contents=[
            types.Content(
                role="user",
                parts=[types.Part(text=f"Create five practice problems on {topic} for {level} students, with answers at the end.")],
            )
        ],
    )
    return response.text


def sanity_check() -> None:
    print("Vertex AI client ready; region europe-west4")
