#!/usr/bin/env python3
"""Writes the hostile office files of issue 14 at full size, to measure by hand what the readers
do with them (the test suite makes the same attacks in Swift, just past each limit; see
Tests/JixiaoTests/HostileOfficeFiles.swift):

  bomb.docx          word/document.xml of 1 GB of spaces in one paragraph (about 1 MB zipped)
  bomb-lying.docx    the same document declaring 100 MB, so only the cell limit can stop it
  strings.xlsx       59 million empty shared strings (767 MB of XML, about 2.4 MB zipped)
  strings-lying.xlsx the same table declaring 20 MB, so only the shared-string limit can stop it
  reason.xlsx        a fill-in sheet whose reason cell holds 1 GB of text
  reason-lying.xlsx  the same sheet declaring 7 MB, so only the cell limit can stop it
  whitespace.xlsx    a fill-in sheet with 5 MB of whitespace between its two data rows

usage: make-hostile-files.py OUT_DIR
then e.g.: /usr/bin/time -v .build/release/jixiao audit OUT_DIR/bomb.docx
"""
import os, struct, sys, zipfile, zlib

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

HEADER = ['项目编码', '项目名称', '一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施']
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="填报数据" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def row(r, texts):
    cells = ''.join(f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{t}</t></is></c>' for c, t in enumerate(texts) if t)
    return f'<row r="{r}">{cells}</row>'


def filled(r, actual='95%', reason='', indicator=('时效指标', '完成及时率')):
    return row(r, ['13091626P00016110003L', '城管综合治理', '产出指标', indicator[0], indicator[1], '≥90百分数', actual, '', '', reason])


SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
SHEET_TAIL = '</sheetData></worksheet>'


def write_streamed(z, name, pieces):
    """Writes a zip entry from an iterator of byte strings, never holding it whole."""
    with z.open(name, 'w', force_zip64=True) as f:
        for p in pieces:
            f.write(p)


def repeat(unit, count, block=1 << 16):
    chunk = unit * block
    for _ in range(count // block):
        yield chunk
    yield unit * (count % block)


def workbook(path, sheet_pieces, shared_pieces=None):
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', TYPES)
        z.writestr('xl/workbook.xml', WORKBOOK)
        z.writestr('xl/_rels/workbook.xml.rels', RELS)
        write_streamed(z, 'xl/worksheets/sheet1.xml', sheet_pieces)
        if shared_pieces is not None:
            write_streamed(z, 'xl/sharedStrings.xml', shared_pieces)


def declaring(path, entry, size):
    """Rewrites the uncompressed size `entry` declares in both of its zip headers (and its zip64
    extra field, when it has one)."""
    data = bytearray(open(path, 'rb').read())
    name = entry.encode()
    i = 0
    while True:
        i = data.find(b'PK', i)
        if i < 0:
            break
        sig = data[i:i + 4]
        if sig == b'PK\x03\x04' and data[i + 30:i + 30 + len(name)] == name:
            n, m = struct.unpack_from('<HH', data, i + 26)
            struct.pack_into('<I', data, i + 22, min(size, 0xFFFFFFFE))
            extra = i + 30 + n
            if m >= 20 and struct.unpack_from('<H', data, extra)[0] == 1:
                struct.pack_into('<Q', data, extra + 4, size)
        elif sig == b'PK\x01\x02' and data[i + 46:i + 46 + len(name)] == name:
            n, m = struct.unpack_from('<HH', data, i + 28)
            struct.pack_into('<I', data, i + 24, min(size, 0xFFFFFFFE))
            extra = i + 46 + n
            if m >= 12 and struct.unpack_from('<H', data, extra)[0] == 1:
                struct.pack_into('<Q', data, extra + 4, size)
        i += 2
    open(path, 'wb').write(data)


# 1 GB docx bomb.
with zipfile.ZipFile(os.path.join(out, 'bomb.docx'), 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', TYPES)
    head = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:body><w:p><w:r><w:t>').encode()
    write_streamed(z, 'word/document.xml', [head, *repeat(b' ', 1 << 30), b'</w:t></w:r></w:p></w:body></w:document>'])
open(os.path.join(out, 'bomb-lying.docx'), 'wb').write(open(os.path.join(out, 'bomb.docx'), 'rb').read())
declaring(os.path.join(out, 'bomb-lying.docx'), 'word/document.xml', 100 << 20)

# 59 million shared strings, honest and lying about their size.
header = (SHEET_HEAD + row(1, HEADER) + SHEET_TAIL).encode()
for name in ['strings.xlsx', 'strings-lying.xlsx']:
    workbook(os.path.join(out, name), [header], [b'<sst>', *repeat(b'<si><t/></si>', 59_000_000), b'</sst>'])
declaring(os.path.join(out, 'strings-lying.xlsx'), 'xl/sharedStrings.xml', 20 << 20)

# A 1 GB reason cell, honest and lying about its size.
for name in ['reason.xlsx', 'reason-lying.xlsx']:
    workbook(os.path.join(out, name), [(SHEET_HEAD + row(1, HEADER) + filled(2) + filled(3, reason='X')[:-len('X</t></is></c></row>')]).encode(),
                                       *repeat(b'X', 1 << 30), b'</t></is></c></row>' + SHEET_TAIL.encode()])
declaring(os.path.join(out, 'reason-lying.xlsx'), 'xl/worksheets/sheet1.xml', 7 << 20)

# 5 MB of whitespace between two rows.
workbook(os.path.join(out, 'whitespace.xlsx'), [(SHEET_HEAD + row(1, HEADER) + filled(2, '91%')).encode(), *repeat(b' \n\t', 5 << 20 // 3 + 1),
                                                 (filled(3, '92%', indicator=('成本指标', '运行保障成本')) + SHEET_TAIL).encode()])

for name in sorted(os.listdir(out)):
    print(f'{name:22} {os.path.getsize(os.path.join(out, name)):>12,} bytes')
