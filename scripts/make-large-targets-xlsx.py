#!/usr/bin/env python3
"""Writes a large 绩效目标表 workbook for the streaming benchmark.

The seed's workbook (Tests/JixiaoTests/Fixtures/targets/seed.xlsx, one sheet per project) is read
with openpyxl; its project tables are stacked COPIES times, each copy with its own project codes,
names and budgets, as a budget system's export would, on sheets of at most 500,000 rows (Excel's
limit is 1,048,576). The sheet XML is written
directly (shared strings, merged cells after the rows, as Excel writes them) so that files of
hundreds of megabytes of XML are made in seconds.

usage: make-large-targets-xlsx.py OUT.xlsx COPIES
"""
import sys, zipfile, re
from xml.sax.saxutils import escape
import openpyxl

out, copies = sys.argv[1], int(sys.argv[2])
seed = openpyxl.load_workbook('Tests/JixiaoTests/Fixtures/targets/seed.xlsx')
strings, index = [], {}

def sid(s):
    if s not in index:
        index[s] = len(strings)
        strings.append(s)
    return index[s]

def col(n):
    s = ''
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s

def cell(ref, v):
    if v is None or v == '':
        return ''
    if isinstance(v, (int, float)):
        return f'<c r="{ref}"><v>{v}</v></c>'
    return f'<c r="{ref}" t="s"><v>{sid(str(v))}</v></c>'

def sheet_xml(rows, merges, width):
    yield ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           f'<dimension ref="A1:{col(width)}{max(1, len(rows))}"/><sheetData>')
    for r, values in enumerate(rows, 1):
        yield f'<row r="{r}">' + ''.join(cell(f'{col(c)}{r}', v) for c, v in enumerate(values, 1)) + '</row>'
    yield '</sheetData>'
    if merges:
        yield f'<mergeCells count="{len(merges)}">' + ''.join(f'<mergeCell ref="{m}"/>' for m in merges) + '</mergeCells>'
    yield '</worksheet>'

def shift(ref, offset):
    return re.sub(r'(\d+)', lambda m: str(int(m.group(1)) + offset), ref)

preamble = seed.worksheets[0]
pre_rows = [[c for c in r] for r in preamble.iter_rows(values_only=True)]
tables = []
for ws in seed.worksheets[1:]:
    rows = [[c for c in r] for r in ws.iter_rows(values_only=True)]
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    tables.append((rows, [str(m) for m in ws.merged_cells.ranges]))

SHEET_ROWS = 500_000

def stacked():
    """Sheets of stacked project tables: a list of (rows, merges)."""
    sheets, rows, merges = [], [], []
    n = 0
    for k in range(copies):
        for rows0, merges0 in tables:
            n += 1
            if len(rows) + len(rows0) > SHEET_ROWS:
                sheets.append((rows, merges))
                rows, merges = [], []
            offset = len(rows)
            for values in rows0:
                values = list(values)
                if values and values[0] == '项目编码':
                    values[1] = f'13091626P{n:012d}L'
                    values[3] = f'{values[3]}（{k + 1}）'
                if values and isinstance(values[0], str) and values[0].endswith('绩效目标表'):
                    values[0] = values[0].replace('绩效目标表', f'（{k + 1}）绩效目标表')
                if len(values) > 2 and values[1] == '预算数' and isinstance(values[2], (int, float)):
                    values[2] = round(values[2] * (1 + (n % 7) / 10), 2)
                    values[4] = values[2]
                rows.append(values)
            merges += [shift(m, offset) for m in merges0]
    sheets.append((rows, merges))
    return sheets

sheets = stacked()
names = ['部门整体绩效目标'] + [f'项目绩效目标{i + 1}' for i in range(len(sheets))]
ns = 'xmlns="http://schemas.openxmlformats.org/'
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    overrides = ''.join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(len(names)))
    z.writestr('[Content_Types].xml', f'<?xml version="1.0" encoding="UTF-8"?><Types {ns}package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{overrides}<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    z.writestr('_rels/.rels', f'<?xml version="1.0" encoding="UTF-8"?><Relationships {ns}package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    sheet_list = ''.join(f'<sheet name="{name}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, name in enumerate(names))
    z.writestr('xl/workbook.xml', f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns}spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheet_list}</sheets></workbook>')
    rels = ''.join(f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(names)))
    z.writestr('xl/_rels/workbook.xml.rels', f'<?xml version="1.0" encoding="UTF-8"?><Relationships {ns}package/2006/relationships">{rels}<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    for i, (rows, merges, width) in enumerate([(pre_rows, [], 1)] + [(r, m, 7) for r, m in sheets]):
        with z.open(f'xl/worksheets/sheet{i + 1}.xml', 'w', force_zip64=True) as f:
            for part in sheet_xml(rows, merges, width):
                f.write(part.encode())
    with z.open('xl/sharedStrings.xml', 'w', force_zip64=True) as f:
        f.write(f'<?xml version="1.0" encoding="UTF-8"?><sst {ns}spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">'.encode())
        for s in strings:
            f.write(f'<si><t xml:space="preserve">{escape(s)}</t></si>'.encode())
        f.write(b'</sst>')
total_rows = sum(len(r) for r, _ in sheets)
print(f'{out}: {copies * len(tables)} projects, {total_rows} rows on {len(sheets)} sheets, {len(strings)} shared strings', file=sys.stderr)
