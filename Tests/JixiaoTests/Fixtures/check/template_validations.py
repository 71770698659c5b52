"""Reads a workbook written by `jixiao template --out t.xlsx` (or LibreOffice's copy of it) with
openpyxl and checks what issue 16 asks of it: every sheet protected without a password, the cells
to fill unlocked and the others locked, a drop-down of tier words on qualitative rows, input
messages with the target and unit, numeric checks on amounts and 分值, an instructions sheet that
documents 清除, and the hidden sheet with the year. Prints OK, or each problem and exits 1.

Usage: python3 template_validations.py t.xlsx [--converted]
(--converted: LibreOffice's re-save, whose hidden-sheet state and protection flags are its own.)
"""
import sys

import openpyxl
from openpyxl.utils.cell import range_boundaries, get_column_letter

path = sys.argv[1]
converted = "--converted" in sys.argv
wb = openpyxl.load_workbook(path)
problems = []


def check(ok, message):
    if not ok:
        problems.append(message)


names = wb.sheetnames
check(names[0] == "填报说明", f"first sheet is {names[0]}, not 填报说明")
check("填报数据" in names, "no 填报数据 sheet")
check("城管综合治理" in names, "no 自评表 sheet 城管综合治理")
check("jixiao" in names, "no hidden jixiao sheet")
if "jixiao" in names:
    meta = wb["jixiao"]
    check(meta.sheet_state == "hidden", f"jixiao sheet is {meta.sheet_state}")
    check(meta["A2"].value == "年度" and str(meta["B2"].value) == "2026", "jixiao sheet lacks 年度 2026")

instructions = "\n".join(str(c.value) for row in wb["填报说明"].iter_rows() for c in row if c.value)
check("清除" in instructions, "填报说明 does not document 清除")

for ws in wb.worksheets:
    check(ws.protection.sheet, f"sheet {ws.title} is not protected")
    check(not ws.protection.password, f"sheet {ws.title} has a password")


def validations(ws):
    """Each cell's validation (LibreOffice writes ranges such as G6:G9 where jixiao lists cells)."""
    found = {}
    for dv in ws.data_validations.dataValidation:
        for rng in str(dv.sqref).split():
            left, top, right, bottom = range_boundaries(rng)
            for r in range(top, bottom + 1):
                for c in range(left, right + 1):
                    found[f"{get_column_letter(c)}{r}"] = dv
    return found


flat = wb["填报数据"]
header = [c.value for c in flat[1]]
check(header[:11] == ["项目编码", "项目名称", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                      "偏差原因分析及改进措施", "审核意见"], f"flat header {header}")
dv = validations(flat)
tiers_seen = amounts_seen = points_seen = prompts_seen = 0
for row in flat.iter_rows(min_row=2):
    code, level1, level3, target, actual = row[0], row[2], row[4], row[5], row[6]
    ref = actual.coordinate
    check(code.protection.locked, f"{code.coordinate} (项目编码) is not locked")
    check(target.protection.locked, f"{target.coordinate} (年度指标值) is not locked")
    check(not actual.protection.locked, f"{ref} (实际完成值) is locked")
    v = dv.get(ref)
    check(v is not None, f"{ref} has no validation or input message")
    if v is None:
        continue
    if level1.value == "项目资金":
        amounts_seen += 1
        check(v.type == "custom" and "ISNUMBER" in (v.formula1 or ""), f"{ref} amount check is {v.type} {v.formula1}")
        check("万元" in (v.promptTitle or "") + (v.prompt or ""), f"{ref} prompt lacks the unit 万元")
    elif level1.value not in ("年度总体目标",):
        check(str(target.value) in (v.promptTitle or "") + (v.prompt or ""), f"{ref} prompt lacks the target {target.value}")
        prompts_seen += 1
        if v.type == "list":
            tiers_seen += 1
            words = (v.formula1 or "").strip('"').split(",")
            # The profile's tiers, or the target's own pair of words; 清除 in both.
            check(("基本达成" in words or "不合格" in words) and "清除" in words, f"{ref} list {words}")
        if str(target.value).endswith("米") or str(target.value).endswith("座"):
            check("单位" in (v.prompt or ""), f"{ref} prompt lacks the unit")
    points = dv.get(row[7].coordinate)
    if points is not None:
        points_seen += 1
        check(points.type == "decimal", f"{row[7].coordinate} 分值 check is {points.type}")
check(amounts_seen >= 24, f"only {amounts_seen} amount checks")
if "规则测试项目" in names:
    # The rules department of the tests: 有效改善 gets the profile's tiers, 合格 its own words.
    check(tiers_seen >= 2, f"only {tiers_seen} drop-down lists")
    lists = [(v.formula1 or "") for v in dv.values() if v.type == "list"]
    check(any("合格" in l and "不合格" in l for l in lists), f"no 合格/不合格 list in {lists}")
check(prompts_seen >= 60, f"only {prompts_seen} indicator prompts")
check(points_seen >= 60, f"only {points_seen} 分值 checks")

form = wb["城管综合治理"]
fdv = validations(form)
check(not form["E5"].protection.locked and "E5" in fdv, "自评表 E5 (全年执行数) is not an unlocked, checked cell")
check(not form["F12"].protection.locked and "F12" in fdv, "自评表 F12 (实际完成值) is not an unlocked, checked cell")
check(form["D12"].protection.locked, "自评表 D12 (三级指标) is not locked")
check("≥90百分数" in (fdv["F12"].promptTitle or "") if "F12" in fdv else False, "自评表 F12 prompt lacks the target")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print("OK")
