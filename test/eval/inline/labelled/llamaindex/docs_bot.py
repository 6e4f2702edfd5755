from llama_index.core import PromptTemplate, VectorStoreIndex
from llama_index.core.llms import ChatMessage, MessageRole
from llama_index.llms.openai import OpenAI

llm = OpenAI(model="gpt-4.1", temperature=0)

REFINE_TMPL = (
    "The original question is: {query_str}\n"
    "We have an existing answer: {existing_answer}\n"
    "Refine the answer with the new context below, only if it is relevant.\n"
    "{context_msg}\n"
    "Refined answer: "
)
refine_prompt = PromptTemplate(REFINE_TMPL)


def build_engine(index: VectorStoreIndex):
    return index.as_query_engine(llm=llm, refine_template=refine_prompt)


def title(text: str) -> str:
    return llm.complete(f"Give this document a title of at most eight words:\n{text}").text


def chat(question: str) -> str:
    response = llm.chat(
        [
            ChatMessage(role=MessageRole.SYSTEM, content="You answer questions about our internal wiki."),
            ChatMessage(role=MessageRole.USER, content=question),
        ]
    )
    return str(response)
