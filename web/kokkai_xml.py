"""The Diet API's XML packing (recordPacking=xml, its default), built with ElementTree.

The shape is the Diet's: `<data>` with the paging counts, then `<records>`, one
`<record><recordData>` per record holding `<speechRecord>` or `<meetingRecord>`,
fields as child elements in the JSON's order, and a meeting's speeches as
repeated `<speechRecord>` children. A null field is an empty element, so every
record has the same elements as in JSON (clients that read `.text` get None,
typed decoders their zero value). ElementTree escapes the text; characters XML
1.0 forbids are dropped. Errors are `<data><message>` with `<details><detail>`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .markup import xml_text

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
ENVELOPE = ("numberOfRecords", "numberOfReturn", "startRecord", "nextRecordPosition", "timedOut", "message")


def _value(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return xml_text(str(value))


def _fields(parent: ET.Element, record: dict) -> None:
    for name, value in record.items():
        if isinstance(value, list):
            for item in value:
                _fields(ET.SubElement(parent, name), item)
        else:
            ET.SubElement(parent, name).text = _value(value)


def _serialise(root: ET.Element) -> bytes:
    return (DECLARATION + ET.tostring(root, encoding="unicode")).encode("utf-8")


def document(payload: dict, record_key: str) -> bytes:
    """An answer: the envelope's counts, then each of payload[record_key] as a record."""
    root = ET.Element("data")
    for name in ENVELOPE:
        if name in payload:
            ET.SubElement(root, name).text = _value(payload[name])
    records = ET.SubElement(root, "records")
    for record in payload[record_key]:
        data = ET.SubElement(ET.SubElement(records, "record"), "recordData")
        _fields(ET.SubElement(data, record_key), record)
    return _serialise(root)


def error(message: str, details: list[str]) -> bytes:
    root = ET.Element("data")
    ET.SubElement(root, "message").text = _value(message)
    if details:
        box = ET.SubElement(root, "details")
        for detail in details:
            ET.SubElement(box, "detail").text = _value(detail)
    return _serialise(root)
