import json
import os
import sys

from openai import AzureOpenAI, OpenAI

client = OpenAI()
azure = AzureOpenAI(api_version="2024-10-21")
JUDGE_MODEL = os.environ.get("JUDGE_MODEL", "o3")

JUDGE_PROMPT_TEMPLATE = """Compare the candidate answer with the reference answer.

Question: {question}
Reference: {reference}
Candidate: {candidate}

Reply with JSON: {{"correct": true|false, "reason": "<one sentence>"}}"""


def judge(question, reference, candidate):
    prompt = JUDGE_PROMPT_TEMPLATE.format(question=question, reference=reference, candidate=candidate)
    response = client.responses.create(model=JUDGE_MODEL, input=prompt)
    return json.loads(response.output_text)


def candidate_answer(question):
    completion = azure.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": "Answer the trivia question with a short phrase."},
            {"role": "user", "content": question},
        ],
        max_tokens=30,
    )
    return completion.choices[0].message.content


def main(path):
    with open(path, encoding="utf-8") as fh:
        cases = [json.loads(line) for line in fh]
    correct = 0
    for case in cases:
        verdict = judge(case["question"], case["answer"], candidate_answer(case["question"]))
        correct += verdict["correct"]
    print(f"accuracy: {correct}/{len(cases)} — see judge prompt in eval_runner.py")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: eval_runner.py CASES.jsonl")
    main(sys.argv[1])
