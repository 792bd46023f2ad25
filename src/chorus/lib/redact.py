"""Take email addresses out of text shown to people who may not see them.

A mail server's reply ("550 5.1.1 <sam@example.org>: Recipient address rejected")
names the address it refused. Staff who may not see subscribers' addresses still
need to know why a message failed, so the reply is kept with every address replaced.
"""

from __future__ import annotations

import re

ADDRESS = "<address>"

# Anything with an @ between non-separator characters, with its angle brackets if any.
# Deliberately loose: a false positive costs a word of a server's reply, a miss an address.
_SEPARATORS = r"\s<>()\[\]{},;:\"'`"
_ADDRESS_RE = re.compile(rf"<?[^{_SEPARATORS}]*@[^{_SEPARATORS}]+>?")
# "'sam smith'@example.org" and other quoted local parts.
_QUOTED_RE = re.compile(r"<?\"[^\"]*\"@[^" + _SEPARATORS + r"]+>?")


def _replace(match: re.Match[str]) -> str:
    found = match.group(0)
    # A full stop or comma ending a sentence is not part of the address.
    stripped = found.rstrip(".")
    return ADDRESS + found[len(stripped) :] if found.endswith(".") else ADDRESS


def redact_addresses(text: str, *known: str) -> str:
    """`text` with every email address, and each `known` address's mailbox name, replaced.

    `known` are addresses the text is about (the recipient): some servers quote only
    the mailbox name ("user sam.jones unknown"), so that is taken out too, as a whole
    word, when it is long enough not to be an ordinary word of the reply.
    """
    if not text:
        return text
    result = _QUOTED_RE.sub(_replace, text)
    result = _ADDRESS_RE.sub(_replace, result)
    for address in known:
        local = address.rpartition("@")[0].strip('"')
        if len(local) >= 3:
            result = re.sub(
                rf"(?<![\w.+-]){re.escape(local)}(?![\w+-]|\.\w)",
                ADDRESS,
                result,
                flags=re.IGNORECASE,
            )
    return result


NAME = "<name>"


def redact_names(text: str, *names: str, placeholder: str = NAME) -> str:
    """`text` with every email address and each of `names` (as whole words) replaced.

    For text published about people who may not be named in it (the show notes of an
    episode with an anonymous guest). Each name is taken out whole, and each of its
    words of three letters or more on its own too ("Amal Haddad", then "Amal").
    """
    if not text:
        return text
    result = redact_addresses(text)
    words: list[str] = []
    for name in names:
        name = " ".join(name.split())
        if not name:
            continue
        words.append(name)
        words.extend(part for part in name.split() if len(part) >= 3)
    for word in sorted(set(words), key=len, reverse=True):
        result = re.sub(
            rf"(?<!\w){re.escape(word)}(?!\w)", placeholder, result, flags=re.IGNORECASE
        )
    return result
