from llama_index.core import PromptTemplate, Settings, SimpleDirectoryReader, VectorStoreIndex
from llama_index.core.llms import ChatMessage
from llama_index.llms.anthropic import Anthropic
from llama_index.llms.openai import OpenAI

Settings.llm = OpenAI(model="gpt-4o", temperature=0.1)
claude = Anthropic(model="claude-sonnet-4-5")

QA_PROMPT_TMPL = (
    "Context information is below.\n"
    "---------------------\n"
    "{context_str}\n"
    "---------------------\n"
    "Given the context information and not prior knowledge, answer the query in the style of a careful legal clerk.\n"
    "Query: {query_str}\n"
    "Answer: "
)
qa_prompt = PromptTemplate(QA_PROMPT_TMPL)

documents = SimpleDirectoryReader("./contracts").load_data()
index = VectorStoreIndex.from_documents(documents)
query_engine = index.as_query_engine(text_qa_template=qa_prompt, similarity_top_k=4)


def ask(question: str) -> str:
    print(f"Querying {len(documents)} contracts for: {question}")
    return str(query_engine.query(question))


def summarize_clause(clause: str) -> str:
    response = claude.complete(f"Summarise this contract clause in one plain-English sentence:\n\n{clause}")
    return response.text


def old_fashioned(question: str):
    messages = [
        ChatMessage(role="system", content="You answer like a 19th-century country solicitor, briefly."),
        ChatMessage(role="user", content=question),
    ]
    return claude.chat(messages)
