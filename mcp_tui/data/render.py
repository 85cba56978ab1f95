"""What the model reads: a call format's chat turns as prompt text, through the tokenizer.

A call format (tools/) writes a conversation as chat messages; this module turns them into
text. Turns become text through the tokenizer's own chat template. A tokenizer without one
gets FALLBACK_TEMPLATE, a ChatML layout that ends assistant turns with the tokenizer's
end-of-sequence token so generation stops there. A `mistral_common` tokenizer (Tekken,
for Devstral) is never driven through a text template: its turns go to mistral_common
as a chat request (see `mistral_request`), as Mistral recommends.
"""

from __future__ import annotations

from typing import Any

from mcp_tui.data.conversation import Conversation
from mcp_tui.tools.call_types import CallFormat, Chat

# ChatML with the end-of-sequence token closing assistant turns (see the module docstring).
FALLBACK_TEMPLATE = (
    "{% for message in messages %}"
    "<|im_start|>{{ message['role'] }}\n{{ message['content'] }}"
    "{% if message['role'] == 'assistant' %}{{ eos_token }}{% else %}<|im_end|>{% endif %}\n"
    "{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def has_chat_template(tokenizer: Any) -> bool:
    return bool(getattr(tokenizer, "chat_template", None))


def render_chat(tokenizer: Any, messages: list[dict[str, Any]], *, add_generation_prompt: bool,
                tools: list[dict[str, Any]] | None = None) -> str:
    """Chat messages (and tools, for a native template) as text through the tokenizer's
    template (or FALLBACK_TEMPLATE)."""
    template = None if has_chat_template(tokenizer) else FALLBACK_TEMPLATE
    kwargs: dict[str, Any] = {}
    if template is not None and getattr(tokenizer, "eos_token", None) is None:
        kwargs["eos_token"] = "<|im_end|>"
    if tools is not None:
        kwargs["tools"] = tools
    return tokenizer.apply_chat_template(
        messages,
        chat_template=template,
        tokenize=False,
        add_generation_prompt=add_generation_prompt,
        **kwargs,
    )


def as_mistral(tokenizer: Any) -> Any | None:
    """The mistral_common tokenizer behind `tokenizer` (itself, or the one inside
    transformers' MistralCommonBackend), or None for any other tokenizer."""
    try:
        from mistral_common.tokens.tokenizers.mistral import MistralTokenizer
    except ImportError:  # pragma: no cover - mistral_common is a dependency
        return None
    if isinstance(tokenizer, MistralTokenizer):
        return tokenizer
    inner = getattr(tokenizer, "tokenizer", None)
    return inner if isinstance(inner, MistralTokenizer) else None


def mistral_request(chat: Chat, mistral: Any) -> Any:
    """A chat (as a call format makes it) as the InstructRequest this mistral_common
    tokenizer builds from a chat request: its own normalizer decides where the system
    prompt and the tool list go ([SYSTEM_PROMPT] first from v7, the last user turn
    before; [AVAILABLE_TOOLS] at the first user turn from v13, the last before), exactly
    as when the model is served. Before v11 an assistant turn holds text or calls, not
    both: a turn with both keeps its calls (the text is what such a model cannot say)."""
    from mistral_common.protocol.instruct.messages import AssistantMessage, SystemMessage, ToolMessage, UserMessage
    from mistral_common.protocol.instruct.request import ChatCompletionRequest
    from mistral_common.protocol.instruct.tool_calls import Function, FunctionCall, Tool as MistralTool
    from mistral_common.protocol.instruct.tool_calls import ToolCall as MistralCall
    from mistral_common.tokens.tokenizers.base import TokenizerVersion

    text_with_calls = mistral.instruct_tokenizer.tokenizer.version >= TokenizerVersion.v11

    def message(m: dict[str, Any]) -> Any:
        if m["role"] == "assistant":
            calls = [MistralCall(id=c["id"], function=FunctionCall(name=c["function"]["name"],
                                                                   arguments=c["function"]["arguments"]))
                     for c in m.get("tool_calls") or []]
            content = m["content"] if m["content"] and (text_with_calls or not calls) else None
            return AssistantMessage(content=content, tool_calls=calls or None)
        if m["role"] == "tool":
            return ToolMessage(content=m["content"], tool_call_id=m["tool_call_id"], name=m.get("name"))
        return {"system": SystemMessage, "user": UserMessage}[m["role"]](content=m["content"])

    tools = [MistralTool(function=Function(**t["function"])) for t in chat.tools or []]
    request = ChatCompletionRequest(messages=[message(m) for m in chat.messages], tools=tools or None)
    return mistral._instruct_request_normalizer.from_chat_completion_request(request)


def prompt_text(conv: Conversation, tokenizer: Any, fmt: CallFormat) -> str:
    """The text a model continues at eval time: every turn before the final answer,
    then the template's generation prompt. Tokenize it with `add_special_tokens=False`
    (it already holds them), or better use `tokenize.prompt_ids`, which is exact for
    mistral_common tokenizers too."""
    chat = fmt.chat(conv, include_gold=False)
    mistral = as_mistral(tokenizer)
    if mistral is not None:
        from mistral_common.tokens.tokenizers.base import SpecialTokenPolicy

        tokens = mistral.instruct_tokenizer.encode_instruct(mistral_request(chat, mistral)).tokens
        return mistral.instruct_tokenizer.decode(tokens, special_token_policy=SpecialTokenPolicy.KEEP)
    return render_chat(tokenizer, chat.messages, tools=chat.tools, add_generation_prompt=True)
