import logging
import os

from langchain.agents import create_agent
from langchain_anthropic import ChatAnthropic
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_core.prompts import PromptTemplate
from langchain_core.tools import tool
from langchain_openai import ChatOpenAI
from langgraph.prebuilt import create_react_agent

log = logging.getLogger(__name__)

llm = ChatOpenAI(model=os.environ.get("GRADER_MODEL", "gpt-4.1"), temperature=0)
claude = ChatAnthropic(model="claude-3-7-sonnet-latest", max_tokens=2048)

GRADE_TEMPLATE = """You are grading a student's answer.

Question: {question}
Reference answer: {reference}
Student answer: {answer}

Give a score from 0 to 5 and one sentence of feedback."""

grade_prompt = PromptTemplate.from_template(GRADE_TEMPLATE)
grade_chain = grade_prompt | llm


@tool
def lookup_syllabus(topic: str) -> str:
    """Return the syllabus section for a topic."""
    return SYLLABUS.get(topic, "No syllabus entry for this topic.")


@tool
def run_tests(submission_id: str) -> str:
    """Run the unit tests of a submission and return the report."""
    return RUNNER.run(submission_id)


def hint(question: str) -> str:
    return claude.invoke(f"Give a one-sentence hint for this exercise without revealing the answer: {question}").content


tutor = create_react_agent(
    claude,
    tools=[lookup_syllabus],
    prompt="You are a patient maths tutor. Use the syllabus tool to stay on topic.",
)

reviewer = create_agent(
    model="openai:gpt-5",
    tools=[run_tests],
    system_prompt="You review student code submissions. Run the tests before commenting on correctness.",
)


def encourage(feedback: str) -> str:
    reply = llm.invoke(
        [
            SystemMessage(content="Rewrite the feedback so that it is encouraging but still honest."),
            HumanMessage(content=feedback),
        ]
    )
    log.info("rewrote feedback (%d chars)", len(feedback))
    return reply.content


def grade(question: str, reference: str, answer: str) -> str:
    if not answer.strip():
        raise ValueError("The student answer is empty; nothing to grade.")
    return grade_chain.invoke({"question": question, "reference": reference, "answer": answer}).content
