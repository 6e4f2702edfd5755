import os

from langchain_anthropic import ChatAnthropic
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder
from langchain_openai import ChatOpenAI

answer_llm = ChatAnthropic(model="claude-sonnet-4-5", temperature=0)
router_llm = ChatOpenAI(model=os.environ.get("ROUTER_MODEL", "gpt-4.1-mini"))

rag_prompt = ChatPromptTemplate.from_messages(
    [
        ("system", "Answer from the context only. Context:\n{context}"),
        MessagesPlaceholder("history"),
        ("human", "{question}"),
    ]
)
rag_chain = rag_prompt | answer_llm | StrOutputParser()


def route(question: str) -> str:
    return router_llm.invoke(
        [("system", "Answer with one word: docs, billing or smalltalk."), ("human", question)]
    ).content


def warmup() -> None:
    answer_llm.batch(
        [
            "Say hello.",
            "Say goodbye.",
        ]
    )


def stream_smalltalk(message: str):
    for chunk in answer_llm.stream(f"Reply casually in one sentence: {message}"):
        yield chunk.content


def log_question(question: str) -> None:
    print(f"[rag] question received ({len(question)} chars); prompt template v3")
