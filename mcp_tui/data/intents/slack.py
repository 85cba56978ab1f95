"""What users ask of the slack server, and how its calls fail."""

from __future__ import annotations

from random import Random

from mcp_tui.data.conversation import ToolCall
from mcp_tui.data.phrasings import (
    REACTIONS, SLACK_CHANNELS, SLACK_MESSAGES, SLACK_TS, SLACK_USERS, Draft, Recovery, intent, pick,
)  # fmt: skip


def _slack_fail(rng: Random, d: Draft) -> Recovery:
    if rng.random() < 0.6:
        return Recovery(
            error="Slack API error: channel_not_found",
            text="Slack doesn't recognize that channel ID. I'll list the channels to find the right one.",
            call=ToolCall("slack", "slack_list_channels", {}),
        )
    return Recovery(
        error="Slack API error: not_in_channel",
        text="The Slack bot isn't a member of that channel, so it can't post there. Invite the app to the channel "
        "(`/invite @your-bot`) and I'll send the message.",
    )


@intent("slack", "slack_post_message", (
    "post \"{text}\" in {chan} ({cid})", "send \"{text}\" to the {chan} channel, id {cid}",
    "message {chan} (channel {cid}): \"{text}\"", "announce \"{text}\" in Slack channel {cid} ({chan})",
), ("Let {chan} know: \"{text}\" (channel ID {cid}).",), recover=_slack_fail)  # fmt: skip
def post(rng: Random) -> Draft:
    (chan, cid), text = pick(rng, SLACK_CHANNELS), pick(rng, SLACK_MESSAGES)
    return Draft({"channel_id": cid, "text": text}, {"chan": chan, "cid": cid, "text": text})


@intent("slack", "slack_reply_to_thread", (
    "reply \"{text}\" in the thread {ts} in {chan} ({cid})", "answer the thread at {ts} in channel {cid} with \"{text}\"",
    "respond in {chan}'s thread {ts} (channel {cid}): \"{text}\"",
), ("In {chan} ({cid}), under the message {ts}, reply: \"{text}\"",))  # fmt: skip
def reply(rng: Random) -> Draft:
    (chan, cid), text, ts = pick(rng, SLACK_CHANNELS), pick(rng, SLACK_MESSAGES), pick(rng, SLACK_TS)
    return Draft({"channel_id": cid, "thread_ts": ts, "text": text}, {"chan": chan, "cid": cid, "text": text, "ts": ts})


@intent("slack", "slack_add_reaction", (
    "react with {emoji} to message {ts} in {cid}", "add a {emoji} reaction to the message at {ts} in {chan} ({cid})",
    "put {emoji} on message {ts} in channel {cid}",
), ("Give the message {ts} in {chan} ({cid}) a {emoji}.",))  # fmt: skip
def react(rng: Random) -> Draft:
    (chan, cid), ts, (emoji, name) = pick(rng, SLACK_CHANNELS), pick(rng, SLACK_TS), pick(rng, REACTIONS)
    return Draft({"channel_id": cid, "timestamp": ts, "reaction": name}, {"chan": chan, "cid": cid, "ts": ts, "emoji": emoji})


@intent("slack", "slack_get_channel_history", (
    "show the last {n} messages in {chan} ({cid})", "get recent history of channel {cid}, {n} messages",
    "read the latest {n} posts in {chan} (id {cid})", "catch me up on {chan} ({cid}), last {n} messages",
), ("What were the last {n} messages in {chan} ({cid})?",))  # fmt: skip
def history(rng: Random) -> Draft:
    (chan, cid), n = pick(rng, SLACK_CHANNELS), pick(rng, [5, 10, 20, 50])
    return Draft({"channel_id": cid, "limit": n}, {"chan": chan, "cid": cid, "n": str(n)})


@intent("slack", "slack_list_channels", (
    "list the Slack channels", "show me the public channels in the workspace", "get our Slack channel list",
    "enumerate our Slack channels",
), ("Which channels do we have in Slack?",))  # fmt: skip
def channels(rng: Random) -> Draft:
    return Draft({}, {})


@intent("slack", "slack_list_channels", (
    "list up to {n} Slack channels", "get at most {n} channels from Slack", "show the first {n} public channels",
    "fetch {n} Slack channels",
), ("Give me {n} of our Slack channels.",))  # fmt: skip
def channels_limit(rng: Random) -> Draft:
    n = pick(rng, [20, 50, 200])
    return Draft({"limit": n}, {"n": str(n)})


@intent("slack", "slack_get_users", (
    "list the people in the Slack workspace", "get the Slack user list", "show all workspace members",
    "fetch the users of our Slack",
), ("Who's in our Slack workspace?",))  # fmt: skip
def users(rng: Random) -> Draft:
    return Draft({}, {})


@intent("slack", "slack_get_user_profile", (
    "get the Slack profile of {who} ({uid})", "look up user {uid} in Slack", "show {who}'s profile, user id {uid}",
    "fetch profile details for Slack user {uid} ({who})",
), ("What does {who}'s Slack profile say? Their ID is {uid}.",))  # fmt: skip
def profile(rng: Random) -> Draft:
    who, uid = pick(rng, SLACK_USERS)
    return Draft({"user_id": uid}, {"who": who, "uid": uid})


# Errors no call can fix (see the package docstring).
OUTAGES: dict[str, list[tuple[str, str]]] = {
    "slack": [("Slack API error: invalid_auth",
               "Slack rejected the request with invalid_auth: the bot token configured for the slack server is "
               "invalid or revoked. Update SLACK_BOT_TOKEN and I'll try again.")],
}
