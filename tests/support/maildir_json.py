#!/usr/bin/python3
"""Prints the messages of a maildir (aiosmtpd's Mailbox handler) as JSON, decoded by Python's
email package: what a mail client would show. Used by tests/office/paperwork_test.cpp."""
import email
import email.policy
import json
import mailbox
import sys

out = []
for key, msg in sorted(mailbox.Maildir(sys.argv[1], create=False).items()):
    m = email.message_from_bytes(msg.as_bytes(), policy=email.policy.default)
    parts, text, html, attachments = [], "", "", []
    for part in m.walk():
        parts.append(part.get_content_type())
        if part.is_multipart():
            continue
        if part.get_filename():
            attachments.append({"filename": part.get_filename(),
                                "content_type": part.get_content_type(),
                                "data": part.get_content() if part.get_content_maintype() == "text"
                                else ""})
        elif part.get_content_type() == "text/plain":
            text = part.get_content()
        elif part.get_content_type() == "text/html":
            html = part.get_content()
    out.append({"to": str(m["To"]), "from": str(m["From"]), "subject": str(m["Subject"]),
                "raw_subject": m.get("Subject", "").__class__.__name__ and
                msg.get("Subject", ""), "date": str(m["Date"]),
                "message_id": str(m["Message-ID"]), "parts": parts, "text": text, "html": html,
                "attachments": attachments})
print(json.dumps(out))
