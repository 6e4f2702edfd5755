import cohere

co = cohere.ClientV2()
co_v1 = cohere.Client()


def answer(question: str, docs: list[dict]) -> str:
    ranked = co.rerank(model="rerank-v3.5", query=question, documents=[d["text"] for d in docs], top_n=5)
    top = [docs[r.index] for r in ranked.results]
    res = co.chat(
        model="command-a-03-2025",
        messages=[
            {"role": "system", "content": "Answer using only the provided documents and cite them by title."},
            {"role": "user", "content": question},
        ],
        documents=top,
        max_tokens=500,
    )
    return res.message.content[0].text


def recommend(title: str) -> str:
    res = co_v1.chat(
        model="command-r-plus",
        preamble="You are a friendly librarian.",
        message=f"Recommend one book similar to {title} and say why in one sentence.",
    )
    return res.text


def index_faq(entries: list[str]):
    # Embedding a fixed FAQ: these strings are documents, not prompts.
    return co.embed(
        texts=["Which plan includes SSO?", "How do I reset my password?"] + entries,
        model="embed-v4.0",
        input_type="search_document",
        embedding_types=["float"],
    )
