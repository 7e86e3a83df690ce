#!/usr/bin/env python3
"""Turns part of the example into the formats organisations keep evidence in.

Run after acme-records.py (pip install python-docx openpyxl):
- security/acceptable-use-policy.md becomes a Word document with a document-control table and
  no front matter; the profile's `documents:` says its kind by location;
- the ACD's October intervals move out of records/acd-interval/2026.csv into an Excel export,
  records/acd-interval/2026-10.xlsx, with real date-time cells.

Deterministic: fixed document properties and zip entry dates.
"""
import csv, datetime as dt, io, os, re, zipfile

import docx
import openpyxl

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "acme-contact-centre")
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def normalise_zip(path, created, modified):
    """Fixed entry dates and core-property times, so the bytes never change."""
    with open(path, "rb") as fh:
        src = zipfile.ZipFile(io.BytesIO(fh.read()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                s = data.decode("utf-8")
                s = re.sub(r"(<dcterms:created[^>]*>)[^<]*(<)", lambda m: m.group(1) + created + m.group(2), s)
                s = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(<)", lambda m: m.group(1) + modified + m.group(2), s)
                data = s.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, ZIP_EPOCH)
            zi.compress_type = info.compress_type
            zi.external_attr = 0o644 << 16
            zi.create_system = 3
            dst.writestr(zi, data)
    with open(path, "wb") as fh:
        fh.write(buf.getvalue())


def word_policy():
    md_path = os.path.join(HERE, "security", "acceptable-use-policy.md")
    if not os.path.exists(md_path):
        return  # already converted
    text = open(md_path, encoding="utf-8").read()
    _, front, body = text.split("---\n", 2)
    meta = dict(line.split(": ", 1) for line in front.strip().splitlines())
    d = docx.Document()
    d.add_paragraph(meta["title"], style="Title")
    table = d.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for key, field in [("Document ID", "doc_id"), ("Document owner", "owner"), ("Approved by", "approved_by"),
                       ("Approval date", "approved_on"), ("Next review", "review_by")]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = key, meta[field]
    for block in body.strip().split("\n\n"):
        block = block.strip()
        if block.startswith("# "):
            continue  # the title, already written
        if block.startswith("## "):
            d.add_paragraph(block[3:], style="Heading 1")
        elif block.startswith("- "):
            for item in block.split("\n- "):
                d.add_paragraph(item.lstrip("- ").replace("\n", " "), style="List Bullet")
        else:
            d.add_paragraph(block.replace("\n", " "))
    cp = d.core_properties
    cp.title, cp.author, cp.last_modified_by, cp.revision = meta["title"], "IT manager", "Operations director", 3
    cp.created = dt.datetime(2026, 5, 4, 9, 0)
    cp.modified = dt.datetime(2026, 5, 18, 15, 0)
    out = os.path.join(HERE, "security", "acceptable-use-policy.docx")
    d.save(out)
    normalise_zip(out, "2026-05-04T09:00:00Z", "2026-05-18T15:00:00Z")
    os.remove(md_path)


def excel_export():
    csv_path = os.path.join(HERE, "records", "acd-interval", "2026.csv")
    with open(csv_path, newline="") as fh:
        rows = list(csv.reader(fh))
    header, data = rows[0], rows[1:]
    october = [r for r in data if r[1].startswith("2026-10")]
    if not october:
        return  # already moved
    rest = [r for r in data if not r[1].startswith("2026-10")]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ACD export"
    ws.append(header)
    for r in october:
        row = [r[0], dt.datetime.fromisoformat(r[1]), r[2]] + [int(x) for x in r[3:]]
        ws.append(row)
    for cell in ws["B"][1:]:
        cell.number_format = "yyyy-mm-dd hh:mm"
    wb.properties.creator = wb.properties.lastModifiedBy = "ACD reporting portal"
    wb.properties.created = wb.properties.modified = dt.datetime(2026, 11, 1, 6, 0)
    out = os.path.join(HERE, "records", "acd-interval", "2026-10.xlsx")
    wb.save(out)
    normalise_zip(out, "2026-11-01T06:00:00Z", "2026-11-01T06:00:00Z")
    with open(csv_path, "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rest)


if __name__ == "__main__":
    word_policy()
    excel_export()
    print("ok")
