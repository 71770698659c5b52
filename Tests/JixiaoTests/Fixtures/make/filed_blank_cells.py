#!/usr/bin/env python3
"""Writes Tests/JixiaoTests/Fixtures/filed/form-blank-cells.xlsx (issue 13).

A filed 项目支出绩效自评表 built like a published one: eleven indicator rows, five of them with
年度指标值 or 实际完成值 left blank, every row claiming full points, total claimed 100. Two more
rows of a second sheet say "/" for both (不适用). Kept outside Fixtures/audit so that folder's
golden output stays as it was.

usage: python3 Tests/JixiaoTests/Fixtures/make/filed_blank_cells.py   (from the repository root)
"""
import os
import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'filed', 'form-blank-cells.xlsx')

ROWS = [
    # 一级指标, 二级指标, 三级指标, 年度指标值, 实际完成值, 分值, 得分
    ('产出指标(50分)', '数量指标', '道路保洁面积', '≥120万平方米', '125万平方米', 10, 10),
    (None, '数量指标', '垃圾清运量', None, None, 10, 10),               # both blank
    (None, '质量指标', '保洁质量达标率', '≥95%', None, 10, 10),          # actual blank
    (None, '时效指标', '垃圾日产日清率', '100%', '100%', 10, 10),
    (None, '成本指标', '保洁成本', '≤100万元', '98万元', 10, 10),
    ('效益指标(30分)', '社会效益指标', '市容环境改善', None, '明显改善', 7.5, 7.5),   # target blank
    (None, '社会效益指标', '群众投诉下降率', '≥10%', None, 7.5, 7.5),    # actual blank
    (None, '生态效益指标', '空气质量改善', '有效改善', '达成', 7.5, 7.5),
    (None, '可持续影响指标', '长效保洁机制', None, None, 7.5, 7.5),      # both blank
    ('满意度指标(10分)', '服务对象满意度指标', '居民满意度', '≥90%', '92%', 5, 5),
    (None, '服务对象满意度指标', '商户满意度', '≥90%', '93%', 5, 5),
]


def form(ws, name, code, rows, total, grade):
    ws.append(['项目支出绩效自评表（2026年度）'])
    ws.merge_cells('A1:I1')
    ws.append(['项目名称', name, None, None, None, None, None, '项目编码', code])
    ws.merge_cells('B2:G2')
    ws.append(['主管部门', '某区城市管理局', None, None, '实施单位', '某区环卫所'])
    ws.append(['项目资金（万元）', None, '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'])
    ws.append([None, '年度资金总额', 100, 100, 100, 10, '100%', 10])
    ws.append([None, '其中：当年财政拨款', 100, 100, 100, '—', '—', '—'])
    ws.merge_cells('A4:A6')
    ws.append(['年度总体目标', '预期目标', None, None, None, '实际完成情况'])
    ws.append([None, '城区道路保洁和垃圾清运全覆盖', None, None, None, '全年完成保洁和清运任务'])
    ws.merge_cells('A7:A8')
    ws.append(['绩效指标', '一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'])
    first = ws.max_row + 1
    for r in rows:
        ws.append([None] + list(r) + [None])
    ws.merge_cells(f'A{first - 1}:A{ws.max_row}')
    # 一级指标 merged down over its rows.
    start = None
    for i in range(first, ws.max_row + 2):
        value = ws.cell(i, 2).value if i <= ws.max_row else 'end'
        if value is not None:
            if start is not None and i - 1 > start:
                ws.merge_cells(f'B{start}:B{i - 1}')
            start = i
    ws.append(['总分', 100, total, None, None, '评价等级', grade])


wb = openpyxl.Workbook()
form(wb.active, '城区道路保洁', '13091626P00055510001A', ROWS, 100, '优')
wb.active.title = '自评表'
# Two rows that do not apply ("/" for both target and actual, no score); the rest filled.
na = [
    ('产出指标(50分)', '数量指标', '道路保洁面积', '≥120万平方米', '125万平方米', 25, 25),
    (None, '质量指标', '夜间作业噪声达标率', '/', '/', None, '/'),
    (None, '成本指标', '保洁成本', '≤100万元', '98万元', 25, 25),
    ('效益指标(30分)', '社会效益指标', '群众投诉下降率', '≥10%', '12%', 30, 30),
    ('满意度指标(10分)', '服务对象满意度指标', '居民满意度', '≥90%', '92%', 10, 10),
    (None, '服务对象满意度指标', '商户满意度', '无', '无', None, None),
]
form(wb.create_sheet('不适用'), '城区道路保洁（二期）', '13091626P00055510002B', na, 100, '优')
wb.save(OUT)
