"""Fills a template made by `jixiao template --out 填报表.xlsx` as the README's walkthrough does,
the way a 财务科 would in Excel, from the values of Samples/actuals-2026.csv.

  first:  the 填报数据 sheet — every project's 全年执行数 and the indicators of the first six
          projects, with one of them (东区雨水管网's 群众满意率) still blank;
  second: the 自评表 sheets of the other six projects (and that one indicator), and the
          department's own indicators on 填报数据 (the department has no 自评表 sheet).

Usage: python3 fill_template_walkthrough.py 填报表.xlsx first|second Samples/actuals-2026.csv
"""
import csv
import sys

import openpyxl

path, phase, sample_path = sys.argv[1], sys.argv[2], sys.argv[3]
with open(sample_path, encoding="utf-8-sig") as f:
    rows = list(csv.reader(f))[1:]
values = {(r[0], r[2], r[4] if r[2] != "年度总体目标" else ""): (r[6], r[9]) for r in rows}
projects = list(dict.fromkeys(r[0] for r in rows if not r[0].isdigit() or len(r[0]) > 6))
first_six, last_six = projects[:6], projects[6:]
left_blank = ("13091625P00001910004B", "满意度指标", "群众满意率（%0")

wb = openpyxl.load_workbook(path)
flat = wb["填报数据"]
for row in flat.iter_rows(min_row=2):
    code, level1, level3 = row[0].value, row[2].value, row[4].value or ""
    key = (code, level1, level3 if level1 != "年度总体目标" else "")
    if key not in values:
        continue
    actual, reason = values[key]
    if phase == "first":
        wanted = level3 == "全年执行数" or (code in first_six and key != left_blank)
    else:
        wanted = code not in projects  # the department's own rows
    if wanted:
        row[6].value = actual
        row[9].value = reason or None

if phase == "second":
    for ws in wb.worksheets:
        code = ws["I2"].value if ws["H2"].value == "项目编码" else None
        if code not in last_six and code != left_blank[0]:
            continue
        header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 6).value == "实际完成值")
        level1 = ""
        for r in range(header + 1, ws.max_row + 1):
            if ws.cell(r, 1).value == "总分":
                break
            level1 = ws.cell(r, 2).value or level1
            key = (code, level1, ws.cell(r, 4).value or "")
            if key in values and (code in last_six or key == left_blank):
                ws.cell(r, 6).value, reason = values[key]
                ws.cell(r, 9).value = reason or None
        if code in last_six:
            goal = values.get((code, "年度总体目标", ""))
            goal_row = next(r for r in range(1, header) if ws.cell(r, 6).value == "实际完成情况") + 1
            if goal:
                ws.cell(goal_row, 6).value = goal[0]
wb.save(path)
