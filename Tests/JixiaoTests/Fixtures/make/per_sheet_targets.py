#!/usr/bin/env python3
"""Writes the one-project-per-sheet target workbooks of issue 13 (Tests/JixiaoTests/Fixtures/targets/).

The seed's 12 project tables are read from seed.xlsx (one sheet per table, made from
Samples/000_969f7bf0a7ef26b4.txt) and written the way units keep them in Excel: one sheet per project,
named "1.城管综合治理", "2.危化品停车场费用", …, the unit's name in a merged title row above the 项目编码
row, 一级指标 merged down. Every workbook imports to the same content as the seed text.

  per-sheet-title-every.xlsx   the unit title (code + name, 单位：万元) on every sheet, 一级指标 merged
  per-sheet-no-preamble.xlsx   the same without the 部门整体绩效目标 sheet (the case of the issue)
  per-sheet-title-first.xlsx   the unit title only on the first project sheet, as one merged cell
  per-sheet-notes-hidden.xlsx  a 说明 sheet, a hidden sheet (an old copy of a table) and a sheet of
                               notes named 填报要求 in between
  per-sheet-level1-every-row.xlsx  no merged cells at all: 一级指标 written on every row

usage: python3 Tests/JixiaoTests/Fixtures/make/per_sheet_targets.py   (from the repository root)
"""
import os
import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
TARGETS = os.path.join(HERE, '..', 'targets')
UNIT = '342001沧州临港经济技术开发区综合行政执法局本级'

seed = openpyxl.load_workbook(os.path.join(TARGETS, 'seed.xlsx'))
preamble = [r[0] for r in seed.worksheets[0].iter_rows(values_only=True)]


def table(ws):
    """A seed sheet's rows from the 项目编码 row on, trailing empty rows and columns dropped."""
    rows = [list(r[:6]) for r in ws.iter_rows(values_only=True)]
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    start = next(i for i, r in enumerate(rows) if r[0] == '项目编码')
    return rows[start:]


tables = [(ws.title, table(ws)) for ws in seed.worksheets[1:]]


def add_preamble(wb):
    ws = wb.create_sheet('部门整体绩效目标')
    for text in preamble:
        ws.append([text])


def add_project(wb, number, name, rows, title, merged=True, level1_every_row=False, sheet_name=None):
    """One project's sheet. `title`: 'pair' (unit | 单位：万元), 'lone' (one merged cell) or None."""
    ws = wb.create_sheet(sheet_name or f'{number}.{name}')
    if title == 'pair':
        ws.append([UNIT, None, None, None, None, '单位：万元'])
        if merged:
            ws.merge_cells('A1:E1')
            ws.merge_cells('F1:G1')
    elif title == 'lone':
        ws.append([UNIT])
        ws.merge_cells('A1:G1')
    offset = ws.max_row if title else 0
    header = next(i for i, r in enumerate(rows) if r[0] == '一级指标')
    level1 = None
    for i, r in enumerate(rows):
        r = list(r)
        if i > header:
            if r[0] is not None:
                level1 = r[0]
            elif level1_every_row:
                r[0] = level1
        ws.append(r)
    if not merged:
        return ws
    row = lambda i: offset + 1 + i
    for i, r in enumerate(rows):
        if r[0] == '项目编码':
            ws.merge_cells(f'D{row(i)}:F{row(i)}')
        elif r[0] == '预算规模及资金用途':
            ws.merge_cells(f'A{row(i)}:A{row(i + 1)}')
            ws.merge_cells(f'B{row(i + 1)}:F{row(i + 1)}')
        elif r[0] == '资金支出计划（%）':
            ws.merge_cells(f'A{row(i)}:A{row(i + 1)}')
        elif r[0] == '绩效目标':
            ws.merge_cells(f'B{row(i)}:F{row(i)}')
    # 一级指标 merged down over its rows.
    i = header + 1
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and rows[j + 1][0] is None:
            j += 1
        if j > i and not level1_every_row:
            ws.merge_cells(f'A{row(i)}:A{row(j)}')
        i = j + 1
    return ws


def workbook(name, with_preamble=True, title_every=True, extras=None, **options):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    if with_preamble:
        add_preamble(wb)
    for n, (project, rows) in enumerate(tables, 1):
        title = ('pair' if title_every else ('lone' if n == 1 else None))
        add_project(wb, n, project, rows, title, **options)
        if extras:
            extras(wb, n)
    wb.save(os.path.join(TARGETS, name))


def notes_and_hidden(wb, n):
    if n == 3:
        ws = wb.create_sheet('说明')
        ws.append(['填报说明'])
        ws.append(['1. 本表由项目单位填写，每个项目一张工作表。'])
        ws.append(['2. 指标值应量化，完成率达到90%以上的请写明依据。'])
        ws.append(['序号', '注意事项'])
        ws.append([1, '资金支出计划按累计比例填写'])
    if n == 9:
        # Notes on a sheet whose name says nothing: read, and left out because they name no table.
        ws = wb.create_sheet('填报要求')
        ws.append(['各项目应按本单位实际情况填写绩效目标，完成率达到95%以上的指标须附测算依据。'])
        ws.append(['序号', '要求'])
        ws.append([1, '数量指标写明单位'])
        ws.append([2, '成本指标写作上限'])
    if n == 7:
        project, rows = tables[0]
        old = [list(r) for r in rows]
        old[1][2] = 18  # an earlier draft's budget
        ws = add_project(wb, 1, project, old, 'pair', sheet_name='旧版1.城管综合治理')
        ws.sheet_state = 'hidden'


workbook('per-sheet-title-every.xlsx')
workbook('per-sheet-no-preamble.xlsx', with_preamble=False)
workbook('per-sheet-title-first.xlsx', title_every=False)
workbook('per-sheet-notes-hidden.xlsx', extras=notes_and_hidden)
workbook('per-sheet-level1-every-row.xlsx', merged=False, level1_every_row=True)
